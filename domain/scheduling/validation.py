"""Refusing a batch the planner cannot take: dependencies without cycles, times inside the
planning span, references to this organization's creators, rooms and skills; each refusal a
422 naming ``{field}.{index}``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import InvalidRequest
from domain.resources.models import Client, Creator, Room
from domain.roster.models import Artist
from domain.scheduling.requests import MAX_ITEMS, SessionRequest

# --- validation against the tenant's data ---------------------------------------------------

MAX_PLAN_SPAN = timedelta(days=180)


def _param(field: str, index: int, *rest: str | int) -> str:
    return ".".join(str(p) for p in (field, index, *rest))


def _check_dependencies(requests: Sequence[SessionRequest], field: str) -> None:
    """Indices exist and are not the item itself; the graph has no cycle."""
    count = len(requests)
    for i, req in enumerate(requests):
        for k, dep in enumerate(req.depends_on):
            if dep >= count:
                raise InvalidRequest(
                    f"depends on session {dep}, but the list has {count}",
                    param=_param(field, i, "depends_on", k),
                    code="unknown_dependency",
                )
            if dep == i:
                raise InvalidRequest(
                    "a session cannot depend on itself",
                    param=_param(field, i, "depends_on", k),
                    code="dependency_cycle",
                )
    state = [0] * count  # 0 new, 1 on the current path, 2 done
    for root in range(count):
        if state[root]:
            continue
        stack: list[tuple[int, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            node, k = stack.pop()
            deps = requests[node].depends_on
            if k == len(deps):
                state[node] = 2
                continue
            stack.append((node, k + 1))
            nxt = deps[k]
            if state[nxt] == 1:
                raise InvalidRequest(
                    f"the dependencies form a cycle through session {nxt}",
                    param=_param(field, node, "depends_on", k),
                    code="dependency_cycle",
                )
            if state[nxt] == 0:
                state[nxt] = 1
                stack.append((nxt, 0))


def _check_times(requests: Sequence[SessionRequest], field: str, now: datetime) -> None:
    for i, req in enumerate(requests):
        if req.start is not None and req.start < now:
            raise InvalidRequest(
                "the start has passed", param=_param(field, i, "start"), code="impossible_window"
            )
        if (
            req.window_end is not None
            and req.window_end - timedelta(minutes=req.duration_minutes) < now
        ):
            raise InvalidRequest(
                "the window has passed (or leaves no time for the session from now on)",
                param=_param(field, i, "window_end"),
                code="impossible_window",
            )
    spans = [_span(req) for req in requests]
    first = min(s[0] for s in spans)
    for i, (_, end) in enumerate(spans):
        if end - first > MAX_PLAN_SPAN:
            raise InvalidRequest(
                "one plan spans at most 180 days from its earliest session",
                param=_param(field, i, "window_end" if requests[i].start is None else "start"),
                code="impossible_window",
            )


def _span(req: SessionRequest) -> tuple[datetime, datetime]:
    if req.start is not None:
        return req.start, req.start + timedelta(minutes=req.duration_minutes)
    assert req.window_start is not None and req.window_end is not None
    return req.window_start, req.window_end


async def _existing(
    session: AsyncSession, model: type[Artist | Client | Creator | Room], ids: set[str]
) -> set[str]:
    if not ids:
        return set()
    rows = await session.execute(select(model.id).where(model.id.in_(ids)))
    return set(rows.scalars())


async def known_skills(session: AsyncSession) -> set[str]:
    """Skills any active creator of the organization lists: the vocabulary requests use."""
    rows = await session.execute(
        select(func.jsonb_object_keys(Creator.skills)).where(Creator.status == "active").distinct()
    )
    return set(rows.scalars())


async def _check_references(
    session: AsyncSession, requests: Sequence[SessionRequest], field: str
) -> None:
    wanted: dict[str, tuple[type[Artist | Client | Creator | Room], set[str]]] = {
        "artist_id": (Artist, set()),
        "client_id": (Client, set()),
        "creator_id": (Creator, set()),
        "room_id": (Room, set()),
    }
    for req in requests:
        for name, (_, ids) in wanted.items():
            value = getattr(req, name)
            if value is not None:
                ids.add(value)
        wanted["creator_id"][1].update(req.preferred_creator_ids)
    found = {name: await _existing(session, model, ids) for name, (model, ids) in wanted.items()}
    for i, req in enumerate(requests):
        for name in wanted:
            value = getattr(req, name)
            if value is not None and value not in found[name]:
                raise InvalidRequest(
                    f"no {name.removesuffix('_id')} {value}",
                    param=_param(field, i, name),
                    code="resource_missing",
                )
        for k, creator_id in enumerate(req.preferred_creator_ids):
            if creator_id not in found["creator_id"]:
                raise InvalidRequest(
                    f"no creator {creator_id}",
                    param=_param(field, i, "preferred_creator_ids", k),
                    code="resource_missing",
                )
    if any(req.skills for req in requests):
        skills = await known_skills(session)
        for i, req in enumerate(requests):
            for k, need in enumerate(req.skills):
                if need.skill not in skills:
                    raise InvalidRequest(
                        f"unknown skill '{need.skill}': no active creator of the organization "
                        "lists it",
                        param=_param(field, i, "skills", k, "skill"),
                        code="unknown_skill",
                    )


async def _check_currencies(
    session: AsyncSession, requests: Sequence[SessionRequest], field: str
) -> None:
    """A session naming both its creator and a priced room must have them priced in one
    currency, as a single booking must (their price is one amount)."""
    pairs = [(i, r) for i, r in enumerate(requests) if r.creator_id and r.room_id]
    if not pairs:
        return
    creators = {
        creator_id: currency
        for creator_id, currency in (
            await session.execute(
                select(Creator.id, Creator.currency).where(
                    Creator.id.in_({r.creator_id for _, r in pairs})
                )
            )
        ).all()
    }
    rooms = {
        room_id: (currency, rate)
        for room_id, currency, rate in (
            await session.execute(
                select(Room.id, Room.currency, Room.hourly_rate_minor).where(
                    Room.id.in_({r.room_id for _, r in pairs})
                )
            )
        ).all()
    }
    for i, req in pairs:
        creator_currency = creators.get(req.creator_id or "")
        room_currency, room_rate = rooms.get(req.room_id or "", (None, None))
        if room_rate and creator_currency and room_currency != creator_currency:
            raise InvalidRequest(
                f"currency mismatch: the creator is priced in {creator_currency} and the room "
                f"in {room_currency}",
                param=_param(field, i, "room_id"),
                code="currency_mismatch",
            )


async def validate_requests(
    session: AsyncSession,
    requests: Sequence[SessionRequest],
    *,
    now: datetime,
    max_items: int = MAX_ITEMS,
    field: str = "sessions",
) -> None:
    """Refuse a batch the planner cannot take, as a 422 naming ``{field}.{index}.{field}``:
    too many items, unknown dependencies or a cycle, times in the past, a plan longer than
    180 days, unknown creators/rooms/artists/clients, skills no creator of the organization
    has, a creator and room priced in different currencies. Shape errors (currency, window
    order, ...) are refused by the models themselves."""
    if not requests:
        raise InvalidRequest("give at least one session", param=field, code="empty_batch")
    if len(requests) > max_items:
        raise InvalidRequest(
            f"at most {max_items} sessions per batch, got {len(requests)}",
            param=field,
            code="batch_too_large",
        )
    _check_dependencies(requests, field)
    _check_times(requests, field, now)
    await _check_references(session, requests, field)
    await _check_currencies(session, requests, field)
