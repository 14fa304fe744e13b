"""Asana through its official SDK (``asana`` v5): a project per AuditoryX project, a task per
milestone, and Asana's webhooks. Implements ``ProjectManagement`` and ``TaskWebhooks``
(``integrations/project_management.py``); knows nothing of Temporal or FastAPI.

The SDK is blocking (urllib3), so every call runs in a thread; its own retries are off (a
retry is the caller's decision) and ``host`` points it at another base URL (tests use a local
stub that speaks Asana's wire format). Failures are the shared family of
``integrations/errors.py``: 429 → :class:`RateLimited` with Asana's ``Retry-After``, 401/403 →
:class:`Unauthorized` (the token was revoked or cannot see the workspace), another 4xx →
:class:`Rejected` with Asana's own message, 5xx and connection errors → :class:`Unavailable`.

**Origin marker.** Every task we write carries Asana's ``external`` field: ``gid`` is our
milestone id (so a task we created can be found again after a crash, before its id was
saved) and ``data`` a small JSON object with the sync's marker and a digest of what we wrote
(name, notes, due date, completion). A read-back whose fields still hash to that digest is
our own write (the marker is returned); once a person changed one of them, the marker reads
``""``. Asana keeps ``external`` across edits, so the digest is what tells the two apart.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import asana

from integrations.errors import IntegrationError, RateLimited, Rejected, Unauthorized, Unavailable
from integrations.project_management import Handshake, Task, TaskState

PROVIDER = "asana"
ASANA_API_BASE_URL = "https://app.asana.com/api/1.0"
BATCH_LIMIT = 10  # actions per ``POST /batch``, Asana's own maximum
TASK_FIELDS = "name,notes,due_on,completed,modified_at,external"


def _message(body: Any) -> str:
    """Asana's own words: the first ``errors[].message`` of its JSON error body."""
    try:
        parsed = json.loads(body or b"{}")
        return str(parsed["errors"][0]["message"])[:500]
    except (TypeError, ValueError, KeyError, IndexError):
        return str(body or "")[:300]


def _retry_after(headers: Any) -> float:
    try:
        found = {str(k).lower(): v for k, v in dict(headers or {}).items()}
        return max(1.0, float(str(found.get("retry-after"))))
    except (TypeError, ValueError):
        return 30.0


def _translate(exc: Exception) -> IntegrationError:
    status = getattr(exc, "status", None)
    if not isinstance(status, int) or status == 0:
        return Unavailable(f"Asana is unreachable: {type(exc).__name__}", provider=PROVIDER)
    body = getattr(exc, "body", None)
    if status == 429:
        return RateLimited(_retry_after(getattr(exc, "headers", None)), provider=PROVIDER)
    if status in (401, 403):
        return Unauthorized(
            _message(body) or "Asana rejected the access token", provider=PROVIDER, status=status
        )
    if 400 <= status < 500:
        return Rejected(
            _message(body) or f"Asana answered {status}", provider=PROVIDER, status=status
        )
    return Unavailable(f"Asana answered {status}", provider=PROVIDER, status=status)


