"""RFC 7643 §5-7 discovery: what this service provider supports, its resource types and
their schemas (the attributes it keeps)."""

from __future__ import annotations

from typing import Any

from api.scim.resources import GROUP_SCHEMA, USER_SCHEMA

SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"


def service_provider_config(base_url: str, max_results: int) -> dict[str, Any]:
    return {
        "schemas": [SPC_SCHEMA],
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": max_results},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": True},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "The organization's SCIM token (ax_scim_…), created by an owner",
                "primary": True,
            }
        ],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": f"{base_url}/ServiceProviderConfig",
        },
    }


def _attribute(
    name: str,
    kind: str = "string",
    *,
    multi: bool = False,
    required: bool = False,
    mutability: str = "readWrite",
    uniqueness: str = "none",
    case_exact: bool = False,
    sub: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "name": name,
        "type": kind,
        "multiValued": multi,
        "description": name,
        "required": required,
        "caseExact": case_exact,
        "mutability": mutability,
        "returned": "default",
        "uniqueness": uniqueness,
    }
    if sub:
        found["subAttributes"] = sub
    return found


USER_ATTRIBUTES = [
    _attribute("userName", required=True, uniqueness="server"),
    _attribute(
        "name",
        "complex",
        sub=[_attribute("formatted"), _attribute("givenName"), _attribute("familyName")],
    ),
    _attribute("displayName"),
    _attribute(
        "emails",
        "complex",
        multi=True,
        sub=[_attribute("value"), _attribute("type"), _attribute("primary", "boolean")],
    ),
    _attribute("active", "boolean"),
    _attribute(
        "groups",
        "complex",
        multi=True,
        mutability="readOnly",
        sub=[
            _attribute("value", mutability="readOnly"),
            _attribute("display", mutability="readOnly"),
            _attribute("$ref", "reference", mutability="readOnly"),
        ],
    ),
    _attribute(
        "roles",
        "complex",
        multi=True,
        mutability="readOnly",
        sub=[
            _attribute("value", mutability="readOnly"),
            _attribute("primary", "boolean", mutability="readOnly"),
        ],
    ),
]
GROUP_ATTRIBUTES = [
    _attribute("displayName", required=True, uniqueness="server"),
    _attribute(
        "members",
        "complex",
        multi=True,
        sub=[
            _attribute("value", mutability="immutable"),
            _attribute("display", mutability="readOnly"),
            _attribute("$ref", "reference", mutability="immutable"),
        ],
    ),
]


def schemas(base_url: str) -> list[dict[str, Any]]:
    return [
        {
            "schemas": [SCHEMA_SCHEMA],
            "id": schema,
            "name": name,
            "description": f"{name} of AuditoryX",
            "attributes": attributes,
            "meta": {"resourceType": "Schema", "location": f"{base_url}/Schemas/{schema}"},
        }
        for schema, name, attributes in (
            (USER_SCHEMA, "User", USER_ATTRIBUTES),
            (GROUP_SCHEMA, "Group", GROUP_ATTRIBUTES),
        )
    ]


def resource_types(base_url: str) -> list[dict[str, Any]]:
    return [
        {
            "schemas": [RESOURCE_TYPE_SCHEMA],
            "id": name,
            "name": name,
            "endpoint": f"/{name}s",
            "description": description,
            "schema": schema,
            "meta": {
                "resourceType": "ResourceType",
                "location": f"{base_url}/ResourceTypes/{name}",
            },
        }
        for name, schema, description in (
            ("User", USER_SCHEMA, "A member of the organization"),
            ("Group", GROUP_SCHEMA, "A group whose members take the role it is mapped to"),
        )
    ]
