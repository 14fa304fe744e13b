"""How the API meets a tenant move's write freeze (domain/placements/freeze.py).

A request that may write (any method but GET, HEAD and OPTIONS) calls
:func:`hold_request_writes` first thing in its tenant transaction: while the organization's
move freezes its writes, or once it left this database, the request is refused before it
changes anything, with 503 ``tenant_moving`` and ``Retry-After``; reads go on. The check
also holds the move's freeze off until the request's transaction ends, so no write that
started before the freeze lands after the move's last copy.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import problem
from domain.placements.freeze import TenantFrozen, hold_writes

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def hold_request_writes(
    request: Request, session: AsyncSession, organization_ids: Sequence[str]
) -> None:
    """Refuse (503) a writing request of organizations whose writes are frozen here. With one
    placement there is nowhere to move to, and the check (a statement) is not paid."""
    if getattr(request.app.state.sessionmaker, "single", True):
        return
    if request.method not in READ_ONLY_METHODS:
        try:
            await hold_writes(session, organization_ids)
        except TenantFrozen as exc:
            if exc.reason == "moved":
                # This process's route is stale: the client's retry looks the placement up.
                forget = getattr(request.app.state.sessionmaker, "forget", None)
                if forget is not None:
                    forget(organization_ids)
            raise


async def tenant_frozen_response(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TenantFrozen)
    return problem(
        exc.status,
        exc.code,
        exc.title,
        exc.detail,
        headers={"Retry-After": str(exc.retry_after)},
        retry_after=exc.retry_after,
    )


def install_freeze_handler(app: FastAPI) -> None:
    app.add_exception_handler(TenantFrozen, tenant_frozen_response)
