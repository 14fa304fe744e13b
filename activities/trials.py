"""Activities of the TrialWorkflow: queue a reminder, expire the trial."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from core.db import tenant_session
from domain.audit.service import Actor
from domain.tenancy import trials
from workflows.trial_types import ExpireTrial, TrialReminder

ACTOR = Actor(type="system", id="trial")


class TrialActivities:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    @activity.defn(name="trial_queue_reminder")
    async def queue_reminder(self, reminder: TrialReminder) -> int:
        """Queue the reminder for the managers; how many were queued (0: trial not active)."""
        async with tenant_session(self._sessionmaker, [reminder.organization_id]) as session:
            return await trials.queue_reminder(
                session,
                organization_id=reminder.organization_id,
                days_left=reminder.days_left,
                now=reminder.now,
            )

    @activity.defn(name="trial_expire")
    async def expire(self, job: ExpireTrial) -> bool:
        """Expire the trial unless it was converted; ``True`` when it expired."""
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            return await trials.expire_trial(
                session, organization_id=job.organization_id, now=job.now, actor=ACTOR
            )
