"""Activities of webhook delivery: one signed attempt, and the alert when an endpoint is
disabled.

An attempt re-checks the endpoint's URL against the SSRF guard (the DNS answer may have
changed since the endpoint was saved) and connects to the address it checked. Everything the
receiver does — an answer, a timeout, a refused connection — is recorded as an attempt and
returned as a value; only failures on our side (the database) raise, so Temporal retries
those without consuming the receiver's retry schedule.
"""

from __future__ import annotations

import html
import json
import logging
import time
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from activities.errors import to_application_error
from core import metrics
from core.config import Settings
from core.crypto import SecretBox
from core.db import tenant_session
from core.ids import new_id
from core.url_guard import UnsafeUrl, check_url, pinned_request_target, sni_hostname
from domain.events import service as events
from domain.events.models import Event
from domain.keys.sealed import Sealing
from domain.sandbox import mail as sandbox_mail
from domain.tenancy.models import Member
from domain.usage import meter as usage
from domain.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from domain.webhooks.service import EndpointSecrets, requires_https, signature_header
from integrations.errors import IntegrationError, Rejected
from integrations.smtp import Mail, SmtpMailer
from integrations.webhooks import PostResult, WebhookSender
from workflows.webhook_types import (
    DISABLE_AFTER_FAILING_DAYS,
    AlertInput,
    AttemptInput,
    AttemptResult,
)

log = logging.getLogger("auditoryx.webhooks")
DELIVERY_ID_PREFIX = "whd"
ATTEMPT_ID_PREFIX = "wha"


def payload(event: Event) -> bytes:
    """The request body: Standard Webhooks' ``type``/``timestamp``/``data``, plus the id. The
    event's sealed fields opened (``events.open_events``): receivers get them in clear, while
    the stored event holds them sealed; a person erased before the attempt is sent as the
    event now reads (their fields ``null``, their name tombstoned)."""
    return json.dumps(
        {
            "id": event.id,
            "type": event.type,
            "timestamp": event.created_at.isoformat(),
            "data": event.delivered_data,
        },
        separators=(",", ":"),
    ).encode()


async def _delivery(session: AsyncSession, job: AttemptInput) -> WebhookDelivery:
    delivery = (
        await session.execute(
            select(WebhookDelivery).where(
                WebhookDelivery.endpoint_id == job.endpoint_id,
                WebhookDelivery.event_id == job.event_id,
            )
        )
    ).scalar_one_or_none()
    if delivery is None:
        delivery = WebhookDelivery(
            id=new_id(DELIVERY_ID_PREFIX),
            organization_id=job.organization_id,
            endpoint_id=job.endpoint_id,
            event_id=job.event_id,
            status="pending",
            attempts=0,
        )
        session.add(delivery)
        await session.flush()
    return delivery


