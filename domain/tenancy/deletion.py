"""Deleting an organization: the request, its grace period, and what the deletion removes.

An owner (``POST /v1/organization/deletion``, typing the organization's name) or the operator
(``auditoryx org delete``) asks; an ``organization_deletions`` row in the control database
records it (``scheduled``) and ``OrganizationDeletionWorkflow`` waits out the grace period
(seven days by default). Until then the organization works as before, writes included, and an
owner may cancel. When the grace period ends the row becomes ``deleting`` (the one transition
a cancel races with: whichever commits first wins) and the organization's API keys are
revoked in the same step (SCIM tokens and calendar feed links too, and dashboard sign-ins
end), so they answer 401 from then on.

What a deletion removes (the workflow's activities, each idempotent, in this order so that a
crash at any point leaves nothing readable that the retry would not finish):

1. its running workflows and its Temporal Schedules;
2. its persons' keys in the key store (first: from then on nothing sealed for them opens,
   in the live data or in any backup of it);
3. its payload keys (its Temporal histories no longer open through the live system);
4. every row of the organization, its sub-organizations and their sandbox twins in its
   placement, children first (the sweep a tenant move's cleanup runs:
   :func:`domain.placements.copier.delete_scope`, as the placement's schema owner with
   row-level security on and the tree's ids as the scope);
5. its directory entries and its claimed names (SSO sign-in name, e-mail domains, custom
   domains), which become free for other organizations;
6. the record: the row becomes ``deleted`` with the rows removed per table.

The record is the only thing left of the organization, with no personal value (ids, times,
counts). Backups of the data taken before keep the rows until their own retention; the
persons' sealed values in them no longer open (docs/operations.md).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from psycopg import AsyncConnection
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import tenant_session
from core.ids import new_id
from core.workflow_ids import organization_deletion_workflow_id
from domain.audit import service as audit
from domain.errors import Conflict, InvalidRequest, NotFound
from domain.notices import mail, templates
from domain.notices import settings as notice_settings
from domain.placements import copier
from domain.placements.move import moving_organizations
from domain.placements.router import PlacementRouter
from domain.placements.tables import tenant_tables
from domain.tenancy.models import ApiKey, Member, Organization, OrganizationDeletion
from domain.tenancy.permissions import BuiltinRole

Sessionmaker = async_sessionmaker[AsyncSession]

GRACE = timedelta(days=7)
MAIL_KIND = "organization_deletion_requested"
# The credentials besides API keys that stop when the deletion starts.
_REVOKE = (
    text(
        "UPDATE scim_tokens SET revoked_at = now() "
        "WHERE organization_id = ANY (CAST(:ids AS text[])) AND revoked_at IS NULL"
    ),
    text(
        "UPDATE calendar_feeds SET revoked_at = now() "
        "WHERE organization_id = ANY (CAST(:ids AS text[])) AND revoked_at IS NULL"
    ),
    text("DELETE FROM dashboard_sessions WHERE organization_id = ANY (CAST(:ids AS text[]))"),
)


def control_of(sessionmaker: Sessionmaker) -> Sessionmaker:
    """Sessions of the control database, where deletions are recorded: a router's control
    placement, or the one database's sessionmaker."""
    if isinstance(sessionmaker, PlacementRouter):
        return sessionmaker.placements.sessionmaker(sessionmaker.control_placement)
    return sessionmaker


def deletion_document(row: OrganizationDeletion) -> dict[str, Any]:
    """What the API and the operator show of a deletion."""
    return {
        "id": row.id,
        "organization_id": row.organization_id,
        "state": row.state,
        "requested_by": {"type": row.requested_by_type, "id": row.requested_by_id},
        "requested_at": row.requested_at,
        "delete_after": row.delete_after,
        "cancelled_at": row.cancelled_at,
        "started_at": row.started_at,
        "finished_at": row.finished_at,
        "organization_ids": list(row.organization_ids or []),
        "counts": dict(row.counts or {}),
    }


