"""Webhook endpoints and Standard Webhooks signing.

Signing follows https://www.standardwebhooks.com: the secret is ``whsec_`` + base64 of random
bytes; each request carries ``webhook-id`` (the event id, the same on every retry so receivers
can de-duplicate), ``webhook-timestamp`` (Unix seconds of the attempt) and
``webhook-signature``: ``v1,`` + base64 HMAC-SHA256 over ``{id}.{timestamp}.{body}``, one
space-separated signature per valid secret. During a rotation's grace period both the new and
the previous secret sign, so a receiver can switch keys without missing a delivery.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.config import Environment, Settings
from core.crypto import SecretBox
from core.ids import new_id
from core.url_guard import UnsafeUrl, check_url
from domain.audit import service as audit
from domain.errors import InvalidRequest
from domain.pagination import Page, paginate
from domain.tenancy import quotas
from domain.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
SECRET_BYTES = 24
ENDPOINT_ID_PREFIX = "we"
MAX_GRACE = timedelta(days=7)


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def sign(secret: str, *, msg_id: str, timestamp: int, body: bytes) -> str:
    """One ``v1,<base64>`` signature of ``{msg_id}.{timestamp}.{body}``."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    content = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_header(secrets_: list[str], *, msg_id: str, timestamp: int, body: bytes) -> str:
    return " ".join(sign(s, msg_id=msg_id, timestamp=timestamp, body=body) for s in secrets_)


@dataclass(frozen=True, slots=True)
class EndpointSecrets:
    current: str
    previous: str | None = None
    previous_expires_at: datetime | None = None

    def valid(self, now: datetime) -> list[str]:
        """The secrets that sign at ``now``: the current one, and the previous in its grace."""
        keep_previous = (
            self.previous is not None
            and self.previous_expires_at is not None
            and now < self.previous_expires_at
        )
        return [self.current, self.previous] if keep_previous and self.previous else [self.current]

    def seal(self, box: SecretBox) -> bytes:
        return box.seal(
            {
                "current": self.current,
                "previous": self.previous,
                "previous_expires_at": self.previous_expires_at.isoformat()
                if self.previous_expires_at
                else None,
            }
        )

    @classmethod
    def open(cls, box: SecretBox, sealed: bytes) -> EndpointSecrets:
        values = box.open(sealed)
        expires = values.get("previous_expires_at")
        return cls(
            current=str(values["current"]),
            previous=values.get("previous"),
            previous_expires_at=datetime.fromisoformat(expires) if expires else None,
        )


def requires_https(settings: Settings) -> bool:
    """https everywhere but on a developer's machine and in tests (local receivers)."""
    return settings.environment not in (Environment.DEV, Environment.TEST)


async def checked_url(url: str, settings: Settings, *, param: str = "url") -> str:
    """The URL when it may be called; a 422 naming ``param`` when it is malformed, not https
    where https is required, or resolves to an address inside a private network."""
    try:
        await check_url(
            url,
            require_https=requires_https(settings),
            allow_private=settings.outbound_allow_private_networks,
            allowed_ports=settings.outbound_allowed_ports,
        )
    except UnsafeUrl as exc:
        raise InvalidRequest(str(exc), param=param, code="invalid_url") from None
    return url


def check_event_types(types: list[str], catalog: tuple[str, ...]) -> list[str]:
    unknown = [t for t in types if t not in catalog]
    if unknown:
        raise InvalidRequest(
            f"unknown event type(s) {', '.join(sorted(set(unknown)))}; valid types are: "
            + ", ".join(catalog),
            param="event_types",
            code="unknown_event_type",
            extra={"valid_event_types": list(catalog)},
        )
    return sorted(set(types))


def snapshot(endpoint: WebhookEndpoint) -> dict[str, Any]:
    """What the audit log keeps of an endpoint: never its secrets."""
    return {
        "url": endpoint.url,
        "description": endpoint.description,
        "event_types": list(endpoint.event_types),
        "enabled": endpoint.enabled,
    }


async def create_endpoint(
    session: AsyncSession,
    *,
    organization_id: str,
    url: str,
    description: str,
    event_types: list[str],
    box: SecretBox,
    actor: audit.Actor,
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret (returned here once, stored sealed), within the
    plan's ``webhook_endpoints`` quota (409 ``quota_exceeded`` past it)."""

    async def endpoints(session: AsyncSession) -> int:
        return int(
            (
                await session.execute(
                    select(func.count())
                    .select_from(WebhookEndpoint)
                    .where(WebhookEndpoint.organization_id == organization_id)
                )
            ).scalar_one()
        )

    await quotas.admit(
        session, organization_id=organization_id, quota="webhook_endpoints", usage=endpoints
    )
    secret = new_secret()
    endpoint = WebhookEndpoint(
        id=new_id(ENDPOINT_ID_PREFIX),
        organization_id=organization_id,
        url=url,
        description=description,
        event_types=event_types,
        secrets=EndpointSecrets(current=secret).seal(box),
        enabled=True,
    )
    session.add(endpoint)
    await session.flush()
    await session.refresh(endpoint)
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="webhook_endpoint.created",
        target_type="webhook_endpoint",
        target_id=endpoint.id,
        after=snapshot(endpoint),
    )
    return endpoint, secret


