"""Per-person data keys (crypto-shredding of one person): issue, seal, open, destroy, re-wrap.

Each person an organization holds (an artist, creator, member or client contact) may get a
data key of their own, wrapped (AES-256-GCM) under the organization's current key version
(domain/keys/service.py, itself wrapped under the master key). A value of the person is sealed
with their key, its associated data binding the organization, the person and the column, so
a sealed value copied into another row or column does not open there.

An erasure destroys the person's key in its own transaction (:func:`destroy_subject_key`):
every value sealed with it, in PostgreSQL or in a backup taken before, can no longer be read,
while the organization's key, and everyone else's data, stay. A rotation of the organization's
key re-wraps the live person keys under the new version (:func:`rewrap_subject_keys`); the
person keys, and so the sealed values, do not change.

Concurrent first uses of one person meet at the ``(organization_id, subject_kind,
subject_id)`` unique constraint: one key wins, the other transactions read it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.crypto import SecretBox
from core.ids import new_id
from domain.audit import service as audit
from domain.keys.models import SubjectKey
from domain.keys.service import (
    KEY_BYTES,
    current_key,
    find_key,
    unwrap_subject_key,
    wrap_subject_key,
)

NONCE_BYTES = 12
SUBJECT_KINDS = frozenset({"artist", "creator", "member", "client"})
# The blind index key of an organization is derived from its version-1 key, which never
# changes (a rotation adds versions): lookups by e-mail survive rotations.
BLIND_INDEX_INFO = b"auditoryx subject blind index v1"


class SubjectKeyDestroyed(Exception):
    """The person's key was destroyed by an erasure: what it sealed can no longer be read."""


class SubjectSealError(Exception):
    """A sealed value that the person's key does not open (altered, or moved from elsewhere)."""


@dataclass(frozen=True)
class SubjectDataKey:
    """One person's data key, unwrapped. ``repr`` never shows the key."""

    organization_id: str
    subject_kind: str
    subject_id: str
    key_id: str
    aead: AESGCM = field(repr=False, compare=False)

    def _associated_data(self, column: str) -> bytes:
        return "\x1f".join(
            ("subject-value", self.organization_id, self.subject_kind, self.subject_id, column)
        ).encode()

    def seal(self, column: str, value: str | None) -> bytes | None:
        """``value`` sealed for ``column`` of this person (``None`` stays ``None``)."""
        if value is None:
            return None
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self.aead.encrypt(nonce, value.encode(), self._associated_data(column))

    def open(self, column: str, sealed: bytes | None) -> str | None:
        if sealed is None:
            return None
        try:
            plain = self.aead.decrypt(
                sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], self._associated_data(column)
            )
        except InvalidTag:
            raise SubjectSealError(
                f"the value of {column} does not belong to {self.subject_kind} "
                f"{self.subject_id} of organization {self.organization_id}, or was altered"
            ) from None
        return plain.decode()


async def _find(
    session: AsyncSession, organization_id: str, kind: str, subject_id: str
) -> SubjectKey | None:
    return (
        await session.execute(
            select(SubjectKey).where(
                SubjectKey.organization_id == organization_id,
                SubjectKey.subject_kind == kind,
                SubjectKey.subject_id == subject_id,
            )
        )
    ).scalar_one_or_none()


