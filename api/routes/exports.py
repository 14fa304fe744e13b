"""Data exports: request an organization's or one person's data, follow the export, and
download it once through its signed link. The export is built by ``DataExportWorkflow``."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Request, Response, status
from fastapi.responses import StreamingResponse

from api.deps import ActorDep, CanExportData, SessionmakerDep, SettingsDep, TenantSession
from api.schemas import Limit, ListResponse, StartingAfter, id_path
from api.schemas.privacy import ExportCreate, ExportOut, ExportProgressOut
from core.config import Settings
from core.db import tenant_session
from domain.privacy import archive, exports
from domain.privacy.models import DataExport
from workflows.clients.privacy import start_export
from workflows.privacy_types import ExportInput

log = logging.getLogger("auditoryx.api")
router = APIRouter(prefix="/v1/exports", tags=["privacy"])
downloads = APIRouter(prefix="/exports", tags=["privacy"])


def export_out(export: DataExport, settings: Settings) -> ExportOut:
    token = exports.download_token(export, key=settings.secret_key)
    return ExportOut(
        id=export.id,
        scope=export.scope,
        subject_kind=export.subject_kind,
        subject_id=export.subject_id,
        status=export.status,
        progress=ExportProgressOut(
            entities_total=export.entities_total,
            entities_done=export.entities_done,
            rows=export.rows_exported,
        ),
        counts=export.counts,
        error=export.error,
        download_url=exports.download_url(settings.public_base_url, token) if token else None,
        created_at=export.created_at,
        started_at=export.started_at,
        finished_at=export.finished_at,
        expires_at=export.expires_at,
        downloaded_at=export.downloaded_at,
    )


async def load_export(id: Annotated[str, id_path("exp")], session: TenantSession) -> DataExport:
    return await exports.get_export(session, id)


ExportDep = Annotated[DataExport, Depends(load_export)]


async def start_after_commit(state: Any, organization_id: str, export_id: str) -> None:
    """Start the workflow once the export is committed; if Temporal is unreachable the export
    is ``failed`` ("not started"), so it holds no place, and a new request is the way out
    (docs/privacy.md)."""
    client = await state.temporal.get()
    reason = "not started: the workflow engine (Temporal) was unreachable; request it again"
    if client is not None:
        job = ExportInput(organization_id=organization_id, export_id=export_id)
        try:
            await start_export(client, job, task_queue=state.settings.temporal_task_queue)
            return
        except Exception as exc:  # an RPC or connection failure
            reason = f"not started: {exc}; request it again"
    log.warning("export %s %s", export_id, reason)
    async with tenant_session(state.sessionmaker, [organization_id]) as session:
        await exports.fail(session, export_id, reason, now=datetime.now(UTC))


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Export the organization's data, or one person's",
    responses={
        404: {"description": "The person is not in this organization"},
        409: {
            "description": "The organization has as many unfinished exports as it may "
            "(`too_many_exports`), or a concurrent request holds the idempotency key"
        },
    },
)
async def create_export(
    body: ExportCreate,
    request: Request,
    response: Response,
    background: BackgroundTasks,
    principal: CanExportData,
    session: TenantSession,
    actor: ActorDep,
    settings: SettingsDep,
) -> ExportOut:
    export = await exports.request_export(
        session,
        organization_id=principal.organization_id,
        scope=body.scope,
        kind=body.kind,
        subject_id=body.id,
        actor=actor,
    )
    response.headers["Location"] = f"/v1/exports/{export.id}"
    background.add_task(start_after_commit, request.app.state, export.organization_id, export.id)
    return export_out(export, settings)


@router.get("", summary="List data exports")
async def list_exports(
    principal: CanExportData,
    session: TenantSession,
    settings: SettingsDep,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
) -> ListResponse[ExportOut]:
    page = await exports.list_exports(
        session,
        organization_id=principal.organization_id,
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(data=[export_out(e, settings) for e in page.items], has_more=page.has_more)


@router.get("/{id}", summary="A data export: status, progress, counts and its download link")
async def get_export(
    principal: CanExportData, export: ExportDep, settings: SettingsDep
) -> ExportOut:
    return export_out(export, settings)


@downloads.get(
    "/download/{token}",
    summary="Download a data export (once, before its link expires)",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            "description": "The export as a ZIP",
        },
        403: {"description": "The link was altered"},
        410: {"description": "The link expired, or the export was already downloaded"},
    },
)
async def download_export(
    token: str, sessionmaker: SessionmakerDep, settings: SettingsDep
) -> StreamingResponse:
    now = datetime.now(UTC)
    grant = exports.verify_token(
        token, keys=[settings.secret_key, *settings.previous_secret_keys], now=now
    )
    async with tenant_session(sessionmaker, [grant.organization_id]) as session:
        names = await exports.claim_download(session, grant, now=now)

    async def body() -> AsyncIterator[bytes]:
        async with tenant_session(sessionmaker, [grant.organization_id]) as session:
            async for part in archive.stream_zip(session, export_id=grant.export_id, names=names):
                if part:
                    yield part

    return StreamingResponse(
        body(),
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{grant.export_id}.zip"',
            "Cache-Control": "no-store",
        },
    )
