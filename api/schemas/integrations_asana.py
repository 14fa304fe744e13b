"""Request model of ``PUT /v1/integrations/asana``."""

from __future__ import annotations

from pydantic import Field, SecretStr

from api.schemas import RequestBody

GID = r"^[0-9]{1,30}$"


class AsanaConnectIn(RequestBody):
    """A personal access token or a service account's token, or an authorization code from
    Asana's consent redirect with the OAuth app that asked for it (its access token is then
    refreshed as it expires); and the workspace to sync with (docs/integrations/asana.md)."""

    access_token: SecretStr | None = Field(
        default=None,
        min_length=10,
        max_length=500,
        description="An Asana personal access token or service account token; or give "
        "authorization_code",
    )
    authorization_code: SecretStr | None = Field(
        default=None,
        min_length=5,
        max_length=2000,
        description="The code from Asana's consent redirect; exchanged for tokens here (with "
        "client_id, client_secret and redirect_uri)",
    )
    client_id: str | None = Field(
        default=None, min_length=5, max_length=200, description="The Asana app's client id"
    )
    client_secret: SecretStr | None = Field(
        default=None, min_length=10, max_length=200, description="The Asana app's client secret"
    )
    redirect_uri: str | None = Field(
        default=None,
        max_length=2000,
        description="The redirect URI the code was issued for (with authorization_code)",
    )
    workspace_gid: str = Field(pattern=GID, description="The Asana workspace (organization)")
    team_gid: str | None = Field(
        default=None,
        pattern=GID,
        description="The team new projects go in; required when the workspace is an organization",
    )
