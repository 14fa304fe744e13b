"""What the caller's organization may do (``/v1/organization/plan``) and its own API
reference (``/v1/openapi.json``: only the paths of its enabled modules)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api import module_gate
from api.deps import CanReadOrganization
from api.schemas.plans import EntitlementsOut, entitlements_out
from domain.tenancy import plan_catalog

router = APIRouter(prefix="/v1", tags=["organizations"])


@router.get(
    "/organization/plan",
    summary="The organization's plan with its own terms: limits, prices, modules, trial",
)
async def get_entitlements(request: Request, principal: CanReadOrganization) -> EntitlementsOut:
    terms = await plan_catalog.entitlements(
        request.app.state.sessionmaker, principal.organization_id
    )
    return entitlements_out(terms)


@router.get(
    "/openapi.json",
    summary="The API reference as this organization sees it: only its enabled modules' paths",
    response_model=dict[str, Any],
)
async def get_organization_openapi(request: Request, principal: CanReadOrganization) -> Any:
    terms = await plan_catalog.entitlements(
        request.app.state.sessionmaker, principal.organization_id
    )
    return module_gate.document_for(request.app.openapi(), terms)
