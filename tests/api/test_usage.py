"""Usage through the API: what an organization's owner sees after its keys made requests.

Each app counts on a meter the test flushes, as the app's own loop does every few seconds;
the figures are then read back through ``GET /v1/usage`` and the monthly statement.
"""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.db import tenant_session
from domain.usage.meter import API_REQUESTS, BOOKINGS_CREATED, UsageMeter, process_meter
from domain.usage.models import UsageDaily
from tests.support.approvals import WEEK
from tests.support.harness import issue_api_key
from tests.support.usage import metered_app, usage_rows


def key_id_of(raw_key: str) -> str:
    """The id of a key, from its secret (``ax_live_{id body}{secret}``)."""
    return "key_" + raw_key.removeprefix("ax_live_")[:26]


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def counts(body: dict, metric: str = API_REQUESTS) -> dict[tuple[str, str | None], int]:
    """``{(group, status_class): count}`` of the rows of ``metric``."""
    found: dict[tuple[str, str | None], int] = {}
    for row in body["data"]:
        if row["metric"] == metric:
            key = (row["group"], row["status_class"])
            found[key] = found.get(key, 0) + row["count"]
    return found


async def test_usage_equals_the_requests_made(settings, engine, sessionmaker, org_a) -> None:
    meter = UsageMeter()
    async with metered_app(settings, engine, meter) as api:
        for _ in range(7):
            assert (await api.get("/v1/bookings", headers=org_a.headers)).status_code == 200
        for _ in range(3):
            missing = await api.get(
                "/v1/bookings/bkg_00000000000000000000000000", headers=org_a.headers
            )
            assert missing.status_code == 404
        # Nobody authenticated: no organization to count it against.
        assert (await api.get("/v1/bookings")).status_code == 401
        await meter.flush(sessionmaker)
        r = await api.get("/v1/usage", params={"group": "bookings"}, headers=org_a.headers)
    assert r.status_code == 200, r.text
    assert counts(r.json()) == {("bookings", "2xx"): 7, ("bookings", "4xx"): 3}
    [row] = [x for x in r.json()["data"] if x["status_class"] == "2xx"]
    assert row["day"] == today()
    assert row["api_key_id"] == key_id_of(org_a.key)


async def test_each_key_is_counted_apart(settings, engine, sessionmaker, org_a) -> None:
    other = await issue_api_key(sessionmaker, org_a.id, created_by=None, name="integration")
    other_id = key_id_of(other)
    meter = UsageMeter()
    async with metered_app(settings, engine, meter) as api:
        for _ in range(2):
            await api.get("/v1/artists", headers={"Authorization": f"Bearer {other}"})
        await api.get("/v1/artists", headers=org_a.headers)
        await meter.flush(sessionmaker)
        mine = await api.get(
            "/v1/usage", params={"api_key_id": other_id, "group": "artists"}, headers=org_a.headers
        )
    assert [(x["api_key_id"], x["count"]) for x in mine.json()["data"]] == [(other_id, 2)]


async def test_a_refused_request_429_is_counted(settings, engine, sessionmaker, org_a) -> None:
    meter = UsageMeter()
    limits = {"rate_limits_enabled": True, "rate_limit_overrides": {"label_enterprise": (1, 1)}}
    async with metered_app(settings, engine, meter, **limits) as api:
        statuses = [
            (await api.get("/v1/artists", headers=org_a.headers)).status_code for _ in range(3)
        ]
        await meter.flush(sessionmaker)
    assert statuses.count(429) >= 1
    async with metered_app(settings, engine, UsageMeter()) as api:
        r = await api.get("/v1/usage", params={"group": "artists"}, headers=org_a.headers)
    assert counts(r.json()) == {
        ("artists", "2xx"): statuses.count(200),
        ("artists", "4xx"): statuses.count(429),
    }


async def test_two_app_instances_add_up(settings, engine, sessionmaker, org_a) -> None:
    first, second = UsageMeter(), UsageMeter()
    async with (
        metered_app(settings, engine, first) as one,
        metered_app(settings, engine, second) as two,
    ):
        for _ in range(3):
            await one.get("/v1/creators", headers=org_a.headers)
            await two.get("/v1/creators", headers=org_a.headers)
        await two.get("/v1/creators", headers=org_a.headers)
        # Both processes flush the same counters at the same moment, twice over.
        await asyncio.gather(first.flush(sessionmaker), second.flush(sessionmaker))
        await one.get("/v1/creators", headers=org_a.headers)
        await two.get("/v1/creators", headers=org_a.headers)
        await asyncio.gather(first.flush(sessionmaker), second.flush(sessionmaker))
        r = await one.get("/v1/usage", params={"group": "creators"}, headers=org_a.headers)
    assert counts(r.json()) == {("creators", "2xx"): 9}


