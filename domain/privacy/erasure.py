"""Erasure of one person (artist, creator, member, client contact): request it, run it, follow it.

An erasure is requested through the API (``POST /v1/erasures``) and carried out by
``ErasureWorkflow`` (its one activity calls :func:`erase`); this module is the one service both
sides call. Requests meet at the ``(organization_id, subject_kind, subject_id)`` unique
constraint: a repeated or concurrent request answers the first erasure, never a second one.

What an erasure does: first :func:`prepare` notes the person's values to look for (opening
their sealed fields while their key exists), then :func:`destroy_key` destroys the key in the
key store (a database of its own, so no shared transaction: a crash after it leaves a
destroyed key and an unfinished erasure, which the workflow's retry completes), then
:func:`erase`, in one transaction of the data database (a retry starts over, a finished
erasure is not run again):
- the person's own row keeps its id, and its display values become tombstones (``Erased
  artist``); e-mail, phone, notes, bio, links and location are cleared — so bookings, contracts,
  ledger entries and every money figure that point at the id stay as they were;
- every other text of the organization (booking titles, sent e-mail, webhook events, stored
  idempotent responses, …) has the person's values replaced with ``[erased]``, also inside
  other people's sealed fields and their events' sealed copies (opened, replaced, sealed
  again); the person's own sealed copies need nothing: their key is gone;
- the audit log's records that held those values are redacted through ``audit_redact`` (the
  one change the append-only log allows after sealing; the chain still verifies, ADR 0034);
- files of finished exports are deleted (they are copies) and their links expire;
- before all that, in the key store and its own transaction (:func:`destroy_key`), the
  person's data key is destroyed, so what was sealed with it is unreadable everywhere,
  backups of the data included (a person who had none gets a tombstone);
- for a member: sessions, credentials, password links, key invites, chat identities and the
  identity provider's record of them (``scim_users``) go.
Values shorter than :data:`MIN_NEEDLE` characters are cleared from the person's row but not
searched for elsewhere (a two-letter name would take every word holding it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    Column,
    ColumnElement,
    LargeBinary,
    String,
    Text,
    cast,
    delete,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain.audit import service as audit
from domain.audit.service import REDACTED
from domain.base import Base
from domain.errors import NotFound
from domain.events.models import Event
from domain.events.service import event_copy
from domain.keys.copies import open_fields, seal_fields
from domain.keys.sealed import Sealing
from domain.keys.store import KeyStore
from domain.keys.subjects import destroy_subject_key
from domain.pagination import Page, paginate
from domain.privacy.catalog import SEALED_MODELS, SUBJECT_TABLES, SealedModel, table
from domain.privacy.models import DataExport, DataExportFile, Erasure

TOMBSTONE = "[erased]"
# Rows whose sealed fields are opened at once when an erasure looks inside them.
SEALED_BATCH = 500
MIN_NEEDLE = 3
TARGET = "erasure"
ARRAY_SEPARATOR = "\x1f"

# Each kind's personal columns besides the name, and what each becomes.
DISPLAY_NAMES = {
    "artist": "Erased artist",
    "creator": "Erased creator",
    "member": "Erased member",
    "client": "Erased client",
}
CLEARED: dict[str, dict[str, Any]] = {
    "artist": {"links": [], "links_sealed": None, "external_ref": None},
    "creator": {
        "email": None,
        "email_sealed": None,
        "email_index": None,
        "bio": "",
        "city": None,
        "latitude": None,
        "longitude": None,
        "external_ref": None,
    },
    "client": {
        "email": None,
        "phone": None,
        "notes": "",
        "email_sealed": None,
        "phone_sealed": None,
        "notes_sealed": None,
        "email_index": None,
        "domain": None,
        "external_ref": None,
    },
    "member": {"status": "disabled"},
}
# The columns whose values are searched for in the rest of the organization's data (``links``
# element by element): what identifies the person. A city, a company domain or an external
# reference is cleared on the person's row only (replacing "Berlin" everywhere would erase
# everyone's city).
SEARCHED = ("name", "email", "phone", "notes", "bio", "links")
# What a member leaves behind besides their row: whatever lets them (or anyone holding their
# links) in, and what the identity provider told us of them (SCIM: names, external id).
MEMBER_ACCESS = (
    "dashboard_sessions",
    "password_tokens",
    "member_credentials",
    "api_key_invites",
    "chat_identities",
    "scim_users",
)
# Binary columns that hold text: the responses replayed for idempotent requests.
STORED_RESPONSES = frozenset({("idempotency_keys", "response_body")})
# Tables whose rows are handled on their own, or hold no text of a person.
NOT_SCRUBBED = frozenset({"audit_events", "audit_chain_heads", "erasures", "data_export_files"})


async def request_erasure(
    session: AsyncSession,
    *,
    organization_id: str,
    kind: str,
    subject_id: str,
    actor: audit.Actor,
) -> tuple[Erasure, bool]:
    """The erasure of the person, and whether this call created it. The person must be the
    organization's (another organization's id is answered like an unknown one); a repeated or
    concurrent request for the same person returns the first erasure."""
    await _subject_row(session, organization_id, kind, subject_id)
    erasure_id = new_id("ers")
    inserted = (
        await session.execute(
            insert(Erasure)
            .values(
                id=erasure_id,
                organization_id=organization_id,
                subject_kind=kind,
                subject_id=subject_id,
                status="pending",
                counts={},
                requested_by=f"{actor.type}:{actor.id}",
                created_at=func.now(),
            )
            .on_conflict_do_nothing(
                index_elements=["organization_id", "subject_kind", "subject_id"]
            )
            .returning(Erasure.id)
        )
    ).scalar_one_or_none()
    if inserted is None:
        # A concurrent request inserted first: the insert waited for it to commit, so it is
        # visible now.
        existing = await _find(session, organization_id, kind, subject_id)
        return existing, False
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="erasure.requested",
        target_type=TARGET,
        target_id=erasure_id,
        after={"subject_kind": kind, "subject_id": subject_id},
    )
    return await session.get_one(Erasure, erasure_id), True


async def _find(session: AsyncSession, organization_id: str, kind: str, subject_id: str) -> Erasure:
    found = (
        await session.execute(
            select(Erasure).where(
                Erasure.organization_id == organization_id,
                Erasure.subject_kind == kind,
                Erasure.subject_id == subject_id,
            )
        )
    ).scalar_one_or_none()
    if found is None:  # removed with its organization in between
        raise NotFound(f"no erasure of {kind} {subject_id}", param="id")
    return found


async def _subject_row(
    session: AsyncSession, organization_id: str, kind: str, subject_id: str
) -> dict[str, Any]:
    t = table(SUBJECT_TABLES[kind])
    row = (
        (
            await session.execute(
                select(t).where(t.c.organization_id == organization_id, t.c.id == subject_id)
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"no {kind} {subject_id}", param="id")
    return dict(row)


async def get_erasure(session: AsyncSession, erasure_id: str) -> Erasure:
    erasure = await session.get(Erasure, erasure_id, populate_existing=True)
    if erasure is None:
        raise NotFound(f"no erasure {erasure_id}", param="id")
    return erasure


async def list_erasures(
    session: AsyncSession, *, organization_id: str, limit: int, starting_after: str | None
) -> Page[Erasure]:
    stmt = select(Erasure).where(Erasure.organization_id == organization_id)
    return await paginate(session, stmt, Erasure.id, limit=limit, starting_after=starting_after)


def _in_json(value: str) -> str:
    """How ``value`` reads inside JSON text (as PostgreSQL and the API write it)."""
    return json.dumps(value, ensure_ascii=False)[1:-1]


def needles(row: dict[str, Any]) -> list[str]:
    """The person's values that are searched for in the rest of the organization's data."""
    values: list[str] = []
    for column in SEARCHED:
        value = row.get(column)
        if isinstance(value, str):
            values.append(value)
        elif isinstance(value, list):
            values.extend(v for v in value if isinstance(v, str))
    found = {v.strip() for v in values if len(v.strip()) >= MIN_NEEDLE}
    # Longest first: a name inside a longer note is replaced as part of the note.
    return sorted(found, key=lambda v: (-len(v), v))


async def prepare(session: AsyncSession, sealing: Sealing, erasure_id: str) -> Erasure | None:
    """The erasure's first step, in the data database: note the person's values to replace
    elsewhere (``needles``), opened from their sealed fields while their key still exists.
    ``None`` when the erasure is finished already (nothing to do). Run again after a crash it
    keeps what it noted (the key may be gone by then)."""
    erasure = (
        await session.execute(select(Erasure).where(Erasure.id == erasure_id).with_for_update())
    ).scalar_one_or_none()
    if erasure is None:
        raise NotFound(f"no erasure {erasure_id}", param="id")
    if erasure.status == "completed":
        return None
    if erasure.needles is None:
        row = await _subject_row(
            session, erasure.organization_id, erasure.subject_kind, erasure.subject_id
        )
        row.update(await _opened(session, sealing, erasure.subject_kind, erasure.subject_id))
        erasure.needles = needles(row)
    return erasure


async def _opened(
    session: AsyncSession, sealing: Sealing, kind: str, subject_id: str
) -> dict[str, Any]:
    """The person's sealed fields, opened (empty for a kind without any)."""
    model = SEALED_MODELS.get(kind)
    if model is None:
        return {}
    person: Any = await session.get(model, subject_id)
    if person is None:
        return {}
    await sealing.open(session, [person])
    return {name: getattr(person, name) for name in model.sealed_fields}


