"""The roster: artists, one by one or in bulk (JSON or CSV)."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import ValidationError

from api.deps import (
    ActorDep,
    CanReadArtists,
    CanWriteArtists,
    SealingDep,
    TenantSession,
    refuse_nul,
)
from api.loaders import ArtistDep
from api.schemas import Limit, ListResponse, StartingAfter
from api.schemas.artists import (
    ArtistCreate,
    ArtistOut,
    ArtistsJson,
    ArtistUpdate,
    BulkResultOut,
    BulkRowOut,
    BulkSummary,
)
from domain import records
from domain.errors import InvalidRequest
from domain.roster import service as roster

router = APIRouter(prefix="/v1/artists", tags=["artists"])


@router.get("", summary="List artists")
async def list_artists(
    principal: CanReadArtists,
    session: TenantSession,
    sealing: SealingDep,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    status_: Annotated[Literal["active", "paused", "former"] | None, Query(alias="status")] = None,
    genre: Annotated[str | None, Query(max_length=60)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Search by name")] = None,
) -> ListResponse[ArtistOut]:
    page = await roster.list_artists(
        session,
        sealing,
        organization_id=principal.organization_id,
        limit=limit,
        starting_after=starting_after,
        status=status_,
        genre=genre,
        q=q,
    )
    return ListResponse(
        data=[ArtistOut.model_validate(a) for a in page.items], has_more=page.has_more
    )


@router.post("", status_code=status.HTTP_201_CREATED, summary="Add an artist")
async def create_artist(
    body: ArtistCreate,
    principal: CanWriteArtists,
    session: TenantSession,
    sealing: SealingDep,
    actor: ActorDep,
) -> ArtistOut:
    artist = await roster.create_artist(
        session, sealing, organization_id=principal.organization_id, data=body, actor=actor
    )
    return ArtistOut.model_validate(artist)


@router.post(
    "/bulk",
    summary="Onboard many artists from JSON or CSV (upsert by external_ref)",
    description=(
        'Send `application/json` as `{"artists": [...]}` or `text/csv` with a header row '
        f"({', '.join(roster.CSV_COLUMNS)}; list columns separated by `;`). Each row is "
        "validated on its own; the answer reports every row. `?dry_run=true` validates and "
        "reports without writing."
    ),
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {"artists": {"type": "array", "items": {"type": "object"}}},
                    }
                },
                "text/csv": {"schema": {"type": "string"}},
            }
        }
    },
)
async def bulk_artists(
    request: Request,
    principal: CanWriteArtists,
    session: TenantSession,
    sealing: SealingDep,
    actor: ActorDep,
    dry_run: bool = False,
) -> BulkResultOut:
    body = await request.body()  # at most MAX_ROSTER_IMPORT_BYTES (api/body_limits.py)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in ("text/csv", "application/csv"):
        rows: list[tuple[int | None, dict[str, Any]]] = list(roster.parse_csv(body))
    elif content_type == "application/json":
        rows = [(None, item) for item in _json_rows(body)]
    else:
        raise InvalidRequest(
            "send application/json or text/csv", param="content-type", code="unsupported_media_type"
        )
    report = await roster.bulk_upsert(
        session,
        sealing,
        organization_id=principal.organization_id,
        rows=rows,
        actor=actor,
        dry_run=dry_run,
    )
    return BulkResultOut(
        dry_run=dry_run,
        summary=BulkSummary(
            created=report.count("created"),
            updated=report.count("updated"),
            unchanged=report.count("unchanged"),
            failed=report.count("error"),
        ),
        rows=[
            BulkRowOut(
                index=r.index,
                line=r.line,
                status=r.status,
                id=r.id,
                external_ref=r.external_ref,
                errors=r.errors,
            )
            for r in report.rows
        ],
    )


def _json_rows(body: bytes) -> list[dict[str, Any]]:
    try:
        decoded = json.loads(body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InvalidRequest("the body is not valid JSON", param="body") from None
    refuse_nul(decoded, ("body",))
    try:
        return ArtistsJson.model_validate(decoded).artists
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InvalidRequest(f"artists: {first['msg']}", param="artists") from None


@router.get("/{id}", summary="An artist")
async def get_artist(
    principal: CanReadArtists,
    artist: ArtistDep,
) -> ArtistOut:
    return ArtistOut.model_validate(artist)


@router.patch("/{id}", summary="Change an artist")
async def update_artist(
    body: ArtistUpdate,
    principal: CanWriteArtists,
    artist: ArtistDep,
    session: TenantSession,
    sealing: SealingDep,
    actor: ActorDep,
) -> ArtistOut:
    updated = await roster.update_artist(
        session, sealing, artist, body.model_dump(exclude_unset=True), actor=actor
    )
    return ArtistOut.model_validate(updated)


@router.delete(
    "/{id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove an artist without bookings"
)
async def delete_artist(
    principal: CanWriteArtists,
    artist: ArtistDep,
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    await records.delete(
        session,
        artist,
        actor=actor,
        kind="artist",
        in_use_message="the artist has bookings; set status to 'former' instead",
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
