"""The ledger: invoice, expense and revenue entries of an organization."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain import records
from domain.audit import service as audit
from domain.bookings.models import Booking
from domain.dates import Day
from domain.errors import InvalidRequest
from domain.finance.budgets import project_or_404
from domain.finance.models import LedgerEntry
from domain.money import check_currency, to_minor
from domain.pagination import Page, paginate
from domain.resources.models import Creator
from domain.roster.models import Artist

ID = r"^[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}$"


# --- ledger entries ---------------------------------------------------------------------------


class LedgerEntryInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Literal["invoice", "expense", "revenue"]
    occurred_on: Day
    amount: Decimal = Field(gt=0, max_digits=16)
    currency: str = Field(min_length=3, max_length=3)
    artist_id: str | None = Field(default=None, pattern=ID)
    project_id: str | None = Field(default=None, pattern=ID)
    creator_id: str | None = Field(default=None, pattern=ID)
    booking_id: str | None = Field(
        default=None,
        pattern=ID,
        description="An invoice for a booking replaces the booking's price as its actual cost",
    )
    description: str = Field(default="", max_length=2000)
    external_ref: str | None = Field(default=None, min_length=1, max_length=120)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return check_currency(value.upper())


async def create_entry(
    session: AsyncSession, *, organization_id: str, data: LedgerEntryInput, actor: audit.Actor
) -> LedgerEntry:
    """Record an invoice, expense or revenue entry; references must be this organization's."""
    try:
        amount_minor = to_minor(data.amount, data.currency)
    except ValueError as exc:
        raise InvalidRequest(str(exc), param="amount") from None
    artist_id = data.artist_id
    if artist_id:
        await records.get_or_404(session, Artist, artist_id, label="artist", param="artist_id")
    if data.creator_id:
        await records.get_or_404(
            session, Creator, data.creator_id, label="creator", param="creator_id"
        )
    if data.booking_id:
        booking = await records.get_or_404(
            session, Booking, data.booking_id, label="booking", param="booking_id"
        )
        artist_id = artist_id or booking.artist_id
    if data.project_id:
        await project_or_404(session, data.project_id)
    entry = LedgerEntry(
        id=new_id("led"),
        organization_id=organization_id,
        kind=data.kind,
        occurred_on=data.occurred_on,
        amount_minor=amount_minor,
        currency=data.currency,
        artist_id=artist_id,
        project_id=data.project_id,
        creator_id=data.creator_id,
        booking_id=data.booking_id,
        description=data.description,
        external_ref=data.external_ref,
        created_by=actor.id,
    )
    return await records.create(
        session,
        entry,
        actor=actor,
        kind="ledger_entry",
        unique_messages={
            "uq_ledger_entries_organization_id_external_ref": (
                "a ledger entry with this external_ref exists",
                "external_ref",
            )
        },
    )


async def list_entries(
    session: AsyncSession,
    *,
    organization_id: str,
    limit: int,
    starting_after: str | None,
    kind: str | None = None,
    artist_id: str | None = None,
) -> Page[LedgerEntry]:
    stmt = select(LedgerEntry).where(LedgerEntry.organization_id == organization_id)
    if kind:
        stmt = stmt.where(LedgerEntry.kind == kind)
    if artist_id:
        stmt = stmt.where(LedgerEntry.artist_id == artist_id)
    return await paginate(session, stmt, LedgerEntry.id, limit=limit, starting_after=starting_after)