async def request_deletion(
    sessionmaker: Sessionmaker,
    *,
    organization_id: str,
    actor: audit.Actor,
    now: datetime,
    grace: timedelta = GRACE,
    confirmation: str | None = None,
) -> OrganizationDeletion:
    """Schedule the organization's deletion after ``grace``.

    ``confirmation`` (the API's): the organization's name as typed by the owner; a mismatch is
    422 ``confirmation_mismatch``. A sandbox twin is not deleted on its own (422
    ``sandbox_not_deletable``: it goes with its live organization). An organization with an
    open request already: 409 ``deletion_already_requested`` (two concurrent requests meet at
    the unique index; one wins). The caller starts the workflow once this has committed."""
    async with tenant_session(sessionmaker, [organization_id]) as session:
        org = await session.get(Organization, organization_id)
        if org is None:
            raise NotFound(f"no organization {organization_id}", code="organization_missing")
        if org.sandbox_of is not None:
            raise InvalidRequest(
                "a sandbox is deleted with its live organization; reset it instead",
                code="sandbox_not_deletable",
            )
        if confirmation is not None and confirmation.strip() != org.name:
            raise InvalidRequest(
                "type the organization's name exactly as shown to confirm its deletion",
                param="confirm",
                code="confirmation_mismatch",
            )
    deletion_id = new_id("odel")
    async with tenant_session(control_of(sessionmaker), [organization_id]) as session:
        inserted = await session.scalar(
            text(
                "INSERT INTO organization_deletions (id, organization_id, state, "
                "requested_by_type, requested_by_id, requested_at, delete_after, workflow_id) "
                "VALUES (:id, :org, 'scheduled', :by_type, :by_id, :now, :after, :wf) "
                "ON CONFLICT (organization_id) WHERE state <> 'cancelled' DO NOTHING "
                "RETURNING id"
            ),
            {
                "id": deletion_id,
                "org": organization_id,
                "by_type": actor.type,
                "by_id": actor.id,
                "now": now,
                "after": now + grace,
                "wf": organization_deletion_workflow_id(deletion_id),
            },
        )
        if inserted is None:
            raise Conflict(
                "this organization's deletion was requested already; see "
                "GET /v1/organization/deletion",
                code="deletion_already_requested",
            )
        row = await session.get(OrganizationDeletion, deletion_id)
        assert row is not None
        return row


async def get_deletion(
    sessionmaker: Sessionmaker, organization_id: str, deletion_id: str | None = None
) -> OrganizationDeletion:
    """The organization's latest deletion request (or ``deletion_id``); 404 ``no_deletion``."""
    async with tenant_session(control_of(sessionmaker), [organization_id]) as session:
        query = select(OrganizationDeletion).where(
            OrganizationDeletion.organization_id == organization_id
        )
        if deletion_id is not None:
            query = query.where(OrganizationDeletion.id == deletion_id)
        row = await session.scalar(query.order_by(OrganizationDeletion.requested_at.desc()))
    if row is None:
        raise NotFound("this organization's deletion was not requested", code="no_deletion")
    return row


async def cancel_deletion(
    sessionmaker: Sessionmaker, *, organization_id: str, actor: audit.Actor, now: datetime
) -> OrganizationDeletion:
    """Cancel the scheduled deletion; 404 ``no_deletion`` when none is scheduled, 409
    ``deletion_in_progress`` once the grace period ended (nothing can stop it then)."""
    async with tenant_session(control_of(sessionmaker), [organization_id]) as session:
        row = await session.scalar(
            update(OrganizationDeletion)
            .where(
                OrganizationDeletion.organization_id == organization_id,
                OrganizationDeletion.state == "scheduled",
            )
            .values(state="cancelled", cancelled_at=now, cancelled_by_id=actor.id)
            .returning(OrganizationDeletion)
        )
    if row is not None:
        async with tenant_session(sessionmaker, [organization_id]) as session:
            await audit.record(
                session,
                organization_id=organization_id,
                actor=actor,
                action="organization.deletion_cancelled",
                target_type="organization",
                target_id=organization_id,
                after={"deletion_id": row.id},
            )
        return row
    latest = await get_deletion(sessionmaker, organization_id)
    if latest.state in ("deleting", "deleted"):
        raise Conflict(
            "the grace period is over: the organization is being deleted",
            code="deletion_in_progress",
        )
    raise NotFound("no deletion of this organization is scheduled", code="no_deletion")


async def notify_owners(
    sessionmaker: Sessionmaker, *, organization_id: str, deletion_id: str, now: datetime
) -> int:
    """Audit the request and queue the e-mail to the organization's owners (once per
    deletion and owner); how many were queued. Nothing when the deletion is not scheduled."""
    row = await get_deletion(sessionmaker, organization_id, deletion_id)
    if row.state != "scheduled":
        return 0
    async with tenant_session(sessionmaker, [organization_id]) as session:
        org = await session.get(Organization, organization_id)
        if org is None:
            return 0
        await audit.record(
            session,
            organization_id=organization_id,
            actor=audit.Actor(type=row.requested_by_type, id=row.requested_by_id),
            action="organization.deletion_requested",
            target_type="organization",
            target_id=organization_id,
            after={"deletion_id": row.id, "delete_after": row.delete_after.isoformat()},
        )
        settings = await notice_settings.get_settings(session, organization_id)
        owners = (
            await session.scalars(
                select(Member)
                .where(
                    Member.organization_id == organization_id,
                    Member.status == "active",
                    Member.role == BuiltinRole.OWNER.value,
                )
                .order_by(Member.id)
            )
        ).all()
        queued = 0
        for owner in owners:
            rendered = await templates.render_email(
                session,
                organization_id,
                MAIL_KIND,
                {
                    "recipient_name": owner.name,
                    "organization_name": org.name,
                    "delete_on": notice_settings.local_time(
                        row.delete_after, settings.timezone, "%Y-%m-%d %H:%M"
                    ),
                },
            )
            outbox = await mail.enqueue(
                session,
                organization_id=organization_id,
                ledger_key=f"deletion:{row.id}:{owner.email}",
                kind=MAIL_KIND,
                to=owner.email,
                mail=rendered,
                subject_id=organization_id,
                due_at=now,
                now=now,
            )
            queued += outbox is not None
    return queued


