"""Loaders: the row a path's ``{id}`` names, read once per request in the tenant session.

A handler takes the row instead of the id (``booking: BookingDep``) and never looks it up
itself. A row of another organization is invisible under row-level security, so it is a 404
like a row that does not exist. The id keeps its pattern (``bkg_…``): a malformed id is a 422
before any query runs.

Declare the permission alias before the loader in a signature: dependencies resolve in
order, and a caller without the permission must get 403 whether or not the row exists.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Path

from api.deps import SealingDep, TenantSession
from api.schemas import id_path
from api.schemas.roles import BUILTIN_ROLES, RoleOut
from core.ids import is_valid_id
from domain import records
from domain.approvals.models import ApprovalPolicy, ApprovalRequest
from domain.audit.models import AuditEvent
from domain.bookings import lifecycle as bookings
from domain.bookings.models import Booking, CalendarFeed
from domain.bulk import batches
from domain.bulk.models import BulkBooking
from domain.contracts.models import Contract
from domain.errors import Conflict, InvalidRequest
from domain.events import service as events
from domain.events.models import Event
from domain.events.service import EVENT_ID_PREFIX
from domain.finance.models import Budget, LedgerEntry, RevenueImport
from domain.projects.models import Milestone, Project
from domain.resources.models import Client, Creator, Room, TimeOff
from domain.roster.models import Artist
from domain.scim.models import ScimRoleMapping, ScimToken
from domain.tenancy import members, roles
from domain.tenancy.models import ApiKey, Member, MemberAbsence, Role
from domain.webhooks.models import WebhookEndpoint
from domain.webhooks.service import ENDPOINT_ID_PREFIX


async def load_artist(
    id: Annotated[str, id_path("art")], session: TenantSession, sealing: SealingDep
) -> Artist:
    artist = await records.get_or_404(session, Artist, id, label="artist")
    await sealing.open(session, [artist])
    return artist


async def load_creator(
    id: Annotated[str, id_path("cre")], session: TenantSession, sealing: SealingDep
) -> Creator:
    creator = await records.get_or_404(session, Creator, id, label="creator")
    await sealing.open(session, [creator])
    return creator


async def load_room(id: Annotated[str, id_path("rm")], session: TenantSession) -> Room:
    return await records.get_or_404(session, Room, id, label="room")


async def load_client(
    id: Annotated[str, id_path("cli")], session: TenantSession, sealing: SealingDep
) -> Client:
    client = await records.get_or_404(session, Client, id, label="client")
    await sealing.open(session, [client])
    return client


async def load_time_off(id: Annotated[str, id_path("off")], session: TenantSession) -> TimeOff:
    return await records.get_or_404(session, TimeOff, id, label="time off")


async def load_booking(id: Annotated[str, id_path("bkg")], session: TenantSession) -> Booking:
    """The booking, its hold expired first when its time has passed."""
    return await bookings.get_booking(session, id, now=datetime.now(UTC))


async def load_bulk_booking(
    id: Annotated[str, id_path("bulk")], session: TenantSession
) -> BulkBooking:
    return await batches.get_batch(session, id)


async def load_calendar_feed(
    id: Annotated[str, id_path("cal")], session: TenantSession
) -> CalendarFeed:
    return await records.get_or_404(session, CalendarFeed, id, label="calendar feed")


async def load_contract(id: Annotated[str, id_path("ctr")], session: TenantSession) -> Contract:
    return await records.get_or_404(session, Contract, id, label="contract")


async def load_approval_policy(
    id: Annotated[str, id_path("apol")], session: TenantSession
) -> ApprovalPolicy:
    return await records.get_or_404(session, ApprovalPolicy, id, label="policy")


async def load_approval(
    id: Annotated[str, id_path("apr")], session: TenantSession
) -> ApprovalRequest:
    return await records.get_or_404(session, ApprovalRequest, id, label="approval")


async def load_project(id: Annotated[str, id_path("prj")], session: TenantSession) -> Project:
    return await records.get_or_404(session, Project, id, label="project")


async def load_milestone(id: Annotated[str, id_path("mst")], session: TenantSession) -> Milestone:
    return await records.get_or_404(session, Milestone, id, label="milestone")


async def load_member(id: Annotated[str, id_path("mem")], session: TenantSession) -> Member:
    return await members.get_member(session, id)


# A role is named by its id: ``rol_…`` for a custom role, its name for a built-in one.
RoleId = Annotated[str, Path(max_length=40, description="`rol_…`, or a built-in role's name")]
BUILTIN_ROLES_BY_ID = {role.id: role for role in BUILTIN_ROLES}


async def load_role(id: RoleId, session: TenantSession) -> Role:
    """The custom role ``id``, to change or delete: a built-in role is refused (409)."""
    if id in BUILTIN_ROLES_BY_ID:
        raise Conflict(
            f"the built-in role '{id}' cannot be changed or deleted; create a custom role",
            code="builtin_role",
        )
    if not is_valid_id(id, "rol"):
        raise InvalidRequest(
            "a role is named by its id (`rol_…`) or a built-in role's name", param="id"
        )
    return await roles.get_role(session, id)


async def load_any_role(id: RoleId, session: TenantSession) -> RoleOut:
    """A built-in or custom role, to read."""
    builtin = BUILTIN_ROLES_BY_ID.get(id)
    if builtin is not None:
        return builtin
    return RoleOut.model_validate(await load_role(id, session))


async def load_absence(id: Annotated[str, id_path("abs")], session: TenantSession) -> MemberAbsence:
    return await records.get_or_404(session, MemberAbsence, id, label="absence")


async def load_api_key(id: Annotated[str, id_path("key")], session: TenantSession) -> ApiKey:
    return await records.get_or_404(session, ApiKey, id, label="API key")


async def load_scim_token(id: Annotated[str, id_path("sct")], session: TenantSession) -> ScimToken:
    return await records.get_or_404(session, ScimToken, id, label="SCIM token")


async def load_scim_mapping(
    id: Annotated[str, id_path("srm")], session: TenantSession
) -> ScimRoleMapping:
    return await records.get_or_404(session, ScimRoleMapping, id, label="SCIM group mapping")


async def load_audit_event(
    id: Annotated[str, id_path("evt")], session: TenantSession
) -> AuditEvent:
    return await records.get_or_404(session, AuditEvent, id, label="audit event")


async def load_event(
    id: Annotated[str, id_path(EVENT_ID_PREFIX)], session: TenantSession, sealing: SealingDep
) -> Event:
    event = await records.get_or_404(session, Event, id, label="event")
    await events.open_events(session, sealing, [event])
    return event


async def load_webhook_endpoint(
    id: Annotated[str, id_path(ENDPOINT_ID_PREFIX)], session: TenantSession
) -> WebhookEndpoint:
    return await records.get_or_404(session, WebhookEndpoint, id, label="webhook endpoint")


async def load_ledger_entry(
    id: Annotated[str, id_path("led")], session: TenantSession
) -> LedgerEntry:
    return await records.get_or_404(session, LedgerEntry, id, label="ledger entry")


async def load_budget(id: Annotated[str, id_path("bgt")], session: TenantSession) -> Budget:
    return await records.get_or_404(session, Budget, id, label="budget")


async def load_revenue_import(
    id: Annotated[str, id_path("rvi")], session: TenantSession
) -> RevenueImport:
    return await records.get_or_404(session, RevenueImport, id, label="revenue import")


ArtistDep = Annotated[Artist, Depends(load_artist)]
CreatorDep = Annotated[Creator, Depends(load_creator)]
RoomDep = Annotated[Room, Depends(load_room)]
ClientDep = Annotated[Client, Depends(load_client)]
TimeOffDep = Annotated[TimeOff, Depends(load_time_off)]
BookingDep = Annotated[Booking, Depends(load_booking)]
BulkBookingDep = Annotated[BulkBooking, Depends(load_bulk_booking)]
CalendarFeedDep = Annotated[CalendarFeed, Depends(load_calendar_feed)]
ContractDep = Annotated[Contract, Depends(load_contract)]
ApprovalPolicyDep = Annotated[ApprovalPolicy, Depends(load_approval_policy)]
ApprovalDep = Annotated[ApprovalRequest, Depends(load_approval)]
ProjectDep = Annotated[Project, Depends(load_project)]
MilestoneDep = Annotated[Milestone, Depends(load_milestone)]
MemberDep = Annotated[Member, Depends(load_member)]
RoleDep = Annotated[Role, Depends(load_role)]
AnyRoleDep = Annotated[RoleOut, Depends(load_any_role)]
AbsenceDep = Annotated[MemberAbsence, Depends(load_absence)]
ApiKeyDep = Annotated[ApiKey, Depends(load_api_key)]
ScimTokenDep = Annotated[ScimToken, Depends(load_scim_token)]
ScimMappingDep = Annotated[ScimRoleMapping, Depends(load_scim_mapping)]
AuditEventDep = Annotated[AuditEvent, Depends(load_audit_event)]
EventDep = Annotated[Event, Depends(load_event)]
WebhookEndpointDep = Annotated[WebhookEndpoint, Depends(load_webhook_endpoint)]
LedgerEntryDep = Annotated[LedgerEntry, Depends(load_ledger_entry)]
BudgetDep = Annotated[Budget, Depends(load_budget)]
RevenueImportDep = Annotated[RevenueImport, Depends(load_revenue_import)]
