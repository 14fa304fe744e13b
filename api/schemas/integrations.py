"""Request and response models of ``api/routes/integrations.py``; ``IntegrationOut`` is the
answer of every provider's connect route."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field, SecretStr

from api.schemas import RequestBody, ResponseBody
from domain.dates import Timestamp


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


class BackfillOut(ResponseBody):
    """A backfill started (or the one already running, joined); its summary appears on the
    connection as ``settings.last_backfill`` when it ends."""

    object: Literal["salesforce_backfill"] = "salesforce_backfill"
    workflow_id: str


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


GUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


class TeamsBotConnectIn(RequestBody):
    """The organization's Teams bot: its Entra app registration (docs/integrations/teams.md)."""

    app_id: str = Field(pattern=GUID, description="The bot's Microsoft App ID (a GUID)")
    app_password: SecretStr = Field(
        min_length=10, max_length=255, description="A client secret of the bot's app registration"
    )
    tenant_id: str = Field(
        pattern=GUID, description="The Microsoft Entra tenant whose Teams may use the bot"
    )


class HubSpotConnectIn(RequestBody):
    """A private app's ``access_token`` alone; or OAuth: the ``authorization_code`` of the
    app's install redirect with ``client_id``, ``client_secret`` and ``redirect_uri``, or an
    OAuth ``access_token`` with its ``refresh_token``, ``client_id`` and ``client_secret``."""

    access_token: SecretStr | None = Field(
        default=None,
        min_length=10,
        max_length=500,
        description="A private-app access token (pat-…) or an OAuth access token with the "
        "crm.objects.companies/contacts/deals read and write scopes",
    )
    refresh_token: SecretStr | None = Field(
        default=None,
        min_length=10,
        max_length=500,
        description="The OAuth refresh token of access_token; access tokens are then "
        "refreshed before they expire",
    )
    expires_at: Timestamp | None = Field(
        default=None, description="When the OAuth access_token expires (default: 25 minutes)"
    )
    authorization_code: SecretStr | None = Field(
        default=None,
        min_length=5,
        max_length=2000,
        description="The code from HubSpot's install redirect; exchanged for tokens here",
    )
    client_id: str | None = Field(
        default=None, min_length=10, max_length=200, description="The HubSpot app's client id"
    )
    client_secret: SecretStr | None = Field(default=None, min_length=10, max_length=200)
    redirect_uri: str | None = Field(
        default=None,
        max_length=2000,
        description="The redirect URI the code was issued for (with authorization_code)",
    )


class SalesforceConnectIn(RequestBody):
    """OAuth 2.0 web-server flow: the ``authorization_code`` of the Connected App's redirect
    with ``client_id``, ``client_secret`` and ``redirect_uri``; or a token pair already issued
    to the app: ``access_token``, ``refresh_token`` and ``instance_url`` with ``client_id`` and
    ``client_secret``. Server to server (the JWT bearer flow): ``client_id``, ``username`` and
    the ``private_key`` whose certificate the Connected App holds."""

    authorization_code: SecretStr | None = Field(
        default=None,
        min_length=5,
        max_length=2000,
        description="The code from Salesforce's redirect; exchanged for tokens here",
    )
    client_id: str | None = Field(
        default=None,
        min_length=10,
        max_length=300,
        description="The Connected App's consumer key",
    )
    client_secret: SecretStr | None = Field(
        default=None, min_length=10, max_length=300, description="The consumer secret"
    )
    redirect_uri: str | None = Field(
        default=None,
        max_length=2000,
        description="The callback URL the code was issued for (with authorization_code)",
    )
    access_token: SecretStr | None = Field(
        default=None,
        min_length=10,
        max_length=2000,
        description="An access token of the app (with refresh_token and instance_url)",
    )
    refresh_token: SecretStr | None = Field(default=None, min_length=10, max_length=2000)
    instance_url: str | None = Field(
        default=None,
        pattern=r"^https://[A-Za-z0-9.-]+(:[0-9]+)?/?$",
        max_length=300,
        description="The organization's instance (https://…my.salesforce.com), as Salesforce "
        "returned it with the tokens",
    )
    username: str | None = Field(
        default=None,
        min_length=3,
        max_length=254,
        description="JWT bearer flow: the Salesforce user the integration acts as, "
        "pre-authorized for the Connected App",
    )
    private_key: SecretStr | None = Field(
        default=None,
        min_length=100,
        max_length=10000,
        description="JWT bearer flow: the RSA private key (PEM) whose certificate is uploaded "
        "to the Connected App; stored encrypted, never shown",
    )
