"""The approvals inbox of the dashboard: what waits for the signed-in member, and the forms
that approve or reject.

A decision takes exactly the API's path: the approval-decision service
(``domain.approvals.decisions``) with the signed-in member, whose refusals are the API's
codes. The dashboard only adds the form and the redirect.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.chains import ChainGatewayDep
from api.dashboard.web import Current, DashboardRoute, check_csrf, page
from api.schemas import money
from domain.approvals import decisions
from domain.approvals import requests as service

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
ID = r"^apr_[0-9a-hjkmnp-tv-z]{26}$"


@router.get("/dashboard/approvals")
async def inbox(
    request: Request,
    ctx: Current,
    status: Literal["pending", "approved", "rejected", "cancelled"] = "pending",
    mine: Annotated[bool, Query()] = False,
) -> HTMLResponse:
    ctx.require_module("approvals")
    ctx.require("approvals:read")
    member_id = ctx.signed_in.member.id
    async with ctx.tenant(request) as session:
        result = await service.list_requests(
            session,
            organization_id=ctx.organization_id,
            limit=100,
            starting_after=None,
            status=status,
            approver=member_id if mine else None,
            subject_type=None,
            subject_id=None,
        )
        waiting_for_me = await service.awaiting_member(
            session, organization_id=ctx.organization_id, member_id=member_id
        )
    can_decide = ctx.principal.can("approvals:decide")
    return page(
        "approvals.html",
        context=ctx,
        active="/dashboard/approvals",
        title="Approvals",
        filter_status=status,
        mine=mine,
        items=[
            (
                r,
                money(r.amount_minor, r.currency) if r.currency else None,
                can_decide and r.status == "pending" and r.id in waiting_for_me,
            )
            for r in result.items
        ],
        notice=request.query_params.get("done", ""),
    )


@router.post("/dashboard/approvals/{id}/decision")
async def decide(
    request: Request,
    ctx: Current,
    chain: ChainGatewayDep,
    id: Annotated[str, Path(pattern=ID)],
    decision: Annotated[Literal["approve", "reject"], Form()],
    comment: Annotated[str, Form(max_length=2000)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    check_csrf(request, ctx.csrf_token, csrf_token)
    ctx.require_module("approvals")
    ctx.require("approvals:decide")
    # Short transactions: the comment commits before the chain reads it.
    await decisions.decide_in(
        lambda: ctx.tenant(request),
        chain,
        decisions.Ballot(
            request_id=id,
            decider=decisions.ByMemberId(ctx.signed_in.member.id),
            decision=decision,
            comment=comment,
            channel="dashboard",
        ),
    )
    verb = "approved" if decision == "approve" else "rejected"
    return RedirectResponse(f"/dashboard/approvals?done={verb}", status_code=303)
