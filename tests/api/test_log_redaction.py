"""One-time tokens in paths never reach the logs.

``/a/{token}`` (an approval link), ``/calendars/{token}.ics`` (a calendar feed whose URL is
its secret) and ``/dashboard/password/{token}`` (an invite or reset link) carry a credential
in the path: whoever reads an access log could approve, read a calendar or take an account.
Every line is checked the way production writes it (JSON, ``extra`` fields included).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx
import pytest

from api.app import create_app
from cli import api_server_config
from core.config import Settings
from core.devstack import free_port
from core.logging import JsonFormatter, configure_logging, redact_path
from domain.bookings import calendar_feeds
from tests.support.live_server import serve
from tests.support.routes import route_paths

TOKEN = "tokSECRETabc123-DEF456_ghi789.jkl"
REQUESTS = [
    ("GET", f"/a/{TOKEN}"),
    ("POST", f"/a/{TOKEN}"),
    ("GET", f"/a/{TOKEN}/extra"),  # no such route: the 404 is logged too
    ("GET", f"/calendars/{TOKEN}.ics"),
    ("GET", f"/dashboard/password/{TOKEN}"),
    ("POST", f"/dashboard/password/{TOKEN}"),
]


def logged_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What the server logged (not httpx's lines about the test's own requests)."""
    formatter = JsonFormatter()
    return [
        formatter.format(record)
        for record in caplog.records
        if not record.name.startswith(("httpx", "httpcore"))
    ]


async def send_all(client: httpx.AsyncClient) -> None:
    for method, path in REQUESTS:
        data = {"decision": "approve", "password": "x" * 12, "password_again": "x" * 12}
        await client.request(method, path, data=data if method == "POST" else None)


async def test_tokens_in_paths_are_redacted_in_request_and_error_logs(
    api, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    with caplog.at_level(logging.INFO):
        await send_all(api)

        async def broken(*_args: object, **_kwargs: object) -> None:
            raise RuntimeError("feed rendering failed")

        # An unexpected error logs the path with its trace: redacted as well.
        monkeypatch.setattr(calendar_feeds, "render_feed", broken)
        r = await api.get(f"/calendars/{TOKEN}.ics")
        assert r.status_code == 500
    lines = logged_lines(caplog)
    assert not [line for line in lines if TOKEN in line]
    text = "\n".join(lines)
    for expected in (
        "GET /a/[redacted] ",
        "POST /a/[redacted] ",
        "GET /a/[redacted]/extra 404",
        "GET /calendars/[redacted].ics ",
        "GET /dashboard/password/[redacted] ",
        "POST /dashboard/password/[redacted] ",
        "unhandled error on GET /calendars/[redacted].ics",
    ):
        assert expected in text, text


@pytest.fixture
def cli_logging(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Logging as ``auditoryx api`` configures it, with pytest still capturing every record."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    access = logging.getLogger("uvicorn.access")
    filters, access_level, access_disabled = access.filters[:], access.level, access.disabled
    configure_logging("INFO", "json")
    root.handlers[:] = handlers  # the loggers stay as the CLI set them; the records reach caplog
    caplog.set_level(logging.INFO)
    try:
        yield
    finally:
        root.setLevel(level)
        access.filters[:] = filters
        access.setLevel(access_level)
        access.disabled = access_disabled
        access.propagate = True


async def test_a_server_run_as_the_cli_runs_it_logs_no_token(
    settings: Settings, clean_db: None, cli_logging: None, caplog: pytest.LogCaptureFixture
) -> None:
    config = api_server_config(settings.model_copy(update={"api_port": free_port()}))
    # The CLI logs each request once, from the app; an operator who turns uvicorn's own
    # access line on (``--access-log``) must not get the tokens back through it.
    assert config.access_log is False
    config.access_log = True
    # As uvicorn leaves its access logger when the line is on, whatever earlier servers in this
    # process (other tests, a configured log level) did to it.
    access = logging.getLogger("uvicorn.access")
    access.propagate, access.disabled = True, False
    access.setLevel(logging.INFO)
    # The server's first requests build every route's dependencies (seconds on a loaded
    # machine); this test is about what is logged, not how fast.
    async with serve(config) as url, httpx.AsyncClient(base_url=url, timeout=60) as client:
        await send_all(client)
    lines = logged_lines(caplog)
    access_lines = [r for r in caplog.records if r.name == "uvicorn.access"]
    assert len(access_lines) == len(REQUESTS), lines
    assert not [line for line in lines if TOKEN in line]
    access_text = [record.getMessage() for record in access_lines]
    assert any('"GET /calendars/[redacted].ics HTTP/1.1"' in m for m in access_text), access_text


def test_every_route_with_a_token_in_its_path_is_redacted() -> None:
    """A new route with a ``{token}`` segment must be added to the redaction patterns."""
    app = create_app(Settings(environment="test"))
    paths = {path for _method, path in route_paths(app) if "{token}" in path}
    assert len(paths) >= 3, paths
    for template in paths:
        assert TOKEN not in redact_path(template.replace("{token}", TOKEN)), template
