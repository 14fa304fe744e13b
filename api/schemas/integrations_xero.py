"""Request models of ``api/routes/integrations_xero.py``."""

from __future__ import annotations

from pydantic import Field

from api.oauth_connect import OAuthConnectIn


class XeroConnectIn(OAuthConnectIn):
    """The Xero app, its tokens (or an authorization code to exchange) and the organisation
    (tenant) to invoice in."""

    tenant_id: str | None = Field(
        default=None,
        pattern=r"^[0-9a-fA-F-]{36}$",
        description="The Xero organisation (tenant) to invoice in, among those the consent "
        "opened; may be left out when it opened exactly one",
    )
    account_code: str = Field(
        default="200",
        pattern=r"^[0-9A-Za-z.\-]{1,10}$",
        description="The sales account invoice lines are booked to (200 is Sales in Xero's "
        "default chart of accounts)",
    )
