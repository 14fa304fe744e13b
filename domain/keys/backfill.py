"""Converting rows written before sealing (``auditoryx privacy seal-backfill``).

The expand releases (ADR 0025) write only sealed columns; rows written before them keep their
personal fields in the clear columns until converted: clients' ``email``, ``phone`` and
``notes`` (revision 0043), creators' ``email`` and artists' ``links`` (revision 0045).
:func:`seal_backfill` converts one organization's rows a batch per transaction, table by table:
each row's clear values are sealed with the person's key and the clear columns emptied. It is
resumable and idempotent — a batch picks the rows that still hold a clear value, so a second
run, or a run after a crash, converts what is left and nothing twice — and it runs beside the
API (rows a request holds are skipped and taken by the next batch). A clear value wins over a
sealed one: this code empties the clear columns whenever it seals, so a clear value left beside
a sealed one was written by the previous release afterwards.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import tenant_session
from domain.audit import service as audit
from domain.events.models import Event
from domain.events.service import event_copy
from domain.keys.copies import seal_fields
from domain.keys.sealed import CLEAR_PREFIX, Sealing
from domain.keys.subjects import SubjectKeyDestroyed
from domain.privacy.catalog import SEALED_MODELS, SealedModel
from domain.resources.models import Client

BATCH = 200
# Events whose snapshot is of a person with sealed fields: the ``object`` of their data.
PERSON_OBJECTS: dict[str, type[Client]] = {"client": Client}

# What the command converts, in this order.
CONVERTED: tuple[SealedModel, ...] = tuple(SEALED_MODELS.values())


def _holds_clear(model: SealedModel) -> ColumnElement[bool]:
    """Rows whose clear columns still hold something (an empty text or list is nothing)."""
    conditions: list[ColumnElement[bool]] = []
    for name in model.sealed_fields:
        column: Any = getattr(model, f"{CLEAR_PREFIX}{name}")
        default = getattr(model, name).default
        if isinstance(default, list):
            conditions.append(func.cardinality(column) > 0)
        elif default == "":
            conditions.append(column != "")
        else:
            conditions.append(column.is_not(None))
    return or_(*conditions)


async def seal_backfill(
    sessionmaker: async_sessionmaker[AsyncSession],
    sealing: Sealing,
    *,
    organization_id: str,
    actor: audit.Actor,
    batch: int = BATCH,
) -> dict[str, int]:
    """Seal the organization's rows still holding clear personal fields; how many, per table."""
    return {
        model.__tablename__: await _convert(
            sessionmaker, sealing, model, organization_id=organization_id, actor=actor, batch=batch
        )
        for model in CONVERTED
    }


async def _convert(
    sessionmaker: async_sessionmaker[AsyncSession],
    sealing: Sealing,
    model: SealedModel,
    *,
    organization_id: str,
    actor: audit.Actor,
    batch: int,
) -> int:
    converted = 0
    while True:
        async with tenant_session(sessionmaker, [organization_id]) as session:
            rows: list[Any] = list(
                (
                    await session.execute(
                        select(model)
                        .where(model.organization_id == organization_id, _holds_clear(model))
                        .order_by(model.id)
                        .limit(batch)
                        .with_for_update(skip_locked=True)
                    )
                )
                .scalars()
                .all()
            )
            if not rows:
                return converted
            await sealing.open(session, rows)
            for row in rows:
                values = {
                    name: getattr(row, f"{CLEAR_PREFIX}{name}") or getattr(row, name)
                    for name in model.sealed_fields
                }
                for column, value in (
                    await sealing.sealed_columns(session, row, values, actor=actor)
                ).items():
                    setattr(row, column, value)
            await audit.record(
                session,
                organization_id=organization_id,
                actor=actor,
                action=f"{model.__tablename__}.sealed",
                target_type="organization",
                target_id=organization_id,
                after={model.__tablename__: len(rows)},
            )
            converted += len(rows)
        if len(rows) < batch:
            return converted


async def seal_event_backfill(
    sessionmaker: async_sessionmaker[AsyncSession],
    sealing: Sealing,
    *,
    organization_id: str,
    actor: audit.Actor,
    batch: int = BATCH,
) -> int:
    """Seal the sealed fields of the organization's events written in clear (before revision
    0045, or of a client row not converted then) with their person's key; how many events.
    An event of a person erased since keeps those fields ``null``. Resumable and idempotent
    like :func:`seal_backfill`: a batch takes the events that still hold a clear value."""
    converted = 0
    for kind, model in PERSON_OBJECTS.items():
        holds_clear = or_(
            *(Event.data[name].as_string().is_not(None) for name in model.sealed_fields)
        )
        while True:
            async with tenant_session(sessionmaker, [organization_id]) as session:
                rows = list(
                    (
                        await session.execute(
                            select(Event)
                            .where(
                                Event.organization_id == organization_id,
                                Event.sealed_data.is_(None),
                                Event.data["object"].as_string() == kind,
                                holds_clear,
                            )
                            .order_by(Event.id)
                            .limit(batch)
                            .with_for_update(skip_locked=True)
                        )
                    )
                    .scalars()
                    .all()
                )
                if not rows:
                    break
                for event in rows:
                    subject_id = str(event.data.get("id"))
                    fields = [f for f in model.sealed_fields if f in event.data]
                    personal = {name: event.data[name] for name in fields}
                    event.data = {**event.data, **dict.fromkeys(fields)}
                    try:
                        key = await sealing.issued_key(
                            session,
                            organization_id=organization_id,
                            kind=kind,
                            subject_id=subject_id,
                            actor=actor,
                        )
                    except SubjectKeyDestroyed:
                        continue  # erased: nothing of theirs is kept
                    event.subject_kind, event.subject_id = kind, subject_id
                    event.sealed_data = seal_fields(key, event_copy(event.id), personal)
                await audit.record(
                    session,
                    organization_id=organization_id,
                    actor=actor,
                    action="events.sealed",
                    target_type="organization",
                    target_id=organization_id,
                    after={"events": len(rows)},
                )
                converted += len(rows)
            if len(rows) < batch:
                break
    return converted
