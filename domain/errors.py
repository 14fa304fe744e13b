"""Domain errors: one family, each with an HTTP status and a stable machine-readable code.

The API maps every :class:`DomainError` to an RFC 9457 problem document in one handler.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status: int = 400
    code: str = "bad_request"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str,
        *,
        param: str | None = None,
        code: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.param = param
        if code:
            self.code = code
        self.extra = extra or {}


class NotFound(DomainError):
    status, code, title = 404, "resource_missing", "Not found"


class Unauthenticated(DomainError):
    status, code, title = 401, "unauthenticated", "Unauthenticated"


class PermissionDenied(DomainError):
    status, code, title = 403, "permission_denied", "Permission denied"


class Conflict(DomainError):
    status, code, title = 409, "conflict", "Conflict"


class Gone(DomainError):
    status, code, title = 410, "gone", "Gone"


class InvalidRequest(DomainError):
    status, code, title = 422, "invalid_request", "Invalid request"


class RateLimited(DomainError):
    status, code, title = 429, "rate_limited", "Too many requests"
