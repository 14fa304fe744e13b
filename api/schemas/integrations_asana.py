"""Request model of ``PUT /v1/integrations/asana``."""

from __future__ import annotations

from pydantic import Field, SecretStr

from api.schemas import RequestBody

GID = r"^[0-9]{1,30}$"


class AsanaConnectIn(RequestBody):
    """A personal access token or a service account's token, and the workspace to sync
    with (docs/integrations/asana.md)."""

    access_token: SecretStr = Field(
        min_length=10,
        max_length=500,
        description="An Asana personal access token or service account token",
    )
    workspace_gid: str = Field(pattern=GID, description="The Asana workspace (organization)")
    team_gid: str | None = Field(
        default=None,
        pattern=GID,
        description="The team new projects go in; required when the workspace is an organization",
    )
