"""Response models of ``api/routes/usage.py`` and their CSV forms."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas import ResponseBody
from domain.usage.service import Statement, UsageRow

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"


class UsageRowOut(ResponseBody):
    day: date
    metric: str = Field(description="api_requests, workflow_starts, webhook_deliveries, …")
    group: str = Field(
        description="Route group (API requests), workflow kind, delivery outcome or mail kind"
    )
    status_class: str | None = Field(description="2xx, 4xx or 5xx (API requests only)")
    api_key_id: str | None = Field(description="null: a dashboard session or the system")
    count: int


class UsageReport(BaseModel):
    object: Literal["usage"] = "usage"
    from_: date = Field(alias="from")
    to: date
    data: list[UsageRowOut]


class StatementLineOut(BaseModel):
    metric: str
    used: int
    included: int | None = Field(description="null: unlimited on this plan")
    overage: int
    unit_price: str | None = Field(
        description="Price per `per_units` units beyond the included ones (billed plans only)"
    )
    per_units: int
    amount: str
    billed: bool


class StatementOut(BaseModel):
    object: Literal["usage_statement"] = "usage_statement"
    month: str
    from_: date = Field(alias="from")
    to: date
    plan: str
    currency: str
    base_fee: str | None = Field(description="null: the fee is agreed per contract")
    lines: list[StatementLineOut]
    overage_total: str
    total: str


def _status_class(row: UsageRow) -> str | None:
    return row.status_class or None


def usage_report(start: date, end: date, rows: list[UsageRow]) -> UsageReport:
    return UsageReport.model_validate(
        {
            "from": start,
            "to": end,
            "data": [
                UsageRowOut(
                    day=r.day,
                    metric=r.metric,
                    group=r.group,
                    status_class=_status_class(r),
                    api_key_id=r.api_key_id,
                    count=r.count,
                )
                for r in rows
            ],
        }
    )


def usage_csv(rows: list[UsageRow]) -> str:
    """``day,metric,group,status_class,api_key_id,count``; empty cells for null."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["day", "metric", "group", "status_class", "api_key_id", "count"])
    for r in rows:
        writer.writerow(
            [r.day.isoformat(), r.metric, r.group, r.status_class, r.api_key_id or "", r.count]
        )
    return out.getvalue()


def statement_out(statement: Statement) -> StatementOut:
    return StatementOut.model_validate(
        {
            "month": statement.month,
            "from": statement.start,
            "to": statement.end,
            "plan": statement.plan,
            "currency": statement.currency,
            "base_fee": None if statement.base_fee is None else str(statement.base_fee),
            "lines": [
                StatementLineOut(
                    metric=line.metric,
                    used=line.used,
                    included=line.included,
                    overage=line.overage,
                    unit_price=None if line.unit_price is None else str(line.unit_price),
                    per_units=line.per_units,
                    amount=str(line.amount),
                    billed=line.billed,
                )
                for line in statement.lines
            ],
            "overage_total": str(statement.overage_total),
            "total": str(statement.total),
        }
    )


def statement_csv(statement: Statement) -> str:
    """One row per unit, then the plan's fee and the total as rows of their own."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["metric", "used", "included", "overage", "unit_price", "per_units", "amount", "currency"]
    )
    for line in statement.lines:
        writer.writerow(
            [
                line.metric,
                line.used,
                "" if line.included is None else line.included,
                line.overage,
                "" if line.unit_price is None else line.unit_price,
                line.per_units,
                line.amount,
                statement.currency,
            ]
        )
    fee = "" if statement.base_fee is None else statement.base_fee
    writer.writerow(["base_fee", "", "", "", "", "", fee, statement.currency])
    writer.writerow(["total", "", "", "", "", "", statement.total, statement.currency])
    return out.getvalue()
