"""Approval policies in the dashboard: list, create, edit, disable.

A form is the API's ``PolicyCreate`` / ``PolicyUpdate`` body: name, subject type, the money
threshold (amount and currency go together), priority, active, and the steps in the API's
JSON shape (approvers by role or member id). The service ``POST`` / ``PATCH
/v1/approval-policies`` call makes the change (a new version, audited) after the same checks
(every step needs an eligible approver). Permission: ``approval_policies:write``.

Concurrent edits: the form carries the version it was opened on; a save over a newer version
is a 409 with the input kept.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from api.dashboard.forms import Errors, done, field_error, schema_errors
from api.dashboard.web import Current, DashboardRoute, PageContext, check_csrf, page
from api.schemas.approval_policies import PolicyCreate, PolicyUpdate
from domain import records
from domain.approvals import policies
from domain.approvals.models import ApprovalPolicy
from domain.errors import DomainError

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
PATH = "/dashboard/settings/policies"
POLICY_ID = r"^apol_[0-9a-hjkmnp-tv-z]{26}$"
SUBJECT_TYPES = ("booking", "bulk_booking", "contract", "budget_change")
EXAMPLE_STEPS = [{"name": "Manager review", "approvers": [{"role": "manager"}]}]
# Where an error of the API's body goes on the form.
FIELD_OF = {"conditions": "min_amount", "currency": "min_amount"}


def _values_of(policy: ApprovalPolicy | None) -> dict[str, Any]:
    if policy is None:
        return {
            "name": "",
            "subject_type": "booking",
            "min_amount": "",
            "currency": "",
            "priority": "100",
            "active": True,
            "steps": json.dumps(EXAMPLE_STEPS, indent=2),
            "version": "",
        }
    conditions = policy.conditions or {}
    return {
        "name": policy.name,
        "subject_type": policy.subject_type,
        "min_amount": conditions.get("min_amount") or "",
        "currency": conditions.get("currency") or "",
        "priority": str(policy.priority),
        "active": policy.active,
        "steps": json.dumps(policy.steps, indent=2),
        "version": str(policy.version),
    }


async def _policies_page(
    request: Request,
    ctx: PageContext,
    *,
    editing: ApprovalPolicy | None = None,
    status: int = 200,
    errors: Errors | None = None,
    values: dict[str, Any] | None = None,
) -> HTMLResponse:
    async with ctx.tenant(request) as session:
        listed = await policies.list_policies(
            session, organization_id=ctx.organization_id, limit=100, starting_after=None
        )
    return page(
        "policies.html",
        status=status,
        context=ctx,
        active="/dashboard/settings",
        title=f"Policy {editing.name}" if editing else "Approval policies",
        policies=listed.items,
        editing=editing,
        subject_types=SUBJECT_TYPES,
        values=values or _values_of(editing),
        errors=errors or {},
        can_write=ctx.principal.can("approval_policies:write"),
        notice=request.query_params.get("done", ""),
    )


def _form_values(form: Any) -> dict[str, Any]:
    return {
        "name": str(form.get("name", ""))[:200],
        "subject_type": str(form.get("subject_type", ""))[:40],
        "min_amount": str(form.get("min_amount", "")).strip()[:40],
        "currency": str(form.get("currency", "")).strip().upper()[:3],
        "priority": str(form.get("priority", "100")).strip()[:10],
        "active": form.get("active") == "on",
        "steps": str(form.get("steps", ""))[:50_000],
        "version": str(form.get("version", ""))[:12],
    }


def _body(
    values: dict[str, Any], kept: dict[str, Any] | None = None
) -> tuple[dict[str, Any] | None, Errors]:
    """The API's JSON body of a policy from the form, or the errors of what is not JSON.
    ``kept``: the policy's conditions the form does not show (tags, budgets), unchanged."""
    try:
        steps = json.loads(values["steps"])
    except json.JSONDecodeError as exc:
        return None, {"steps": f"The steps are not JSON: {exc.msg} (line {exc.lineno})."}
    conditions = {
        **(kept or {}),
        "min_amount": values["min_amount"] or None,
        "currency": values["currency"] or None,
    }
    return {
        "name": values["name"],
        "subject_type": values["subject_type"],
        "conditions": conditions,
        "priority": values["priority"],
        "active": values["active"],
        "steps": steps,
    }, {}


def _placed(errors: Errors) -> Errors:
    placed: Errors = {}
    for key, message in errors.items():
        field = key.split(".")[0]
        placed.setdefault(FIELD_OF.get(field, field), message)
    return placed


@router.get(PATH)
async def policies_list(request: Request, ctx: Current) -> HTMLResponse:
    ctx.require("approvals:read")
    return await _policies_page(request, ctx)


@router.post(PATH)
async def policy_create(request: Request, ctx: Current) -> Response:
    form = await request.form()
    check_csrf(request, ctx.csrf_token, str(form.get("csrf_token", "")))
    ctx.require("approval_policies:write")
    values = _form_values(form)
    data, errors = _body(values)
    status = 422
    body = None
    if data is not None:
        body, errors = schema_errors(PolicyCreate, data)
    if body is not None:
        try:
            async with ctx.tenant(request) as session:
                await policies.create_policy(
                    session,
                    organization_id=ctx.organization_id,
                    data=body,
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            status, errors = field_error(exc)
    if errors:
        return await _policies_page(
            request, ctx, status=status, errors=_placed(errors), values=values
        )
    return done(PATH, "created")


@router.get(PATH + "/{id}")
async def policy_detail(
    request: Request, ctx: Current, id: Annotated[str, Path(pattern=POLICY_ID)]
) -> HTMLResponse:
    ctx.require("approvals:read")
    async with ctx.tenant(request) as session:
        policy = await records.get_or_404(session, ApprovalPolicy, id, label="policy")
    return await _policies_page(request, ctx, editing=policy)


@router.post(PATH + "/{id}")
async def policy_update(
    request: Request, ctx: Current, id: Annotated[str, Path(pattern=POLICY_ID)]
) -> Response:
    """``PATCH /v1/approval-policies/{id}`` with every field of the form; unticking Active
    disables the policy (running chains keep their version)."""
    form = await request.form()
    check_csrf(request, ctx.csrf_token, str(form.get("csrf_token", "")))
    ctx.require("approval_policies:write")
    values = _form_values(form)
    async with ctx.tenant(request) as session:
        policy = await records.get_or_404(session, ApprovalPolicy, id, label="policy")
    values["subject_type"] = policy.subject_type
    data, errors = _body(values, kept=policy.conditions)
    if not values["version"].isdigit():
        errors = {"version": "Reload the page: the form lost the policy's version."}
    status = 422
    body = None
    if data is not None and not errors:
        data.pop("subject_type")  # a policy keeps the subjects it governs
        body, errors = schema_errors(PolicyUpdate, data)
    if body is not None:
        try:
            async with ctx.tenant(request) as session:
                await policies.update_policy(
                    session,
                    await records.get_or_404(session, ApprovalPolicy, id, label="policy"),
                    body.model_dump(exclude_unset=True, exclude_none=True),
                    actor=ctx.actor(request),
                    expected_version=int(values["version"]),
                )
        except DomainError as exc:
            status, errors = field_error(exc)
    if errors:
        return await _policies_page(
            request, ctx, editing=policy, status=status, errors=_placed(errors), values=values
        )
    return done(f"{PATH}/{id}", "saved")
