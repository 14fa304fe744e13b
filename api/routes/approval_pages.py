"""The page behind an approval e-mail's link (``/a/{token}``).

GET shows what is to be decided and never decides: mail scanners and link previews follow
links. Only the POST from that page decides, through the approval-decision service every
channel uses (``domain.approvals.decisions``), as the link's member and for the link's step:
a link of a step that is over decides nothing. The decision goes to the chain first (whose
validator refuses a second decision), then the link is consumed; a Temporal outage therefore
leaves the link usable for a retry, and two simultaneous POSTs still make one decision.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.chains import ChainGatewayDep
from api.deps import SessionmakerDep
from api.schemas import money
from core.db import tenant_session
from core.templating import render
from domain.approvals import decisions
from domain.approvals import links as approval_links
from domain.approvals.models import ApprovalLink, ApprovalRequest
from domain.approvals.refusals import ChainUnavailable
from domain.errors import DomainError, NotFound
from domain.tenancy.models import Member

router = APIRouter(tags=["approvals"], include_in_schema=False)
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Frame-Options": "DENY",
}


def page(status: int, title: str, message: str = "", **context: Any) -> HTMLResponse:
    values: dict[str, Any] = {
        "request": None,
        "can_decide": False,
        "amount": None,
        "step_name": "",
        "member_name": "",
    }
    values.update(context)
    return HTMLResponse(
        render("pages/approval.html", title=title, message=message, **values),
        status_code=status,
        headers=HEADERS,
    )


async def _load(
    sessionmaker: async_sessionmaker[AsyncSession], token: str
) -> tuple[ApprovalLink, ApprovalRequest, Member]:
    ref = await approval_links.find_link(sessionmaker, token)
    async with tenant_session(sessionmaker, [ref.organization_id]) as session:
        link = await session.get(ApprovalLink, ref.link_id)
        approval = await session.get(ApprovalRequest, link.request_id) if link else None
        member = await session.get(Member, link.member_id) if link else None
    if link is None or approval is None or member is None or member.status != "active":
        raise NotFound("this approval link is not valid")
    return link, approval, member


def _context(link: ApprovalLink, approval: ApprovalRequest, member: Member) -> dict[str, Any]:
    return {
        "request": approval,
        "member_name": member.name,
        "step_name": approval.steps[link.step_index]["name"],
        "amount": money(approval.amount_minor, approval.currency) if approval.currency else None,
    }


@router.get("/a/{token}", response_class=HTMLResponse)
async def show(token: str, sessionmaker: SessionmakerDep) -> HTMLResponse:
    try:
        link, approval, member = await _load(sessionmaker, token)
        approval_links.check_usable(link, now=datetime.now(UTC))
    except DomainError as exc:
        return page(exc.status, "This link cannot be used", exc.detail)
    if approval.status != "pending":
        return page(
            409,
            f"Already {approval.status}",
            "Nothing is left to decide.",
            **_context(link, approval, member),
        )
    return page(200, "Approval requested", can_decide=True, **_context(link, approval, member))


@router.post("/a/{token}", response_class=HTMLResponse)
async def submit(
    token: str,
    sessionmaker: SessionmakerDep,
    chain: ChainGatewayDep,
    decision: Annotated[Literal["approve", "reject"], Form()],
    comment: Annotated[str, Form(max_length=2000)] = "",
) -> HTMLResponse:
    now = datetime.now(UTC)
    try:
        link, approval, member = await _load(sessionmaker, token)
        approval_links.check_usable(link, now=now)
        # Short transactions: the comment commits before the chain reads it.
        await decisions.decide_in(
            lambda: tenant_session(sessionmaker, [link.organization_id]),
            chain,
            decisions.Ballot(
                request_id=link.request_id,
                decider=decisions.ByMemberId(link.member_id),
                decision=decision,
                comment=comment,
                channel="email",
                step_index=link.step_index,
            ),
        )
        async with tenant_session(sessionmaker, [link.organization_id]) as session:
            await approval_links.consume(session, link, decision, now=now)
    except ChainUnavailable:
        return page(
            503,
            "Please try again",
            "The approval service is briefly unavailable; this link still works.",
        )
    except DomainError as exc:
        return page(exc.status, "Nothing was changed", exc.detail)
    verb = "approved" if decision == "approve" else "rejected"
    return page(
        200,
        f"You {verb} this request",
        "Thank you; your decision is recorded.",
        **_context(link, approval, member),
    )
