"""The codec server: Temporal's remote codec protocol over the organizations' payload keys.

The Temporal UI and CLI (``--codec-endpoint``) send ``POST /codec/decode`` with the payloads of
a history they show, ``{"payloads": [{"metadata": {"encoding": "<base64>", ...}, "data":
"<base64>"}]}``, and get the same shape back, decoded; ``/codec/encode`` seals what they send
(a signal's input typed in the UI) with the caller's organization's key.

The caller is an operator (``Authorization: Bearer <CODEC_OPERATOR_TOKEN>``, every
organization; to encode, ``AuditoryX-Organization`` names whose key seals), or an API key of an
organization with ``organization:write`` (only its own payloads: one naming another
organization refuses the whole request before any key is looked up, with the answer an
unknown payload would get). Browsers of the configured UI origins may call it
(``CODEC_CORS_ORIGINS``). See docs/operations.md.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from temporalio.api.common.v1 import Payload

from api.deps import SessionmakerDep, get_principal, get_rate_limiter
from api.rate_limits import RateLimiter
from api.schemas.codec import CodecCaller, CodecPayload, CodecPayloads
from core.config import Settings
from core.ids import is_valid_id
from core.payload_codec import (
    OrganizationPayloadCodec,
    PayloadDecodeError,
    PayloadKeys,
    PayloadKeyUnavailable,
    payload_organization,
)
from core.security import bearer_matches
from domain.errors import InvalidRequest, NotFound
from domain.tenancy.access import Principal

router = APIRouter(prefix="/codec", tags=["codec"])

# The permission that lets an organization's key read its payloads in clear: admin-level.
PERMISSION = "organization:write"


def _is_operator(settings: Settings, authorization: str | None) -> bool:
    return bearer_matches(authorization, settings.codec_operator_token)


async def codec_caller(
    request: Request,
    sessionmaker: SessionmakerDep,
    limiter: Annotated[RateLimiter, Depends(get_rate_limiter)],
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    auditoryx_organization: Annotated[
        str | None,
        Header(
            alias="AuditoryX-Organization",
            description="An organization key: act on this sub-organization. The operator "
            "token: the organization whose key seals (encode only).",
        ),
    ] = None,
) -> CodecCaller:
    """The operator, or an organization's key holding ``organization:write``."""
    settings: Settings = request.app.state.settings
    if _is_operator(settings, authorization):
        return CodecCaller(organization_id=None)
    principal: Principal = await get_principal(
        request, sessionmaker, limiter, authorization, auditoryx_organization
    )
    principal.require(PERMISSION)
    return CodecCaller(organization_id=principal.organization_id)


CodecCallerDep = Annotated[CodecCaller, Depends(codec_caller)]


def _keys(request: Request) -> PayloadKeys:
    keys: PayloadKeys = request.app.state.payload_keys
    return keys


def _decoded(body: CodecPayloads) -> list[Payload]:
    try:
        return [
            Payload(
                metadata={k: base64.b64decode(v, validate=True) for k, v in p.metadata.items()},
                data=base64.b64decode(p.data, validate=True),
            )
            for p in body.payloads
        ]
    except (binascii.Error, ValueError):
        raise InvalidRequest(
            "metadata values and data must be base64", param="payloads", code="invalid_payloads"
        ) from None


def _encoded(payloads: list[Payload]) -> CodecPayloads:
    return CodecPayloads(
        payloads=[
            CodecPayload(
                metadata={k: base64.b64encode(v).decode() for k, v in p.metadata.items()},
                data=base64.b64encode(p.data).decode(),
            )
            for p in payloads
        ]
    )


def _unreadable(exc: Exception) -> InvalidRequest:
    if isinstance(exc, PayloadKeyUnavailable):
        return InvalidRequest(str(exc), param="payloads", code="payload_key_unavailable")
    return InvalidRequest(str(exc), param="payloads", code="payload_corrupt")


@router.post(
    "/decode",
    response_model=CodecPayloads,
    summary="Decode payloads for the Temporal UI or CLI (remote codec protocol)",
)
async def decode(body: CodecPayloads, caller: CodecCallerDep, request: Request) -> CodecPayloads:
    """Open each sealed payload with the key its metadata names; others come back unchanged.
    A key destroyed (crypto-shredding) answers 422 ``payload_key_unavailable`` saying so."""
    payloads = _decoded(body)
    if caller.organization_id is not None:
        for payload in payloads:
            named = payload_organization(payload)
            if named is not None and named != caller.organization_id:
                raise NotFound("no such payload", param="payloads")
    try:
        return _encoded(await OrganizationPayloadCodec(_keys(request)).decode(payloads))
    except (PayloadKeyUnavailable, PayloadDecodeError) as exc:
        raise _unreadable(exc) from None


@router.post(
    "/encode",
    response_model=CodecPayloads,
    summary="Encode payloads with the organization's key (remote codec protocol)",
)
async def encode(
    body: CodecPayloads,
    caller: CodecCallerDep,
    request: Request,
    auditoryx_organization: Annotated[
        str | None, Header(alias="AuditoryX-Organization", include_in_schema=False)
    ] = None,
) -> CodecPayloads:
    """Seal each payload with the current key of the caller's organization (the operator
    names it with ``AuditoryX-Organization``)."""
    organization_id = caller.organization_id or auditoryx_organization
    if not organization_id or not is_valid_id(organization_id, "org"):
        raise InvalidRequest(
            "the operator token encodes for the organization named by AuditoryX-Organization",
            param="AuditoryX-Organization",
            code="organization_required",
        )
    codec = OrganizationPayloadCodec(_keys(request), organization_id)
    try:
        return _encoded(await codec.encode(_decoded(body)))
    except PayloadKeyUnavailable as exc:
        raise _unreadable(exc) from None
