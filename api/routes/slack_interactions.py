"""Slack interactivity: Approve/Reject clicks on approval messages.

``POST /integrations/slack/interactions`` is the Slack app's Request URL. Message protocol:

1. Slack posts ``application/x-www-form-urlencoded`` with one field, ``payload`` (JSON), signed
   ``X-Slack-Signature: v0=HMAC-SHA256(signing secret, "v0:{X-Slack-Request-Timestamp}:{body}")``.
2. The workspace (``payload.team.id``) names the organization(s) through the definer function
   ``integration_lookup('slack', team)``; the body must verify with such an organization's
   signing secret and be at most five minutes old, or the answer is 401 and nothing happens.
   An unknown workspace gets the very same 401.
3. Verified: the answer is an empty 200 at once (Slack wants one within 3 s); the decision runs
   in a background task. It maps the Slack user to a member by chat identity and applies the
   chain's ``decide`` update (channel ``slack``). A click the chain refuses (not an approver,
   already decided, chain closed, a message of a step that is over) changes nothing and gets an
   ephemeral explanation; an accepted one replaces the message's buttons with who decided and
   when (``chat.update``), on every message of the step once the step is settled.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, BackgroundTasks, Request, Response
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client
from temporalio.service import RPCError

from api.deps import SessionmakerDep, SettingsDep, get_temporal_connector
from api.routes.approvals import send_update
from api.routes.integrations import SlackClientsDep, secret_box
from api.temporal import TemporalConnector
from core.config import Settings
from core.crypto import DecryptionError
from core.db import system_session, tenant_session
from domain.approvals.chain_types import DecideInput, DecideResult, Decision
from domain.approvals.models import ApprovalRequest
from domain.connections.models import ChatIdentity, ChatMessage, IntegrationConnection
from domain.errors import DomainError, Unauthenticated
from domain.tenancy.models import Member
from integrations.slack import (
    SlackApi,
    SlackClientFactory,
    SlackError,
    decided_blocks,
    decided_text,
    is_fresh,
    parse_button_value,
    verify_signature,
)
from workflows.approval import ApprovalChainWorkflow
from workflows.clients.approval import approval_handle

log = logging.getLogger("auditoryx.api")
router = APIRouter(prefix="/integrations/slack", tags=["slack"])

MAX_BODY_BYTES = 64 * 1024
UNCHANGED = "your click changed nothing."
REFUSALS = {
    "not_an_approver": f"You are not an approver of the open step of this approval, so {UNCHANGED}",
    "already_decided": "You already decided on this step; your first answer stands and "
    + UNCHANGED,
    "approval_starting": "This approval is still starting; try again in a moment.",
}


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


async def _verified_organizations(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    team_id: str,
    *,
    body: bytes,
    timestamp: str | None,
    signature: str | None,
) -> dict[str, str]:
    """Organizations connected to ``team_id`` whose signing secret verifies the body, each
    with its bot token (usually one; a label and its imprint may share a workspace)."""
    async with system_session(sessionmaker) as session:
        org_ids = [
            row[0]
            for row in await session.execute(
                text("SELECT organization_id FROM integration_lookup('slack', :team)"),
                {"team": team_id},
            )
        ]
    box = secret_box(settings)
    verified: dict[str, str] = {}
    for org_id in org_ids:
        async with tenant_session(sessionmaker, [org_id]) as session:
            sealed = (
                await session.execute(
                    select(IntegrationConnection.credentials).where(
                        IntegrationConnection.provider == "slack",
                        IntegrationConnection.status != "disconnected",
                    )
                )
            ).scalar_one_or_none()
        if sealed is None:
            continue
        try:
            credentials = box.open(sealed)
        except DecryptionError:
            log.warning("slack credentials of %s cannot be decrypted", org_id)
            continue
        if verify_signature(
            credentials["signing_secret"], body=body, timestamp=timestamp, signature=signature
        ):
            verified[org_id] = credentials["bot_token"]
    return verified


@dataclass(frozen=True, slots=True)
class Click:
    """One button press, as far as it matters here."""

    slack_user_id: str
    channel_id: str
    message_ts: str | None
    decision: Decision
    request_id: str
    step_index: int


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


@router.post("/interactions", include_in_schema=False)
async def interactions(
    request: Request,
    background: BackgroundTasks,
    settings: SettingsDep,
    sessionmaker: SessionmakerDep,
    slack_clients: SlackClientsDep,
) -> Response:
    body = await request.body()
    timestamp = request.headers.get("x-slack-request-timestamp")
    signature = request.headers.get("x-slack-signature")
    if len(body) > MAX_BODY_BYTES or not is_fresh(timestamp):
        raise _unverified()
    payload = _payload(body)
    team_id = _team_id(payload) if payload is not None else None
    if payload is None or team_id is None:
        raise _unverified()
    verified = await _verified_organizations(
        sessionmaker, settings, team_id, body=body, timestamp=timestamp, signature=signature
    )
    if not verified:
        raise _unverified()
    click = parse_click(payload)
    if click is not None:
        handler = ClickHandler(
            sessionmaker, get_temporal_connector(request), slack_clients, verified
        )
        background.add_task(handler.handle, click)
    return Response(status_code=200)


def _refusal(exc: DomainError) -> str:
    """What to tell the clicker when the chain refused the decision."""
    if exc.code in REFUSALS:
        return REFUSALS[exc.code]
    return f"{exc.detail[:1].upper()}{exc.detail[1:]}; {UNCHANGED}"  # e.g. already approved


def _step_name(request: ApprovalRequest, step_index: int) -> str:
    return str(request.steps[step_index]["name"]) if 0 <= step_index < len(request.steps) else ""


class ClickHandler:
    """Applies one verified click (runs after the 200 went back to Slack)."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        temporal: TemporalConnector,
        slack_clients: SlackClientFactory,
        tokens: dict[str, str],
    ) -> None:
        self._sessionmaker = sessionmaker
        self._temporal = temporal
        self._slack_clients = slack_clients
        self._tokens = tokens

    async def handle(self, click: Click) -> None:
        slack = self._slack_clients(next(iter(self._tokens.values())))
        try:
            await self._handle(click, slack)
        except Exception:
            log.exception("slack click failed", extra={"approval_request_id": click.request_id})
            await self._reply(
                slack,
                click,
                "Something went wrong while recording your decision; check the approval in "
                "AuditoryX before trying again.",
            )

    async def _reply(self, slack: SlackApi, click: Click, message: str) -> None:
        try:
            await slack.post_ephemeral(
                channel=click.channel_id, user=click.slack_user_id, text=message
            )
        except SlackError as exc:
            log.warning("slack ephemeral reply failed: %s", exc)

    async def _handle(self, click: Click, slack: SlackApi) -> None:
        async with tenant_session(self._sessionmaker, list(self._tokens)) as session:
            request = await session.get(ApprovalRequest, click.request_id)
        if request is None:
            await self._reply(slack, click, f"This approval no longer exists; {UNCHANGED}")
            return
        org_id = request.organization_id
        slack = self._slack_clients(self._tokens[org_id])
        async with tenant_session(self._sessionmaker, [org_id]) as session:
            member = (
                await session.execute(
                    select(Member)
                    .join(
                        ChatIdentity,
                        (ChatIdentity.member_id == Member.id)
                        & (ChatIdentity.organization_id == Member.organization_id),
                    )
                    .where(
                        ChatIdentity.organization_id == org_id,
                        ChatIdentity.provider == "slack",
                        ChatIdentity.external_user_id == click.slack_user_id,
                        Member.status == "active",
                    )
                )
            ).scalar_one_or_none()
        if member is None:
            await self._reply(
                slack,
                click,
                "Your Slack account is not linked to an active member of this organization in "
                f"AuditoryX, so {UNCHANGED}",
            )
            return
        if request.status != "pending":
            await self._reply(
                slack, click, f"This approval is already {request.status}; {UNCHANGED}"
            )
            return
        client = await self._temporal.get()
        if client is None:
            await self._reply(
                slack,
                click,
                "AuditoryX cannot record decisions right now; try again in a minute.",
            )
            return
        stale = await self._step_status_if_closed(client, org_id, click)
        if stale is not None:
            await self._reply(
                slack,
                click,
                f"The step “{_step_name(request, click.step_index)}” is already {stale}; "
                + UNCHANGED,
            )
            return
        try:
            result = await send_update(
                client,
                request,
                ApprovalChainWorkflow.decide,
                DecideInput(member_id=member.id, decision=click.decision, channel="slack"),
            )
        except DomainError as exc:
            if exc.code == "not_an_approver" and await self._decided(
                client, org_id, click, member.id
            ):
                # A duplicate that reached the chain between two steps is refused as "not an
                # approver" of the next one; to the clicker it is a double click.
                await self._reply(slack, click, REFUSALS["already_decided"])
            else:
                await self._reply(slack, click, _refusal(exc))
            return
        if result.already_decided:
            await self._reply(
                slack, click, f"Your decision on this step was already recorded; {UNCHANGED}"
            )
            return
        await self._close_messages(slack, request, click, result, member.name)

    async def _decided(self, client: Client, org_id: str, click: Click, member_id: str) -> bool:
        """Whether ``member_id`` already decided the clicked step."""
        try:
            status = await approval_handle(client, org_id, click.request_id).query(
                ApprovalChainWorkflow.status
            )
        except RPCError:
            return False
        steps = status.steps
        return click.step_index < len(steps) and member_id in steps[click.step_index].decisions

    async def _step_status_if_closed(self, client: Client, org_id: str, click: Click) -> str | None:
        """The clicked message's step status when that step is over (a stale message)."""
        try:
            status = await approval_handle(client, org_id, click.request_id).query(
                ApprovalChainWorkflow.status
            )
        except RPCError:
            return None  # the update's validator still guards the decision
        if click.step_index >= len(status.steps):
            return "gone"
        step_status: str = status.steps[click.step_index].status
        return step_status if step_status in ("approved", "rejected") else None

    async def _close_messages(
        self,
        slack: SlackApi,
        request: ApprovalRequest,
        click: Click,
        result: DecideResult,
        decider: str,
    ) -> None:
        """Replace the buttons with the outcome: on the clicked message, and on every open
        message of the step (or of the request) once the step (or the chain) is settled."""
        now = datetime.now(UTC)
        async with tenant_session(self._sessionmaker, [request.organization_id]) as session:
            stmt = select(ChatMessage).where(
                ChatMessage.request_id == request.id,
                ChatMessage.provider == "slack",
                ChatMessage.closed_at.is_(None),
            )
            if result.request_status == "pending":
                if result.step_status == "open":
                    stmt = stmt.where(
                        ChatMessage.channel_id == click.channel_id,
                        ChatMessage.message_ts == (click.message_ts or ""),
                    )
                else:
                    stmt = stmt.where(ChatMessage.step_index == click.step_index)
            rows = (await session.execute(stmt)).scalars().all()
            targets = {(m.channel_id, m.message_ts, m.step_index) for m in rows}
            if click.message_ts:
                targets.add((click.channel_id, click.message_ts, click.step_index))
            for message in rows:
                message.closed_at = now
        for channel, ts, step_index in sorted(targets):
            try:
                await slack.update_message(
                    channel=channel,
                    ts=ts,
                    text=decided_text(click.decision, decider, request.summary),
                    blocks=decided_blocks(
                        summary=request.summary,
                        step_name=_step_name(request, step_index),
                        subject_type=request.subject_type,
                        decision=click.decision,
                        decider=decider,
                        at=now,
                    ),
                )
            except SlackError as exc:
                log.warning("slack chat.update of %s/%s failed: %s", channel, ts, exc)
