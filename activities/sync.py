"""The push activity of sync workflows. ``SyncActivities.push`` looks the provider up in a
registry of pushes (an unregistered provider is a non-retryable ``UnknownProvider``):
QuickBooks invoicing is injected by the composition root; a CRM (HubSpot, Salesforce) is
:class:`CrmPush` — companies/contacts for clients, deals for bookings and one deal per bulk
booking, matched by the stored external-id mapping first.

The CRM's errors reach Temporal through ``activities/errors.py``: rate limited → retried after
the provider's ``Retry-After``; refused data or a revoked token → recorded first (on the
entity's sync state, and for auth on the connection, so the API shows it), then
non-retryable; anything transient → retried with the workflow's backoff.

A client's company (and contact) is written only by that client's own sync workflow, which is
one per client: a deal push whose client is not mapped yet signals-with-start the client's sync
and retries shortly after, so concurrent pushes never create a second company.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.crm_usage import check_allowance, record_usage, worth_recording
from activities.errors import to_application_error
from core.crypto import DecryptionError, SecretBox
from core.db import tenant_session
from core.ids import new_id
from domain.bookings.models import Booking
from domain.bulk.deals import load_bulk_deal
from domain.connections.models import ExternalMapping, IntegrationConnection, SyncState
from domain.keys.sealed import Sealing
from domain.money import from_minor
from domain.resources.models import Client
from integrations.crm import Company, Crm, CrmAuth, CrmFactory, Deal, renew
from integrations.errors import IntegrationError, Rejected, Unauthorized, UnknownProvider
from integrations.hubspot import HubSpotOAuth, hubspot_factory
from integrations.oauth import TokenCredentials
from integrations.registry import ProviderRegistry, display_name
from integrations.salesforce import SalesforceOAuth, salesforce_factory
from workflows.clients.sync import request_sync
from workflows.sync_types import SyncInput, SyncResult

# One provider's push (QuickBooks invoicing is injected by the composition root).
ProviderPush = Callable[[SyncInput], Awaitable[SyncResult]]
# How long a deal push waits, per attempt, for its client's sync to map the company: doubling
# from 1 s, capped, so a client sync held up by a 429 still fits in the push's attempts.
COMPANY_WAIT_CAP = timedelta(seconds=30)
# An OAuth access token this close to its expiry is refreshed before use (HubSpot's live 30 min).
REFRESH_MARGIN = timedelta(minutes=5)
T = TypeVar("T")


async def _mapping(
    session: AsyncSession, sync: SyncInput, entity_type: str, entity_id: str, object_type: str
) -> ExternalMapping | None:
    return (
        await session.execute(
            select(ExternalMapping).where(
                ExternalMapping.provider == sync.provider,
                ExternalMapping.entity_type == entity_type,
                ExternalMapping.entity_id == entity_id,
                ExternalMapping.object_type == object_type,
            )
        )
    ).scalar_one_or_none()


async def save_mapping(
    session: AsyncSession,
    sync: SyncInput,
    *,
    entity_type: str,
    entity_id: str,
    object_type: str,
    external_id: str,
) -> None:
    mapping = await _mapping(session, sync, entity_type, entity_id, object_type)
    if mapping is None:
        session.add(
            ExternalMapping(
                id=new_id("xmap"),
                organization_id=sync.organization_id,
                provider=sync.provider,
                entity_type=entity_type,
                entity_id=entity_id,
                object_type=object_type,
                external_id=external_id,
            )
        )
    else:
        mapping.external_id = external_id
    await session.flush()


async def _client_refused(session: AsyncSession, sync: SyncInput, client_id: str) -> bool:
    """Whether the CRM refused the client's own last push (its message is on the client's
    sync state): its deals are then pushed without a company rather than waiting in vain."""
    status = (
        await session.execute(
            select(SyncState.status).where(
                SyncState.provider == sync.provider,
                SyncState.entity_type == "client",
                SyncState.entity_id == client_id,
            )
        )
    ).scalar_one_or_none()
    return status == "failed"


async def _signal(sync: SyncInput, entity_type: str, entity_id: str) -> None:
    """Signal-with-start another entity's sync from this activity."""
    await request_sync(
        activity.client(),
        sync.model_copy(update={"entity_type": entity_type, "entity_id": entity_id}),
        task_queue=activity.info().task_queue,
    )


async def _await_company(sync: SyncInput, client_id: str) -> None:
    """Hand the company to the client's own sync and retry this push once it may be mapped.
    Creating it here could race that sync (or another deal push) into two CRM companies."""
    await _signal(sync, "client", client_id)
    delay = min(timedelta(seconds=2 ** min(activity.info().attempt - 1, 5)), COMPANY_WAIT_CAP)
    raise ApplicationError(
        f"waiting for client {client_id} to be synced to {display_name(sync.provider)}",
        type="AwaitingCompany",
        next_retry_delay=delay,
    )


