"""What a project-tool adapter offers the milestone sync: a project's milestones as tasks (or
board items) with due dates, assignees and status, read back when the tool says one changed.

Provider-neutral: Asana (``integrations/asana.py``) and Monday.com (``integrations/monday.py``)
implement it. ``upsert_task`` takes the id our link holds (``known_id``) and updates that task
while it exists, else creates one, and returns the id to keep. Every write carries an
**origin marker** (``Task.marker``): the sync's own revision of the milestone, stored with the
task on the provider's side, so when the tool's webhook reports the change we just made, the
read-back shows our marker and the sync ignores its own echo. Failures are the shared family
of ``integrations/errors.py`` (``RateLimited`` carries the provider's delay).

Inbound webhooks are a second, stateless seam (:class:`TaskWebhooks`): the provider's
handshake or challenge, its signature check, and the task ids an event names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class Task:
    """A milestone as the tool shows it. ``key`` is our milestone's id; ``marker`` the origin
    marker of this write; ``assignee_email`` is mapped to the tool's user with that e-mail
    (left unassigned when it has none)."""

    name: str
    notes: str
    due_on: date | None
    completed: bool
    key: str
    marker: str
    assignee_email: str | None = None


@dataclass(frozen=True, slots=True)
class TaskState:
    """A task as read back: whether it is complete, when the tool last changed it, and the
    origin marker it carries (``""`` when a person changed it after our last write, or the
    tool does not keep one)."""

    id: str
    completed: bool
    modified_at: datetime
    marker: str


class ProjectManagement(Protocol):
    """One project-tool account (workspace), bound to one set of credentials."""

    async def check_token(self) -> None:
        """Raise :class:`~integrations.errors.Unauthorized` unless the credentials work."""
        ...

    async def ensure_container(self, name: str, *, known_id: str | None) -> str:
        """The project (Asana) or board (Monday) that holds one of our projects' tasks:
        ``known_id`` while it exists, else a new one named ``name``."""
        ...

    async def upsert_task(self, container_id: str, task: Task, *, known_id: str | None) -> str: ...

    async def read_tasks(self, ids: Sequence[str]) -> dict[str, TaskState]:
        """The tasks of ``ids`` that still exist, in as few calls as the provider allows."""
        ...

    async def subscribe(self, container_id: str, target_url: str) -> str:
        """Register the tool's webhook for changes to the container's tasks; its id."""
        ...

    async def unsubscribe(self, webhook_id: str) -> None: ...


# A project tool of one connection: its access token and settings → the adapter.
ToolFactory = Callable[[str, Mapping[str, Any]], ProjectManagement]


@dataclass(frozen=True, slots=True)
class Handshake:
    """What to answer a webhook's set-up request (headers and a JSON body), and the signing
    secret the provider handed over in it, for the connection to keep (Asana's), if any."""

    headers: Mapping[str, str]
    body: Mapping[str, str] | None = None
    secret: str | None = None


class TaskWebhooks(Protocol):
    """A provider's inbound webhooks, stateless: the secret is the connection's."""

    def handshake(self, headers: Mapping[str, str], body: bytes) -> Handshake | None:
        """The answer to a set-up request (Asana's ``X-Hook-Secret``, Monday's
        ``challenge``), or ``None`` when this is an ordinary delivery."""
        ...

    def verify(self, secret: str, headers: Mapping[str, str], body: bytes) -> bool:
        """Whether the delivery is signed with the connection's secret."""
        ...

    def changed_task_ids(self, body: bytes) -> list[str]:
        """The tasks (items) an ordinary delivery says changed."""
        ...
