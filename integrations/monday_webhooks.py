"""Monday.com's inbound webhooks (:class:`~integrations.project_management.TaskWebhooks`).

- **Set-up.** ``create_webhook`` makes Monday POST ``{"challenge": "…"}`` to the URL; the
  answer echoes that body. Monday hands over no per-webhook secret.
- **Signature.** A webhook created with the app's OAuth token carries a JWT in
  ``Authorization`` (with or without ``Bearer``), signed HS256 with the **app's signing
  secret** — that secret is the one :meth:`MondayWebhooks.verify` is given. A delivery without
  a token, with a token signed by anything else, with another algorithm, or whose ``exp`` is
  missing or past, is refused. The token does not cover the body, so the ids a delivery
  names are only a cue: the sync reads the items back through the API before acting.
- **Events.** Every delivery ``{"event": {…}}`` names the item as ``pulseId``
  (``update_column_value``, ``create_pulse``, ``update_name``, ``delete_pulse`` …).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import jwt

from integrations.project_management import Handshake, TaskWebhooks

ALGORITHMS = ["HS256"]


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


def _header(headers: Mapping[str, str], name: str) -> str:
    return next((v for k, v in headers.items() if k.lower() == name), "")


class MondayWebhooks:
    """Stateless: the signing secret is the connection's (the Monday app's)."""

    def handshake(self, headers: Mapping[str, str], body: bytes) -> Handshake | None:
        parsed = _json(body)
        if not isinstance(parsed, dict) or "event" in parsed:
            return None
        challenge = parsed.get("challenge")
        if not isinstance(challenge, str) or not challenge:
            return None
        return Handshake(
            headers={"Content-Type": "application/json"}, body={"challenge": challenge}
        )

    def verify(self, secret: str, headers: Mapping[str, str], body: bytes) -> bool:
        token = _header(headers, "authorization").strip()
        token = token[7:].strip() if token[:7].lower() == "bearer " else token
        if not secret or not token:
            return False
        try:
            jwt.decode(
                token,
                secret,
                algorithms=ALGORITHMS,
                # ``aud`` is the app's endpoint URL, which a stateless check cannot know.
                options={"require": ["exp"], "verify_aud": False},
            )
        except jwt.PyJWTError:
            return False
        return True

    def changed_task_ids(self, body: bytes) -> list[str]:
        parsed = _json(body)
        event = parsed.get("event") if isinstance(parsed, dict) else None
        if not isinstance(event, dict):
            return []
        item = event.get("pulseId") or event.get("itemId")
        if isinstance(item, bool) or not isinstance(item, int | str) or not str(item):
            return []
        return [str(item)]


# mypy holds the adapter to the protocol of inbound project-tool webhooks.
_SATISFIES_TASK_WEBHOOKS: type[TaskWebhooks] = MondayWebhooks
