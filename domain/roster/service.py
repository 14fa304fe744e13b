"""The roster: an organization's artists, one by one or in bulk (JSON or CSV)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain import records
from domain.audit import service as audit
from domain.csv_files import CsvFile
from domain.dates import Day
from domain.errors import InvalidRequest
from domain.keys.sealed import Sealing
from domain.pagination import Page, paginate
from domain.roster.models import Artist
from domain.tenancy import plan_catalog, quotas
from domain.tenancy.plans import quota_limit

MAX_BULK_ROWS = 5000
UNIQUE = {
    "uq_artists_organization_id_external_ref": (
        "an artist with this external_ref exists",
        "external_ref",
    )
}
CSV_COLUMNS = (
    "name",
    "genres",
    "status",
    "contract_start",
    "contract_end",
    "links",
    "tags",
    "external_ref",
)
LIST_SEPARATOR = ";"

Tag = Field(min_length=1, max_length=60)


class ArtistInput(BaseModel):
    """One artist as submitted (API body, JSON bulk item or CSV row)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    genres: list[str] = Field(default_factory=list, max_length=20)
    status: Literal["active", "paused", "former"] = "active"
    contract_start: Day | None = None
    contract_end: Day | None = None
    links: list[str] = Field(default_factory=list, max_length=20)
    tags: list[str] = Field(default_factory=list, max_length=30)
    external_ref: str | None = Field(default=None, min_length=1, max_length=120)

    @field_validator("contract_end")
    @classmethod
    def _contract_order(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("contract_start")
        if value is not None and start is not None and value < start:
            raise ValueError("contract_end is before contract_start")
        return value

    @field_validator("links")
    @classmethod
    def _links(cls, value: list[str]) -> list[str]:
        for link in value:
            if not link.startswith(("https://", "http://")) or len(link) > 500:
                raise ValueError(f"'{link[:60]}' is not an http(s) URL")
        return value

    @field_validator("genres", "tags")
    @classmethod
    def _labels(cls, value: list[str]) -> list[str]:
        for label in value:
            if not label or len(label) > 60:
                raise ValueError("each entry is 1 to 60 characters")
        return value


def _fields(data: ArtistInput) -> dict[str, Any]:
    return data.model_dump()


async def _new_artist(
    session: AsyncSession,
    sealing: Sealing,
    artist_id: str,
    organization_id: str,
    data: ArtistInput,
    *,
    actor: audit.Actor,
) -> Artist:
    # Links sealed with the artist's key; no links, no key (``Sealing.sealed_columns``): a
    # bulk import of thousands of artists without links issues no keys.
    artist = Artist(id=artist_id, organization_id=organization_id, **_fields(data))
    await sealing.seal(session, artist, actor=actor)
    return await records.create(session, artist, actor=actor, kind="artist", unique_messages=UNIQUE)


async def _changed_artist(
    session: AsyncSession,
    sealing: Sealing,
    artist: Artist,
    data: ArtistInput,
    *,
    actor: audit.Actor,
    unique_messages: dict[str, tuple[str, str]] | None = None,
) -> Artist:
    """Write ``data`` over ``artist`` (opened); changed links are sealed again, as a change
    of the row, so its audit record shows that they changed."""
    fields = _fields(data)
    links = {"links": fields.pop("links")}
    fields.update(await sealing.changed_columns(session, artist, links, actor=actor))
    return await records.update(
        session, artist, fields, actor=actor, kind="artist", unique_messages=unique_messages
    )


@dataclass(slots=True)
class RosterRoom:
    """How many more artists fit: the tightest of the limits (an operator's override, else
    the plan's) on the line from the root down to the organization, each counting the artists
    of its whole subtree."""

    organization_id: str
    plan: str
    limit: int
    usage: int
    free: int

    def refusal(self) -> quotas.QuotaExceeded:
        return quotas.refusal(
            quota="artists",
            plan=self.plan,
            limit=self.limit,
            usage=self.usage,
            requested=1,
            limited_by=self.organization_id,
        )

    def row_error(self) -> dict[str, Any]:
        """The refusal as one failed row of a bulk import."""
        return {"reason": self.refusal().detail, "code": quotas.QuotaExceeded.code}


async def _roster_room(session: AsyncSession, organization_id: str) -> RosterRoom | None:
    """Lock the line from the root (roster growth of one tree takes turns) and measure it;
    ``None`` when nothing on the line limits artists."""
    rows = (
        await session.execute(
            text(
                "SELECT organization_id, plan, artists, artists_override FROM roster_limits(:org)"
            ),
            {"org": organization_id},
        )
    ).all()
    # The plans' limits fresh from the table, in this transaction: a plan's new limit holds
    # from the next artist on.
    plans = {name: await plan_catalog.plan_named(session, name, fresh=True) for _, name, *_ in rows}
    rooms = [
        RosterRoom(org, plan, limit, int(artists), limit - int(artists))
        for org, plan, artists, override in rows
        if (limit := quota_limit(plans[plan], "artists", override)) is not None
    ]
    return min(rooms, key=lambda room: room.free, default=None)


@dataclass(frozen=True, slots=True)
class RosterUsage:
    """How full the roster is: ``used`` of ``allowed`` (``None``: no limit), counted where the
    tightest limit is set (``limited_by``, the organization or a parent over its subtree)."""

    used: int
    allowed: int | None
    plan: str | None
    limited_by: str | None


async def roster_usage(session: AsyncSession, *, organization_id: str) -> RosterUsage:
    """The roster's usage against its limit, measured as the plan check measures it."""
    room = await _roster_room(session, organization_id)
    if room is not None:
        return RosterUsage(room.usage, room.limit, room.plan, room.organization_id)
    used = await session.scalar(
        select(func.count()).select_from(Artist).where(Artist.organization_id == organization_id)
    )
    return RosterUsage(int(used or 0), None, None, None)


async def create_artist(
    session: AsyncSession,
    sealing: Sealing,
    *,
    organization_id: str,
    data: ArtistInput,
    actor: audit.Actor,
) -> Artist:
    """A new artist; their links are sealed with the artist's own key."""
    room = await _roster_room(session, organization_id)
    if room is not None and room.free <= 0:
        raise room.refusal()
    return await _new_artist(session, sealing, new_id("art"), organization_id, data, actor=actor)


async def update_artist(
    session: AsyncSession,
    sealing: Sealing,
    artist: Artist,
    changes: dict[str, Any],
    *,
    actor: audit.Actor,
) -> Artist:
    """Change an artist (opened by its loader)."""
    merged = ArtistInput.model_validate({**_fields_of(artist), **changes})
    return await _changed_artist(
        session, sealing, artist, merged, actor=actor, unique_messages=UNIQUE
    )


def _fields_of(artist: Artist) -> dict[str, Any]:
    return {name: getattr(artist, name) for name in ArtistInput.model_fields}


async def list_artists(
    session: AsyncSession,
    sealing: Sealing,
    *,
    organization_id: str,
    limit: int,
    starting_after: str | None,
    status: str | None,
    genre: str | None,
    q: str | None,
) -> Page[Artist]:
    stmt = select(Artist).where(Artist.organization_id == organization_id)
    if status:
        stmt = stmt.where(Artist.status == status)
    if genre:
        stmt = stmt.where(Artist.genres.contains([genre]))
    if q:
        stmt = stmt.where(func.lower(Artist.name).contains(q.lower()))
    page = await paginate(session, stmt, Artist.id, limit=limit, starting_after=starting_after)
    # The page's links opened, its keys in one batch.
    await sealing.open(session, page.items)
    return page


# --- bulk onboarding -------------------------------------------------------------------------


@dataclass(slots=True)
class RowResult:
    index: int
    status: str  # created | updated | unchanged | error
    line: int | None = None
    id: str | None = None
    external_ref: str | None = None
    errors: list[dict[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class BulkReport:
    rows: list[RowResult]
    dry_run: bool

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


def parse_csv(content: bytes) -> list[tuple[int, dict[str, Any]]]:
    """CSV rows as (line number, fields); list columns split on ';'. Header errors → 422."""
    file = CsvFile(content)
    file.check_header(required=("name",), allowed=CSV_COLUMNS)
    rows = []
    for line, raw in file.rows():
        fields: dict[str, Any] = {}
        for key, value in raw.items():
            if key is None:
                fields["__extra__"] = value
                continue
            value = (value or "").strip()
            if key in ("genres", "links", "tags"):
                fields[key] = [v.strip() for v in value.split(LIST_SEPARATOR) if v.strip()]
            elif value:
                fields[key] = value
        rows.append((line, fields))
    return rows


def _row_errors(exc: ValidationError) -> list[dict[str, str]]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "row"
        out.append({"field": loc, "reason": err["msg"].removeprefix("Value error, ")})
    return out


async def bulk_upsert(
    session: AsyncSession,
    sealing: Sealing,
    *,
    organization_id: str,
    rows: list[tuple[int | None, dict[str, Any]]],
    actor: audit.Actor,
    dry_run: bool = False,
) -> BulkReport:
    """Validate each row on its own, upsert by ``external_ref``, respect the plan's limit.

    Rows without ``external_ref`` are always created. Re-running the same rows changes
    nothing (``unchanged``). Rows that would take the roster past the plan's limit are
    reported as errors and not written; everything else is.
    """
    if len(rows) > MAX_BULK_ROWS:
        raise InvalidRequest(f"at most {MAX_BULK_ROWS} rows per request", param="artists")
    results: list[RowResult] = []
    valid: list[tuple[RowResult, ArtistInput]] = []
    seen_refs: dict[str, int] = {}
    for index, (line, raw) in enumerate(rows):
        result = RowResult(
            index=index, status="error", line=line, external_ref=raw.get("external_ref")
        )
        results.append(result)
        if "__extra__" in raw:
            result.errors.append({"field": "row", "reason": "more values than columns"})
            continue
        try:
            data = ArtistInput.model_validate(raw)
        except ValidationError as exc:
            result.errors = _row_errors(exc)
            continue
        if data.external_ref and data.external_ref in seen_refs:
            result.errors.append(
                {
                    "field": "external_ref",
                    "reason": f"duplicates row {seen_refs[data.external_ref]}",
                }
            )
            continue
        if data.external_ref:
            seen_refs[data.external_ref] = index
        valid.append((result, data))

    room = await _roster_room(session, organization_id)
    refs = [d.external_ref for _, d in valid if d.external_ref]
    existing = (
        {
            a.external_ref: a
            for a in (
                await session.execute(
                    select(Artist).where(
                        Artist.organization_id == organization_id, Artist.external_ref.in_(refs)
                    )
                )
            ).scalars()
        }
        if refs
        else {}
    )
    # Their links opened (in one batch) to compare and to keep what a row does not change.
    await sealing.open(session, list(existing.values()))

    for result, data in valid:
        current = existing.get(data.external_ref) if data.external_ref else None
        if current is not None:
            result.id = current.id
            if _fields_of(current) == _fields(data):
                result.status = "unchanged"
                continue
            result.status = "updated"
            if not dry_run:
                await _changed_artist(session, sealing, current, data, actor=actor)
            continue
        if room is not None:
            if room.free <= 0:
                result.errors.append({"field": "row", **room.row_error()})
                continue
            room.free -= 1
        result.status = "created"
        result.id = new_id("art")
        if not dry_run:
            await _new_artist(session, sealing, result.id, organization_id, data, actor=actor)
    return BulkReport(rows=results, dry_run=dry_run)


async def artist_names(
    session: AsyncSession, *, organization_id: str, artist_ids: Iterable[str]
) -> dict[str, str]:
    """Name of each of ``artist_ids`` that is an artist of the organization."""
    ids = list(artist_ids)
    if not ids:
        return {}
    rows = await session.execute(
        select(Artist.id, Artist.name).where(
            Artist.organization_id == organization_id, Artist.id.in_(ids)
        )
    )
    return {artist_id: name for artist_id, name in rows.all()}
