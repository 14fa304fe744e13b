"""Revenue statements from distributors and collecting societies, imported idempotently.

A statement is a CSV file (or JSON rows) of ``period, artist, source, territory, amount,
currency`` and an optional ``reference``. Every row is validated on its own and reported with
the field and the reason. A line's identity (period, artist, source, territory, currency,
reference) is hashed into ``line_key``, unique per organization: importing the same file twice
changes nothing, and a restated amount for a line already imported is refused rather than
double counted.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import func, or_, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain.audit import service as audit
from domain.errors import InvalidRequest
from domain.finance import rates
from domain.finance.models import RevenueImport, RevenueLine
from domain.finance.statement_rows import MAX_ROWS, RowError, _Batch, _Line, _validate_row
from domain.pagination import Page, paginate
from domain.roster.models import Artist

ImportMode = Literal["partial", "all_or_nothing"]

# The monthly rollup the analytics read; kept in the transaction that adds or removes lines.
ROLLUP_ADD = text(
    """
    INSERT INTO revenue_monthly (organization_id, artist_id, period, currency, amount_minor, lines)
    SELECT organization_id, artist_id, period, currency, sum(amount_minor), count(*)
      FROM revenue_lines WHERE organization_id = :org AND import_id = :import
     GROUP BY 1, 2, 3, 4
    ON CONFLICT (organization_id, artist_id, period, currency) DO UPDATE
       SET amount_minor = revenue_monthly.amount_minor + excluded.amount_minor,
           lines = revenue_monthly.lines + excluded.lines
    """
)
ROLLUP_SUBTRACT = text(
    """
    WITH gone AS (
        SELECT artist_id, period, currency, sum(amount_minor) AS amount, count(*) AS n
          FROM revenue_lines WHERE organization_id = :org AND import_id = :import
         GROUP BY 1, 2, 3
    )
    UPDATE revenue_monthly m
       SET amount_minor = m.amount_minor - g.amount, lines = m.lines - g.n
      FROM gone g
     WHERE m.organization_id = :org AND m.artist_id = g.artist_id AND m.period = g.period
       AND m.currency = g.currency
    """
)


class ImportReport(BaseModel):
    """What an import did. ``id`` is None when nothing was stored (nothing new to import)."""

    object: Literal["revenue_import"] = "revenue_import"
    id: str | None
    status: Literal["imported", "partial", "unchanged"]
    mode: ImportMode
    source_name: str
    reporting_currency: str
    rows_total: int
    rows_imported: int
    rows_unchanged: int
    rows_failed: int
    errors: list[RowError]
    created_at: datetime | None = None


async def _artist_index(
    session: AsyncSession, organization_id: str, values: set[str]
) -> dict[str, list[str]]:
    """Map each given artist value (id, external_ref or name, case-insensitive) to ids."""
    if not values:
        return {}
    lowered = {v.casefold() for v in values}
    rows = await session.execute(
        select(Artist.id, Artist.external_ref, Artist.name).where(
            Artist.organization_id == organization_id,
            or_(
                Artist.id.in_(values),
                Artist.external_ref.in_(values),
                func.lower(Artist.name).in_(lowered),
            ),
        )
    )
    by_id: dict[str, str] = {}
    by_ref: dict[str, str] = {}
    by_name: dict[str, list[str]] = {}
    for artist_id, ref, name in rows:
        by_id[artist_id] = artist_id
        if ref:
            by_ref[ref] = artist_id
        by_name.setdefault(name.casefold(), []).append(artist_id)
    index: dict[str, list[str]] = {}
    for value in values:
        if value in by_id:
            index[value] = [by_id[value]]
        elif value in by_ref:
            index[value] = [by_ref[value]]
        else:
            index[value] = by_name.get(value.casefold(), [])
    return index


async def _check_rates(
    session: AsyncSession, batch: _Batch, organization_id: str, reporting: str
) -> list[_Line]:
    """Lines in a currency with no stored rate into the reporting currency are row errors."""
    missing = await rates.missing_rates(
        session,
        organization_id=organization_id,
        reporting=reporting,
        needed={(x.currency, x.period) for x in batch.lines},
    )
    kept = []
    for x in batch.lines:
        if (x.currency, x.period) in missing:
            batch.fail(
                x.index,
                x.line,
                "currency",
                f"no exchange rate from {x.currency} to {reporting} on or before the end of "
                f"{x.period:%Y-%m}; PUT /v1/exchange-rates first",
            )
        else:
            kept.append(x)
    return kept


async def _split_known(
    session: AsyncSession, batch: _Batch, lines: list[_Line]
) -> tuple[list[_Line], int]:
    """New lines, and how many are already imported with the same amount (unchanged)."""
    seen: dict[str, _Line] = {}
    fresh: list[_Line] = []
    for x in lines:
        if x.key in seen:
            first = seen[x.key]
            batch.fail(x.index, x.line, "row", f"duplicates row {first.index} of this file")
            continue
        seen[x.key] = x
        fresh.append(x)
    existing: dict[str, tuple[str, int]] = {}
    keys = [x.key for x in fresh]
    for start in range(0, len(keys), 5000):
        rows = await session.execute(
            select(RevenueLine.line_key, RevenueLine.id, RevenueLine.amount_minor).where(
                RevenueLine.line_key.in_(keys[start : start + 5000])
            )
        )
        existing.update({k: (i, a) for k, i, a in rows})
    new: list[_Line] = []
    unchanged = 0
    for x in fresh:
        if x.key not in existing:
            new.append(x)
        elif existing[x.key][1] == x.amount_minor:
            unchanged += 1
        else:
            batch.fail(
                x.index,
                x.line,
                "amount",
                f"this line was imported before ({existing[x.key][0]}) with another amount; "
                "delete that import to restate it",
            )
    return new, unchanged


async def import_statement(
    session: AsyncSession,
    *,
    organization_id: str,
    rows: list[tuple[int | None, dict[str, Any]]],
    mode: ImportMode,
    source_name: str,
    content: bytes,
    actor: audit.Actor,
    today: date | None = None,
) -> ImportReport:
    """Validate every row, then store the good ones (``partial``) or all or none
    (``all_or_nothing``). Raises a 422 carrying the per-row errors when nothing is imported
    because of errors; returns an ``unchanged`` report (nothing stored) when every row was
    already imported."""
    if len(rows) > MAX_ROWS:
        raise InvalidRequest(f"at most {MAX_ROWS} rows per import", param="rows")
    if not rows:
        raise InvalidRequest("the statement has no rows", param="rows")
    today = today or datetime.now(UTC).date()
    reporting = await rates.reporting_currency(session, organization_id)
    values = {str(raw.get("artist") or "").strip() for _, raw in rows} - {""}
    artists = await _artist_index(session, organization_id, values)
    batch = _Batch()
    for index, (line, raw) in enumerate(rows):
        parsed = _validate_row(batch, index, line, raw, artists, today)
        if parsed is not None:
            batch.lines.append(parsed)
    valid = await _check_rates(session, batch, organization_id, reporting)
    new, unchanged = await _split_known(session, batch, valid)
    batch.errors.sort(key=lambda e: e.index)
    report = ImportReport(
        id=None,
        status="unchanged",
        mode=mode,
        source_name=source_name,
        reporting_currency=reporting,
        rows_total=len(rows),
        rows_imported=0,
        rows_unchanged=unchanged,
        rows_failed=len({e.index for e in batch.errors}),
        errors=batch.errors,
    )
    if batch.errors and (mode == "all_or_nothing" or not new):
        raise InvalidRequest(
            f"{report.rows_failed} of {len(rows)} rows are invalid; nothing was imported",
            param=f"rows.{batch.errors[0].index}.{batch.errors[0].field}",
            code="invalid_rows",
            extra={"rows_failed": report.rows_failed, "row_errors": _json(batch.errors)},
        )
    if not new:
        return report
    return await _store(session, organization_id, report, new, content, actor)


def _json(errors: list[RowError]) -> list[dict[str, Any]]:
    return [e.model_dump(exclude_none=True) for e in errors]


async def _store(
    session: AsyncSession,
    organization_id: str,
    report: ImportReport,
    lines: list[_Line],
    content: bytes,
    actor: audit.Actor,
) -> ImportReport:
    batch_id = new_id("rvi")
    record = RevenueImport(
        id=batch_id,
        organization_id=organization_id,
        source_name=report.source_name,
        mode=report.mode,
        status="partial" if report.errors else "imported",
        content_sha256=hashlib.sha256(content).hexdigest(),
        rows_total=report.rows_total,
        rows_imported=0,
        rows_unchanged=report.rows_unchanged,
        rows_failed=report.rows_failed,
        report=_json(report.errors),
        created_by=actor.id,
    )
    session.add(record)
    await session.flush()
    inserted = 0
    for start in range(0, len(lines), 5000):
        chunk = lines[start : start + 5000]
        stmt = (
            insert(RevenueLine)
            .values(
                [
                    {
                        "id": new_id("rvl"),
                        "organization_id": organization_id,
                        "import_id": batch_id,
                        "artist_id": x.artist_id,
                        "period": x.period,
                        "source": x.source,
                        "territory": x.territory,
                        "reference": x.reference,
                        "amount_minor": x.amount_minor,
                        "currency": x.currency,
                        "line_key": x.key,
                    }
                    for x in chunk
                ]
            )
            # A concurrent import of the same lines got there first: they count as unchanged.
            .on_conflict_do_nothing(index_elements=["organization_id", "line_key"])
            .returning(RevenueLine.id)
        )
        inserted += len((await session.execute(stmt)).all())
    await session.execute(ROLLUP_ADD, {"org": organization_id, "import": batch_id})
    record.rows_imported = inserted
    record.rows_unchanged = report.rows_unchanged + len(lines) - inserted
    await session.flush()
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="revenue_import.created",
        target_type="revenue_import",
        target_id=batch_id,
        after={
            "source_name": record.source_name,
            "mode": record.mode,
            "rows_imported": record.rows_imported,
            "rows_failed": record.rows_failed,
            "content_sha256": record.content_sha256,
        },
    )
    return report_of(record, report.reporting_currency)


def report_of(record: RevenueImport, reporting_currency: str) -> ImportReport:
    return ImportReport(
        id=record.id,
        status="partial" if record.status == "partial" else "imported",
        mode="all_or_nothing" if record.mode == "all_or_nothing" else "partial",
        source_name=record.source_name,
        reporting_currency=reporting_currency,
        rows_total=record.rows_total,
        rows_imported=record.rows_imported,
        rows_unchanged=record.rows_unchanged,
        rows_failed=record.rows_failed,
        errors=[RowError.model_validate(e) for e in record.report],
        created_at=record.created_at,
    )


async def list_imports(
    session: AsyncSession, *, organization_id: str, limit: int, starting_after: str | None
) -> Page[RevenueImport]:
    stmt = select(RevenueImport).where(RevenueImport.organization_id == organization_id)
    return await paginate(
        session, stmt, RevenueImport.id, limit=limit, starting_after=starting_after
    )


async def delete_import(session: AsyncSession, record: RevenueImport, *, actor: audit.Actor) -> int:
    """Remove an import and its lines (to restate a statement); returns the lines removed."""
    count = (
        await session.execute(
            select(func.count()).select_from(RevenueLine).where(RevenueLine.import_id == record.id)
        )
    ).scalar_one()
    await session.execute(ROLLUP_SUBTRACT, {"org": record.organization_id, "import": record.id})
    await session.delete(record)
    await session.flush()
    await audit.record(
        session,
        organization_id=record.organization_id,
        actor=actor,
        action="revenue_import.deleted",
        target_type="revenue_import",
        target_id=record.id,
        before={"source_name": record.source_name, "lines": int(count)},
    )
    return int(count)
