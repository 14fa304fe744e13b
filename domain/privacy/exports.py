"""Data exports: request one, follow it, and hand it over once through a signed link.

An export is requested through the API (``POST /v1/exports``) and built by
``DataExportWorkflow`` one entity at a time; this module is the one service both sides call.
The download link is ``{base}/exports/download/{token}`` with the token
``{export_id}.{organization_id}.{expires}.{hmac}``: an HMAC-SHA256 under the application's
secret key, so a link cannot be forged or stretched; it works once (``downloaded_at`` is
set atomically before the first byte) and never after ``expires``.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from core.security import hmac_hex
from domain.audit import service as audit
from domain.errors import Conflict, Gone, InvalidRequest, NotFound, PermissionDenied
from domain.keys.sealed import Sealing
from domain.pagination import Page, paginate
from domain.privacy.catalog import SEALED_MODELS, SUBJECT_TABLES, Subject, plan, table
from domain.privacy.models import DataExport, DataExportFile

DOWNLOAD_TTL = timedelta(hours=24)
MANIFEST = "manifest.json"
# Exports of one organization that may be unfinished at once: each reads every table of the
# organization and writes an archive, so a burst would otherwise queue work without bound.
MAX_UNFINISHED_EXPORTS = 2
# An export not finished this long after its request no longer holds a place: its start was
# lost with the API process, or its workflow was stopped without ending it. One whose start
# failed is ``failed`` at once (api/routes/exports.py); one waiting for a busy worker keeps
# its place for hours, so a backlog never lets a burst through.
ABANDONED_AFTER = timedelta(hours=6)


async def request_export(
    session: AsyncSession,
    *,
    organization_id: str,
    scope: str,
    kind: str | None,
    subject_id: str | None,
    actor: audit.Actor,
) -> DataExport:
    """A new ``pending`` export of the organization or of one person (who must exist in it:
    another organization's id is answered like an unknown one), audited."""
    if scope == "person":
        if kind not in SUBJECT_TABLES or not subject_id:
            raise InvalidRequest(
                f"a person export names its kind ({', '.join(SUBJECT_TABLES)}) and id",
                param="kind" if kind not in SUBJECT_TABLES else "id",
            )
        await load_subject(session, organization_id, kind, subject_id)
    else:
        kind = subject_id = None
    await _make_room(session, organization_id, now=datetime.now(UTC))
    export = DataExport(
        id=new_id("exp"),
        organization_id=organization_id,
        scope=scope,
        subject_kind=kind,
        subject_id=subject_id,
        status="pending",
        entities_total=0,
        entities_done=0,
        rows_exported=0,
        counts={},
        requested_by=f"{actor.type}:{actor.id}",
        created_at=datetime.now(UTC),
    )
    session.add(export)
    await session.flush()
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="data_export.requested",
        target_type="data_export",
        target_id=export.id,
        after={"scope": scope, "subject_kind": kind, "subject_id": subject_id},
    )
    return export


async def _make_room(session: AsyncSession, organization_id: str, *, now: datetime) -> None:
    """Refuse a new export while the organization has :data:`MAX_UNFINISHED_EXPORTS`. Two
    requests of one organization take turns on a transaction lock of that organization's
    exports (nothing else waits on it), so a burst cannot all pass the count together."""
    await session.execute(
        select(
            func.pg_advisory_xact_lock(func.hashtextextended(f"data_exports:{organization_id}", 0))
        )
    )
    unfinished = await session.scalar(
        select(func.count())
        .select_from(DataExport)
        .where(
            DataExport.organization_id == organization_id,
            DataExport.status.in_(("pending", "running")),
            DataExport.created_at > now - ABANDONED_AFTER,
        )
    )
    if (unfinished or 0) >= MAX_UNFINISHED_EXPORTS:
        raise Conflict(
            f"the organization has {unfinished} unfinished exports; at most "
            f"{MAX_UNFINISHED_EXPORTS} run at once: wait for one to finish",
            code="too_many_exports",
        )


