"""Rate limits: one key, one organization, one address cannot take more than their share.

The limits are on for these apps only (the rest of the suite sends bursts with them off).
Rates are overridden to a trickle (one request a minute, or one every ten seconds) so that the
burst, not the refill during the test, decides what is admitted.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable

import httpx
import pytest

from core.config import ConfigurationError
from tests.support.harness import Tenant

AppFactory = Callable[..., Awaitable[httpx.AsyncClient]]
BAD_KEY = {"Authorization": "Bearer ax_live_" + "0" * 26 + "x" * 32}


def limited(**rates: list[int]) -> dict[str, object]:
    return {"rate_limits_enabled": True, "rate_limit_overrides": rates}


async def burst(
    clients: list[httpx.AsyncClient], count: int, headers: dict[str, str]
) -> list[httpx.Response]:
    """``count`` concurrent GET /v1/organization, spread over ``clients``."""
    return await asyncio.gather(
        *(clients[i % len(clients)].get("/v1/organization", headers=headers) for i in range(count))
    )


async def test_one_key_gets_exactly_its_burst_of_50_concurrent_requests(
    app_factory: AppFactory, org_a: Tenant
) -> None:
    api = await app_factory(**limited(label_enterprise=[1, 20]))

    responses = await burst([api], 50, org_a.headers)

    assert Counter(r.status_code for r in responses) == {200: 20, 429: 30}
    refusal = next(r for r in responses if r.status_code == 429)
    assert refusal.headers["content-type"] == "application/problem+json"
    assert refusal.json()["code"] == "rate_limited"


async def test_two_api_processes_share_one_budget(app_factory: AppFactory, org_a: Tenant) -> None:
    first = await app_factory(**limited(label_enterprise=[1, 20]))
    second = await app_factory(**limited(label_enterprise=[1, 20]))

    responses = await burst([first, second], 50, org_a.headers)

    assert Counter(r.status_code for r in responses) == {200: 20, 429: 30}
    # Both processes admitted some and refused some: the budget is one, not one each.
    assert {r.status_code for r in responses[0::2]} == {200, 429}
    assert {r.status_code for r in responses[1::2]} == {200, 429}


async def test_one_organization_exhausting_its_budget_does_not_limit_another(
    app_factory: AppFactory, org_a: Tenant, org_b: Tenant
) -> None:
    api = await app_factory(**limited(label_enterprise=[1, 5], studio_pro=[1, 5]))

    first = await burst([api], 10, org_a.headers)
    assert Counter(r.status_code for r in first) == {200: 5, 429: 5}

    other = await api.get("/v1/organization", headers=org_b.headers)
    assert other.status_code == 200
    assert other.headers["RateLimit"] == '"key";r=4;t=60, "org";r=4;t=60'
    assert (await api.get("/v1/organization", headers=org_a.headers)).status_code == 429


async def test_the_plan_sets_the_rate(
    app_factory: AppFactory, org_a: Tenant, org_b: Tenant
) -> None:
    api = await app_factory(rate_limits_enabled=True)

    label = await api.get("/v1/organization", headers=org_a.headers)
    studio = await api.get("/v1/organization", headers=org_b.headers)

    assert label.headers["RateLimit-Policy"] == (
        '"key";q=1200;w=60;burst=200, "org";q=1200;w=60;burst=200'
    )
    assert studio.headers["RateLimit-Policy"] == (
        '"key";q=600;w=60;burst=100, "org";q=600;w=60;burst=100'
    )
    assert studio.headers["RateLimit"] == '"key";r=99;t=1, "org";r=99;t=1'


async def test_bad_key_floods_are_refused_per_client_address(
    app_factory: AppFactory, org_a: Tenant
) -> None:
    # The in-process client connects from 127.0.0.1, trusted here as a proxy naming clients.
    api = await app_factory(**limited(anonymous=[1, 10]), forwarded_allow_ips="127.0.0.1")
    attacker = {**BAD_KEY, "X-Forwarded-For": "203.0.113.7"}

    flood = await burst([api], 30, attacker)

    assert Counter(r.status_code for r in flood) == {401: 10, 429: 20}
    refused = next(r for r in flood if r.status_code == 429)
    assert refused.json()["code"] == "rate_limited"
    assert refused.headers["RateLimit-Policy"] == '"ip";q=1;w=60;burst=10'
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    # Missing keys count against the same address; another address is not affected.
    assert (
        await api.get("/v1/organization", headers=attacker | {"Authorization": ""})
    ).status_code == 429
    neighbour = await api.get(
        "/v1/organization", headers={**BAD_KEY, "X-Forwarded-For": "198.51.100.2"}
    )
    assert neighbour.status_code == 401
    assert neighbour.headers["RateLimit"] == '"ip";r=9;t=60'
    # A valid key from the flooding address is counted against its key and organization.
    good = await api.get(
        "/v1/organization", headers={**org_a.headers, "X-Forwarded-For": "203.0.113.7"}
    )
    assert good.status_code == 200


async def test_headers_on_success_and_refusal_and_retry_after_is_when_a_request_fits_again(
    app_factory: AppFactory, org_a: Tenant
) -> None:
    # One request every 10 s: the four requests fall within one interval however slow they
    # are, so the fourth is refused and none is admitted by the refill.
    api = await app_factory(**limited(label_enterprise=[6, 3]))

    admitted = [await api.get("/v1/organization", headers=org_a.headers) for _ in range(3)]
    refused = await api.get("/v1/organization", headers=org_a.headers)

    for response in admitted:
        assert response.headers["RateLimit-Policy"] == (
            '"key";q=6;w=60;burst=3, "org";q=6;w=60;burst=3'
        )
        assert "Retry-After" not in response.headers
    states = [state(r) for r in admitted]
    assert [s["org"][0] for s in states] == [2, 1, 0]
    # The full burst is back n intervals after the first request, less the time since it (whole
    # seconds, under one interval).
    for n, s in enumerate(states, start=1):
        assert s["key"] == s["org"]
        assert 10 * n - 10 < s["org"][1] <= 10 * n
    assert refused.status_code == 429
    assert refused.headers["RateLimit-Policy"] == admitted[0].headers["RateLimit-Policy"]
    retry_after = int(refused.headers["Retry-After"])
    assert 1 <= retry_after <= 10
    assert refused.json()["retry_after"] == retry_after
    # One more fits after one interval's worth of the burst has drained, the full burst two
    # intervals after that.
    assert state(refused) == {"key": (0, retry_after + 20), "org": (0, retry_after + 20)}

    await asyncio.sleep(retry_after)
    assert (await api.get("/v1/organization", headers=org_a.headers)).status_code == 200


def state(response: httpx.Response) -> dict[str, tuple[int, int]]:
    """The ``RateLimit`` header: ``(remaining, reset)`` by bucket scope."""
    buckets = {}
    for item in response.headers["RateLimit"].split(", "):
        scope, r, t = item.split(";")
        buckets[scope.strip('"')] = (int(r.removeprefix("r=")), int(t.removeprefix("t=")))
    return buckets


async def test_idempotent_replays_are_counted_and_carry_their_own_headers(
    app_factory: AppFactory, org_a: Tenant
) -> None:
    api = await app_factory(**limited(label_enterprise=[1, 2]))
    headers = {**org_a.headers, "Idempotency-Key": "roster-1"}
    body = {"name": "Ada Lane"}

    first = await api.post("/v1/artists", json=body, headers=headers)
    replay = await api.post("/v1/artists", json=body, headers=headers)
    refused = await api.post("/v1/artists", json=body, headers=headers)

    assert (first.status_code, replay.status_code, refused.status_code) == (201, 201, 429)
    assert first.headers["RateLimit"].startswith('"key";r=1;')
    assert replay.headers["RateLimit"].startswith('"key";r=0;')


async def test_limits_off_answers_without_counting(app_factory: AppFactory, org_a: Tenant) -> None:
    api = await app_factory()

    responses = await burst([api], 20, org_a.headers)

    assert {r.status_code for r in responses} == {200}
    assert "RateLimit" not in responses[0].headers


async def test_an_override_for_an_unknown_plan_is_refused_at_start(
    app_factory: AppFactory, clean_db: None
) -> None:
    # Plans are data: the names are checked against the plans table when the app starts.
    with pytest.raises(ConfigurationError, match="RATE_LIMIT_OVERRIDES: unknown plan 'gold'"):
        await app_factory(**limited(gold=[10, 5]))
