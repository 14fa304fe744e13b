"""The conflict check's rules as a booker sees them, and its per-resource working time against
the straightforward per-proposal expansion.

- Examples through ``POST /v1/bookings/conflicts``: shifts across midnight, a DST change inside
  one batch, buffers, cancelled bookings, time off, rooms shared by creators, and another
  organization's calendar, which is never visible.
- Properties (no database): the check expands each resource's working time once for all the
  local days its proposals touch and answers each proposal by binary search; for random zones
  with DST (including a 30-minute change), weekly rules, overrides and proposals over several
  days, that answer is the one ``fits(working_intervals(...))`` gives around each proposal
  alone. Time off merged once per resource answers as "some time off overlaps the proposal".
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.scheduling.availability import Interval, fits, working_intervals
from domain.scheduling.conflicts import (
    DayCache,
    Rules,
    lies_within,
    merge_spans,
    overlaps_any,
    working_time,
)

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_DAY = {key: [["00:00", "24:00"]] for key in DAYS}
MONDAY = datetime(2030, 6, 3, tzinfo=UTC)


def at(hour: float, *, day: int = 0) -> str:
    return (MONDAY + timedelta(days=day, hours=hour)).isoformat()


async def add(api: httpx.AsyncClient, tenant: Any, path: str, **fields: Any) -> str:
    body = {
        "name": "Mia",
        "timezone": "UTC",
        "currency": "EUR",
        "working_hours": ALL_DAY,
        **fields,
    }
    response = await api.post(path, json=body, headers=tenant.headers)
    assert response.status_code == 201, response.text
    resource_id: str = response.json()["id"]
    return resource_id


async def booked(api: httpx.AsyncClient, tenant: Any, **fields: Any) -> str:
    response = await api.post(
        "/v1/bookings", json={"status": "confirmed", **fields}, headers=tenant.headers
    )
    assert response.status_code == 201, response.text
    booking_id: str = response.json()["id"]
    return booking_id


async def check(
    api: httpx.AsyncClient, tenant: Any, sessions: list[dict[str, Any]]
) -> list[list[dict[str, Any]]]:
    response = await api.post(
        "/v1/bookings/conflicts", json={"sessions": sessions}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert [item["index"] for item in report["items"]] == list(range(len(sessions)))
    assert all(item["ok"] is (not item["conflicts"]) for item in report["items"])
    assert report["ok"] is all(item["ok"] for item in report["items"])
    return [item["conflicts"] for item in report["items"]]


def reasons(conflicts: list[dict[str, Any]]) -> list[str]:
    return [c["reason"] for c in conflicts]


# --- working hours ----------------------------------------------------------------------------


async def test_a_night_shift_across_midnight_holds_a_session_that_crosses_it(api, org_a) -> None:
    nights = {
        **{key: [["00:00", "06:00"], ["18:00", "24:00"]] for key in DAYS},
        "sun": [],
    }
    creator = await add(api, org_a, "/v1/creators", working_hours=nights)

    found = await check(
        api,
        org_a,
        [
            {"creator_id": creator, "start": at(22), "end": at(2, day=1)},
            {"creator_id": creator, "start": at(23, day=1), "end": at(7, day=2)},
            # Saturday night runs into a Sunday without hours.
            {"creator_id": creator, "start": at(23, day=5), "end": at(1, day=6)},
            # Far from the others, so the batch spans weeks.
            {"creator_id": creator, "start": at(19, day=21), "end": at(3, day=22)},
        ],
    )

    assert [reasons(c) for c in found] == [
        [],
        ["outside_working_hours"],
        ["outside_working_hours"],
        [],
    ]


async def test_office_hours_move_in_utc_across_a_dst_change_inside_one_batch(api, org_a) -> None:
    # Berlin springs forward on Sunday 31 March 2030: 09-17 is 08-16 UTC before, 07-15 after.
    creator = await add(
        api,
        org_a,
        "/v1/creators",
        timezone="Europe/Berlin",
        working_hours={key: [["09:00", "17:00"]] for key in DAYS},
    )

    def session(start: str, end: str) -> dict[str, str]:
        return {"creator_id": creator, "start": start, "end": end}

    found = await check(
        api,
        org_a,
        [
            session("2030-03-29T08:00:00Z", "2030-03-29T16:00:00Z"),
            session("2030-03-29T07:00:00Z", "2030-03-29T15:00:00Z"),
            session("2030-04-01T07:00:00Z", "2030-04-01T15:00:00Z"),
            session("2030-04-01T08:00:00Z", "2030-04-01T16:00:00Z"),
            session("2030-03-31T07:00:00Z", "2030-03-31T15:00:00Z"),
        ],
    )

    # Sessions of the same day overlap each other; only the rules matter here.
    assert [[r for r in reasons(c) if r != "batch_overlap"] for c in found] == [
        [],
        ["outside_working_hours"],
        [],
        ["outside_working_hours"],
        [],
    ]
    assert {c["timezone"] for c in found[1] if "timezone" in c} == {"Europe/Berlin"}


async def test_a_closed_date_override_and_an_opened_one(api, org_a) -> None:
    creator = await add(
        api,
        org_a,
        "/v1/creators",
        working_hours={d: [["09:00", "17:00"]] for d in DAYS[:5]},
        date_overrides={"2030-06-04": [], "2030-06-08": [["10:00", "12:00"]]},
    )

    found = await check(
        api,
        org_a,
        [
            {"creator_id": creator, "start": at(10), "end": at(11)},
            {"creator_id": creator, "start": at(10, day=1), "end": at(11, day=1)},
            {"creator_id": creator, "start": at(10, day=5), "end": at(11, day=5)},
            {"creator_id": creator, "start": at(10, day=6), "end": at(11, day=6)},
        ],
    )

    # Tuesday the 4th is closed; Saturday the 8th is opened; Sunday the 9th has no hours.
    assert [reasons(c) for c in found] == [
        [],
        ["outside_working_hours"],
        [],
        ["outside_working_hours"],
    ]


# --- stored bookings, buffers, time off, rooms -----------------------------------------------


async def test_buffers_cancelled_bookings_and_time_off(api, org_a) -> None:
    creator = await add(api, org_a, "/v1/creators", buffer_after_minutes=30)
    stored = await booked(api, org_a, creator_id=creator, start=at(10), end=at(11))
    cancelled = await booked(api, org_a, creator_id=creator, start=at(14), end=at(15))
    response = await api.post(
        f"/v1/bookings/{cancelled}/cancel", json={"reason": "moved"}, headers=org_a.headers
    )
    assert response.status_code == 200, response.text
    off = await api.post(
        "/v1/time-off",
        json={"creator_id": creator, "start": at(0, day=2), "end": at(24, day=2)},
        headers=org_a.headers,
    )
    assert off.status_code == 201, off.text

    in_buffer = await check(
        api, org_a, [{"creator_id": creator, "start": at(11.25), "end": at(12)}]
    )
    found = await check(
        api,
        org_a,
        [
            {"creator_id": creator, "start": at(11.5), "end": at(12)},  # just after the buffer
            {"creator_id": creator, "start": at(9), "end": at(10)},  # its own buffer runs in
            {"creator_id": creator, "start": at(14), "end": at(15)},  # cancelled: free
            {"creator_id": creator, "start": at(23, day=1), "end": at(1, day=2)},
            {"creator_id": creator, "start": at(0, day=3), "end": at(1, day=3)},
        ],
    )

    assert in_buffer == [
        [
            {
                "reason": "booking_overlap",
                "resource": "creator",
                "booking_id": stored,
                "status": "confirmed",
                "start": "2030-06-03T10:00:00+00:00",
                "end": "2030-06-03T11:00:00+00:00",
            }
        ]
    ]
    assert found[0] == []
    assert [(c["reason"], c["booking_id"]) for c in found[1]] == [("booking_overlap", stored)]
    assert found[2] == []
    assert found[3] == [{"reason": "time_off", "resource": "creator"}]
    assert found[4] == []


async def test_a_room_is_checked_whoever_books_it(api, org_a) -> None:
    mia = await add(api, org_a, "/v1/creators")
    jon = await add(api, org_a, "/v1/creators", name="Jon")
    room = await add(api, org_a, "/v1/rooms", name="Studio A", buffer_before_minutes=15)
    stored = await booked(api, org_a, creator_id=mia, room_id=room, start=at(10), end=at(12))

    found = await check(
        api,
        org_a,
        [
            {"creator_id": jon, "room_id": room, "start": at(11), "end": at(13)},
            {"creator_id": jon, "start": at(11), "end": at(13)},
            {"creator_id": jon, "room_id": room, "start": at(15), "end": at(16)},
            {"creator_id": mia, "room_id": room, "start": at(16), "end": at(17)},
        ],
    )

    assert [(c["reason"], c["resource"]) for c in found[0]] == [
        ("batch_overlap", "creator"),
        ("booking_overlap", "room"),
    ]
    assert found[0][1]["booking_id"] == stored
    assert found[1] == [{"reason": "batch_overlap", "resource": "creator", "with_index": 0}]
    # Back to back for the room: the second one's 15-minute buffer before runs into the first.
    assert found[2] == [{"reason": "batch_overlap", "resource": "room", "with_index": 3}]
    assert found[3] == [{"reason": "batch_overlap", "resource": "room", "with_index": 2}]


async def test_another_organizations_calendar_is_never_visible(api, org_a, org_b) -> None:
    theirs = await add(api, org_b, "/v1/creators", name="Theirs")
    their_room = await add(api, org_b, "/v1/rooms")
    await booked(api, org_b, creator_id=theirs, room_id=their_room, start=at(10), end=at(12))
    ours = await add(api, org_a, "/v1/creators")

    found = await check(
        api,
        org_a,
        [
            {"creator_id": ours, "start": at(10), "end": at(12)},
            {"creator_id": theirs, "start": at(10), "end": at(12)},
            {"creator_id": ours, "room_id": their_room, "start": at(13), "end": at(14)},
        ],
    )

    assert found == [
        [],
        [{"reason": "unknown_creator", "creator_id": theirs}],
        [{"reason": "unknown_room", "room_id": their_room}],
    ]


async def test_an_inactive_creator_and_minimum_notice(api, org_a, owner_conninfo) -> None:
    creator = await add(api, org_a, "/v1/creators", min_notice_minutes=24 * 60)
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        conn.execute(
            "UPDATE creators SET status = 'inactive' WHERE id = %s",
            (creator,),
        )
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=2)

    found = await check(
        api,
        org_a,
        [
            {
                "creator_id": creator,
                "start": soon.isoformat(),
                "end": (soon + timedelta(hours=1)).isoformat(),
            },
            {"creator_id": creator, "start": at(10), "end": at(11)},
        ],
    )

    assert reasons(found[0]) == ["min_notice", "resource_inactive"]
    assert found[1] == [{"reason": "resource_inactive", "resource": "creator"}]


# --- per-resource working time against the per-proposal expansion ----------------------------

ZONES = (
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",  # half-hour DST change
    "Asia/Kolkata",
    "America/Santiago",
)
DAY_TEMPLATES: tuple[list[list[str]], ...] = (
    [],
    [["09:00", "17:00"]],
    [["00:00", "24:00"]],
    [["00:00", "02:30"], ["18:00", "24:00"]],
    [["01:00", "03:00"]],  # inside the hours DST skips or repeats
    [["01:30", "02:15"], ["02:15", "06:00"]],
    [["02:00", "02:30"]],
)
# Windows of three weeks around spring-forward and fall-back days of the zones above.
ORIGINS = (
    datetime(2030, 3, 20, tzinfo=UTC),
    datetime(2030, 3, 30, tzinfo=UTC),
    datetime(2030, 10, 20, tzinfo=UTC),
    datetime(2030, 4, 1, tzinfo=UTC),
    datetime(2030, 9, 1, tzinfo=UTC),
)

weekly_rules = st.one_of(
    st.sampled_from(DAY_TEMPLATES).map(lambda day: dict.fromkeys(DAYS, day)),
    st.fixed_dictionaries({d: st.sampled_from(DAY_TEMPLATES) for d in DAYS}),
)


@st.composite
def calendars(draw: st.DrawFn) -> tuple[list[Rules], list[tuple[int, datetime, datetime]]]:
    origin = draw(st.sampled_from(ORIGINS))
    resources = []
    for number in range(draw(st.integers(1, 3))):
        overrides = {
            (origin.date() + timedelta(days=offset)).isoformat(): ranges
            for offset, ranges in draw(
                st.dictionaries(st.integers(-1, 21), st.sampled_from(DAY_TEMPLATES), max_size=4)
            ).items()
        }
        resources.append(
            Rules(
                id=f"r{number}",
                timezone=draw(st.sampled_from(ZONES)),
                working_hours=draw(weekly_rules),
                date_overrides=overrides,
                min_notice_minutes=0,
                buffer_before_minutes=0,
                buffer_after_minutes=0,
                status="active",
            )
        )
    sessions = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(resources) - 1),
                st.integers(0, 21 * 24 * 4),  # quarter-hours from the origin
                st.sampled_from([1, 2, 3, 4, 6, 8, 30, 96, 100, 200, 300]),
            ),
            min_size=1,
            max_size=30,
        )
    )
    return resources, [
        (who, origin + timedelta(minutes=15 * q), origin + timedelta(minutes=15 * (q + n)))
        for who, q, n in sessions
    ]


@settings(max_examples=300, deadline=None)
@given(calendar=calendars())
def test_per_resource_working_time_answers_as_the_per_proposal_expansion(
    calendar: tuple[list[Rules], list[tuple[int, datetime, datetime]]],
) -> None:
    resources, sessions = calendar
    days = DayCache()  # shared, as in one request: resources may share zones and rules
    for number, resource in enumerate(resources):
        mine = [(start, end) for who, start, end in sessions if who == number]
        work = working_time(resource, mine, days)
        starts = [span[0] for span in work]
        for start, end in mine:
            proposed = Interval(start, end)
            expected = fits(
                proposed,
                working_intervals(
                    resource.working_hours, resource.date_overrides, resource.timezone, proposed
                ),
            )
            assert lies_within(start, end, work, starts) is expected, (resource, start, end)


spans_in_a_day = st.lists(
    st.tuples(st.integers(0, 96), st.integers(1, 16)).map(
        lambda s: (
            datetime(2030, 1, 1, tzinfo=UTC) + timedelta(minutes=15 * s[0]),
            datetime(2030, 1, 1, tzinfo=UTC) + timedelta(minutes=15 * (s[0] + s[1])),
        )
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(offs=spans_in_a_day, proposals=spans_in_a_day)
def test_merged_time_off_answers_as_any_overlapping_time_off(
    offs: list[tuple[datetime, datetime]], proposals: list[tuple[datetime, datetime]]
) -> None:
    merged = merge_spans(offs)
    ends = [span[1] for span in merged]
    for start, end in proposals:
        expected = any(off_start < end and start < off_end for off_start, off_end in offs)
        assert overlaps_any(start, end, merged, ends) is expected