async def begin(
    sessionmaker: Sessionmaker, *, organization_id: str, deletion_id: str, now: datetime
) -> list[str]:
    """End the grace period: the deletion becomes ``deleting`` (unless it was cancelled:
    then ``[]``), the organizations it covers are noted and their API keys revoked. Run again
    (a retry), it finds the deletion under way and answers the same organizations."""
    control = control_of(sessionmaker)
    async with tenant_session(control, [organization_id]) as session:
        await session.execute(
            update(OrganizationDeletion)
            .where(
                OrganizationDeletion.id == deletion_id,
                OrganizationDeletion.state == "scheduled",
            )
            .values(state="deleting", started_at=now)
        )
        row = await session.get(OrganizationDeletion, deletion_id)
    if row is None or row.state == "cancelled":
        return []
    if row.organization_ids:
        return list(row.organization_ids)
    async with tenant_session(sessionmaker, [organization_id]) as session:
        ids = await moving_organizations(session, organization_id)
        # Every credential stops at once (authentication reads them on every request): API
        # keys, SCIM tokens and calendar feed links revoked, dashboard sign-ins ended.
        await session.execute(
            update(ApiKey)
            .where(ApiKey.organization_id.in_(ids), ApiKey.revoked_at.is_(None))
            .values(revoked_at=func.now())
        )
        for statement in _REVOKE:
            await session.execute(statement, {"ids": ids})
    if not ids:  # a retry after the rows went: the organization alone
        ids = [organization_id]
    async with tenant_session(control, [organization_id]) as session:
        await session.execute(
            update(OrganizationDeletion)
            .where(OrganizationDeletion.id == deletion_id)
            .values(organization_ids=ids)
        )
    return ids


async def delete_rows(
    owner_conninfo: str,
    organization_ids: Sequence[str],
    *,
    progress: Callable[[str, int], Awaitable[None]] | None = None,
) -> dict[str, int]:
    """Delete every row of ``organization_ids`` in their placement (``owner_conninfo``: its
    schema owner), children first; the rows removed per table. Row-level security stays on:
    the connection sees only these organizations."""
    conn = await copier.open_side(owner_conninfo, list(organization_ids))
    counts: dict[str, int] = {}
    seen = 0
    try:

        async def count(table: str, deleted: int) -> None:
            nonlocal seen
            counts[table] = counts.get(table, 0) + deleted - seen
            seen = deleted
            if progress is not None:
                await progress(table, deleted)

        await copier.delete_scope(
            conn, await tenant_tables(conn), list(organization_ids), progress=count
        )
    finally:
        await conn.close()
    return counts


async def remove_directory_entries(owner_conninfo: str, organization_ids: Sequence[str]) -> int:
    """Forget where the organizations lived (the control database's directory, as its owner
    scoped to them); how many entries there were."""
    conn: AsyncConnection = await copier.open_side(owner_conninfo, list(organization_ids))
    try:
        cursor = await conn.execute(
            "DELETE FROM organization_placements WHERE organization_id = ANY (%(ids)s)",
            {"ids": list(organization_ids)},
        )
        return max(cursor.rowcount, 0)
    finally:
        await conn.close()


async def finish(
    sessionmaker: Sessionmaker,
    *,
    organization_id: str,
    deletion_id: str,
    counts: dict[str, int],
    now: datetime,
) -> None:
    """Record the deletion as done, with what it removed (the record that stays)."""
    async with tenant_session(control_of(sessionmaker), [organization_id]) as session:
        await session.execute(
            update(OrganizationDeletion)
            .where(
                OrganizationDeletion.id == deletion_id,
                OrganizationDeletion.state == "deleting",
            )
            .values(state="deleted", finished_at=now, counts=counts)
        )
