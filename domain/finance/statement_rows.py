"""Rows of a revenue statement: the CSV columns we read, parsing periods and amounts, and the
per-row validation whose errors name the line."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel

from domain.csv_files import CsvFile
from domain.money import CURRENCIES, to_minor


@dataclass(slots=True)
class _Batch:
    lines: list[_Line] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def fail(self, index: int, line: int | None, field_: str, reason: str) -> None:
        self.errors.append(RowError(index=index, line=line, field=field_, reason=reason))


REQUIRED_COLUMNS = ("period", "artist", "source", "territory", "amount", "currency")
COLUMNS = (*REQUIRED_COLUMNS, "reference")
MAX_ROWS = 50_000
PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
TERRITORY_RE = re.compile(r"^[A-Z]{2}$")


class RowError(BaseModel):
    index: int
    line: int | None = None
    field: str
    reason: str


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


# --- parsing ----------------------------------------------------------------------------------


def parse_csv(content: bytes) -> list[tuple[int | None, dict[str, Any]]]:
    """(line number, fields) per data row. A header that is not ours is one 422 for the file,
    since no row could be read; a row with too many values is reported as that row's error."""
    file = CsvFile(content, normalize=lambda name: name.strip().lower())
    file.check_header(required=REQUIRED_COLUMNS, allowed=COLUMNS)
    rows: list[tuple[int | None, dict[str, Any]]] = []
    for line, raw in file.rows():
        fields: dict[str, Any] = {}
        for key, value in raw.items():
            if key is None:
                fields["__extra__"] = value
            elif value is None:
                fields["__short__"] = True
            else:
                fields[key] = value.strip()
        rows.append((line, fields))
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
