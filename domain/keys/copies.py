"""Copies of persons' sealed fields kept elsewhere in the data, sealed with their keys too.

A person's sealed fields (a client's e-mail and phone) are also copied into rows that are not
theirs: the event that tells webhook receivers of a change, the stored response an
idempotent request replays. Kept in clear there, a backup of the data would still hold them
after the person's erasure. So a copy is sealed as well (ADR 0034, revision 0045):

- **One person's fields** (an event's snapshot of a client): :func:`seal_fields` seals them,
  as one JSON object, with that person's key, bound to where the copy lives (``event:<id>``),
  so a copy moved to another row does not open; :func:`open_fields` opens them.
- **A blob that may name several people** (a response body): :func:`seal_blob` seals it under
  a random key of its own, and wraps that key under every named person's key in turn (the
  innermost first, in a fixed order), so it opens only while *every* one of them still has a
  key. Erasing any of them makes it unreadable, in the data and in its backups alike.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit import service as audit
from domain.keys.sealed import Person, Sealing
from domain.keys.subjects import NONCE_BYTES, SubjectDataKey, SubjectKeyDestroyed

_COPY = "copy"


def _bound(where: str) -> str:
    return f"{_COPY}\x1f{where}"


def seal_fields(key: SubjectDataKey, where: str, values: Mapping[str, Any]) -> bytes:
    """``values`` (field → JSON value) of ``key``'s person, sealed for the copy at ``where``."""
    return key.seal_bytes(_bound(where), json.dumps(dict(values), sort_keys=True).encode())


def open_fields(key: SubjectDataKey, where: str, sealed: bytes) -> dict[str, Any]:
    opened: dict[str, Any] = json.loads(key.open_bytes(_bound(where), sealed))
    return opened


@dataclass(frozen=True)
class SealedBlob:
    """A blob sealed for several people: ``ciphertext`` under a key of its own, that key
    wrapped under each of ``people``'s keys in turn (``wrapped_key``)."""

    ciphertext: bytes
    wrapped_key: bytes
    people: tuple[Person, ...]


def _order(people: Sequence[Person]) -> tuple[Person, ...]:
    return tuple(sorted({tuple(p) for p in people}))  # type: ignore[misc]


async def _keys(
    sealing: Sealing, session: AsyncSession, people: Sequence[Person]
) -> dict[Person, SubjectDataKey | None]:
    by_org: dict[str, list[tuple[str, str]]] = {}
    for organization_id, kind, subject_id in people:
        by_org.setdefault(organization_id, []).append((kind, subject_id))
    found: dict[Person, SubjectDataKey | None] = {}
    for organization_id, subjects in by_org.items():
        keys = await sealing.keys(session, organization_id, subjects)
        for (kind, subject_id), key in keys.items():
            found[(organization_id, kind, subject_id)] = key
    return found


async def seal_blob(
    sealing: Sealing,
    session: AsyncSession,
    plain: bytes,
    *,
    where: str,
    people: Sequence[Person],
    actor: audit.Actor,
) -> SealedBlob | None:
    """``plain`` sealed so that it opens only with the keys of all ``people`` (issued where
    missing; ``session`` must see their organizations). ``None`` when one of them was erased
    meanwhile: nothing of them may be kept then."""
    ordered = _order(people)
    keys = await _keys(sealing, session, ordered)
    own = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = nonce + AESGCM(own).encrypt(nonce, plain, _bound(where).encode())
    wrapped = own
    for person in ordered:
        key = keys.get(person)
        if key is None:
            organization_id, kind, subject_id = person
            try:
                key = await sealing.issued_key(
                    session,
                    organization_id=organization_id,
                    kind=kind,
                    subject_id=subject_id,
                    actor=actor,
                )
            except SubjectKeyDestroyed:
                return None
        wrapped = key.seal_bytes(_bound(where), wrapped)
    return SealedBlob(ciphertext=ciphertext, wrapped_key=wrapped, people=ordered)


async def open_blob(
    sealing: Sealing, session: AsyncSession, blob: SealedBlob, *, where: str
) -> bytes | None:
    """The blob, or ``None`` once one of its people was erased (their key is gone)."""
    ordered = _order(blob.people)
    keys = await _keys(sealing, session, ordered)
    wrapped = blob.wrapped_key
    for person in reversed(ordered):
        key = keys.get(person)
        if key is None:
            return None
        wrapped = key.open_bytes(_bound(where), wrapped)
    nonce, body = blob.ciphertext[:NONCE_BYTES], blob.ciphertext[NONCE_BYTES:]
    return AESGCM(wrapped).decrypt(nonce, body, _bound(where).encode())
