"""Resetting a sandbox twin: its processes stopped, its data deleted, optionally the demo label
seeded again.

What a reset deletes is every tenant table's rows of the sandbox except what is *access,
configuration or history* (:data:`KEPT_TABLES`): API keys, custom roles, quotas and custom
domains, webhook endpoints and integration connections registered for the sandbox, its e-mail
settings and templates, usage counters, stored idempotent responses and the append-only audit
log. A table added later is cleared by default; keeping one is a decision written here.
The placement tables (the directory, moves, the registry of claimed names) are not the
sandbox's data and are never touched. The names the sandbox claimed for what the reset clears
(its SSO sign-in name and e-mail domains) are listed in :attr:`ResetResult.released_claims`:
the caller releases them once the reset has committed (domain/placements/claims.py), so they
are free for another organization; its custom domains stay, and stay claimed.

One reset of a sandbox at a time: a transaction-scoped advisory lock is taken without waiting,
and a second reset while one runs is a 409 (``sandbox_reset_in_progress``). The lock names
the sandbox, so resets of different sandboxes never wait for each other.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, text
from sqlalchemy.ext.asyncio import AsyncSession

import domain.all_models  # noqa: F401  (every table known to the metadata)
from domain.audit import service as audit
from domain.base import Base
from domain.errors import Conflict, InvalidRequest, PermissionDenied
from domain.keys.sealed import Sealing
from domain.placements import claims
from domain.placements.tables import NOT_COPIED
from domain.sandbox import demo
from domain.tenancy.models import Organization

KEPT_TABLES = frozenset(
    {
        "api_keys",
        "audit_events",
        "audit_chain_heads",
        "communication_settings",
        "custom_domains",
        "email_templates",
        "idempotency_keys",
        "integration_connections",
        "organization_quotas",
        "roles",
        "usage_daily",
        "webhook_endpoints",
    }
)
SEEDS = ("demo",)


@dataclass(slots=True)
class ResetResult:
    organization_id: str
    deleted: dict[str, int] = field(default_factory=dict)
    workflows_terminated: int = 0
    seed: str | None = None
    seeded: dict[str, int] = field(default_factory=dict)
    released_claims: list[str] = field(default_factory=list)


def cleared_tables() -> list[Any]:
    """Tenant tables a reset empties, children before parents (foreign keys allow it)."""
    return [
        table
        for table in reversed(Base.metadata.sorted_tables)
        if "organization_id" in table.c
        and table.name not in KEPT_TABLES
        and table.name not in NOT_COPIED
    ]


def released_claims() -> list[str]:
    """The kinds of claimed names whose rows a reset deletes (their names go with them)."""
    cleared = {table.name for table in cleared_tables()}
    return [kind for kind in claims.KINDS if claims.TABLE_OF[kind] in cleared]


async def reset_sandbox(
    session: AsyncSession,
    *,
    organization_id: str,
    actor: audit.Actor,
    now: datetime,
    stop_workflows: Callable[[str], Awaitable[int]],
    seed: str | None = None,
    sealing: Sealing | None = None,
) -> ResetResult:
    """Reset the sandbox ``organization_id`` in the caller's transaction.

    ``stop_workflows(organization_id)`` terminates the sandbox's running workflows (approval
    chains, bulk batches, bookings, projects, deliveries) before its rows go, so none of them
    writes into the emptied sandbox; it returns how many it stopped.
    """
    org = await session.get(Organization, organization_id)
    if org is None or org.sandbox_of is None:
        raise PermissionDenied(
            "only a sandbox can be reset; use a test-mode key (ax_test_…)", code="sandbox_only"
        )
    if seed is not None and seed not in SEEDS:
        raise InvalidRequest(f"unknown seed {seed!r}; the only seed is 'demo'", param="seed")
    locked = (
        await session.execute(
            text("SELECT pg_try_advisory_xact_lock(hashtextextended(:key, 0))"),
            {"key": f"sandbox_reset:{organization_id}"},
        )
    ).scalar_one()
    if not locked:
        raise Conflict(
            "a reset of this sandbox is already running; wait for it and send again",
            code="sandbox_reset_in_progress",
        )
    result = ResetResult(
        organization_id=organization_id, seed=seed, released_claims=released_claims()
    )
    result.workflows_terminated = await stop_workflows(organization_id)
    for table in cleared_tables():
        deleted = await session.execute(
            delete(table).where(table.c.organization_id == organization_id)
        )
        if deleted.rowcount:  # type: ignore[attr-defined]
            result.deleted[table.name] = deleted.rowcount  # type: ignore[attr-defined]
    if seed == "demo":
        result.seeded = await demo.seed_demo_label(
            session, organization_id=organization_id, actor=actor, now=now, sealing=sealing
        )
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="sandbox.reset",
        target_type="organization",
        target_id=organization_id,
        after={
            "deleted": result.deleted,
            "workflows_terminated": result.workflows_terminated,
            "seed": seed,
        },
    )
    return result
