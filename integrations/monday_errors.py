"""What Monday.com's answers mean for the shared error family, and the complexity budget.

Monday reports errors in two shapes, depending on the API version and the error: the GraphQL
``errors`` array with a code under ``extensions`` (``COMPLEXITY_BUDGET_EXHAUSTED``,
``RATE_LIMIT_EXCEEDED``, ``UserUnauthorizedException`` …) and the older top level
``error_code`` / ``error_message`` / ``status_code`` body (``ComplexityException``, ``Rate
Limit Exceeded``). Application errors mostly arrive with HTTP 200; limits with 429 and a
``Retry-After``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from integrations.errors import IntegrationError, RateLimited, Rejected, Unauthorized, Unavailable

PROVIDER = "monday"
RATE_LIMIT_CODES = frozenset(
    {
        "ComplexityException",
        "COMPLEXITY_BUDGET_EXHAUSTED",
        "RATE_LIMIT_EXCEEDED",
        "DAILY_LIMIT_EXCEEDED",
        "CONCURRENCY_LIMIT_EXCEEDED",
        "IP_RATE_LIMIT_EXCEEDED",
        "maxConcurrencyExceeded",
    }
)
UNAUTHORIZED_CODES = frozenset(
    {"UNAUTHENTICATED", "Unauthenticated", "UserUnauthorizedException", "USER_UNAUTHORIZED"}
)
UNAVAILABLE_CODES = frozenset({"INTERNAL_SERVER_ERROR", "InternalServerException"})
RESET_IN = re.compile(r"reset in (\d+) seconds?")
DEFAULT_RETRY = 60.0


@dataclass(slots=True)
class ComplexityBudget:
    """What Monday said is left of a token's complexity budget, when it resets (monotonic
    clock) and what each operation cost the last time."""

    remaining: int | None = None
    resets_at: float = 0.0
    costs: dict[str, int] = field(default_factory=dict)

    def check(self, operation: str, now: float) -> None:
        """Raise :class:`RateLimited` when ``operation`` would exceed what is left."""
        if self.remaining is None or now >= self.resets_at:
            return
        if self.costs.get(operation, 1) > self.remaining:
            raise RateLimited(
                max(1.0, math.ceil(self.resets_at - now)),
                provider=PROVIDER,
                message=(
                    f"Monday's complexity budget has {self.remaining} points left, "
                    f"{operation} costs {self.costs.get(operation, 1)}"
                ),
            )

    def record(self, operation: str, complexity: Mapping[str, Any], now: float) -> None:
        try:
            self.costs[operation] = int(complexity["query"])
            self.remaining = int(complexity["after"])
            self.resets_at = now + float(complexity["reset_in_x_seconds"])
        except (KeyError, TypeError, ValueError):
            return

    def exhausted(self, retry_after: float, now: float) -> None:
        self.remaining, self.resets_at = 0, now + retry_after


def _messages_and_codes(body: Any) -> tuple[list[str], list[str], list[Mapping[str, Any]]]:
    """Monday's errors in both of its formats: the GraphQL ``errors`` array (codes under
    ``extensions``) and the older top level ``error_code`` / ``error_message``."""
    if not isinstance(body, dict):
        return [], [], []
    messages: list[str] = []
    codes: list[str] = []
    extensions: list[Mapping[str, Any]] = []
    if body.get("error_code") or body.get("error_message"):
        codes.append(str(body.get("error_code") or ""))
        messages.append(str(body.get("error_message") or ""))
        extensions.append(body)
    for error in body.get("errors") or []:
        if isinstance(error, dict):
            ext = error.get("extensions")
            ext = ext if isinstance(ext, dict) else {}
            messages.append(str(error.get("message") or ""))
            codes.append(str(ext.get("code") or ""))
            extensions.append(ext)
        else:
            messages.append(str(error))
    return messages, codes, extensions


def _retry_after(
    headers: httpx.Headers, messages: list[str], extensions: list[Mapping[str, Any]]
) -> float:
    """Monday's delay: ``retry_in_seconds``, else ``Retry-After``, else the message's
    "reset in N seconds", else a minute."""
    for ext in extensions:
        try:
            return max(1.0, float(ext["retry_in_seconds"]))
        except (KeyError, TypeError, ValueError):
            continue
    try:
        return max(1.0, float(headers["retry-after"]))
    except (KeyError, ValueError):
        pass
    for message in messages:
        if found := RESET_IN.search(message):
            return max(1.0, float(found.group(1)))
    return DEFAULT_RETRY


def failure(status: int, headers: httpx.Headers, body: Any) -> IntegrationError | None:
    """The error an answer from Monday means, or ``None`` for a clean answer."""
    messages, codes, extensions = _messages_and_codes(body)
    words = "; ".join(m for m in messages if m)[:500]
    code = next((c for c in codes if c), None)
    limited = status == 429 or bool(RATE_LIMIT_CODES.intersection(codes))
    if limited or any("Rate Limit Exceeded" in m or "Complexity budget" in m for m in messages):
        return RateLimited(
            _retry_after(headers, messages, extensions),
            provider=PROVIDER,
            message=f"Monday: {words or 'rate limited'}",
        )
    if (
        status in (401, 403)
        or UNAUTHORIZED_CODES.intersection(codes)
        or "Not Authenticated" in words
    ):
        return Unauthorized(
            f"Monday refused the token: {words or status}",
            provider=PROVIDER,
            status=status,
            code=code,
        )
    if status >= 500 or UNAVAILABLE_CODES.intersection(codes):
        return Unavailable(
            f"Monday failed: {words or status}", provider=PROVIDER, status=status, code=code
        )
    if status >= 400 or messages or not isinstance(body, dict) or "data" not in body:
        # Application errors come with HTTP 200 and their own status in the extensions.
        own = next((e.get("status_code") for e in extensions if e.get("status_code")), None)
        return Rejected(
            f"Monday refused the request: {words or status}",
            provider=PROVIDER,
            status=own if isinstance(own, int) and status == 200 else status,
            code=code,
        )
    return None