async def record_state(
    session: AsyncSession, sync: SyncInput, *, status: str, error: str | None
) -> None:
    state = (
        await session.execute(
            select(SyncState).where(
                SyncState.provider == sync.provider,
                SyncState.entity_type == sync.entity_type,
                SyncState.entity_id == sync.entity_id,
            )
        )
    ).scalar_one_or_none()
    if state is None:
        state = SyncState(
            id=new_id("sync"),
            organization_id=sync.organization_id,
            provider=sync.provider,
            entity_type=sync.entity_type,
            entity_id=sync.entity_id,
        )
        session.add(state)
    now = datetime.now(UTC)
    state.status, state.last_error, state.last_attempt_at = status, error, now
    if status == "synced":
        state.synced_at = now
    await session.flush()


async def record_auth_error(session: AsyncSession, provider: str, message: str) -> None:
    """The connection shows the refusal (``GET /v1/integrations``) until a reconnect."""
    connection = await provider_connection(session, provider)
    if connection is not None:
        connection.status = "error"
        connection.last_error = f"{display_name(provider)} rejected the token: {message}"[:1000]
        connection.last_error_at = datetime.now(UTC)


async def record_refusal(
    sessionmaker: async_sessionmaker[AsyncSession], sync: SyncInput, exc: Rejected
) -> None:
    """The provider's refusal on the entity's sync state, and a refused token on the
    connection too."""
    async with tenant_session(sessionmaker, [sync.organization_id]) as session:
        await record_state(session, sync, status="failed", error=exc.message[:1000])
        if isinstance(exc, Unauthorized):
            await record_auth_error(session, sync.provider, exc.message)


class NotConnected(Exception):
    """The organization has no usable connection to the provider."""


async def provider_connection(
    session: AsyncSession, provider: str, *, lock: bool = False
) -> IntegrationConnection | None:
    query = select(IntegrationConnection).where(
        IntegrationConnection.provider == provider,
        IntegrationConnection.status != "disconnected",
    )
    if lock:
        # The row may already be in the session, read before the lock: populate_existing makes
        # the locked read replace it with what the lock holder committed (a refreshed token).
        query = query.with_for_update().execution_options(populate_existing=True)
    return (await session.execute(query)).scalar_one_or_none()


def _open(box: SecretBox, connection: IntegrationConnection | None) -> TokenCredentials | None:
    if connection is None or connection.credentials is None:
        return None
    try:
        return TokenCredentials.open(box, connection.credentials)
    except (DecryptionError, KeyError, ValueError):
        return None


