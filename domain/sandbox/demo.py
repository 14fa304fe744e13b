"""The demo label: a realistic roster, people, rooms, a year of sessions, revenue statements,
projects and approvals waiting for a decision, so a fresh organization (or a reset sandbox)
shows something real on the dashboard and in the analytics.

Deterministic: one seeded RNG draws everything, so two seeds of the same day look alike.
Fast: the year of sessions and the roster are set-based inserts (a few statements, well
under a second), not one workflow or one request per row; only what must go through a rule
does (the approval policy, the bookings it puts on ``pending_approval``, the revenue
statement and the projects use their domain services, so their audit and read models are
the real ones). The approval chains of those bookings are started by the worker's approvals
relay within a minute, as for any request whose chain was not started by the API.

An organization is seeded once: a second seed is refused (409 ``demo_already_seeded``) so
nothing is duplicated; reset the sandbox (or use a new organization) to seed again.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import Range, insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.db import tenant_session
from core.ids import new_id
from domain.approvals.chain_types import ApproverRef, StepSpec
from domain.approvals.policies import PolicyConditions, PolicyInput, create_policy
from domain.audit import service as audit
from domain.bookings.creation import book
from domain.bookings.models import Booking
from domain.bookings.rules import BookingInput
from domain.errors import Conflict, NotFound
from domain.finance import rates
from domain.finance.revenue_imports import import_statement
from domain.keys.sealed import Sealing
from domain.projects.service import MilestoneInput, ProjectInput, create_project
from domain.resources.models import Client, Creator, Room
from domain.roster.models import Artist
from domain.sandbox.demo_label import (
    APPROVAL_THRESHOLD,
    ARTISTS,
    CLIENTS,
    CREATORS,
    FUTURE_DAYS,
    MEMBERS,
    PAST_DAYS,
    PENDING_APPROVALS,
    ROOMS,
    SOURCES,
    TERRITORIES,
    TITLES,
    WEEKDAYS,
)
from domain.tenancy.models import Member, Organization

SEED = 20261202
REF = "demo:"  # external_ref prefix of every seeded row that has one


def _week(hours: tuple[str, str]) -> dict[str, list[list[str]]]:
    return {day: [[hours[0], hours[1]]] for day in WEEKDAYS}


async def already_seeded(session: AsyncSession, organization_id: str) -> bool:
    """Whether the demo label was seeded into the organization."""
    found = await session.execute(
        select(func.count())
        .select_from(Artist)
        .where(Artist.organization_id == organization_id, Artist.external_ref.like(f"{REF}%"))
    )
    return bool(found.scalar_one())


async def seed_organization(
    sessionmaker: async_sessionmaker[AsyncSession],
    organization_id: str,
    *,
    actor: audit.Actor,
    now: datetime,
) -> dict[str, int]:
    """Seed the demo label into an existing organization, in one transaction of its own
    (``auditoryx demo``)."""
    async with tenant_session(sessionmaker, [organization_id]) as session:
        if await session.get(Organization, organization_id) is None:
            raise NotFound(f"no organization {organization_id}", param="org")
        return await seed_demo_label(session, organization_id=organization_id, actor=actor, now=now)


async def seed_demo_label(
    session: AsyncSession,
    *,
    organization_id: str,
    actor: audit.Actor,
    now: datetime,
    sealing: Sealing | None = None,
) -> dict[str, int]:
    """Seed the demo label into ``organization_id`` (in the caller's transaction); returns
    how many rows of each kind were created."""
    if await already_seeded(session, organization_id):
        raise Conflict(
            "this organization holds the demo label already; reset the sandbox "
            "(POST /v1/sandbox/reset) or seed a new organization",
            code="demo_already_seeded",
        )
    rng = random.Random(SEED)  # noqa: S311  (demo data, reproducible on purpose)
    currency = await rates.reporting_currency(session, organization_id)
    now = now.astimezone(UTC).replace(second=0, microsecond=0)
    today = now.date()
    counts: dict[str, int] = {}

    artists = _artist_rows(organization_id, today)
    creators = _creator_rows(organization_id, currency)
    rooms = _room_rows(organization_id, currency)
    clients = _client_rows(organization_id)
    # The demo artists have no links (nothing sealed, no keys issued).
    for model, rows in ((Artist, artists), (Room, rooms)):
        await session.execute(insert(model), rows)
        counts[model.__tablename__] = len(rows)
    # Creators and clients are people: their contact fields are sealed with their own keys.
    sealing = sealing or Sealing.configured(cast(AsyncEngine, session.bind))
    people: list[tuple[type[Creator] | type[Client], list[dict[str, Any]]]] = [
        (Creator, creators),
        (Client, clients),
    ]
    for person_model, rows in people:
        for row in rows:
            person = person_model(**row)
            await sealing.seal(session, person, actor=actor)
            session.add(person)
        counts[person_model.__tablename__] = len(rows)
    counts["members"] = await _members(session, organization_id)
    await session.flush()

    taken: set[tuple[str, date]] = set()
    counts["approval_policies"] = await _policy(session, organization_id, currency, actor)
    counts["pending_approvals"] = await _pending(
        session, organization_id, rng, creators, artists, currency, actor, now, taken
    )
    bookings = _year_of_sessions(
        organization_id, rng, creators, rooms, artists, clients, now, taken, created_by=actor.id
    )
    # executemany: SQLAlchemy batches the rows into few multi-row INSERTs ("insertmanyvalues")
    # without compiling one statement the size of the year.
    await session.execute(insert(Booking), bookings)
    counts["bookings"] = len(bookings) + counts["pending_approvals"]
    counts["revenue_lines"] = await _revenue(session, organization_id, rng, currency, actor, today)
    counts["projects"] = await _projects(session, organization_id, artists, currency, actor, now)
    # The set-based rows are audited as one change (the services above audited their own).
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="demo_label.seeded",
        target_type="organization",
        target_id=organization_id,
        after={"seed": SEED, "counts": counts},
    )
    return counts


# --- the roster and the people ----------------------------------------------------------------


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


def _artist_rows(organization_id: str, today: date) -> list[dict[str, Any]]:
    return [
        {
            "id": new_id("art"),
            "organization_id": organization_id,
            "name": name,
            "genres": genres,
            "status": "active",
            "contract_start": today.replace(day=1) - timedelta(days=400 + 60 * i),
            "contract_end": today.replace(day=1) + timedelta(days=365 + 90 * (i % 4)),
            "tags": ["priority"] if i < 3 else [],
            "external_ref": f"{REF}{_slug(name)}",
        }
        for i, (name, genres) in enumerate(ARTISTS)
    ]


def _creator_rows(organization_id: str, currency: str) -> list[dict[str, Any]]:
    return [
        {
            "id": new_id("cre"),
            "organization_id": organization_id,
            "name": name,
            "bio": f"{', '.join(roles).capitalize()} based in {city}.",
            "roles": roles,
            "skills": skills,
            "timezone": tz,
            "city": city,
            "country": country,
            "hourly_rate_minor": rate * 100,
            "day_rate_minor": rate * 100 * 7,
            "currency": currency,
            "working_hours": _week(hours),
            "date_overrides": {},
            "tags": ["senior"] if rate >= 100 else [],
            "email": f"{_slug(name)}@creators.example",
            "external_ref": f"{REF}{_slug(name)}",
        }
        for name, roles, skills, tz, city, country, rate, hours in CREATORS
    ]


def _room_rows(organization_id: str, currency: str) -> list[dict[str, Any]]:
    return [
        {
            "id": new_id("rm"),
            "organization_id": organization_id,
            "name": name,
            "kind": "room",
            "description": "",
            "capacity": capacity,
            "timezone": tz,
            "city": city,
            "country": country,
            "hourly_rate_minor": rate * 100,
            "currency": currency,
            "working_hours": {day: [["08:00", "23:00"]] for day in (*WEEKDAYS, "sat")},
            "date_overrides": {},
            "tags": [],
            "external_ref": f"{REF}{_slug(name)}",
        }
        for name, tz, city, country, rate, capacity in ROOMS
    ]


def _client_rows(organization_id: str) -> list[dict[str, Any]]:
    return [
        {
            "id": new_id("cli"),
            "organization_id": organization_id,
            "name": name,
            "email": email,
            "domain": email.split("@")[1],
            "external_ref": f"{REF}{_slug(name)}",
        }
        for name, email in CLIENTS
    ]


async def _members(session: AsyncSession, organization_id: str) -> int:
    """The label's A&R manager (who approves) and coordinator, unless already members."""
    rows = [
        {
            "id": new_id("mem"),
            "organization_id": organization_id,
            "email": email,
            "name": name,
            "role": role,
            "status": "active",
        }
        for name, email, role in MEMBERS
    ]
    inserted = await session.execute(
        insert(Member)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["organization_id", "email"])
        .returning(Member.id)
    )
    return len(inserted.all())