async def subject_key(
    session: AsyncSession,
    box: SecretBox,
    *,
    organization_id: str,
    kind: str,
    subject_id: str,
    actor: audit.Actor,
) -> SubjectDataKey:
    """The person's key, issued on first use under the organization's current key version.
    :class:`SubjectKeyDestroyed` once the person was erased (nothing new is sealed for them)."""
    if kind not in SUBJECT_KINDS:
        raise ValueError(f"no subject kind {kind!r}")
    row = await _find(session, organization_id, kind, subject_id)
    if row is None:
        org_key = await current_key(session, box, organization_id=organization_id, actor=actor)
        key_id = new_id("skey")
        raw = os.urandom(KEY_BYTES)
        await session.execute(
            insert(SubjectKey)
            .values(
                id=key_id,
                organization_id=organization_id,
                subject_kind=kind,
                subject_id=subject_id,
                organization_key_id=org_key.id,
                wrapped_key=wrap_subject_key(box, org_key, kind, subject_id, raw),
                created_at=func.now(),
            )
            .on_conflict_do_nothing(
                index_elements=["organization_id", "subject_kind", "subject_id"]
            )
        )
        # Ours, or the one a concurrent first use committed before (the insert waited for it).
        row = await _find(session, organization_id, kind, subject_id)
        assert row is not None
    return await _open_row(session, box, row)


async def open_subject_key(
    session: AsyncSession, box: SecretBox, *, organization_id: str, kind: str, subject_id: str
) -> SubjectDataKey | None:
    """The person's key if they have one (``None`` if nothing was ever sealed for them);
    :class:`SubjectKeyDestroyed` once they were erased."""
    row = await _find(session, organization_id, kind, subject_id)
    return None if row is None else await _open_row(session, box, row)


async def _open_row(session: AsyncSession, box: SecretBox, row: SubjectKey) -> SubjectDataKey:
    if row.wrapped_key is None or row.organization_key_id is None:
        when = row.destroyed_at.isoformat(timespec="seconds") if row.destroyed_at else "?"
        raise SubjectKeyDestroyed(
            f"the key of {row.subject_kind} {row.subject_id} was destroyed at {when} (the "
            "person was erased); what it sealed can no longer be read"
        )
    org_key = await find_key(
        session, organization_id=row.organization_id, key_id=row.organization_key_id
    )
    return SubjectDataKey(
        organization_id=row.organization_id,
        subject_kind=row.subject_kind,
        subject_id=row.subject_id,
        key_id=row.id,
        aead=AESGCM(unwrap_subject_key(box, org_key, row)),
    )


async def destroy_subject_key(
    session: AsyncSession, *, organization_id: str, kind: str, subject_id: str
) -> bool:
    """Forget the person's key in the caller's transaction (an erasure's). A person who had
    none gets a tombstone, so no key is issued to them afterwards. Whether a live key was
    destroyed."""
    destroyed = (
        await session.execute(
            update(SubjectKey)
            .where(
                SubjectKey.organization_id == organization_id,
                SubjectKey.subject_kind == kind,
                SubjectKey.subject_id == subject_id,
                SubjectKey.destroyed_at.is_(None),
            )
            .values(wrapped_key=None, organization_key_id=None, destroyed_at=func.now())
            .returning(SubjectKey.id)
        )
    ).scalar_one_or_none()
    if destroyed is None:
        await session.execute(
            insert(SubjectKey)
            .values(
                id=new_id("skey"),
                organization_id=organization_id,
                subject_kind=kind,
                subject_id=subject_id,
                organization_key_id=None,
                wrapped_key=None,
                created_at=func.now(),
                destroyed_at=func.now(),
            )
            .on_conflict_do_nothing(
                index_elements=["organization_id", "subject_kind", "subject_id"]
            )
        )
    return destroyed is not None


def blind_index_key(org_key_v1: bytes, organization_id: str) -> bytes:
    """The organization's key for exact-match lookups of sealed values, derived from its
    version-1 key (kept by every rotation)."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=organization_id.encode(),
        info=BLIND_INDEX_INFO,
    ).derive(org_key_v1)


def blind_index(index_key: bytes, column: str, value: str | None) -> bytes | None:
    """A keyed digest of ``value`` (normalised: trimmed, lower-case) for an equality lookup
    that reveals nothing without the organization's key."""
    if value is None:
        return None
    normalised = value.strip().lower()
    return hmac.new(index_key, f"{column}\x1f{normalised}".encode(), hashlib.sha256).digest()
