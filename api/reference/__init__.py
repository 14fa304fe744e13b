"""The API reference: the OpenAPI document completed for client generators (operation ids,
problem responses, rate-limit headers, security, webhooks). See docs/api.md."""
