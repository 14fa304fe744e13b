"""Branded e-mail: the built-in templates, an organization's overrides and settings, rendering
in jinja2's sandbox, and queueing into the outbox through the ledger.

An override is checked before it is stored: its syntax (a 422 with the line and message), and
a trial render on sample data in the sandbox, so a template that reaches for Python internals
is refused (and the attempt audited) rather than discovered when a reminder is due. Should a
stored override fail anyway, the built-in template is used: a notice is never lost to a typo.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain.notices.models import EmailOutboxItem
from domain.notices.templates import RenderedMail
from domain.pagination import Page, paginate

# --- queueing -------------------------------------------------------------------------------

_LEDGER = text(
    "INSERT INTO notifications_sent (organization_id, key, kind, subject_id, recipient, due_at,"
    " sent_at, outbox_id) VALUES (:org, :key, :kind, :subject, :rcpt, :due, :now, :outbox)"
    " ON CONFLICT (organization_id, key) DO NOTHING RETURNING key"
)


async def enqueue(
    session: AsyncSession,
    *,
    organization_id: str,
    ledger_key: str,
    kind: str,
    to: str,
    mail: RenderedMail,
    subject_id: str,
    due_at: datetime,
    now: datetime,
    not_after: datetime | None = None,
) -> str | None:
    """Queue one notice unless the ledger has it already; returns the outbox id if queued.

    The ledger row and the outbox row are written in the caller's transaction: either both
    exist or neither, and the ledger's key makes a second queueing a no-op.
    """
    outbox_id = new_id("eml")
    inserted = (
        await session.execute(
            _LEDGER,
            {
                "org": organization_id,
                "key": ledger_key[:300],
                "kind": kind,
                "subject": subject_id,
                "rcpt": to,
                "due": due_at,
                "now": now,
                "outbox": outbox_id,
            },
        )
    ).scalar_one_or_none()
    if inserted is None:
        return None
    session.add(
        EmailOutboxItem(
            id=outbox_id,
            organization_id=organization_id,
            kind=kind,
            to_address=to,
            subject=mail.subject,
            html=mail.html,
            text=mail.text,
            reply_to=mail.reply_to,
            subject_id=subject_id,
            not_after=not_after,
            status="queued",
            attempts=0,
            last_error="",
            created_at=now,
        )
    )
    await session.flush()
    return outbox_id


async def list_outbox(
    session: AsyncSession,
    *,
    organization_id: str,
    status: str | None = None,
    kind: str | None = None,
    limit: int,
    starting_after: str | None,
) -> Page[EmailOutboxItem]:
    """E-mail the organization sent, is sending or dropped, newest first."""
    stmt = select(EmailOutboxItem).where(EmailOutboxItem.organization_id == organization_id)
    if status:
        stmt = stmt.where(EmailOutboxItem.status == status)
    if kind:
        stmt = stmt.where(EmailOutboxItem.kind == kind)
    return await paginate(
        session, stmt, EmailOutboxItem.id, limit=limit, starting_after=starting_after
    )
