"""Writing and reading free text carried by reference.

A route (or the decision service) writes what the person typed with :func:`write`, in the
transaction of whatever else it writes, and sends the workflow its id; an activity that needs
the text reads it with :func:`resolve` from the message's two fields (the inline text of
messages sent before, the id of messages sent now). Ids are read through the tenant's session,
so row-level security keeps one organization from reading another's text by id.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain.audit.service import Actor
from domain.free_text.models import FreeText

PREFIX = "txt"


class TextNotYetVisible(LookupError):
    """A message names a text this transaction cannot see: the writer's transaction has not
    committed yet (an activity retries), or the id belongs to another organization."""


async def write(
    session: AsyncSession,
    *,
    organization_id: str,
    author: Actor,
    subject_type: str,
    subject_id: str,
    purpose: str,
    body: str,
) -> str | None:
    """Store ``body`` and return its id; ``None`` (nothing stored) for an empty text."""
    if not body:
        return None
    text_id = new_id(PREFIX)
    session.add(
        FreeText(
            id=text_id,
            organization_id=organization_id,
            author_type=author.type,
            author_id=author.id,
            subject_type=subject_type,
            subject_id=subject_id,
            purpose=purpose,
            body=body,
        )
    )
    await session.flush()
    return text_id


async def read(session: AsyncSession, text_id: str) -> str | None:
    """The text ``text_id`` names, or ``None`` when this session cannot see it."""
    found: str | None = (
        await session.execute(select(FreeText.body).where(FreeText.id == text_id))
    ).scalar_one_or_none()
    return found


async def resolve(session: AsyncSession, inline: str, ref: str | None) -> str:
    """The text of a message: ``inline`` when it carries the text (messages sent before texts
    went by reference), else the row ``ref`` names ('' when it names none). Raises
    :class:`TextNotYetVisible` when ``ref`` names a row this session cannot see."""
    if not ref:
        return inline
    found = await read(session, ref)
    if found is None:
        raise TextNotYetVisible(f"free text {ref} is not visible (yet)")
    return found


def joined(reason: str, text: str) -> str:
    """``reason: text``; either alone when the other is empty."""
    if reason and text:
        return f"{reason}: {text}"
    return reason or text


async def completed(session: AsyncSession, reason: str, ref: str | None) -> str:
    """A workflow's ``reason`` (the system's words) completed with the free text ``ref``
    names (what a person typed), as it read when the text travelled inline."""
    if not ref:
        return reason
    return joined(reason, await resolve(session, "", ref))


async def discard(session: AsyncSession, text_id: str | None) -> None:
    """Delete a text whose message was refused (nothing refers to it)."""
    if text_id:
        await session.execute(delete(FreeText).where(FreeText.id == text_id))


async def discard_apart(
    transaction: Callable[[], AbstractAsyncContextManager[AsyncSession]], text_id: str | None
) -> None:
    """:func:`discard` in a transaction of its own (``transaction`` opens one scoped to the
    text's organization): for a text committed before its message, which was then refused."""
    if text_id:
        async with transaction() as session:
            await discard(session, text_id)
