"""Monday.com through its GraphQL API v2 over ``httpx``. Knows nothing of Temporal or FastAPI.

Every call is ``POST /v2`` with the token in ``Authorization`` (as Monday issues it, no
``Bearer``), the pinned ``API-Version``, and a query whose arguments all travel as GraphQL
variables. A board is the container of one of our projects, an item one milestone. Boards
we create get our columns under fixed ids (``create_column``'s ``id``), so every write names
them without looking them up (Monday allows 1 to 20 lowercase letters and underscores):

- ``auditoryx_status`` (status): ``Done`` / ``Working on it``; ``Done`` is complete;
- ``auditoryx_due`` (date): the due date;
- ``auditoryx_owner`` (people): the assignee, mapped by e-mail (``users(emails: …)``);
- ``auditoryx_notes`` (long text): the milestone's notes;
- ``auditoryx_key`` (text): our milestone id, how a retried create finds its item;
- ``auditoryx_origin`` (text): the origin marker and what we wrote with it (below).

A board whose column a person deleted gets it back on the next ``ensure_container``.

**Origin marker.** Monday keeps no per-write metadata an API client can set, and an item
update (comment) would be noise in people's inbox, so the marker lives in the text column
``auditoryx_origin`` as ``marker|done-or-open|due``. The state we wrote travels with it: when
the status or due date read back no longer match it, a person changed the item after our
last write and :class:`TaskState` gets ``marker=""``.

**Complexity budget.** Each call also asks for ``complexity { before after
reset_in_x_seconds query }``. What is left of the budget and when it resets is kept per token
on the gateway (it outlives one activity's client); a call whose last known cost exceeds what
is left raises :class:`RateLimited` with the reset delay instead of being sent. Monday's own
answers — ``ComplexityException`` / ``COMPLEXITY_BUDGET_EXHAUSTED``, ``Rate Limit Exceeded``
/ HTTP 429 and the other limits — raise :class:`RateLimited` with the delay Monday gave.
An unknown or revoked token (and a missing scope) is :class:`Unauthorized`; 5xx and network
failures :class:`Unavailable`; any other GraphQL error :class:`Rejected` with Monday's code
(:mod:`integrations.monday_errors`).

Inbound webhooks (:class:`MondayWebhooks`) are in :mod:`integrations.monday_webhooks`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from hashlib import sha256
from typing import Any
from urllib.parse import urlencode

import httpx

from integrations.errors import RateLimited, Rejected, Unauthorized, Unavailable
from integrations.monday_errors import PROVIDER, ComplexityBudget, failure
from integrations.oauth import OAuthApp
from integrations.project_management import ProjectManagement, Task, TaskState

API_URL = "https://api.monday.com/v2"
AUTH_URL = "https://auth.monday.com"  # its consent page and token endpoint are under it
API_VERSION = "2025-04"
SCOPES = ("boards:read", "boards:write", "users:read", "webhooks:write")
REQUEST_TIMEOUT = 30.0
READ_BATCH = 100  # items(ids: …) answers at most 100 items per call
DONE, WORKING = "Done", "Working on it"

KEY, ORIGIN, DUE, OWNER, STATUS, NOTES = (
    "auditoryx_key",
    "auditoryx_origin",
    "auditoryx_due",
    "auditoryx_owner",
    "auditoryx_status",
    "auditoryx_notes",
)
# (id, title, type, defaults) of the columns a board of ours carries.
# The key column comes first: it is how a retry recognises a board of ours (below).
COLUMNS: tuple[tuple[str, str, str, dict[str, Any] | None], ...] = (
    (KEY, "AuditoryX milestone", "text", None),
    (STATUS, "Status", "status", {"labels": {"0": WORKING, "1": DONE}}),
    (DUE, "Due date", "date", None),
    (OWNER, "Owner", "people", None),
    (NOTES, "Notes", "long_text", None),
    (ORIGIN, "AuditoryX sync", "text", None),
)
RECENT_BOARDS = 25  # how many of the newest boards a retried create looks through
COMPLEXITY = "complexity { before after reset_in_x_seconds query }"


def origin_text(task: Task) -> str:
    return f"{task.marker}|{'done' if task.completed else 'open'}|{task.due_on or ''}"


def _marker(origin: str, status: str, due: str) -> str:
    """The origin marker when the item still shows what we wrote with it, else ``""``."""
    marker, _, written = origin.partition("|")
    if not marker or written != f"{'done' if status == DONE else 'open'}|{due}":
        return ""
    return marker


def _columns(task: Task, owner_id: str | None) -> dict[str, Any]:
    """The item's column values (``create_item`` takes the name apart)."""
    return {
        STATUS: {"label": DONE if task.completed else WORKING},
        DUE: {"date": task.due_on.isoformat()} if task.due_on else {},
        OWNER: {"personsAndTeams": [{"id": int(owner_id), "kind": "person"}] if owner_id else []},
        NOTES: {"text": task.notes[:2000]},
        KEY: task.key,
        ORIGIN: origin_text(task),
    }