async def destroy_key(store: KeyStore, erasure: Erasure) -> bool:
    """The erasure's second step: destroy the person's data key in the key store (committed
    there at once, before the data is scrubbed). Whether the person had a key."""
    return await destroy_subject_key(
        store,
        organization_id=erasure.organization_id,
        kind=erasure.subject_kind,
        subject_id=erasure.subject_id,
    )


async def erase(
    session: AsyncSession,
    erasure_id: str,
    *,
    now: datetime,
    sealing: Sealing,
    key_destroyed: bool = False,
) -> dict[str, int]:
    """Carry out the erasure in the data database (see the module's docstring), after
    :func:`prepare` and :func:`destroy_key` (``key_destroyed``: what it answered); what it
    changed, per kind of change. A finished erasure answers its counts again."""
    erasure = (
        await session.execute(select(Erasure).where(Erasure.id == erasure_id).with_for_update())
    ).scalar_one_or_none()
    if erasure is None:
        raise NotFound(f"no erasure {erasure_id}", param="id")
    if erasure.status == "completed":
        return dict(erasure.counts)
    org, kind = erasure.organization_id, erasure.subject_kind
    row = await _subject_row(session, org, kind, erasure.subject_id)
    # Noted by :func:`prepare` before the key went (sealed fields cannot be opened now).
    found = erasure.needles if erasure.needles is not None else needles(row)
    counts: dict[str, int] = {}

    own = table(SUBJECT_TABLES[kind])
    cleared = dict(CLEARED[kind])
    if kind == "member":
        cleared["email"] = f"erased+{erasure.subject_id}@erased.invalid"
    await session.execute(
        update(own)
        .where(own.c.organization_id == org, own.c.id == erasure.subject_id)
        .values(name=DISPLAY_NAMES[kind], **cleared)
    )
    if kind == "member":
        for name in MEMBER_ACCESS:
            t = table(name)
            result = await session.execute(
                t.delete().where(t.c.organization_id == org, t.c.member_id == erasure.subject_id)
            )
            counts[name] = result.rowcount  # type: ignore[attr-defined]

    for name, column in _scrubbed_columns():
        changed = await _scrub(session, org, name, column, found)
        if changed:
            counts[name] = counts.get(name, 0) + changed
    for model in SEALED_MODELS.values():
        changed = await _scrub_sealed(session, sealing, org, model, found, erasure_id)
        if changed:
            counts[model.__tablename__] = counts.get(model.__tablename__, 0) + changed
    changed = await _scrub_sealed_events(session, sealing, org, found)
    if changed:
        counts["events"] = counts.get("events", 0) + changed

    files = await session.execute(
        delete(DataExportFile).where(DataExportFile.organization_id == org)
    )
    counts["data_export_files"] = files.rowcount  # type: ignore[attr-defined]
    await session.execute(
        update(DataExport)
        .where(
            DataExport.organization_id == org,
            DataExport.expires_at.is_not(None),
            DataExport.expires_at > now,
        )
        .values(expires_at=now)
    )

    redacted = (
        (
            await session.execute(
                text("SELECT * FROM audit_redact(:org, :erasure, :needles, :tombstone)"),
                {
                    "org": org,
                    "erasure": erasure_id,
                    "needles": [_in_json(v) for v in found],
                    "tombstone": TOMBSTONE,
                },
            )
        )
        .scalars()
        .all()
    )
    counts["audit_events_redacted"] = len(redacted)
    # The person's own key went first, in the key store: every value sealed with it, in this
    # database or in a backup taken before, can no longer be opened (ADR 0034).
    counts["subject_keys"] = int(key_destroyed)

    erasure.status = "completed"
    erasure.counts = counts
    erasure.needles = None
    erasure.started_at = erasure.started_at or now
    erasure.finished_at = now
    await audit.record(
        session,
        organization_id=org,
        actor=audit.Actor(type="workflow", id=f"erasure:{erasure_id}"),
        action="erasure.completed",
        target_type=TARGET,
        target_id=erasure_id,
        before={"status": "pending"},
        after={
            "status": "completed",
            "subject_kind": kind,
            "subject_id": erasure.subject_id,
            # Which records this erasure redacted: verification accepts a redaction only
            # where the erasure's own (sealed) record names it (ADR 0034).
            REDACTED: sorted(redacted),
        },
    )
    return counts


