"""The work itself: bookings, bulk bookings, approvals, contracts and projects."""

from __future__ import annotations

from collections.abc import Awaitable, Collection
from typing import Any, overload

from auditoryx._http import AsyncAPI, SyncAPI
from auditoryx._resource import Backoff, C_co, Endpoint, ListEndpoint, Resource, poll
from auditoryx.models import (
    ApprovalOut,
    BookingOut,
    BulkBookingOut,
    BulkItemOut,
    ConflictReportOut,
    ContractOut,
    MatchesOut,
    MilestoneOut,
    PlanOut,
    PolicyOut,
    ProjectOut,
    ProjectProgress,
    ProjectProgressOut,
)

# A bulk booking rests in these: finished, or waiting for a person to approve it.
BULK_FINAL = frozenset({"confirmed", "failed", "rejected", "cancelled"})
BULK_SETTLED = BULK_FINAL | {"awaiting_approval"}
APPROVAL_FINAL = frozenset({"approved", "rejected", "cancelled"})


class Bookings(Resource[C_co]):
    """Sessions. ``create`` refuses a double booking with a 409 naming what is in the way."""

    list = ListEndpoint[BookingOut]("/v1/bookings", BookingOut)
    create = Endpoint[BookingOut]("POST", "/v1/bookings", BookingOut)
    retrieve = Endpoint[BookingOut]("GET", "/v1/bookings/{id}", BookingOut)
    check_conflicts = Endpoint[ConflictReportOut](
        "POST", "/v1/bookings/conflicts", ConflictReportOut
    )
    confirm = Endpoint[BookingOut]("POST", "/v1/bookings/{id}/confirm", BookingOut)
    cancel = Endpoint[BookingOut]("POST", "/v1/bookings/{id}/cancel", BookingOut)
    complete = Endpoint[BookingOut]("POST", "/v1/bookings/{id}/complete", BookingOut)
    no_show = Endpoint[BookingOut]("POST", "/v1/bookings/{id}/no-show", BookingOut)
    reschedule = Endpoint[BookingOut]("POST", "/v1/bookings/{id}/reschedule", BookingOut)


class BulkBookings(Resource[C_co]):
    """Batches of sessions booked as one saga. ``create(dry_run=True, ...)`` answers the
    plan (:class:`PlanOut`) and holds nothing; ``wait`` follows a batch to its end."""

    list = ListEndpoint[BulkBookingOut]("/v1/bulk-bookings", BulkBookingOut)
    create = Endpoint[BulkBookingOut | PlanOut](
        "POST", "/v1/bulk-bookings", BulkBookingOut | PlanOut
    )
    retrieve = Endpoint[BulkBookingOut]("GET", "/v1/bulk-bookings/{id}", BulkBookingOut)
    items = ListEndpoint[BulkItemOut]("/v1/bulk-bookings/{id}/items", BulkItemOut, cursor="index")
    cancel = Endpoint[BulkBookingOut]("POST", "/v1/bulk-bookings/{id}/cancel", BulkBookingOut)

    @overload
    def wait(
        self: BulkBookings[SyncAPI],
        id: str,
        *,
        until: Collection[str] = ...,
        backoff: Backoff = ...,
    ) -> BulkBookingOut: ...
    @overload
    def wait(
        self: BulkBookings[AsyncAPI],
        id: str,
        *,
        until: Collection[str] = ...,
        backoff: Backoff = ...,
    ) -> Awaitable[BulkBookingOut]: ...
    def wait(
        self,
        id: str,
        *,
        until: Collection[str] = BULK_SETTLED,
        backoff: Backoff = Backoff(),
    ) -> Any:
        """Poll batch ``id`` until its status is one of ``until`` (by default: finished, or
        awaiting approval) and return it; :class:`~auditoryx.WaitTimeout` after
        ``backoff.timeout`` seconds."""
        return poll(
            self._client,
            lambda: self.retrieve(id, items_limit=0),
            lambda batch: batch.status in until,
            backoff,
            f"bulk booking {id}",
        )