async def _post(
    http: httpx.AsyncClient, url: str, what: str, **request: Any
) -> tuple[httpx.Response, Any]:
    """The answer and its JSON body (``None`` when it has none); :class:`Unavailable` when
    ``what`` could not be reached."""
    try:
        response = await http.post(url, **request)
    except httpx.HTTPError as exc:
        raise Unavailable(
            f"{what} is unreachable: {type(exc).__name__}", provider=PROVIDER
        ) from None
    try:
        return response, response.json()
    except ValueError:
        return response, None


class MondayBoards:
    """The project-tool calls of the milestone sync, for one Monday token."""

    def __init__(
        self,
        *,
        access_token: str,
        http: httpx.AsyncClient,
        budget: ComplexityBudget,
        api_url: str = API_URL,
        timeout: float = REQUEST_TIMEOUT,
        workspace_id: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._token = access_token
        self._clock = clock
        self._http = http
        self._api_url = api_url
        self._timeout = timeout
        self._workspace_id = workspace_id
        self.budget = budget

    async def _call(
        self, operation: str, document: str, variables: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """One GraphQL call (``document`` is the operation's selection, without the
        complexity field, which is added here); its ``data``."""
        self.budget.check(operation, self._clock())
        query = f"{document.rstrip()[:-1]} {COMPLEXITY} }}"
        response, body = await _post(
            self._http,
            self._api_url,
            "Monday",
            json={"query": query, "variables": dict(variables or {})},
            headers={"Authorization": self._token, "API-Version": API_VERSION},
            timeout=self._timeout,
        )
        data = body.get("data") if isinstance(body, dict) else None
        now = self._clock()
        if isinstance(data, dict) and isinstance(data.get("complexity"), dict):
            self.budget.record(operation, data["complexity"], now)
        error = failure(response.status_code, response.headers, body)
        if isinstance(error, RateLimited):
            self.budget.exhausted(error.retry_after, now)
        if error is not None:
            raise error
        return data or {}

    async def check_token(self) -> None:
        await self._call("me", "query { me { id } }")

    async def ensure_container(self, name: str, *, known_id: str | None) -> str:
        """A board id isn't ours to keep until this returns, so a create whose answer (or
        whose columns) went missing is retried with no ``known_id``: the newest boards are
        looked through for one of this name carrying our key column before making another."""
        board = None
        if known_id:
            found = await self._call(
                "boards",
                "query ($ids: [ID!]) { boards(ids: $ids) { id state columns { id } } }",
                {"ids": [known_id]},
            )
            board = next(
                (b for b in found.get("boards") or [] if b and b.get("state") != "deleted"), None
            )
        if board is None:
            board = await self._recent_board(name[:255])
        if board is None:
            created = await self._call(
                "create_board",
                "mutation ($name: String!, $workspace: ID) { create_board(board_name: $name,"
                " board_kind: private, workspace_id: $workspace) { id } }",
                {"name": name[:255], "workspace": self._workspace_id},
            )
            board = {"id": created["create_board"]["id"], "columns": []}
        board_id = str(board["id"])
        have = {str(c.get("id")) for c in board.get("columns") or []}
        for column_id, title, kind, defaults in COLUMNS:
            if column_id not in have:  # a new board, or a person deleted one of ours
                await self._call(
                    "create_column",
                    "mutation ($board: ID!, $id: String!, $title: String!, $type: ColumnType!,"
                    " $defaults: JSON) { create_column(board_id: $board, id: $id, title: $title,"
                    " column_type: $type, defaults: $defaults) { id } }",
                    {
                        "board": board_id,
                        "id": column_id,
                        "title": title,
                        "type": kind,
                        "defaults": json.dumps(defaults) if defaults else None,
                    },
                )
        return board_id

    async def _recent_board(self, name: str) -> dict[str, Any] | None:
        found = await self._call(
            "recent_boards",
            "query ($limit: Int) { boards(limit: $limit, order_by: created_at, state: active)"
            " { id name state columns { id } } }",
            {"limit": RECENT_BOARDS},
        )
        for board in found.get("boards") or []:
            columns = {str(c.get("id")) for c in board.get("columns") or []}
            if board.get("name") == name and KEY in columns:
                return dict(board)
        return None

    async def _existing_item(self, board_id: str, key: str, known_id: str | None) -> str | None:
        """The item to update: ``known_id`` while it is on the board, else the one carrying
        our ``key`` (a create whose answer was lost)."""
        if known_id:
            found = await self._call(
                "item",
                "query ($ids: [ID!]) { items(ids: $ids) { id state board { id } } }",
                {"ids": [known_id]},
            )
            for item in found.get("items") or []:
                on_board = str((item.get("board") or {}).get("id")) == board_id
                if on_board and item.get("state") != "deleted":
                    return str(item["id"])
        found = await self._call(
            "item_by_key",
            "query ($board: ID!, $columns: [ItemsPageByColumnValuesQuery!]) "
            "{ items_page_by_column_values(board_id: $board, limit: 1, columns: $columns) "
            "{ items { id } } }",
            {"board": board_id, "columns": [{"column_id": KEY, "column_values": [key]}]},
        )
        items = (found.get("items_page_by_column_values") or {}).get("items") or []
        return str(items[0]["id"]) if items else None

    async def _user_id(self, email: str | None) -> str | None:
        if not email:
            return None
        found = await self._call(
            "users",
            "query ($emails: [String]) { users(emails: $emails) { id email } }",
            {"emails": [email]},
        )
        for user in found.get("users") or []:
            if str(user.get("email") or "").lower() == email.lower():
                return str(user["id"])
        return None

    async def upsert_task(self, container_id: str, task: Task, *, known_id: str | None) -> str:
        item_id = await self._existing_item(container_id, task.key, known_id)
        values = _columns(task, await self._user_id(task.assignee_email))
        if item_id is not None:
            await self._call(
                "change_multiple_column_values",
                "mutation ($board: ID!, $item: ID!, $values: JSON!) "
                "{ change_multiple_column_values(board_id: $board, item_id: $item,"
                " column_values: $values, create_labels_if_missing: true) { id } }",
                {
                    "board": container_id,
                    "item": item_id,
                    "values": json.dumps({"name": task.name[:255], **values}),
                },
            )
            return item_id
        created = await self._call(
            "create_item",
            "mutation ($board: ID!, $name: String!, $values: JSON!) "
            "{ create_item(board_id: $board, item_name: $name, column_values: $values,"
            " create_labels_if_missing: true) { id } }",
            {"board": container_id, "name": task.name[:255], "values": json.dumps(values)},
        )
        return str(created["create_item"]["id"])

    async def read_tasks(self, ids: Sequence[str]) -> dict[str, TaskState]:
        states: dict[str, TaskState] = {}
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), READ_BATCH):
            found = await self._call(
                "read_items",
                "query ($ids: [ID!], $columns: [String!]) "
                "{ items(ids: $ids, limit: 100) { id state updated_at"
                " column_values(ids: $columns) { id text } } }",
                {"ids": unique[start : start + READ_BATCH], "columns": [STATUS, DUE, ORIGIN]},
            )
            for item in found.get("items") or []:
                if item.get("state") == "deleted":
                    continue
                text = {c["id"]: c.get("text") or "" for c in item.get("column_values") or []}
                states[str(item["id"])] = TaskState(
                    id=str(item["id"]),
                    completed=text.get(STATUS) == DONE,
                    modified_at=datetime.fromisoformat(str(item["updated_at"])),
                    marker=_marker(text.get(ORIGIN, ""), text.get(STATUS, ""), text.get(DUE, "")),
                )
        return states

    async def subscribe(self, container_id: str, target_url: str) -> str:
        """Monday calls ``target_url`` when the status of an item on the board changes (the
        only column the sync reads back)."""
        created = await self._call(
            "create_webhook",
            "mutation ($board: ID!, $url: String!, $config: JSON) { create_webhook("
            "board_id: $board, url: $url, event: change_specific_column_value, config: $config)"
            " { id board_id } }",
            {"board": container_id, "url": target_url, "config": json.dumps({"columnId": STATUS})},
        )
        return str(created["create_webhook"]["id"])

    async def unsubscribe(self, webhook_id: str) -> None:
        """Done when Monday no longer has the webhook, whoever deleted it."""
        try:
            await self._call(
                "delete_webhook",
                "mutation ($id: ID!) { delete_webhook(id: $id) { id board_id } }",
                {"id": webhook_id},
            )
        except Rejected as exc:
            if exc.status != 404:
                raise


