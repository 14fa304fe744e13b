"""Running the roster from the dashboard: add and edit artists, and onboard many from a CSV
file with a dry-run preview first.

Every form takes the API's path: validated with the request schema of ``/v1/artists``,
permission ``artists:write`` checked on the member's principal, and changed by the roster
service the API calls (``create_artist``, ``update_artist``, ``bulk_upsert``), which audits
each change and applies the plan's artist limit. The import reads the file with the API's
``parse_csv`` and reports each row as ``POST /v1/artists/bulk`` does, on its line.

Two people editing one artist: the form carries the version it was drawn from; the second to
save gets 409 with the other's values shown and their own input kept (see
``records.get_unchanged_or_409``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile

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
from api.schemas.artists import ArtistCreate
from domain import records
from domain.errors import DomainError
from domain.roster import service as roster
from domain.roster.models import Artist

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
ARTIST_ID = r"^art_[0-9a-hjkmnp-tv-z]{26}$"
TEXT_FIELDS = ("name", "genres", "status", "contract_start", "contract_end", "links", "tags")
OPTIONAL = ("contract_start", "contract_end", "external_ref")
LISTS = ("genres", "links", "tags")


def _form_values(form: Any) -> dict[str, str]:
    names = (*TEXT_FIELDS, "external_ref", "version")
    return {name: str(form.get(name, ""))[:2000] for name in names}


def _artist_data(values: dict[str, str]) -> dict[str, Any]:
    """The form as the API's artist body: lists split on commas, empty optional fields left
    out (so an edit clears them)."""
    data: dict[str, Any] = {"name": values["name"], "status": values["status"] or "active"}
    for name in LISTS:
        data[name] = split_list(values[name])
    for name in OPTIONAL:
        if values[name].strip():
            data[name] = values[name]
    return data


def _values_of(artist: Artist) -> dict[str, str]:
    return {
        "name": artist.name,
        "status": artist.status,
        **{name: ", ".join(getattr(artist, name)) for name in LISTS},
        **{name: str(getattr(artist, name) or "") for name in OPTIONAL},
        "version": version_of(artist),
    }


async def _opened(request: Request, session: AsyncSession, id: str) -> Artist:
    """The artist, its links opened (sealed with the artist's key)."""
    artist = await records.get_or_404(session, Artist, id, label="artist")
    await request.app.state.sealing.open(session, [artist])
    return artist


async def _usage(request: Request, ctx: PageContext) -> roster.RosterUsage:
    async with ctx.tenant(request) as session:
        return await roster.roster_usage(session, organization_id=ctx.organization_id)


async def _form_page(
    request: Request,
    ctx: PageContext,
    *,
    artist: Artist | None,
    values: dict[str, str],
    status: int = 200,
    errors: Errors | None = None,
    saved: dict[str, str] | None = None,
) -> HTMLResponse:
    return page(
        "artist_form.html",
        status=status,
        context=ctx,
        active="/dashboard/roster",
        title=f"Edit {artist.name}" if artist else "Add an artist",
        artist=artist,
        values=values,
        errors=placed(errors or {}, {*TEXT_FIELDS, *OPTIONAL, "version"}),
        saved=saved,
        usage=None if artist else await _usage(request, ctx),
        notice=request.query_params.get("done", ""),
    )


async def _posted_artist(request: Request, ctx: PageContext) -> tuple[dict[str, str], Any, Errors]:
    """(what was typed, the API's artist body or None, errors beside fields)."""
    form = await posted(request, ctx, "artists:write")
    ctx.require_module("roster")
    values = _form_values(form)
    body, errors = schema_errors(ArtistCreate, _artist_data(values))
    return values, body, errors


@router.get("/dashboard/roster/new")
async def artist_new(request: Request, ctx: Current) -> HTMLResponse:
    ctx.require_module("roster")
    ctx.require("artists:write")
    blank = {name: "" for name in (*TEXT_FIELDS, *OPTIONAL, "version")}
    return await _form_page(request, ctx, artist=None, values={**blank, "status": "active"})


@router.post("/dashboard/roster/new")
async def artist_create(request: Request, ctx: Current) -> Response:
    values, body, errors = await _posted_artist(request, ctx)
    status = 422
    if body is not None:
        try:
            async with ctx.tenant(request) as session:
                artist = await roster.create_artist(
                    session,
                    request.app.state.sealing,
                    organization_id=ctx.organization_id,
                    data=body,
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            if exc.status == 404:
                raise
            # The plan's limit names no field: it is the form's answer, above the fields.
            status, errors = exc.status, {exc.param or "form": exc.detail}
    if errors:
        return await _form_page(
            request, ctx, artist=None, values=values, status=status, errors=errors
        )
    return done(f"/dashboard/artists/{artist.id}/edit", "created")


@router.get("/dashboard/artists/{id}/edit")
async def artist_edit(
    request: Request, ctx: Current, id: Annotated[str, Path(pattern=ARTIST_ID)]
) -> HTMLResponse:
    ctx.require_module("roster")
    ctx.require("artists:write")
    async with ctx.tenant(request) as session:
        artist = await _opened(request, session, id)
    return await _form_page(request, ctx, artist=artist, values=_values_of(artist))


@router.post("/dashboard/artists/{id}/edit")
async def artist_update(
    request: Request, ctx: Current, id: Annotated[str, Path(pattern=ARTIST_ID)]
) -> Response:
    values, body, errors = await _posted_artist(request, ctx)
    status = 422
    if body is not None:
        try:
            async with ctx.tenant(request) as session:
                artist = await records.get_unchanged_or_409(
                    session, Artist, id, label="artist", version=values["version"]
                )
                await request.app.state.sealing.open(session, [artist])
                await roster.update_artist(
                    session,
                    request.app.state.sealing,
                    artist,
                    body.model_dump(),
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            status, errors = field_error(exc)
    if not errors:
        return done(f"/dashboard/artists/{id}/edit", "saved")
    async with ctx.tenant(request) as session:
        artist = await _opened(request, session, id)
    saved = _values_of(artist)
    if "version" in errors:
        # Saving again replaces what the other person saved: now a deliberate choice.
        values = {**values, "version": saved["version"]}
    return await _form_page(
        request,
        ctx,
        artist=artist,
        values=values,
        status=status,
        errors=errors,
        saved=saved if "version" in errors else None,
    )


# --- CSV import ----------------------------------------------------------------------------


async def _import_page(
    request: Request,
    ctx: PageContext,
    *,
    status: int = 200,
    errors: Errors | None = None,
    report: roster.BulkReport | None = None,
    rows: list[tuple[int | None, dict[str, Any]]] | None = None,
    csv_text: str = "",
) -> HTMLResponse:
    names = [raw.get("name", "") for _line, raw in rows or []]
    return page(
        "roster_import.html",
        status=status,
        context=ctx,
        active="/dashboard/roster",
        title="Import artists from CSV",
        columns=roster.CSV_COLUMNS,
        separator=roster.LIST_SEPARATOR,
        usage=await _usage(request, ctx),
        errors=errors or {},
        report=report,
        report_rows=list(zip(report.rows, names, strict=True)) if report else [],
        csv_text=csv_text,
    )


@router.get("/dashboard/roster/import")
async def import_form(request: Request, ctx: Current) -> HTMLResponse:
    ctx.require_module("roster")
    ctx.require("artists:write")
    return await _import_page(request, ctx)


async def _uploaded(form: Any, limit: int) -> tuple[bytes, Errors]:
    upload = form.get("file")
    content = b""
    if isinstance(upload, UploadFile):
        content = await upload.read(limit + 1)
    if not content:
        content = str(form.get("csv_text", "")).encode()
    if not content.strip():
        return b"", {"file": "Choose a CSV file."}
    if len(content) > limit:
        return b"", {"file": f"The file is larger than {limit // (1024 * 1024)} MiB."}
    return content, {}


@router.post("/dashboard/roster/import")
async def import_rows(request: Request, ctx: Current) -> Response:
    """``action=preview`` checks every row without writing (``?dry_run=true`` of the API);
    ``action=import`` writes the rows the preview showed, carried back as ``csv_text``."""
    limit = request.app.state.settings.max_roster_import_bytes
    # The file comes back form-encoded for the import: percent-encoding at most triples it.
    form = await posted(request, ctx, "artists:write", field_bytes=3 * limit)
    ctx.require_module("roster")
    dry_run = form.get("action") != "import"
    content, errors = await _uploaded(form, limit)
    if errors:
        return await _import_page(request, ctx, status=422, errors=errors)
    try:
        rows: list[tuple[int | None, dict[str, Any]]] = list(roster.parse_csv(content))
        async with ctx.tenant(request) as session:
            report = await roster.bulk_upsert(
                session,
                request.app.state.sealing,
                organization_id=ctx.organization_id,
                rows=rows,
                actor=ctx.actor(request),
                dry_run=dry_run,
            )
    except DomainError as exc:
        # A file that cannot be read at all (its header, a broken quote) is the file's error.
        return await _import_page(request, ctx, status=exc.status, errors={"file": exc.detail})
    return await _import_page(
        request,
        ctx,
        report=report,
        rows=rows,
        csv_text=content.decode("utf-8-sig") if dry_run else "",
    )