async def test_one_organization_never_sees_anothers_usage(
    settings, engine, sessionmaker, owner_conninfo, org_a, org_b
) -> None:
    meter = UsageMeter()
    async with metered_app(settings, engine, meter) as api:
        for _ in range(4):
            await api.get("/v1/rooms", headers=org_a.headers)
        await api.get("/v1/clients", headers=org_b.headers)
        await meter.flush(sessionmaker)
        seen_by_b = await api.get("/v1/usage", headers=org_b.headers)
        seen_by_a = await api.get("/v1/usage", headers=org_a.headers)
    assert set(counts(seen_by_b.json())) == {("clients", "2xx")}
    assert ("clients", "2xx") not in counts(seen_by_a.json())
    assert counts(seen_by_a.json())[("rooms", "2xx")] == 4
    # Row-level security: a session of B, asking for everything, gets B's rows only.
    async with tenant_session(sessionmaker, [org_b.id]) as session:
        owners = set((await session.execute(select(UsageDaily.organization_id))).scalars())
    assert owners == {org_b.id}
    assert {row[0] for row in usage_rows(owner_conninfo)} >= {org_a.id, org_b.id}


async def test_bookings_created_are_counted_when_committed(
    settings, engine, sessionmaker, org_a
) -> None:
    start = datetime(2031, 3, 3, 10, tzinfo=UTC)
    async with metered_app(settings, engine, UsageMeter()) as api:
        creator = await api.post(
            "/v1/creators",
            headers=org_a.headers,
            json={
                "name": "Pat",
                "timezone": "UTC",
                "currency": "EUR",
                "hourly_rate": "90",
                "working_hours": WEEK,
            },
        )
        body = {
            "creator_id": creator.json()["id"],
            "start": start.isoformat(),
            "end": (start + timedelta(hours=2)).isoformat(),
            "status": "confirmed",
        }
        made = [await api.post("/v1/bookings", headers=org_a.headers, json=body) for _ in range(2)]
        assert [r.status_code for r in made] == [201, 409]  # the second one is refused
        await process_meter().flush(sessionmaker)
        r = await api.get("/v1/usage", params={"metric": BOOKINGS_CREATED}, headers=org_a.headers)
    assert [(x["group"], x["count"]) for x in r.json()["data"]] == [("", 1)]


async def test_csv_export(settings, engine, sessionmaker, org_a) -> None:
    meter = UsageMeter()
    async with metered_app(settings, engine, meter) as api:
        for _ in range(2):
            await api.get("/v1/artists", headers=org_a.headers)
        await meter.flush(sessionmaker)
        by_param = await api.get(
            "/v1/usage", params={"format": "csv", "group": "artists"}, headers=org_a.headers
        )
        by_accept = await api.get(
            "/v1/usage",
            params={"group": "artists"},
            headers={**org_a.headers, "Accept": "text/csv"},
        )
    assert by_param.headers["content-type"].startswith("text/csv")
    assert by_param.text == by_accept.text
    rows = list(csv.reader(io.StringIO(by_param.text)))
    key_id = key_id_of(org_a.key)
    assert rows == [
        ["day", "metric", "group", "status_class", "api_key_id", "count"],
        [today(), "api_requests", "artists", "2xx", key_id, "2"],
    ]


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"from": "2026-13-01"}, "from"),
        ({"from": "yesterday"}, "from"),
        ({"to": "2026-02-30"}, "to"),
        ({"from": "2026-03-02", "to": "2026-03-01"}, "to"),
        ({"from": "2025-01-01", "to": "2026-03-01"}, "from"),
        ({"metric": "coffee"}, "metric"),
        ({"api_key_id": "not-a-key"}, "api_key_id"),
        ({"group": "Bookings!"}, "group"),
        ({"format": "xml"}, "format"),
    ],
)
async def test_bad_filters_are_a_400_problem(settings, engine, org_a, params, param) -> None:
    async with metered_app(settings, engine, UsageMeter()) as api:
        r = await api.get("/v1/usage", params=params, headers=org_a.headers)
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["param"] == param


async def test_a_bad_month_is_a_400_problem(settings, engine, org_a) -> None:
    async with metered_app(settings, engine, UsageMeter()) as api:
        r = await api.get("/v1/usage/statements/2026-13", headers=org_a.headers)
    assert r.status_code == 400, r.text
    assert r.json()["param"] == "month"


async def test_usage_needs_the_api_keys_read_permission(
    settings, engine, sessionmaker, org_a
) -> None:
    reader = await issue_api_key(
        sessionmaker, org_a.id, created_by=None, permissions=["bookings:read"]
    )
    async with metered_app(settings, engine, UsageMeter()) as api:
        r = await api.get("/v1/usage", headers={"Authorization": f"Bearer {reader}"})
    assert r.status_code == 403
    assert r.json()["missing_permission"] == "api_keys:read"


# --- the monthly statement -------------------------------------------------------------------

NOVEMBER = datetime(2026, 11, 14, 12, tzinfo=UTC)


