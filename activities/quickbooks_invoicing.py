"""The QuickBooks push of sync workflows: a completed session becomes exactly one QuickBooks
invoice for its client, and the invoice's payments are read back into the ledger.

Exactly once, in three layers: the ``external_mappings`` row (booking → invoice) is consulted
first; without one, QuickBooks is asked for an invoice carrying the booking's deterministic
``DocNumber`` (so an attempt after a crash between QuickBooks' write and ours adopts the
invoice instead of creating another); only then is one created, with a ``requestid`` derived
from the same number. The ``invoice.created`` event is written in the transaction that stores
the mapping, so it exists once per invoice.

Tokens: an access token that expires within :data:`REFRESH_MARGIN` is refreshed before use,
and one QuickBooks refuses (401) is refreshed once and the call repeated. Refreshing happens
under a row lock on the connection, and the new pair — Intuit rotates refresh tokens — is
sealed and committed before it is used. A refresh token Intuit refuses puts the connection in
``error`` with a message telling the user to reconnect.

Errors for Temporal: rate limited → retryable after ``Retry-After``; refused (a ``Fault``, a
revoked token, a booking without a client) → recorded on the entity's sync state (and for auth
on the connection), non-retryable; transient → retryable with the workflow's backoff.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar, cast

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.exceptions import ApplicationError

from activities.sync import record_state, save_mapping
from core.config import Settings
from core.crypto import DecryptionError, SecretBox
from core.db import tenant_session
from domain import events
from domain.accounting import (
    QUICKBOOKS,
    QuickBooksCredentials,
    invoice_doc_number,
    private_note,
    record_payment,
    session_line,
)
from domain.integration_models import IntegrationConnection
from domain.scheduling_models import Booking, Client, Creator
from domain.sync_models import ExternalMapping
from integrations.quickbooks import (
    AccountingAuthError,
    AccountingRateLimited,
    AccountingRejected,
    AccountingTransientError,
    Environment,
    IntuitApp,
    InvoiceDraft,
    InvoiceLine,
    InvoiceState,
    QuickBooksAccounting,
    QuickBooksGateway,
)
from workflows.sync_types import SyncInput, SyncResult

REFRESH_MARGIN = timedelta(minutes=5)
DEFAULT_ITEM_ID = "1"  # QuickBooks' built-in "Services" item
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Work:
    """What one completed session's invoice is made of, read in one transaction."""

    booking_id: str
    status: str
    client_id: str | None
    client_name: str
    client_email: str | None
    currency: str
    doc_number: str
    txn_date: str
    line: InvoiceLine
    invoice_id: str | None
    customer_id: str | None