def written_digest(name: str, notes: str, due_on: str | None, completed: bool) -> str:
    """What a write of ours looked like, as Asana hands it back (``due_on`` as ISO text)."""
    raw = json.dumps([name, notes, due_on or None, bool(completed)], separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _external(task: Task) -> dict[str, str]:
    due = task.due_on.isoformat() if task.due_on else None
    digest = written_digest(task.name, task.notes, due, task.completed)
    return {"gid": task.key, "data": json.dumps({"marker": task.marker, "digest": digest})}


def _marker(raw: Mapping[str, Any]) -> str:
    """The marker of our last write, if the task still shows exactly that write."""
    try:
        data = json.loads((raw.get("external") or {}).get("data") or "{}")
    except (TypeError, ValueError, AttributeError):
        return ""
    digest = written_digest(
        str(raw.get("name") or ""),
        str(raw.get("notes") or ""),
        raw.get("due_on"),
        bool(raw.get("completed")),
    )
    return str(data.get("marker") or "") if data.get("digest") == digest else ""


def _modified_at(raw: Mapping[str, Any]) -> datetime:
    value = raw.get("modified_at")
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def task_state(raw: Mapping[str, Any]) -> TaskState:
    return TaskState(
        id=str(raw["gid"]),
        completed=bool(raw.get("completed")),
        modified_at=_modified_at(raw),
        marker=_marker(raw),
    )


class AsanaProjects:
    """One Asana workspace, bound to a personal access token or a service account's token.
    ``team_gid`` is needed where the workspace is an organization (its projects live in
    teams)."""

    def __init__(
        self,
        access_token: str,
        *,
        workspace_gid: str,
        team_gid: str | None = None,
        host: str = ASANA_API_BASE_URL,
    ) -> None:
        configuration = asana.Configuration()
        configuration.access_token = access_token
        configuration.host = host.rstrip("/")
        configuration.retry_strategy = False  # a retry is the caller's decision
        client = asana.ApiClient(configuration)
        self._tasks = asana.TasksApi(client)
        self._projects = asana.ProjectsApi(client)
        self._users = asana.UsersApi(client)
        self._webhooks = asana.WebhooksApi(client)
        self._batch = asana.BatchAPIApi(client)
        self._workspace = workspace_gid
        self._team = team_gid
        self._user_ids: dict[str, str | None] = {}  # e-mail → user gid, per client

    async def _call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """The SDK's answer (the ``data`` of Asana's envelope: a dict, or a list of them)."""

        def run() -> Any:
            result = fn(*args, **kwargs)
            # A page iterator fetches lazily: read every page inside the thread.
            return list(result) if hasattr(result, "__next__") else result

        try:
            return await asyncio.to_thread(run)
        except IntegrationError:
            raise
        except Exception as exc:  # asana.rest.ApiException, or urllib3's connection errors
            raise _translate(exc) from None

    async def _exists(self, fn: Callable[..., Any], gid: str) -> bool:
        try:
            await self._call(fn, gid, {"opt_fields": "gid"})
        except Rejected as exc:
            if exc.status == 404:
                return False
            raise
        return True

    async def check_token(self) -> None:
        """Raise :class:`Unauthorized` unless the token works and can see the workspace."""
        await self._call(self._users.get_user, "me", {"opt_fields": "gid"})
        # One page of one user proves the workspace is visible; the roster is not read.
        await self._call(
            self._users.get_users_for_workspace,
            self._workspace,
            {"opt_fields": "gid", "limit": 1},
            item_limit=1,
        )

    async def ensure_container(self, name: str, *, known_id: str | None) -> str:
        """``known_id`` while that project exists; else the workspace's project named ``name``
        (a project created by an attempt that crashed before its id was saved); else a new
        one."""
        if known_id and await self._exists(self._projects.get_project, known_id):
            return known_id
        found = await self._call(
            self._projects.get_projects_for_workspace,
            self._workspace,
            {"opt_fields": "name", "archived": False},
        )
        for project in found:
            if project.get("name") == name:
                return str(project["gid"])
        data: dict[str, Any] = {"name": name, "workspace": self._workspace}
        if self._team:
            data["team"] = self._team
        created = await self._call(self._projects.create_project, {"data": data}, {})
        return str(created["gid"])

    async def _assignee(self, email: str | None) -> str | None:
        """The workspace's user with that e-mail, looked up by it (Asana's ``/users/{email}``:
        one call, however large the workspace); ``None`` for nobody there."""
        if not email:
            return None
        key = email.lower()
        if key not in self._user_ids:
            try:
                user = await self._call(self._users.get_user, key, {"opt_fields": "workspaces"})
            except Rejected:  # no such user (400/404)
                user = {}
            workspaces = {str(w.get("gid")) for w in user.get("workspaces") or []}
            self._user_ids[key] = str(user["gid"]) if self._workspace in workspaces else None
        return self._user_ids[key]

    async def upsert_task(self, container_id: str, task: Task, *, known_id: str | None) -> str:
        """Update the linked task while it exists; else the container's task that carries
        our key (written by an attempt that crashed before its id was saved); else create
        one. Never a second task for one milestone."""
        fields: dict[str, Any] = {
            "name": task.name,
            "notes": task.notes,
            "due_on": task.due_on.isoformat() if task.due_on else None,
            "completed": task.completed,
            "assignee": await self._assignee(task.assignee_email),
            "external": _external(task),
        }
        target = (
            known_id if known_id and await self._exists(self._tasks.get_task, known_id) else None
        )
        if target is None:
            found = await self._call(
                self._tasks.get_tasks_for_project, container_id, {"opt_fields": "external"}
            )
            target = next(
                (str(t["gid"]) for t in found if (t.get("external") or {}).get("gid") == task.key),
                None,
            )
        if target is not None:
            await self._call(self._tasks.update_task, {"data": fields}, target, {})
            return target
        created = await self._call(
            self._tasks.create_task, {"data": {**fields, "projects": [container_id]}}, {}
        )
        return str(created["gid"])

    async def read_tasks(self, ids: Sequence[str]) -> dict[str, TaskState]:
        """Through Asana's batch API, :data:`BATCH_LIMIT` tasks a call; deleted tasks are
        left out."""
        found: dict[str, TaskState] = {}
        for start in range(0, len(ids), BATCH_LIMIT):
            chunk = ids[start : start + BATCH_LIMIT]
            actions = [
                {
                    "relative_path": f"/tasks/{gid}",
                    "method": "get",
                    "options": {"fields": TASK_FIELDS.split(",")},
                }
                for gid in chunk
            ]
            answers = await self._call(
                self._batch.create_batch_request, {"data": {"actions": actions}}, {}
            )
            for answer in answers:
                status = int(answer.get("status_code") or 0)
                body = answer.get("body") or {}
                if status == 200:
                    state = task_state(body["data"])
                    found[state.id] = state
                elif status == 429:
                    raise RateLimited(_retry_after(answer.get("headers")), provider=PROVIDER)
                elif status in (401, 403):
                    raise Unauthorized(_message(json.dumps(body)), provider=PROVIDER, status=status)
                elif status >= 500:
                    raise Unavailable(f"Asana answered {status}", provider=PROVIDER, status=status)
        return found

    async def subscribe(self, container_id: str, target_url: str) -> str:
        """Asana calls ``target_url`` with the handshake before this returns (the receiver
        keeps the secret); changes of the project's tasks are delivered there."""
        created = await self._call(
            self._webhooks.create_webhook,
            {
                "data": {
                    "resource": container_id,
                    "target": target_url,
                    "filters": [
                        {"resource_type": "task", "action": "changed"},
                        {"resource_type": "task", "action": "added"},
                    ],
                }
            },
            {},
        )
        return str(created["gid"])

    async def unsubscribe(self, webhook_id: str) -> None:
        try:
            await self._call(self._webhooks.delete_webhook, webhook_id)
        except Rejected as exc:
            if exc.status != 404:
                raise


def asana_factory(
    host: str = ASANA_API_BASE_URL,
) -> Callable[[str, Mapping[str, Any]], AsanaProjects]:
    """Projects of a connection: its token and settings (``workspace_gid``, ``team_gid``)."""

    def make(access_token: str, settings: Mapping[str, Any]) -> AsanaProjects:
        return AsanaProjects(
            access_token,
            workspace_gid=str(settings.get("workspace_gid") or ""),
            team_gid=settings.get("team_gid") or None,
            host=host,
        )

    return make


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), None)


class AsanaWebhooks:
    """Asana's inbound webhooks: the ``X-Hook-Secret`` handshake, ``X-Hook-Signature``
    (HMAC-SHA256 of the raw body with that secret, hex) and the tasks an event names."""

    def handshake(self, headers: Mapping[str, str], body: bytes) -> Handshake | None:
        secret = _header(headers, "X-Hook-Secret")
        if not secret:
            return None
        return Handshake(headers={"X-Hook-Secret": secret}, secret=secret)

    def verify(self, secret: str, headers: Mapping[str, str], body: bytes) -> bool:
        signature = _header(headers, "X-Hook-Signature")
        if not secret or not signature:
            return False
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, signature.strip().lower())

    def changed_task_ids(self, body: bytes) -> list[str]:
        try:
            events = json.loads(body or b"{}").get("events") or []
        except (ValueError, AttributeError):
            return []
        ids: dict[str, None] = {}
        for event in events:
            resource = (event or {}).get("resource") or {}
            if resource.get("resource_type") == "task" and resource.get("gid"):
                ids[str(resource["gid"])] = None
        return list(ids)
