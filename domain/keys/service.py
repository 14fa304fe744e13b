"""Issue, rotate, destroy and unwrap organizations' data keys.

An organization's first payload issues its version 1 (concurrent first uses meet at the
``(organization_id, version)`` unique constraint: one key wins, the others read it). Rotation
adds the next version, which seals from then on; older versions still open what they sealed.
Destruction forgets every version's wrapped key at once (crypto-shredding): what they sealed
can no longer be read by anyone, and the organization gets no new key until an operator
rotates on purpose.

Each version is wrapped (AES-256-GCM, bound to the organization and the version) under the
organization's key-encryption key (KEK), which lives in the key store wrapped under
``SECRET_KEY`` (domain/keys/store.py). A backup of the data database alone therefore opens no
payload key once the KEK is destroyed (the organization deleted, or ``auditoryx keys
destroy``), even with the live secret. Versions issued before the KEK existed are wrapped
under ``SECRET_KEY`` directly; they still open, and ``auditoryx keys rewrap`` converts them.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Sequence
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.crypto import SecretBox
from core.db import tenant_session
from core.ids import new_id
from core.payload_codec import PayloadKeyUnavailable
from domain.audit import service as audit
from domain.errors import Conflict, InvalidRequest, NotFound
from domain.keys.models import OrganizationKey
from domain.keys.store import KeyStore, StoredKey
from domain.tenancy.models import Organization

KEY_BYTES = 32  # AES-256
SUBJECT_NONCE_BYTES = 12
KEK_NONCE_BYTES = 12
# Marks a version wrapped under its organization's KEK (a version without it is a Fernet token
# of ``SECRET_KEY``, which never starts so).
KEK_WRAPPED = b"kek1:"
TARGET = "organization_key"


def wrap(box: SecretBox, raw: bytes) -> bytes:
    """``raw`` sealed under the master key (the payload-keys purpose of ``SECRET_KEY``)."""
    return box.seal({"key": base64.b64encode(raw).decode()})


def unwrap(box: SecretBox, wrapped: bytes) -> bytes:
    return base64.b64decode(box.open(wrapped)["key"])


def _kek_wrapping_data(organization_id: str, key_id: str) -> bytes:
    return "\x1f".join(("organization-key", organization_id, key_id)).encode()


def wrap_under_kek(kek: bytes, organization_id: str, key_id: str, raw: bytes) -> bytes:
    """Version ``key_id``'s key ``raw`` wrapped under the organization's KEK."""
    nonce = os.urandom(KEK_NONCE_BYTES)
    sealed = AESGCM(kek).encrypt(nonce, raw, _kek_wrapping_data(organization_id, key_id))
    return KEK_WRAPPED + nonce + sealed


def wrapped_under_kek(wrapped: bytes) -> bool:
    return bytes(wrapped).startswith(KEK_WRAPPED)


async def organization_kek(
    store: KeyStore, box: SecretBox, organization_id: str, *, issue: bool = False
) -> bytes | None:
    """The organization's KEK from the key store; ``None`` if it has none live (never issued,
    or destroyed). With ``issue``, one is issued when there is none live (concurrent first
    uses meet at the row: one wins, the others read it)."""
    stored = await store.find_kek(organization_id)
    if (stored is None or stored.wrapped_kek is None) and issue:
        stored = await store.issue_kek(organization_id, wrap(box, os.urandom(KEY_BYTES)))
    if stored is None or stored.wrapped_kek is None:
        return None
    return unwrap(box, bytes(stored.wrapped_kek))


async def kek_of(store: KeyStore, box: SecretBox, org_key: OrganizationKey) -> bytes | None:
    """What :func:`open_key` needs besides ``box`` to open ``org_key``: its organization's
    KEK if the version is wrapped under it (one key store read), else ``None``."""
    if org_key.wrapped_key is None or not wrapped_under_kek(org_key.wrapped_key):
        return None
    return await organization_kek(store, box, org_key.organization_id)


def open_key(box: SecretBox, org_key: OrganizationKey, kek: bytes | None) -> bytes:
    """The raw key of a live version: under its organization's ``kek`` (:func:`kek_of`), or
    under ``SECRET_KEY`` for a version wrapped the earlier way. :class:`PayloadKeyUnavailable`
    if the version or the KEK was destroyed."""
    wrapped = org_key.wrapped_key
    if wrapped is None:
        raise PayloadKeyUnavailable(destroyed_message(org_key))
    wrapped = bytes(wrapped)
    if not wrapped_under_kek(wrapped):
        return unwrap(box, wrapped)
    unavailable = (
        f"key {org_key.id} (version {org_key.version}) of organization "
        f"{org_key.organization_id} is wrapped under a key-encryption key that was destroyed "
        "(or is not in this key store); what it sealed can no longer be read"
    )
    if kek is None:
        raise PayloadKeyUnavailable(unavailable)
    body = wrapped[len(KEK_WRAPPED) :]
    try:
        return AESGCM(kek).decrypt(
            body[:KEK_NONCE_BYTES],
            body[KEK_NONCE_BYTES:],
            _kek_wrapping_data(org_key.organization_id, org_key.id),
        )
    except InvalidTag:
        raise PayloadKeyUnavailable(unavailable) from None


def _subject_wrapping_data(org_key: OrganizationKey, kind: str, subject_id: str) -> bytes:
    return "\x1f".join(
        ("subject-key", org_key.organization_id, kind, subject_id, org_key.id)
    ).encode()


def _org_aead(box: SecretBox, org_key: OrganizationKey, kek: bytes | None) -> AESGCM:
    return AESGCM(open_key(box, org_key, kek))


def wrap_subject_key(
    box: SecretBox,
    org_key: OrganizationKey,
    kek: bytes | None,
    kind: str,
    subject_id: str,
    raw: bytes,
) -> bytes:
    """A person's key ``raw`` sealed under a version of their organization's key (opened with
    ``kek``, :func:`kek_of`), bound to the organization, the person and that version
    (domain/keys/subjects.py)."""
    nonce = os.urandom(SUBJECT_NONCE_BYTES)
    ad = _subject_wrapping_data(org_key, kind, subject_id)
    return nonce + _org_aead(box, org_key, kek).encrypt(nonce, raw, ad)


def unwrap_subject_key(
    box: SecretBox, org_key: OrganizationKey, kek: bytes | None, row: StoredKey
) -> bytes:
    return subject_key_unwrapper(box, org_key, kek)(row)


def subject_key_unwrapper(
    box: SecretBox, org_key: OrganizationKey, kek: bytes | None
) -> Callable[[StoredKey], bytes]:
    """:func:`unwrap_subject_key` for many person keys wrapped under ``org_key``: the version
    itself is unwrapped once (a page of a list opens a hundred person keys)."""
    aead = _org_aead(box, org_key, kek)

    def unwrap_one(row: StoredKey) -> bytes:
        assert row.wrapped_key is not None  # callers refuse tombstones
        wrapped = row.wrapped_key
        ad = _subject_wrapping_data(org_key, row.subject_kind, row.subject_id)
        return aead.decrypt(wrapped[:SUBJECT_NONCE_BYTES], wrapped[SUBJECT_NONCE_BYTES:], ad)

    return unwrap_one


async def rewrap_subject_keys(
    store: KeyStore, session: AsyncSession, box: SecretBox, *, new_key: OrganizationKey
) -> int:
    """Re-wrap every live person key of ``new_key``'s organization under ``new_key`` (committed
    in ``session``'s database before: a key must never name a version that may still roll
    back), in one key store transaction. The person keys do not change, so no value sealed
    with them is touched. How many were re-wrapped; run again, it finishes what a crash
    left (a key not yet re-wrapped still opens under its older version)."""
    old_keys = {
        k.id: k
        for k in (
            await session.execute(
                select(OrganizationKey).where(
                    OrganizationKey.organization_id == new_key.organization_id
                )
            )
        ).scalars()
    }
    kek = await organization_kek(store, box, new_key.organization_id)
    async with store.transaction(new_key.organization_id) as conn:
        rows = await store.live_keys_not_wrapped_by(conn, new_key.organization_id, new_key.id)
        updates: list[tuple[str, str, bytes]] = []
        for row in rows:
            old = old_keys.get(row.organization_key_id or "")
            if old is None or old.wrapped_key is None:
                # Wrapped under a destroyed version: nothing opens that person's key any more.
                continue
            try:
                raw = unwrap_subject_key(box, old, kek, row)
            except PayloadKeyUnavailable:
                continue  # its version's KEK was destroyed: nothing opens it any more
            updates.append(
                (
                    row.id,
                    new_key.id,
                    wrap_subject_key(box, new_key, kek, row.subject_kind, row.subject_id, raw),
                )
            )
        await store.rewrapped(conn, new_key.organization_id, updates)
    return len(updates)


def destroyed_message(row: OrganizationKey) -> str:
    when = row.destroyed_at.isoformat(timespec="seconds") if row.destroyed_at else "?"
    return (
        f"key {row.id} (version {row.version}) of organization {row.organization_id} was "
        f"destroyed at {when}; what it sealed can no longer be read"
    )


async def _audit(
    session: AsyncSession,
    organization_id: str,
    actor: audit.Actor,
    action: str,
    key_id: str,
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    # The audit log belongs to organizations; a workflow id may name one that is not (or no
    # longer) here, such as a recorded history replayed elsewhere: its keys are not audited.
    if await session.get(Organization, organization_id) is None:
        return
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action=action,
        target_type=TARGET,
        target_id=key_id,
        before=before,
        after=after,
    )


async def _latest(session: AsyncSession, organization_id: str) -> OrganizationKey | None:
    return (
        await session.execute(
            select(OrganizationKey)
            .where(OrganizationKey.organization_id == organization_id)
            .order_by(OrganizationKey.version.desc())
            .limit(1)
        )
    ).scalar_one_or_none()


async def _issue(
    session: AsyncSession,
    box: SecretBox,
    store: KeyStore,
    *,
    organization_id: str,
    version: int,
    actor: audit.Actor,
) -> OrganizationKey | None:
    """Version ``version`` of the organization's key, wrapped under its KEK (issued in the
    key store if it has none live), or ``None`` if another transaction issued that version
    first (the insert waits for it, then does nothing)."""
    key_id = new_id("okey")
    kek = await organization_kek(store, box, organization_id, issue=True)
    assert kek is not None  # issued if missing
    inserted = (
        await session.execute(
            insert(OrganizationKey)
            .values(
                id=key_id,
                organization_id=organization_id,
                version=version,
                wrapped_key=wrap_under_kek(kek, organization_id, key_id, os.urandom(KEY_BYTES)),
                created_at=func.now(),
            )
            .on_conflict_do_nothing(index_elements=["organization_id", "version"])
            .returning(OrganizationKey.id)
        )
    ).scalar_one_or_none()
    if inserted is None:
        return None
    await _audit(
        session,
        organization_id,
        actor,
        "organization_key.issued",
        key_id,
        before=None,
        after={"version": version},
    )
    return await session.get_one(OrganizationKey, key_id)


async def current_key(
    session: AsyncSession,
    box: SecretBox,
    *,
    organization_id: str,
    actor: audit.Actor,
    store: KeyStore,
) -> OrganizationKey:
    """The version that seals the organization's payloads now; version 1 is issued on first
    use. :class:`PayloadKeyUnavailable` once the organization's keys were destroyed."""
    latest = await _latest(session, organization_id)
    if latest is None:
        issued = await _issue(
            session, box, store, organization_id=organization_id, version=1, actor=actor
        )
        latest = issued or await _latest(session, organization_id)
        assert latest is not None  # the version that won the race is committed and visible
    if latest.wrapped_key is None:
        raise PayloadKeyUnavailable(
            f"{destroyed_message(latest)}; no new payload is sealed for the organization "
            "until an operator issues a new key (`auditoryx keys rotate`)"
        )
    return latest


