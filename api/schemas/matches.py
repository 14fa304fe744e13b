"""Request and response models of ``api/routes/matches.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

from api.schemas import RequestBody, money
from domain.scheduling import matching


class MatchBody(matching.MatchRequest, RequestBody):
    pass


class CandidateOut(BaseModel):
    object: Literal["match"] = "match"
    creator_id: str
    name: str
    score: float
    breakdown: dict[str, Any]
    hourly_rate: str | None
    currency: str
    timezone: str
    earliest_start: datetime | None
    role_index: int | None = None


class CrewOut(BaseModel):
    object: Literal["crew"] = "crew"
    score: float
    common_start: datetime | None
    members: list[CandidateOut]


class MatchesOut(BaseModel):
    object: Literal["match_result"] = "match_result"
    data: list[CandidateOut]
    crews: list[CrewOut]


def candidate_out(cand: matching.Candidate, role_index: int | None = None) -> CandidateOut:
    creator = cand.creator
    return CandidateOut(
        creator_id=creator.id,
        name=creator.name,
        score=cand.score,
        breakdown=matching.breakdown_json(cand.breakdown),
        hourly_rate=money(creator.hourly_rate_minor, creator.currency),
        currency=creator.currency,
        timezone=creator.timezone,
        earliest_start=cand.earliest_start,
        role_index=role_index,
    )
