"""Reconciliation with an accounting ledger (QuickBooks, Xero): payments come back without
waiting for a re-push, and an invoice deleted in the ledger is handed to its sync.

One page of the organization's mappings for the provider at a time: every mapped invoice is
read (its open balance against its total) and what has been paid is written to the ledger by
the same code a push uses. A mapped invoice the ledger no longer has (or has deleted or
voided) is drift: the invoiced entity's ``SyncWorkflow`` gets the same signal-with-start a
change would, and decides there — under the three exactly-once layers — whether our side
still warrants an invoice. A session of a milestone is signalled through its milestone's
sync, which decides about all of them. Nothing here writes to the ledger.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from activities.accounting.invoicing import AccountingInvoicing, connection_of
from activities.errors import to_application_error
from core.db import tenant_session
from domain.connections.models import ExternalMapping
from domain.projects.plan_view import milestones_of_bookings
from integrations.accounting import InvoiceState
from integrations.errors import IntegrationError, Rejected, Unauthorized
from workflows.clients.sync import request_sync
from workflows.reconcile_types import ReconcilePage, ReconcilePageInput
from workflows.sync_types import EntityType, Provider, SyncInput

Invoiced = tuple[EntityType, str, str]  # (entity type, entity id, invoice id)


class InvoiceReconciliation:
    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], invoicing: AccountingInvoicing
    ) -> None:
        self._sessionmaker = sessionmaker
        self._invoicing = invoicing

    async def check_page(self, page: ReconcilePageInput) -> ReconcilePage:
        async with tenant_session(self._sessionmaker, [page.organization_id]) as session:
            connection = await connection_of(session, self._invoicing.provider)
            if connection is None or connection.status != "connected":
                return ReconcilePage(
                    status="stopped", reason=f"{self._invoicing.name} is not connected"
                )
            invoices, next_after = await _page(session, self._invoicing.provider, page)
        try:
            states = await self._invoicing.read_invoices(
                page.organization_id, [invoice_id for _t, _e, invoice_id in invoices]
            )
        except Unauthorized as exc:
            await self._invoicing.record_connection_error(page.organization_id, exc.message)
            return ReconcilePage(status="stopped", reason=exc.message)
        except IntegrationError as exc:
            raise to_application_error(exc, during="reconciliation") from None
        paid: list[tuple[str, str, InvoiceState]] = []
        deleted: list[tuple[EntityType, str]] = []
        errors: list[str] = []
        for entity_type, entity_id, invoice_id in invoices:
            state = states[invoice_id]
            if isinstance(state, InvoiceState):
                paid.append((entity_type, entity_id, state))
            elif isinstance(state, Rejected):
                errors.append(f"invoice {invoice_id}: {state.message}"[:300])
            else:
                deleted.append((entity_type, entity_id))
        await self._invoicing.record_read_back(page.organization_id, paid)
        repaired = await self._repair(page, deleted)
        return ReconcilePage(
            checked=len(invoices), repaired=repaired, errors=errors, next_after=next_after
        )

    async def _repair(self, page: ReconcilePageInput, deleted: list[tuple[EntityType, str]]) -> int:
        """Signal the sync of every entity whose invoice was deleted (once per sync)."""
        if not deleted:
            return 0
        async with tenant_session(self._sessionmaker, [page.organization_id]) as session:
            milestones = await milestones_of_bookings(
                session, [e for t, e in deleted if t == "booking"]
            )
        targets = {("milestone", milestones[e]) if e in milestones else (t, e) for t, e in deleted}
        for entity_type, entity_id in sorted(targets):
            activity.logger.info(
                "reconciliation: the invoice of %s %s was deleted", entity_type, entity_id
            )
            await request_sync(
                activity.client(),
                SyncInput(
                    organization_id=page.organization_id,
                    provider=cast(Provider, self._invoicing.provider),
                    entity_type=entity_type,
                    entity_id=entity_id,
                ),
                task_queue=activity.info().task_queue,
            )
        return len(targets)


async def _page(
    session: AsyncSession, provider: str, page: ReconcilePageInput
) -> tuple[list[Invoiced], str | None]:
    """One page of the provider's mappings by id; of those, the invoices of sessions and
    milestones (customers and invoice lines need no check of their own)."""
    query = select(ExternalMapping).where(ExternalMapping.provider == provider)
    if page.after is not None:
        query = query.where(ExternalMapping.id > page.after)
    rows = (
        (await session.execute(query.order_by(ExternalMapping.id).limit(page.limit)))
        .scalars()
        .all()
    )
    next_after = rows[-1].id if len(rows) == page.limit else None
    invoices: list[Invoiced] = [
        ("booking" if r.entity_type == "booking" else "milestone", r.entity_id, r.external_id)
        for r in rows
        if r.object_type == "invoice" and r.entity_type in ("booking", "milestone")
    ]
    return invoices, next_after
