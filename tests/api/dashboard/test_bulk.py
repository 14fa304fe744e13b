"""Bulk booking on the dashboard's calendar: the plan shown on the grid with each clash, the
booking in its way and its free slots; moving a clash to a suggestion re-plans; a confirmation
is one audited batch however many managers confirm the same plan at once; open requests and a
CSV plan like picked hours; refusals keep the input beside the field; CSRF and permissions as
every dashboard form. (The saga itself runs in tests/browser/test_bulk_browser.py.)"""

from __future__ import annotations

import asyncio
import html
import re

import psycopg

from tests.support.bulk import creator, day
from tests.support.dashboard import csrf_of, member_with_password, sign_in

SESSIONS = re.compile(r'name="sessions" value="([^"]+)"')
MOVE = re.compile(r'name="move" value="([^"]+)"')
BATCH = re.compile(r"/dashboard/bulk/(bulk_\w+)")


async def _signed_in(browser_for, sessionmaker, org, email: str, role: str = "manager"):
    await member_with_password(sessionmaker, org.id, email, role)
    browser = await browser_for()
    assert (await sign_in(browser, email)).status_code == 303
    return browser


async def _csrf(browser) -> str:
    return csrf_of((await browser.get("/dashboard/bulk")).text)


def _slot(offset: int, hour: int) -> str:
    return day(offset, hour).strftime("%Y-%m-%dT%H:%M")


async def _studio(api, org) -> tuple[str, str]:
    """A producer and one confirmed booking of theirs on day 3, 13:00 to 14:00."""
    producer = await creator(api, org, "Pat Producer", rate="100", currency="EUR")
    r = await api.post(
        "/v1/bookings",
        headers=org.headers,
        json={
            "creator_id": producer,
            "start": day(3, 13).isoformat(),
            "end": day(3, 14).isoformat(),
            "status": "confirmed",
            "title": "Vocal tracking",
        },
    )
    assert r.status_code == 201 and r.json()["status"] == "confirmed", r.text
    return producer, r.json()["id"]


async def _plan(browser, csrf: str, producer: str, slots: list[str]):
    return await browser.post(
        "/dashboard/bulk/plan",
        data={
            "csrf_token": csrf,
            "source": "calendar",
            "creator_id": producer,
            "duration_minutes": "60",
            "title": "Album",
            "slot": slots,
        },
    )


def _audit(conninfo: str, org_id: str) -> list[tuple[str, str, str]]:
    with psycopg.connect(conninfo) as conn:
        return conn.execute(
            "SELECT actor_type, actor_id, target_id FROM audit_events "
            "WHERE organization_id = %s AND action = 'bulk_booking.created' ORDER BY seq",
            (org_id,),
        ).fetchall()


async def test_a_clash_shows_its_booking_and_a_suggestion_replans_it(
    api, org_a, sessionmaker, browser_for
):
    producer, in_the_way = await _studio(api, org_a)
    manager = await _signed_in(browser_for, sessionmaker, org_a, "mara@northstar.example")
    csrf = await _csrf(manager)

    r = await _plan(manager, csrf, producer, [_slot(3, 11), _slot(3, 12), _slot(3, 13)])
    assert r.status_code == 200, r.text
    assert "2 of 3 sessions placed, 1 clash with existing bookings" in r.text
    assert "Clash: Album 3" in r.text and in_the_way in r.text  # on the grid, and why
    moves = [html.unescape(m) for m in MOVE.findall(r.text)]
    assert moves, "no suggested slot offered"
    # Only slots the plan's own sessions leave free: never 11:00 or 12:00 of day 3.
    taken = {day(3, 11).isoformat(), day(3, 12).isoformat()}
    assert all(m.split("|", 1)[1] not in taken for m in moves)

    sessions = html.unescape(SESSIONS.search(r.text).group(1))
    r = await manager.post(
        "/dashboard/bulk/plan",
        data={"csrf_token": csrf, "source": "replan", "sessions": sessions, "move": moves[0]},
    )
    assert r.status_code == 200, r.text
    assert "3 of 3 sessions placed. Nothing is held" in r.text
    assert "Clash:" not in r.text


