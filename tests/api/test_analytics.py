"""Analytics against a hand-computed label: currency conversion, rounding, invoices replacing
booking prices, budgets and their alert, the exceeds_budget approval condition, utilisation,
pipeline, comparison and a budget scenario.

The fixture (reporting currency EUR; USD→EUR 0.9 from 2025-01-01 and 0.8 from 2025-03-01;
only EUR→GBP 0.8 is stored, so GBP→EUR is 1/0.8 = 1.25):

Aurora  booking Feb 4  confirmed  1000.00 USD → committed  900.00
        booking Mar 10 completed   500.00 USD → actual     400.00
        booking Mar 12 held        200.00 EUR → committed  200.00
        booking Mar 14 cancelled   300.00 EUR → nothing
        expense Mar 20              50.00 EUR → actual      50.00
        revenue 2025-02 Spotify US 1000.00 USD → 900.00
                2025-02 Spotify US    0.05 USD → 0.045 (same month: 900.045 → 900.04, half-even)
                2025-03 Apple GB    100.00 GBP → 125.00
        ⇒ committed 1100.00, actual 450.00, revenue 1025.04, margin 575.04
Blake   booking Feb 5 completed    100.00 EUR, invoiced at 120.00 EUR → actual 120.00
        ⇒ margin -120.00
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from core.db import tenant_session
from core.ids import new_id
from domain.approvals import matching
from domain.approvals import requests as approvals
from domain.approvals.models import ApprovalPolicy
from domain.audit.service import Actor
from domain.bookings.models import Booking
from tests.support.analytics import WEEKDAYS, add_booking, create
from tests.support.harness import Tenant


def utc(y: int, m: int, d: int, h: int) -> datetime:
    return datetime(y, m, d, h, tzinfo=UTC)


@pytest.fixture
async def label(api: httpx.AsyncClient, org_a: Tenant, sessionmaker: Any) -> dict[str, str]:
    h = org_a.headers
    r = await api.put(
        "/v1/exchange-rates",
        json={
            "reporting_currency": "EUR",
            "rates": [
                {"date": "2025-01-01", "base": "USD", "quote": "EUR", "rate": "0.9"},
                {"date": "2025-03-01", "base": "USD", "quote": "EUR", "rate": "0.8"},
                {"date": "2025-01-01", "base": "EUR", "quote": "GBP", "rate": "0.8"},
            ],
        },
        headers=h,
    )
    assert r.status_code == 200, r.text
    aurora = (await create(api, org_a, "/v1/artists", {"name": "Aurora"}))["id"]
    blake = (await create(api, org_a, "/v1/artists", {"name": "Blake", "external_ref": "B-1"}))[
        "id"
    ]
    creator = (
        await create(
            api,
            org_a,
            "/v1/creators",
            {
                "name": "Mix Engineer",
                "timezone": "UTC",
                "currency": "EUR",
                "hourly_rate": "50",
                "working_hours": WEEKDAYS,
            },
        )
    )["id"]
    b = {"sessionmaker": sessionmaker, "org": org_a, "creator": creator}
    ids = {"aurora": aurora, "blake": blake, "creator": creator}
    ids["confirmed"] = await add_booking(
        **b, artist=aurora, start=utc(2025, 2, 4, 10), hours=4, status="confirmed",
        price_minor=100_000, currency="USD",
    )  # fmt: skip
    ids["completed"] = await add_booking(
        **b, artist=aurora, start=utc(2025, 3, 10, 10), hours=2, status="completed",
        price_minor=50_000, currency="USD",
    )  # fmt: skip
    ids["held"] = await add_booking(
        **b, artist=aurora, start=utc(2025, 3, 12, 10), hours=2, status="held",
        price_minor=20_000, currency="EUR",
    )  # fmt: skip
    await add_booking(
        **b, artist=aurora, start=utc(2025, 3, 14, 10), hours=2, status="cancelled",
        price_minor=30_000, currency="EUR",
    )  # fmt: skip
    ids["blake_session"] = await add_booking(
        **b, artist=blake, start=utc(2025, 2, 5, 10), hours=2, status="completed",
        price_minor=10_000, currency="EUR",
    )  # fmt: skip
    await create(
        api,
        org_a,
        "/v1/ledger-entries",
        {
            "kind": "expense",
            "occurred_on": "2025-03-20",
            "amount": "50",
            "currency": "EUR",
            "artist_id": aurora,
            "description": "Travel",
        },
    )
    invoice = await create(
        api,
        org_a,
        "/v1/ledger-entries",
        {
            "kind": "invoice",
            "occurred_on": "2025-02-06",
            "amount": "120",
            "currency": "EUR",
            "booking_id": ids["blake_session"],
        },
    )
    assert invoice["artist_id"] == blake  # taken from the booking
    csv = (
        "period,artist,source,territory,amount,currency,reference\n"
        "2025-02,Aurora,Spotify,US,1000.00,USD,\n"
        "2025-02,Aurora,Spotify,US,0.05,USD,adjustment\n"
        "2025-03,aurora,Apple Music,gb,100,GBP,\n"
    )
    r = await api.post(
        "/v1/revenue/imports?source_name=Q1",
        content=csv,
        headers={**h, "Content-Type": "text/csv"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["rows_imported"] == 3
    # A pending approval on Aurora's held booking.
    policy = await create(
        api,
        org_a,
        "/v1/approval-policies",
        {
            "name": "All bookings",
            "subject_type": "booking",
            "steps": [{"name": "Owner", "approvers": [{"role": "owner"}]}],
        },
    )
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        row = await session.get(ApprovalPolicy, policy["id"])
        assert row is not None
        await approvals.open_request(
            session,
            organization_id=org_a.id,
            policy=row,
            subject=matching.Subject(
                type="booking", id=ids["held"], amount_minor=20_000, currency="EUR", summary="x"
            ),
            actor=Actor.system("test"),
        )
    return ids


async def test_roster_overview_matches_the_hand_computed_figures(api, org_a, label):
    r = await api.get("/v1/analytics/roster", headers=org_a.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["currency"] == "EUR"
    assert body["missing_rates"] == []
    by_name = {a["name"]: a for a in body["artists"]}
    assert by_name["Aurora"] == {
        "artist_id": label["aurora"],
        "name": "Aurora",
        "status": "active",
        "sessions_booked": 3,
        "sessions_completed": 1,
        "spend_committed": "1100.00",
        "spend_actual": "450.00",
        "revenue": "1025.04",
        "margin": "575.04",
        "pending_approvals": 1,
    }
    blake = by_name["Blake"]
    assert (blake["spend_actual"], blake["revenue"], blake["margin"]) == (
        "120.00",
        "0.00",
        "-120.00",
    )
    assert body["totals"]["spend_actual"] == "570.00"
    assert body["totals"]["margin"] == "455.04"
    # Sorting and search.
    r = await api.get("/v1/analytics/roster?sort=-margin", headers=org_a.headers)
    assert [a["name"] for a in r.json()["artists"]] == ["Aurora", "Blake"]
    r = await api.get("/v1/analytics/roster?sort=margin&q=bla", headers=org_a.headers)
    assert [a["name"] for a in r.json()["artists"]] == ["Blake"]
    # A period: only March.
    r = await api.get("/v1/analytics/roster?from=2025-03-01&to=2025-03-31", headers=org_a.headers)
    aurora = next(a for a in r.json()["artists"] if a["name"] == "Aurora")
    assert (aurora["spend_committed"], aurora["spend_actual"], aurora["revenue"]) == (
        "200.00",
        "450.00",
        "125.00",
    )
    assert aurora["sessions_booked"] == 2


async def test_a_currency_without_a_rate_is_named_not_guessed(api, org_a, label, sessionmaker):
    await add_booking(
        sessionmaker, org_a, creator=label["creator"], artist=label["blake"],
        start=utc(2025, 4, 1, 10), hours=1, status="confirmed", price_minor=5000, currency="JPY",
    )  # fmt: skip
    r = await api.get("/v1/analytics/roster", headers=org_a.headers)
    body = r.json()
    assert body["missing_rates"] == ["JPY"]
    blake = next(a for a in body["artists"] if a["name"] == "Blake")
    assert blake["spend_committed"] == "0.00"


async def test_budget_alert_and_the_exceeds_budget_condition(api, org_a, label, sessionmaker):
    aurora_budget = await create(
        api,
        org_a,
        "/v1/budgets",
        {"name": "Aurora 2025", "artist_id": label["aurora"], "amount": "1500", "currency": "EUR"},
    )
    await create(
        api,
        org_a,
        "/v1/budgets",
        {"name": "Blake 2025", "artist_id": label["blake"], "amount": "1000", "currency": "USD"},
    )
    r = await api.get("/v1/analytics/budgets", headers=org_a.headers)
    assert r.status_code == 200, r.text
    report = r.json()
    lines = {b["name"]: b for b in report["budgets"]}
    aurora = lines["Aurora 2025"]
    assert aurora["budget_id"] == aurora_budget["id"]
    assert (aurora["budget"], aurora["committed"], aurora["actual"]) == (
        "1500.00",
        "1100.00",
        "450.00",
    )
    assert aurora["remaining"] == "-50.00"
    assert aurora["alert"] == "exceeded"
    assert "exceed the budget of 1500.00 EUR by 50.00 EUR" in aurora["message"]
    blake = lines["Blake 2025"]
    # 1000 USD at this month's rate (0.8) = 800 EUR; 120 used = 15 %.
    assert (blake["budget"], blake["actual"], blake["used_percent"], blake["alert"]) == (
        "800.00",
        "120.00",
        "15.0",
        None,
    )
    assert report["alerts"] == 1

    # The approval policy condition: Aurora's held booking takes her budget past its amount.
    r = await api.post(
        "/v1/approval-policies",
        json={
            "name": "Over budget",
            "subject_type": "booking",
            "priority": 1,
            "conditions": {"exceeds_budget": True},
            "steps": [{"name": "Owner", "approvers": [{"role": "owner"}]}],
        },
        headers=org_a.headers,
    )
    assert r.status_code == 201, r.text
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        for key, expected in (("held", "Over budget"), ("blake_session", "All bookings")):
            booking = await session.get(Booking, label[key])
            assert booking is not None
            subject = await matching.booking_subject(session, booking)
            policy = await matching.matching_policy(
                session, organization_id=org_a.id, subject=subject
            )
            assert policy is not None and policy.name == expected, key


async def test_pipeline_comparison_and_utilisation(api, org_a, label):
    r = await api.get("/v1/analytics/booking-pipeline", headers=org_a.headers)
    stages = {s["status"]: (s["bookings"], s["value"]) for s in r.json()["stages"]}
    assert stages == {
        "held": (1, "200.00"),
        "pending_approval": (0, "0.00"),
        "confirmed": (1, "900.00"),
        "completed": (2, "500.00"),
        "cancelled": (1, "300.00"),
        "no_show": (0, "0.00"),
        "expired": (0, "0.00"),
    }
    r = await api.get(
        "/v1/analytics/artist-comparison",
        params={"artist_id": [label["aurora"], label["blake"]], "from": "2025-02-01",
                "to": "2025-03-31"},
        headers=org_a.headers,
    )  # fmt: skip
    assert r.status_code == 200, r.text
    aurora, blake = r.json()["artists"]
    assert [(m["month"], m["spend_committed"], m["spend_actual"], m["revenue"]) for m in
            aurora["months"]] == [
        ("2025-02-01", "900.00", "0.00", "900.04"),
        ("2025-03-01", "200.00", "450.00", "125.00"),
    ]  # fmt: skip
    assert aurora["totals"]["margin"] == "575.04"
    assert blake["months"][0]["spend_actual"] == "120.00"

    # Mon 3 to Sun 9 February: 40 working hours; 4 h (Aurora) + 2 h (Blake, completed) booked.
    r = await api.get(
        "/v1/analytics/creator-utilisation?from=2025-02-03&to=2025-02-09", headers=org_a.headers
    )
    [usage] = r.json()["creators"]
    assert (usage["sessions"], usage["booked_hours"], usage["completed_hours"]) == (
        2,
        "6.00",
        "2.00",
    )
    assert (usage["capacity_hours"], usage["utilisation"]) == ("40.00", "0.1500")


async def test_budget_scenario_projects_the_spend_curve(api, org_a, label):
    await create(
        api,
        org_a,
        "/v1/budgets",
        {"name": "Aurora", "artist_id": label["aurora"], "amount": "2000", "currency": "EUR"},
    )
    r = await api.post(
        "/v1/analytics/budget-scenarios",
        json={
            "artist_id": label["aurora"],
            "sessions_per_month": 2,
            "price_per_session": "100",
            "currency": "EUR",
            "months": 4,
            "start_month": "2025-04-01",
        },
        headers=org_a.headers,
    )
    assert r.status_code == 200, r.text
    plan = r.json()
    assert plan["spent_before"] == "1550.00"  # 900 + 400 + 200 + 50
    assert [(m["planned"], m["cumulative"], m["over_budget"]) for m in plan["months"]] == [
        ("200.00", "1750.00", False),
        ("200.00", "1950.00", False),
        ("200.00", "2150.00", True),
        ("200.00", "2350.00", True),
    ]
    assert plan["exceeds_budget_in"] == "2025-06-01"


async def test_bad_queries_are_422_naming_the_parameter(api, org_a):
    for path, param in (
        ("/v1/analytics/roster?sort=loudness", "sort"),
        ("/v1/analytics/roster?from=2025-13-01", "from"),
        ("/v1/analytics/roster?from=2025-03-01&to=2025-02-01", "to"),
        ("/v1/analytics/artist-comparison?artist_id=nope", "artist_id"),
        ("/v1/analytics/forecast?months=99", "months"),
    ):
        r = await api.get(path, headers=org_a.headers)
        assert r.status_code == 422, path
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["param"] == param, (path, r.json())
    r = await api.post(
        "/v1/analytics/budget-scenarios",
        json={"sessions_per_month": 1, "price_per_session": "1", "currency": "XXX"},
        headers=org_a.headers,
    )
    assert r.status_code == 422 and r.json()["param"] == "currency"


async def test_another_organization_sees_none_of_it(api, org_a, org_b, label):
    r = await api.get("/v1/analytics/roster", headers=org_b.headers)
    assert r.json()["artists"] == []
    r = await api.get(f"/v1/analytics/forecast?artist_id={label['aurora']}", headers=org_b.headers)
    assert r.status_code == 404
    r = await api.get(
        "/v1/analytics/artist-comparison", params={"artist_id": label["aurora"]},
        headers=org_b.headers,
    )  # fmt: skip
    assert r.json()["artists"] == []
    r = await api.get("/v1/exchange-rates", headers=org_b.headers)
    assert r.json() == {"object": "exchange_rates", "reporting_currency": "USD", "data": []}


async def test_a_ledger_entry_or_budget_cannot_name_another_organizations_project(
    api, org_a, org_b
):
    r = await api.post(
        "/v1/projects", headers=org_a.headers, json={"name": "EP", "currency": "EUR"}
    )
    assert r.status_code == 201, r.text
    project_id = r.json()["id"]
    entry = {
        "kind": "expense",
        "occurred_on": "2025-03-20",
        "amount": "50",
        "currency": "EUR",
        "project_id": project_id,
    }
    budget = {"name": "EP", "project_id": project_id, "amount": "10", "currency": "EUR"}
    for path, body in (("/v1/ledger-entries", entry), ("/v1/budgets", budget)):
        r = await api.post(path, headers=org_b.headers, json=body)
        assert r.status_code == 404 and r.json()["param"] == "project_id", (path, r.text)
        r = await api.post(path, headers=org_b.headers, json={**body, "project_id": new_id("prj")})
        assert r.status_code == 404 and r.json()["param"] == "project_id", (path, r.text)
        r = await api.post(path, headers=org_a.headers, json=body)
        assert r.status_code == 201 and r.json()["project_id"] == project_id, (path, r.text)