class SyncActivities:
    """The ``sync_push`` activity: the sync's provider is looked up among the registered
    pushes (the CRM push for HubSpot and Salesforce, invoicing for QuickBooks when the root
    wires it)."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        box: SecretBox,
        *,
        hubspot: CrmFactory | None = None,
        hubspot_auth: CrmAuth | None = None,
        salesforce: CrmFactory | None = None,
        salesforce_auth: CrmAuth | None = None,
        quickbooks: ProviderPush | None = None,
        xero: ProviderPush | None = None,
        asana: ProviderPush | None = None,
        monday: ProviderPush | None = None,
        sealing: Sealing | None = None,
    ) -> None:
        sealing = sealing or Sealing.configured(sessionmaker)
        self._pushes = ProviderRegistry[ProviderPush](
            "sync push",
            {
                "hubspot": CrmPush(
                    sessionmaker,
                    box,
                    hubspot or hubspot_factory(),
                    hubspot_auth or HubSpotOAuth(),
                    sealing,
                ).push,
                "salesforce": CrmPush(
                    sessionmaker,
                    box,
                    salesforce or salesforce_factory(),
                    salesforce_auth or SalesforceOAuth(),
                    sealing,
                ).push,
                "quickbooks": quickbooks,
                "xero": xero,
                "asana": asana,
                "monday": monday,
            },
        )

    @activity.defn(name="sync_push")
    async def push(self, sync: SyncInput) -> SyncResult:
        try:
            provider_push = self._pushes.resolve(sync.provider)
        except UnknownProvider as exc:
            raise to_application_error(exc) from None
        return await provider_push(sync)


class CrmWork:
    """What every piece of CRM work is given: the sessions, the credentials' box, the factory
    of the provider's client and its OAuth token endpoint (for connections made with OAuth).

    An OAuth access token that expires within :data:`REFRESH_MARGIN` is refreshed before use
    (or, for a JWT bearer connection, a new one minted), and one the CRM refuses is refreshed
    once and the work repeated. Refreshing happens under
    a row lock on the connection (concurrent pushes refresh once: the others find the new
    token) and the new token is sealed and committed before it is used."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        box: SecretBox,
        crm: CrmFactory,
        auth: CrmAuth | None = None,
        sealing: Sealing | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._box = box
        self._crm = crm
        self._auth = auth
        self._sealing = sealing or Sealing.configured(sessionmaker)

    async def with_credentials(
        self,
        organization_id: str,
        provider: str,
        work: Callable[[TokenCredentials, dict[str, Any]], Awaitable[T]],
    ) -> T:
        """``work`` with the connection's credentials and settings, repeated once with
        renewed credentials when the provider refuses the access token; raises
        :class:`NotConnected` when there is no connection."""
        credentials, settings = await self._credentials(organization_id, provider, refused=None)
        try:
            return await work(credentials, settings)
        except Unauthorized:
            fresh, _ = await self._credentials(
                organization_id, provider, refused=credentials.access_token
            )
            if fresh.access_token == credentials.access_token:
                raise  # not refreshable (a private-app token): the connection needs attention
            return await work(fresh, settings)

    async def _with_crm(
        self, organization_id: str, provider: str, work: Callable[[Crm], Awaitable[T]]
    ) -> T:
        """``work`` with a client of the organization's connection; raises
        :class:`NotConnected` when there is none, and ``RateLimited`` while the CRM's API
        allocation is nearly spent (``activities/crm_usage.py``)."""
        used: list[tuple[Crm, dict[str, Any]]] = []

        async def with_client(credentials: TokenCredentials, settings: dict[str, Any]) -> T:
            if not used:
                check_allowance(provider, settings, datetime.now(UTC))
            used.append((self._crm(credentials, settings), settings))
            return await work(used[-1][0])

        try:
            return await self.with_credentials(organization_id, provider, with_client)
        finally:
            if used:
                await self._note_usage(organization_id, provider, used[-1][1], used[-1][0])

    async def _note_usage(
        self, organization_id: str, provider: str, settings: dict[str, Any], crm: Crm
    ) -> None:
        usage, now = crm.api_usage(), datetime.now(UTC)
        if usage is None or not worth_recording(settings, usage, now):
            return
        async with tenant_session(self._sessionmaker, [organization_id]) as session:
            await record_usage(session, provider, usage, now)

    async def _credentials(
        self, organization_id: str, provider: str, *, refused: str | None
    ) -> tuple[TokenCredentials, dict[str, Any]]:
        """The connection's credentials (refreshed when due) and its settings."""
        now = datetime.now(UTC)
        async with tenant_session(self._sessionmaker, [organization_id]) as session:
            connection = await provider_connection(session, provider)
            credentials = _open(self._box, connection)
            if connection is None or credentials is None:
                raise NotConnected(provider)
            settings = dict(connection.settings or {})
            if self._auth is None or not credentials.needs_refresh(now, REFRESH_MARGIN, refused):
                return credentials, settings
            connection = await provider_connection(session, provider, lock=True)
            credentials = _open(self._box, connection)
            if connection is None or credentials is None:
                raise NotConnected(provider)
            if not credentials.renewable:
                return credentials, settings
            if not credentials.needs_refresh(now, REFRESH_MARGIN, refused):
                return credentials, settings  # another push refreshed it while we waited
            try:
                credentials = await renew(self._auth, credentials)
            except Unauthorized as exc:
                name = display_name(provider)
                raise Unauthorized(
                    f"{exc.message}: the {name} authorization was revoked; reconnect {name}",
                    provider=provider,
                    status=exc.status,
                ) from None
            connection.credentials = credentials.seal(self._box)
        return credentials, settings