async def find_key(session: AsyncSession, *, organization_id: str, key_id: str) -> OrganizationKey:
    """The version ``key_id`` names, still usable; :class:`PayloadKeyUnavailable` if it was
    destroyed or is not one of the organization's keys."""
    row = (
        await session.execute(
            select(OrganizationKey).where(
                OrganizationKey.organization_id == organization_id, OrganizationKey.id == key_id
            )
        )
    ).scalar_one_or_none()
    if row is None:
        raise PayloadKeyUnavailable(
            f"organization {organization_id} has no key {key_id}: it was destroyed with the "
            "organization, or never existed; the payload cannot be read"
        )
    if row.wrapped_key is None:
        raise PayloadKeyUnavailable(destroyed_message(row))
    return row


async def rotate_key(
    sessionmaker: async_sessionmaker[AsyncSession],
    box: SecretBox,
    *,
    organization_id: str,
    actor: audit.Actor,
    store: KeyStore,
) -> OrganizationKey:
    """Issue the organization's next key version, wrapped under its KEK in ``store`` (a new
    KEK after a destruction); it seals from now on (other processes take it up within
    ``PAYLOAD_KEY_CACHE_SECONDS``). After a destruction this is how an organization that
    lives on gets a key again. A rotation racing another is a :class:`Conflict`: one of
    them issued the next version. The people's keys in ``store`` are then re-wrapped under
    the new version (after its commit)."""
    async with tenant_session(sessionmaker, [organization_id]) as session:
        if await session.get(Organization, organization_id) is None:
            raise NotFound(f"no organization {organization_id}", param="organization_id")
        latest = await _latest(session, organization_id)
        version = 1 if latest is None else latest.version + 1
        issued = await _issue(
            session, box, store, organization_id=organization_id, version=version, actor=actor
        )
        if issued is None:
            raise Conflict(
                f"version {version} of the organization's key was issued by a concurrent "
                "rotation; list the keys to see it",
                code="key_rotation_conflict",
            )
    async with tenant_session(sessionmaker, [organization_id]) as session:
        rewrapped = await rewrap_subject_keys(store, session, box, new_key=issued)
        if rewrapped:
            await _audit(
                session,
                organization_id,
                actor,
                "subject_keys.rewrapped",
                issued.id,
                before=None,
                after={"version": issued.version, "subject_keys": rewrapped},
            )
    return issued


