"""The organization, its sub-organizations, members, roles, API keys, SCIM provisioning,
audit log and sandbox."""

from __future__ import annotations

from typing import Any

from auditoryx._resource import C_co, Endpoint, ListEndpoint, Resource
from auditoryx.models import (
    ApiKeyCreated,
    ApiKeyOut,
    AuditEventOut,
    CapturedEmailOut,
    EntitlementsOut,
    KeyInviteOut,
    MemberOut,
    OrganizationDeletionOut,
    OrganizationOut,
    PermissionOut,
    RoleOut,
    SandboxResetOut,
    ScimGroupMappingOut,
    ScimTokenCreated,
    ScimTokenOut,
    SsoOut,
)


class Organization(Resource[C_co]):
    """The caller's own organization (``/v1/organization``)."""

    retrieve = Endpoint[OrganizationOut]("GET", "/v1/organization", OrganizationOut)
    update = Endpoint[OrganizationOut]("PATCH", "/v1/organization", OrganizationOut)
    # Its plan with its own terms: limits, prices, enabled modules, trial and read-only state.
    entitlements = Endpoint[EntitlementsOut]("GET", "/v1/organization/plan", EntitlementsOut)
    # The API reference as the organization sees it: only its enabled modules' paths.
    openapi = Endpoint[dict[str, Any]]("GET", "/v1/openapi.json", dict[str, Any])
    # Delete the organization after its grace period (owners only; ``confirm``: its name),
    # follow the deletion, cancel it during the grace period.
    request_deletion = Endpoint[OrganizationDeletionOut](
        "POST", "/v1/organization/deletion", OrganizationDeletionOut
    )
    deletion = Endpoint[OrganizationDeletionOut](
        "GET", "/v1/organization/deletion", OrganizationDeletionOut
    )
    cancel_deletion = Endpoint[OrganizationDeletionOut](
        "DELETE", "/v1/organization/deletion", OrganizationDeletionOut
    )


class Organizations(Resource[C_co]):
    """Sub-organizations (imprints) of the caller's organization."""

    list = ListEndpoint[OrganizationOut]("/v1/organizations", OrganizationOut)
    create = Endpoint[OrganizationOut]("POST", "/v1/organizations", OrganizationOut)
    retrieve = Endpoint[OrganizationOut]("GET", "/v1/organizations/{id}", OrganizationOut)
    update = Endpoint[OrganizationOut]("PATCH", "/v1/organizations/{id}", OrganizationOut)


class Members(Resource[C_co]):
    list = ListEndpoint[MemberOut]("/v1/members", MemberOut)
    create = Endpoint[MemberOut]("POST", "/v1/members", MemberOut)
    retrieve = Endpoint[MemberOut]("GET", "/v1/members/{id}", MemberOut)
    update = Endpoint[MemberOut]("PATCH", "/v1/members/{id}", MemberOut)
    delete = Endpoint[None]("DELETE", "/v1/members/{id}", None)


class Permissions(Resource[C_co]):
    list = ListEndpoint[PermissionOut]("/v1/permissions", PermissionOut, cursor="name")


class Roles(Resource[C_co]):
    list = ListEndpoint[RoleOut]("/v1/roles", RoleOut)
    create = Endpoint[RoleOut]("POST", "/v1/roles", RoleOut)
    retrieve = Endpoint[RoleOut]("GET", "/v1/roles/{id}", RoleOut)
    update = Endpoint[RoleOut]("PATCH", "/v1/roles/{id}", RoleOut)
    delete = Endpoint[None]("DELETE", "/v1/roles/{id}", None)


class ApiKeys(Resource[C_co]):
    list = ListEndpoint[ApiKeyOut]("/v1/api-keys", ApiKeyOut)
    create = Endpoint[ApiKeyCreated]("POST", "/v1/api-keys", ApiKeyCreated)
    retrieve = Endpoint[ApiKeyOut]("GET", "/v1/api-keys/{id}", ApiKeyOut)
    revoke = Endpoint[ApiKeyOut]("POST", "/v1/api-keys/{id}/revoke", ApiKeyOut)


class ScimTokens(Resource[C_co]):
    list = ListEndpoint[ScimTokenOut]("/v1/scim-tokens", ScimTokenOut)
    create = Endpoint[ScimTokenCreated]("POST", "/v1/scim-tokens", ScimTokenCreated)
    rotate = Endpoint[ScimTokenCreated]("POST", "/v1/scim-tokens/{id}/rotate", ScimTokenCreated)
    revoke = Endpoint[ScimTokenOut]("POST", "/v1/scim-tokens/{id}/revoke", ScimTokenOut)


class ScimGroupMappings(Resource[C_co]):
    list = ListEndpoint[ScimGroupMappingOut]("/v1/scim-group-mappings", ScimGroupMappingOut)
    create = Endpoint[ScimGroupMappingOut]("POST", "/v1/scim-group-mappings", ScimGroupMappingOut)
    delete = Endpoint[None]("DELETE", "/v1/scim-group-mappings/{id}", None)


class ApiKeyInvites(Resource[C_co]):
    """Invites a member claims for a key of their own (the key's secret is shown once)."""

    create = Endpoint[KeyInviteOut]("POST", "/v1/members/{id}/api-key-invites", KeyInviteOut)
    claim = Endpoint[ApiKeyCreated]("POST", "/v1/api-key-invites/claim", ApiKeyCreated)


class AuditEvents(Resource[C_co]):
    list = ListEndpoint[AuditEventOut]("/v1/audit-events", AuditEventOut)
    retrieve = Endpoint[AuditEventOut]("GET", "/v1/audit-events/{id}", AuditEventOut)


class Sandbox(Resource[C_co]):
    """A test-mode key's sandbox: reset it (optionally seeded with the demo label) and read the
    e-mail it captured instead of sending."""

    reset = Endpoint[SandboxResetOut]("POST", "/v1/sandbox/reset", SandboxResetOut)
    emails = ListEndpoint[CapturedEmailOut]("/v1/sandbox/emails", CapturedEmailOut)


class Sso(Resource[C_co]):
    """The organization's single sign-on (OpenID Connect) settings (``/v1/sso``); the client
    secret is sent with ``set`` and never returned."""

    retrieve = Endpoint[SsoOut]("GET", "/v1/sso", SsoOut)
    set = Endpoint[SsoOut]("PUT", "/v1/sso", SsoOut)
    delete = Endpoint[None]("DELETE", "/v1/sso", None)