# --- approvals ---------------------------------------------------------------------------------


async def _policy(
    session: AsyncSession, organization_id: str, currency: str, actor: audit.Actor
) -> int:
    await create_policy(
        session,
        organization_id=organization_id,
        data=PolicyInput(
            name=f"Sessions over {APPROVAL_THRESHOLD} {currency}",
            subject_type="booking",
            conditions=PolicyConditions(min_amount=APPROVAL_THRESHOLD, currency=currency),
            steps=[
                StepSpec(
                    name="A&R sign-off",
                    approvers=[ApproverRef(role="manager")],
                    timeout_hours=72,
                    reminder_every_hours=24,
                )
            ],
        ),
        actor=actor,
    )
    return 1


def _local_slot(
    creator: dict[str, Any], day: date, offset_hours: int, hours: int
) -> tuple[datetime, datetime]:
    """A session of ``hours`` starting ``offset_hours`` into the creator's working day."""
    zone = ZoneInfo(creator["timezone"])
    opens = time.fromisoformat(creator["working_hours"]["mon"][0][0])
    start = datetime.combine(day, opens, zone) + timedelta(hours=offset_hours)
    return start.astimezone(UTC), (start + timedelta(hours=hours)).astimezone(UTC)


async def _pending(
    session: AsyncSession,
    organization_id: str,
    rng: random.Random,
    creators: list[dict[str, Any]],
    artists: list[dict[str, Any]],
    currency: str,
    actor: audit.Actor,
    now: datetime,
    taken: set[tuple[str, date]],
) -> int:
    """Upcoming sessions over the policy's threshold, booked through the booking service, so
    they wait on ``pending_approval`` with an approval request each."""
    made = 0
    day = now.date() + timedelta(days=3)
    while made < PENDING_APPROVALS:
        day += timedelta(days=1)
        if day.weekday() >= 5:
            continue
        creator = creators[made * 3 % len(creators)]
        start, end = _local_slot(creator, day, 1, 5)
        await book(
            session,
            organization_id=organization_id,
            data=BookingInput(
                start=start,
                end=end,
                creator_id=creator["id"],
                artist_id=artists[rng.randrange(len(artists))]["id"],
                title="Album session (needs sign-off)",
                price=APPROVAL_THRESHOLD + 100 * rng.randrange(1, 12),
                currency=currency,
                status="confirmed",
            ),
            actor=actor,
            now=now,
        )
        taken.add((creator["id"], day))
        made += 1
    return made