async def update_endpoint(
    session: AsyncSession, endpoint: WebhookEndpoint, changes: dict[str, Any], *, actor: audit.Actor
) -> WebhookEndpoint:
    before = snapshot(endpoint)
    for name in ("url", "description", "event_types", "enabled"):
        if name in changes and changes[name] is not None:
            setattr(endpoint, name, changes[name])
    if changes.get("enabled") is True:
        # Re-enabling starts a fresh failure clock.
        endpoint.disabled_reason = None
        endpoint.failing_since = None
    await session.flush()
    await session.refresh(endpoint)
    await audit.record(
        session,
        organization_id=endpoint.organization_id,
        actor=actor,
        action="webhook_endpoint.updated",
        target_type="webhook_endpoint",
        target_id=endpoint.id,
        before=before,
        after=snapshot(endpoint),
    )
    return endpoint


async def rotate_secret(
    session: AsyncSession,
    endpoint: WebhookEndpoint,
    *,
    box: SecretBox,
    grace: timedelta,
    now: datetime,
    actor: audit.Actor,
) -> str:
    """A new current secret; the old one keeps signing until ``now + grace``.

    Two rotations of one endpoint at once run one after the other (the row is locked and
    read again first): both succeed, the later secret is current and the earlier one becomes
    its previous secret, valid for the later rotation's grace. No rotation is lost, and the
    secret each caller was shown signs for at least that grace."""
    await session.refresh(endpoint, with_for_update=True)
    old = EndpointSecrets.open(box, endpoint.secrets)
    secret = new_secret()
    endpoint.secrets = EndpointSecrets(
        current=secret,
        previous=old.current if grace > timedelta(0) else None,
        previous_expires_at=now + grace if grace > timedelta(0) else None,
    ).seal(box)
    await session.flush()
    await audit.record(
        session,
        organization_id=endpoint.organization_id,
        actor=actor,
        action="webhook_endpoint.secret_rotated",
        target_type="webhook_endpoint",
        target_id=endpoint.id,
        after={"previous_valid_until": now + grace if grace > timedelta(0) else None},
    )
    return secret


async def delete_endpoint(
    session: AsyncSession, endpoint: WebhookEndpoint, *, actor: audit.Actor
) -> None:
    """Remove an endpoint with its attempt log; pending deliveries to it stop at their next
    attempt."""
    endpoint_id, organization_id, before = endpoint.id, endpoint.organization_id, snapshot(endpoint)
    await session.delete(endpoint)
    await session.flush()
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="webhook_endpoint.deleted",
        target_type="webhook_endpoint",
        target_id=endpoint_id,
        before=before,
    )


async def list_endpoints(
    session: AsyncSession, *, organization_id: str, limit: int, starting_after: str | None
) -> Page[WebhookEndpoint]:
    """The organization's webhook endpoints, newest first."""
    stmt = select(WebhookEndpoint).where(WebhookEndpoint.organization_id == organization_id)
    return await paginate(
        session, stmt, WebhookEndpoint.id, limit=limit, starting_after=starting_after
    )


async def list_attempts(
    session: AsyncSession,
    *,
    endpoint_id: str,
    event_id: str | None = None,
    outcome: str | None = None,
    limit: int,
    starting_after: str | None,
) -> Page[WebhookAttempt]:
    """Delivery attempts to an endpoint, newest first; of one event, or one outcome."""
    stmt = select(WebhookAttempt).where(WebhookAttempt.endpoint_id == endpoint_id)
    if event_id:
        stmt = stmt.where(WebhookAttempt.event_id == event_id)
    if outcome:
        stmt = stmt.where(WebhookAttempt.outcome == outcome)
    return await paginate(
        session, stmt, WebhookAttempt.id, limit=limit, starting_after=starting_after
    )


async def failed_event_ids(
    session: AsyncSession, *, endpoint_id: str, since: datetime, limit: int
) -> list[str]:
    """Events whose delivery to the endpoint failed since ``since``, oldest first."""
    stmt = (
        select(WebhookDelivery.event_id)
        .where(
            WebhookDelivery.endpoint_id == endpoint_id,
            WebhookDelivery.status == "failed",
            WebhookDelivery.created_at >= since,
        )
        .order_by(WebhookDelivery.created_at)
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars())
