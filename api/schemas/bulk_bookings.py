"""Request and response models of ``api/routes/bulk_bookings.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from api.schemas import RequestBody, money
from domain.bulk import batches as service
from domain.bulk.models import BulkBookingItem
from domain.scheduling import requests


class BulkBookingCreate(service.BatchOptions, RequestBody):
    dry_run: bool = Field(
        default=False, description="Return the plan only: nothing is held or stored"
    )
    sessions: list[requests.SessionRequest] = Field(
        min_length=1,
        max_length=requests.MAX_ITEMS,
        description=f"The sessions, fixed or open, at most {requests.MAX_ITEMS}",
    )


class PlanItemOut(BaseModel):
    index: int
    ref: str | None
    placed: bool
    creator_id: str | None
    room_id: str | None
    start: datetime | None
    end: datetime | None
    price: str | None
    currency: str | None
    reason: dict[str, Any] | None
    score: float | None
    preference: int | None


class PlanOut(BaseModel):
    object: Literal["bulk_booking_plan"] = "bulk_booking_plan"
    status: str
    total_cost: str
    currency: str
    totals_by_currency: dict[str, str]
    objective: str
    optimality_gap: float | None
    solve_ms: int
    items: list[PlanItemOut]


class BulkItemOut(BaseModel):
    index: int
    ref: str | None
    status: str
    booking_id: str | None
    creator_id: str | None
    room_id: str | None
    start: datetime | None
    end: datetime | None
    price: str | None
    currency: str | None
    reason: dict[str, Any] | None
    suggestions: list[dict[str, Any]]


class BulkBookingOut(BaseModel):
    object: Literal["bulk_booking"] = "bulk_booking"
    id: str
    status: str
    mode: str
    title: str
    item_count: int
    counts: dict[str, int]
    plan: dict[str, Any] | None
    total_price: str | None = Field(
        description="The live items' total when they share one currency (else null: see totals)"
    )
    currency: str | None
    totals: dict[str, str] = Field(
        default_factory=dict,
        description="The live (held, awaiting approval, confirmed) items' total per currency",
    )
    approval_request_id: str | None
    reason: str
    hold_minutes: int
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    items: list[BulkItemOut] = Field(default_factory=list)
    items_has_more: bool = False


class ItemListOut(BaseModel):
    object: Literal["list"] = "list"
    data: list[BulkItemOut]
    has_more: bool


def plan_out(plan: requests.Plan) -> PlanOut:
    return PlanOut(
        status=plan.status,
        total_cost=money(plan.total_cost_minor, plan.currency) or "0",
        currency=plan.currency,
        totals_by_currency={c: money(v, c) or "0" for c, v in plan.totals_by_currency.items()},
        objective=plan.objective,
        optimality_gap=plan.optimality_gap,
        solve_ms=plan.solve_ms,
        items=[
            PlanItemOut(
                index=i.index,
                ref=i.ref,
                placed=i.placed,
                creator_id=i.creator_id,
                room_id=i.room_id,
                start=i.start,
                end=i.end,
                price=money(i.price_minor, i.currency) if i.currency else None,
                currency=i.currency,
                reason=i.reason.model_dump(exclude_none=True) if i.reason else None,
                score=i.score,
                preference=i.preference,
            )
            for i in plan.items
        ],
    )


def item_out(item: BulkBookingItem) -> BulkItemOut:
    return BulkItemOut(
        index=item.index,
        ref=item.ref,
        status=item.status,
        booking_id=item.booking_id,
        creator_id=item.creator_id,
        room_id=item.room_id,
        start=item.start,
        end=item.end,
        price=money(item.price_minor, item.currency) if item.currency else None,
        currency=item.currency,
        reason=item.reason,
        suggestions=item.suggestions or [],
    )
