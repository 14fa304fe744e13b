"""Request model of ``PUT /v1/integrations/monday``."""

from __future__ import annotations

from pydantic import Field, SecretStr

from api.schemas import RequestBody


class MondayConnectIn(RequestBody):
    """A Monday.com API token (a person's personal token, or the app's OAuth token), or an
    authorization code from Monday's consent redirect with the app that asked for it; and,
    optionally, the workspace new boards go in (docs/integrations/monday.md)."""

    access_token: SecretStr | None = Field(
        default=None,
        min_length=10,
        max_length=2000,
        description="A Monday.com API token (personal, or the app's OAuth token); or give "
        "authorization_code",
    )
    authorization_code: SecretStr | None = Field(
        default=None,
        min_length=5,
        max_length=2000,
        description="The code from Monday's consent redirect; exchanged for the app's token "
        "here (with client_id, client_secret and redirect_uri)",
    )
    client_id: str | None = Field(
        default=None, min_length=10, max_length=200, description="The Monday app's client id"
    )
    client_secret: SecretStr | None = Field(
        default=None, min_length=10, max_length=200, description="The Monday app's client secret"
    )
    redirect_uri: str | None = Field(
        default=None,
        max_length=2000,
        description="The redirect URI the code was issued for (with authorization_code)",
    )
    workspace_id: str | None = Field(
        default=None,
        pattern=r"^[0-9]{1,20}$",
        description="The workspace new boards go in; Monday's main workspace when omitted",
    )
