"""Writing an export's files in batches and reading them back as one ZIP.

Rows are read a batch at a time (keyset on the primary key), turned into a JSON and a CSV
file side by side, and stored in ``data_export_files`` as chunks of ``CHUNK_BYTES``: neither
side ever holds a whole table. The download streams a ZIP assembled from those chunks (no
archive is stored twice); the manifest names every file with its SHA-256, which is the hash
of the bytes inside the ZIP.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from psycopg.types.range import Range
from sqlalchemy import delete, insert, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from domain.events.service import event_copy
from domain.keys.copies import open_fields
from domain.keys.sealed import Sealing
from domain.privacy.catalog import (
    SEALED_MODELS,
    SealedModel,
    Subject,
    exported_columns,
    rows_query,
    table,
)
from domain.privacy.models import DataExportFile

CHUNK_BYTES = 1 << 20
BATCH_ROWS = 500


def plain(value: Any) -> Any:
    """A JSON-ready value: timestamps in ISO 8601, money and ranges as text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Range):
        return {
            "lower": plain(value.lower),
            "upper": plain(value.upper),
            "bounds": value.bounds,
        }
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _cell(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


@dataclass
class FileWriter:
    """One file of an export, flushed to the database a chunk at a time."""

    session: AsyncSession
    organization_id: str
    export_id: str
    name: str
    _buffer: bytearray = field(default_factory=bytearray)
    _seq: int = 0
    _sha: Any = field(default_factory=hashlib.sha256)
    size: int = 0

    async def write(self, data: bytes) -> None:
        self._buffer += data
        self._sha.update(data)
        self.size += len(data)
        if len(self._buffer) >= CHUNK_BYTES:
            await self._flush()

    async def _flush(self) -> None:
        if not self._buffer:
            return
        await self.session.execute(
            insert(DataExportFile).values(
                organization_id=self.organization_id,
                export_id=self.export_id,
                name=self.name,
                seq=self._seq,
                data=bytes(self._buffer),
            )
        )
        self._seq += 1
        self._buffer.clear()

    async def close(self) -> dict[str, Any]:
        await self._flush()
        return {"name": self.name, "sha256": self._sha.hexdigest(), "bytes": self.size}


async def write_entity(
    session: AsyncSession,
    *,
    export_id: str,
    subject: Subject,
    entity: str,
    sealing: Sealing,
    on_batch: Callable[[int], None] = lambda _rows: None,
    batch_rows: int = BATCH_ROWS,
) -> dict[str, Any]:
    """Write ``entity.json`` and ``entity.csv`` of the subject's rows; returns the entity's
    manifest entry (``name``, ``count``, ``files``). Files written by an earlier attempt are
    replaced, so a retried activity starts clean. ``on_batch`` hears the rows so far."""
    organization_id = subject.organization_id
    names = [f"{entity}.json", f"{entity}.csv"]
    await session.execute(
        delete(DataExportFile).where(
            DataExportFile.export_id == export_id, DataExportFile.name.in_(names)
        )
    )
    json_file = FileWriter(session, organization_id, export_id, names[0])
    csv_file = FileWriter(session, organization_id, export_id, names[1])
    columns = [c.name for c in exported_columns(entity)]
    key = [c.name for c in table(entity).primary_key.columns]
    await csv_file.write(_csv_line(columns))
    await json_file.write(b"[")
    stmt = rows_query(entity, subject)
    count = 0
    after: tuple[Any, ...] | None = None
    while True:
        page = stmt
        if after is not None:
            keys = [table(entity).c[k] for k in key]
            page = stmt.where(tuple_(*keys) > tuple_(*after))
        rows = (await session.execute(page.limit(batch_rows))).mappings().all()
        sealed_model = SEALED_ENTITIES.get(entity)
        opened = (
            await sealing.opened_fields(session, sealed_model, organization_id, rows)
            if sealed_model is not None
            else await _opened_events(session, sealing, organization_id, rows)
            if entity == "events"
            else [{} for _ in rows]
        )
        for found, fields in zip(rows, opened, strict=True):
            # A person's sealed fields are exported opened, under their usual names.
            row = {**found, **fields}
            record = {c: plain(row[c]) for c in columns}
            prefix = b"\n" if count == 0 else b",\n"
            await json_file.write(
                prefix + json.dumps(record, ensure_ascii=False, sort_keys=False).encode()
            )
            await csv_file.write(_csv_line([_cell(row[c]) for c in columns]))
            count += 1
        if rows:
            after = tuple(rows[-1][k] for k in key)
            on_batch(count)
        if len(rows) < batch_rows:
            break
    await json_file.write(b"\n]\n" if count else b"]\n")
    return {
        "name": entity,
        "count": count,
        "files": [await json_file.close(), await csv_file.close()],
    }


async def _opened_events(
    session: AsyncSession, sealing: Sealing, organization_id: str, rows: Sequence[Any]
) -> list[dict[str, Any]]:
    """Events' ``data`` with the sealed copies of their people's fields opened into it (as the
    events API shows them; ``null`` for an erased person), a page's keys in one batch."""
    sealed = [r for r in rows if r["sealed_data"] is not None and r["subject_id"]]
    keys = await sealing.keys(
        session, organization_id, [(r["subject_kind"], r["subject_id"]) for r in sealed]
    )
    opened: list[dict[str, Any]] = []
    for row in rows:
        key = keys.get((row["subject_kind"], row["subject_id"]))
        if row["sealed_data"] is None or key is None:
            opened.append({})
            continue
        fields = open_fields(key, event_copy(row["id"]), row["sealed_data"])
        opened.append({"data": {**row["data"], **fields}})
    return opened


# Tables whose rows carry sealed fields, by the model that names them (domain/keys/sealed.py).
SEALED_ENTITIES: dict[str, SealedModel] = {
    model.__tablename__: model for model in SEALED_MODELS.values()
}


def _csv_line(values: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(values)
    return out.getvalue().encode()


async def write_document(
    session: AsyncSession, *, organization_id: str, export_id: str, name: str, body: bytes
) -> dict[str, Any]:
    """A small whole file (the manifest)."""
    await session.execute(
        delete(DataExportFile).where(
            DataExportFile.export_id == export_id, DataExportFile.name == name
        )
    )
    writer = FileWriter(session, organization_id, export_id, name)
    await writer.write(body)
    return await writer.close()


class _Sink(io.RawIOBase):
    """An unseekable stream ZipFile writes into; the bytes are taken out as they come."""

    def __init__(self) -> None:
        self._data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self._data += b
        return len(b)

    def take(self) -> bytes:
        data = bytes(self._data)
        self._data.clear()
        return data


async def stream_zip(
    session: AsyncSession, *, export_id: str, names: list[str]
) -> AsyncIterator[bytes]:
    """The export as a ZIP, one stored chunk at a time (data descriptors, no seeking)."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            with archive.open(name, "w", force_zip64=True) as member:
                seq = 0
                while True:
                    chunk = (
                        await session.execute(
                            select(DataExportFile.data).where(
                                DataExportFile.export_id == export_id,
                                DataExportFile.name == name,
                                DataExportFile.seq == seq,
                            )
                        )
                    ).scalar_one_or_none()
                    if chunk is None:
                        break
                    member.write(chunk)
                    seq += 1
                    yield sink.take()
            yield sink.take()
    yield sink.take()
