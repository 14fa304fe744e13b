"""An Asana REST API (1.0) stand-in that speaks its wire format: ``{"data": …}`` envelopes,
``next_page`` pagination, bearer-token auth answering 401 like Asana, 429 with ``Retry-After``
when told to rate limit, users (by gid or e-mail), workspaces' users and projects, tasks
(create, read, update, the ``external`` field kept, ``modified_at`` moved on every change), the
batch API, OAuth 2.0 (the consent page ``/-/oauth_authorize`` sends the browser back with a
code; the token endpoint ``/-/oauth_token`` exchanges a code once and refreshes, access tokens
living ``expires_in`` seconds), and webhooks: creating one makes the ``X-Hook-Secret``
handshake with the target before it answers, and :meth:`AsanaStub.complete_by_person` changes
a task as a person would and delivers the signed event to every webhook of its project."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import secrets
import threading
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote, urlencode

import httpx

from tests.stubs import Recorded, RecordingServer

WORKSPACE = "1200000000000001"


class AsanaStub(RecordingServer):
    def __init__(self, tokens: set[str], users: dict[str, str] | None = None) -> None:
        super().__init__()
        handler = self._server.RequestHandlerClass
        handler.do_DELETE = handler.do_POST  # type: ignore[attr-defined]
        self.tokens = set(tokens)
        self.users = {f"12000000000{i:05d}": e for i, e in enumerate((users or {}).values(), 10)}
        self.user_names = dict(zip(self.users, (users or {}).keys(), strict=True))
        self.projects: dict[str, dict[str, Any]] = {}
        self.tasks: dict[str, dict[str, Any]] = {}
        self.webhooks: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1300000000000001)
        self._clock = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
        self.app: tuple[str, str] = ("", "")  # the OAuth app's client id and secret
        self.codes: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self.expires_in = 3600
        self.grants_consent = True
        self._limits: list[tuple[str, str, int]] = []
        self._lost: list[tuple[str, str, int]] = []
        self._state = threading.RLock()

    @property
    def host(self) -> str:
        return self.base_url

    # --- what tests arrange and inspect -----------------------------------------------------

    def rate_limit(self, method: str, path_prefix: str, retry_after: int, times: int = 1) -> None:
        """The next ``times`` requests of ``method`` on a path starting with ``path_prefix``
        answer 429 with ``Retry-After: retry_after``."""
        with self._state:
            self._limits.extend([(method, path_prefix, retry_after)] * times)

    def lose_answer(self, method: str, path_prefix: str, status: int = 504) -> None:
        """The next request of ``method`` on ``path_prefix`` is carried out, but the caller
        gets ``status`` instead of the answer (a gateway that timed out after the write)."""
        with self._state:
            self._lost.append((method, path_prefix, status))

    def revoke(self, token: str) -> None:
        with self._state:
            self.tokens.discard(token)

    def writes(self) -> list[Recorded]:
        """Task creations and updates that arrived (the calls that change a task)."""
        return self.recorded(lambda r: r.path.startswith("/tasks") and r.method in ("POST", "PUT"))

    def task_named(self, key: str) -> dict[str, Any]:
        """The task whose ``external.gid`` is ``key`` (one milestone's)."""
        found = [t for t in self.tasks.values() if (t.get("external") or {}).get("gid") == key]
        assert len(found) == 1, f"{len(found)} tasks carry {key}"
        return found[0]

    def complete_by_person(self, gid: str, completed: bool = True) -> bytes:
        """A person ticks (or unticks) the task in Asana; every webhook of its projects gets
        the signed event. Returns the delivered body."""
        with self._state:
            task = self.tasks[gid]
            task["completed"] = completed
            task["completed_at"] = self._tick() if completed else None
            task["modified_at"] = self._tick()
            hooks = [h for h in self.webhooks.values() if h["resource"] in task["projects"]]
        body = self.event_body(gid)
        for hook in hooks:
            httpx.post(hook["target"], content=body, headers=self.signed(hook["secret"], body))
        return body

    def event_body(self, gid: str) -> bytes:
        return json.dumps(
            {
                "events": [
                    {
                        "action": "changed",
                        "resource": {"gid": gid, "resource_type": "task"},
                        "change": {"field": "completed", "action": "changed"},
                        "created_at": self._clock.isoformat().replace("+00:00", "Z"),
                    }
                ]
            }
        ).encode()

    @staticmethod
    def signed(secret: str, body: bytes) -> dict[str, str]:
        signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return {"X-Hook-Signature": signature, "Content-Type": "application/json"}

    # --- the wire format ----------------------------------------------------------------------

    def _tick(self) -> str:
        self._clock += timedelta(seconds=1)
        return self._clock.isoformat().replace("+00:00", "Z")

    def _gid(self) -> str:
        return str(next(self._ids))

    @staticmethod
    def _json(status: int, body: Any, headers: dict[str, str] | None = None):
        return (
            status,
            {"Content-Type": "application/json; charset=UTF-8", **(headers or {})},
            json.dumps(body).encode(),
        )

    def _error(self, status: int, message: str):
        return self._json(status, {"errors": [{"message": message}]})

    @staticmethod
    def _fields(request: Recorded) -> list[str]:
        return [f for f in (request.query.get("opt_fields") or "").split(",") if f]

    def _page(self, request: Recorded, items: list[dict[str, Any]]):
        limit = int(request.query.get("limit") or 100)
        offset = int(request.query.get("offset") or 0)
        page = items[offset : offset + limit]
        following = offset + limit
        next_page = (
            {"offset": str(following), "path": "", "uri": ""} if following < len(items) else None
        )
        return self._json(200, {"data": page, "next_page": next_page})

    def _task_out(self, task: dict[str, Any], fields: list[str] | None = None) -> dict[str, Any]:
        out = {"gid": task["gid"], "resource_type": "task", "name": task["name"]}
        for field in fields or []:
            if field in task:
                out[field] = task[field]
        return out

    def token_grants(self, grant_type: str) -> list[Recorded]:
        return self.recorded(
            lambda r: r.path == "/-/oauth_token" and r.form().get("grant_type") == grant_type
        )

    def _consent(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        """Asana's consent page, decided at once: back to the redirect URI with a new code,
        or ``error=access_denied`` once the user declines (``grants_consent = False``)."""
        if query.get("client_id") != self.app[0]:
            return 400, {"Content-Type": "text/plain"}, b"invalid_client"
        if self.grants_consent:
            code = f"asana-code-{self._gid()}"
            self.codes.add(code)
            answer = {"code": code, "state": query.get("state", "")}
        else:
            answer = {"error": "access_denied", "state": query.get("state", "")}
        location = f"{query.get('redirect_uri', '')}?{urlencode(answer)}"
        return 302, {"Location": location, "Content-Length": "0"}, b""

    def _grant(self, form: dict[str, str]):
        """Asana's token endpoint: a code is good once; a refresh gives a new access token
        and no new refresh token; a revoked refresh token is ``invalid_grant``."""
        if (form.get("client_id"), form.get("client_secret")) != self.app:
            return self._json(401, {"error": "invalid_client", "error_description": "bad app"})
        if form.get("grant_type") == "authorization_code":
            if form.get("code") not in self.codes:
                return self._json(
                    400, {"error": "invalid_grant", "error_description": "Invalid code"}
                )
            self.codes.discard(form["code"])
            refresh = f"asana-refresh-{self._gid()}"
            self.refresh_tokens.add(refresh)
        elif form.get("refresh_token") in self.refresh_tokens:
            refresh = ""
        else:
            return self._json(
                400, {"error": "invalid_grant", "error_description": "Invalid refresh token"}
            )
        access = f"2/asana-oauth-{self._gid()}"
        self.tokens.add(access)
        body = {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": self.expires_in,
            "data": {"gid": "1200000000000099", "name": "AuditoryX", "email": "bot@x.example"},
        }
        return self._json(200, body | ({"refresh_token": refresh} if refresh else {}))

    def respond(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        if request.path == "/-/oauth_authorize":
            with self._state:
                return self._consent(request.query)
        if request.path == "/-/oauth_token" and request.method == "POST":
            with self._state:
                return self._grant(request.form())
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        with self._state:
            if token not in self.tokens:
                return self._error(401, "Not Authorized")
            for index, (method, prefix, retry_after) in enumerate(self._limits):
                if request.method == method and request.path.startswith(prefix):
                    del self._limits[index]
                    return self._json(
                        429,
                        {"errors": [{"message": "You have made too many requests recently."}]},
                        {"Retry-After": str(retry_after)},
                    )
            answer = self._route(request)
            for index, (method, prefix, status) in enumerate(self._lost):
                if request.method == method and request.path.startswith(prefix):
                    del self._lost[index]
                    return self._error(status, "Gateway Timeout")
            return answer

    def _route(self, request: Recorded):
        parts = [p for p in request.path.split("/") if p]
        method = request.method
        if parts == ["users", "me"]:
            return self._json(200, {"data": {"gid": "1200000000000099", "name": "AuditoryX"}})
        if parts[:1] == ["users"] and len(parts) == 2:  # by gid or by e-mail, as Asana allows
            wanted = unquote(parts[1]).lower()
            gid = next((g for g, e in self.users.items() if wanted in (g, e.lower())), None)
            if gid is None:
                return self._error(404, "user: Unknown object")
            user = {
                "gid": gid,
                "name": self.user_names[gid],
                "email": self.users[gid],
                "workspaces": [{"gid": WORKSPACE, "resource_type": "workspace"}],
            }
            return self._json(200, {"data": user})
        if parts[:1] == ["workspaces"] and len(parts) == 3:
            if parts[1] != WORKSPACE:
                return self._error(403, "You do not have access to this workspace")
            if parts[2] == "users":
                users = [
                    {"gid": g, "name": self.user_names[g], "email": e}
                    for g, e in self.users.items()
                ]
                return self._page(request, users)
            projects = [
                {"gid": g, "name": p["name"]}
                for g, p in self.projects.items()
                if not p.get("archived")
            ]
            return self._page(request, projects)
        if parts == ["projects"] and method == "POST":
            data = request.json()["data"]
            if data.get("workspace") != WORKSPACE:
                return self._error(400, "workspace: Not a recognized ID")
            gid = self._gid()
            self.projects[gid] = {"gid": gid, "name": data["name"]}
            return self._json(201, {"data": self.projects[gid]})
        if parts[:1] == ["projects"] and len(parts) == 2:
            if parts[1] not in self.projects:
                return self._error(404, "project: Unknown object")
            return self._json(200, {"data": self.projects[parts[1]]})
        if parts[:1] == ["projects"] and parts[2:] == ["tasks"]:
            tasks = [
                self._task_out(t, self._fields(request))
                for t in self.tasks.values()
                if parts[1] in t["projects"]
            ]
            return self._page(request, tasks)
        if parts == ["tasks"] and method == "POST":
            return self._create_task(request.json()["data"])
        if parts[:1] == ["tasks"] and len(parts) == 2:
            task = self.tasks.get(parts[1])
            if task is None:
                return self._error(404, "task: Unknown object")
            if method == "PUT":
                self._apply(task, request.json()["data"])
            return self._json(200, {"data": self._task_out(task, self._fields(request))})
        if parts == ["batch"]:
            return self._batch(request)
        if parts == ["webhooks"] and method == "POST":
            return self._create_webhook(request.json()["data"])
        if parts[:1] == ["webhooks"] and method == "DELETE":
            if self.webhooks.pop(parts[1], None) is None:
                return self._error(404, "webhook: Unknown object")
            return self._json(200, {"data": {}})
        return self._error(404, f"no route {method} {request.path}")

    def _apply(self, task: dict[str, Any], data: dict[str, Any]) -> None:
        for field in ("name", "notes", "due_on", "external"):
            if field in data:
                task[field] = data[field]
        if "assignee" in data:
            assignee = data["assignee"]
            task["assignee"] = {"gid": assignee} if assignee else None
        if "completed" in data and bool(data["completed"]) != task["completed"]:
            task["completed"] = bool(data["completed"])
            task["completed_at"] = self._tick() if task["completed"] else None
        task["modified_at"] = self._tick()

    def _create_task(self, data: dict[str, Any]):
        projects = list(data.get("projects") or [])
        if not projects or any(p not in self.projects for p in projects):
            return self._error(400, "projects: Not a recognized ID")
        assignee = data.get("assignee")
        if assignee and assignee not in self.users:
            return self._error(400, "assignee: Not a recognized ID")
        gid = self._gid()
        task = {
            "gid": gid,
            "name": "",
            "notes": "",
            "due_on": None,
            "completed": False,
            "completed_at": None,
            "assignee": None,
            "external": None,
            "projects": projects,
            "created_at": self._tick(),
        }
        self._apply(task, data)
        self.tasks[gid] = task
        return self._json(201, {"data": self._task_out(task, list(task))})

    def _batch(self, request: Recorded):
        answers = []
        for action in request.json()["data"]["actions"]:
            gid = action["relative_path"].rsplit("/", 1)[-1]
            task = self.tasks.get(gid)
            if task is None:
                answers.append(
                    {
                        "status_code": 404,
                        "headers": {},
                        "body": {"errors": [{"message": "Unknown object"}]},
                    }
                )
                continue
            fields = (action.get("options") or {}).get("fields") or []
            answers.append(
                {"status_code": 200, "headers": {}, "body": {"data": self._task_out(task, fields)}}
            )
        return self._json(200, {"data": answers})

    def _create_webhook(self, data: dict[str, Any]):
        """Asana's handshake: the target must answer 2xx echoing ``X-Hook-Secret`` before the
        webhook exists."""
        if data.get("resource") not in self.projects:
            return self._error(400, "resource: Not a recognized ID")
        secret = secrets.token_hex(16)
        # Asana serves other requests while it waits for the handshake (the receiver may
        # well be calling it meanwhile): the state is not held across the call.
        self._state.release()
        try:
            answer = httpx.post(data["target"], headers={"X-Hook-Secret": secret}, timeout=10)
        except httpx.HTTPError as exc:
            return self._error(400, f"The remote server did not respond: {exc}")
        finally:
            self._state.acquire()
        if answer.status_code >= 300 or answer.headers.get("X-Hook-Secret") != secret:
            return self._error(400, "The remote server did not respond with the handshake secret")
        gid = self._gid()
        self.webhooks[gid] = {
            "gid": gid,
            "resource": data["resource"],
            "target": data["target"],
            "secret": secret,
            "active": True,
        }
        return self._json(
            201,
            {"data": {"gid": gid, "resource": {"gid": data["resource"]}, "target": data["target"]}},
        )
