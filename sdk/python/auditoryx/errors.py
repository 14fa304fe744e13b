"""The exceptions the SDK raises.

Every answer of the API other than 2xx is an RFC 9457 problem document with a stable ``code``
(branch on it), the offending ``param`` when one input is to blame, and the ``request_id`` to
quote to support. It is raised as an :class:`APIError` subclass chosen by status::

    AuditoryXError
    ├── APIConnectionError          no answer (after the retries), e.g. connection refused
    │   └── APITimeoutError
    ├── APIError                    an answer with a problem document
    │   ├── BadRequestError         400
    │   ├── AuthenticationError     401
    │   ├── PermissionDeniedError   403
    │   ├── NotFoundError           404
    │   ├── ConflictError           409 (double booking, stale version, key in use, …)
    │   ├── PayloadTooLargeError    413
    │   ├── ValidationError         422 (``errors`` lists every offending param)
    │   ├── RateLimitedError        429 (``retry_after`` seconds)
    │   └── ServerError             5xx
    │       └── ServiceUnavailableError 503
    ├── WaitTimeout                 a ``wait`` helper ran out of time
    └── WebhookVerificationError    a webhook whose signature or timestamp does not hold
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx


class AuditoryXError(Exception):
    """Base of everything the SDK raises."""


class APIConnectionError(AuditoryXError):
    """The API could not be reached, or the connection broke before an answer."""


class APITimeoutError(APIConnectionError):
    """The API did not answer in time."""


class APIError(AuditoryXError):
    """An error answer of the API: its status and its problem document."""

    def __init__(
        self,
        *,
        status: int,
        code: str,
        title: str,
        detail: str,
        param: str | None,
        request_id: str | None,
        body: Mapping[str, Any],
        headers: Mapping[str, str],
    ) -> None:
        super().__init__(f"{status} {code}: {detail}" + (f" (param: {param})" if param else ""))
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.param = param
        self.request_id = request_id
        self.body = dict(body)
        self.headers = dict(headers)


class BadRequestError(APIError):
    """400: the request could not be read."""


class AuthenticationError(APIError):
    """401: no key, or a key that is unknown, revoked or expired."""


class PermissionDeniedError(APIError):
    """403: the key lacks the permission the route needs."""


class NotFoundError(APIError):
    """404: no such resource in the caller's organization."""


class ConflictError(APIError):
    """409: the request conflicts with the current state (``code`` says how)."""


class PayloadTooLargeError(APIError):
    """413: the body is over the route's limit."""


class ValidationError(APIError):
    """422: the input is invalid; ``errors`` holds ``{"param", "message"}`` per problem."""

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.body.get("errors") or [])


class RateLimitedError(APIError):
    """429: over the plan's request rate; ``retry_after`` is when one more is admitted."""

    @property
    def retry_after(self) -> float | None:
        return retry_after_seconds(self.headers)


class ServerError(APIError):
    """5xx: the API failed; the request may be retried."""


class ServiceUnavailableError(ServerError):
    """503: a dependency (database, Temporal) is down for a moment."""


class WaitTimeout(AuditoryXError):
    """A ``wait`` helper gave up: ``last`` is the last state it saw."""

    def __init__(self, message: str, last: Any) -> None:
        super().__init__(message)
        self.last = last


class WebhookVerificationError(AuditoryXError):
    """A webhook request whose headers, timestamp or signature do not hold."""


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    422: ValidationError,
    429: RateLimitedError,
    503: ServiceUnavailableError,
}


def error_from_response(response: httpx.Response) -> APIError:
    """The exception of an error answer (a problem document, or whatever came instead)."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        body = {"detail": response.text[:500]}
    status = response.status_code
    kind = _BY_STATUS.get(status) or (ServerError if status >= 500 else APIError)
    return kind(
        status=status,
        code=str(body.get("code") or "http_error"),
        title=str(body.get("title") or response.reason_phrase),
        detail=str(body.get("detail") or ""),
        param=body.get("param"),
        request_id=body.get("request_id") or response.headers.get("x-request-id"),
        body=body,
        headers=response.headers,
    )


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait from ``Retry-After``, else the largest ``t`` of an exhausted bucket in
    ``RateLimit`` (``"key";r=0;t=6, "org";r=3;t=6``), else ``None``."""
    lowered = {k.lower(): v for k, v in headers.items()}
    value = lowered.get("retry-after")
    if value is not None:
        try:
            return max(0.0, float(value))
        except ValueError:
            return None
    state = lowered.get("ratelimit")
    if not state:
        return None
    waits: list[float] = []
    for item in state.split(","):
        params = dict(
            part.strip().split("=", 1) for part in item.split(";")[1:] if "=" in part.strip()
        )
        try:
            if int(params.get("r", "1")) <= 0:
                waits.append(float(params.get("t", "0")))
        except ValueError:
            continue
    return max(waits) if waits else None
