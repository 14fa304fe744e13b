"""Matching: rank the organization's creators (or crews) for a session request.

Read-only, so it needs ``creators:read``; it only ever sees the caller's creators because the
session is scoped by row-level security. POST because the request is a structured body.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter

from api.deps import CanReadCreators, TenantSession
from api.schemas.matches import CrewOut, MatchBody, MatchesOut, candidate_out
from domain.scheduling import matching

router = APIRouter(prefix="/v1/matches", tags=["matching"])


@router.post("", summary="Rank creators or crews for a session request")
async def find_matches(
    body: MatchBody,
    session: TenantSession,
    principal: CanReadCreators,
) -> MatchesOut:
    """`skills` ranks single creators; `crew` ranks whole crews (nobody twice). Each candidate
    carries its score and the components behind it (see docs/api.md for the formula)."""
    candidates, crews = await matching.match(session, body, now=datetime.now(UTC))
    return MatchesOut(
        data=[candidate_out(c) for c in candidates],
        crews=[
            CrewOut(
                score=crew.score,
                common_start=crew.common_start,
                members=[candidate_out(m, role) for role, m in crew.members],
            )
            for crew in crews
        ],
    )
