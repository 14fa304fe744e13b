"""Request and response models of ``api/routes/contracts.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas import ID_PATTERN, RequestBody, money
from domain.contracts import service as contracts
from domain.contracts.models import Contract


class ContractOut(BaseModel):
    object: Literal["contract"] = "contract"
    id: str
    title: str
    terms: str
    artist_id: str | None
    booking_id: str | None
    amount: str
    currency: str
    document_url: str | None
    status: str
    approval_request_id: str | None
    signed_at: datetime | None
    created_at: datetime
    updated_at: datetime


def contract_out(contract: Contract) -> ContractOut:
    return ContractOut(
        id=contract.id,
        title=contract.title,
        terms=contract.terms,
        artist_id=contract.artist_id,
        booking_id=contract.booking_id,
        amount=money(contract.amount_minor, contract.currency) or "0",
        currency=contract.currency,
        document_url=contract.document_url,
        status=contract.status,
        approval_request_id=contract.approval_request_id,
        signed_at=contract.signed_at,
        created_at=contract.created_at,
        updated_at=contract.updated_at,
    )


class ContractCreate(contracts.ContractInput, RequestBody):
    pass


class ContractUpdate(RequestBody):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    terms: str | None = Field(default=None, max_length=100_000)
    artist_id: str | None = Field(default=None, pattern=ID_PATTERN)
    booking_id: str | None = Field(default=None, pattern=ID_PATTERN)
    amount: str | None = None
    currency: str | None = None
    document_url: str | None = None
