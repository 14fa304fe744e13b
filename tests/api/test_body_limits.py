"""A request body is bounded before it is parsed and before the caller is authenticated.

Without a bound, anyone (no key needed) could make the API hold hundreds of megabytes per
request: the body used to be read whole before the key was checked. The tests stream bodies
from a generator that counts what the app pulled, so "refused without reading" is measured,
not assumed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from api.app import create_app
from core.config import Settings
from tests.support.routes import route_paths

MIB = 1024 * 1024
CHUNK = 64 * 1024


class CountingBody:
    """``total`` bytes in ``CHUNK``-sized pieces, counting how many the app asked for."""

    def __init__(self, total: int, chunk: int = CHUNK) -> None:
        self.total, self.chunk, self.read = total, chunk, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        piece = b"x" * self.chunk
        while self.read < self.total:
            size = min(self.chunk, self.total - self.read)
            self.read += size
            yield piece[:size]


def assert_too_large(response, limit: int) -> None:
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "body_too_large"
    assert problem["limit"] == limit
    assert problem["param"] == "body"


async def test_a_declared_oversized_body_without_credentials_is_refused_unread(api) -> None:
    body = CountingBody(50 * MIB)
    r = await api.post(
        "/v1/artists",
        content=body,
        headers={"Content-Type": "application/json", "Content-Length": str(50 * MIB)},
    )
    assert_too_large(r, MIB)
    assert body.read == 0


async def test_a_chunked_body_without_credentials_is_cut_off_at_the_limit(api) -> None:
    body = CountingBody(50 * MIB)
    r = await api.post("/v1/artists", content=body, headers={"Content-Type": "application/json"})
    assert_too_large(r, MIB)
    assert body.read <= MIB + CHUNK


async def test_an_oversized_body_with_credentials_is_refused_the_same_way(api, org_a) -> None:
    body = CountingBody(3 * MIB)
    r = await api.post(
        "/v1/bookings", content=body, headers={**org_a.headers, "Content-Type": "application/json"}
    )
    assert_too_large(r, MIB)
    assert body.read <= MIB + CHUNK


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/integrations/slack/interactions", {"Content-Type": "application/x-www-form-urlencoded"}),
        # A bearer token (unverifiable before the body is read), or the answer is 401 unread.
        (
            "/integrations/teams/messages",
            {"Content-Type": "application/json", "Authorization": "Bearer x"},
        ),
    ],
)
async def test_chat_callbacks_are_bounded_at_64_kib_before_the_body_is_read(
    api, path: str, headers: dict[str, str]
) -> None:
    body = CountingBody(MIB, chunk=8 * 1024)
    r = await api.post(path, content=body, headers=headers)
    assert_too_large(r, 64 * 1024)
    assert body.read <= 64 * 1024 + 8 * 1024


def roster_csv(rows: int) -> bytes:
    """A roster CSV of ``rows`` artists with long names and many genres (~270 bytes a row)."""
    genres = ";".join(f"genre{g:02d}" for g in range(9))
    lines = ["name,genres,external_ref"]
    lines += [
        f"{'Artist ' + str(i).zfill(5) + ' ' + 'n' * 180},{genres},ref-{i}" for i in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


async def test_an_upload_route_takes_a_body_over_the_default_limit(api, org_a) -> None:
    csv = roster_csv(5000)
    assert MIB < len(csv) < 5 * MIB
    r = await api.post(
        "/v1/artists/bulk",
        params={"dry_run": "true"},
        content=csv,
        headers={**org_a.headers, "Content-Type": "text/csv"},
    )
    assert r.status_code == 200, r.text[:500]
    assert sum(r.json()["summary"].values()) == 5000  # every row was read and reported


async def test_an_upload_route_refuses_a_body_over_its_own_limit(api, org_a) -> None:
    body = CountingBody(6 * MIB)
    r = await api.post(
        "/v1/artists/bulk",
        content=body,
        headers={**org_a.headers, "Content-Type": "text/csv", "Content-Length": str(6 * MIB)},
    )
    assert_too_large(r, 5 * MIB)
    assert body.read == 0


async def test_the_limits_come_from_settings(app_factory, clean_db, org_a) -> None:
    api = await app_factory(max_body_bytes=4096, max_revenue_import_bytes=8192)
    r = await api.post("/v1/artists", json={"name": "n" * 5000}, headers=org_a.headers)
    assert_too_large(r, 4096)
    r = await api.post(
        "/v1/revenue/imports",
        content=CountingBody(9000, chunk=1000),
        headers={**org_a.headers, "Content-Type": "text/csv"},
    )
    assert_too_large(r, 8192)


async def test_requests_within_the_limit_are_unaffected(api, org_a) -> None:
    r = await api.post("/v1/artists", json={"name": "Aurora"}, headers=org_a.headers)
    assert r.status_code == 201, r.text
    r = await api.post("/v1/artists", json={"name": "Borealis"})
    assert r.status_code == 401, r.text  # within the limit: the key is checked as before
    r = await api.get("/v1/artists", headers=org_a.headers)
    assert r.status_code == 200 and r.json()["data"][0]["name"] == "Aurora"


def test_every_route_with_its_own_limit_exists() -> None:
    """A renamed upload route would silently fall back to the 1 MiB default."""
    from api.body_limits import route_body_limits

    settings = Settings(environment="test")
    posts = {path for method, path in route_paths(create_app(settings)) if method == "POST"}
    limits = route_body_limits(settings)
    assert limits and set(limits) <= posts, set(limits) - posts
