"""Slack interactivity: Approve/Reject clicks on approval messages.

``POST /integrations/slack/interactions`` is the Slack app's Request URL. Message protocol:

1. Slack posts ``application/x-www-form-urlencoded`` with one field, ``payload`` (JSON), signed
   ``X-Slack-Signature: v0=HMAC-SHA256(signing secret, "v0:{X-Slack-Request-Timestamp}:{body}")``.
2. The workspace (``payload.team.id``) names the organization(s) through the definer function
   ``integration_lookup('slack', team)``; the body must verify with such an organization's
   signing secret and be at most five minutes old, or the answer is 401 and nothing happens.
   An unknown workspace gets the very same 401.
3. Verified: the answer is an empty 200 at once (Slack wants one within 3 s); the decision runs
   in a background task through the approval-decision service every channel uses: the Slack
   user is mapped to a member by chat identity and the chain's ``decide`` update is applied
   (channel ``slack``). A refused click (not an approver, already decided, chain closed, a
   message of a step that is over) changes nothing and gets an ephemeral explanation; an
   accepted one replaces the message's buttons with who decided and when (``chat.update``), on
   every message of the step once the step is settled. See ``api.slack_approvals``.

This module only parses and verifies; deciding and answering live in ``api.slack_approvals``.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, BackgroundTasks, Request, Response

from api.chains import ChainGatewayDep
from api.deps import SecretBoxDep, SessionmakerDep
from api.integration_deps import SlackClientsDep
from api.slack_approvals import Click, ClickHandler, verified_organizations
from domain.approvals.chain_types import Decision
from domain.errors import Unauthenticated
from integrations.slack import is_fresh, parse_button_value

router = APIRouter(prefix="/integrations/slack", tags=["slack"])


def _unverified() -> Unauthenticated:
    # One answer for a bad signature, a stale one and an unknown workspace: nothing to learn.
    return Unauthenticated(
        "the request is not signed by Slack for a connected workspace",
        code="invalid_slack_signature",
    )


def _payload(body: bytes) -> dict[str, Any] | None:
    try:
        fields = parse_qs(body.decode(), strict_parsing=True)
        payload = json.loads(fields["payload"][0])
    except (UnicodeDecodeError, ValueError, KeyError, IndexError):
        return None
    return payload if isinstance(payload, dict) else None


def _team_id(payload: dict[str, Any]) -> str | None:
    team = payload.get("team") or {}
    user = payload.get("user") or {}
    value = (team.get("id") if isinstance(team, dict) else None) or (
        user.get("team_id") if isinstance(user, dict) else None
    )
    return value if isinstance(value, str) and 0 < len(value) <= 40 else None


def parse_click(payload: dict[str, Any]) -> Click | None:
    """The approval button press in a ``block_actions`` payload, or ``None``."""
    if payload.get("type") != "block_actions":
        return None
    actions = payload.get("actions") or []
    action = actions[0] if actions and isinstance(actions[0], dict) else {}
    action_id = action.get("action_id")
    target = parse_button_value(str(action.get("value") or ""))
    container = payload.get("container") or {}
    channel = (payload.get("channel") or {}).get("id") or container.get("channel_id")
    user = (payload.get("user") or {}).get("id")
    if target is None or not channel or not user:
        return None
    if action_id == "approve":
        decision: Decision = "approve"
    elif action_id == "reject":
        decision = "reject"
    else:
        return None
    message_ts = container.get("message_ts") or (payload.get("message") or {}).get("ts")
    return Click(
        slack_user_id=str(user),
        channel_id=str(channel),
        message_ts=str(message_ts) if message_ts else None,
        decision=decision,
        request_id=target[0],
        step_index=target[1],
    )


@router.post(
    "/interactions",
    summary="Slack's callback for Approve/Reject clicks (the Slack app's Request URL)",
    description="Called by Slack, not by API clients: `application/x-www-form-urlencoded` "
    "with a `payload` field, signed `X-Slack-Signature: v0=HMAC-SHA256(signing secret, "
    '"v0:{X-Slack-Request-Timestamp}:{body}")` and at most five minutes old, else 401. '
    "See docs/integrations/slack.md.",
    response_class=Response,
    responses={
        200: {"description": "Received; a click is decided in the background (empty body)"},
        401: {"description": "Not signed by a connected workspace, or too old"},
    },
)
async def interactions(
    request: Request,
    background: BackgroundTasks,
    sessionmaker: SessionmakerDep,
    box: SecretBoxDep,
    slack_clients: SlackClientsDep,
    chain: ChainGatewayDep,
) -> Response:
    """Verify the callback, answer 200 at once, and decide a button click in the background."""
    body = await request.body()
    timestamp = request.headers.get("x-slack-request-timestamp")
    signature = request.headers.get("x-slack-signature")
    # The body is at most 64 KiB: BodyLimitMiddleware refused anything larger unread.
    if not is_fresh(timestamp):
        raise _unverified()
    payload = _payload(body)
    team_id = _team_id(payload) if payload is not None else None
    if payload is None or team_id is None:
        raise _unverified()
    tokens = await verified_organizations(
        sessionmaker,
        box,
        team_id,
        body=body,
        timestamp=timestamp,
        signature=signature,
    )
    if not tokens:
        raise _unverified()
    click = parse_click(payload)
    if click is not None:
        background.add_task(ClickHandler(sessionmaker, chain, slack_clients, tokens).handle, click)
    return Response(status_code=200)
