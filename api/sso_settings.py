"""Saving an organization's SSO settings, whichever channel saves them (the API's
``PUT /v1/sso`` and the dashboard's settings form): the issuer must answer discovery before
the domain service checks and stores the rest."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from api.deps import actor_is_owner
from domain.audit import service as audit
from domain.errors import InvalidRequest
from domain.sso import configuration
from domain.sso.models import SsoConfiguration
from domain.tenancy.access import Principal
from integrations.oidc import OidcClient, OidcError

CALLBACK_PATH = "/dashboard/sso/callback"


def redirect_uri(request: Request) -> str:
    """The redirect URI to register at the provider: under ``PUBLIC_BASE_URL`` when set."""
    base = request.app.state.settings.public_base_url or str(request.base_url)
    return base.rstrip("/") + CALLBACK_PATH


async def save_sso_settings(
    request: Request,
    session: AsyncSession,
    principal: Principal,
    values: configuration.SsoSettings,
    *,
    actor: audit.Actor,
) -> tuple[SsoConfiguration, bool]:
    """(the stored settings, whether they were created); SSO hands out roles, so the caller
    needs ``members:write`` besides ``organization:write``."""
    principal.require("members:write")
    oidc: OidcClient = request.app.state.oidc
    try:
        await oidc.metadata(values.issuer)
    except OidcError as exc:
        raise InvalidRequest(
            f"the issuer cannot be used: {exc}", param="issuer", code="issuer_unusable"
        ) from None
    return await configuration.put_configuration(
        session,
        organization_id=principal.organization_id,
        values=values,
        box=request.app.state.secret_box,
        actor=actor,
        granted_by=principal.permissions,
        actor_is_owner=await actor_is_owner(session, principal),
        # Claims are checked across every placement, in the control database.
        registry=request.app.state.sessionmaker,
    )
