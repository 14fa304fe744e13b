"""What an accounting push (QuickBooks, Xero) has to invoice, read from our side in one
transaction: one completed session, or a milestone — one invoice with a line per completed
session when the organization invoices per milestone, else its sessions one by one. Mappings
are the provider's own.

Never two invoices for the same work, whatever the order of events and setting changes:
a session with its own invoice (mapping ``booking → invoice``) is never a line of a milestone
invoice, and a session on a milestone invoice (mapping ``booking → invoice_line``) never gets
its own. Every push concerning a milestone's sessions runs in the milestone's one
``SyncWorkflow``, so these checks are never raced by a second push.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.bookings.models import Booking
from domain.connections.models import ExternalMapping
from domain.finance.invoicing import (
    InvoicedWork,
    InvoicePer,
    invoice_doc_number,
    private_note,
    session_line,
)
from domain.keys.sealed import Sealing
from domain.projects.models import Milestone, MilestoneSession, Project
from domain.resources.models import Client, Creator
from integrations.accounting import InvoiceLine


class NotInvoiceable(Exception):
    """The work cannot be invoiced as it stands (no client, several currencies…); the
    message tells the user what to fix."""


@dataclass(frozen=True, slots=True)
class Work:
    """One invoice to create, or to read back: a session's or a milestone's."""

    subject_type: Literal["booking", "milestone"]
    subject_id: str
    warranted: bool  # does our side still call for this invoice (a deleted one is recreated)
    client_id: str | None
    client_name: str
    client_email: str | None
    currency: str
    doc_number: str
    private_note: str
    txn_date: str
    lines: tuple[InvoiceLine, ...]
    booking_ids: tuple[str, ...]
    invoiced: InvoicedWork
    invoice_id: str | None
    customer_id: str | None
    why_not: str = ""
    extra: dict[str, str] = field(default_factory=dict)


async def mapped(
    session: AsyncSession, provider: str, entity_type: str, entity_id: str, object_type: str
) -> ExternalMapping | None:
    return (
        await session.execute(
            select(ExternalMapping).where(
                ExternalMapping.provider == provider,
                ExternalMapping.entity_type == entity_type,
                ExternalMapping.entity_id == entity_id,
                ExternalMapping.object_type == object_type,
            )
        )
    ).scalar_one_or_none()


async def _line(session: AsyncSession, booking: Booking) -> InvoiceLine:
    creator = await session.get(Creator, booking.creator_id) if booking.creator_id else None
    line = session_line(booking, creator.name if creator else "unassigned")
    return InvoiceLine(line.description, line.hours, line.rate, line.amount, line.service_date)


async def _customer(
    session: AsyncSession, provider: str, client_id: str | None, sealing: Sealing
) -> tuple[Client | None, str | None]:
    client = await session.get(Client, client_id) if client_id else None
    if client is not None:
        await sealing.open(session, [client])
    customer = await mapped(session, provider, "client", client.id, "customer") if client else None
    return client, customer.external_id if customer else None


async def session_work(
    session: AsyncSession,
    provider: str,
    organization_id: str,
    booking: Booking,
    *,
    sealing: Sealing,
) -> Work:
    """The invoice of one session. It is warranted while the session is completed and not a
    line of a milestone invoice."""
    on_milestone = await mapped(session, provider, "booking", booking.id, "invoice_line")
    invoice = await mapped(session, provider, "booking", booking.id, "invoice")
    client, customer_id = await _customer(session, provider, booking.client_id, sealing)
    why_not = ""
    if booking.status != "completed":
        why_not = "only completed sessions are invoiced"
    elif on_milestone is not None:
        why_not = f"invoiced on its milestone's invoice {on_milestone.external_id}"
    return Work(
        subject_type="booking",
        subject_id=booking.id,
        warranted=not why_not,
        client_id=client.id if client else None,
        client_name=client.name if client else "",
        client_email=client.email if client else None,
        currency=booking.currency,
        doc_number=invoice_doc_number(organization_id, booking.id),
        private_note=private_note(booking.id),
        txn_date=datetime.now(UTC).date().isoformat(),
        lines=(await _line(session, booking),),
        booking_ids=(booking.id,),
        invoiced=InvoicedWork.of_booking(booking),
        invoice_id=invoice.external_id if invoice else None,
        customer_id=customer_id,
        why_not=why_not,
    )


async def _milestone_sessions(session: AsyncSession, milestone_id: str) -> list[Booking]:
    """The milestone's completed sessions, in time order."""
    rows = await session.execute(
        select(Booking)
        .join(MilestoneSession, MilestoneSession.booking_id == Booking.id)
        .where(MilestoneSession.milestone_id == milestone_id, Booking.status == "completed")
        .order_by(Booking.period, Booking.id)
    )
    return list(rows.scalars().all())


