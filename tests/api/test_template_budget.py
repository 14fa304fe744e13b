"""User templates render under a budget: a template that loops, multiplies, recurses or runs
too long is a 422 naming the limit (preview and save), other organizations are served while it
renders, and a stored override that blows its budget on real data falls back to the built-in
template when the e-mail is sent."""

from __future__ import annotations

import asyncio
import time

import pytest

from core.db import tenant_session
from domain.notices.templates import TEMPLATES, render_email

NESTED_LOOPS = "{% for i in range(100000) %}{% for j in range(2000) %}{% endfor %}{% endfor %}"
# Under the iteration cap, but ~30 s of work unbounded on this hardware (~2 s per 5,000
# iterations): only the time budget can stop it, however fast or loaded the machine is.
SLOW_LOOP = "{% for i in range(90000) %}{{ (title * 7000)|replace('a', 'bb')|length }}{% endfor %}"

HOSTILE = [
    pytest.param(NESTED_LOOPS, "loop_iterations", id="nested-loops"),
    pytest.param("{{ 'a' * 50000000 }}", "sequence_size", id="string-times-50M"),
    pytest.param("{{ [1] * 50000000 }}", "sequence_size", id="list-times-50M"),
    pytest.param("{{ range(10**9)|length }}", "range_size", id="range-1e9"),
    pytest.param(
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "recursion_depth", id="recursion"
    ),
    pytest.param(
        "{% for i in range(100) %}{{ title * 5000 }}{% endfor %}", "output_size", id="output"
    ),
    pytest.param(SLOW_LOOP, "render_time", id="slow-loop"),
]


@pytest.mark.parametrize(("html", "limit"), HOSTILE)
async def test_a_hostile_preview_is_a_422_naming_its_limit(api, org_a, html, limit):
    started = time.monotonic()
    r = await api.post(
        "/v1/email-templates/reminder/preview", headers=org_a.headers, json={"html": html}
    )
    elapsed = time.monotonic() - started
    assert r.status_code == 422, r.text[:300]
    problem = r.json()
    assert problem["code"] == "template_too_expensive" and problem["param"] == "html"
    assert problem["limit"] == limit and limit in problem["detail"]
    assert elapsed < 10


async def test_a_hostile_template_is_not_saved_and_the_old_one_is_kept(api, org_a):
    good = {"subject": "Soon: {{ title }}", "html": "<p>{{ title }}</p>", "text": "{{ title }}"}
    assert (
        await api.put("/v1/email-templates/reminder", headers=org_a.headers, json=good)
    ).status_code == 200
    for html, limit in (
        (NESTED_LOOPS, "loop_iterations"),
        ("{{ 'a' * 50000000 }}", "sequence_size"),
    ):
        r = await api.put(
            "/v1/email-templates/reminder", headers=org_a.headers, json={**good, "html": html}
        )
        assert r.status_code == 422, r.text[:300]
        assert r.json()["code"] == "template_too_expensive" and r.json()["limit"] == limit
    kept = (await api.get("/v1/email-templates/reminder", headers=org_a.headers)).json()
    assert kept["html"] == good["html"] and kept["version"] == 1


async def test_another_organization_is_served_while_a_hostile_preview_renders(api, org_a, org_b):
    # Warm up the app for both callers, and a render process with a harmless template of
    # org_a's own, so that the hostile render starts at once rather than after a process starts.
    assert (await api.get("/v1/organization", headers=org_b.headers)).status_code == 200
    assert (
        await api.post("/v1/email-templates/reminder/preview", headers=org_a.headers)
    ).status_code == 200
    assert (
        await api.post(
            "/v1/email-templates/reminder/preview",
            headers=org_a.headers,
            json={"html": "<p>{{ title }}</p>"},
        )
    ).status_code == 200
    hostile = asyncio.create_task(
        api.post(
            "/v1/email-templates/reminder/preview",
            headers=org_a.headers,
            json={"html": SLOW_LOOP},
        )
    )
    await asyncio.sleep(0.1)  # the render is under way
    started = time.monotonic()
    other = await api.get("/v1/organization", headers=org_b.headers)
    elapsed = time.monotonic() - started
    assert other.status_code == 200
    # The render runs for its whole budget (SLOW_LOOP never finishes sooner); a render on the
    # event loop would hold the other organization's answer until the hostile one was ready.
    assert not hostile.done(), (
        f"another organization was answered after the render ({elapsed:.1f} s)"
    )
    assert (await hostile).status_code == 422


async def test_a_stored_override_over_budget_on_real_data_falls_back_when_sent(
    api, org_a, sessionmaker
):
    # Harmless on the sample data (booking_id is 'bkg_sample'), hostile on a real booking.
    sneaky = (
        "{% for i in range(1 if booking_id == 'bkg_sample' else 10**9) %}"
        "<p>custom {{ title }}</p>{% endfor %}"
    )
    r = await api.put(
        "/v1/email-templates/reminder",
        headers=org_a.headers,
        json={"subject": "Custom: {{ title }}", "html": sneaky, "text": "custom {{ title }}"},
    )
    assert r.status_code == 200, r.text
    preview = (await api.post("/v1/email-templates/reminder/preview", headers=org_a.headers)).json()
    context = {**TEMPLATES["reminder"].sample, "booking_id": "bkg_real"}
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        mail = await render_email(session, org_a.id, "reminder", context)
    assert mail.subject == "Custom: Vocal tracking" and mail.text == "custom Vocal tracking"
    assert "custom" not in mail.html and "Vocal tracking" in mail.html
    assert mail.html != preview["html"]
