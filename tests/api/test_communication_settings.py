"""Communication settings that would make the weekly report misbehave are refused at save
time, with a 422 naming the field, and leave the stored settings as they were."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("cron", "why"),
    [
        ("99 99 99 99 99", "minute"),
        ("0 24 * * MON", "hour"),
        ("0 8 0 * *", "day of month"),
        ("0 8 * 13 *", "month"),
        ("0 8 * * 8", "day of week"),
        ("0 8 * * FUNDAY", "day of week"),
        ("0 8 5-1 * *", "day of month"),
        ("0 8 */0 * *", "day of month"),
        ("0 8 * * MON 2026", "five"),
    ],
)
async def test_an_impossible_report_cron_is_refused(api, org_a, cron, why):
    before = (await api.get("/v1/communication-settings", headers=org_a.headers)).json()
    r = await api.patch(
        "/v1/communication-settings", headers=org_a.headers, json={"report_cron": cron}
    )
    assert r.status_code == 422, r.text
    problem = r.json()
    assert problem["param"] == "report_cron" and why in problem["detail"], problem["detail"]
    after = (await api.get("/v1/communication-settings", headers=org_a.headers)).json()
    assert after == before


@pytest.mark.parametrize(
    "cron", ["0 8 * * MON", "30 6 1,15 * *", "0 9 * JAN-MAR mon-fri", "5 7 */2 * 0"]
)
async def test_a_valid_report_cron_is_stored(api, org_a, cron):
    r = await api.patch(
        "/v1/communication-settings", headers=org_a.headers, json={"report_cron": cron}
    )
    assert r.status_code == 200, r.text
    assert r.json()["report_cron"] == cron
