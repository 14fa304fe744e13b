"""A Monday.com stand-in that speaks its GraphQL API v2 wire format: ``POST /v2`` with the
token in ``Authorization`` and an ``API-Version`` header, a ``{"query", "variables"}`` body,
and ``{"data": …}`` / ``{"errors": [...]}`` answers.

No GraphQL library: a small matcher takes the operation's top-level field names (``boards``,
``create_item``, ``items``, ``complexity`` …) and reads the arguments from ``variables`` (the
client sends every argument as a variable). Each field has a complexity cost; the stub keeps
one budget that resets ``reset_seconds`` after it was first spent, answers
``complexity { before after reset_in_x_seconds query }`` when asked, and refuses a call
over budget with ``COMPLEXITY_BUDGET_EXHAUSTED`` (or the older ``ComplexityException`` body
with ``legacy_errors``). :meth:`rate_limit` makes the next calls answer HTTP 429
``Rate Limit Exceeded`` with ``Retry-After``. An unknown token gets HTTP 401 ``Not
Authenticated``.

People change items with :meth:`person_changes` (and delete them with :meth:`delete_item`);
:meth:`fail_once` makes one call of a field answer 500 part-way through a sequence;
:meth:`operations` and :meth:`calls_of` show what each recorded call asked for. The OAuth
token endpoint (``POST /oauth2/token``) exchanges the codes of :attr:`codes` once each."""

from __future__ import annotations

import itertools
import json
import math
import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from tests.stubs import Recorded, RecordingServer

Response = tuple[int, dict[str, str], bytes]
TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}()]|[A-Za-z_]\w*')
COLUMN_ID = re.compile(r"[a-z_]{1,20}")  # what create_column's ``id`` may be
COSTS = {
    "me": 10,
    "users": 20,
    "boards": 30,
    "create_board": 100,
    "create_column": 50,
    "items": 40,
    "items_page_by_column_values": 60,
    "create_item": 100,
    "change_multiple_column_values": 100,
    "create_webhook": 50,
    "delete_webhook": 50,
}


def top_level_fields(query: str) -> list[str]:
    """The fields selected directly under the operation (depth 1, outside arguments)."""
    depth = parens = 0
    fields: list[str] = []
    expect_field = False
    for match in TOKEN.finditer(query):
        token = match.group()
        if token == "{":
            depth += 1
            expect_field = depth == 1
        elif token == "}":
            depth -= 1
            expect_field = depth == 1
        elif token == "(":
            parens += 1
        elif token == ")":
            parens -= 1
        elif depth == 1 and parens == 0 and token[0] != '"' and expect_field:
            fields.append(token)
            expect_field = False
    return fields


