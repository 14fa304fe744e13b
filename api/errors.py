"""RFC 9457 problem documents for every error the API returns.

One family of handlers: domain errors carry their own status and stable ``code``; validation
errors name the offending ``param``; unknown routes and methods are problems too; anything
unexpected is a 500 that says nothing about the internals (the trace goes to the log); an
unreachable database is a 503, so clients retry and the rest of the API keeps answering.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.logging import redact_path, request_id_var
from domain.errors import DomainError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("auditoryx.api")

HTTP_CODES = {
    400: ("bad_request", "Bad request"),
    401: ("unauthenticated", "Unauthenticated"),
    403: ("permission_denied", "Permission denied"),
    404: ("resource_missing", "Not found"),
    405: ("method_not_allowed", "Method not allowed"),
    409: ("conflict", "Conflict"),
    413: ("payload_too_large", "Payload too large"),
    415: ("unsupported_media_type", "Unsupported media type"),
    422: ("invalid_request", "Invalid request"),
    429: ("rate_limited", "Too many requests"),
    503: ("unavailable", "Service unavailable"),
}


class ServiceUnavailable(DomainError):
    status, code, title = 503, "unavailable", "Service unavailable"


def problem(
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    param: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"urn:auditoryx:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if param is not None:
        body["param"] = param
    request_id = request_id_var.get()
    if request_id:
        body["request_id"] = request_id
    # Extra members never overwrite the problem's own fields.
    body.update({k: v for k, v in extra.items() if k not in body})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _param_from_loc(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "body"


async def _domain_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return problem(exc.status, exc.code, exc.title, exc.detail, param=exc.param, **exc.extra)


async def _validation_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"param": _param_from_loc(err.get("loc", ())), "message": err.get("msg", "invalid")}
        for err in exc.errors()
    ]
    first = errors[0] if errors else {"param": "body", "message": "invalid request"}
    detail = f"{first['param']}: {first['message']}"
    return problem(
        422, "invalid_request", "Invalid request", detail, param=first["param"], errors=errors
    )


async def _model_validation_error(_request: Request, exc: Exception) -> Response:
    """A domain model refused a merged change (PATCH): 422 naming the field, like a body."""
    assert isinstance(exc, ValidationError)
    errors = [
        {
            "param": _param_from_loc(err.get("loc", ())),
            "message": str(err.get("msg", "invalid")).removeprefix("Value error, "),
        }
        for err in exc.errors()
    ]
    first = errors[0] if errors else {"param": "body", "message": "invalid request"}
    return problem(
        422,
        "invalid_request",
        "Invalid request",
        f"{first['param']}: {first['message']}",
        param=first["param"],
        errors=errors,
    )


async def _http_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code, title = HTTP_CODES.get(exc.status_code, ("http_error", "HTTP error"))
    detail = exc.detail if isinstance(exc.detail, str) else title
    return problem(exc.status_code, code, title, detail, headers=getattr(exc, "headers", None))


def _database_unreachable(exc: BaseException) -> bool:
    """A failure to reach PostgreSQL at all, as opposed to a failing statement."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    # psycopg reports refused/broken connections without an SQLSTATE; the server reports
    # class 08 (connection exception) and 57P01-57P03 (shutting down, starting up).
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return isinstance(exc, OperationalError) and (
        sqlstate is None or sqlstate.startswith("08") or sqlstate in ("57P01", "57P02", "57P03")
    )


async def unexpected_error(request: Request, exc: Exception) -> Response:
    """The answer to an error nothing else handled: a 503 when the database is unreachable,
    else a 500 that says nothing of the internals (the trace goes to the log)."""
    if _database_unreachable(exc):
        # An outage, not a bug: one line per request, not a trace each.
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines() or [repr(exc)]
        log.warning(
            "database unreachable on %s %s: %s",
            request.method,
            redact_path(request.url.path),
            reason[0],
        )
        return problem(
            503,
            "database_unavailable",
            "Service unavailable",
            "The database is unreachable; try again shortly.",
        )
    log.error(
        "unhandled error on %s %s", request.method, redact_path(request.url.path), exc_info=exc
    )
    return problem(
        500,
        "internal_error",
        "Internal server error",
        "Something went wrong on our side; the request id identifies it in our logs.",
    )


PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "An RFC 9457 problem document; branch on `code`. Some problems add members "
    "of their own (such as `conflicting_bookings` or `valid_event_types`).",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string", "description": "`urn:auditoryx:problem:<code>`"},
        "title": {"type": "string"},
        "status": {"type": "integer", "description": "The HTTP status"},
        "detail": {"type": "string", "description": "For people; do not parse it"},
        "code": {"type": "string", "description": "Stable: branch on it"},
        "param": {
            "type": "string",
            "description": "The offending field, query parameter or header",
        },
        "request_id": {"type": "string", "description": "Quote it when you contact support"},
        "errors": {
            "type": "array",
            "description": "Every invalid field of a 422 `invalid_request`",
            "items": {
                "type": "object",
                "required": ["param", "message"],
                "properties": {"param": {"type": "string"}, "message": {"type": "string"}},
            },
        },
        "retry_after": {
            "type": "integer",
            "description": "On a 429: seconds until one more request fits (as `Retry-After`)",
        },
    },
    "examples": [
        {
            "type": "urn:auditoryx:problem:invalid_request",
            "title": "Invalid request",
            "status": 422,
            "detail": "email: value is not a valid email address",
            "code": "invalid_request",
            "param": "email",
            "request_id": "req_01m85f69n7x2kbnz5fdr6knaqb",
            "errors": [{"param": "email", "message": "value is not a valid email address"}],
        }
    ],
}


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ValidationError, _model_validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DBAPIError, unexpected_error)
    app.add_exception_handler(Exception, unexpected_error)
