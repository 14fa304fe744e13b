"""Activities of reconciliation (``ReconcileWorkflow``). ``check_page`` looks the provider's
page check up in a registry: a CRM's (HubSpot, Salesforce) is :class:`CrmReconciliation`
here, QuickBooks' and Xero's (payments read back, deleted invoices) is
``activities/accounting/reconciliation.py``; a provider without one stops the run with a
reason.

A CRM page check reads one page of an organization's external mappings, asks the CRM about
each mapped object (does the company/contact still exist; does the deal exist and sit in the
stage its booking's status calls for) and, for every drifted entity, sends the same
signal-with-start a change would (``request_sync``), so ``SyncWorkflow`` repairs it with its
own retries and refusals. Nothing here writes to the provider.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from activities.accounting.reconciliation import InvoiceReconciliation
from activities.errors import to_application_error
from activities.quickbooks.reconciliation import QuickBooksReconciliation
from activities.sync import CrmWork, NotConnected, record_auth_error
from core.crypto import SecretBox
from core.db import tenant_session
from domain.bookings.models import Booking
from domain.bulk.deals import load_bulk_deals
from domain.connections.models import ExternalMapping, IntegrationConnection
from domain.resources.models import Client as ClientRecord
from integrations.crm import Crm, CrmAuth, CrmFactory, ObjectType
from integrations.errors import IntegrationError, RateLimited, Unauthorized, Unavailable
from integrations.hubspot import HubSpotOAuth, hubspot_factory
from integrations.registry import ProviderRegistry, display_name
from integrations.salesforce import SalesforceOAuth, salesforce_factory
from workflows.clients.sync import request_sync
from workflows.reconcile_types import (
    ReconcilePage,
    ReconcilePageInput,
    ReconcileSummary,
)
from workflows.sync_types import EntityType, SyncInput

HISTORY = 20  # reconciliation summaries kept on a connection, newest first
PageCheck = Callable[[ReconcilePageInput], Awaitable[ReconcilePage]]


@dataclass(frozen=True, slots=True)
class Mapped:
    """One mapping to check, with what our side says the object should look like."""

    entity_type: EntityType
    entity_id: str
    object_type: ObjectType
    external_id: str
    expected_stage: str | None = None


def _drift(item: Mapped, found: dict[str, str]) -> str | None:
    """Why the mapped CRM object drifted (``found``: the existing objects of its type, with
    their deal stages), or ``None`` when it matches."""
    if item.external_id not in found:
        return f"{item.object_type} deleted"
    stage = found[item.external_id]
    if item.object_type == "deal" and item.expected_stage and stage != item.expected_stage:
        return f"deal in stage {stage}, not {item.expected_stage}"
    return None


class ReconcileActivities:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        box: SecretBox,
        *,
        hubspot: CrmFactory | None = None,
        hubspot_auth: CrmAuth | None = None,
        salesforce: CrmFactory | None = None,
        salesforce_auth: CrmAuth | None = None,
        quickbooks: QuickBooksReconciliation | None = None,
        xero: InvoiceReconciliation | None = None,
        asana: PageCheck | None = None,
        monday: PageCheck | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._checks = ProviderRegistry[PageCheck](
            "reconciliation",
            {
                "hubspot": CrmReconciliation(
                    sessionmaker, box, hubspot or hubspot_factory(), hubspot_auth or HubSpotOAuth()
                ).check_page,
                "salesforce": CrmReconciliation(
                    sessionmaker,
                    box,
                    salesforce or salesforce_factory(),
                    salesforce_auth or SalesforceOAuth(),
                ).check_page,
                "quickbooks": quickbooks.check_page if quickbooks is not None else None,
                "xero": xero.check_page if xero is not None else None,
                "asana": asana,
                "monday": monday,
            },
        )

    @activity.defn(name="reconcile_check_page")
    async def check_page(self, page: ReconcilePageInput) -> ReconcilePage:
        if page.provider not in self._checks:
            return ReconcilePage(
                status="stopped", reason=f"{page.provider} has no reconciliation yet"
            )
        return await self._checks.resolve(page.provider)(page)

    @activity.defn(name="reconcile_record")
    async def record(self, summary: ReconcileSummary) -> None:
        """Keep the summary on the connection (newest first, the last :data:`HISTORY`), where
        ``GET /v1/integrations`` and ``…/{provider}/reconciliations`` show it."""
        async with tenant_session(self._sessionmaker, [summary.organization_id]) as session:
            connection = (
                await session.execute(
                    select(IntegrationConnection)
                    .where(IntegrationConnection.provider == summary.provider)
                    .with_for_update()
                )
            ).scalar_one_or_none()
            if connection is None:
                return
            settings: dict[str, Any] = dict(connection.settings or {})
            history = [summary.model_dump(mode="json")]
            history += [
                h
                for h in settings.get("reconciliations") or []
                if h.get("started_at") != history[0]["started_at"]  # a retried record
            ]
            settings["reconciliations"] = history[:HISTORY]
            connection.settings = settings


class CrmReconciliation(CrmWork):
    """The page check of one CRM (the provider of the page)."""

    async def check_page(self, page: ReconcilePageInput) -> ReconcilePage:
        name = display_name(page.provider)
        try:
            return await self._with_crm(
                page.organization_id, page.provider, lambda crm: self._check(page, crm)
            )
        except NotConnected:
            return ReconcilePage(status="stopped", reason=f"{name} is not connected")
        except Unauthorized as exc:
            async with tenant_session(self._sessionmaker, [page.organization_id]) as session:
                await record_auth_error(session, page.provider, exc.message)
            return ReconcilePage(
                status="stopped", reason=f"{name} rejected the token: {exc.message}"
            )
        except (RateLimited, Unavailable) as exc:
            raise to_application_error(exc, during="reconciliation") from None

    async def _check(self, page: ReconcilePageInput, crm: Crm) -> ReconcilePage:
        """One batch read per object type of the page (the adapter splits it into the
        provider's batch size); a batch the CRM refuses is an error of the summary."""
        async with tenant_session(self._sessionmaker, [page.organization_id]) as session:
            mappings, next_after = await self._page(session, page, crm)
        kinds = list(dict.fromkeys(m.object_type for m in mappings))
        found: dict[ObjectType, dict[str, str]] = {}
        errors: list[str] = []
        for kind in kinds:
            ids = [m.external_id for m in mappings if m.object_type == kind]
            try:
                found[kind] = await crm.batch_read(kind, ids)
            except (Unauthorized, RateLimited, Unavailable):
                raise
            except IntegrationError as exc:
                errors.append(f"{kind} batch of {len(ids)}: {exc.message}"[:300])
        drifted: dict[tuple[EntityType, str], str] = {}
        for item in mappings:
            why = _drift(item, found[item.object_type]) if item.object_type in found else None
            if why is not None:
                drifted.setdefault((item.entity_type, item.entity_id), why)
        await self._repair(page, drifted)
        return ReconcilePage(
            checked=len(mappings), repaired=len(drifted), errors=errors, next_after=next_after
        )

    async def _page(
        self, session: AsyncSession, page: ReconcilePageInput, crm: Crm
    ) -> tuple[list[Mapped], str | None]:
        query = select(ExternalMapping).where(ExternalMapping.provider == page.provider)
        if page.after is not None:
            query = query.where(ExternalMapping.id > page.after)
        rows = (
            (await session.execute(query.order_by(ExternalMapping.id).limit(page.limit)))
            .scalars()
            .all()
        )
        next_after = rows[-1].id if len(rows) == page.limit else None
        booking_ids = [r.entity_id for r in rows if r.entity_type == "booking"]
        client_ids = [r.entity_id for r in rows if r.entity_type == "client"]
        statuses: dict[str, str] = dict(
            (
                await session.execute(
                    select(Booking.id, Booking.status).where(Booking.id.in_(booking_ids))
                )
            ).all()
        )
        clients = set(
            (await session.execute(select(ClientRecord.id).where(ClientRecord.id.in_(client_ids))))
            .scalars()
            .all()
        )
        deals = await load_bulk_deals(
            session, [r.entity_id for r in rows if r.entity_type == "bulk_booking"]
        )
        mapped: list[Mapped] = []
        for row in rows:
            kind = cast(ObjectType, row.object_type)
            # An entity deleted on our side is not drift: there is nothing left to push.
            if row.entity_type == "booking" and row.entity_id in statuses:
                stage = crm.deal_stage_for(statuses[row.entity_id])
                mapped.append(Mapped("booking", row.entity_id, kind, row.external_id, stage))
            elif row.entity_type == "client" and row.entity_id in clients:
                mapped.append(Mapped("client", row.entity_id, kind, row.external_id))
            elif row.entity_type == "bulk_booking" and row.entity_id in deals:
                stage = crm.deal_stage_for(deals[row.entity_id].deal_status)
                mapped.append(Mapped("bulk_booking", row.entity_id, "deal", row.external_id, stage))
        return mapped, next_after

    async def _repair(
        self, page: ReconcilePageInput, drifted: dict[tuple[EntityType, str], str]
    ) -> None:
        """Signal-with-start each drifted entity's sync (a retried page only signals again,
        which collapses into the running push)."""
        if not drifted:
            return
        client = activity.client()
        task_queue = activity.info().task_queue
        for (entity_type, entity_id), why in drifted.items():
            activity.logger.info("reconciliation repairs %s %s: %s", entity_type, entity_id, why)
            await request_sync(
                client,
                SyncInput(
                    organization_id=page.organization_id,
                    provider=page.provider,
                    entity_type=entity_type,
                    entity_id=entity_id,
                ),
                task_queue=task_queue,
            )
