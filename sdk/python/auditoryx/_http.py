"""The HTTP layer both clients share: authentication, idempotency keys and the retry policy.

A request is retried, at most ``max_retries`` times with exponential backoff (and full jitter)
capped at ``max_delay``, when retrying cannot do twice what was asked:

- no answer (connection refused or broken, timeout) to a request that is safe to repeat: GET,
  HEAD, PUT, DELETE, and every POST, since the SDK sends each POST with an ``Idempotency-Key``
  kept across its retries (the API answers a repeat with the stored response);
- 429 (rate limited) and 503 (unavailable), waiting what ``Retry-After`` (or the ``RateLimit``
  header) says when it says so — a wait longer than ``max_delay`` is not attempted;
- 409 ``idempotency_key_in_use``: the first attempt of this very request is still running;
- 503 ``tenant_moving`` for every method, PATCH included: the organization is moving to another
  database and the API refused the write before doing anything.

PATCH is not retried on a lost answer: it carries no idempotency key, so the SDK cannot know
whether the first one was applied.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypedDict, Unpack
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter
from pydantic_core import to_jsonable_python

from auditoryx.errors import (
    APIConnectionError,
    APITimeoutError,
    error_from_response,
    retry_after_seconds,
)

VERSION = "0.1.0"
DEFAULT_BASE_URL = "http://localhost:8000"
SAFE_TO_REPEAT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "POST"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to retry (see the module's docstring for when)."""

    max_retries: int = 3
    initial_delay: float = 0.5
    max_delay: float = 30.0

    def backoff(self, attempt: int) -> float:
        """Full-jitter exponential backoff of retry ``attempt`` (1, 2, …)."""
        ceiling = min(self.max_delay, self.initial_delay * 2 ** (attempt - 1))
        return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not a secret

    def delay(self, method: str, attempt: int, outcome: httpx.Response | Exception) -> float | None:
        """Seconds to wait before retry ``attempt``, or ``None`` not to retry."""
        if attempt > self.max_retries:
            return None
        if isinstance(outcome, Exception):
            return self.backoff(attempt) if method in SAFE_TO_REPEAT else None
        status = outcome.status_code
        if status == 409:
            return (
                self.backoff(attempt)
                if _problem_code(outcome) == "idempotency_key_in_use"
                else None
            )
        if status not in RETRY_STATUSES:
            return None
        # A tenant move's freeze refuses a write before it does anything: safe to repeat.
        frozen = status == 503 and _problem_code(outcome) == "tenant_moving"
        if status != 429 and method not in SAFE_TO_REPEAT and not frozen:
            return None
        told = retry_after_seconds(outcome.headers)
        if told is None:
            return self.backoff(attempt)
        return told if told <= self.max_delay else None


