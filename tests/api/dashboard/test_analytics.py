"""The dashboard shows the analytics API's numbers: the same roster figures, the same monthly
spend and revenue (converted to the reporting currency, a currency without a rate named on
the page), the same forecast and backtest error, the same budget alert.

The label (reporting currency EUR; USD→EUR 0.9; no rate for GBP), months relative to today:

Aurora  confirmed this month       1000.00 USD → committed 900.00
        completed last month        500.00 USD → spent     450.00
        held next month             200.00 EUR → committed 200.00
        completed last month        100.00 GBP → left out, GBP named
        statements: 30 months of seasonal EUR revenue, and 1000.00 USD last month
Blake   confirmed next month        150.00 EUR against a budget of 100.00 EUR → exceeded
"""

from __future__ import annotations

import html
import math
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest

from domain.dashboard.views import chart_window
from domain.finance.forecasting import add_months
from tests.support.analytics import WEEKDAYS, add_booking, create
from tests.support.dashboard import member_with_password, sign_in

ROW = re.compile(r'<tr>\s*<td><a href="/dashboard/artists/(art_[0-9a-z]+)">.*?</tr>', re.S)
NUM = re.compile(r'<td class="num[^"]*">([^<]*)</td>')


def _at(month: date, day: int) -> datetime:
    return datetime(month.year, month.month, day, 10, tzinfo=UTC)


@pytest.fixture
async def label(api, org_a, sessionmaker) -> dict[str, Any]:
    h = org_a.headers
    r = await api.put(
        "/v1/exchange-rates",
        headers=h,
        json={
            "reporting_currency": "EUR",
            "rates": [{"date": "2020-01-01", "base": "USD", "quote": "EUR", "rate": "0.9"}],
        },
    )
    assert r.status_code == 200, r.text
    aurora = (await create(api, org_a, "/v1/artists", {"name": "Aurora"}))["id"]
    blake = (await create(api, org_a, "/v1/artists", {"name": "Blake"}))["id"]
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
    this_month = datetime.now(UTC).date().replace(day=1)
    last_month, next_month = add_months(this_month, -1), add_months(this_month, 1)
    b = {"sessionmaker": sessionmaker, "org": org_a, "creator": creator}
    for artist, start, status, minor, currency in (
        (aurora, _at(this_month, 1), "confirmed", 100_000, "USD"),
        (aurora, _at(last_month, 10), "completed", 50_000, "USD"),
        (aurora, _at(next_month, 5), "held", 20_000, "EUR"),
        (aurora, _at(last_month, 12), "completed", 10_000, "GBP"),
        (blake, _at(next_month, 7), "confirmed", 15_000, "EUR"),
    ):
        await add_booking(
            **b,
            artist=artist,
            start=start,
            hours=2,
            status=status,
            price_minor=minor,
            currency=currency,
        )
    lines = ["period,artist,source,territory,amount,currency,reference"]
    for back in range(1, 31):
        month = add_months(this_month, -back)
        seasonal = 1000 + 300 * math.sin(2 * math.pi * month.month / 12) + 5 * (30 - back)
        lines.append(f"{month:%Y-%m},Aurora,Spotify,DE,{seasonal:.2f},EUR,")
    lines.append(f"{last_month:%Y-%m},Aurora,Spotify,US,1000.00,USD,")
    r = await api.post(
        "/v1/revenue/imports?source_name=Statements",
        content="\n".join(lines) + "\n",
        headers={**h, "Content-Type": "text/csv"},
    )
    assert r.status_code == 201 and r.json()["rows_imported"] == 31, r.text
    budget = await create(
        api,
        org_a,
        "/v1/budgets",
        {"name": "Blake 2026", "artist_id": blake, "amount": "100", "currency": "EUR"},
    )
    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    return {"aurora": aurora, "blake": blake, "budget": budget["id"]}


async def _signed_in(browser_for):
    browser = await browser_for()
    r = await sign_in(browser, "owner@northstar.example")
    assert r.status_code == 303, r.text
    return browser


async def test_roster_and_artist_figures_are_the_analytics_rosters(label, api, org_a, browser_for):
    overview = (await api.get("/v1/analytics/roster", headers=org_a.headers)).json()
    assert overview["currency"] == "EUR" and overview["missing_rates"] == ["GBP"]
    aurora = next(a for a in overview["artists"] if a["name"] == "Aurora")
    assert aurora["spend_committed"] == "1100.00" and aurora["spend_actual"] == "450.00"

    browser = await _signed_in(browser_for)
    page = (await browser.get("/dashboard/roster")).text
    rows = {m.group(1): NUM.findall(m.group(0)) for m in ROW.finditer(page)}
    assert set(rows) == {label["aurora"], label["blake"]}
    for a in overview["artists"]:
        assert rows[a["artist_id"]] == [
            str(a["sessions_booked"]),
            str(a["sessions_completed"]),
            a["spend_committed"],
            a["spend_actual"],
            a["revenue"],
            a["margin"],
            str(a["pending_approvals"]),
        ], a["name"]
    assert "Amounts in GBP are left out" in page
    by_revenue = (await browser.get("/dashboard/roster?sort=revenue&dir=desc")).text
    assert [m.group(1) for m in ROW.finditer(by_revenue)] == [label["aurora"], label["blake"]]

    artist = (await browser.get(f"/dashboard/artists/{label['aurora']}")).text
    for field, key in (
        ("committed", "spend_committed"),
        ("spent", "spend_actual"),
        ("revenue", "revenue"),
        ("margin", "margin"),
    ):
        assert f'<strong id="fig-{field}">{aurora[key]}</strong>' in artist, field
    assert "Amounts in GBP are left out" in artist


