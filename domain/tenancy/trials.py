"""Trials: an organization on a trial plan (``pilot``, 30 days) until it converts or expires.

Starting a trial moves the organization to the trial plan and records when it ends; the
``TrialWorkflow`` (``{org}:trial:{org}``) then mails its managers 7 and 1 days before the end
and, at the end, expires it unless it was converted. An expired trial leaves the organization
**read-only** (every change answers 403 ``read_only``; reads work; nothing is deleted) until
it converts. Conversion moves it to the plan chosen and ends the workflow before the
downgrade. Expiry and conversion each change the row only from the states they accept, in one
statement, so when they race the database decides and exactly one wins.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit import service as audit
from domain.errors import Conflict, InvalidRequest, NotFound
from domain.notices import mail, templates
from domain.notices import recipients as notice_recipients
from domain.notices import settings as notice_settings
from domain.tenancy import organizations, plan_catalog
from domain.tenancy.models import Organization, OrganizationTrial

DEFAULT_TRIAL_PLAN = "pilot"
REMINDER_DAYS = (7, 1)


class TrialExists(Conflict):
    code, title = "trial_exists", "Trial exists"


def trial_document(trial: OrganizationTrial) -> dict[str, Any]:
    return {
        "organization_id": trial.organization_id,
        "plan": trial.plan,
        "status": trial.status,
        "started_at": trial.started_at.isoformat(),
        "ends_at": trial.ends_at.isoformat(),
        "converted_plan": trial.converted_plan,
    }


async def start_trial(
    session: AsyncSession,
    *,
    organization_id: str,
    now: datetime,
    actor: audit.Actor,
    plan: str = DEFAULT_TRIAL_PLAN,
) -> OrganizationTrial:
    """Put a root organization on the trial ``plan`` until ``now`` + the plan's trial days.
    An organization has one trial in its life (409 ``trial_exists`` for a second)."""
    org = await session.get(Organization, organization_id)
    if org is None:
        raise NotFound(f"no organization {organization_id}", param="organization")
    if org.parent_id is not None or org.sandbox_of is not None:
        raise InvalidRequest("only a root organization has a trial", param="organization")
    trial_plan = await plan_catalog.plan_named(session, plan, fresh=True)
    if trial_plan.trial_days is None:
        raise InvalidRequest(f"the {plan} plan is not a trial plan", param="plan")
    if await session.get(OrganizationTrial, organization_id) is not None:
        raise TrialExists(f"organization {organization_id} has had its trial", param="plan")
    await organizations.change_plan(session, org, plan=plan, actor=actor)
    trial = OrganizationTrial(
        organization_id=organization_id,
        plan=plan,
        status="active",
        started_at=now,
        ends_at=now + timedelta(days=trial_plan.trial_days),
        updated_at=now,
    )
    session.add(trial)
    await session.flush()
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="organization.trial_started",
        target_type="organization",
        target_id=organization_id,
        after=trial_document(trial),
    )
    plan_catalog.forget(organization_id)
    return trial


async def get_trial(session: AsyncSession, organization_id: str) -> OrganizationTrial:
    trial = await session.get(OrganizationTrial, organization_id, populate_existing=True)
    if trial is None:
        raise NotFound(f"organization {organization_id} has no trial", param="organization")
    return trial


async def convert_trial(
    session: AsyncSession, *, organization_id: str, plan: str, now: datetime, actor: audit.Actor
) -> OrganizationTrial:
    """Move the organization from its trial (active or expired) to ``plan``; an expired one
    is writable again. 409 ``conflict`` when it was converted already."""
    org = await session.get(Organization, organization_id)
    if org is None:
        raise NotFound(f"no organization {organization_id}", param="organization")
    trial = await get_trial(session, organization_id)
    if plan == trial.plan:
        raise InvalidRequest("convert to a plan other than the trial's", param="plan")
    converted = (
        await session.execute(
            update(OrganizationTrial)
            .where(
                OrganizationTrial.organization_id == organization_id,
                OrganizationTrial.status.in_(("active", "expired")),
            )
            .values(status="converted", converted_plan=plan, updated_at=now)
            .returning(OrganizationTrial.organization_id)
        )
    ).scalar_one_or_none()
    if converted is None:
        raise Conflict(f"the trial was converted already (to {trial.converted_plan})")
    await organizations.change_plan(session, org, plan=plan, actor=actor)
    trial = await get_trial(session, organization_id)
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="organization.trial_converted",
        target_type="organization",
        target_id=organization_id,
        after=trial_document(trial),
    )
    plan_catalog.forget(organization_id)
    return trial


async def expire_trial(
    session: AsyncSession, *, organization_id: str, now: datetime, actor: audit.Actor
) -> bool:
    """Expire the trial if it is still active and due: the organization becomes read-only.
    ``False`` when it was converted (or is not due yet)."""
    expired = (
        await session.execute(
            update(OrganizationTrial)
            .where(
                OrganizationTrial.organization_id == organization_id,
                OrganizationTrial.status == "active",
                OrganizationTrial.ends_at <= now,
            )
            .values(status="expired", updated_at=now)
            .returning(OrganizationTrial.organization_id)
        )
    ).scalar_one_or_none()
    if expired is None:
        return False
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="organization.trial_expired",
        target_type="organization",
        target_id=organization_id,
        after={"status": "expired", "read_only": True},
    )
    plan_catalog.forget(organization_id)
    return True


async def queue_reminder(
    session: AsyncSession, *, organization_id: str, days_left: int, now: datetime
) -> int:
    """Queue the "trial ends in N days" mail for each manager (once per trial and N); 0 when
    the trial is no longer active. The mail activity sends what is queued."""
    trial = await get_trial(session, organization_id)
    if trial.status != "active":
        return 0
    org = await session.get(Organization, organization_id)
    assert org is not None
    settings = await notice_settings.get_settings(session, organization_id)
    queued = 0
    for recipient in await notice_recipients.managers(session, settings):
        rendered = await templates.render_email(
            session,
            organization_id,
            "trial_reminder",
            {
                "recipient_name": recipient.name,
                "organization_name": org.name,
                "plan": trial.plan,
                "days_left": days_left,
                "ends_on": notice_settings.local_time(trial.ends_at, settings.timezone, "%Y-%m-%d"),
            },
        )
        outbox = await mail.enqueue(
            session,
            organization_id=organization_id,
            ledger_key=f"trial:{trial.started_at.isoformat()}:{days_left}:{recipient.email}",
            kind="trial_reminder",
            to=recipient.email,
            mail=rendered,
            subject_id=organization_id,
            due_at=now,
            now=now,
        )
        queued += outbox is not None
    return queued
