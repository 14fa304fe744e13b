"""Idempotency keys with Stripe's semantics.

The first request with a key reserves it; its response (2xx or 4xx) is stored for 24 hours and
replayed for later requests with the same key, method, path, query, body and credential. A
response that carries people's sealed fields (a client's e-mail) is stored sealed for them, so
their erasure makes it unreadable, in backups too (a replay then answers 410). Any
difference with the same key is a client error (422); a request arriving while the first is
still running gets 409. A 5xx or crash releases the key so the client may retry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit import service as audit
from domain.errors import Conflict, Gone, InvalidRequest
from domain.idempotency.models import IdempotencyRecord
from domain.keys.copies import SealedBlob, open_blob, seal_blob
from domain.keys.sealed import Person, Sealing

TTL = timedelta(hours=24)
MAX_KEY_LENGTH = 255
# Who issues a person's key when a stored response is the first thing sealed for them.
ACTOR = audit.Actor(type="system", id="idempotency")


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
    """A response to replay. ``sealed`` (with ``body`` empty) until :func:`opened`; ``people``
    set and ``sealed`` ``None``: a person it named was erased before it could be stored."""

    status_code: int
    body: bytes
    headers: dict[str, Any]
    sealed: SealedBlob | None = None
    people: tuple[Person, ...] = ()

    @property
    def organizations(self) -> list[str]:
        """The organizations of the people it names (a session opening it must see them)."""
        return sorted({organization_id for organization_id, _, _ in self.people})


def _where(organization_id: str, key: str) -> str:
    """What a stored response's seal is bound to: its organization and key."""
    return f"idempotent-response\x1f{organization_id}\x1f{key}"


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
    people = tuple((str(o), str(k), str(i)) for o, k, i in (existing.response_subjects or []))
    sealed = (
        SealedBlob(existing.response_sealed, existing.response_key, people)
        if existing.response_sealed is not None and existing.response_key is not None
        else None
    )
    return StoredResponse(
        existing.status_code,
        existing.response_body or b"",
        existing.response_headers or {},
        sealed=sealed,
        people=people,
    )


async def opened(
    session: AsyncSession,
    sealing: Sealing,
    stored: StoredResponse,
    *,
    organization_id: str,
    key: str,
) -> StoredResponse:
    """``stored`` with its body opened (``session`` must see :attr:`StoredResponse.
    organizations`). 410 ``idempotent_response_erased`` when a person it named was erased:
    the request was carried out and is not run again, but its answer can no longer be read."""
    if not stored.people:
        return stored
    body = (
        await open_blob(sealing, session, stored.sealed, where=_where(organization_id, key))
        if stored.sealed is not None
        else None
    )
    if body is None:
        raise Gone(
            "the response stored for this Idempotency-Key named a person who has since been "
            "erased; the request was carried out and is not run again. Read the resource it "
            "created or changed, or use a new key for a new request",
            param="Idempotency-Key",
            code="idempotent_response_erased",
        )
    return StoredResponse(stored.status_code, body, stored.headers)


async def complete(
    session: AsyncSession,
    *,
    organization_id: str,
    key: str,
    status_code: int,
    body: bytes,
    headers: dict[str, Any],
    sealing: Sealing | None = None,
    people: Sequence[Person] = (),
) -> None:
    """Store the response to replay. When the request sealed or opened people's sealed fields
    (``people``, see :func:`~domain.keys.sealed.people_touched`), the body is stored sealed
    for them all (``session`` must see their organizations), never in clear; if one of them
    was erased meanwhile, no body is kept and a replay answers 410."""
    values: dict[str, Any] = {
        "status_code": status_code,
        "response_body": body,
        "response_headers": headers,
    }
    if people:
        if sealing is None:
            raise ValueError("a response naming people must be stored sealed")
        blob = await seal_blob(
            sealing,
            session,
            body,
            where=_where(organization_id, key),
            people=people,
            actor=ACTOR,
        )
        values.update(
            response_body=None,
            response_sealed=blob.ciphertext if blob else None,
            response_key=blob.wrapped_key if blob else None,
            response_subjects=[list(p) for p in (blob.people if blob else sorted(people))],
        )
    await session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.organization_id == organization_id, IdempotencyRecord.key == key)
        .values(**values)
    )


async def release(session: AsyncSession, *, organization_id: str, key: str) -> None:
    await session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.organization_id == organization_id,
            IdempotencyRecord.key == key,
            IdempotencyRecord.status_code.is_(None),
        )
    )