async def destroy_keys(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    organization_id: str,
    actor: audit.Actor,
    store: KeyStore,
) -> list[OrganizationKey]:
    """Forget every version of the organization's key (crypto-shredding): each payload they
    sealed, in any history or backup of Temporal, can no longer be read. Its KEK in
    ``store`` goes first, so a backup of the data database taken before opens none of them
    either. The versions that were destroyed now; :class:`InvalidRequest` if the
    organization has no live key."""
    await store.destroy_kek(organization_id)
    async with tenant_session(sessionmaker, [organization_id]) as session:
        destroyed = list(
            (
                await session.execute(
                    update(OrganizationKey)
                    .where(
                        OrganizationKey.organization_id == organization_id,
                        OrganizationKey.destroyed_at.is_(None),
                    )
                    .values(wrapped_key=None, destroyed_at=func.now())
                    .returning(OrganizationKey)
                )
            ).scalars()
        )
        if not destroyed:
            raise InvalidRequest(
                f"organization {organization_id} has no live key to destroy",
                code="no_live_key",
            )
        for row in destroyed:
            await _audit(
                session,
                organization_id,
                actor,
                "organization_key.destroyed",
                row.id,
                before={"version": row.version, "state": "active"},
                after={"version": row.version, "state": "destroyed"},
            )
        return destroyed


