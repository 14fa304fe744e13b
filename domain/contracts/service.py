"""Contracts attached to an artist or a booking: draft → pending_approval → approved/rejected
→ signed."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain import records
from domain.audit import service as audit
from domain.bookings.models import Booking
from domain.contracts.models import Contract
from domain.errors import Conflict
from domain.money import check_currency, from_minor, to_minor
from domain.pagination import Page, paginate
from domain.roster.models import Artist

ID = r"^[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}$"


class ContractInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    terms: str = Field(default="", max_length=100_000)
    artist_id: str | None = Field(default=None, pattern=ID)
    booking_id: str | None = Field(default=None, pattern=ID)
    amount: Decimal = Field(default=Decimal(0), ge=0, max_digits=14)
    currency: str = Field(min_length=3, max_length=3)
    document_url: str | None = Field(default=None, max_length=1000)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return check_currency(value)

    @field_validator("document_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise ValueError("document_url must be an https:// URL")
        return value

    @model_validator(mode="after")
    def _attached(self) -> ContractInput:
        if self.artist_id is None and self.booking_id is None:
            raise ValueError("attach the contract to an artist_id or a booking_id")
        to_minor(self.amount, self.currency)
        return self


def contract_fields(contract: Contract) -> dict[str, Any]:
    return {
        "title": contract.title,
        "terms": contract.terms,
        "artist_id": contract.artist_id,
        "booking_id": contract.booking_id,
        "amount": from_minor(contract.amount_minor, contract.currency),
        "currency": contract.currency,
        "document_url": contract.document_url,
    }


def _columns(data: ContractInput) -> dict[str, Any]:
    values = data.model_dump(exclude={"amount"})
    values["amount_minor"] = to_minor(data.amount, data.currency)
    return values


async def _check_links(session: Any, data: ContractInput) -> None:
    if data.artist_id:
        await records.get_or_404(session, Artist, data.artist_id, label="artist", param="artist_id")
    if data.booking_id:
        await records.get_or_404(
            session, Booking, data.booking_id, label="booking", param="booking_id"
        )


async def create_contract(
    session: Any, *, organization_id: str, data: ContractInput, actor: audit.Actor
) -> Contract:
    await _check_links(session, data)
    contract = Contract(
        id=new_id("ctr"), organization_id=organization_id, status="draft", **_columns(data)
    )
    return await records.create(session, contract, actor=actor, kind="contract")


async def update_contract(
    session: Any, contract: Contract, changes: dict[str, Any], *, actor: audit.Actor
) -> Contract:
    if contract.status not in ("draft", "rejected"):
        raise Conflict(
            f"a {contract.status} contract cannot be edited",
            code="invalid_status_transition",
            extra={"current_status": contract.status},
        )
    data = ContractInput.model_validate({**contract_fields(contract), **changes})
    await _check_links(session, data)
    values = _columns(data)
    if contract.status == "rejected":
        values["status"] = "draft"
    return await records.update(session, contract, values, actor=actor, kind="contract")


async def sign_contract(session: Any, contract: Contract, *, actor: audit.Actor) -> Contract:
    if contract.status != "approved":
        raise Conflict(
            f"only an approved contract can be signed; this one is {contract.status}",
            code="invalid_status_transition",
            extra={"current_status": contract.status},
        )
    return await records.update(
        session,
        contract,
        {"status": "signed", "signed_at": datetime.now(UTC)},
        actor=actor,
        kind="contract",
    )


async def list_contracts(
    session: AsyncSession,
    *,
    organization_id: str,
    status: str | None = None,
    limit: int,
    starting_after: str | None,
) -> Page[Contract]:
    """The organization's contracts, newest first; only those in ``status`` when given."""
    stmt = select(Contract).where(Contract.organization_id == organization_id)
    if status:
        stmt = stmt.where(Contract.status == status)
    return await paginate(session, stmt, Contract.id, limit=limit, starting_after=starting_after)
