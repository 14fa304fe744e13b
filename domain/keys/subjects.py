"""Per-person data keys (crypto-shredding of one person): issue, seal, open, destroy, re-wrap.

Each person an organization holds (an artist, creator, member or client contact) may get a
data key of their own, wrapped (AES-256-GCM) under the organization's current key version
(domain/keys/service.py, itself wrapped under the master key) and kept in the key store
(domain/keys/store.py), a database outside the data's backups. A value of the person is sealed
with their key, its associated data binding the organization, the person and the column, so
a sealed value copied into another row or column does not open there.

An erasure destroys the person's key in the key store first (:func:`destroy_subject_key`):
every value sealed with it, in PostgreSQL or in a backup taken before, can no longer be read,
while the organization's key, and everyone else's data, stay. A rotation of the organization's
key re-wraps the live person keys under the new version (:func:`rewrap_subject_keys`); the
person keys, and so the sealed values, do not change.

Concurrent first uses of one person meet at the key store's ``(organization_id,
subject_kind, subject_id)`` unique constraint: one key wins, the others read it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.crypto import SecretBox
from domain.audit import service as audit
from domain.keys.models import OrganizationKey
from domain.keys.service import (
    KEY_BYTES,
    current_key,
    find_key,
    kek_of,
    organization_kek,
    subject_key_unwrapper,
    unwrap_subject_key,
    wrap_subject_key,
    wrapped_under_kek,
)
from domain.keys.store import KeyStore, StoredKey

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
        return None if value is None else self.seal_bytes(column, value.encode())

    def open(self, column: str, sealed: bytes | None) -> str | None:
        return None if sealed is None else self.open_bytes(column, sealed).decode()

    def seal_bytes(self, column: str, plain: bytes) -> bytes:
        """``plain`` sealed for ``column`` (or whatever the caller binds it to) of this person."""
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self.aead.encrypt(nonce, plain, self._associated_data(column))

    def open_bytes(self, column: str, sealed: bytes) -> bytes:
        try:
            return self.aead.decrypt(
                sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], self._associated_data(column)
            )
        except InvalidTag:
            raise SubjectSealError(
                f"the value of {column} does not belong to {self.subject_kind} "
                f"{self.subject_id} of organization {self.organization_id}, or was altered"
            ) from None


async def subject_key(
    store: KeyStore,
    session: AsyncSession,
    box: SecretBox,
    *,
    organization_id: str,
    kind: str,
    subject_id: str,
    actor: audit.Actor,
) -> SubjectDataKey:
    """The person's key, issued on first use under the organization's current key version
    (read in ``session``, the organization's data database; the key is stored in ``store``).
    :class:`SubjectKeyDestroyed` once the person was erased (nothing new is sealed for them)."""
    if kind not in SUBJECT_KINDS:
        raise ValueError(f"no subject kind {kind!r}")
    row = (await store.find(organization_id, [(kind, subject_id)])).get((kind, subject_id))
    if row is None:
        org_key = await current_key(
            session, box, organization_id=organization_id, actor=actor, store=store
        )
        # Committed in the key store at once: if the caller's data transaction then fails,
        # the person keeps a key that sealed nothing yet, and the next write uses it.
        row = await store.insert(
            organization_id,
            kind,
            subject_id,
            organization_key_id=org_key.id,
            wrapped_key=await _wrapped_new_key(store, box, org_key, kind, subject_id),
        )
    elif row.wrapped_key is not None and not await _version_exists(session, row):
        # Issued under the version 1 another transaction was issuing: issuing it here waits
        # for that transaction. Committed, the key opens; rolled back, the key was never
        # usable by anyone (nobody could unwrap it), so it is replaced.
        org_key = await current_key(
            session, box, organization_id=organization_id, actor=actor, store=store
        )
        if not await _version_exists(session, row):
            row = await store.replace(
                row,
                organization_key_id=org_key.id,
                wrapped_key=await _wrapped_new_key(store, box, org_key, kind, subject_id),
            )
    return await _open_row(store, session, box, row)


async def _wrapped_new_key(
    store: KeyStore, box: SecretBox, org_key: OrganizationKey, kind: str, subject_id: str
) -> bytes:
    kek = await kek_of(store, box, org_key)
    return wrap_subject_key(box, org_key, kek, kind, subject_id, os.urandom(KEY_BYTES))


async def _version_exists(session: AsyncSession, row: StoredKey) -> bool:
    found = await session.execute(
        select(OrganizationKey.id).where(
            OrganizationKey.organization_id == row.organization_id,
            OrganizationKey.id == row.organization_key_id,
        )
    )
    return found.first() is not None


async def open_subject_key(
    store: KeyStore,
    session: AsyncSession,
    box: SecretBox,
    *,
    organization_id: str,
    kind: str,
    subject_id: str,
) -> SubjectDataKey | None:
    """The person's key if they have one (``None`` if nothing was ever sealed for them);
    :class:`SubjectKeyDestroyed` once they were erased."""
    row = (await store.find(organization_id, [(kind, subject_id)])).get((kind, subject_id))
    return None if row is None else await _open_row(store, session, box, row)


async def open_subject_keys(
    store: KeyStore,
    session: AsyncSession,
    box: SecretBox,
    *,
    organization_id: str,
    subjects: Iterable[tuple[str, str]],
) -> dict[tuple[str, str], SubjectDataKey | None]:
    """The keys of many people of one organization (a page of a list) in one round trip to
    the key store and one to the data database: ``None`` for a person who has none or was
    erased (their row was cleared by the erasure: nothing sealed is left to open)."""
    wanted = list(dict.fromkeys(subjects))
    rows = await store.find(organization_id, wanted)
    org_keys = {
        k.id: k
        for k in (
            await session.execute(
                select(OrganizationKey).where(OrganizationKey.organization_id == organization_id)
            )
        ).scalars()
    }
    opened: dict[tuple[str, str], SubjectDataKey | None] = {}
    unwrappers: dict[str, Callable[[StoredKey], bytes]] = {}
    kek: bytes | None = None
    kek_read = False
    for subject in wanted:
        row = rows.get(subject)
        org_key = org_keys.get(row.organization_key_id or "") if row is not None else None
        if row is None or row.wrapped_key is None or org_key is None:
            opened[subject] = None
            continue
        if org_key.id not in unwrappers:
            if not kek_read and org_key.wrapped_key and wrapped_under_kek(org_key.wrapped_key):
                # One key store read for the page: every version shares the KEK.
                kek, kek_read = await organization_kek(store, box, organization_id), True
            unwrappers[org_key.id] = subject_key_unwrapper(box, org_key, kek)
        opened[subject] = _data_key(row, unwrappers[org_key.id](row))
    return opened


def _data_key(row: StoredKey, raw: bytes) -> SubjectDataKey:
    return SubjectDataKey(
        organization_id=row.organization_id,
        subject_kind=row.subject_kind,
        subject_id=row.subject_id,
        key_id=row.id,
        aead=AESGCM(raw),
    )


async def _open_row(
    store: KeyStore, session: AsyncSession, box: SecretBox, row: StoredKey
) -> SubjectDataKey:
    if row.wrapped_key is None or row.organization_key_id is None:
        when = row.destroyed_at.isoformat(timespec="seconds") if row.destroyed_at else "?"
        raise SubjectKeyDestroyed(
            f"the key of {row.subject_kind} {row.subject_id} was destroyed at {when} (the "
            "person was erased); what it sealed can no longer be read"
        )
    org_key = await find_key(
        session, organization_id=row.organization_id, key_id=row.organization_key_id
    )
    kek = await kek_of(store, box, org_key)
    return _data_key(row, unwrap_subject_key(box, org_key, kek, row))


async def destroy_subject_key(
    store: KeyStore, *, organization_id: str, kind: str, subject_id: str
) -> bool:
    """Forget the person's key in the key store, in a transaction of its own (an erasure's
    first step). A person who had none gets a tombstone, so no key is issued to them
    afterwards. Whether the person had a key (destroyed now or by an earlier attempt)."""
    return await store.destroy(organization_id, kind, subject_id)


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
