"""Dependencies the integration routes share: the deployment's secret box (sealed
credentials) and the way the API reaches Slack. Routes import them from here, never from
each other."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from core.config import Settings
from core.crypto import SecretBox
from integrations.slack import SlackClientFactory, slack_client_factory


def secret_box(settings: Settings) -> SecretBox:
    """The box that seals and opens integration credentials (current and previous keys)."""
    return SecretBox(settings.secret_key, settings.previous_secret_keys)


def get_slack_clients(request: Request) -> SlackClientFactory:
    """How the API reaches Slack: ``app.state.slack_client_factory`` when the composition root
    (or a test) set one, else the real Slack Web API."""
    factory: SlackClientFactory | None = getattr(request.app.state, "slack_client_factory", None)
    return factory or slack_client_factory()


SlackClientsDep = Annotated[SlackClientFactory, Depends(get_slack_clients)]