async def load_subject(
    session: AsyncSession,
    organization_id: str,
    kind: str,
    subject_id: str,
    sealing: Sealing | None = None,
) -> Subject:
    """The person an export is about, with the e-mail address their messages went to
    (opened with ``sealing`` where the person's e-mail is sealed; without it, only an
    e-mail still in its clear column)."""
    t = table(SUBJECT_TABLES[kind])
    row = (
        (
            await session.execute(
                select(t).where(t.c.organization_id == organization_id, t.c.id == subject_id)
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"no {kind} {subject_id}", param="id")
    email = row.get("email")
    model = SEALED_MODELS.get(kind)
    if sealing is not None and model is not None and "email" in model.sealed_fields:
        (opened,) = await sealing.opened_fields(session, model, organization_id, [dict(row)])
        email = opened["email"]
    return Subject(organization_id, kind, subject_id, email)


async def subject_of(
    session: AsyncSession, export: DataExport, sealing: Sealing | None = None
) -> Subject:
    if export.scope == "organization":
        return Subject(export.organization_id)
    assert export.subject_kind is not None and export.subject_id is not None
    return await load_subject(
        session, export.organization_id, export.subject_kind, export.subject_id, sealing
    )


async def get_export(session: AsyncSession, export_id: str) -> DataExport:
    export = await session.get(DataExport, export_id)
    if export is None:
        raise NotFound(f"no export {export_id}", param="id")
    return export


async def list_exports(
    session: AsyncSession, *, organization_id: str, limit: int, starting_after: str | None
) -> Page[DataExport]:
    stmt = select(DataExport).where(DataExport.organization_id == organization_id)
    return await paginate(session, stmt, DataExport.id, limit=limit, starting_after=starting_after)


async def begin(session: AsyncSession, export_id: str, *, now: datetime) -> list[str]:
    """Mark the export running and return its entities, in the order they are written."""
    export = await get_export(session, export_id)
    entities = plan(await subject_of(session, export))
    export.status = "running"
    export.started_at = export.started_at or now
    export.entities_total = len(entities)
    return entities


async def entity_done(session: AsyncSession, export_id: str, entry: dict[str, Any]) -> None:
    """Record one written entity on the read model (progress and counts)."""
    await session.execute(
        update(DataExport)
        .where(DataExport.id == export_id)
        .values(
            entities_done=DataExport.entities_done + 1,
            rows_exported=DataExport.rows_exported + entry["count"],
            counts=DataExport.counts.op("||")(
                func.jsonb_build_object(entry["name"], entry["count"])
            ),
        )
    )


def manifest(
    export: DataExport, subject: Subject, entries: list[dict[str, Any]], *, now: datetime
) -> dict[str, Any]:
    return {
        "format": 1,
        "export_id": export.id,
        "organization_id": export.organization_id,
        "subject": {"scope": export.scope, "kind": subject.kind, "id": subject.id},
        "generated_at": now.isoformat(),
        "entities": [{"name": e["name"], "count": e["count"]} for e in entries],
        "files": [f for e in entries for f in e["files"]],
    }


def manifest_bytes(document: dict[str, Any]) -> bytes:
    return json.dumps(document, indent=2, sort_keys=True).encode()


async def finish(
    session: AsyncSession, export_id: str, document: dict[str, Any], *, now: datetime
) -> DataExport:
    export = await get_export(session, export_id)
    export.status = "ready"
    export.manifest = document
    export.finished_at = now
    export.expires_at = now + DOWNLOAD_TTL
    await audit.record(
        session,
        organization_id=export.organization_id,
        actor=audit.Actor(type="workflow", id=f"data-export:{export_id}"),
        action="data_export.ready",
        target_type="data_export",
        target_id=export_id,
        after={"counts": export.counts, "files": len(document["files"])},
    )
    return export


async def fail(session: AsyncSession, export_id: str, reason: str, *, now: datetime) -> None:
    """The export cannot be built: what was written of it goes (it can never be downloaded)."""
    export = await get_export(session, export_id)
    export.status = "failed"
    export.error = reason[:1000]
    export.finished_at = now
    await _delete_files(session, export)


async def delete_files(session: AsyncSession, export_id: str, *, now: datetime) -> int:
    """Delete the export's files once its link can no longer work, and end the link with them
    (``expires_at`` is brought forward to ``now`` if it was later); the export's row, counts
    and manifest stay as the record of what was handed over. Answers the chunks deleted; an
    export that is gone (its organization deleted) has none left."""
    export = await session.get(DataExport, export_id)
    if export is None:
        return 0
    if export.expires_at is None or export.expires_at > now:
        export.expires_at = now
    deleted = await _delete_files(session, export)
    await audit.record(
        session,
        organization_id=export.organization_id,
        actor=audit.Actor(type="workflow", id=f"data-export:{export_id}"),
        action="data_export.files_deleted",
        target_type="data_export",
        target_id=export_id,
    )
    return deleted


async def _delete_files(session: AsyncSession, export: DataExport) -> int:
    result = await session.execute(
        delete(DataExportFile).where(
            DataExportFile.organization_id == export.organization_id,
            DataExportFile.export_id == export.id,
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# --- the signed, expiring, one-time link -----------------------------------------------------


def _signature(key: str, payload: str) -> str:
    return hmac_hex(key, f"data-export:{payload}")


def download_token(export: DataExport, *, key: str) -> str | None:
    """The link's token of a ready export that was not downloaded yet (else ``None``)."""
    if export.status != "ready" or export.expires_at is None or export.downloaded_at:
        return None
    payload = f"{export.id}.{export.organization_id}.{int(export.expires_at.timestamp())}"
    return f"{payload}.{_signature(key, payload)}"


def download_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/exports/download/{token}"


@dataclass(frozen=True, slots=True)
class DownloadGrant:
    export_id: str
    organization_id: str


def verify_token(token: str, *, keys: list[str], now: datetime) -> DownloadGrant:
    """Who a link is for: 403 when it was altered, 410 when it expired."""
    parts = token.split(".")
    if len(parts) != 4 or not parts[2].isdigit():
        raise PermissionDenied("this download link is not valid", code="link_invalid")
    payload, signature = ".".join(parts[:3]), parts[3]
    if not any(hmac.compare_digest(_signature(k, payload), signature) for k in keys):
        raise PermissionDenied("this download link is not valid", code="link_invalid")
    if int(parts[2]) <= now.timestamp():
        raise Gone("this download link has expired; request a new export", code="link_expired")
    return DownloadGrant(export_id=parts[0], organization_id=parts[1])


async def claim_download(
    session: AsyncSession, grant: DownloadGrant, *, now: datetime
) -> list[str]:
    """Mark the export downloaded, atomically (of two simultaneous downloads one wins), and
    return its file names in archive order. A second download is 410."""
    export = await get_export(session, grant.export_id)
    if export.downloaded_at is not None:
        raise Gone("this export was already downloaded; each link works once", code="link_used")
    if export.status != "ready" or export.manifest is None:
        raise Conflict("this export is not ready yet", code="export_not_ready")
    if export.expires_at is None or export.expires_at <= now:
        # The row decides, not only the token: its files are deleted when it expires.
        raise Gone("this download link has expired; request a new export", code="link_expired")
    claimed = (
        await session.execute(
            update(DataExport)
            .where(DataExport.id == export.id, DataExport.downloaded_at.is_(None))
            .values(downloaded_at=now)
            .returning(DataExport.id)
        )
    ).scalar_one_or_none()
    if claimed is None:
        raise Gone("this export was already downloaded; each link works once", code="link_used")
    await audit.record(
        session,
        organization_id=export.organization_id,
        actor=audit.Actor(type="system", id="download-link"),
        action="data_export.downloaded",
        target_type="data_export",
        target_id=export.id,
    )
    return [MANIFEST, *(f["name"] for f in export.manifest["files"])]
