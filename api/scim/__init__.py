"""SCIM 2.0 (RFC 7643/7644) as an identity provider speaks it: resources, PATCH, errors."""
