"""Creators, rooms and clients in the dashboard: list, add, edit (a creator's and a room's
working hours included).

The three share one shape, so each is a :class:`Kind` (its API schema, its service functions,
its fields) and one set of routes serves them all: ``/dashboard/{creators|rooms|clients}`` and
``/dashboard/{…}/{id}``. As in ``people.py``, the form is validated with the API's request
schema (``CreatorCreate``, ``RoomCreate``, ``ClientCreate``), the permission is the API's
(``creators:read`` / ``creators:write``), and the change is made by the service the API route
calls, which audits it. An edit carries the version it was drawn from: the second of two
people saving one row is told (409) instead of silently overwriting the first.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from api.dashboard.forms import (
    Errors,
    done,
    field_error,
    placed,
    posted,
    schema_errors,
    split_list,
    version_of,
)
from api.dashboard.web import Current, DashboardRoute, PageContext, page
from api.schemas.clients import ClientCreate, ClientOut
from api.schemas.creators import CreatorCreate, creator_out
from api.schemas.rooms import RoomCreate, room_out
from domain import records
from domain.errors import DomainError
from domain.keys.sealed import Sealing
from domain.pagination import Page
from domain.resources import search as creator_search
from domain.resources import service
from domain.resources.models import Client, Creator, Room

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = dict(zip(DAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))
RANGE = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-\u2013]\s*(\d{1,2}:\d{2})\s*$")  # - or an en dash
LISTED = 100


@dataclass(frozen=True, slots=True)
class Input:
    """One field of a form: ``kind`` is text, area, choice, list (comma-separated) or hours
    (the weekly working hours, one input per day)."""

    name: str
    label: str
    kind: str = "text"
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()
    required: bool = False


@dataclass(frozen=True, slots=True)
class Kind:
    path: str
    label: str
    title: str
    model: type[Creator] | type[Room] | type[Client]
    prefix: str
    schema: type[BaseModel]
    create: Callable[..., Awaitable[Any]]
    update: Callable[..., Awaitable[Any]]
    out: Callable[[Any], BaseModel]
    inputs: tuple[Input, ...]
    columns: tuple[tuple[str, str], ...] = field(default=())
    # Rows of people whose contact fields are sealed (domain/keys/sealed.py): opened after
    # loading, sealed on writes.
    sealed: bool = False

    @property
    def id_pattern(self) -> str:
        return rf"^{self.prefix}_[0-9a-hjkmnp-tv-z]{{26}}$"


STATUS = Input(
    "status", "Status", "choice", options=(("active", "active"), ("inactive", "inactive"))
)
WHERE_AND_WHEN = (
    Input("timezone", "Time zone", hint="IANA name, e.g. Europe/Berlin", required=True),
    Input("currency", "Currency", hint="ISO 4217, e.g. EUR", required=True),
    Input("hourly_rate", "Hourly rate", hint="in the currency; empty: not priced by the hour"),
    Input("working_hours", "Working hours", "hours"),
    Input("min_notice_minutes", "Minimum notice (minutes)"),
    Input("buffer_before_minutes", "Buffer before a session (minutes)"),
    Input("buffer_after_minutes", "Buffer after a session (minutes)"),
    Input("city", "City"),
    Input("country", "Country", hint="ISO 3166 code, e.g. DE"),
    Input("tags", "Tags", "list", hint="separated by commas"),
    STATUS,
    Input("external_ref", "Your reference"),
)

CREATORS = Kind(
    path="creators",
    label="creator",
    title="Creators",
    model=Creator,
    prefix="cre",
    schema=CreatorCreate,
    create=lambda session, *, sealing, **kw: service.create_creator(session, sealing, **kw),
    update=lambda session, row, changes, *, sealing, actor: service.update_creator(
        session, sealing, row, changes, actor=actor
    ),
    sealed=True,
    out=creator_out,
    inputs=(
        Input("name", "Name", required=True),
        Input("email", "E-mail", hint="for reminders and invitations"),
        Input("roles", "Roles", "list", hint="e.g. producer, mixing engineer"),
        Input("bio", "Bio", "area"),
        Input("day_rate", "Day rate"),
        *WHERE_AND_WHEN,
    ),
    columns=(("roles", "Roles"), ("timezone", "Time zone"), ("hourly_rate", "Hourly rate")),
)
ROOMS = Kind(
    path="rooms",
    label="room",
    title="Rooms",
    model=Room,
    prefix="rm",
    schema=RoomCreate,
    create=service.create_room,
    update=service.update_room,
    out=room_out,
    inputs=(
        Input("name", "Name", required=True),
        Input(
            "kind",
            "Kind",
            "choice",
            options=(("studio", "studio"), ("room", "room"), ("equipment", "equipment")),
        ),
        Input("description", "Description", "area"),
        Input("capacity", "Capacity", hint="people"),
        *WHERE_AND_WHEN,
    ),
    columns=(("kind", "Kind"), ("timezone", "Time zone"), ("hourly_rate", "Hourly rate")),
)
CLIENTS = Kind(
    path="clients",
    label="client",
    title="Clients",
    model=Client,
    prefix="cli",
    schema=ClientCreate,
    create=lambda session, *, sealing, **kw: service.create_client(session, sealing, **kw),
    update=lambda session, row, changes, *, sealing, actor: service.update_client(
        session, sealing, row, changes, actor=actor
    ),
    sealed=True,
    out=ClientOut.model_validate,
    inputs=(
        Input("name", "Name", required=True),
        Input("email", "E-mail"),
        Input("domain", "Web domain", hint="e.g. northstar.example"),
        Input("phone", "Phone"),
        Input("notes", "Notes", "area"),
        Input("external_ref", "Your reference"),
    ),
    columns=(("email", "E-mail"), ("domain", "Web domain")),
)
KINDS = (CREATORS, ROOMS, CLIENTS)


# --- form ↔ API body -------------------------------------------------------------------------


def _hours_text(ranges: list[list[str]]) -> str:
    return ", ".join(f"{start}-{end}" for start, end in ranges)


def _parse_hours(text: str) -> list[list[str]] | None:
    """``09:00-13:00, 14:00-18:00`` as the API's ranges; None when it cannot be read."""
    ranges = []
    for part in split_list(text):
        match = RANGE.match(part)
        if not match:
            return None
        ranges.append([match.group(1).zfill(5), match.group(2).zfill(5)])
    return ranges


