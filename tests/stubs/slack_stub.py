"""A Slack Web API stand-in that speaks Slack's wire format.

The methods approvals use (``auth.test``, ``users.lookupByEmail``, ``chat.postMessage``,
``chat.update``, ``chat.postEphemeral``) answer like Slack: HTTP 200 with ``{"ok": true, …}``
or ``{"ok": false, "error": "…"}``, and 429 with ``Retry-After`` when told to rate limit.
Posting to a user id lands in the bot's DM with them (a ``D…`` channel), as on Slack. Every
call is recorded with its token and body (JSON or form fields, whatever the client sent).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from integrations.slack import SlackApi
from tests.stubs import Recorded, RecordingServer


@dataclass(frozen=True)
class SlackCall:
    method: str
    token: str | None
    content_type: str
    body: dict[str, Any]


def slack_call(request: Recorded) -> SlackCall:
    content_type = request.headers.get("content-type", "")
    # slack-sdk's urllib client labels every request JSON, form bodies too; Slack reads the
    # body for what it is, and so does the stub.
    if "json" in content_type and request.body.lstrip().startswith(b"{"):
        body: dict[str, Any] = request.json()
    else:
        body = {**request.query, **(request.form() if request.body else {})}
    authorization = request.headers.get("authorization", "")
    token = authorization.removeprefix("Bearer ") if authorization.startswith("Bearer ") else None
    return SlackCall(
        method=request.path.removeprefix("/api/"),
        token=token or body.get("token"),
        content_type=content_type.split(";")[0],
        body=body,
    )


class SlackStub(RecordingServer):
    def __init__(
        self,
        *,
        tokens: Mapping[str, tuple[str, str]],
        users: Mapping[str, str] | None = None,
    ) -> None:
        """``tokens``: bot token → (team id, team name); ``users``: e-mail → Slack user id."""
        super().__init__()
        self.tokens = dict(tokens)
        self.users = dict(users or {})
        self._ts = itertools.count(1)
        self._rate_limits: dict[str, list[int]] = {}
        self._limits_lock = threading.Lock()
        self.answers: list[tuple[SlackCall, dict[str, Any]]] = []
        # channel → messages posted there, oldest first (what conversations.history reads)
        self.channels: dict[str, list[dict[str, Any]]] = {}
        self._lose_answers: dict[str, int] = {}

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def client_factory(self, token: str) -> SlackApi:
        """A real slack-sdk client pointed at this stub (the app's ``SlackClientFactory``)."""
        return SlackApi(token, base_url=self.api_url)

    def rate_limit(self, method: str, retry_after: int, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with 429 and ``Retry-After``."""
        with self._limits_lock:
            self._rate_limits.setdefault(method, []).extend([retry_after] * times)

    def lose_answer(self, method: str, times: int = 1) -> None:
        """Carry out the next ``times`` calls of ``method`` but answer them 500, as when
        Slack's answer is lost after it acted (a retry must not act twice)."""
        with self._limits_lock:
            self._lose_answers[method] = self._lose_answers.get(method, 0) + times

    def calls(self, method: str | None = None) -> list[SlackCall]:
        return [
            call
            for call in (slack_call(r) for r in self.recorded())
            if method is None or call.method == method
        ]

    async def wait_for_calls(self, method: str, count: int = 1) -> list[SlackCall]:
        await self.wait_for(lambda r: r.path == f"/api/{method}", count)
        return self.calls(method)

    def answered(self, method: str) -> list[tuple[SlackCall, dict[str, Any]]]:
        """(call, what Slack answered) for every call of ``method`` that was answered 200."""
        with self._limits_lock:
            return [(c, a) for c, a in self.answers if c.method == method]

    async def wait_for_answers(
        self, method: str, count: int = 1, timeout: float = 20.0
    ) -> list[tuple[SlackCall, dict[str, Any]]]:
        deadline = time.monotonic() + timeout
        while len(found := self.answered(method)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} answered {method} calls, got {len(found)}")
            await asyncio.sleep(0.05)
        return found

    def respond(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        call = slack_call(request)
        with self._limits_lock:
            pending = self._rate_limits.get(call.method) or []
            retry_after = pending.pop(0) if pending else None
        if retry_after is not None:
            return self._answer({"ok": False, "error": "ratelimited"}, 429, retry_after)
        if call.token not in self.tokens:
            return self._answer({"ok": False, "error": "invalid_auth"})
        team_id, team = self.tokens[call.token]
        answer = self._method(call, team_id, team)
        with self._limits_lock:
            self.answers.append((call, answer))
            lost = self._lose_answers.get(call.method, 0)
            if lost:
                self._lose_answers[call.method] = lost - 1
        if lost:
            return self._answer({"ok": False, "error": "internal_error"}, 500)
        return self._answer(answer)

    def _method(self, call: SlackCall, team_id: str, team: str) -> dict[str, Any]:
        body = call.body
        if call.method == "auth.test":
            return {
                "ok": True,
                "url": f"https://{team.lower()}.slack.com/",
                "team": team,
                "user": "auditoryx",
                "team_id": team_id,
                "user_id": "U0BOT",
                "bot_id": "B0BOT",
                "is_enterprise_install": False,
            }
        if call.method == "users.lookupByEmail":
            user_id = self.users.get(body.get("email", ""))
            if user_id is None:
                return {"ok": False, "error": "users_not_found"}
            return {"ok": True, "user": {"id": user_id, "team_id": team_id, "profile": {}}}
        if call.method == "chat.postMessage":
            channel = str(body.get("channel", ""))
            if channel.startswith("U"):
                channel = "D" + channel[1:]  # a bot's message to a user lands in their DM
            n = next(self._ts)
            ts = f"{1_700_000_000 + n}.{n:06d}"
            message = {"type": "message", "text": body.get("text"), "blocks": body.get("blocks")}
            if body.get("metadata"):
                message["metadata"] = body["metadata"]
            with self._limits_lock:
                self.channels.setdefault(channel, []).append({**message, "ts": ts})
            return {"ok": True, "channel": channel, "ts": ts, "message": {**message, "ts": ts}}
        if call.method == "conversations.history":
            with self._limits_lock:
                posted = list(self.channels.get(str(body.get("channel", "")), []))
            include_metadata = str(body.get("include_all_metadata", "")).lower() in ("1", "true")
            newest_first = [
                m if include_metadata else {k: v for k, v in m.items() if k != "metadata"}
                for m in reversed(posted)
            ][: int(body.get("limit") or 100)]
            return {"ok": True, "messages": newest_first, "has_more": False}
        if call.method == "chat.update":
            return {
                "ok": True,
                "channel": body.get("channel"),
                "ts": body.get("ts"),
                "text": body.get("text"),
            }
        if call.method == "chat.postEphemeral":
            n = next(self._ts)
            return {"ok": True, "message_ts": f"{1_700_000_000 + n}.{n:06d}"}
        return {"ok": False, "error": "unknown_method"}

    @staticmethod
    def _answer(
        payload: dict[str, Any], status: int = 200, retry_after: int | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        return status, headers, json.dumps(payload).encode()