# --- a year of sessions ------------------------------------------------------------------------


def _year_of_sessions(
    organization_id: str,
    rng: random.Random,
    creators: list[dict[str, Any]],
    rooms: list[dict[str, Any]],
    artists: list[dict[str, Any]],
    clients: list[dict[str, Any]],
    now: datetime,
    taken: set[tuple[str, date]],
    *,
    created_by: str,
) -> list[dict[str, Any]]:
    """At most one session a working day per creator, inside their local working hours; a
    room only where it is free. Past sessions completed (a few cancelled or no-shows),
    upcoming ones confirmed."""
    rows: list[dict[str, Any]] = []
    room_busy: dict[str, list[tuple[datetime, datetime]]] = {r["id"]: [] for r in rooms}
    first = now.date() - timedelta(days=PAST_DAYS)
    for offset in range(PAST_DAYS + FUTURE_DAYS):
        day = first + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for creator in creators:
            if (creator["id"], day) in taken or rng.random() > 0.4:
                continue
            hours = rng.choice((2, 3, 4, 6))
            start, end = _local_slot(creator, day, rng.randrange(0, 8 - min(hours, 7) + 1), hours)
            if start <= now < end:
                continue  # neither past nor upcoming: skip the session in progress
            room = rng.choice(rooms) if rng.random() < 0.5 else None
            if room is not None and any(s < end and start < e for s, e in room_busy[room["id"]]):
                room = None
            if room is not None:
                room_busy[room["id"]].append((start, end))
            price = creator["hourly_rate_minor"] * hours + (
                room["hourly_rate_minor"] * hours if room else 0
            )
            if end <= now:
                roll = rng.random()
                status = "cancelled" if roll < 0.05 else "no_show" if roll < 0.07 else "completed"
            else:
                status = "confirmed"
            period = Range(start, end)
            rows.append(
                {
                    "id": new_id("bkg"),
                    "organization_id": organization_id,
                    "creator_id": creator["id"],
                    "room_id": room["id"] if room else None,
                    "artist_id": rng.choice(artists)["id"] if rng.random() < 0.85 else None,
                    "client_id": rng.choice(clients)["id"] if rng.random() < 0.15 else None,
                    "title": rng.choice(TITLES),
                    "notes": "",
                    "period": period,
                    "creator_block": period,
                    "room_block": period if room else None,
                    "status": status,
                    "status_reason": "artist unavailable" if status == "cancelled" else "",
                    "price_minor": price,
                    "currency": creator["currency"],
                    "created_by": created_by,
                    "created_at": min(now, start - timedelta(days=rng.randrange(3, 30))),
                }
            )
            taken.add((creator["id"], day))
    return rows


