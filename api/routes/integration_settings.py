"""Settings of integration connections beyond their credentials: how often a CRM connection
is reconciled (and what the last reconciliations found), which Salesforce opportunity stage
each booking status maps to, and which events a Slack connection posts to which channel.

Settings live on the connection row (``settings``), so a reconnect keeps them; the
reconciliation Schedule is brought in line after the change has committed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Path, Request

from api.after_commit import sync_reconcile_schedule
from api.deps import ActorDep, CanReadIntegrations, CanWriteIntegrations, TenantSession
from api.schemas import ListResponse
from api.schemas.integration_settings import (
    IntegrationSettingsIn,
    IntegrationSettingsOut,
    NotificationsIn,
    NotificationsOut,
    ReconciliationOut,
)
from domain.connections import service as connections
from domain.connections.models import PROVIDERS
from domain.errors import InvalidRequest
from integrations.salesforce import OPPORTUNITY_STAGES
from workflows.reconcile_types import RECONCILED_PROVIDERS, reconcile_every_hours
from workflows.sync_types import ACCOUNTING_PROVIDERS

router = APIRouter(prefix="/v1/integrations", tags=["integrations"])
ProviderPath = Annotated[str, Path(pattern=f"^({'|'.join(PROVIDERS)})$")]


def _settings_changes(provider: str, body: IntegrationSettingsIn) -> dict[str, Any]:
    """The settings to store; 422 naming the field for one the provider does not take."""
    if provider not in RECONCILED_PROVIDERS:
        raise InvalidRequest(
            f"{provider} is not reconciled; only {', '.join(RECONCILED_PROVIDERS)} are",
            param="provider",
            code="not_reconciled",
        )
    if body.invoice_per is not None and provider not in ACCOUNTING_PROVIDERS:
        raise InvalidRequest(
            "invoice_per is a setting of QuickBooks and Xero",
            param="invoice_per",
            code="not_supported",
        )
    if body.opportunity_stages is not None:
        _check_stages(provider, body.opportunity_stages)
    changes = body.model_dump(exclude_none=True)
    if not changes:
        raise InvalidRequest(
            "give reconcile_every_hours, invoice_per or opportunity_stages",
            param="reconcile_every_hours",
            code="no_settings",
        )
    return changes


def _check_stages(provider: str, stages: dict[str, str]) -> None:
    """422 naming the entry: a status we do not have, or an empty or overlong stage name."""
    if provider != "salesforce":
        raise InvalidRequest(
            "opportunity_stages is a Salesforce setting",
            param="opportunity_stages",
            code="not_supported",
        )
    for status, stage in stages.items():
        if status not in OPPORTUNITY_STAGES:
            raise InvalidRequest(
                f"unknown booking status {status!r}; statuses are: "
                + ", ".join(OPPORTUNITY_STAGES),
                param=f"opportunity_stages.{status}",
                code="unknown_status",
            )
        if not stage.strip() or len(stage) > 255:
            raise InvalidRequest(
                f"the stage of {status} must be 1 to 255 characters",
                param=f"opportunity_stages.{status}",
                code="invalid_stage",
            )


@router.patch(
    "/{provider}",
    summary="Change how often a connection is reconciled, how QuickBooks invoices, and "
    "Salesforce's opportunity stages",
)
async def update_integration(
    provider: ProviderPath,
    body: IntegrationSettingsIn,
    request: Request,
    background: BackgroundTasks,
    principal: CanWriteIntegrations,
    session: TenantSession,
    actor: ActorDep,
) -> IntegrationSettingsOut:
    changes = _settings_changes(provider, body)
    connection = await connections.connection_for_update(session, provider)
    await connections.change_settings(session, connection, changes, actor=actor)
    every = reconcile_every_hours(connection.settings)
    if "reconcile_every_hours" in changes:
        background.add_task(
            sync_reconcile_schedule, request.app.state, principal.organization_id, provider, every
        )
    return IntegrationSettingsOut(
        provider=provider,
        reconcile_every_hours=every,
        invoice_per=connection.settings.get("invoice_per", "session")
        if provider in ACCOUNTING_PROVIDERS
        else None,
        opportunity_stages={
            **OPPORTUNITY_STAGES,
            **(connection.settings.get("opportunity_stages") or {}),
        }
        if provider == "salesforce"
        else None,
    )


@router.get(
    "/{provider}/reconciliations",
    summary="The last reconciliations of a connection, newest first",
)
async def list_reconciliations(
    provider: ProviderPath,
    principal: CanReadIntegrations,
    session: TenantSession,
) -> ListResponse[ReconciliationOut]:
    settings = await connections.connection_settings(session, provider)
    history = (settings or {}).get("reconciliations") or []
    return ListResponse(data=[ReconciliationOut.model_validate(h) for h in history], has_more=False)


# --- Slack event notifications ---------------------------------------------------------------


@router.put("/slack/notifications", summary="Choose which events are posted to which Slack channel")
async def put_slack_notifications(
    body: NotificationsIn,
    principal: CanWriteIntegrations,
    session: TenantSession,
    actor: ActorDep,
) -> NotificationsOut:
    """Replaces the routes (an empty list stops every notice). Events that happened before
    the change are not posted."""
    routes = await connections.set_notification_routes(
        session,
        [(r.event_type, r.channel) for r in body.routes],
        now=datetime.now(UTC),
        actor=actor,
    )
    return NotificationsOut.model_validate({"routes": routes})


@router.get("/slack/notifications", summary="Which events are posted to which Slack channel")
async def get_slack_notifications(
    principal: CanReadIntegrations,
    session: TenantSession,
) -> NotificationsOut:
    settings = await connections.connection_settings(session, "slack")
    return NotificationsOut.model_validate({"routes": (settings or {}).get("notifications") or []})