class WebhookActivities:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: Settings,
        box: SecretBox,
        *,
        sender: WebhookSender | None = None,
        mailer: SmtpMailer | None = None,
        sealing: Sealing | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._settings = settings
        self._box = box
        self._sealing = sealing or Sealing.configured(sessionmaker)
        self._sender = sender or WebhookSender()
        self._mailer = mailer or SmtpMailer.from_settings(settings)

    @activity.defn(name="webhook_attempt")
    async def attempt(self, job: AttemptInput) -> AttemptResult:
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            endpoint = await session.get(WebhookEndpoint, job.endpoint_id)
            event = await session.get(Event, job.event_id)
            if event is None:
                return AttemptResult(outcome="skipped", error="the event no longer exists")
            delivery = await _delivery(session, job)
            if job.attempt == 1:
                delivery.status, delivery.completed_at = "pending", None
            if endpoint is None or not endpoint.enabled:
                delivery.status, delivery.completed_at = "skipped", job.attempted_at
                return AttemptResult(outcome="skipped", error="the endpoint is disabled")
            url = endpoint.url
            signing = EndpointSecrets.open(self._box, endpoint.secrets).valid(job.attempted_at)
            await events.open_events(session, self._sealing, [event])
            body = payload(event)
            delivery_id, created_at = delivery.id, event.created_at
        result = await self._post(url, event_id=job.event_id, secrets=signing, body=body)
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            recorded = await self._record(session, job, delivery_id, result)
        lag = job.attempted_at - created_at
        metrics.observe_webhook_attempt(recorded.outcome, attempt=job.attempt, lag=lag)
        return recorded

    async def _post(
        self, url: str, *, event_id: str, secrets: list[str], body: bytes
    ) -> PostResult:
        try:
            addresses = await check_url(
                url,
                require_https=requires_https(self._settings),
                allow_private=self._settings.outbound_allow_private_networks,
                allowed_ports=self._settings.outbound_allowed_ports,
            )
        except UnsafeUrl as exc:
            return PostResult(None, f"refused: {exc}", "", 0)
        target = pinned_request_target(url, addresses[0])
        # The signature's clock is the real one: receivers compare it with theirs.
        timestamp = int(time.time())
        headers = {
            "webhook-id": event_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature_header(
                secrets, msg_id=event_id, timestamp=timestamp, body=body
            ),
        }
        return await self._sender.post(
            target.url, host=target.host, sni_hostname=sni_hostname(url), headers=headers, body=body
        )

    async def _record(
        self, session: AsyncSession, job: AttemptInput, delivery_id: str, result: PostResult
    ) -> AttemptResult:
        outcome = "succeeded" if result.succeeded else "failed"
        session.add(
            WebhookAttempt(
                id=new_id(ATTEMPT_ID_PREFIX),
                organization_id=job.organization_id,
                endpoint_id=job.endpoint_id,
                event_id=job.event_id,
                delivery_id=delivery_id,
                attempt=job.attempt,
                outcome=outcome,
                status_code=result.status_code,
                error=(result.error or "")[:500] or None,
                response_excerpt=result.excerpt,
                duration_ms=result.duration_ms,
                attempted_at=job.attempted_at,
            )
        )
        delivery = await session.get(WebhookDelivery, delivery_id)
        endpoint = await session.get(WebhookEndpoint, job.endpoint_id)
        assert delivery is not None
        delivery.attempts += 1
        delivery.last_status_code = result.status_code
        disabled = False
        if result.succeeded:
            delivery.status, delivery.completed_at = "succeeded", job.attempted_at
            delivery.next_attempt_at = None
            if endpoint is not None:
                endpoint.failing_since = None
        else:
            delivery.next_attempt_at = job.next_attempt_at
            if job.next_attempt_at is None:
                delivery.status, delivery.completed_at = "failed", job.attempted_at
            if endpoint is not None:
                disabled = await self._count_failure(session, endpoint, job)
                if disabled:
                    delivery.status, delivery.completed_at = "failed", job.attempted_at
                    delivery.next_attempt_at = None
        outcome_counted = usage.delivery_outcome(
            result.succeeded, gave_up=delivery.status == "failed"
        )
        usage.count_on_commit(
            session, job.organization_id, usage.WEBHOOK_DELIVERIES, category=outcome_counted
        )
        return AttemptResult(
            outcome=outcome,
            status_code=result.status_code,
            error=result.error,
            endpoint_disabled=disabled,
        )

    async def _count_failure(
        self, session: AsyncSession, endpoint: WebhookEndpoint, job: AttemptInput
    ) -> bool:
        """Start the failure clock, or disable the endpoint once it has run for 5 days."""
        if endpoint.failing_since is None:
            endpoint.failing_since = job.attempted_at
            return False
        if job.attempted_at - endpoint.failing_since < timedelta(days=DISABLE_AFTER_FAILING_DAYS):
            return False
        if not endpoint.enabled:
            return False
        endpoint.enabled = False
        endpoint.disabled_reason = f"every delivery failed for {DISABLE_AFTER_FAILING_DAYS} days"
        await session.flush()
        await events.emit(
            session,
            organization_id=endpoint.organization_id,
            type_="webhook_endpoint.disabled",
            data={
                "object": "webhook_endpoint",
                "id": endpoint.id,
                "url": endpoint.url,
                "failing_since": endpoint.failing_since,
                "disabled_reason": endpoint.disabled_reason,
            },
        )
        return True

    @activity.defn(name="webhook_alert_endpoint_disabled")
    async def alert_endpoint_disabled(self, job: AlertInput) -> int:
        """E-mail the organization's owners and admins; returns how many were told."""
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            sandbox = await sandbox_mail.is_sandbox(session, job.organization_id)
            if self._mailer is None and not sandbox:
                log.warning("endpoint %s disabled; no SMTP server to tell anyone", job.endpoint_id)
                return 0
            endpoint = await session.get(WebhookEndpoint, job.endpoint_id)
            if endpoint is None or endpoint.enabled or endpoint.failing_since is None:
                return 0  # gone, or enabled again since: nothing to tell
            url, since = endpoint.url, endpoint.failing_since
            recipients = (
                (
                    await session.execute(
                        select(Member.email).where(
                            Member.role.in_(("owner", "admin")), Member.status == "active"
                        )
                    )
                )
                .scalars()
                .all()
            )
        text = (
            f"Your webhook endpoint {url} ({job.endpoint_id}) failed every delivery since "
            f"{since:%Y-%m-%d %H:%M} UTC and has been disabled. Fix the receiver, re-enable the "
            "endpoint (PATCH /v1/webhook-endpoints/{id} with enabled=true) and recover the "
            "missed events (POST /v1/webhook-endpoints/{id}/recover)."
        )
        subject = "Webhook endpoint disabled after 5 days of failures"
        if sandbox:  # captured for GET /v1/sandbox/emails, never sent
            async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
                for address in recipients:
                    await sandbox_mail.capture(
                        session,
                        organization_id=job.organization_id,
                        recipients=[address],
                        subject=subject,
                        text=text,
                        html=f"<p>{html.escape(text)}</p>",
                        template="webhook_endpoint_disabled",
                    )
            return len(recipients)
        if self._mailer is None:  # refused above already; narrows the type
            return 0
        for address in recipients:
            try:
                await self._mailer.send(
                    Mail(
                        to=address,
                        subject=subject,
                        text=text,
                        html=f"<p>{html.escape(text)}</p>",
                    )
                )
            except Rejected as exc:  # that address will never take it; the others may
                log.warning("alert to %s refused: %s", address, exc)
                continue
            except IntegrationError as exc:
                raise to_application_error(exc, during="the alert") from None
            usage.count(
                job.organization_id, usage.EMAILS_SENT, category="webhook_endpoint_disabled"
            )
        return len(recipients)