# --- revenue and projects ----------------------------------------------------------------------


async def _revenue(
    session: AsyncSession,
    organization_id: str,
    rng: random.Random,
    currency: str,
    actor: audit.Actor,
    today: date,
) -> int:
    """Twelve monthly statements' worth of lines per artist, imported as one statement."""
    rows: list[tuple[int | None, dict[str, Any]]] = []
    month = today.replace(day=1)
    for back in range(12, 0, -1):
        period = _months_before(month, back)
        for i, (name, _genres) in enumerate(ARTISTS):
            base = 4000 + 2500 * (len(ARTISTS) - i) * (1 + 0.04 * (12 - back))
            for source, share in SOURCES:
                amount = Decimal(base * share * rng.uniform(0.8, 1.2)).quantize(Decimal("0.01"))
                rows.append(
                    (
                        len(rows) + 2,
                        {
                            "period": period.strftime("%Y-%m"),
                            "artist": f"{REF}{_slug(name)}",
                            "source": source,
                            "territory": rng.choice(TERRITORIES),
                            "amount": str(amount),
                            "currency": currency,
                            "reference": f"demo-{period:%Y%m}-{i}-{_slug(source)}",
                        },
                    )
                )
    report = await import_statement(
        session,
        organization_id=organization_id,
        rows=rows,
        mode="all_or_nothing",
        source_name="Demo distributor statement",
        content=f"demo-label:{SEED}:{today:%Y-%m}".encode(),
        actor=actor,
        today=today,
    )
    return report.rows_imported


def _months_before(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


async def _projects(
    session: AsyncSession,
    organization_id: str,
    artists: list[dict[str, Any]],
    currency: str,
    actor: audit.Actor,
    now: datetime,
) -> int:
    """Two albums in the works: tracking, then mixing, then mastering."""
    for artist, title, budget in (
        (artists[0], "Nova Reyes — second album", 60000),
        (artists[4], "Midnight Arcade — Neon EP", 18000),
    ):
        await create_project(
            session,
            organization_id=organization_id,
            data=ProjectInput(
                name=title,
                artist_id=artist["id"],
                budget=Decimal(budget),
                currency=currency,
                due_at=now + timedelta(days=120),
                milestones=[
                    MilestoneInput(
                        key="tracking", name="Tracking", due_at=now + timedelta(days=40)
                    ),
                    MilestoneInput(
                        key="mixing",
                        name="Mixing",
                        depends_on=["tracking"],
                        due_at=now + timedelta(days=80),
                    ),
                    MilestoneInput(
                        key="mastering",
                        name="Mastering",
                        depends_on=["mixing"],
                        due_at=now + timedelta(days=110),
                    ),
                ],
            ),
            actor=actor,
            now=now,
        )
    return 2
