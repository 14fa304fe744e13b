"""Matching: rank the organization's creators (or crews) for a session request.

Read-only, so it needs ``creators:read``; it only ever sees the caller's creators because the
session is scoped by row-level security. POST because the request is a structured body.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from api.deps import Authorize, TenantSession
from api.routes.bookable import money
from api.schemas import RequestBody
from domain.scheduling import matching
from domain.tenancy.access import Principal

router = APIRouter(prefix="/v1/matches", tags=["matching"])


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


def _candidate(cand: matching.Candidate, role_index: int | None = None) -> CandidateOut:
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


@router.post("", summary="Rank creators or crews for a session request")
async def find_matches(
    body: MatchBody,
    session: TenantSession,
    principal: Annotated[Principal, Depends(Authorize("creators:read"))],
) -> MatchesOut:
    """`skills` ranks single creators; `crew` ranks whole crews (nobody twice). Each candidate
    carries its score and the components behind it (see docs/api.md for the formula)."""
    candidates, crews = await matching.match(session, body, now=datetime.now(UTC))
    return MatchesOut(
        data=[_candidate(c) for c in candidates],
        crews=[
            CrewOut(
                score=crew.score,
                common_start=crew.common_start,
                members=[_candidate(m, role) for role, m in crew.members],
            )
            for crew in crews
        ],
    )
