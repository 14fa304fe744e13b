"""The milestone ↔ task sync's rules, provider-neutral (docs/adr/0030-project-tool-sync.md).

Which side's completion stands is decided by :func:`decide` — pure, from the milestone's
completion here, the task as read back there and the link's last agreed state. A pulled
completion is applied here by ticking (or unticking) the milestone's checklist through the
projects service, audited like a person's tick.

What "completed here" means: a done milestone is complete for good (final); a cancelled one
is not synced from here; otherwise a milestone with a checklist is complete when every item
is ticked, and one without a checklist has no completion of its own (it follows the tool).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.crypto import DecryptionError, SecretBox
from domain.audit import service as audit
from domain.connections.models import IntegrationConnection
from domain.project_tools.models import PENDING, TaskContainer, TaskLink
from domain.projects import service as projects
from domain.projects.models import Milestone


def completion_here(milestone: Milestone) -> bool | None:
    """``True``/``False`` as our side sees the milestone, ``None`` when it has no say."""
    if milestone.status == "done":
        return True
    if milestone.status == "cancelled" or not milestone.checklist:
        return None
    return all(item.get("done") for item in milestone.checklist)


def revision(*parts: object) -> str:
    """The origin marker of a write: a digest of what it sets, so an unchanged milestone is
    not written again (a retried push, a reconciliation that finds nothing new)."""
    raw = json.dumps([str(p) for p in parts], separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class Seen:
    """The linked task as read back from the tool."""

    completed: bool
    modified_at: datetime
    marker: str


@dataclass(frozen=True, slots=True)
class Decision:
    """``completed``: the completion both sides agree on after this turn; ``apply_here``:
    tick (``True``) or untick (``False``) the checklist here, or leave it (``None``);
    ``from_tool``: the tool's change was taken (else it was ours, an echo or stale)."""

    completed: bool
    apply_here: bool | None
    from_tool: bool


def decide(
    *, here: bool | None, final_here: bool, seen: Seen | None, link: TaskLink | None
) -> Decision:
    """The conflict rule. Each side is compared with the completion both last agreed on
    (``link.completed``): a side that differs changed, and a change on one side is carried to
    the other. A read-back that is our own write (its marker is the link's) or not newer
    than the last one acted on is no change of the tool's. When both sides changed they
    flipped the same way (completion is a yes/no), so they agree. Completion wins where the
    two cannot meet: a task reopened in the tool while the milestone is done here (done is
    final) is completed again."""
    agreed = link.completed if link is not None else False
    if link is None or seen is None:
        value = bool(here)
        return Decision(completed=value, apply_here=None, from_tool=False)
    echo = bool(seen.marker) and seen.marker == link.marker
    stale = link.provider_modified_at is not None and seen.modified_at <= link.provider_modified_at
    tool_changed = not echo and not stale and seen.completed != agreed
    here_changed = here is not None and here != agreed
    if here_changed or not tool_changed:
        kept = agreed if here is None else here
        return Decision(completed=kept, apply_here=None, from_tool=False)
    if not seen.completed and final_here:
        return Decision(completed=True, apply_here=None, from_tool=False)  # completion wins
    apply = seen.completed if here is not None else None
    return Decision(completed=seen.completed, apply_here=apply, from_tool=True)


def seal_token(box: SecretBox, token: str) -> bytes:
    """A project tool's credentials as its connection keeps them: the access token, sealed."""
    return box.seal({"access_token": token})


async def connection_token(
    session: AsyncSession, box: SecretBox, provider: str
) -> tuple[str, dict[str, Any]] | None:
    """The access token and settings of the organization's connection to ``provider``;
    ``None`` when it has none it can use (disconnected, or credentials that do not open)."""
    connection = (
        await session.execute(
            select(IntegrationConnection).where(
                IntegrationConnection.provider == provider,
                IntegrationConnection.status != "disconnected",
            )
        )
    ).scalar_one_or_none()
    if connection is None or connection.credentials is None:
        return None
    try:
        token = str(box.open(connection.credentials)["access_token"])
    except (DecryptionError, KeyError, ValueError):
        return None
    return token, dict(connection.settings or {})


async def link_of(session: AsyncSession, provider: str, milestone_id: str) -> TaskLink | None:
    return (
        await session.execute(
            select(TaskLink).where(
                TaskLink.provider == provider, TaskLink.milestone_id == milestone_id
            )
        )
    ).scalar_one_or_none()


async def milestones_of_tasks(
    session: AsyncSession, provider: str, task_ids: list[str]
) -> list[str]:
    """The milestones linked to ``task_ids`` (tasks we do not know are left out)."""
    if not task_ids:
        return []
    rows = await session.execute(
        select(TaskLink.milestone_id).where(
            TaskLink.provider == provider, TaskLink.task_id.in_(task_ids)
        )
    )
    return list(dict.fromkeys(rows.scalars().all()))


async def apply_completion(
    session: AsyncSession, milestone: Milestone, *, done: bool, actor: audit.Actor, now: datetime
) -> int:
    """Tick (or untick) every checklist item that differs, each through the projects service
    (audited; the event ``project.milestone_updated`` follows). Returns how many changed."""
    changed = 0
    for item in list(milestone.checklist):
        if bool(item.get("done")) != done:
            await projects.set_checklist_item(
                session, milestone, item_id=str(item["id"]), done=done, actor=actor, now=now
            )
            changed += 1
    return changed


async def release_webhooks(session: AsyncSession, provider: str) -> list[str]:
    """On a disconnect: forget the webhooks of the organization's containers in ``provider``
    (and their secrets), so a reconnect subscribes afresh; the ids the tool registered, for
    the caller to unsubscribe once the disconnect is committed. A subscription still under
    way (a claim) has no id yet: its webhook's deliveries find no secret (Asana) or no
    connection to sync with."""
    rows = (
        (await session.execute(select(TaskContainer).where(TaskContainer.provider == provider)))
        .scalars()
        .all()
    )
    registered = [
        row.webhook_id for row in rows if row.webhook_id and not row.webhook_id.startswith(PENDING)
    ]
    for row in rows:
        row.webhook_id, row.webhook_secret = None, None
    await session.flush()
    return registered
