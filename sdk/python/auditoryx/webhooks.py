"""Verifying the webhooks AuditoryX sends (the Standard Webhooks scheme).

Each delivery carries ``webhook-id`` (the event id: the same on every retry, so de-duplicate on
it), ``webhook-timestamp`` (Unix seconds of the attempt) and ``webhook-signature``: one or more
space-separated ``v1,<base64 HMAC-SHA256>`` of ``{id}.{timestamp}.{body}`` keyed with the
endpoint's secret (``whsec_`` + base64). While a secret is being rotated both the new and the
previous one sign, so a receiver holding either accepts the delivery.

    from auditoryx.webhooks import Webhook

    event = Webhook(secret).verify(request_body_bytes, request_headers)
    if event["type"] == "booking.confirmed": ...
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping, Sequence
from typing import Any

from auditoryx.errors import WebhookVerificationError

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
DEFAULT_TOLERANCE_SECONDS = 300


def _key(secret: str) -> bytes:
    try:
        return base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("a webhook secret is whsec_ followed by base64") from exc


def sign(secret: str, *, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``v1,<base64>`` signature of a delivery, as the API computes it."""
    content = f"{msg_id}.{timestamp}.".encode() + body
    return (
        "v1," + base64.b64encode(hmac.new(_key(secret), content, hashlib.sha256).digest()).decode()
    )


class Webhook:
    """A verifier holding the endpoint's secret(s): the current one, and during a rotation
    the previous one too."""

    def __init__(
        self, secret: str | Sequence[str], *, tolerance: int = DEFAULT_TOLERANCE_SECONDS
    ) -> None:
        secrets = [secret] if isinstance(secret, str) else list(secret)
        if not secrets:
            raise ValueError("at least one secret is needed")
        self._keys = [_key(s) for s in secrets]
        self.tolerance = tolerance

    def verify(
        self, body: bytes | str, headers: Mapping[str, str], *, now: float | None = None
    ) -> dict[str, Any]:
        """The event of a delivery whose signature and timestamp hold, parsed from JSON;
        :class:`~auditoryx.errors.WebhookVerificationError` otherwise."""
        raw = body.encode() if isinstance(body, str) else body
        lowered = {k.lower(): v for k, v in headers.items()}
        msg_id = lowered.get("webhook-id")
        stamp = lowered.get("webhook-timestamp")
        signatures = lowered.get("webhook-signature")
        if not (msg_id and stamp and signatures):
            raise WebhookVerificationError("missing webhook-id, -timestamp or -signature header")
        try:
            timestamp = int(stamp)
        except ValueError:
            raise WebhookVerificationError("webhook-timestamp is not a number") from None
        current = time.time() if now is None else now
        if abs(current - timestamp) > self.tolerance:
            raise WebhookVerificationError("webhook-timestamp is outside the tolerance")
        content = f"{msg_id}.{timestamp}.".encode() + raw
        expected = [
            base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()) for key in self._keys
        ]
        offered = [
            s.split(",", 1)[1].encode()
            for s in signatures.split()
            if s.startswith("v1,") and "," in s
        ]
        if not any(hmac.compare_digest(e, o) for e in expected for o in offered):
            raise WebhookVerificationError("no signature matches")
        try:
            event = json.loads(raw)
        except ValueError:
            raise WebhookVerificationError("the body is not JSON") from None
        if not isinstance(event, dict):
            raise WebhookVerificationError("the body is not a JSON object")
        return event


def verify(
    body: bytes | str,
    headers: Mapping[str, str],
    secret: str | Sequence[str],
    *,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
) -> dict[str, Any]:
    """``Webhook(secret, tolerance=tolerance).verify(body, headers)``."""
    return Webhook(secret, tolerance=tolerance).verify(body, headers)