class MondayStub(RecordingServer):
    def __init__(
        self,
        *,
        tokens: set[str],
        users: dict[str, str],
        client: tuple[str, str] = ("", ""),
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        # When the budget resets: the wall clock, or a test's (Temporal's skipped time).
        self.clock = clock or (lambda: datetime.now(UTC))
        self.tokens = set(tokens)
        self.client = client  # the app's client id and secret
        self.codes: dict[str, str] = {}  # authorization code → the scopes it grants
        self.consent_scopes = "boards:read boards:write users:read webhooks:write me:read"
        self.grants_consent = True
        self.users = dict(users)  # user id → e-mail
        self.boards: dict[str, dict[str, Any]] = {}
        self.items: dict[str, dict[str, Any]] = {}
        self.webhooks: dict[str, dict[str, Any]] = {}
        self.budget = 1_000_000
        self.budget_limit = 1_000_000
        self.reset_seconds = 60
        self.legacy_errors = False
        self.last_complexity: dict[str, int] = {}
        self._budget_reset_at: datetime | None = None
        self._failures: dict[str, int] = {}  # field → successful calls before a 500
        self._limited: list[int] = []  # Retry-After of each 429 still to answer
        self._ids = itertools.count(7_000_000_001)
        self._clock = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
        self._state = threading.Lock()

    # --- test controls -----------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/v2"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/oauth2/token"

    def rate_limit(self, retry_after: int, times: int = 1) -> None:
        with self._state:
            self._limited.extend([retry_after] * times)

    def spend_budget(self, left: int, reset_seconds: int) -> None:
        """Leave ``left`` points of the budget, resetting in ``reset_seconds``."""
        with self._state:
            self.budget = left
            self.reset_seconds = reset_seconds
            self._budget_reset_at = self.clock() + timedelta(seconds=reset_seconds)

    def person_changes(self, item_id: str, **columns: str) -> None:
        """A person edits the item in Monday: ``columns`` are column id → text."""
        with self._state:
            item = self.items[item_id]
            item["text"].update(columns)
            item["updated_at"] = self._tick()

    def fail_once(self, field: str, *, after: int = 0) -> None:
        """The call asking for ``field`` after ``after`` more successful ones answers 500,
        as an outage in the middle of a sequence of calls would."""
        with self._state:
            self._failures[field] = after

    def delete_item(self, item_id: str) -> None:
        with self._state:
            self.items[item_id]["state"] = "deleted"

    def operations(self) -> list[list[str]]:
        return [top_level_fields(r.json()["query"]) for r in self.recorded() if r.path == "/v2"]

    def calls_of(self, field: str) -> list[Recorded]:
        return [
            r
            for r in self.recorded()
            if r.path == "/v2" and field in top_level_fields(r.json()["query"])
        ]

    def add_board(self, name: str, columns: tuple[str, ...] = ()) -> str:
        with self._state:
            board_id = str(next(self._ids))
            self.boards[board_id] = {"name": name, "state": "active", "columns": list(columns)}
            return board_id

    # --- wire format ---------------------------------------------------------------------

    def _tick(self) -> str:
        self._clock += timedelta(minutes=1)
        return self._clock.isoformat().replace("+00:00", "Z")

    def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
        return (
            status,
            {"Content-Type": "application/json; charset=utf-8", **(headers or {})},
            json.dumps(body).encode(),
        )

    def _error(self, message: str, code: str, status: int = 200, **ext: Any) -> Response:
        return self._json(
            status, {"errors": [{"message": message, "extensions": {"code": code, **ext}}]}
        )

    def consents(self) -> list[Recorded]:
        return self.recorded(lambda r: r.path == "/oauth2/authorize")

    def respond(self, request: Recorded) -> Response:
        if request.method == "POST" and request.path == "/oauth2/token":
            return self._token(request.form())
        if request.method == "GET" and request.path == "/oauth2/authorize":
            return self._consent(request.query)
        if request.method != "POST" or request.path != "/v2":
            return self._json(404, {"error_message": "Not Found", "status_code": 404})
        if request.headers.get("authorization") not in self.tokens:
            return self._json(401, {"errors": [{"message": "Not Authenticated"}]})
        if not request.headers.get("api-version"):
            return self._error("API-Version header is required", "BadRequest", 400)
        with self._state:
            if self._limited:
                retry = self._limited.pop(0)
                if self.legacy_errors:
                    return self._json(
                        429,
                        {"error_message": "Rate Limit Exceeded", "status_code": 429},
                        {"Retry-After": str(retry)},
                    )
                return self._json(
                    429,
                    {
                        "errors": [
                            {
                                "message": "Rate Limit Exceeded",
                                "extensions": {
                                    "code": "RATE_LIMIT_EXCEEDED",
                                    "retry_in_seconds": retry,
                                },
                            }
                        ]
                    },
                    {"Retry-After": str(retry)},
                )
            payload = request.json()
            return self._operation(payload["query"], payload.get("variables") or {})

    def _consent(self, query: dict[str, str]) -> Response:
        """Monday's consent page, decided at once: back to the redirect URI with a new code
        (granting ``consent_scopes``), or with ``error=access_denied`` once the user
        declines (``grants_consent = False``); an unknown client id stays on Monday."""
        if query.get("client_id") != self.client[0]:
            return 400, {"Content-Type": "text/plain"}, b"Invalid client_id"
        if self.grants_consent:
            with self._state:
                code = f"monday-code-{next(self._ids)}"
                self.codes[code] = self.consent_scopes
            answer = {"code": code, "state": query.get("state", "")}
        else:
            answer = {"error": "access_denied", "state": query.get("state", "")}
        location = f"{query.get('redirect_uri', '')}?{urlencode(answer)}"
        return 302, {"Location": location, "Content-Length": "0"}, b""

    def _token(self, form: dict[str, str]) -> Response:
        """Monday's OAuth token endpoint: a code is good once; its token never expires."""
        if (form.get("client_id"), form.get("client_secret")) != self.client:
            return self._json(401, {"error": "invalid_client"})
        with self._state:
            scopes = self.codes.pop(form.get("code", ""), None)
            if scopes is None:
                return self._json(
                    400,
                    {"error": "invalid_grant", "error_description": "Invalid authorization code"},
                )
            token = f"monday-oauth-{next(self._ids)}"
            self.tokens.add(token)
        return self._json(200, {"access_token": token, "token_type": "Bearer", "scope": scopes})

    def _operation(self, query: str, variables: dict[str, Any]) -> Response:
        fields = top_level_fields(query)
        for name in fields:
            if name in self._failures:
                if self._failures[name] == 0:
                    del self._failures[name]
                    return self._error("Internal server error", "INTERNAL_SERVER_ERROR", 500)
                self._failures[name] -= 1
        cost = sum(COSTS.get(f, 0) for f in fields if f != "complexity")
        now = self.clock()
        if self._budget_reset_at is not None and now >= self._budget_reset_at:
            self.budget, self._budget_reset_at = self.budget_limit, None
        if self._budget_reset_at is None:
            self._budget_reset_at = now + timedelta(seconds=self.reset_seconds)
        reset_in = max(0, math.ceil((self._budget_reset_at - now).total_seconds()))
        if cost > self.budget:
            return self._exhausted(cost, reset_in)
        before = self.budget
        self.budget -= cost
        data: dict[str, Any] = {}
        for name in fields:
            if name == "complexity":
                data[name] = self.last_complexity = {
                    "before": before,
                    "after": self.budget,
                    "reset_in_x_seconds": reset_in,
                    "query": cost,
                }
                continue
            handler = getattr(self, f"_field_{name}", None)
            if handler is None:
                return self._error(
                    f"Field '{name}' doesn't exist on type 'Query'", "undefinedField"
                )
            answer = handler(variables)
            if isinstance(answer, tuple):  # an error response
                return answer
            data[name] = answer
        return self._json(200, {"data": data, "account_id": 12345})

    def _exhausted(self, cost: int, reset_in: int) -> Response:
        if self.legacy_errors:
            message = (
                f"Complexity budget exhausted, query cost {cost} budget remaining "
                f"{self.budget} out of {self.budget_limit} reset in {reset_in} seconds"
            )
            return self._json(
                200,
                {
                    "error_code": "ComplexityException",
                    "status_code": 429,
                    "error_message": message,
                    "error_data": {},
                    "errors": [message],
                    "account_id": 12345,
                },
            )
        return self._error(
            "Complexity budget exhausted",
            "COMPLEXITY_BUDGET_EXHAUSTED",
            429,
            retry_in_seconds=reset_in,
        )

    # --- fields --------------------------------------------------------------------------

    def _field_me(self, variables: dict[str, Any]) -> Any:
        return {"id": "1"}

    def _field_users(self, variables: dict[str, Any]) -> Any:
        wanted = {e.lower() for e in variables.get("emails") or []}
        return [
            {"id": user_id, "email": email}
            for user_id, email in self.users.items()
            if email.lower() in wanted
        ]

    def _field_boards(self, variables: dict[str, Any]) -> Any:
        """By ``ids``, or else the newest ``limit`` active boards (``order_by: created_at``:
        ids grow with time here, as Monday's do)."""
        if "ids" in variables:
            wanted = [b for b in map(str, variables["ids"]) if b in self.boards]
        else:
            active = [b for b, board in self.boards.items() if board["state"] == "active"]
            wanted = sorted(active, key=int, reverse=True)[: int(variables.get("limit") or 25)]
        return [
            {
                "id": b,
                "name": self.boards[b]["name"],
                "state": self.boards[b]["state"],
                "columns": [{"id": "name"}] + [{"id": c} for c in self.boards[b]["columns"]],
            }
            for b in wanted
        ]

    def _field_create_board(self, variables: dict[str, Any]) -> Any:
        board_id = str(next(self._ids))
        self.boards[board_id] = {
            "name": variables["name"],
            "state": "active",
            "columns": [],
            "workspace": variables.get("workspace"),
        }
        return {"id": board_id}

    def _field_create_column(self, variables: dict[str, Any]) -> Any:
        board = self.boards.get(str(variables["board"]))
        if board is None:
            return self._error("Board not found", "InvalidBoardIdException")
        if not COLUMN_ID.fullmatch(variables["id"]):
            return self._error("Invalid column id", "InvalidArgumentException")
        if variables["id"] in board["columns"]:
            return self._error("Column id already in use", "ColumnIdTaken")
        board["columns"].append(variables["id"])
        return {"id": variables["id"]}

    def _item_values(self, board_id: str, raw: str) -> dict[str, str] | Response:
        board = self.boards.get(board_id)
        if board is None:
            return self._error("Board not found", "InvalidBoardIdException", status_code=400)
        text: dict[str, str] = {}
        for column, value in json.loads(raw).items():
            if column != "name" and column not in board["columns"]:
                return self._error(
                    f"This column ID doesn't exist for the board: {column}",
                    "InvalidColumnIdException",
                )
            text[column] = self._text(value)
        return text

    def _text(self, value: Any) -> str:
        """The ``text`` Monday shows for a column value written as JSON."""
        if isinstance(value, str):
            return value
        if "label" in value:
            return str(value["label"])
        if "date" in value:
            return str(value["date"] or "")
        if "personsAndTeams" in value:
            return ", ".join(self.users[str(p["id"])] for p in value["personsAndTeams"])
        return str(value.get("text", ""))

    def _field_create_item(self, variables: dict[str, Any]) -> Any:
        board_id = str(variables["board"])
        text = self._item_values(board_id, variables["values"])
        if isinstance(text, tuple):
            return text
        item_id = str(next(self._ids))
        self.items[item_id] = {
            "board": board_id,
            "name": variables["name"],
            "state": "active",
            "text": text,
            "updated_at": self._tick(),
        }
        return {"id": item_id}

    def _field_change_multiple_column_values(self, variables: dict[str, Any]) -> Any:
        item = self.items.get(str(variables["item"]))
        if item is None or item["state"] == "deleted":
            return self._error("Item not found", "InvalidItemIdException")
        text = self._item_values(str(variables["board"]), variables["values"])
        if isinstance(text, tuple):
            return text
        item["name"] = text.pop("name", item["name"])
        item["text"].update(text)
        item["updated_at"] = self._tick()
        return {"id": str(variables["item"])}

    def _field_items(self, variables: dict[str, Any]) -> Any:
        wanted = variables.get("columns")
        return [
            {
                "id": item_id,
                "state": item["state"],
                "updated_at": item["updated_at"],
                "board": {"id": item["board"]},
                "column_values": [
                    {"id": c, "text": item["text"].get(c, "")} for c in (wanted or item["text"])
                ],
            }
            for item_id in map(str, variables.get("ids") or [])
            if (item := self.items.get(item_id)) is not None
        ][:100]

    def _field_items_page_by_column_values(self, variables: dict[str, Any]) -> Any:
        [column] = variables["columns"]
        board_id = str(variables["board"])
        found = [
            {"id": item_id}
            for item_id, item in self.items.items()
            if item["board"] == board_id
            and item["state"] == "active"
            and item["text"].get(column["column_id"]) in column["column_values"]
        ]
        return {"cursor": None, "items": found}

    def _field_create_webhook(self, variables: dict[str, Any]) -> Any:
        webhook_id = str(next(self._ids))
        self.webhooks[webhook_id] = {
            "board": str(variables["board"]),
            "url": variables["url"],
            "config": json.loads(variables.get("config") or "{}"),
        }
        return {"id": webhook_id, "board_id": str(variables["board"])}

    def _field_delete_webhook(self, variables: dict[str, Any]) -> Any:
        hook = self.webhooks.pop(str(variables["id"]), None)
        if hook is None:
            return self._error("Webhook not found", "ResourceNotFoundException", status_code=404)
        return {"id": str(variables["id"]), "board_id": hook["board"]}
