"""The permission catalog and the built-in roles.

Permissions are ``resource:verb`` strings. A custom role is a named set of them; a built-in
role is defined here, in code, so every organization gets the same meaning of "manager".
"""

from __future__ import annotations

from enum import StrEnum

PERMISSIONS: dict[str, str] = {
    "organization:read": "See the organization's profile and settings",
    "organization:write": "Change the organization's profile and settings",
    "organizations:read": "See sub-organizations (imprints, sub-labels)",
    "organizations:write": "Create and change sub-organizations",
    "members:read": "See members",
    "members:write": "Invite, change and remove members",
    "roles:read": "See roles",
    "roles:write": "Create and change custom roles",
    "api_keys:read": "See API keys (never their secrets)",
    "api_keys:write": "Create and revoke API keys",
    "audit:read": "Read the audit log",
    "artists:read": "See the roster",
    "artists:write": "Add and change artists",
    "creators:read": "See creators, rooms and clients",
    "creators:write": "Add and change creators, rooms and clients",
    "bookings:read": "See bookings",
    "bookings:write": "Create, change and cancel bookings",
    "calendar_feeds:write": "Create and revoke secret calendar feed URLs (needs bookings:read)",
    "projects:read": "See projects and milestones",
    "projects:write": "Create and change projects",
    "approvals:read": "See approval requests",
    "approvals:decide": "Approve or reject requests they are an approver of",
    "approval_policies:write": "Create and change approval policies",
    "contracts:read": "See contracts",
    "contracts:write": "Create and change contracts",
    "integrations:read": "See integration connections",
    "integrations:write": "Connect and disconnect integrations",
    "webhooks:read": "See webhook endpoints and events",
    "webhooks:write": "Create and change webhook endpoints",
    "analytics:read": "See analytics and forecasts",
    "ledger:write": "Import revenue statements; set exchange rates, ledger entries, budgets",
    "data:export": "Export the organization's or a person's data; set retention periods",
    "data:erase": "Erase a person's data (irreversible: tombstones replace it everywhere)",
}

ALL_PERMISSIONS: frozenset[str] = frozenset(PERMISSIONS)
_READ = frozenset(p for p in PERMISSIONS if p.endswith(":read"))
_SENSITIVE_READ = frozenset({"audit:read", "api_keys:read", "integrations:read"})


class BuiltinRole(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    MANAGER = "manager"
    COORDINATOR = "coordinator"
    ARTIST = "artist"
    VIEWER = "viewer"


BUILTIN_ROLE_PERMISSIONS: dict[BuiltinRole, frozenset[str]] = {
    BuiltinRole.OWNER: ALL_PERMISSIONS,
    BuiltinRole.ADMIN: ALL_PERMISSIONS,
    BuiltinRole.MANAGER: (_READ - {"api_keys:read"})
    | {
        "approvals:decide",
        "bookings:write",
        "calendar_feeds:write",
        "contracts:write",
        "projects:write",
    },
    BuiltinRole.COORDINATOR: (_READ - _SENSITIVE_READ)
    | {
        "bookings:write",
        "artists:write",
        "calendar_feeds:write",
        "creators:write",
        "projects:write",
    },
    BuiltinRole.ARTIST: frozenset(
        {"organization:read", "artists:read", "bookings:read", "projects:read", "contracts:read"}
    ),
    BuiltinRole.VIEWER: _READ - _SENSITIVE_READ,
}

BUILTIN_ROLE_DESCRIPTIONS: dict[BuiltinRole, str] = {
    BuiltinRole.OWNER: "Everything, including managing owners",
    BuiltinRole.ADMIN: "Everything except granting or removing the owner role",
    BuiltinRole.MANAGER: "Approves work; books and manages contracts",
    BuiltinRole.COORDINATOR: "Books sessions and maintains the roster",
    BuiltinRole.ARTIST: "Sees their own roster, bookings and projects",
    BuiltinRole.VIEWER: "Reads everything but secrets and the audit log",
}


def unknown_permissions(permissions: list[str] | set[str] | frozenset[str]) -> list[str]:
    return sorted(set(permissions) - ALL_PERMISSIONS)