def _problem_code(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("code") if isinstance(body, dict) else None


@lru_cache(maxsize=512)
def adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def parse(response: httpx.Response, returns: Any) -> Any:
    """The value of a successful answer: ``None`` when nothing is expected, text for ``str``,
    else the JSON validated as ``returns`` (a model, or a union of models)."""
    if returns is None or response.status_code == 204:
        return None
    if returns is str:
        return response.text
    return adapter(returns).validate_python(response.json())


def jsonable(value: Any) -> Any:
    """A request body as JSON: models by their field names on the wire, unset fields left out."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return to_jsonable_python(value)


def query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return [query_value(v) for v in value]
    return to_jsonable_python(value)


def wire_name(name: str) -> str:
    """A keyword argument's name on the wire: ``from_`` → ``from``."""
    return name[:-1] if name.endswith("_") else name


def fill_path(template: str, args: tuple[Any, ...]) -> str:
    """``/v1/bookings/{id}/cancel`` with its placeholders filled from ``args`` in order."""
    pieces = template.split("{")
    if len(pieces) - 1 != len(args):
        raise TypeError(f"{template} takes {len(pieces) - 1} path argument(s), got {len(args)}")
    out = pieces[0]
    for arg, piece in zip(args, pieces[1:], strict=True):
        out += quote(str(arg), safe="") + piece.split("}", 1)[1]
    return out


@dataclass(frozen=True, slots=True)
class Call:
    """One request as a resource method describes it."""

    method: str
    path: str
    params: Mapping[str, Any] | None = None
    json: Any = None
    content: str | bytes | None = None
    content_type: str | None = None
    accept: str = "application/json"
    idempotency_key: str | None = None


class Options(TypedDict, total=False):
    """Settings both clients take besides the key and the HTTP client: ``base_url`` (else
    ``AUDITORYX_BASE_URL``), ``organization_id`` (act on a sub-organization),
    ``max_retries`` or a whole ``retry`` policy, and ``timeout`` (seconds, when the SDK
    makes the HTTP client)."""

    base_url: str | None
    organization_id: str | None
    max_retries: int
    retry: RetryPolicy | None
    timeout: float


class BaseAPI:
    """Settings and request building shared by :class:`SyncAPI` and :class:`AsyncAPI`."""

    def __init__(
        self,
        api_key: str | None,
        *,
        base_url: str | None = None,
        organization_id: str | None = None,
        max_retries: int = 3,
        retry: RetryPolicy | None = None,
        timeout: float = 30.0,
    ) -> None:
        key = api_key or os.environ.get("AUDITORYX_API_KEY")
        if not key:
            raise ValueError("an API key is required (api_key= or AUDITORYX_API_KEY)")
        self.api_key = key
        self.base_url = (
            base_url or os.environ.get("AUDITORYX_BASE_URL") or DEFAULT_BASE_URL
        ).rstrip("/")
        self.organization_id = organization_id
        self.retry = retry or RetryPolicy(max_retries=max_retries)
        self.timeout = timeout

    @property
    def is_sandbox(self) -> bool:
        """Whether the key is a test-mode key (its organization is the sandbox twin)."""
        return self.api_key.startswith("ax_test_")

    def _headers(self, call: Call, idempotency_key: str | None) -> dict[str, str]:
        headers = {
            "Authorization": f"Bearer {self.api_key}",
            "Accept": f"{call.accept}, application/problem+json",
            "User-Agent": f"auditoryx-python/{VERSION}",
        }
        if self.organization_id:
            headers["AuditoryX-Organization"] = self.organization_id
        if call.content_type:
            headers["Content-Type"] = call.content_type
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        return headers

    def _request(self, http: httpx.Client | httpx.AsyncClient, call: Call) -> httpx.Request:
        # One key per logical call, the same on every retry: that is what makes them safe.
        key = call.idempotency_key or (f"sdk-{uuid.uuid4()}" if call.method == "POST" else None)
        params = {
            wire_name(k): query_value(v) for k, v in (call.params or {}).items() if v is not None
        }
        return http.build_request(
            call.method,
            self.base_url + call.path,
            params=params,
            json=jsonable(call.json) if call.json is not None else None,
            content=call.content,
            headers=self._headers(call, key),
        )

    def _wait_or_raise(
        self, call: Call, attempt: int, outcome: httpx.Response | Exception
    ) -> float:
        """Seconds to wait before the next attempt, or the exception ``outcome`` means."""
        wait = self.retry.delay(call.method, attempt, outcome)
        if wait is not None:
            return wait
        if isinstance(outcome, httpx.TransportError):
            raise _failure(outcome) from outcome
        if isinstance(outcome, httpx.Response):
            raise error_from_response(outcome)
        raise outcome


def _failure(exc: httpx.TransportError) -> APIConnectionError:
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"the API did not answer in time: {exc}")
    return APIConnectionError(f"could not reach the API: {exc}")


class SyncAPI(BaseAPI):
    """Blocking requests over an ``httpx.Client``."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        http_client: httpx.Client | None = None,
        **options: Unpack[Options],
    ) -> None:
        super().__init__(api_key, **options)
        self._owns_http = http_client is None
        self.http = http_client or httpx.Client(timeout=self.timeout)

    def send(self, call: Call) -> httpx.Response:
        """Send ``call``, retrying per the policy; the answer, or the exception it means."""
        request = self._request(self.http, call)
        attempt = 0
        while True:
            attempt += 1
            outcome: httpx.Response | Exception
            try:
                outcome = self.http.send(request)
            except httpx.TransportError as exc:
                outcome = exc
            else:
                if outcome.status_code < 400:
                    return outcome
                outcome.read()
            time.sleep(self._wait_or_raise(call, attempt, outcome))

    def close(self) -> None:
        if self._owns_http:
            self.http.close()


class AsyncAPI(BaseAPI):
    """Requests over an ``httpx.AsyncClient``, for asyncio code."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        http_client: httpx.AsyncClient | None = None,
        **options: Unpack[Options],
    ) -> None:
        super().__init__(api_key, **options)
        self._owns_http = http_client is None
        self.http = http_client or httpx.AsyncClient(timeout=self.timeout)

    async def send(self, call: Call) -> httpx.Response:
        """Send ``call``, retrying per the policy; the answer, or the exception it means."""
        request = self._request(self.http, call)
        attempt = 0
        while True:
            attempt += 1
            outcome: httpx.Response | Exception
            try:
                outcome = await self.http.send(request)
            except httpx.TransportError as exc:
                outcome = exc
            else:
                if outcome.status_code < 400:
                    return outcome
                await outcome.aread()
            await asyncio.sleep(self._wait_or_raise(call, attempt, outcome))

    async def close(self) -> None:
        if self._owns_http:
            await self.http.aclose()