def form_values(kind: Kind, form: Any) -> dict[str, str]:
    """What was typed, as typed (kept on an error)."""
    names = [i.name for i in kind.inputs if i.kind != "hours"]
    names += [f"hours_{day}" for day in DAYS] if _has_hours(kind) else []
    return {name: str(form.get(name, ""))[:5000] for name in [*names, "version"]}


def _has_hours(kind: Kind) -> bool:
    return any(i.kind == "hours" for i in kind.inputs)


def api_body(kind: Kind, values: dict[str, str]) -> tuple[dict[str, Any], Errors]:
    """The form as the API's request body; empty fields are left out (their defaults, so an
    edit clears them). A day's hours that cannot be read are an error beside that day."""
    body: dict[str, Any] = {}
    errors: Errors = {}
    for item in kind.inputs:
        if item.kind == "hours":
            weekly: dict[str, list[list[str]]] = {}
            for day in DAYS:
                ranges = _parse_hours(values[f"hours_{day}"])
                if ranges is None:
                    errors[f"hours_{day}"] = "Write times as 09:00-13:00, 14:00-18:00."
                elif ranges:
                    weekly[day] = ranges
            body["working_hours"] = weekly
        elif item.kind == "list":
            body[item.name] = split_list(values[item.name])
        elif values[item.name].strip() or item.required:
            body[item.name] = values[item.name]
    return body, errors


def values_of(kind: Kind, row: Any) -> dict[str, str]:
    """The stored row as the form shows it (read through the API's response model)."""
    out = kind.out(row).model_dump()
    values: dict[str, str] = {"version": version_of(row)}
    for item in kind.inputs:
        value = out.get(item.name)
        if item.kind == "hours":
            for day in DAYS:
                values[f"hours_{day}"] = _hours_text((value or {}).get(day, []))
        elif item.kind == "list":
            values[item.name] = ", ".join(value or [])
        else:
            values[item.name] = "" if value is None else str(value)
    return values


def _fields(kind: Kind) -> set[str]:
    """The names an error may stand beside on this kind's form."""
    return {i.name for i in kind.inputs} | {f"hours_{day}" for day in DAYS} | {"version"}


def _blank(kind: Kind) -> dict[str, str]:
    values = {f"hours_{day}": "" for day in DAYS}
    values.update({i.name: "" for i in kind.inputs})
    values.update(status="active", kind="studio", currency="EUR", timezone="UTC", version="")
    return values


# --- pages -----------------------------------------------------------------------------------


def _sealing(request: Request, kind: Kind) -> dict[str, Sealing]:
    """What a write of ``kind`` needs besides its row: the sealing of people's fields."""
    return {"sealing": request.app.state.sealing} if kind.sealed else {}


async def _opened(request: Request, session: AsyncSession, kind: Kind, row: Any) -> Any:
    if kind.sealed:
        await request.app.state.sealing.open(session, [row])
    return row


async def _rows(
    request: Request, session: AsyncSession, kind: Kind, organization_id: str
) -> Page[Any]:
    if kind is CLIENTS:
        return await service.list_clients(
            session,
            request.app.state.sealing,
            organization_id=organization_id,
            limit=LISTED,
            starting_after=None,
        )
    if kind is CREATORS:
        return await creator_search.search_creators(
            session,
            request.app.state.sealing,
            organization_id=organization_id,
            search=creator_search.CreatorSearch(),
            limit=LISTED,
            starting_after=None,
        )
    return await service.list_rooms(
        session, organization_id=organization_id, limit=LISTED, starting_after=None
    )