async def mark_running(session: AsyncSession, erasure_id: str, *, now: datetime) -> None:
    await session.execute(
        update(Erasure)
        .where(Erasure.id == erasure_id, Erasure.status == "pending")
        .values(status="running", started_at=now)
    )


async def fail(session: AsyncSession, erasure_id: str, reason: str, *, now: datetime) -> None:
    await session.execute(
        update(Erasure)
        .where(Erasure.id == erasure_id, Erasure.status != "completed")
        .values(status="failed", error=reason[:1000], finished_at=now, needles=None)
    )


async def _scrub_sealed(
    session: AsyncSession,
    sealing: Sealing,
    organization_id: str,
    model: SealedModel,
    values: Sequence[str],
    erasure_id: str,
) -> int:
    """Replace ``values`` inside other people's sealed fields (a client's notes naming the
    erased person, an artist's link holding their name): opened a batch at a time, sealed
    again where changed; rows changed."""
    if not values:
        return 0
    sealed = [getattr(model, f"{name}_sealed") for name in model.sealed_fields]
    actor = audit.Actor(type="workflow", id=f"erasure:{erasure_id}")
    changed, after = 0, ""
    while True:
        rows: list[Any] = list(
            (
                await session.execute(
                    select(model)
                    .where(
                        model.organization_id == organization_id,
                        model.id > after,
                        or_(*(column.is_not(None) for column in sealed)),
                    )
                    .order_by(model.id)
                    .limit(SEALED_BATCH)
                )
            )
            .scalars()
            .all()
        )
        if not rows:
            return changed
        await sealing.open(session, rows)
        for row in rows:
            replaced: dict[str, Any] = {}
            for name in model.sealed_fields:
                value = getattr(row, name)
                if isinstance(value, str) and _holds(value, values):
                    replaced[name] = _replaced(value, values)
                elif isinstance(value, list) and any(
                    isinstance(v, str) and _holds(v, values) for v in value
                ):
                    replaced[name] = [
                        _replaced(v, values) if isinstance(v, str) else v for v in value
                    ]
            if replaced:
                columns = await sealing.sealed_columns(session, row, replaced, actor=actor)
                for column, sealed_value in columns.items():
                    setattr(row, column, sealed_value)
                changed += 1
        after = rows[-1].id


