"""The dashboard's Usage page: the month's daily requests chart and statement, for admins."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.usage.meter import API_REQUESTS, UsageMeter
from tests.support.dashboard import member_with_password, sign_in


async def test_admins_see_the_months_requests_and_statement(
    browser_for, sessionmaker, make_tenant
) -> None:
    org = await make_tenant("Pulse Apps", plan="api")
    meter = UsageMeter()
    november = datetime(2026, 11, 3, 9, tzinfo=UTC)
    meter.count(
        org.id, API_REQUESTS, category="bookings", status_class="2xx", n=250_500, at=november
    )
    meter.count(org.id, API_REQUESTS, category="bookings", status_class="4xx", n=7, at=november)
    await meter.flush(sessionmaker)
    await member_with_password(sessionmaker, org.id, "ada@pulse.example", "admin")
    browser = await browser_for()
    await sign_in(browser, "ada@pulse.example")
    roster = await browser.get("/dashboard/roster")
    assert 'href="/dashboard/usage"' in roster.text
    page = await browser.get("/dashboard/usage?month=2026-11")
    assert page.status_code == 200, page.text
    html = page.text
    assert '<strong id="usage-requests">250,507</strong>' in html
    # 507 beyond 250,000 at $0.40 per 1,000 = $0.2028 -> $0.20, on the $199 fee.
    assert '<strong id="usage-total">199.20</strong>' in html
    assert 'id="usage-api_requests"' in html and "0.40 per 1,000" in html
    assert "API requests per day, November 2026 (UTC)" in html
    # The chart's data table: the 3rd stacks 250,500 answered and 7 refused requests.
    assert (
        '<th scope="row">2026-11-03</th><td class="num">250500</td><td class="num">7</td>' in html
    )


async def test_members_without_api_keys_read_neither_see_nor_open_it(
    browser_for, sessionmaker, org_a
) -> None:
    await member_with_password(sessionmaker, org_a.id, "max@northstar.example", "manager")
    browser = await browser_for()
    await sign_in(browser, "max@northstar.example")
    roster = await browser.get("/dashboard/roster")
    assert roster.status_code == 200 and 'href="/dashboard/usage"' not in roster.text
    assert (await browser.get("/dashboard/usage")).status_code == 403