class Matches(Resource[C_co]):
    """Creators ranked for a session's needs (skills, budget, timezone, availability)."""

    find = Endpoint[MatchesOut]("POST", "/v1/matches", MatchesOut)


class ApprovalPolicies(Resource[C_co]):
    list = ListEndpoint[PolicyOut]("/v1/approval-policies", PolicyOut)
    create = Endpoint[PolicyOut]("POST", "/v1/approval-policies", PolicyOut)
    retrieve = Endpoint[PolicyOut]("GET", "/v1/approval-policies/{id}", PolicyOut)
    update = Endpoint[PolicyOut]("PATCH", "/v1/approval-policies/{id}", PolicyOut)


class Approvals(Resource[C_co]):
    """Approval requests; ``decide(id, decision="approve")`` records the caller's decision."""

    list = ListEndpoint[ApprovalOut]("/v1/approvals", ApprovalOut)
    retrieve = Endpoint[ApprovalOut]("GET", "/v1/approvals/{id}", ApprovalOut)
    decide = Endpoint[ApprovalOut]("POST", "/v1/approvals/{id}/decisions", ApprovalOut)
    delegate = Endpoint[ApprovalOut]("POST", "/v1/approvals/{id}/delegate", ApprovalOut)

    @overload
    def wait(self: Approvals[SyncAPI], id: str, *, backoff: Backoff = ...) -> ApprovalOut: ...
    @overload
    def wait(
        self: Approvals[AsyncAPI], id: str, *, backoff: Backoff = ...
    ) -> Awaitable[ApprovalOut]: ...
    def wait(self, id: str, *, backoff: Backoff = Backoff()) -> Any:
        """Poll approval ``id`` until it is approved, rejected or cancelled, and return it."""
        return poll(
            self._client,
            lambda: self.retrieve(id),
            lambda approval: approval.status in APPROVAL_FINAL,
            backoff,
            f"approval {id}",
        )


class Contracts(Resource[C_co]):
    list = ListEndpoint[ContractOut]("/v1/contracts", ContractOut)
    create = Endpoint[ContractOut]("POST", "/v1/contracts", ContractOut)
    retrieve = Endpoint[ContractOut]("GET", "/v1/contracts/{id}", ContractOut)
    update = Endpoint[ContractOut]("PATCH", "/v1/contracts/{id}", ContractOut)
    submit = Endpoint[ContractOut]("POST", "/v1/contracts/{id}/submit", ContractOut)
    sign = Endpoint[ContractOut]("POST", "/v1/contracts/{id}/sign", ContractOut)


class Projects(Resource[C_co]):
    """Albums and campaigns: a DAG of milestones run by a ``ProjectWorkflow`` once started."""

    list = ListEndpoint[ProjectOut]("/v1/projects", ProjectOut)
    create = Endpoint[ProjectOut]("POST", "/v1/projects", ProjectOut)
    retrieve = Endpoint[ProjectOut]("GET", "/v1/projects/{id}", ProjectOut)
    update = Endpoint[ProjectOut]("PATCH", "/v1/projects/{id}", ProjectOut)
    add_milestone = Endpoint[MilestoneOut]("POST", "/v1/projects/{id}/milestones", MilestoneOut)
    start = Endpoint[ProjectOut]("POST", "/v1/projects/{id}/start", ProjectOut)
    replan = Endpoint[ProjectProgress]("POST", "/v1/projects/{id}/replan", ProjectProgress)
    cancel = Endpoint[ProjectOut]("POST", "/v1/projects/{id}/cancel", ProjectOut)
    progress = Endpoint[ProjectProgressOut]("GET", "/v1/projects/{id}/progress", ProjectProgressOut)


class Milestones(Resource[C_co]):
    retrieve = Endpoint[MilestoneOut]("GET", "/v1/milestones/{id}", MilestoneOut)
    update_checklist = Endpoint[MilestoneOut]("POST", "/v1/milestones/{id}/checklist", MilestoneOut)
