"""API key invites: a member claims an API key that acts as themselves.

``POST /v1/members/{id}/api-key-invites`` (``api_keys:write``) answers a one-time token;
``POST /v1/api-key-invites/claim`` exchanges it for the key, with no other credential: the
token is the credential, so it travels in the body, never in a URL or a log line.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, status

from api.deps import ActorDep, CanWriteApiKeys, SessionmakerDep, TenantSession
from api.loaders import MemberDep
from api.schemas.api_keys import ApiKeyCreated, ApiKeyOut
from api.schemas.key_invites import KeyInviteClaim, KeyInviteCreate, KeyInviteOut
from core.db import tenant_session
from domain.tenancy import key_invites

router = APIRouter(prefix="/v1/members", tags=["api-keys"])
public = APIRouter(prefix="/v1/api-key-invites", tags=["api-keys"])


@router.post(
    "/{id}/api-key-invites",
    status_code=status.HTTP_201_CREATED,
    summary="Invite a member to claim an API key of their own",
)
async def create_key_invite(
    body: KeyInviteCreate,
    member: MemberDep,
    principal: CanWriteApiKeys,
    session: TenantSession,
    actor: ActorDep,
) -> KeyInviteOut:
    invite, token = await key_invites.create_invite(
        session,
        member=member,
        name=body.name,
        mode=body.mode,
        permissions=body.permissions,
        granted_by=principal.permissions,
        created_by=principal.member_id,
        ttl=timedelta(hours=body.expires_in_hours),
        actor=actor,
    )
    return KeyInviteOut(
        id=invite.id,
        member_id=invite.member_id,
        name=invite.name,
        mode=invite.mode,
        permissions=invite.permissions,
        expires_at=invite.expires_at,
        token=token,
    )


@public.post(
    "/claim",
    status_code=status.HTTP_201_CREATED,
    summary="Claim the API key an invite offers (the invite's token is the only credential)",
    responses={
        404: {"description": "No such invite (`invalid_invite`)"},
        409: {"description": "Already claimed, expired, or the member is no longer active"},
    },
)
async def claim_key_invite(body: KeyInviteClaim, sessionmaker: SessionmakerDep) -> ApiKeyCreated:
    ref = await key_invites.find_invite(sessionmaker, body.token)
    async with tenant_session(sessionmaker, [ref.organization_id]) as session:
        key, raw = await key_invites.claim(session, ref.invite_id, now=datetime.now(UTC))
        out = ApiKeyOut.model_validate(key).model_dump()
    return ApiKeyCreated.model_validate({**out, "secret": raw})
