"""Request and response models of ``api/routes/absences.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from api.schemas import ID_PATTERN, RequestBody
from domain.dates import Timestamp


class AbsenceOut(BaseModel):
    object: Literal["absence"] = "absence"
    id: str
    member_id: str
    delegate_member_id: str
    starts_at: datetime
    ends_at: datetime


class AbsenceCreate(RequestBody):
    member_id: str = Field(pattern=ID_PATTERN)
    delegate_member_id: str = Field(pattern=ID_PATTERN)
    starts_at: Timestamp
    ends_at: Timestamp

    @model_validator(mode="after")
    def _valid(self) -> AbsenceCreate:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        if self.member_id == self.delegate_member_id:
            raise ValueError("a member cannot delegate to themselves")
        return self
