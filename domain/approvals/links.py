"""Signed, expiring, single-use approval links (e-mail and Teams buttons open them).

The link is ``{base}/a/{token}``: the token is 32 random bytes (256 bits), only its SHA-256
is stored, so the database never holds a usable link. A GET shows a confirmation page; only
the POST from that page decides, so mail scanners that follow links never approve anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import find_anywhere
from core.ids import new_id
from core.security import random_secret, sha256
from domain.approvals.models import ApprovalLink
from domain.errors import Conflict, NotFound

TOKEN_BYTES = 32


def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/a/{token}"


async def create_link(
    session: AsyncSession,
    *,
    organization_id: str,
    request_id: str,
    member_id: str,
    step_index: int,
    ttl: timedelta,
) -> str:
    """A new link for one approver of one step; returns the token (shown only in the link)."""
    token = random_secret(TOKEN_BYTES)
    session.add(
        ApprovalLink(
            id=new_id("alk"),
            organization_id=organization_id,
            request_id=request_id,
            member_id=member_id,
            step_index=step_index,
            token_hash=sha256(token),
            expires_at=datetime.now(UTC) + ttl,
        )
    )
    await session.flush()
    return token


@dataclass(frozen=True, slots=True)
class LinkRef:
    link_id: str
    organization_id: str


async def find_link(sessionmaker: async_sessionmaker[AsyncSession], token: str) -> LinkRef:
    """Which organization and link a token belongs to (404 for anything unknown)."""
    if not 20 <= len(token) <= 100 or not token.isalnum():
        raise NotFound("this approval link is not valid")
    # The link's organization may live in any placement (docs/adr/0035).
    row = await find_anywhere(
        sessionmaker,
        text("SELECT id, organization_id FROM approval_link_lookup(:h)"),
        {"h": sha256(token)},
    )
    if row is None:
        raise NotFound("this approval link is not valid")
    return LinkRef(link_id=row[0], organization_id=row[1])


def check_usable(link: ApprovalLink, *, now: datetime) -> None:
    if link.used_at is not None:
        raise Conflict(
            f"this link was already used on {link.used_at:%Y-%m-%d %H:%M} UTC "
            f"({link.used_decision}); each link works once",
            code="link_already_used",
        )
    if link.expires_at <= now:
        raise Conflict(
            "this link has expired; open the approval from a newer message", code="link_expired"
        )


async def consume(
    session: AsyncSession, link: ApprovalLink, decision: str, *, now: datetime
) -> None:
    """Mark the link used, atomically: of two simultaneous POSTs only one gets here."""
    used = (
        await session.execute(
            update(ApprovalLink)
            .where(ApprovalLink.id == link.id, ApprovalLink.used_at.is_(None))
            .values(used_at=now, used_decision=decision)
            .returning(ApprovalLink.id)
        )
    ).scalar_one_or_none()
    if used is None:
        raise Conflict("this link was already used; each link works once", code="link_already_used")
