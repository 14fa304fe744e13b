"""GET /metrics: RED series per route template (never an id or a token), 429s by bucket, and
who may read them."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable

import httpx

from core.config import Environment
from core.ids import new_id
from tests.support.harness import Tenant
from tests.support.metrics import label_values, sample_value

AppFactory = Callable[..., Awaitable[httpx.AsyncClient]]
REQUESTS = "auditoryx_http_requests_total"
DURATIONS = "auditoryx_http_request_duration_seconds_count"


async def scrape(api: httpx.AsyncClient, **headers: str) -> str:
    response = await api.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


async def test_requests_are_counted_and_timed_by_route_template_never_by_id_or_token(
    app_factory: AppFactory, org_a: Tenant
) -> None:
    api = await app_factory()
    booking_id = new_id("bkg")
    token = secrets.token_urlsafe(32)
    before = await scrape(api)

    assert (await api.get(f"/v1/bookings/{booking_id}", headers=org_a.headers)).status_code == 404
    await api.get(f"/a/{token}")
    assert (await api.get(f"/no/such/{token}")).status_code == 404
    assert (await api.get("/dashboard/static/dashboard.css")).status_code == 200
    after = await scrape(api)

    def added(name: str, **labels: str) -> float:
        return sample_value(after, name, **labels) - sample_value(before, name, **labels)

    booking = {"method": "GET", "route": "/v1/bookings/{id}"}
    assert added(REQUESTS, **booking, status_class="4xx") == 1
    assert added(DURATIONS, **booking) == 1
    assert added(REQUESTS, method="GET", route="/a/{token}") == 1
    assert added(REQUESTS, method="GET", route="unmatched", status_class="4xx") == 1
    assert added(REQUESTS, method="GET", route="/dashboard/static/{path}", status_class="2xx") == 1
    # No id, token or raw path is a label value anywhere in the exposition.
    assert booking_id not in after and token not in after
    routes = label_values(after, REQUESTS, "route")
    assert all(route == "unmatched" or route.startswith("/") for route in routes)
    assert not any(booking_id in route or token in route for route in routes)
    # The scrape itself is not counted; nothing is in flight between requests.
    assert "/metrics" not in routes
    assert sample_value(after, "auditoryx_http_requests_in_flight") == 0


async def test_a_429_is_counted_against_the_buckets_that_refused_it(
    app_factory: AppFactory, org_a: Tenant
) -> None:
    api = await app_factory(
        rate_limits_enabled=True, rate_limit_overrides={"label_enterprise": (1, 1)}
    )
    before = await scrape(api)

    assert (await api.get("/v1/organization", headers=org_a.headers)).status_code == 200
    assert (await api.get("/v1/organization", headers=org_a.headers)).status_code == 429
    after = await scrape(api)

    def added(name: str, **labels: str) -> float:
        return sample_value(after, name, **labels) - sample_value(before, name, **labels)

    # The key's and the organization's buckets had one request each: both refused the second.
    assert added("auditoryx_rate_limit_refusals_total", scope="key") == 1
    assert added("auditoryx_rate_limit_refusals_total", scope="org") == 1
    assert added("auditoryx_rate_limit_refusals_total", scope="ip") == 0
    assert added(REQUESTS, route="/v1/organization", status_class="4xx") == 1


async def test_with_a_token_configured_only_its_bearer_reads_the_metrics(
    app_factory: AppFactory,
) -> None:
    token = secrets.token_urlsafe(24)
    api = await app_factory(metrics_token=token)

    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {token}"}):
        refused = await api.get("/metrics", headers=headers)
        assert refused.status_code == 401
        assert refused.headers["content-type"] == "application/problem+json"
        assert "auditoryx_" not in refused.text
    assert "auditoryx_http_requests" in await scrape(api, Authorization=f"Bearer {token}")
    assert "/metrics" not in (await api.get("/openapi.json")).json()["paths"]


async def test_production_serves_no_metrics_on_the_api_port_without_a_token(
    app_factory: AppFactory,
) -> None:
    api = await app_factory(environment=Environment.PRODUCTION)
    assert (await api.get("/metrics")).status_code == 404

    token = secrets.token_urlsafe(24)
    protected = await app_factory(environment=Environment.PRODUCTION, metrics_token=token)
    assert (await protected.get("/metrics")).status_code == 401
    assert "auditoryx_" in await scrape(protected, Authorization=f"Bearer {token}")
