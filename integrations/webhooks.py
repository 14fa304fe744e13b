"""Posting one signed webhook request, to an address the caller has already checked.

The caller passes the URL with its host replaced by a vetted IP address and the original host
name separately: the request goes to that IP, with the name in ``Host`` and in TLS SNI (the
certificate is verified against the name). Redirects are not followed: a 3xx is a failed
delivery, as Standard Webhooks receivers are expected to answer 2xx themselves.

Never raises for what the receiver did: every outcome is a :class:`PostResult`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

DELIVERY_TIMEOUT_SECONDS = 15.0
EXCERPT_CHARS = 500


@dataclass(frozen=True, slots=True)
class PostResult:
    status_code: int | None
    error: str | None
    excerpt: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class WebhookSender:
    """Shares one ``httpx.AsyncClient`` (connection pool) across deliveries."""

    def __init__(self, http: httpx.AsyncClient | None = None) -> None:
        self._http = http or httpx.AsyncClient(
            follow_redirects=False,
            timeout=httpx.Timeout(DELIVERY_TIMEOUT_SECONDS),
            headers={"User-Agent": "AuditoryX-Webhooks/1.0"},
        )

    async def post(
        self,
        pinned_url: str,
        *,
        host: str,
        sni_hostname: str | None,
        headers: dict[str, str],
        body: bytes,
    ) -> PostResult:
        started = time.monotonic()
        extensions = {"sni_hostname": sni_hostname} if sni_hostname else {}
        try:
            response = await self._http.post(
                pinned_url,
                content=body,
                headers={**headers, "Host": host, "Content-Type": "application/json"},
                extensions=extensions,
                timeout=DELIVERY_TIMEOUT_SECONDS,
            )
        except httpx.TimeoutException:
            return PostResult(None, "timed out after 15 s", "", _ms(started))
        except httpx.HTTPError as exc:
            return PostResult(None, f"could not connect: {type(exc).__name__}", "", _ms(started))
        error = None
        if not 200 <= response.status_code < 300:
            error = f"the endpoint answered {response.status_code}"
        return PostResult(response.status_code, error, response.text[:EXCERPT_CHARS], _ms(started))

    async def aclose(self) -> None:
        await self._http.aclose()


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
