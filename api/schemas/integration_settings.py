"""Request and response models of ``api/routes/integration_settings.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from api.schemas import RequestBody, ResponseBody
from domain.finance.invoicing import InvoicePer
from integrations.salesforce import OPPORTUNITY_STAGES
from workflows.reconcile_types import MAX_EVERY_HOURS, MIN_EVERY_HOURS

MAX_ROUTES = 50


class IntegrationSettingsIn(RequestBody):
    reconcile_every_hours: int | None = Field(
        default=None,
        ge=MIN_EVERY_HOURS,
        le=MAX_EVERY_HOURS,
        description="How often the connection is reconciled (hours; default 24)",
    )
    invoice_per: InvoicePer | None = Field(
        default=None,
        description="QuickBooks and Xero only: one invoice per completed session (default), or "
        "one per completed milestone with a line per session. Work already invoiced is never "
        "invoiced again either way.",
    )
    opportunity_stages: dict[str, str] | None = Field(
        default=None,
        max_length=len(OPPORTUNITY_STAGES),
        description="Salesforce only: booking status → the opportunity stage (the API name of "
        "a value of the StageName picklist). Replaces the previous mapping; a status left out "
        "gets the default: " + ", ".join(f"{k} → {v}" for k, v in OPPORTUNITY_STAGES.items()),
    )


class IntegrationSettingsOut(ResponseBody):
    object: Literal["integration_settings"] = "integration_settings"
    provider: str
    reconcile_every_hours: int
    invoice_per: InvoicePer | None = None
    opportunity_stages: dict[str, str] | None = Field(
        default=None, description="Salesforce: the stage each booking status maps to"
    )


class ReconciliationOut(ResponseBody):
    object: Literal["reconciliation"] = "reconciliation"
    provider: str
    status: str
    reason: str | None = None
    started_at: datetime
    finished_at: datetime
    checked: int
    repaired: int = Field(description="Drifted entities whose sync was started again")
    errors: int
    error_samples: list[str]


class NotificationRoute(RequestBody):
    event_type: str = Field(max_length=80, description="A type of the event catalog")
    channel: str = Field(
        pattern=r"^[CG][A-Z0-9]{6,20}$",
        description="The channel's ID (C… or G…, in the channel's details in Slack); the bot "
        "must be a member of it",
    )


class NotificationsIn(RequestBody):
    routes: list[NotificationRoute] = Field(max_length=MAX_ROUTES)


class NotificationRouteOut(ResponseBody):
    event_type: str
    channel: str
    since: datetime | None = Field(
        default=None, description="When the route was set: only later events are posted"
    )


class NotificationsOut(ResponseBody):
    object: Literal["slack_notifications"] = "slack_notifications"
    routes: list[NotificationRouteOut]