async def rewrap_keys(session: AsyncSession, box: SecretBox, store: KeyStore) -> int:
    """Re-seal every live key visible to ``session``: a version wrapped the earlier way
    (under ``SECRET_KEY`` directly) is re-wrapped under its organization's KEK (issued if
    missing), and each such organization's KEK is re-sealed under the current master key
    (after a ``SECRET_KEY`` rotation: the old secret, in ``PREVIOUS_SECRET_KEYS``, still
    opens them until this ran). The keys themselves do not change, so every payload stays
    readable. Run by the operator as the schema owner across all organizations; how many
    versions were re-sealed or converted."""
    rows = (
        (
            await session.execute(
                select(OrganizationKey)
                .where(OrganizationKey.destroyed_at.is_(None))
                .order_by(OrganizationKey.organization_id, OrganizationKey.version)
                .with_for_update()
            )
        )
        .scalars()
        .all()
    )
    keks: dict[str, bytes | None] = {}
    for row in rows:
        assert row.wrapped_key is not None  # live rows keep their wrapped key (check constraint)
        organization_id = row.organization_id
        if organization_id not in keks:
            await store.rewrap_kek(organization_id, box.rotate)
            keks[organization_id] = await organization_kek(store, box, organization_id)
        if wrapped_under_kek(row.wrapped_key):
            continue
        kek = keks[organization_id]
        if kek is None:
            kek = keks[organization_id] = await organization_kek(
                store, box, organization_id, issue=True
            )
            assert kek is not None
        raw = unwrap(box, row.wrapped_key)
        row.wrapped_key = wrap_under_kek(kek, organization_id, row.id, raw)
    return len(rows)


async def list_keys(
    sessionmaker: async_sessionmaker[AsyncSession], *, organization_id: str
) -> Sequence[OrganizationKey]:
    """The organization's key versions, newest first (no key material)."""
    async with tenant_session(sessionmaker, [organization_id]) as session:
        return (
            (
                await session.execute(
                    select(OrganizationKey)
                    .where(OrganizationKey.organization_id == organization_id)
                    .order_by(OrganizationKey.version.desc())
                )
            )
            .scalars()
            .all()
        )


def key_state(row: OrganizationKey, current_version: int) -> str:
    """``current`` (seals), ``active`` (opens what it sealed) or ``destroyed``."""
    if row.wrapped_key is None:
        return "destroyed"
    return "current" if row.version == current_version else "active"