async def test_charts_are_the_analytics_months_in_the_reporting_currency(
    label, api, org_a, browser_for
):
    start, end = chart_window(12, today=datetime.now(UTC).date())
    r = await api.get(
        "/v1/analytics/artist-comparison",
        headers=org_a.headers,
        params={"artist_id": label["aurora"], "from": str(start), "to": str(end)},
    )
    assert r.status_code == 200, r.text
    months = r.json()["artists"][0]["months"]
    assert len(months) == 12
    browser = await _signed_in(browser_for)
    page = (await browser.get(f"/dashboard/artists/{label['aurora']}")).text
    this_month = datetime.now(UTC).date().replace(day=1)
    for m in months:
        label_ = f"{date.fromisoformat(m['month']):%b %Y}"
        assert f"<title>{label_}, committed: {m['spend_committed']} EUR</title>" in page
        assert f"<title>{label_}, spent: {m['spend_actual']} EUR</title>" in page
        if date.fromisoformat(m["month"]) <= this_month:
            assert f"<title>{label_}: {m['revenue']} EUR</title>" in page
    last_month = f"{add_months(this_month, -1):%b %Y}"
    # 900.00 USD→EUR of the US statement plus the EUR line of that month: converted, summed.
    assert any(
        m["revenue"] != "0.00" and f"{date.fromisoformat(m['month']):%b %Y}" == last_month
        for m in months
    )

    # Label-wide: the overview's totals are the roster's totals over the same months.
    roster = await api.get(
        "/v1/analytics/roster",
        headers=org_a.headers,
        params={"from": str(start), "to": str(end)},
    )
    totals = roster.json()["totals"]
    overview = (await browser.get("/dashboard/overview")).text
    for field, key in (
        ("committed", "spend_committed"),
        ("spent", "spend_actual"),
        ("revenue", "revenue"),
        ("margin", "margin"),
    ):
        assert f'<strong id="total-{field}">{totals[key]}</strong>' in overview, field
    assert "Amounts in GBP are left out" in overview


async def test_the_artist_page_shows_the_forecast_with_its_band_and_backtest(
    label, api, org_a, browser_for
):
    r = await api.get(
        "/v1/analytics/forecast",
        headers=org_a.headers,
        params={"artist_id": label["aurora"], "months": 6},
    )
    assert r.status_code == 200, r.text
    forecast = r.json()
    assert forecast["method"] == "holt_winters_additive"
    mape = forecast["backtest"]["mape_percent"]
    assert mape is not None
    browser = await _signed_in(browser_for)
    page = (await browser.get(f"/dashboard/artists/{label['aurora']}")).text
    figure = re.search(r'<figure class="chart forecast" id="forecast">.*?</figure>', page, re.S)
    assert figure, "no forecast chart"
    chart = figure.group(0)
    assert f"backtest error (MAPE) {mape} %" in chart
    assert 'class="band-95" points="' in chart and 'class="band-80" points="' in chart
    assert '<polyline class="predicted"' in chart and "<script" not in page
    for point in forecast["forecast"]:
        month = f"{date.fromisoformat(point['month']):%b %Y}"
        assert f"<title>{month}: forecast {point['value']} EUR</title>" in chart
        assert f"{point['lower_95']} to {point['upper_95']}" in chart  # the data table
    assert '<title id="forecast-title">Revenue forecast of Aurora (EUR)</title>' in chart


async def test_the_budgets_page_shows_the_alert_the_api_reports(label, api, org_a, browser_for):
    report = (await api.get("/v1/analytics/budgets", headers=org_a.headers)).json()
    [line] = report["budgets"]
    assert line["alert"] == "exceeded" and line["committed"] == "150.00"
    browser = await _signed_in(browser_for)
    roster = (await browser.get("/dashboard/roster")).text
    assert 'href="/dashboard/budgets"' in roster
    page = await browser.get("/dashboard/budgets")
    assert page.status_code == 200
    row = re.search(
        rf'<tr id="budget-{label["budget"]}" class="alert-exceeded">.*?</tr>', page.text, re.S
    )
    assert row, page.text
    assert html.escape(line["message"]) in row.group(0)
    assert '<td class="num">100.00</td>' in row.group(0)
    assert '<td class="num negative">-50.00</td>' in row.group(0)
    assert "1 budget needs attention" in page.text


async def test_budgets_follow_permissions_and_modules(label, browser_for, sessionmaker, org_a):
    await member_with_password(sessionmaker, org_a.id, "art@northstar.example", "artist")
    artist = await browser_for()
    await sign_in(artist, "art@northstar.example")
    assert (await artist.get("/dashboard/budgets")).status_code == 403
    from core.db import tenant_session
    from domain.tenancy.models import Organization

    async with tenant_session(sessionmaker, [org_a.id]) as session:
        org = await session.get(Organization, org_a.id)
        assert org is not None
        org.settings = {**(org.settings or {}), "modules": {"analytics": False}}
    owner = await _signed_in(browser_for)
    assert (await owner.get("/dashboard/budgets")).status_code == 404
    assert 'href="/dashboard/budgets"' not in (await owner.get("/dashboard/roster")).text
