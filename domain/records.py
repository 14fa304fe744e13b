"""Shared steps of every tenant resource: load-or-404, audited create/update/delete."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit import service as audit
from domain.base import Base
from domain.errors import Conflict, NotFound

M = TypeVar("M", bound=Base)
SEALED_SUFFIX = "_sealed"


def columns_snapshot(obj: Base, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The row's column values (for audit diffs), without timestamps and ``exclude``, and
    never a sealed personal field: the audit log is in the data's backups, which the person's
    erasure must not have to reach (domain/keys/sealed.py): a sealed field appears as a
    digest of its ciphertext, which shows that it changed and nothing of its value."""
    skip = {"created_at", "updated_at", "organization_id", "id", "search", *exclude}
    snapshot: dict[str, Any] = {}
    for c in obj.__table__.columns:
        if c.key in skip:
            continue
        if not c.info.get("sealed"):
            snapshot[c.key] = getattr(obj, c.key)
        elif c.key.endswith(SEALED_SUFFIX):
            sealed = getattr(obj, c.key)
            snapshot[c.key.removesuffix(SEALED_SUFFIX)] = (
                None if sealed is None else f"sealed:{hashlib.sha256(sealed).hexdigest()[:16]}"
            )
    return snapshot


async def get_or_404(
    session: AsyncSession, model: type[M], ident: str, *, label: str, param: str = "id"
) -> M:
    """The row, or 404 — also when it belongs to another organization (RLS hides it)."""
    obj = await session.get(model, ident)
    if obj is None:
        raise NotFound(f"no {label} {ident}", param=param)
    return obj


async def get_unchanged_or_409(
    session: AsyncSession, model: type[M], ident: str, *, label: str, version: str
) -> M:
    """The row, locked until the transaction ends, if it is still the version an editor
    loaded (its ``updated_at`` in ISO 8601); 409 ``edit_conflict`` when someone saved it in
    between, so of two people editing one row the second is told instead of overwriting."""
    obj = await session.get(model, ident, with_for_update=True)
    if obj is None:
        raise NotFound(f"no {label} {ident}")
    if getattr(obj, "updated_at").isoformat() != version:  # noqa: B009 - any timestamped model
        raise Conflict(
            f"someone else saved this {label} after you opened it; the values they saved are "
            "shown, your input is kept below: save again to replace theirs",
            param="version",
            code="edit_conflict",
        )
    return obj


def _keys(obj: Any) -> tuple[str, str]:
    """(organization_id, id) of a tenant row."""
    return obj.organization_id, obj.id


def _conflict_from(exc: IntegrityError, unique_messages: dict[str, tuple[str, str]]) -> Conflict:
    constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", None) or ""
    if constraint in unique_messages:
        message, param = unique_messages[constraint]
        return Conflict(message, param=param, code="duplicate")
    return Conflict("the change conflicts with existing data", code="conflict")


async def flush_or_conflict(
    session: AsyncSession,
    unique_messages: dict[str, tuple[str, str]] | None = None,
    *,
    add: Base | None = None,
) -> None:
    """Flush inside a savepoint; a unique violation becomes a 409 naming the field.

    A new object is passed as ``add`` so it is added inside the savepoint (``begin_nested``
    flushes whatever is pending before the savepoint starts).
    """
    try:
        async with session.begin_nested():
            if add is not None:
                session.add(add)
            await session.flush()
    except IntegrityError as exc:
        raise _conflict_from(exc, unique_messages or {}) from None


async def create(
    session: AsyncSession,
    obj: M,
    *,
    actor: audit.Actor,
    kind: str,
    unique_messages: dict[str, tuple[str, str]] | None = None,
) -> M:
    await flush_or_conflict(session, unique_messages, add=obj)
    await audit.record(
        session,
        organization_id=_keys(obj)[0],
        actor=actor,
        action=f"{kind}.created",
        target_type=kind,
        target_id=_keys(obj)[1],
        after=columns_snapshot(obj),
    )
    return obj


async def update(
    session: AsyncSession,
    obj: M,
    changes: dict[str, Any],
    *,
    actor: audit.Actor,
    kind: str,
    unique_messages: dict[str, tuple[str, str]] | None = None,
    validate: Callable[[M], None] | None = None,
) -> M:
    before = columns_snapshot(obj)
    for field, value in changes.items():
        setattr(obj, field, value)
    if validate is not None:
        validate(obj)
    await flush_or_conflict(session, unique_messages)
    after = columns_snapshot(obj)
    if after != before:
        await audit.record(
            session,
            organization_id=_keys(obj)[0],
            actor=actor,
            action=f"{kind}.updated",
            target_type=kind,
            target_id=_keys(obj)[1],
            before=before,
            after=after,
        )
    return obj


async def delete(
    session: AsyncSession, obj: M, *, actor: audit.Actor, kind: str, in_use_message: str
) -> None:
    before = columns_snapshot(obj)
    try:
        async with session.begin_nested():
            await session.delete(obj)
            await session.flush()
    except IntegrityError:
        raise Conflict(in_use_message, code="in_use") from None
    await audit.record(
        session,
        organization_id=_keys(obj)[0],
        actor=actor,
        action=f"{kind}.deleted",
        target_type=kind,
        target_id=_keys(obj)[1],
        before=before,
    )
