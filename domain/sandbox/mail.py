"""E-mail of a sandbox organization: captured here instead of delivered.

Every place that sends mail for an organization (the lifecycle outbox, approval requests,
webhook alerts) asks :func:`is_sandbox` first; a sandbox's message is stored with
:func:`capture` and never handed to the SMTP server, whether or not one is configured.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain.pagination import Page, paginate
from domain.sandbox.models import CapturedEmail
from domain.tenancy.models import Organization


async def is_sandbox(session: AsyncSession, organization_id: str) -> bool:
    """Whether ``organization_id`` is the sandbox twin of a live organization."""
    twin_of = (
        await session.execute(
            select(Organization.sandbox_of).where(Organization.id == organization_id)
        )
    ).scalar_one_or_none()
    return twin_of is not None


async def capture(
    session: AsyncSession,
    *,
    organization_id: str,
    recipients: list[str],
    subject: str,
    text: str,
    html: str,
    template: str,
    reply_to: str | None = None,
) -> CapturedEmail:
    """Store one message of a sandbox organization (in the caller's transaction)."""
    captured = CapturedEmail(
        id=new_id("sbm"),
        organization_id=organization_id,
        recipients=recipients,
        subject=subject[:500],
        text=text,
        html=html,
        reply_to=reply_to,
        template=template[:60],
    )
    session.add(captured)
    await session.flush()
    return captured


async def list_captured(
    session: AsyncSession,
    *,
    organization_id: str,
    template: str | None = None,
    recipient: str | None = None,
    limit: int,
    starting_after: str | None,
) -> Page[CapturedEmail]:
    """The sandbox's captured e-mail, newest first."""
    stmt = select(CapturedEmail).where(CapturedEmail.organization_id == organization_id)
    if template:
        stmt = stmt.where(CapturedEmail.template == template)
    if recipient:
        stmt = stmt.where(CapturedEmail.recipients.contains([recipient]))
    return await paginate(
        session, stmt, CapturedEmail.id, limit=limit, starting_after=starting_after
    )
