"""Activities of the lifecycle dispatcher and the stakeholder report: queue what is due,
deliver the outbox over SMTP, compose the weekly summary.

``now`` always comes from the workflow. Delivery re-checks each notice against the database
at send time, so a reminder queued a moment before its booking was cancelled or moved, or
before its session started, is dropped instead of sent.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from core.db import tenant_session
from core.workflow_ids import is_system_workflow
from domain.approvals.models import ApprovalRequest
from domain.bookings.models import Booking
from domain.keys.sealed import Sealing
from domain.money import from_minor
from domain.notices import lifecycle, mail, templates
from domain.notices import recipients as notice_recipients
from domain.notices import settings as notice_settings
from domain.notices.models import EmailOutboxItem
from domain.projects.models import Milestone, Project
from domain.sandbox import mail as sandbox_mail
from domain.usage import meter as usage
from integrations.errors import IntegrationError, Rejected
from integrations.smtp import Mail, SmtpMailer
from workflows.lifecycle_types import (
    DeliverResult,
    DispatchInput,
    DispatchResult,
    ReportJob,
    ReportResult,
)

log = logging.getLogger("auditoryx.worker")
MAX_ATTEMPTS = 8
RETRY_AFTER = timedelta(minutes=5)
DELIVERY_BATCH = 200


class LifecycleActivities:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        mailer: SmtpMailer | None,
        sealing: Sealing | None = None,
        *,
        every_placement: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        """``every_placement``: sessions that reach every placement, for a system workflow's
        call (an organization deletion e-mails owners of any region); by default
        ``sessionmaker``, which may serve this worker's region only."""
        self._own_region = sessionmaker
        self._every_placement = every_placement or sessionmaker
        self._mailer = mailer
        # Creators' e-mails are sealed with their keys: reminders open them to send.
        self._sealing = sealing or Sealing.configured(sessionmaker)

    @property
    def _sessionmaker(self) -> async_sessionmaker[AsyncSession]:
        """The sessions for the calling workflow: a system workflow's reach every placement."""
        if is_system_workflow(activity.info().workflow_id or ""):
            return self._every_placement
        return self._own_region

    @activity.defn(name="lifecycle_dispatch")
    async def dispatch(self, job: DispatchInput) -> DispatchResult:
        """Queue every notice due at ``job.now`` that the ledger does not hold yet."""
        queued = 0
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            settings = await notice_settings.get_settings(session, job.organization_id)
            for notice in await lifecycle.due_notices(session, settings, job.now, self._sealing):
                rendered = await templates.render_email(
                    session, job.organization_id, notice.template, notice.context
                )
                outbox_id = await mail.enqueue(
                    session,
                    organization_id=job.organization_id,
                    ledger_key=notice.key,
                    kind=notice.kind,
                    to=notice.recipient.email,
                    mail=rendered,
                    subject_id=notice.subject_id,
                    due_at=notice.due_at,
                    now=job.now,
                    not_after=notice.not_after,
                )
                queued += outbox_id is not None
            next_due = await lifecycle.next_due(session, settings, job.now)
        return DispatchResult(queued=queued, next_due_at=next_due)

    @activity.defn(name="lifecycle_deliver")
    async def deliver(self, job: DispatchInput) -> DeliverResult:
        """Send the queued mail of the organization, oldest first; each one is re-checked."""
        result = DeliverResult()
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            queued = (
                (
                    await session.execute(
                        select(EmailOutboxItem.id)
                        .where(EmailOutboxItem.status == "queued")
                        .order_by(EmailOutboxItem.created_at, EmailOutboxItem.id)
                        .limit(DELIVERY_BATCH)
                    )
                )
                .scalars()
                .all()
            )
        for outbox_id in queued:
            await self._deliver_one(job, outbox_id, result)
        return result

    async def _deliver_one(self, job: DispatchInput, outbox_id: str, result: DeliverResult) -> None:
        # One transaction per message, row locked: two deliveries never send the same one.
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            item = (
                await session.execute(
                    select(EmailOutboxItem)
                    .where(EmailOutboxItem.id == outbox_id, EmailOutboxItem.status == "queued")
                    .with_for_update(skip_locked=True)
                )
            ).scalar_one_or_none()
            if item is None:
                return
            stale = await lifecycle.is_still_true(
                session,
                kind=item.kind,
                subject_id=item.subject_id,
                not_after=item.not_after,
                now=job.now,
            )
            if stale is not None:
                item.status, item.last_error = "dropped", stale[:1000]
                result.dropped += 1
                return
            if await sandbox_mail.is_sandbox(session, job.organization_id):
                # A sandbox's mail is captured for GET /v1/sandbox/emails, never sent.
                await sandbox_mail.capture(
                    session,
                    organization_id=job.organization_id,
                    recipients=[item.to_address],
                    subject=item.subject,
                    text=item.text,
                    html=item.html,
                    reply_to=item.reply_to,
                    template=item.kind,
                )
                item.status, item.sent_at, item.last_error = "sent", job.now, ""
                result.sent += 1
                return
            if self._mailer is None:
                item.status, item.last_error = "failed", "no SMTP server configured (SMTP_HOST)"
                result.failed += 1
                return
            item.attempts += 1
            # The brand as it is when the mail leaves: the name its recipient sees.
            brand = await notice_settings.brand_of(
                session, await notice_settings.get_settings(session, job.organization_id)
            )
            try:
                await self._mailer.send(
                    Mail(
                        to=item.to_address,
                        subject=item.subject,
                        text=item.text,
                        html=item.html,
                        reply_to=item.reply_to,
                        headers={"X-AuditoryX-Notice": item.kind, "X-AuditoryX-Outbox": item.id},
                        sender_name=brand["name"],
                    )
                )
            except IntegrationError as exc:
                item.last_error = str(exc)[:1000]
                if isinstance(exc, Rejected) or item.attempts >= MAX_ATTEMPTS:
                    item.status = "failed"
                    result.failed += 1
                else:
                    result.retry_at = job.now + RETRY_AFTER
                log.warning("mail %s to %s not sent: %s", item.id, item.to_address, exc)
                return
            item.status, item.sent_at, item.last_error = "sent", job.now, ""
            result.sent += 1
            usage.count_on_commit(
                session, job.organization_id, usage.EMAILS_SENT, category=item.kind
            )

    @activity.defn(name="lifecycle_send_report")
    async def send_report(self, job: ReportJob) -> ReportResult:
        """Compose the week's summary and queue it for every recipient (once per day)."""
        since = job.now - timedelta(days=7)
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            settings = await notice_settings.get_settings(session, job.organization_id)
            recipients = list(settings.report_recipients) or [
                r.email for r in await notice_recipients.managers(session, settings)
            ]
            booked = await _count(
                session,
                select(func.count())
                .select_from(Booking)
                .where(
                    Booking.created_at > since,
                    Booking.status.in_(("pending_approval", "confirmed", "completed")),
                ),
            )
            completed = await _count(
                session,
                select(func.count())
                .select_from(Booking)
                .where(Booking.status == "completed", func.upper(Booking.period) > since),
            )
            pending = await _count(
                session,
                select(func.count())
                .select_from(ApprovalRequest)
                .where(ApprovalRequest.status == "pending"),
            )
            context = {
                "period_start": notice_settings.local_time(since, settings.timezone, "%Y-%m-%d"),
                "period_end": notice_settings.local_time(job.now, settings.timezone, "%Y-%m-%d"),
                "sessions_booked": booked,
                "sessions_completed": completed,
                "pending_approvals": pending,
                "projects": await _spend(session),
                "upcoming_milestones": await _upcoming(session, job.now, settings.timezone),
            }
            rendered = await templates.render_email(
                session, job.organization_id, "weekly_report", context
            )
            day = job.now.date().isoformat()
            for address in recipients:
                await mail.enqueue(
                    session,
                    organization_id=job.organization_id,
                    ledger_key=f"report:{day}:{address}",
                    kind="weekly_report",
                    to=address,
                    mail=rendered,
                    subject_id=job.organization_id,
                    due_at=job.now,
                    now=job.now,
                )
            usage.count_on_commit(
                session, job.organization_id, usage.WORKFLOW_STARTS, category="report"
            )
        return ReportResult(
            recipients=recipients,
            sessions_booked=booked,
            sessions_completed=completed,
            pending_approvals=pending,
        )


