"""Idempotency keys with Stripe's semantics.

The first request with a key reserves it; its response (2xx or 4xx) is stored for 24 hours and
replayed for later requests with the same key, method, path, query, body and credential. Any
difference with the same key is a client error (422); a request arriving while the first is
still running gets 409. A 5xx or crash releases the key so the client may retry.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import Conflict, InvalidRequest
from domain.idempotency.models import IdempotencyRecord

TTL = timedelta(hours=24)
MAX_KEY_LENGTH = 255


def fingerprint(method: str, target: str, body: bytes, *, caller: str) -> str:
    """What makes two requests "the same": method, path with query, body, and the credential.

    The caller is part of it so a key without the permission to make a request cannot read
    that request's stored response by replaying it.
    """
    digest = hashlib.sha256()
    for part in (caller.encode(), method.encode(), target.encode(), body):
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status_code: int
    body: bytes
    headers: dict[str, Any]


async def reserve(
    session: AsyncSession,
    *,
    organization_id: str,
    key: str,
    method: str,
    path: str,
    body_fingerprint: str,
) -> StoredResponse | None:
    """Reserve ``key`` for this request, or return the stored response to replay.

    Runs in its own committed transaction so a concurrent duplicate sees the reservation.
    """
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidRequest(
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters", param="Idempotency-Key"
        )
    now = datetime.now(UTC)
    await session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.organization_id == organization_id,
            IdempotencyRecord.key == key,
            IdempotencyRecord.expires_at < now,
        )
    )
    inserted = (
        await session.execute(
            text(
                "INSERT INTO idempotency_keys (organization_id, key, fingerprint, method, path, "
                "created_at, expires_at) VALUES (:org, :key, :fp, :method, :path, :now, :exp) "
                "ON CONFLICT (organization_id, key) DO NOTHING RETURNING key"
            ),
            {
                "org": organization_id,
                "key": key,
                "fp": body_fingerprint,
                "method": method,
                "path": path,
                "now": now,
                "exp": now + TTL,
            },
        )
    ).scalar_one_or_none()
    if inserted is not None:
        return None
    existing = await session.get(IdempotencyRecord, (organization_id, key))
    if existing is None:  # expired and removed between the two statements: treat as busy
        raise Conflict(
            "a request with this Idempotency-Key is in progress; retry shortly",
            param="Idempotency-Key",
            code="idempotency_key_in_use",
        )
    if existing.fingerprint != body_fingerprint:
        raise InvalidRequest(
            "this Idempotency-Key was used with a different request (method, path or body); "
            "use a new key for a new request",
            param="Idempotency-Key",
            code="idempotency_key_reused",
        )
    if existing.status_code is None:
        raise Conflict(
            "a request with this Idempotency-Key is in progress; retry shortly",
            param="Idempotency-Key",
            code="idempotency_key_in_use",
        )
    return StoredResponse(
        existing.status_code, existing.response_body or b"", existing.response_headers or {}
    )


async def complete(
    session: AsyncSession,
    *,
    organization_id: str,
    key: str,
    status_code: int,
    body: bytes,
    headers: dict[str, Any],
) -> None:
    await session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.organization_id == organization_id, IdempotencyRecord.key == key)
        .values(status_code=status_code, response_body=body, response_headers=headers)
    )


async def release(session: AsyncSession, *, organization_id: str, key: str) -> None:
    await session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.organization_id == organization_id,
            IdempotencyRecord.key == key,
            IdempotencyRecord.status_code.is_(None),
        )
    )
