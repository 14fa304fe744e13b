"""Request model of ``PUT /v1/integrations/monday``."""

from __future__ import annotations

from pydantic import Field, SecretStr

from api.schemas import RequestBody


class MondayConnectIn(RequestBody):
    """A Monday.com API token (a person's personal token, or the app's OAuth token) and,
    optionally, the workspace new boards go in (docs/integrations/monday.md)."""

    access_token: SecretStr = Field(
        min_length=10,
        max_length=2000,
        description="A Monday.com API token (personal, or the app's OAuth token)",
    )
    workspace_id: str | None = Field(
        default=None,
        pattern=r"^[0-9]{1,20}$",
        description="The workspace new boards go in; Monday's main workspace when omitted",
    )