@dataclass(frozen=True, slots=True)
class Grant:
    """What a consent gave: Monday's OAuth token (it does not expire; there is no refresh
    token) and the scopes granted with it."""

    access_token: str
    scopes: frozenset[str]


class MondayGateway:
    """Builds :class:`MondayBoards` clients over one connection pool; keeps each token's
    complexity budget across them (tokens are keyed by digest, never kept in clear). The
    budget's reset is timed with ``clock`` (seconds; monotonic by default; a test on
    Temporal's time-skipping server passes one that reads its skipped time)."""

    def __init__(
        self,
        *,
        api_url: str = API_URL,
        auth_url: str = AUTH_URL,
        timeout: float = REQUEST_TIMEOUT,
        http: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._api_url = api_url
        self._clock = clock
        self._auth_url = auth_url.rstrip("/")
        self._timeout = timeout
        self._http = http or httpx.AsyncClient(follow_redirects=False, timeout=timeout)
        self._budgets: dict[str, ComplexityBudget] = {}

    def boards(self, access_token: str, *, workspace_id: str | None = None) -> MondayBoards:
        """The client of one token; new boards go to ``workspace_id`` (Monday's main
        workspace when ``None``)."""
        digest = sha256(access_token.encode()).hexdigest()
        budget = self._budgets.setdefault(digest, ComplexityBudget())
        return MondayBoards(
            access_token=access_token,
            http=self._http,
            budget=budget,
            api_url=self._api_url,
            timeout=self._timeout,
            workspace_id=workspace_id,
            clock=self._clock,
        )

    def factory(self) -> Callable[[str, Mapping[str, Any]], MondayBoards]:
        """The milestone sync's registry entry: a connection's token and settings (optional
        ``workspace_id``) → its client, all sharing this gateway's pool and budgets."""

        def make(access_token: str, settings: Mapping[str, Any]) -> MondayBoards:
            workspace = settings.get("workspace_id")
            return self.boards(access_token, workspace_id=str(workspace) if workspace else None)

        return make

    def authorization_url(self, app: OAuthApp, state: str) -> str:
        """Monday's consent page for ``app``, asking for :data:`SCOPES`; Monday sends the
        browser back to the app's redirect URI with ``code`` and ``state``."""
        query = {
            "client_id": app.client_id,
            "redirect_uri": app.redirect_uri,
            "scope": " ".join(SCOPES),
            "state": state,
        }
        return f"{self._auth_url}/oauth2/authorize?{urlencode(query)}"

    async def exchange_code(self, app: OAuthApp, code: str) -> Grant:
        """The token for an authorization code from Monday's consent redirect. A code Monday
        refuses, or a consent missing one of :data:`SCOPES`, is :class:`Unauthorized`."""
        response, answer = await _post(
            self._http,
            f"{self._auth_url}/oauth2/token",
            "Monday's token endpoint",
            data={
                "client_id": app.client_id,
                "client_secret": app.client_secret,
                "code": code,
                "redirect_uri": app.redirect_uri,
            },
            timeout=self._timeout,
        )
        body: dict[str, Any] = answer if isinstance(answer, dict) else {}
        if response.status_code >= 500:
            raise Unavailable(
                f"Monday's token endpoint answered {response.status_code}",
                provider=PROVIDER,
                status=response.status_code,
            )
        if response.status_code != 200 or not body.get("access_token"):
            words = body.get("error_description") or body.get("error") or response.status_code
            raise Unauthorized(
                f"Monday refused the authorization code: {words}",
                provider=PROVIDER,
                status=response.status_code,
                code=str(body.get("error") or "") or None,
            )
        granted = frozenset(str(body.get("scope") or "").split())
        if missing := [s for s in SCOPES if s not in granted]:
            raise Unauthorized(
                f"Monday's consent did not grant {', '.join(missing)}", provider=PROVIDER
            )
        return Grant(str(body["access_token"]), granted)

    async def aclose(self) -> None:
        await self._http.aclose()


# mypy holds the adapter to the protocol the milestone sync is written against.
_SATISFIES_PROJECT_MANAGEMENT: type[ProjectManagement] = MondayBoards