async def _list_page(
    request: Request,
    ctx: PageContext,
    kind: Kind,
    *,
    status: int = 200,
    errors: Errors | None = None,
    values: dict[str, str] | None = None,
) -> HTMLResponse:
    async with ctx.tenant(request) as session:
        found = await _rows(request, session, kind, ctx.organization_id)
    return page(
        "resources.html",
        status=status,
        context=ctx,
        active=f"/dashboard/{kind.path}",
        title=kind.title,
        kind=kind,
        rows=[(row, kind.out(row).model_dump()) for row in found.items],
        more=found.has_more,
        can_write=ctx.principal.can("creators:write"),
        errors=placed(errors or {}, _fields(kind)),
        values=values or _blank(kind),
        days=DAY_NAMES,
        notice=request.query_params.get("done", ""),
    )


async def _detail_page(
    request: Request,
    ctx: PageContext,
    kind: Kind,
    row: Any,
    *,
    status: int = 200,
    errors: Errors | None = None,
    values: dict[str, str] | None = None,
    saved: dict[str, str] | None = None,
) -> HTMLResponse:
    return page(
        "resource.html",
        status=status,
        context=ctx,
        active=f"/dashboard/{kind.path}",
        title=row.name,
        kind=kind,
        row=row,
        can_write=ctx.principal.can("creators:write"),
        can_book=ctx.principal.can("bookings:write"),
        errors=placed(errors or {}, _fields(kind)),
        values=values or values_of(kind, row),
        saved=saved,
        labels=[(i.name, i.label) for i in kind.inputs if i.kind != "hours"],
        days=DAY_NAMES,
        notice=request.query_params.get("done", ""),
    )


async def _posted(
    request: Request, ctx: PageContext, kind: Kind
) -> tuple[dict[str, str], dict[str, Any], Any, Errors]:
    """(what was typed, the API body, the validated body or None, errors beside fields)."""
    form = await posted(request, ctx, "creators:write")
    values = form_values(kind, form)
    data, errors = api_body(kind, values)
    body, schema_problems = schema_errors(kind.schema, data)
    return values, data, body, {**schema_problems, **errors}


def _register(kind: Kind) -> None:
    base = f"/dashboard/{kind.path}"
    # A default, not Annotated: the pattern is this kind's, known only here.
    row_id = Path(pattern=kind.id_pattern)

    async def listing(request: Request, ctx: Current) -> HTMLResponse:
        ctx.require("creators:read")
        return await _list_page(request, ctx, kind)

    async def create(request: Request, ctx: Current) -> Response:
        values, _data, body, errors = await _posted(request, ctx, kind)
        status = 422
        if body is not None and not errors:
            try:
                async with ctx.tenant(request) as session:
                    row = await kind.create(
                        session,
                        organization_id=ctx.organization_id,
                        data=body,
                        actor=ctx.actor(request),
                        **_sealing(request, kind),
                    )
            except DomainError as exc:
                status, errors = field_error(exc)
        if errors:
            return await _list_page(request, ctx, kind, status=status, errors=errors, values=values)
        return done(f"{base}/{row.id}", "created")

    async def detail(request: Request, ctx: Current, id: str = row_id) -> HTMLResponse:
        ctx.require("creators:read")
        async with ctx.tenant(request) as session:
            row = await records.get_or_404(session, kind.model, id, label=kind.label)
            await _opened(request, session, kind, row)
        return await _detail_page(request, ctx, kind, row)

    async def update(request: Request, ctx: Current, id: str = row_id) -> Response:
        values, data, body, errors = await _posted(request, ctx, kind)
        status = 422
        if body is not None and not errors:
            try:
                async with ctx.tenant(request) as session:
                    row = await records.get_unchanged_or_409(
                        session, kind.model, id, label=kind.label, version=values["version"]
                    )
                    await _opened(request, session, kind, row)
                    # Only what the form shows changes (a creator's skills, say, stay).
                    changes = body.model_dump(include=set(data))
                    await kind.update(
                        session,
                        row,
                        changes,
                        actor=ctx.actor(request),
                        **_sealing(request, kind),
                    )
            except DomainError as exc:
                status, errors = field_error(exc)
        if not errors:
            return done(f"{base}/{id}", "saved")
        async with ctx.tenant(request) as session:
            row = await records.get_or_404(session, kind.model, id, label=kind.label)
            await _opened(request, session, kind, row)
        saved = values_of(kind, row) if "version" in errors else None
        if saved:
            # Saving again replaces what the other person saved: now a deliberate choice.
            values = {**values, "version": saved["version"]}
        return await _detail_page(
            request, ctx, kind, row, status=status, errors=errors, values=values, saved=saved
        )

    for name, handler, method, path in (
        ("list", listing, "GET", base),
        ("create", create, "POST", base),
        ("detail", detail, "GET", f"{base}/{{id}}"),
        ("update", update, "POST", f"{base}/{{id}}"),
    ):
        handler.__name__ = f"{kind.path}_{name}"
        router.add_api_route(path, handler, methods=[method], name=handler.__name__)


for _kind in KINDS:
    _register(_kind)
