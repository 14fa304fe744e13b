"""Request and response models of ``api/routes/integrations_quickbooks.py``."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from api.oauth_connect import OAuthConnectIn


class QuickBooksConnectIn(OAuthConnectIn):
    environment: Literal["production", "sandbox"] = "production"
    realm_id: str = Field(
        pattern=r"^[0-9]{1,32}$", description="The QuickBooks company id (realmId)"
    )
    item_id: str = Field(
        default="1",
        pattern=r"^[0-9]{1,20}$",
        description="The QuickBooks product/service invoice lines are booked to "
        "(1 is QuickBooks' built-in Services item)",
    )