async def milestone_invoice_work(
    session: AsyncSession,
    provider: str,
    organization_id: str,
    milestone: Milestone,
    sessions: list[Booking],
    *,
    sealing: Sealing,
) -> Work:
    """One invoice for ``sessions`` (those of the milestone without an invoice of their own).
    Their client and currency must be one; otherwise :class:`NotInvoiceable` says so."""
    clients = {b.client_id for b in sessions}
    currencies = {b.currency for b in sessions}
    if len(clients) > 1:
        raise NotInvoiceable(
            f"milestone {milestone.id}'s sessions are for several clients; one invoice needs one"
        )
    if len(currencies) > 1:
        raise NotInvoiceable(
            f"milestone {milestone.id}'s sessions are in several currencies "
            f"({', '.join(sorted(currencies))}); one invoice has one currency"
        )
    invoice = await mapped(session, provider, "milestone", milestone.id, "invoice")
    project = await session.get(Project, milestone.project_id)
    client, customer_id = await _customer(session, provider, next(iter(clients), None), sealing)
    name = f"{project.name} — {milestone.name}" if project else milestone.name
    return Work(
        subject_type="milestone",
        subject_id=milestone.id,
        warranted=milestone.status == "done" and bool(sessions),
        client_id=client.id if client else None,
        client_name=client.name if client else "",
        client_email=client.email if client else None,
        currency=next(iter(currencies), project.currency if project else "USD"),
        doc_number=invoice_doc_number(organization_id, milestone.id),
        private_note=f"AuditoryX milestone {milestone.id}: {name}"[:4000],
        txn_date=datetime.now(UTC).date().isoformat(),
        lines=tuple([await _line(session, b) for b in sessions]),
        booking_ids=tuple(b.id for b in sessions),
        invoiced=InvoicedWork(
            artist_id=project.artist_id if project else None, project_id=milestone.project_id
        ),
        invoice_id=invoice.external_id if invoice else None,
        customer_id=customer_id,
        why_not="" if milestone.status == "done" else "invoiced when the milestone is done",
        extra={"milestone_id": milestone.id, "project_id": milestone.project_id},
    )


async def milestone_works(
    session: AsyncSession,
    provider: str,
    organization_id: str,
    milestone_id: str,
    invoice_per: InvoicePer,
    *,
    sealing: Sealing,
) -> tuple[list[Work], str]:
    """Every invoice a push of the milestone has to create or read back, and why there is
    none when the list is empty.

    The milestone's own invoice exists (or is due, when invoicing per milestone and the
    milestone is done) for the sessions without an invoice of their own; sessions are
    invoiced one by one when invoicing per session and they are not on a milestone invoice.
    """
    milestone = await session.get(Milestone, milestone_id)
    if milestone is None:
        return [], "the milestone is not visible"
    completed = await _milestone_sessions(session, milestone_id)
    own = {b.id for b in completed if await mapped(session, provider, "booking", b.id, "invoice")}
    on_invoice = {
        b.id for b in completed if await mapped(session, provider, "booking", b.id, "invoice_line")
    }
    works: list[Work] = []
    has_invoice = await mapped(session, provider, "milestone", milestone_id, "invoice") is not None
    # A milestone cancelled with its project will never be done: what was completed of it
    # is billed as if it were.
    settled = milestone.status in ("done", "cancelled")
    if has_invoice or (invoice_per == "milestone" and settled):
        # A re-read (or recreation) covers the sessions already on it; a first one those
        # without an invoice of their own.
        lines = [b for b in completed if (b.id in on_invoice if has_invoice else b.id not in own)]
        if lines or has_invoice:
            works.append(
                await milestone_invoice_work(
                    session, provider, organization_id, milestone, lines, sealing=sealing
                )
            )
    for booking in completed:
        covered = booking.id in on_invoice or (invoice_per == "milestone" and booking.id not in own)
        if booking.id in own or not covered:
            works.append(
                await session_work(session, provider, organization_id, booking, sealing=sealing)
            )
    if works:
        return works, ""
    if invoice_per == "milestone" and not settled:
        return [], "invoiced when the milestone is done"
    return [], "no completed session of the milestone is left to invoice"


async def invoiced_work(
    session: AsyncSession, entity_type: str, entity_id: str
) -> tuple[InvoicedWork | None, str]:
    """What the payments of an entity's invoice are revenue of, and the currency it was
    billed in; ``None`` when the entity is gone."""
    if entity_type == "booking":
        booking = await session.get(Booking, entity_id)
        return (InvoicedWork.of_booking(booking), booking.currency) if booking else (None, "")
    milestone = await session.get(Milestone, entity_id)
    if milestone is None:
        return None, ""
    project = await session.get(Project, milestone.project_id)
    return (
        InvoicedWork(
            artist_id=project.artist_id if project else None, project_id=milestone.project_id
        ),
        project.currency if project else "",
    )
