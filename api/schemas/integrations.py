"""Request and response models of ``api/routes/integrations.py``; ``IntegrationOut`` is the
answer of every provider's connect route."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field, SecretStr

from api.schemas import RequestBody, ResponseBody


class IntegrationOut(ResponseBody):
    object: Literal["integration"] = "integration"
    provider: str
    status: str
    external_account_id: str | None
    settings: dict[str, Any]
    last_error: str | None
    last_error_at: datetime | None
    created_at: datetime
    updated_at: datetime


class SlackConnectIn(RequestBody):
    bot_token: SecretStr = Field(min_length=10, max_length=255, description="xoxb-… bot token")
    signing_secret: SecretStr = Field(min_length=10, max_length=255)
    team_id: str | None = Field(
        default=None,
        pattern=r"^[TE][A-Z0-9]{2,30}$",
        description="When given, the token must belong to this workspace",
    )
    default_channel: str | None = Field(
        default=None,
        min_length=1,
        max_length=80,
        description="Where to post when an approver has no Slack account (channel id or #name)",
    )


class TeamsConnectIn(RequestBody):
    webhook_url: SecretStr = Field(
        max_length=2000, description="The https:// URL of a Teams Workflows webhook"
    )


class HubSpotConnectIn(RequestBody):
    access_token: SecretStr = Field(
        min_length=10,
        max_length=500,
        description="A private-app access token (pat-…) or an OAuth access token with the "
        "crm.objects.companies/contacts/deals read and write scopes",
    )