async def test_confirming_makes_one_audited_batch_even_when_two_managers_confirm_at_once(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    producer, _ = await _studio(api, org_a)
    mara = await _signed_in(browser_for, sessionmaker, org_a, "mara@northstar.example")
    theo = await _signed_in(browser_for, sessionmaker, org_a, "theo@northstar.example")
    plans = [
        await _plan(b, await _csrf(b), producer, [_slot(4, 10), _slot(4, 11)]) for b in (mara, theo)
    ]
    forms = [
        {
            "csrf_token": csrf_of(p.text),
            "sessions": html.unescape(SESSIONS.search(p.text).group(1)),
            "batch_title": "Album",
            "mode": mode,
        }
        for p, mode in zip(plans, ("all_or_nothing", "best_effort"), strict=True)
    ]

    answers = await asyncio.gather(
        mara.post("/dashboard/bulk", data=forms[0]), theo.post("/dashboard/bulk", data=forms[1])
    )
    assert [a.status_code for a in answers] == [303, 303]
    locations = sorted(a.headers["location"] for a in answers)
    ids = {BATCH.search(loc).group(1) for loc in locations}
    assert len(ids) == 1, locations  # one batch
    assert [loc.endswith("?done=already") for loc in locations] == [False, True]
    [batch_id] = ids
    audited = _audit(owner_conninfo, org_a.id)
    assert len(audited) == 1 and audited[0][0] == "user" and audited[0][2] == batch_id

    later = await mara.get(next(loc for loc in locations if loc.endswith("already")))
    assert "This plan was already confirmed" in later.text
    batch = (await api.get(f"/v1/bulk-bookings/{batch_id}", headers=org_a.headers)).json()
    assert batch["item_count"] == 2 and batch["title"] == "Album"

    page = await mara.get(f"/dashboard/bulk/{batch_id}")
    assert page.status_code == 200
    assert re.search(r'<progress id="batch-bar" max="100" value="\d+" aria-valuetext=', page.text)
    assert '<meta http-equiv="refresh"' in page.text  # not finished: reloads without script
    listed = await mara.get("/dashboard/progress")
    assert f'<a href="/dashboard/bulk/{batch_id}">Album</a>' in listed.text
    figures = (await mara.get(f"/dashboard/bulk/{batch_id}/progress")).json()
    assert figures["status"] == "pending" and figures["final"] is False
    assert [i["status"] for i in figures["items"]] == ["pending", "pending"]


async def test_refusals_keep_the_input_beside_the_field(api, org_a, sessionmaker, browser_for):
    producer, _ = await _studio(api, org_a)
    manager = await _signed_in(browser_for, sessionmaker, org_a, "mara@northstar.example")
    csrf = await _csrf(manager)

    no_one = await _plan(manager, csrf, "", [_slot(5, 10)])
    assert no_one.status_code == 422
    assert 'id="err-creator_id"' in no_one.text
    assert f'value="{_slot(5, 10)}" checked' in no_one.text  # the picked hour is kept

    passed = await _plan(manager, csrf, producer, [_slot(-1, 10)])
    assert passed.status_code == 422
    assert re.search(r'id="err-slot" role="alert">session 1: the start has passed', passed.text)
    assert f'<option value="{producer}" selected>' in passed.text

    r = await manager.post(
        "/dashboard/bulk/plan",
        data={
            "csrf_token": csrf,
            "source": "open",
            "count": "2",
            "skill": "mixing",
            "max_rate": "80",
            "currency": "EURO",
            "window_start": day(2).date().isoformat(),
            "window_end": day(8).date().isoformat(),
            "open_duration": "120",
        },
    )
    assert r.status_code == 422
    assert 'id="err-currency"' in r.text and 'value="EURO"' in r.text and 'value="80"' in r.text

    r = await manager.post(
        "/dashboard/bulk/plan",
        data={"csrf_token": csrf, "source": "csv"},
        files={"file": ("album.csv", b"creator_id,start,duration_minutes\nnobody,x,60\n")},
    )
    assert r.status_code == 422
    assert re.search(r'id="err-file" role="alert">line 2: creator_id', r.text)


async def test_another_organizations_creator_is_unknown_and_a_stale_plan_is_refused(
    api, org_a, org_b, sessionmaker, browser_for, owner_conninfo
):
    theirs = await creator(api, org_b, "Victim Producer")
    producer, _ = await _studio(api, org_a)
    manager = await _signed_in(browser_for, sessionmaker, org_a, "mara@northstar.example")
    csrf = await _csrf(manager)

    r = await _plan(manager, csrf, theirs, [_slot(5, 10)])
    assert r.status_code == 422
    assert re.search(r'id="err-creator_id" role="alert">session 1: ', r.text)
    assert "Victim" not in r.text

    stale = f'[{{"creator_id":"{producer}","start":"{day(-1, 10).isoformat()}",'
    stale += '"duration_minutes":60}]'
    r = await manager.post(
        "/dashboard/bulk",
        data={"csrf_token": csrf, "sessions": stale, "mode": "best_effort"},
    )
    assert r.status_code == 422
    assert "session 1: the start has passed; plan again" in r.text
    assert _audit(owner_conninfo, org_a.id) == []


async def test_open_requests_and_a_csv_are_planned_on_the_calendar(
    api, org_a, sessionmaker, browser_for
):
    producer, _ = await _studio(api, org_a)
    await creator(api, org_a, "Mix Cheap", rate="70", currency="EUR", skills={"mixing": 4})
    await creator(api, org_a, "Mix Dear", rate="150", currency="EUR", skills={"mixing": 5})
    manager = await _signed_in(browser_for, sessionmaker, org_a, "mara@northstar.example")
    csrf = await _csrf(manager)

    r = await manager.post(
        "/dashboard/bulk/plan",
        data={
            "csrf_token": csrf,
            "source": "open",
            "count": "3",
            "skill": "mixing",
            "max_rate": "80",
            "currency": "EUR",
            "window_start": day(2).date().isoformat(),
            "window_end": day(8).date().isoformat(),
            "open_duration": "120",
            "open_title": "Mix",
        },
    )
    assert r.status_code == 200, r.text
    assert "3 of 3 sessions placed" in r.text
    assert r.text.count('class="plan-session ok"') == 3
    assert "Mix Cheap" in r.text and "Mix Dear" not in r.text  # under the price cap only
    sessions = html.unescape(SESSIONS.search(r.text).group(1))
    assert '"max_hourly_rate":{"amount":"80","currency":"EUR"}' in sessions

    content = (
        "ref,creator_id,start,duration_minutes\n"
        f"Take 1,{producer},{day(6, 10).isoformat()},90\n"
        f"Take 2,{producer},{day(6, 13).isoformat()},90\n"
    )
    r = await manager.post(
        "/dashboard/bulk/plan",
        data={"csrf_token": csrf, "source": "csv"},
        files={"file": ("album.csv", content.encode())},
    )
    assert r.status_code == 200, r.text
    assert "2 of 2 sessions placed" in r.text and "Take 2" in r.text


async def test_csrf_and_permissions_are_checked(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    producer, _ = await _studio(api, org_a)
    viewer = await _signed_in(
        browser_for, sessionmaker, org_a, "vic@northstar.example", role="viewer"
    )
    assert (await viewer.get("/dashboard/bulk")).status_code == 403
    csrf = csrf_of((await viewer.get("/dashboard/account")).text)
    assert (await _plan(viewer, csrf, producer, [_slot(5, 10)])).status_code == 403
    assert "Bulk booking" not in (await viewer.get("/dashboard/account")).text  # no nav entry

    manager = await _signed_in(browser_for, sessionmaker, org_a, "mara@northstar.example")
    assert (await _plan(manager, "", producer, [_slot(5, 10)])).status_code == 403
    assert (await _plan(manager, "forged", producer, [_slot(5, 10)])).status_code == 403
    r = await manager.post("/dashboard/bulk", data={"sessions": "[]", "mode": "best_effort"})
    assert r.status_code == 403
    assert _audit(owner_conninfo, org_a.id) == []
