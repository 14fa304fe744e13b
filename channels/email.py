"""The e-mail channel of approval requests: one single-use link per approver and notice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from channels.notice import Notice
from core.config import Environment, Settings
from core.db import tenant_session
from domain.approvals.links import create_link, link_url
from domain.notices.templates import render_email
from domain.sandbox import mail as sandbox_mail
from domain.usage import meter as usage
from integrations.errors import IntegrationError
from integrations.smtp import Mail, SmtpMailer

SUBJECTS = {
    "request": "Approval needed: {summary}",
    "reminder": "Reminder — approval needed: {summary}",
    "escalation": "Escalated to you — approval needed: {summary}",
}


def base_url(settings: Settings) -> str | None:
    if settings.public_base_url:
        return settings.public_base_url
    if settings.environment in (Environment.DEV, Environment.TEST):
        return f"http://localhost:{settings.api_port}"
    return None


class EmailApprovalChannel:
    """Sends the approver a link to the confirmation page; reports, never raises."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: Settings,
        mailer: SmtpMailer | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._settings = settings
        self._mailer = mailer or SmtpMailer.from_settings(settings)

    async def __call__(self, notice: Notice) -> tuple[str, str, str]:
        base = base_url(self._settings)
        if base is None:
            return "email", "failed", "PUBLIC_BASE_URL is not set"
        ttl = timedelta(hours=self._settings.approval_link_ttl_hours)
        async with tenant_session(self._sessionmaker, [notice.organization_id]) as session:
            # A sandbox's approval request is captured, SMTP server or not (never sent).
            sandbox = await sandbox_mail.is_sandbox(session, notice.organization_id)
            if self._mailer is None and not sandbox:
                return "email", "skipped", "no SMTP server configured"
            token = await create_link(
                session,
                organization_id=notice.organization_id,
                request_id=notice.request_id,
                member_id=notice.member_id,
                step_index=notice.step_index,
                ttl=ttl,
            )
            context = {
                "member_name": notice.member_name,
                "kind": notice.kind,
                "summary": notice.summary,
                "step_name": notice.step_name,
                "link": link_url(base, token),
                "expires": (datetime.now(UTC) + ttl).strftime("%Y-%m-%d %H:%M"),
            }
            # The organization's override and branding, if it has them; the built-in otherwise.
            branded = await render_email(
                session, notice.organization_id, "approval_request", context
            )
            mail = Mail(
                to=notice.member_email,
                subject=branded.subject
                if branded.custom_subject
                else SUBJECTS[notice.kind].format(summary=notice.summary)[:200],
                text=branded.text,
                html=branded.html,
                reply_to=branded.reply_to,
                headers={"X-AuditoryX-Approval": notice.request_id},
                sender_name=branded.sender_name,
            )
            if sandbox:
                await sandbox_mail.capture(
                    session,
                    organization_id=notice.organization_id,
                    recipients=[mail.to],
                    subject=mail.subject,
                    text=mail.text,
                    html=mail.html,
                    reply_to=mail.reply_to,
                    template="approval_request",
                )
                return "email", "sent", f"{notice.member_email} (captured: sandbox)"
        if self._mailer is None:  # refused above already; narrows the type
            return "email", "skipped", "no SMTP server configured"
        try:
            await self._mailer.send(mail)
        except IntegrationError as exc:
            return "email", "failed", str(exc)[:500]
        usage.count(notice.organization_id, usage.EMAILS_SENT, category="approval_request")
        return "email", "sent", notice.member_email
