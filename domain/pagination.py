"""Cursor pagination over id-ordered lists (newest first, ``starting_after`` an id)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: Sequence[T]
    has_more: bool


async def paginate(
    session: AsyncSession,
    stmt: Select[Any],
    id_column: InstrumentedAttribute[str],
    *,
    limit: int,
    starting_after: str | None,
) -> Page[Any]:
    """Return up to ``limit`` rows older than ``starting_after`` and whether more exist."""
    if starting_after:
        stmt = stmt.where(id_column < starting_after)
    rows = (await session.execute(stmt.order_by(id_column.desc()).limit(limit + 1))).scalars().all()
    return Page(items=rows[:limit], has_more=len(rows) > limit)