async def test_statement_of_the_api_access_plan(
    settings, engine, sessionmaker, make_tenant
) -> None:
    org = await make_tenant("Pulse Apps", plan="api")
    meter = UsageMeter()
    # 251,234 answered requests (1,234 beyond the 250,000 included) and 100 of our failures,
    # which are not billed; 10,005 bookings (5 beyond 10,000); nothing else.
    meter.count(
        org.id, API_REQUESTS, category="bookings", status_class="2xx", n=250_000, at=NOVEMBER
    )
    meter.count(
        org.id,
        API_REQUESTS,
        category="artists",
        status_class="4xx",
        n=1_234,
        at=NOVEMBER.replace(day=30),
    )
    meter.count(org.id, API_REQUESTS, category="artists", status_class="5xx", n=100, at=NOVEMBER)
    meter.count(org.id, BOOKINGS_CREATED, n=10_005, at=NOVEMBER.replace(day=1, hour=0))
    # Outside November (UTC): not on its statement.
    meter.count(
        org.id,
        API_REQUESTS,
        category="bookings",
        status_class="2xx",
        n=9,
        at=datetime(2026, 12, 1, tzinfo=UTC),
    )
    meter.count(
        org.id,
        API_REQUESTS,
        category="bookings",
        status_class="2xx",
        n=9,
        at=datetime(2026, 10, 31, 23, 59, tzinfo=UTC),
    )
    await meter.flush(sessionmaker)
    async with metered_app(settings, engine, UsageMeter()) as api:
        r = await api.get("/v1/usage/statements/2026-11", headers=org.headers)
        as_csv = await api.get("/v1/usage/statements/2026-11?format=csv", headers=org.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["plan"], body["currency"], body["from"], body["to"]) == (
        "api",
        "USD",
        "2026-11-01",
        "2026-11-30",
    )
    lines = {line["metric"]: line for line in body["lines"]}
    requests = lines["api_requests"]
    assert (requests["used"], requests["included"], requests["overage"]) == (
        251_234,
        250_000,
        1_234,
    )
    # 1,234 x $0.40 / 1,000 = $0.4936 → $0.49 (half-even to the cent)
    assert (requests["unit_price"], requests["per_units"], requests["amount"]) == (
        "0.40",
        1000,
        "0.49",
    )
    bookings = lines["bookings_created"]
    assert (bookings["overage"], bookings["unit_price"], bookings["amount"]) == (5, "0.02", "0.10")
    assert lines["emails_sent"]["used"] == 0 and lines["emails_sent"]["amount"] == "0.00"
    assert all(line["billed"] for line in body["lines"])
    assert (body["base_fee"], body["overage_total"], body["total"]) == ("199.00", "0.59", "199.59")
    rows = list(csv.reader(io.StringIO(as_csv.text)))
    assert rows[0] == [
        "metric",
        "used",
        "included",
        "overage",
        "unit_price",
        "per_units",
        "amount",
        "currency",
    ]
    assert rows[1] == ["api_requests", "251234", "250000", "1234", "0.40", "1000", "0.49", "USD"]
    assert rows[-2:] == [
        ["base_fee", "", "", "", "", "", "199.00", "USD"],
        ["total", "", "", "", "", "", "199.59", "USD"],
    ]


async def test_other_plans_show_usage_against_included_units_without_charging(
    settings, engine, sessionmaker, org_b
) -> None:
    meter = UsageMeter()
    meter.count(
        org_b.id, API_REQUESTS, category="bookings", status_class="2xx", n=100_050, at=NOVEMBER
    )
    await meter.flush(sessionmaker)
    async with metered_app(settings, engine, UsageMeter()) as api:
        body = (await api.get("/v1/usage/statements/2026-11", headers=org_b.headers)).json()
    requests = next(line for line in body["lines"] if line["metric"] == "api_requests")
    assert (requests["used"], requests["included"], requests["overage"]) == (100_050, 100_000, 50)
    assert (requests["billed"], requests["unit_price"], requests["amount"]) == (False, None, "0.00")
    assert (body["plan"], body["base_fee"], body["total"]) == ("studio_pro", "299.00", "299.00")


async def test_made_up_paths_create_no_usage_groups(settings, engine, sessionmaker, org_a) -> None:
    """Groups come from the matched route's template, never from the path a caller sends:
    thousands of invented paths cannot grow the usage table or the statement."""
    meter = UsageMeter()
    async with metered_app(settings, engine, meter) as api:
        for path in ("/v1/nope", "/v1/x" * 20, "/v1/bookings/not/a/route", "/nowhere"):
            assert (await api.get(path, headers=org_a.headers)).status_code == 404
        assert (await api.get("/v1/bookings", headers=org_a.headers)).status_code == 200
        await meter.flush(sessionmaker)
        r = await api.get("/v1/usage", params={"metric": API_REQUESTS}, headers=org_a.headers)
    groups = {group for group, _status in counts(r.json())}
    assert groups <= {"bookings", "usage", "unmatched"}, groups
    assert "nope" not in groups and "x" not in groups
