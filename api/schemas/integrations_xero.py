"""Request models of ``api/routes/integrations_xero.py``."""

from __future__ import annotations

from pydantic import Field, SecretStr

from api.schemas import RequestBody
from domain.dates import Timestamp


class XeroConnectIn(RequestBody):
    """The Xero app, its tokens (or an authorization code to exchange) and the organisation
    (tenant) to invoice in."""

    client_id: str = Field(min_length=10, max_length=200, description="The Xero app's client id")
    client_secret: SecretStr = Field(min_length=10, max_length=200)
    authorization_code: SecretStr | None = Field(
        default=None,
        min_length=5,
        max_length=2000,
        description="The code from Xero's consent redirect; exchanged for tokens here",
    )
    redirect_uri: str | None = Field(
        default=None,
        max_length=2000,
        description="The redirect URI the code was issued for (with authorization_code)",
    )
    access_token: SecretStr | None = Field(default=None, min_length=10, max_length=4000)
    refresh_token: SecretStr | None = Field(default=None, min_length=10, max_length=500)
    expires_at: Timestamp | None = Field(
        default=None, description="When access_token expires; refreshed before then"
    )
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
