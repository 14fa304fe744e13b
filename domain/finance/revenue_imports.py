"""Revenue statements from distributors and collecting societies, imported idempotently.

A statement is a CSV file (or JSON rows) of ``period, artist, source, territory, amount,
currency`` and an optional ``reference``. Every row is validated on its own and reported with
the field and the reason. A line's identity (period, artist, source, territory, currency,
reference) is hashed into ``line_key``, unique per organization: importing the same file twice
changes nothing, and a restated amount for a line already imported is refused rather than
double counted.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import func, or_, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain.audit import service as audit
from domain.errors import InvalidRequest
from domain.finance import ledger
from domain.finance.models import RevenueImport, RevenueLine
from domain.money import CURRENCIES, to_minor
from domain.pagination import Page, paginate
from domain.roster.models import Artist

REQUIRED_COLUMNS = ("period", "artist", "source", "territory", "amount", "currency")
COLUMNS = (*REQUIRED_COLUMNS, "reference")
MAX_ROWS = 50_000
PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
TERRITORY_RE = re.compile(r"^[A-Z]{2}$")

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


class RowError(BaseModel):
    index: int
    line: int | None = None
    field: str
    reason: str


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


@dataclass(slots=True)
class _Line:
    index: int
    line: int | None
    period: date
    artist_id: str
    source: str
    territory: str
    reference: str
    amount_minor: int
    currency: str
    key: str = ""


@dataclass(slots=True)
class _Batch:
    lines: list[_Line] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def fail(self, index: int, line: int | None, field_: str, reason: str) -> None:
        self.errors.append(RowError(index=index, line=line, field=field_, reason=reason))


# --- parsing ----------------------------------------------------------------------------------


def parse_csv(content: bytes) -> list[tuple[int | None, dict[str, Any]]]:
    """(line number, fields) per data row. A header that is not ours is one 422 for the file,
    since no row could be read; a row with too many values is reported as that row's error."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidRequest("the CSV file is not UTF-8", param="file") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [h for h in header if h not in COLUMNS]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(f"missing columns: {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown columns: {', '.join(unknown)}")
        raise InvalidRequest(
            f"{'; '.join(problems)}; the header must be {', '.join(COLUMNS)} "
            "(reference is optional)",
            param="file",
            code="invalid_csv_header",
        )
    reader.fieldnames = header
    rows: list[tuple[int | None, dict[str, Any]]] = []
    for raw in reader:
        fields: dict[str, Any] = {}
        for key, value in raw.items():
            if key is None:
                fields["__extra__"] = value
            elif value is None:
                fields["__short__"] = True
            else:
                fields[key] = value.strip()
        rows.append((reader.line_num, fields))
    return rows


def parse_period(value: Any, *, today: date) -> date:
    match = PERIOD_RE.match(str(value or "").strip())
    if not match:
        raise ValueError("use YYYY-MM (or YYYY-MM-DD) for the statement month")
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    try:
        date(year, month, day)
    except ValueError:
        raise ValueError(f"'{value}' is not a date") from None
    period = date(year, month, 1)
    if period > today.replace(day=1):
        raise ValueError("the period is in the future")
    if year < 1990:
        raise ValueError("the period is before 1990")
    return period


def parse_amount(value: Any, currency: str) -> int:
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"'{value}' is not an amount") from None
    if not amount.is_finite():
        raise ValueError(f"'{value}' is not an amount")
    if abs(amount) >= Decimal(10) ** 13:
        raise ValueError("the amount is too large")
    return to_minor(amount, currency)


def _line_key(line: _Line) -> str:
    material = "\x1f".join(
        (
            line.period.isoformat(),
            line.artist_id,
            line.source.casefold(),
            line.territory,
            line.currency,
            line.reference,
        )
    )
    return hashlib.sha256(material.encode()).hexdigest()


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


def _validate_row(
    batch: _Batch,
    index: int,
    line: int | None,
    raw: dict[str, Any],
    artists: dict[str, list[str]],
    today: date,
) -> _Line | None:
    errors_before = len(batch.errors)
    if "__extra__" in raw:
        batch.fail(index, line, "row", "more values than columns")
        return None
    if "__short__" in raw:
        batch.fail(index, line, "row", "fewer values than columns")
        return None
    unknown = [k for k in raw if k not in COLUMNS]
    for key in unknown:
        batch.fail(index, line, key, "unknown field")
    period = None
    try:
        period = parse_period(raw.get("period"), today=today)
    except ValueError as exc:
        batch.fail(index, line, "period", str(exc))
    artist_value = str(raw.get("artist") or "").strip()
    matches = artists.get(artist_value, [])
    if not artist_value:
        batch.fail(index, line, "artist", "required")
    elif not matches:
        batch.fail(index, line, "artist", f"no artist '{artist_value[:80]}' in the roster")
    elif len(matches) > 1:
        batch.fail(
            index, line, "artist", f"'{artist_value[:80]}' names several artists; use the id"
        )
    source = str(raw.get("source") or "").strip()
    if not 1 <= len(source) <= 120:
        batch.fail(index, line, "source", "required, at most 120 characters")
    territory = str(raw.get("territory") or "").strip().upper()
    if not TERRITORY_RE.match(territory):
        batch.fail(index, line, "territory", "use an ISO 3166 alpha-2 code (or WW for worldwide)")
    currency = str(raw.get("currency") or "").strip().upper()
    amount_minor = None
    if currency not in CURRENCIES:
        batch.fail(index, line, "currency", f"unsupported currency '{currency[:10]}'")
    else:
        try:
            amount_minor = parse_amount(raw.get("amount"), currency)
        except ValueError as exc:
            batch.fail(index, line, "amount", str(exc))
    reference = str(raw.get("reference") or "").strip()
    if len(reference) > 120:
        batch.fail(index, line, "reference", "at most 120 characters")
    if len(batch.errors) > errors_before:
        return None
    assert period is not None and amount_minor is not None
    parsed = _Line(
        index=index,
        line=line,
        period=period,
        artist_id=matches[0],
        source=source,
        territory=territory,
        reference=reference,
        amount_minor=amount_minor,
        currency=currency,
    )
    parsed.key = _line_key(parsed)
    return parsed


async def _check_rates(
    session: AsyncSession, batch: _Batch, organization_id: str, reporting: str
) -> list[_Line]:
    """Lines in a currency with no stored rate into the reporting currency are row errors."""
    missing = await ledger.missing_rates(
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
    reporting = await ledger.reporting_currency(session, organization_id)
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