def _holds(text: str, values: Sequence[str]) -> bool:
    return any(v in text for v in values)


async def _scrub_sealed_events(
    session: AsyncSession, sealing: Sealing, organization_id: str, values: Sequence[str]
) -> int:
    """Replace ``values`` inside the sealed copies other people's events hold (a client's
    phone that is the erased person's too): opened a batch at a time with their people's keys,
    sealed again where changed; events changed. The erased person's own copies no longer open
    (their key went first) and need nothing."""
    if not values:
        return 0
    changed, after = 0, ""
    while True:
        batch = list(
            (
                await session.execute(
                    select(Event)
                    .where(
                        Event.organization_id == organization_id,
                        Event.id > after,
                        Event.sealed_data.is_not(None),
                    )
                    .order_by(Event.id)
                    .limit(SEALED_BATCH)
                )
            )
            .scalars()
            .all()
        )
        if not batch:
            return changed
        keys = await sealing.keys(
            session,
            organization_id,
            [(e.subject_kind or "", e.subject_id or "") for e in batch],
        )
        for event in batch:
            key = keys.get((event.subject_kind or "", event.subject_id or ""))
            if key is None or event.sealed_data is None:
                continue
            fields = open_fields(key, event_copy(event.id), event.sealed_data)
            replaced = {
                name: _replaced(value, values) if isinstance(value, str) else value
                for name, value in fields.items()
            }
            if replaced != fields:
                event.sealed_data = seal_fields(key, event_copy(event.id), replaced)
                changed += 1
        after = batch[-1].id


