"""Approvals from Slack: which organizations an interaction callback speaks for, and what a
verified button click does.

A click is one call of the approval-decision service (``domain.approvals.decisions``) with
the Slack user as decider and the clicked message's step; its refusals become an ephemeral
explanation to the clicker, and an accepted decision replaces the buttons of the messages the
service reports with who decided and when (``chat.update``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.chat_callbacks import connected_credentials
from core.crypto import SecretBox
from core.db import tenant_session
from domain.approvals import decisions
from domain.approvals.chain_types import Decision
from domain.errors import DomainError, NotFound
from integrations.errors import IntegrationError
from integrations.slack import (
    SlackApi,
    SlackClientFactory,
    decided_blocks,
    decided_text,
    verify_signature,
)

log = logging.getLogger("auditoryx.api")

UNCHANGED = "your click changed nothing."
# What the clicker reads for each refusal code (domain.approvals.refusals); any other refusal
# is its own detail followed by UNCHANGED (e.g. a click on the message of a finished step).
REFUSALS = {
    "resource_missing": f"This approval no longer exists; {UNCHANGED}",
    "not_a_member": "Your Slack account is not linked to an active member of this organization "
    f"in AuditoryX, so {UNCHANGED}",
    "not_an_approver": f"You are not an approver of the open step of this approval, so {UNCHANGED}",
    "already_decided": "You already decided on this step; your first answer stands and "
    + UNCHANGED,
    "approval_starting": "This approval is still starting; try again in a moment.",
    "temporal_unavailable": "AuditoryX cannot record decisions right now; try again in a minute.",
}
DUPLICATE = f"Your decision on this step was already recorded; {UNCHANGED}"
FAILED = (
    "Something went wrong while recording your decision; check the approval in AuditoryX "
    "before trying again."
)


async def verified_organizations(
    sessionmaker: async_sessionmaker[AsyncSession],
    box: SecretBox,
    team_id: str,
    *,
    body: bytes,
    timestamp: str | None,
    signature: str | None,
) -> dict[str, str]:
    """Organizations connected to workspace ``team_id`` whose signing secret verifies the
    body, each with its bot token (usually one; a label and its imprint may share a workspace).
    """
    verified: dict[str, str] = {}
    for org_id, credentials in await connected_credentials(sessionmaker, box, "slack", team_id):
        secret, token = credentials.get("signing_secret"), credentials.get("bot_token")
        if not isinstance(secret, str) or not isinstance(token, str):
            # Nothing can be verified with it; the caller answers the same 401 as a forgery.
            log.warning("slack credentials of %s lack the signing secret or bot token", org_id)
            continue
        if verify_signature(secret, body=body, timestamp=timestamp, signature=signature):
            verified[org_id] = token
    return verified


@dataclass(frozen=True, slots=True)
class Click:
    """One button press on an approval message, as far as it matters here."""

    slack_user_id: str
    channel_id: str
    message_ts: str | None
    decision: Decision
    request_id: str
    step_index: int

    def ballot(self) -> decisions.Ballot:
        """The click as the decision service's ballot: for the message's step only."""
        return decisions.Ballot(
            request_id=self.request_id,
            decider=decisions.ByChatIdentity("slack", self.slack_user_id),
            decision=self.decision,
            channel="slack",
            step_index=self.step_index,
            message=decisions.ClickedMessage("slack", self.channel_id, self.message_ts),
        )


def refusal_text(exc: DomainError, wording: Mapping[str, str] = REFUSALS) -> str:
    """What to tell the clicker when the decision was refused (``wording``: a channel's own
    sentences by refusal code)."""
    if exc.code in wording:
        return wording[exc.code]
    if exc.code == "approval_closed" and "current_status" in exc.extra:
        return f"This approval is already {exc.extra['current_status']}; {UNCHANGED}"
    return f"{exc.detail[:1].upper()}{exc.detail[1:]}; {UNCHANGED}"


class ClickHandler:
    """Applies one verified click (runs after the 200 went back to Slack)."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        chain: decisions.ChainGateway,
        slack_clients: SlackClientFactory,
        tokens: dict[str, str],
    ) -> None:
        self._sessionmaker = sessionmaker
        self._chain = chain
        self._slack_clients = slack_clients
        self._tokens = tokens

    async def handle(self, click: Click) -> None:
        """Decide, then tell the clicker (a refusal) or update the messages (a decision)."""
        token = next(iter(self._tokens.values()))
        try:
            token, answer = await self._decide(click)
        except Exception:
            log.exception("slack click failed", extra={"approval_request_id": click.request_id})
            await self._reply(self._slack_clients(token), click, FAILED)
            return
        slack = self._slack_clients(token)
        if isinstance(answer, DomainError):
            await self._reply(slack, click, refusal_text(answer))
        elif answer.duplicate:
            await self._reply(slack, click, DUPLICATE)
        else:
            await self._close_messages(slack, click, answer)

    async def _decide(self, click: Click) -> tuple[str, decisions.DecisionOutcome | DomainError]:
        """The decision service's answer, with the bot token of the request's organization.

        Each verified organization is asked in its own scope (usually there is one), so the
        answer always comes from, and is sent with the token of, the request's organization.
        """
        for org_id, token in self._tokens.items():
            try:
                async with tenant_session(self._sessionmaker, [org_id]) as session:
                    return token, await decisions.decide(session, self._chain, click.ballot())
            except NotFound:
                continue  # not this organization's request
            except DomainError as exc:
                return token, exc
        return next(iter(self._tokens.values())), NotFound(f"no approval {click.request_id}")

    async def _reply(self, slack: SlackApi, click: Click, message: str) -> None:
        try:
            await slack.post_ephemeral(
                channel=click.channel_id, user=click.slack_user_id, text=message
            )
        except IntegrationError as exc:
            log.warning("slack ephemeral reply failed: %s", exc)

    async def _close_messages(
        self, slack: SlackApi, click: Click, outcome: decisions.DecisionOutcome
    ) -> None:
        """Replace the buttons of every message the service closed with the outcome."""
        now = datetime.now(UTC)
        request = outcome.request
        for message in outcome.close:
            blocks: list[dict[str, Any]] = decided_blocks(
                summary=request.summary,
                step_name=decisions.step_name(request, message.step_index),
                subject_type=request.subject_type,
                decision=click.decision,
                decider=outcome.member.name,
                at=now,
            )
            try:
                await slack.update_message(
                    channel=message.channel_id,
                    ts=message.message_ts,
                    text=decided_text(click.decision, outcome.member.name, request.summary),
                    blocks=blocks,
                )
            except IntegrationError as exc:
                log.warning(
                    "slack chat.update of %s/%s failed: %s",
                    message.channel_id,
                    message.message_ts,
                    exc,
                )
