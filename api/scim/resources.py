"""SCIM representations of users and groups, and the reading of what an identity provider
sends (RFC 7643 §4), plus ``ListResponse`` and the ``attributes`` parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.scim.errors import ScimError, invalid_value
from domain.scim.groups import GroupView
from domain.scim.users import UserFields, UserView

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
ALWAYS_RETURNED = ("schemas", "id")


def _stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def render_user(view: UserView, base_url: str) -> dict[str, Any]:
    member, link = view.member, view.link
    name: dict[str, Any] = {"formatted": member.name}
    if link and link.given_name:
        name["givenName"] = link.given_name
    if link and link.family_name:
        name["familyName"] = link.family_name
    body: dict[str, Any] = {
        "schemas": [USER_SCHEMA],
        "id": member.id,
        "userName": member.email,
        "name": name,
        "displayName": member.name,
        "emails": [{"value": member.email, "type": "work", "primary": True}],
        "active": view.active,
        "groups": [
            {"value": gid, "display": display, "$ref": f"{base_url}/Groups/{gid}"}
            for gid, display in view.groups
        ],
        "roles": [{"value": member.role, "primary": True}],
        "meta": {
            "resourceType": "User",
            "created": _stamp(member.created_at),
            "lastModified": _stamp(member.updated_at),
            "location": f"{base_url}/Users/{member.id}",
            "version": view.version,
        },
    }
    if link and link.external_id:
        body["externalId"] = link.external_id
    return body


def render_group(view: GroupView, base_url: str) -> dict[str, Any]:
    group = view.group
    body: dict[str, Any] = {
        "schemas": [GROUP_SCHEMA],
        "id": group.id,
        "displayName": group.display_name,
        "members": [
            {"value": mid, "display": name, "$ref": f"{base_url}/Users/{mid}"}
            for mid, name in view.members
        ],
        "meta": {
            "resourceType": "Group",
            "created": _stamp(group.created_at),
            "lastModified": _stamp(group.updated_at),
            "location": f"{base_url}/Groups/{group.id}",
            "version": view.version,
        },
    }
    if group.external_id:
        body["externalId"] = group.external_id
    return body


def _text(body: dict[str, Any], key: str, *, limit: int = 255) -> str | None:
    value = body.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise invalid_value(f"{key} must be a string of at most {limit} characters", param=key)
    return value


def boolean(value: Any, name: str) -> bool:
    """A SCIM boolean; Entra ID sends ``"True"``/``"False"`` as strings."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise invalid_value(f"{name} must be true or false", param=name)


def _names(body: dict[str, Any]) -> tuple[str | None, str | None, str | None, str | None]:
    """(displayName, name.formatted, givenName, familyName) of a user body."""
    lowered = {k.lower(): v for k, v in body.items()}
    name = lowered.get("name") or {}
    if not isinstance(name, dict):
        raise invalid_value("name must be an object", param="name")
    name = {k.lower(): v for k, v in name.items()}
    return (
        _text({"displayName": lowered.get("displayname")}, "displayName", limit=200),
        _text({"name.formatted": name.get("formatted")}, "name.formatted", limit=200),
        _text({"name.givenName": name.get("givenname")}, "name.givenName", limit=200),
        _text({"name.familyName": name.get("familyname")}, "name.familyName", limit=200),
    )


def _composed(given: str | None, family: str | None) -> str | None:
    return " ".join(p for p in (given, family) if p) or None


def user_fields(body: Any, previous: dict[str, Any] | None = None) -> UserFields:
    """What a POST, PUT or patched user says, as the domain takes it.

    The member has one name, which SCIM shows as ``displayName`` and ``name.formatted`` and
    may send as either, or as ``givenName``/``familyName``: the one that changed since
    ``previous`` (the user as it was, for a PUT or PATCH) wins, so a client that sends the
    whole user back with only the given name changed renames it."""
    if not isinstance(body, dict):
        raise ScimError(400, "invalidSyntax", "a user is a JSON object")
    lowered = {k.lower(): v for k, v in body.items()}
    user_name = lowered.get("username")
    if not isinstance(user_name, str) or not user_name.strip():
        raise invalid_value("userName is required (the user's e-mail address)", param="userName")
    display, formatted, given, family = _names(body)
    candidates: list[str | None] = [display, formatted, _composed(given, family)]
    if previous is not None:
        was_display, was_formatted, was_given, was_family = _names(previous)
        before = [was_display, was_formatted, _composed(was_given, was_family)]
        changed: list[str | None] = [
            c for c, b in zip(candidates, before, strict=True) if c and c != b
        ]
        candidates = changed + candidates
    active = lowered.get("active", True)
    return UserFields(
        user_name=user_name,
        formatted_name=next((c for c in candidates if c), None),
        given_name=given,
        family_name=family,
        external_id=_text({"externalId": lowered.get("externalid")}, "externalId"),
        active=True if active is None else boolean(active, "active"),
    )


def group_fields(body: Any) -> tuple[str, str | None, list[str]]:
    """(displayName, externalId, member ids) of a POST, PUT or patched group."""
    if not isinstance(body, dict):
        raise ScimError(400, "invalidSyntax", "a group is a JSON object")
    lowered = {k.lower(): v for k, v in body.items()}
    display_name = lowered.get("displayname")
    if not isinstance(display_name, str) or not display_name.strip():
        raise invalid_value("displayName is required", param="displayName")
    members = lowered.get("members") or []
    if not isinstance(members, list) or not all(
        isinstance(m, dict) and isinstance(m.get("value"), str) for m in members
    ):
        raise invalid_value('members is a list of {"value": user id}', param="members")
    external_id = _text({"externalId": lowered.get("externalid")}, "externalId")
    return display_name, external_id, [m["value"] for m in members]


@dataclass(frozen=True, slots=True)
class Projection:
    """``attributes`` / ``excludedAttributes`` of a GET (RFC 7644 §3.4.2.5)."""

    attributes: str | None
    excluded: str | None


def attribute_names(text: str | None) -> set[str]:
    return {a.strip().lower() for a in (text or "").split(",") if a.strip()}


def project(resource: dict[str, Any], schema: str, projection: Projection) -> dict[str, Any]:
    """``attributes``/``excludedAttributes`` (RFC 7644 §3.4.2.5) on top-level attributes:
    ``schemas`` and ``id`` are always returned."""

    def top(name: str) -> str:
        if name.startswith(schema.lower() + ":"):
            name = name[len(schema) + 1 :]
        return name.split(".", 1)[0]

    wanted = {top(a) for a in attribute_names(projection.attributes)}
    unwanted = {top(a) for a in attribute_names(projection.excluded)}
    return {
        k: v
        for k, v in resource.items()
        if k in ALWAYS_RETURNED
        or ((not wanted or k.lower() in wanted) and k.lower() not in unwanted)
    }


def list_response(
    resources: list[dict[str, Any]], *, total: int, start_index: int
) -> dict[str, Any]:
    return {
        "schemas": [LIST_SCHEMA],
        "totalResults": total,
        "startIndex": start_index,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }


def error_body(status: int, detail: str, scim_type: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"schemas": [ERROR_SCHEMA], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    return body