async def _count(session: AsyncSession, stmt: object) -> int:
    return int((await session.execute(stmt)).scalar_one())  # type: ignore[call-overload]


async def _spend(session: AsyncSession) -> list[dict[str, str | None]]:
    rows = (
        await session.execute(
            select(Project, func.coalesce(func.sum(Booking.price_minor), 0))
            .outerjoin(
                Booking,
                (Booking.project_id == Project.id)
                & Booking.status.in_(("pending_approval", "confirmed", "completed")),
            )
            .where(Project.status.in_(("draft", "active")))
            .group_by(Project.id)
            .order_by(Project.name)
        )
    ).all()
    return [
        {
            "name": project.name,
            "spent": str(from_minor(int(spent), project.currency)),
            "budget": str(from_minor(project.budget_minor, project.currency))
            if project.budget_minor is not None
            else None,
            "currency": project.currency,
        }
        for project, spent in rows
    ]


async def _upcoming(session: AsyncSession, now: datetime, tz: str) -> list[dict[str, str]]:
    rows = (
        await session.execute(
            select(Milestone, Project.name)
            .join(Project, Project.id == Milestone.project_id)
            .where(
                Milestone.status.in_(("pending", "booked")),
                Milestone.due_at.is_not(None),
                Milestone.due_at <= now + timedelta(days=14),
                Project.status == "active",
            )
            .order_by(Milestone.due_at)
            .limit(20)
        )
    ).all()
    return [
        {
            "project": project_name,
            "name": m.name,
            "due_local": notice_settings.local_time(m.due_at, tz, "%a %-d %b %Y")
            if m.due_at
            else "",
        }
        for m, project_name in rows
    ]