class QuickBooksInvoicing:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: Settings,
        *,
        gateway: QuickBooksGateway | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._box = SecretBox(settings.secret_key, settings.previous_secret_keys)
        self._gateway = gateway or QuickBooksGateway()

    async def push(self, sync: SyncInput) -> SyncResult:
        """Invoice one completed booking (or read its invoice's payments back)."""
        if sync.entity_type != "booking":
            return SyncResult(status="skipped", error="QuickBooks invoices completed sessions only")
        async with tenant_session(self._sessionmaker, [sync.organization_id]) as session:
            connection = await _connection(session)
            connected = connection is not None and connection.status == "connected"
            work = await self._work(session, sync) if connected else None
        if not connected:
            return SyncResult(status="skipped", error="QuickBooks is not connected")
        if work is None or work.status != "completed":
            return SyncResult(status="skipped", error="only completed sessions are invoiced")
        try:
            return await self._with_token(sync, lambda api: self._invoice(api, sync, work))
        except AccountingRateLimited as exc:
            raise ApplicationError(
                f"QuickBooks rate limited the push; retrying after {exc.retry_after} s",
                type="RateLimited",
                next_retry_delay=timedelta(seconds=exc.retry_after),
            ) from None
        except AccountingRejected as exc:
            await self._record_refusal(sync, exc)
            raise ApplicationError(
                f"QuickBooks refused the invoice: {exc.message}",
                type="AuthError" if isinstance(exc, AccountingAuthError) else "Rejected",
                non_retryable=True,
            ) from None
        except AccountingTransientError as exc:
            raise ApplicationError(exc.message, type="Transient") from None

    # --- reading our side ----------------------------------------------------------------

    async def _work(self, session: AsyncSession, sync: SyncInput) -> Work | None:
        booking = await session.get(Booking, sync.entity_id)
        if booking is None:
            return None
        creator = await session.get(Creator, booking.creator_id) if booking.creator_id else None
        client = await session.get(Client, booking.client_id) if booking.client_id else None
        line = session_line(booking, creator.name if creator else "unassigned")
        invoice = await _mapped(session, "booking", booking.id, "invoice")
        customer = await _mapped(session, "client", client.id, "customer") if client else None
        return Work(
            booking_id=booking.id,
            status=booking.status,
            client_id=client.id if client else None,
            client_name=client.name if client else "",
            client_email=client.email if client else None,
            currency=booking.currency,
            doc_number=invoice_doc_number(sync.organization_id, booking.id),
            txn_date=datetime.now(UTC).date().isoformat(),
            line=InvoiceLine(
                line.description, line.hours, line.rate, line.amount, line.service_date
            ),
            invoice_id=invoice.external_id if invoice else None,
            customer_id=customer.external_id if customer else None,
        )

    # --- the invoice ---------------------------------------------------------------------

    async def _invoice(self, api: QuickBooksAccounting, sync: SyncInput, work: Work) -> SyncResult:
        if work.invoice_id is not None:
            state = await api.invoice(work.invoice_id)
            if state is None:
                raise AccountingRejected(
                    f"invoice {work.invoice_id} was deleted in QuickBooks; it is not recreated, "
                    "so the session cannot be invoiced twice"
                )
        else:
            state = await api.find_invoice(work.doc_number)
            if state is None:
                state = await self._create(api, sync, work)
        await self._store(sync, work, state)
        return SyncResult(
            status="synced", external_id=state.id, payment_status=state.payment_status
        )

    async def _create(self, api: QuickBooksAccounting, sync: SyncInput, work: Work) -> InvoiceState:
        if work.client_id is None:
            raise AccountingRejected("the booking has no client to invoice; set its client_id")
        customer_id = await api.upsert_customer(
            known_id=work.customer_id,
            name=work.client_name,
            email=work.client_email,
            currency=work.currency,
        )
        if customer_id != work.customer_id:
            async with tenant_session(self._sessionmaker, [sync.organization_id]) as session:
                await save_mapping(
                    session,
                    sync,
                    entity_type="client",
                    entity_id=work.client_id,
                    object_type="customer",
                    external_id=customer_id,
                )
        return await api.create_invoice(
            InvoiceDraft(
                customer_id=customer_id,
                currency=work.currency,
                doc_number=work.doc_number,
                private_note=private_note(work.booking_id),
                txn_date=work.txn_date,
                item_id=await self._item_id(sync),
                lines=(work.line,),
            )
        )

    async def _store(self, sync: SyncInput, work: Work, state: InvoiceState) -> None:
        """Mapping, sync state, the ``invoice.created`` event (first time only) and the
        payments so far, in one transaction."""
        async with tenant_session(self._sessionmaker, [sync.organization_id]) as session:
            first = await _mapped(session, "booking", work.booking_id, "invoice") is None
            await save_mapping(
                session,
                sync,
                entity_type="booking",
                entity_id=work.booking_id,
                object_type="invoice",
                external_id=state.id,
            )
            await record_state(session, sync, status="synced", error=None)
            if first:
                await events.emit(
                    session,
                    organization_id=sync.organization_id,
                    type_="invoice.created",
                    data={
                        "object": "invoice",
                        "provider": QUICKBOOKS,
                        "external_id": state.id,
                        "doc_number": state.doc_number,
                        "booking_id": work.booking_id,
                        "client_id": work.client_id,
                        "total": str(state.total),
                        "currency": state.currency or work.currency,
                        "payment_status": state.payment_status,
                    },
                )
            booking = await session.get(Booking, work.booking_id)
            if booking is not None:
                await record_payment(
                    session,
                    organization_id=sync.organization_id,
                    booking=booking,
                    invoice_id=state.id,
                    doc_number=state.doc_number,
                    paid=state.total - state.balance,
                    currency=state.currency or work.currency,
                )

    async def _item_id(self, sync: SyncInput) -> str:
        async with tenant_session(self._sessionmaker, [sync.organization_id]) as session:
            connection = await _connection(session)
        settings = (connection.settings if connection else None) or {}
        return str(settings.get("item_id") or DEFAULT_ITEM_ID)

    # --- tokens --------------------------------------------------------------------------

    async def _with_token(
        self, sync: SyncInput, work: Callable[[QuickBooksAccounting], Awaitable[T]]
    ) -> T:
        credentials, environment = await self._fresh(sync.organization_id, refused=None)
        try:
            return await work(self._api(environment, credentials))
        except AccountingAuthError:
            # Revoked early, or refused before its expiry: one refresh, one more try.
            credentials, environment = await self._fresh(
                sync.organization_id, refused=credentials.access_token
            )
            return await work(self._api(environment, credentials))

    def _api(
        self, environment: Environment, credentials: QuickBooksCredentials
    ) -> QuickBooksAccounting:
        return self._gateway.accounting(
            environment, realm_id=credentials.realm_id, access_token=credentials.access_token
        )

    async def _fresh(
        self, organization_id: str, *, refused: str | None
    ) -> tuple[QuickBooksCredentials, Environment]:
        """Credentials with a usable access token: refreshed (and committed) when it expires
        within the margin or when ``refused`` is the token QuickBooks just refused — unless
        another push refreshed it meanwhile (the row lock serializes them)."""
        async with tenant_session(self._sessionmaker, [organization_id]) as session:
            connection = await _connection(session, lock=True)
            if connection is None or connection.credentials is None:
                raise AccountingAuthError("QuickBooks is not connected")
            try:
                credentials = QuickBooksCredentials.open(self._box, connection.credentials)
            except (DecryptionError, KeyError, ValueError):
                raise AccountingAuthError(
                    "the stored QuickBooks credentials cannot be read; reconnect QuickBooks"
                ) from None
            environment = cast(
                Environment, (connection.settings or {}).get("environment", "production")
            )
            stale = refused is not None and credentials.access_token == refused
            if not stale and not (
                refused is None and credentials.expires_at - REFRESH_MARGIN <= datetime.now(UTC)
            ):
                return credentials, environment
            try:
                tokens = await self._gateway.refresh(
                    environment,
                    IntuitApp(credentials.client_id, credentials.client_secret),
                    credentials.refresh_token,
                )
            except AccountingAuthError as exc:
                raise AccountingAuthError(
                    f"{exc.message}: the QuickBooks authorization was revoked or has expired; "
                    "reconnect QuickBooks"
                ) from None
            credentials = QuickBooksCredentials(
                client_id=credentials.client_id,
                client_secret=credentials.client_secret,
                redirect_uri=credentials.redirect_uri,
                realm_id=credentials.realm_id,
                access_token=tokens.access_token,
                refresh_token=tokens.refresh_token,
                expires_at=tokens.expires_at,
                refresh_expires_at=tokens.refresh_expires_at,
            )
            connection.credentials = credentials.seal(self._box)
        return credentials, environment

    async def _record_refusal(self, sync: SyncInput, exc: AccountingRejected) -> None:
        async with tenant_session(self._sessionmaker, [sync.organization_id]) as session:
            await record_state(session, sync, status="failed", error=exc.message[:1000])
            if isinstance(exc, AccountingAuthError):
                connection = await _connection(session)
                if connection is not None:
                    connection.status = "error"
                    connection.last_error = exc.message[:1000]
                    connection.last_error_at = datetime.now(UTC)


async def _connection(session: AsyncSession, *, lock: bool = False) -> IntegrationConnection | None:
    stmt = select(IntegrationConnection).where(IntegrationConnection.provider == QUICKBOOKS)
    if lock:
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def _mapped(
    session: AsyncSession, entity_type: str, entity_id: str, object_type: str
) -> ExternalMapping | None:
    return (
        await session.execute(
            select(ExternalMapping).where(
                ExternalMapping.provider == QUICKBOOKS,
                ExternalMapping.entity_type == entity_type,
                ExternalMapping.entity_id == entity_id,
                ExternalMapping.object_type == object_type,
            )
        )
    ).scalar_one_or_none()
