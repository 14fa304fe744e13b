"""The organization's single sign-on (OpenID Connect) settings: one configuration per
organization, read, replaced or removed; the client secret goes in and never comes out."""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from fastapi.responses import Response

from api.deps import ActorDep, CanReadOrganization, CanWriteOrganization, TenantSession
from api.schemas.sso import SsoBody, SsoOut
from api.sso_settings import redirect_uri, save_sso_settings
from domain.sso import configuration

router = APIRouter(prefix="/v1/sso", tags=["sso"])


@router.get("", summary="The organization's single sign-on settings")
async def get_sso_configuration(
    request: Request, principal: CanReadOrganization, session: TenantSession
) -> SsoOut:
    config = await configuration.get_configuration(session, principal.organization_id)
    return SsoOut.of(config, redirect_uri(request))


@router.put(
    "",
    summary="Set up or replace single sign-on",
    responses={422: {"description": "The issuer does not answer discovery, or a bad field"}},
)
async def put_sso_configuration(
    body: SsoBody,
    request: Request,
    principal: CanWriteOrganization,
    session: TenantSession,
    actor: ActorDep,
) -> SsoOut:
    """Replaces every setting; ``client_secret`` may be left out to keep the stored one.
    Needs ``organization:write`` and ``members:write`` (SSO creates members); only an owner
    maps a claim to the owner role. Two concurrent first set-ups: one gets 409
    ``concurrent_update``; concurrent replacements: the last one wins."""
    config, _created = await save_sso_settings(
        request, session, principal, body.settings(), actor=actor
    )
    return SsoOut.of(config, redirect_uri(request))


@router.delete(
    "", status_code=status.HTTP_204_NO_CONTENT, summary="Turn single sign-on off and forget it"
)
async def delete_sso_configuration(
    request: Request, principal: CanWriteOrganization, session: TenantSession, actor: ActorDep
) -> Response:
    principal.require("members:write")
    await configuration.delete_configuration(
        session,
        organization_id=principal.organization_id,
        actor=actor,
        registry=request.app.state.sessionmaker,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
