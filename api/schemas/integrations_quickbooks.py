"""Request and response models of ``api/routes/integrations_quickbooks.py``."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr

from api.schemas import RequestBody
from domain.dates import Timestamp


class QuickBooksConnectIn(RequestBody):
    environment: Literal["production", "sandbox"] = "production"
    realm_id: str = Field(
        pattern=r"^[0-9]{1,32}$", description="The QuickBooks company id (realmId)"
    )
    client_id: str = Field(min_length=10, max_length=200, description="The Intuit app's id")
    client_secret: SecretStr = Field(min_length=10, max_length=200)
    authorization_code: SecretStr | None = Field(
        default=None,
        min_length=5,
        max_length=2000,
        description="The code from Intuit's consent redirect; exchanged for tokens here",
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
    item_id: str = Field(
        default="1",
        pattern=r"^[0-9]{1,20}$",
        description="The QuickBooks product/service invoice lines are booked to "
        "(1 is QuickBooks' built-in Services item)",
    )