class CrmPush(CrmWork):
    """Pushes clients, bookings and bulk bookings to one CRM (the provider of the sync)."""

    async def push(self, sync: SyncInput) -> SyncResult:
        try:
            external_id = await self._with_crm(
                sync.organization_id, sync.provider, lambda crm: self._push(crm, sync)
            )
        except NotConnected:
            return SyncResult(
                status="skipped", error=f"{display_name(sync.provider)} is not connected"
            )
        except IntegrationError as exc:
            if isinstance(exc, Rejected):
                await self._record_refusal(sync, exc)
            raise to_application_error(
                exc, during="the push", refused=f"the {sync.entity_type}"
            ) from None
        return SyncResult(status="synced", external_id=external_id)

    async def _record_refusal(self, sync: SyncInput, exc: Rejected) -> None:
        await record_refusal(self._sessionmaker, sync, exc)

    async def _push(self, crm: Crm, sync: SyncInput) -> str | None:
        if sync.entity_type == "client":
            return await self._push_client(crm, sync, sync.entity_id)
        if sync.entity_type == "bulk_booking":
            return await self._push_bulk_booking(crm, sync)
        if sync.entity_type == "milestone":
            return None  # milestones are invoiced, not kept in the CRM
        return await self._push_booking(crm, sync)

    async def _push_bulk_booking(self, crm: Crm, sync: SyncInput) -> str | None:
        """One deal for the whole batch: the sum of its sessions, the stage its status calls
        for, associated with its client's company when all its sessions are for one client."""
        async with tenant_session(self._sessionmaker, [sync.organization_id]) as session:
            facts = await load_bulk_deal(session, sync.entity_id)
            if facts is None:
                return None
            mapped = await _mapping(session, sync, "bulk_booking", sync.entity_id, "deal")
            company = (
                await _mapping(session, sync, "client", facts.client_id, "company")
                if facts.client_id
                else None
            )
            refused = (
                await _client_refused(session, sync, facts.client_id) if facts.client_id else False
            )
            known_deal = mapped.external_id if mapped else None
        company_id = company.external_id if company else None
        if facts.client_id and company_id is None and not refused:
            await _await_company(sync, facts.client_id)
        deal = Deal(
            name=facts.name,
            stage=crm.deal_stage_for(facts.deal_status),
            amount=facts.amount,
            currency=facts.currency,
            close_date=facts.close_date,
            company_id=company_id,
            key=sync.entity_id,
        )
        deal_id = await crm.upsert_deal(deal, known_id=known_deal)
        async with tenant_session(self._sessionmaker, [sync.organization_id]) as session:
            await save_mapping(
                session,
                sync,
                entity_type="bulk_booking",
                entity_id=sync.entity_id,
                object_type="deal",
                external_id=deal_id,
            )
            await record_state(session, sync, status="synced", error=None)
        return deal_id

    async def _push_client(self, crm: Crm, sync: SyncInput, client_id: str) -> str | None:
        """Only ever run by the client's own sync (one workflow per client), so the company's
        search-then-create and its mapping are never raced by another push."""
        async with tenant_session(self._sessionmaker, [sync.organization_id]) as session:
            client = await session.get(Client, client_id)
            if client is None:
                return None
            await self._sealing.open(session, [client])
            company = await _mapping(session, sync, "client", client_id, "company")
            contact = await _mapping(session, sync, "client", client_id, "contact")
            name, domain, email = client.name, client.domain, client.email
            known_company = company.external_id if company else None
            known_contact = contact.external_id if contact else None
        company_id = await crm.upsert_company(
            Company(name, domain, key=client_id), known_id=known_company
        )
        contact_id = (
            await crm.upsert_contact(
                email=email,
                name=name,
                known_id=known_contact,
                key=client_id,
                company_id=company_id,
            )
            if email
            else None
        )
        async with tenant_session(self._sessionmaker, [sync.organization_id]) as session:
            for object_type, external in (("company", company_id), ("contact", contact_id)):
                if external:
                    await save_mapping(
                        session,
                        sync,
                        entity_type="client",
                        entity_id=client_id,
                        object_type=object_type,
                        external_id=external,
                    )
            if sync.entity_type == "client":
                await record_state(session, sync, status="synced", error=None)
        return company_id

    async def _push_booking(self, crm: Crm, sync: SyncInput) -> str | None:
        async with tenant_session(self._sessionmaker, [sync.organization_id]) as session:
            booking = await session.get(Booking, sync.entity_id)
            if booking is None:
                return None
            if booking.batch_id is not None:
                # Part of its batch's one deal, which only the batch's sync writes (pushing
                # it from here could race that sync into a second deal).
                await _signal(sync, "bulk_booking", booking.batch_id)
                return None
            mapped = await _mapping(session, sync, "booking", booking.id, "deal")
            client_id = booking.client_id
            company = (
                await _mapping(session, sync, "client", client_id, "company") if client_id else None
            )
            assert booking.period.upper is not None
            deal = Deal(
                name=booking.title or f"Session {booking.id}",
                stage=crm.deal_stage_for(booking.status),
                amount=str(from_minor(booking.price_minor, booking.currency)),
                currency=booking.currency,
                close_date=booking.period.upper.astimezone(UTC).isoformat(),
                company_id=company.external_id if company else None,
                key=booking.id,
            )
            known_deal = mapped.external_id if mapped else None
            refused = await _client_refused(session, sync, client_id) if client_id else False
        if client_id and deal.company_id is None and not refused:
            await _await_company(sync, client_id)
        deal_id = await crm.upsert_deal(deal, known_id=known_deal)
        async with tenant_session(self._sessionmaker, [sync.organization_id]) as session:
            await save_mapping(
                session,
                sync,
                entity_type="booking",
                entity_id=sync.entity_id,
                object_type="deal",
                external_id=deal_id,
            )
            await record_state(session, sync, status="synced", error=None)
        return deal_id
