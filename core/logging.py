"""Structured logging: one JSON object per line, carrying the current request id."""

from __future__ import annotations

import json
import logging
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# Record attributes that are not ``extra=`` fields: the standard ones, plus uvicorn's
# ``color_message`` (the same text with ANSI escapes, meant for its own console formatter).
_RESERVED = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}

# Paths whose segment is itself a credential: an approval link (/a/{token}), a calendar feed
# (/calendars/{token}.ics, the URL is the secret) and an invite or password-reset link
# (/dashboard/password/{token}), a data export's download link (/exports/download/{token}).
# Whoever reads a log must not be able to use them.
_SECRET_PATHS = (
    (re.compile(r"^/a/[^/?]+"), "/a/[redacted]"),
    (re.compile(r"^/calendars/[^/?]+?(\.ics)?(?=[/?]|$)"), r"/calendars/[redacted]\1"),
    (re.compile(r"^/dashboard/password/[^/?]+"), "/dashboard/password/[redacted]"),
    (re.compile(r"^/exports/download/[^/?]+"), "/exports/download/[redacted]"),
)


def redact_path(path: str) -> str:
    """``path`` (with or without its query string) fit for a log: tokens replaced."""
    for pattern, replacement in _SECRET_PATHS:
        path = pattern.sub(replacement, path, count=1)
    return path


class RedactPathsFilter(logging.Filter):
    """Redacts the request path among a record's arguments (uvicorn's access line passes it
    as an argument: client, method, path with query, HTTP version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_path(arg) if isinstance(arg, str) and arg.startswith("/") else arg
                for arg in record.args
            )
        return True


class JsonFormatter(logging.Formatter):
    """Formats records as JSON; ``extra={...}`` fields become top-level keys."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        request_id = request_id_var.get()
        if request_id:
            payload["request_id"] = request_id
        for key, value in record.__dict__.items():
            if key not in _RESERVED and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


class ConsoleFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = request_id_var.get()
        return f"{line} [{request_id}]" if request_id else line


def configure_logging(level: str = "INFO", fmt: str = "json") -> None:
    """Route every logger to stderr in the chosen format (idempotent)."""
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            ConsoleFormatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # uvicorn installs its own handlers; make it use ours so every line has one shape.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    # Our own request line is redacted where it is written; uvicorn's (off by default, see
    # cli.api_server_config) would carry the raw path if an operator turned it on.
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactPathsFilter) for f in access.filters):
        access.addFilter(RedactPathsFilter())
    # Alembic announces every autogenerate plugin it loads at INFO on each migration run.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
