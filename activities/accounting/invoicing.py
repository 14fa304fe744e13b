"""The accounting push of sync workflows, whatever the ledger (QuickBooks, Xero): a completed
session becomes exactly one invoice for its client, and the invoice's payments are read back
into the ledger.

Exactly once, in three layers: the ``external_mappings`` row (booking → invoice) is consulted
first; without one, the ledger is asked for an invoice carrying the booking's deterministic
document number (so an attempt after a crash between the ledger's write and ours adopts the
invoice instead of creating another); only then is one created, with an idempotency key
derived from the same number (QuickBooks' ``requestid``, Xero's ``Idempotency-Key``). The
``invoice.created`` event is written in the transaction that stores the mapping, so it exists
once per invoice. A client's customer (contact) is found or created, and mapped, under a
transaction-scoped lock per client, so concurrent pushes for the sessions of a new client make
one customer.

Tokens are the provider subclass's (``activities/quickbooks/invoicing.py``,
``activities/xero/invoicing.py``): refreshed under a row lock on the connection, the rotated
pair sealed and committed before it is used; a refresh token the provider refuses puts the
connection in ``error`` with a message telling the user to reconnect.

A mapped invoice deleted in the ledger is created again only while our side still calls for
it (the session completed and not on a milestone invoice; the milestone done), through the
same layers and with an idempotency key of its own; the new invoice gets its
``invoice.created`` event (naming the one it ``replaces``) and the deleted one's payments
leave the ledger. What to invoice — a session, or a milestone's sessions on one invoice — is
read in ``activities/accounting/work.py``; a session of a milestone is always pushed through
the milestone's sync, so the two never race.

The adapter is reached through the :class:`~integrations.accounting.Accounting` protocol.
Errors reach Temporal through ``activities/errors.py``: rate limited → retried after
``Retry-After``; refused (a validation error, a revoked token, a booking without a client) →
recorded on the entity's sync state (and for auth on the connection), then non-retryable;
transient → retried with the workflow's backoff.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypeVar, cast

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from activities.accounting.work import (
    InvoicePer,
    NotInvoiceable,
    Work,
    invoiced_work,
    mapped,
    milestone_works,
    session_work,
)
from activities.errors import to_application_error
from activities.sync import record_state, save_mapping
from core.crypto import SecretBox
from core.db import tenant_session
from domain.bookings.models import Booking
from domain.connections.models import IntegrationConnection
from domain.events import service as events
from domain.finance.invoicing import record_payment
from domain.keys.sealed import Sealing
from domain.projects.models import MilestoneSession
from integrations.accounting import Accounting, InvoiceDraft, InvoiceState
from integrations.errors import IntegrationError, Rejected, Unauthorized
from integrations.registry import display_name
from workflows.clients.sync import request_sync
from workflows.sync_types import SyncInput, SyncResult

READ_CONCURRENCY = 8  # invoices read at a time by reconciliation
# Seeds the advisory lock ids of customer upserts, apart from any other advisory lock.
_CUSTOMER_LOCK_SEED = 0x5155_4342
T = TypeVar("T")


class AccountingInvoicing:
    """Invoicing through one accounting provider; a subclass names it and brings its tokens
    (:meth:`_with_token`)."""

    provider: str
    default_item_id: str  # where invoice lines are booked when the connection names nothing

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        box: SecretBox,
        sealing: Sealing | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._box = box
        self._sealing = sealing or Sealing.configured(sessionmaker)

    @property
    def name(self) -> str:
        return display_name(self.provider)

    async def push(self, sync: SyncInput) -> SyncResult:
        """Invoice a completed session or milestone (or read its invoices' payments back)."""
        if sync.entity_type not in ("booking", "milestone"):
            return SyncResult(status="skipped", error=f"{self.name} invoices completed work only")
        async with tenant_session(self._sessionmaker, [sync.organization_id]) as session:
            connection = await connection_of(session, self.provider)
            if connection is None or connection.status != "connected":
                return SyncResult(status="skipped", error=f"{self.name} is not connected")
            refused: Rejected | None = None
            try:
                works, why_none = await self._works(session, sync, connection)
            except NotInvoiceable as exc:
                works, why_none, refused = [], "", Rejected(str(exc), provider=self.provider)
        if refused is not None:
            return await self._refuse(sync, refused)
        if not works:
            return SyncResult(status="skipped", error=why_none)
        try:
            results = [
                await self._with_token(sync.organization_id, self._invoicer(sync, w)) for w in works
            ]
        except Rejected as exc:
            return await self._refuse(sync, exc)
        except IntegrationError as exc:
            raise to_application_error(exc, during="the push") from None
        return results[0]

    def _invoicer(
        self, sync: SyncInput, work: Work
    ) -> Callable[[Accounting], Awaitable[SyncResult]]:
        return lambda api: self._invoice(api, sync, work)

    async def _refuse(self, sync: SyncInput, exc: Rejected) -> SyncResult:
        await self._record_refusal(sync, exc)
        raise to_application_error(exc, refused="the invoice") from None

    # --- reading our side ----------------------------------------------------------------

    async def _works(
        self, session: AsyncSession, sync: SyncInput, connection: IntegrationConnection
    ) -> tuple[list[Work], str]:
        invoice_per = cast(InvoicePer, (connection.settings or {}).get("invoice_per", "session"))
        if sync.entity_type == "milestone":
            return await milestone_works(
                session,
                self.provider,
                sync.organization_id,
                sync.entity_id,
                invoice_per,
                sealing=self._sealing,
            )
        booking = await session.get(Booking, sync.entity_id)
        if booking is None:
            return [], "only completed sessions are invoiced"
        milestone_id = (
            await session.execute(
                select(MilestoneSession.milestone_id).where(
                    MilestoneSession.booking_id == booking.id
                )
            )
        ).scalar_one_or_none()
        if milestone_id is not None:
            await self._forward(sync, milestone_id)
            return [], f"pushed with its milestone {milestone_id}"
        work = await session_work(
            session, self.provider, sync.organization_id, booking, sealing=self._sealing
        )
        if work.invoice_id is None and not work.warranted:
            return [], work.why_not
        return [work], ""

    @staticmethod
    async def _forward(sync: SyncInput, milestone_id: str) -> None:
        """A session of a milestone is invoiced by the milestone's one sync (per session or on
        the milestone's invoice): two workflows deciding about the same work could both bill
        it."""
        await request_sync(
            activity.client(),
            sync.model_copy(update={"entity_type": "milestone", "entity_id": milestone_id}),
            task_queue=activity.info().task_queue,
        )

    # --- the invoice ---------------------------------------------------------------------

    async def _invoice(self, api: Accounting, sync: SyncInput, work: Work) -> SyncResult:
        replaced: str | None = None
        state = await api.invoice(work.invoice_id) if work.invoice_id is not None else None
        if work.invoice_id is not None and state is None:
            if not work.warranted:
                raise Rejected(
                    f"invoice {work.invoice_id} was deleted in {self.name} and is not "
                    f"recreated: {work.why_not or 'nothing is left to invoice'}",
                    provider=self.provider,
                )
            replaced = work.invoice_id
        if state is None:
            # The deterministic DocNumber finds an invoice an earlier attempt created.
            state = await api.find_invoice(work.doc_number)
            if state is None:
                suffix = f"-after-{replaced}" if replaced else ""
                state = await self._create(api, sync, work, suffix)
        await self._store(sync, work, state, replaced)
        return SyncResult(
            status="synced", external_id=state.id, payment_status=state.payment_status
        )

    async def _create(
        self, api: Accounting, sync: SyncInput, work: Work, request_suffix: str
    ) -> InvoiceState:
        if work.client_id is None:
            raise Rejected(
                f"the {work.subject_type} has no client to invoice; set the booking's client_id",
                provider=self.provider,
            )
        customer_id = await self._customer(api, sync, work, work.client_id)
        return await api.create_invoice(
            InvoiceDraft(
                customer_id=customer_id,
                currency=work.currency,
                doc_number=work.doc_number,
                private_note=work.private_note,
                txn_date=work.txn_date,
                item_id=await self._item_id(sync),
                lines=work.lines,
                request_suffix=request_suffix,
            )
        )

    async def _customer(self, api: Accounting, sync: SyncInput, work: Work, client_id: str) -> str:
        """The client's customer, found or created and mapped under a lock per client: the
        invoice pushes of two sessions of a new client run at once, and without the lock both
        would look the customer up before either created it, then both create one. The
        second push waits here, then finds the first one's mapping."""
        async with tenant_session(self._sessionmaker, [sync.organization_id]) as session:
            key = f"{sync.provider}:customer:{client_id}"
            await session.execute(
                select(func.pg_advisory_xact_lock(func.hashtextextended(key, _CUSTOMER_LOCK_SEED)))
            )
            known = await mapped(session, self.provider, "client", client_id, "customer")
            customer_id = await api.upsert_customer(
                known_id=known.external_id if known else work.customer_id,
                name=work.client_name,
                email=work.client_email,
                currency=work.currency,
            )
            if known is None or known.external_id != customer_id:
                await save_mapping(
                    session,
                    sync,
                    entity_type="client",
                    entity_id=client_id,
                    object_type="customer",
                    external_id=customer_id,
                )
        return customer_id

    async def _store(
        self, sync: SyncInput, work: Work, state: InvoiceState, replaced: str | None
    ) -> None:
        """Mappings, sync state, the ``invoice.created`` event (once per invoice) and the
        payments so far, in one transaction."""
        async with tenant_session(self._sessionmaker, [sync.organization_id]) as session:
            before = await mapped(
                session, self.provider, work.subject_type, work.subject_id, "invoice"
            )
            new_invoice = before is None or before.external_id != state.id
            for entity_type, entity_id, object_type in [
                (work.subject_type, work.subject_id, "invoice"),
                *[("booking", b, "invoice_line") for b in work.booking_ids]
                * (work.subject_type == "milestone"),
            ]:
                await save_mapping(
                    session,
                    sync,
                    entity_type=entity_type,
                    entity_id=entity_id,
                    object_type=object_type,
                    external_id=state.id,
                )
            await record_state(session, sync, status="synced", error=None)
            if new_invoice:
                await events.emit(
                    session,
                    organization_id=sync.organization_id,
                    type_="invoice.created",
                    data=_invoice_event(self.provider, work, state, replaced),
                )
            if replaced is not None:  # its payments went with it
                await self._payments(session, sync, work, replaced, state.doc_number, Decimal(0))
            await self._payments(
                session, sync, work, state.id, state.doc_number, state.total - state.balance
            )

    async def _payments(
        self,
        session: AsyncSession,
        sync: SyncInput,
        work: Work,
        invoice_id: str,
        doc_number: str,
        paid: Decimal,
    ) -> None:
        await record_payment(
            session,
            organization_id=sync.organization_id,
            work=work.invoiced,
            invoice_id=invoice_id,
            doc_number=doc_number,
            paid=paid,
            currency=work.currency,
            provider=self.provider,
            provider_name=self.name,
        )

    async def _item_id(self, sync: SyncInput) -> str:
        async with tenant_session(self._sessionmaker, [sync.organization_id]) as session:
            connection = await connection_of(session, self.provider)
        settings = (connection.settings if connection else None) or {}
        return str(settings.get("item_id") or self.default_item_id)

    # --- tokens --------------------------------------------------------------------------

    async def read_invoices(
        self, organization_id: str, invoice_ids: list[str]
    ) -> dict[str, InvoiceState | Rejected | None]:
        """Each invoice's state (``None``: deleted in the ledger; a refusal: the provider's
        words), for reconciliation. Rate limits, auth and transient errors propagate."""

        async def read(api: Accounting) -> dict[str, Any]:
            gate = asyncio.Semaphore(READ_CONCURRENCY)

            async def one(invoice_id: str) -> InvoiceState | Rejected | None:
                async with gate:
                    try:
                        return await api.invoice(invoice_id)
                    except Unauthorized:
                        raise
                    except Rejected as exc:
                        return exc

            states = await asyncio.gather(*(one(i) for i in invoice_ids))
            return dict(zip(invoice_ids, states, strict=True))

        return await self._with_token(organization_id, read)

    async def record_read_back(
        self, organization_id: str, paid: list[tuple[str, str, InvoiceState]]
    ) -> None:
        """Payments of (entity type, entity id, invoice) into the ledger, one transaction."""
        async with tenant_session(self._sessionmaker, [organization_id]) as session:
            for entity_type, entity_id, state in paid:
                work, currency = await invoiced_work(session, entity_type, entity_id)
                if work is None:
                    continue
                await record_payment(
                    session,
                    organization_id=organization_id,
                    work=work,
                    invoice_id=state.id,
                    doc_number=state.doc_number,
                    paid=state.total - state.balance,
                    currency=state.currency or currency,
                    provider=self.provider,
                    provider_name=self.name,
                )

    async def _with_token(
        self, organization_id: str, work: Callable[[Accounting], Awaitable[T]]
    ) -> T:
        """``work`` with the provider's adapter, bound to a usable access token."""
        raise NotImplementedError

    async def _record_refusal(self, sync: SyncInput, exc: Rejected) -> None:
        async with tenant_session(self._sessionmaker, [sync.organization_id]) as session:
            await record_state(session, sync, status="failed", error=exc.message[:1000])
            if isinstance(exc, Unauthorized):
                await _connection_error(session, self.provider, exc.message)

    async def record_connection_error(self, organization_id: str, message: str) -> None:
        """The connection shows the error (``GET /v1/integrations``) until a reconnect."""
        async with tenant_session(self._sessionmaker, [organization_id]) as session:
            await _connection_error(session, self.provider, message)


async def _connection_error(session: AsyncSession, provider: str, message: str) -> None:
    connection = await connection_of(session, provider)
    if connection is not None and connection.status != "disconnected":
        connection.status = "error"
        connection.last_error = message[:1000]
        connection.last_error_at = datetime.now(UTC)


async def connection_of(
    session: AsyncSession, provider: str, *, lock: bool = False
) -> IntegrationConnection | None:
    stmt = select(IntegrationConnection).where(IntegrationConnection.provider == provider)
    if lock:
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


def _invoice_event(
    provider: str, work: Work, state: InvoiceState, replaced: str | None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "object": "invoice",
        "provider": provider,
        "external_id": state.id,
        "doc_number": state.doc_number,
        "booking_id": work.subject_id if work.subject_type == "booking" else None,
        "booking_ids": list(work.booking_ids),
        "client_id": work.client_id,
        "total": str(state.total),
        "currency": state.currency or work.currency,
        "payment_status": state.payment_status,
        **work.extra,
    }
    if replaced is not None:
        data["replaces"] = replaced
    return data