def _replaced(value: str, values: Sequence[str]) -> str:
    for needle in values:
        value = value.replace(needle, TOMBSTONE)
    return value


def _scrubbed_columns() -> list[tuple[str, Column[Any]]]:
    """Every text, JSON and text-array column of every table an organization owns (besides
    those handled on their own), and the stored responses of idempotent requests."""
    found: list[tuple[str, Column[Any]]] = []
    for t in Base.metadata.sorted_tables:
        if "organization_id" not in t.c or t.name in NOT_SCRUBBED:
            continue
        for column in t.columns:
            if column.computed is not None or column.name in ("id", "organization_id"):
                continue
            kind = column.type
            textual = isinstance(kind, (String, Text, JSONB)) or (
                isinstance(kind, ARRAY) and isinstance(kind.item_type, (String, Text))
            )
            if textual or (t.name, column.name) in STORED_RESPONSES:
                found.append((t.name, column))
    return found


async def _scrub(
    session: AsyncSession,
    organization_id: str,
    table_name: str,
    column: Column[Any],
    values: Sequence[str],
) -> int:
    """Replace every value in ``column`` of the organization's rows; rows changed."""
    if not values:
        return 0
    t = table(table_name)
    c = t.c[column.name]
    kind = column.type
    as_text: ColumnElement[Any]
    back: Callable[[ColumnElement[Any]], ColumnElement[Any]]
    if isinstance(kind, JSONB):
        as_text, back = cast(c, Text), lambda e: cast(e, JSONB)
        needles_ = [_in_json(v) for v in values]
    elif isinstance(kind, LargeBinary):
        as_text, back = func.convert_from(c, "UTF8"), lambda e: func.convert_to(e, "UTF8")
        needles_ = [_in_json(v) for v in values]
    elif isinstance(kind, ARRAY):
        # Elements joined by a separator no text of ours holds, and split again.
        as_text = func.array_to_string(c, ARRAY_SEPARATOR)
        back = lambda e: func.string_to_array(e, ARRAY_SEPARATOR)  # noqa: E731
        needles_ = list(values)
    else:
        as_text, back = c, lambda e: e
        needles_ = list(values)
    replaced = as_text
    for needle in needles_:
        replaced = func.replace(replaced, needle, TOMBSTONE)
    result = await session.execute(
        update(t)
        .where(
            t.c.organization_id == organization_id,
            c.is_not(None),
            or_(*(func.strpos(as_text, needle) > 0 for needle in needles_)),
        )
        .values({c: back(replaced)})
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
