"""SCIM bearer tokens: created by an owner, shown once, stored as a SHA-256, rotated and
revoked; and the authentication of an identity provider's request by its token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import find_anywhere
from core.ids import new_id
from core.security import random_secret, sha256
from domain.audit import service as audit
from domain.errors import Conflict, Unauthenticated
from domain.pagination import Page, paginate
from domain.scim.models import ScimToken

TOKEN_PREFIX = "ax_scim_"  # noqa: S105 (a prefix, not a secret)


@dataclass(frozen=True, slots=True)
class Provisioner:
    """An identity provider authenticated by one of the organization's SCIM tokens."""

    organization_id: str
    token_id: str

    @property
    def actor_id(self) -> str:
        """What its requests are counted against, besides the organization (its token)."""
        return self.token_id

    def actor(self, *, request_id: str | None, ip_hmac: str | None) -> audit.Actor:
        return audit.Actor(
            type="scim_token", id=self.token_id, request_id=request_id, ip_hmac=ip_hmac
        )


def snapshot(token: ScimToken) -> dict[str, Any]:
    return {"name": token.name, "revoked_at": token.revoked_at, "rotated_from": token.rotated_from}


async def create_token(
    session: AsyncSession,
    *,
    organization_id: str,
    name: str,
    created_by: str | None,
    actor: audit.Actor,
    rotated_from: str | None = None,
) -> tuple[ScimToken, str]:
    """A new token of the organization, with its one-time secret."""
    secret = random_secret(32)
    raw = f"{TOKEN_PREFIX}{secret}"
    token = ScimToken(
        id=new_id("sct"),
        organization_id=organization_id,
        name=name,
        token_hash=sha256(raw),
        redacted=f"{TOKEN_PREFIX}…{secret[-4:]}",
        created_by=created_by,
        rotated_from=rotated_from,
    )
    session.add(token)
    await session.flush()
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="scim_token.created",
        target_type="scim_token",
        target_id=token.id,
        after=snapshot(token),
    )
    return token, raw


async def revoke_token(session: AsyncSession, token: ScimToken, *, actor: audit.Actor) -> ScimToken:
    """Revoke ``token`` for good (again: nothing changes)."""
    if token.revoked_at is None:
        before = snapshot(token)
        token.revoked_at = datetime.now(UTC)
        await session.flush()
        await audit.record(
            session,
            organization_id=token.organization_id,
            actor=actor,
            action="scim_token.revoked",
            target_type="scim_token",
            target_id=token.id,
            before=before,
            after=snapshot(token),
        )
    return token


async def rotate_token(
    session: AsyncSession, token: ScimToken, *, created_by: str | None, actor: audit.Actor
) -> tuple[ScimToken, str]:
    """Replace ``token`` by a new one of the same name; the old one stops working now. A
    revoked token cannot be rotated (409 ``scim_token_revoked``): of two concurrent
    rotations, one wins and the other is told so."""
    await session.refresh(token, with_for_update=True)
    if token.revoked_at is not None:
        raise Conflict(
            "the SCIM token is revoked; create a new one instead", code="scim_token_revoked"
        )
    await revoke_token(session, token, actor=actor)
    return await create_token(
        session,
        organization_id=token.organization_id,
        name=token.name,
        created_by=created_by,
        actor=actor,
        rotated_from=token.id,
    )


async def list_tokens(
    session: AsyncSession,
    *,
    organization_id: str,
    include_revoked: bool,
    limit: int,
    starting_after: str | None,
) -> Page[ScimToken]:
    """The organization's SCIM tokens, newest first; revoked ones only when asked for."""
    stmt = select(ScimToken).where(ScimToken.organization_id == organization_id)
    if not include_revoked:
        stmt = stmt.where(ScimToken.revoked_at.is_(None))
    return await paginate(session, stmt, ScimToken.id, limit=limit, starting_after=starting_after)


async def authenticate(
    sessionmaker: async_sessionmaker[AsyncSession], authorization: str | None
) -> Provisioner:
    """The provisioner behind ``Authorization: Bearer ax_scim_…``, or :class:`Unauthenticated`.

    The token alone names its organization (``scim_token_lookup``), one statement."""
    scheme, _, credential = (authorization or "").partition(" ")
    raw = credential.strip()
    if scheme.lower() != "bearer" or not raw.startswith(TOKEN_PREFIX):
        raise Unauthenticated(
            "send the organization's SCIM token as 'Authorization: Bearer ax_scim_…'",
            code="invalid_scim_token",
        )
    # The token's organization may live in any placement (docs/adr/0035).
    found = await find_anywhere(
        sessionmaker, text("SELECT * FROM scim_token_lookup(:hash)"), {"hash": sha256(raw)}
    )
    row = found._mapping if found is not None else None
    if row is None:
        raise Unauthenticated("the SCIM token is not valid", code="invalid_scim_token")
    if row["revoked_at"] is not None:
        raise Unauthenticated("the SCIM token has been revoked", code="scim_token_revoked")
    return Provisioner(organization_id=row["organization_id"], token_id=row["id"])
