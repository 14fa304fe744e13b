"""Personal fields sealed with their person's key: written sealed, read opened in the domain.

A model whose row is a person (a client contact) declares which of its fields are sealed
(``sealed_fields``) and maps, for each, a ``<field>_sealed`` column; the field itself is an
:class:`OpenedValue`, a plain attribute that holds the opened value and is never a column. So
API answers, exports, CRM pushes, e-mails and templates read ``client.email`` as before, while
PostgreSQL — and every backup of it — holds only ciphertext, which the person's erasure makes
unreadable for good by destroying their key in the key store (ADR 0034).

:class:`Sealing` is the one service both sides call: :meth:`Sealing.seal` before a write is
flushed (issuing the person's key on first use), :meth:`Sealing.open` after rows are loaded —
a page's rows in one batch: one key store round trip and one data query, however many rows.
An ``email`` field also gets ``email_index``, a keyed digest for exact lookups
(:func:`~domain.keys.subjects.blind_index`).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ClassVar, Protocol

from sqlalchemy import ColumnElement, and_, func, inspect, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.config import Settings, load_settings
from core.crypto import PAYLOAD_KEYS_INFO, SecretBox
from domain.audit import service as audit
from domain.errors import Conflict
from domain.keys.fields import INDEXED_FIELD, OpenedValue
from domain.keys.models import OrganizationKey
from domain.keys.service import kek_of, open_key
from domain.keys.store import KeyStore
from domain.keys.subjects import (
    SubjectDataKey,
    SubjectKeyDestroyed,
    blind_index,
    blind_index_key,
    open_subject_keys,
    subject_key,
)

# The attribute prefix of a sealed field's clear column of the previous release.
CLEAR_PREFIX = "clear_"
# Where a row keeps the key that sealed or opened it, for copies of its fields made in the
# same unit of work (its events, written by a synchronous flush listener).
_KEY_ATTRIBUTE = "_subject_key"

# (organization, kind, id) of every person whose sealed fields were sealed or opened while a
# collection (:func:`people_touched`) is active: what a response may carry of whom.
Person = tuple[str, str, str]
_touched: ContextVar[set[Person] | None] = ContextVar("people_touched", default=None)


@contextmanager
def people_touched() -> Iterator[set[Person]]:
    """Collect the people whose sealed fields are sealed or opened inside the block (a
    request): a copy of what it answers must be sealed with their keys."""
    collected: set[Person] = set()
    token = _touched.set(collected)
    try:
        yield collected
    finally:
        _touched.reset(token)


def _touch(people: Iterable[Person]) -> None:
    collected = _touched.get()
    if collected is not None:
        collected.update(people)


def remembered_key(row: object) -> SubjectDataKey | None:
    """The key that sealed or opened ``row`` in this unit of work, if any."""
    key = getattr(row, "__dict__", {}).get(_KEY_ATTRIBUTE)
    return key if isinstance(key, SubjectDataKey) else None


class SealedRow(Protocol):
    """A row of a person with sealed fields (``Client``, ``Creator``, ``Artist``)."""

    subject_kind: ClassVar[str]
    sealed_fields: ClassVar[tuple[str, ...]]
    id: str
    organization_id: str


def _encode(value: Any) -> str | None:
    return None if value is None else value if isinstance(value, str) else json.dumps(value)


def _decode(opened: str | None, default: Any) -> Any:
    if opened is None:
        return copy.copy(default)  # a list default is never shared between rows
    return opened if isinstance(default, str) or default is None else json.loads(opened)


class Sealing:
    """Seal and open persons' fields with their keys (the key store) under their
    organization's key (the data database, through the caller's session)."""

    def __init__(self, store: KeyStore, box: SecretBox) -> None:
        self.store = store
        self._box = box

    @classmethod
    def from_settings(cls, settings: Settings, store: KeyStore) -> Sealing:
        return cls(store, SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO))

    @classmethod
    def configured(cls, data: async_sessionmaker[AsyncSession] | AsyncEngine) -> Sealing:
        """As the environment configures it (``KEYSTORE_URL``; else the control database of
        ``data``), for a component built without one: the API and the worker hand every
        component their one instance."""
        settings = load_settings()
        engine = data if isinstance(data, AsyncEngine) else data.kw["bind"]
        return cls.from_settings(settings, KeyStore.from_settings(settings, fallback=engine))

    async def seal(self, session: AsyncSession, row: SealedRow, *, actor: audit.Actor) -> None:
        """Write the opened values of ``row`` into its sealed columns (and ``email_index``), in
        the caller's transaction; the person's key is issued on first use. A new row's unset
        fields are their defaults; a loaded row must have been opened."""
        values: dict[str, Any] = {}
        for name in row.sealed_fields:
            if f"_opened_{name}" not in row.__dict__ and not inspect(row).transient:
                getattr(row, name)  # raises: sealing what was never opened would lose it
            values[name] = row.__dict__.get(f"_opened_{name}", getattr(type(row), name).default)
        for column, sealed in (
            await self.sealed_columns(session, row, values, actor=actor)
        ).items():
            setattr(row, column, sealed)

    async def changed_columns(
        self,
        session: AsyncSession,
        row: SealedRow,
        values: Mapping[str, Any],
        *,
        actor: audit.Actor,
    ) -> dict[str, Any]:
        """The sealed columns of those ``values`` that differ from ``row``'s (opened by its
        loader), for the caller to write as a change of the row, so its audit record shows
        which field changed; ``row`` reads the new values from then on. Empty when none
        changed."""
        changed = {name: value for name, value in values.items() if getattr(row, name) != value}
        if not changed:
            return {}
        columns = await self.sealed_columns(session, row, changed, actor=actor)
        for name, value in changed.items():
            setattr(row, name, value)
        return columns

    async def sealed_columns(
        self,
        session: AsyncSession,
        row: SealedRow,
        values: Mapping[str, Any],
        *,
        actor: audit.Actor,
    ) -> dict[str, Any]:
        """The sealed columns (and ``email_index``) of ``values`` (opened values of the
        person ``row`` by field name), and their clear columns emptied, without changing
        ``row``. Values that are all empty need no key: none is issued for them (a creator
        without an e-mail, an artist without links), and the first value set issues it."""
        if not any(values.values()):
            emptied: dict[str, Any] = {}
            for name in values:
                emptied[f"{name}_sealed"] = None
                emptied[f"{CLEAR_PREFIX}{name}"] = getattr(type(row), name).default
                if name == INDEXED_FIELD:
                    emptied["email_index"] = None
            return emptied
        try:
            key = await subject_key(
                self.store,
                session,
                self._box,
                organization_id=row.organization_id,
                kind=row.subject_kind,
                subject_id=row.id,
                actor=actor,
            )
        except SubjectKeyDestroyed:
            # Nothing is sealed for an erased person again (their key is a tombstone).
            raise Conflict(
                f"this {row.subject_kind} was erased: {', '.join(values)} cannot be set again",
                param=next(iter(values), None),
                code="person_erased",
            ) from None
        row.__dict__[_KEY_ATTRIBUTE] = key
        _touch([(row.organization_id, row.subject_kind, row.id)])
        columns: dict[str, Any] = {}
        for name, value in values.items():
            encoded = _encode(value)
            columns[f"{name}_sealed"] = key.seal(name, encoded)
            # The previous release's clear copy goes with the first sealed write.
            columns[f"{CLEAR_PREFIX}{name}"] = getattr(type(row), name).default
            if name == INDEXED_FIELD:
                index_key = await self.index_key(session, row.organization_id)
                columns["email_index"] = blind_index(index_key, name, encoded)
        return columns

    async def open(self, session: AsyncSession, rows: Sequence[SealedRow]) -> None:
        """Open the sealed fields of ``rows`` (of one organization each) in place; a person
        whose key is gone (erased) reads as the field's default."""
        if not rows:
            return
        by_org: dict[str, list[SealedRow]] = {}
        for row in rows:
            by_org.setdefault(row.organization_id, []).append(row)
        for organization_id, of_org in by_org.items():
            keys = await open_subject_keys(
                self.store,
                session,
                self._box,
                organization_id=organization_id,
                subjects=[(r.subject_kind, r.id) for r in of_org],
            )
            for row in of_org:
                _open_row(row, keys.get((row.subject_kind, row.id)))
            _touch((organization_id, r.subject_kind, r.id) for r in of_org)

    async def keys(
        self, session: AsyncSession, organization_id: str, subjects: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], SubjectDataKey | None]:
        """The keys of ``subjects`` (kind, id) of one organization in one batch: ``None`` for
        a person who has none or was erased. Counted as touched (what is opened with them may
        be answered)."""
        wanted = list(dict.fromkeys(subjects))
        _touch((organization_id, kind, subject_id) for kind, subject_id in wanted)
        return await open_subject_keys(
            self.store, session, self._box, organization_id=organization_id, subjects=wanted
        )

    async def issued_key(
        self,
        session: AsyncSession,
        *,
        organization_id: str,
        kind: str,
        subject_id: str,
        actor: audit.Actor,
    ) -> SubjectDataKey:
        """The person's key, issued on first use; :class:`SubjectKeyDestroyed` once erased."""
        return await subject_key(
            self.store,
            session,
            self._box,
            organization_id=organization_id,
            kind=kind,
            subject_id=subject_id,
            actor=actor,
        )

    async def open_unopened(self, session: AsyncSession, rows: Sequence[SealedRow]) -> None:
        """Open those of ``rows`` nobody opened yet (rows a caller preloaded and opened in a
        batch keep their values: no second key store round trip)."""
        await self.open(
            session,
            [
                row
                for row in rows
                if any(f"_opened_{name}" not in row.__dict__ for name in row.sealed_fields)
            ],
        )

    async def opened_fields(
        self,
        session: AsyncSession,
        model: type[SealedRow],
        organization_id: str,
        rows: Sequence[Mapping[str, Any]],
    ) -> list[dict[str, Any]]:
        """The opened sealed fields of table rows of ``model`` (an export reads tables, not
        objects), one dict per row, the keys of all rows opened in one batch."""
        keys = await open_subject_keys(
            self.store,
            session,
            self._box,
            organization_id=organization_id,
            subjects=[(model.subject_kind, row["id"]) for row in rows],
        )
        _touch((organization_id, model.subject_kind, row["id"]) for row in rows)
        opened: list[dict[str, Any]] = []
        for row in rows:
            key = keys.get((model.subject_kind, row["id"]))
            fields: dict[str, Any] = {}
            for name in model.sealed_fields:
                descriptor: OpenedValue[Any] = getattr(model, name)
                sealed = row[f"{name}_sealed"]
                if sealed is None:  # not converted yet: the clear column (named as the field)
                    fields[name] = row.get(name, descriptor.default)
                    continue
                value = key.open(name, sealed) if key is not None else None
                fields[name] = _decode(value, descriptor.default)
            opened.append(fields)
        return opened

    async def index_key(self, session: AsyncSession, organization_id: str) -> bytes:
        """The organization's blind index key (from its version-1 key, kept by rotations)."""
        first = (
            await session.execute(
                select(OrganizationKey).where(
                    OrganizationKey.organization_id == organization_id,
                    OrganizationKey.version == 1,
                )
            )
        ).scalar_one_or_none()
        if first is None or first.wrapped_key is None:
            raise LookupError(f"organization {organization_id} has no live version-1 key")
        kek = await kek_of(self.store, self._box, first)
        return blind_index_key(open_key(self._box, first, kek), organization_id)

    async def email_matches(
        self, session: AsyncSession, organization_id: str, model: type[Any], email: str
    ) -> ColumnElement[bool]:
        """Where ``model``'s e-mail is ``email`` (any case): a sealed row through the blind
        index, a row not converted yet through its clear column. An organization that has
        sealed nothing has no index key, and only its clear rows can match."""
        unconverted = and_(
            model.email_sealed.is_(None),
            func.lower(func.trim(model.clear_email)) == email.strip().lower(),
        )
        try:
            key = await self.index_key(session, organization_id)
        except LookupError:
            return unconverted
        return or_(model.email_index == blind_index(key, INDEXED_FIELD, email), unconverted)


def _open_row(row: SealedRow, key: SubjectDataKey | None) -> None:
    if key is not None:
        row.__dict__[_KEY_ATTRIBUTE] = key
    for name in row.sealed_fields:
        descriptor: OpenedValue[Any] = getattr(type(row), name)
        sealed = getattr(row, f"{name}_sealed")
        if sealed is None:
            # Not converted yet (written by the previous release): its clear column.
            setattr(row, name, getattr(row, f"{CLEAR_PREFIX}{name}", None))
            continue
        opened = key.open(name, sealed) if key is not None else None
        setattr(row, name, _decode(opened, descriptor.default))
