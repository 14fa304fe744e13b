"""The Teams bot's messaging endpoint: installation and ``Action.Execute`` on approval cards.

``POST /integrations/teams/messages`` is the bot's messaging endpoint (Azure Bot / Teams
Developer Portal). Message protocol:

1. Teams (the Bot Connector) posts one activity as JSON with ``Authorization: Bearer <JWT>``.
   The token must be signed by a key of the configured OpenID metadata's JWKS
   (``TEAMS_OPENID_METADATA_URL``), name the issuer ``https://api.botframework.com``, the
   audience of a connected organization's bot app id, be unexpired, and its ``serviceurl``
   claim must be the activity's ``serviceUrl``; the activity's tenant must be the
   organization's. Otherwise the answer is 401 and nothing happens (an unknown bot gets the
   very same 401).
2. The bot added to a conversation (``installationUpdate``/``conversationUpdate``): that
   conversation is where the organization's approval cards go from now on. Answer: 200.
3. An ``invoke`` named ``adaptiveCard/action`` with verb ``approve``/``reject`` and the card's
   ``request_id``/``step_index``: the Teams user (linked to a member by e-mail on first use)
   decides through the approval-decision service every channel uses, exactly once (a repeated
   action is told the decision stands). Verb ``refresh`` only renders. The answer is the
   invoke response ``{"statusCode": 200, "type": "application/vnd.microsoft.card.adaptive",
   "value": <card>}``: the approval's current card (with ``refresh.userIds``), and an accepted
   decision also replaces the card in the conversation for everyone.

This module only parses and verifies; deciding and rendering live in ``api.teams_approvals``.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from api.chains import ChainGatewayDep
from api.deps import SecretBoxDep, SessionmakerDep
from api.integration_deps import TeamsConnectorsDep, TeamsKeysDep
from api.teams_approvals import (
    CardActionHandler,
    installed_conversation,
    parse_card_action,
    remember_conversation,
    verified_bots,
)
from domain.errors import InvalidRequest, Unauthenticated
from integrations.teams_bot import invoke_response

router = APIRouter(prefix="/integrations/teams", tags=["teams"])


def _unverified() -> Unauthenticated:
    # One answer for a bad, expired or foreign token and an unknown bot: nothing to learn.
    return Unauthenticated(
        "the request does not carry a valid Bot Framework token for a connected bot",
        code="invalid_bot_token",
    )


def _activity(body: bytes) -> dict[str, Any] | None:
    try:
        activity = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return None
    return activity if isinstance(activity, dict) else None


@router.post(
    "/messages",
    summary="The Teams bot's messaging endpoint (installation, approval card actions)",
    description="Called by the Bot Connector, not by API clients: an activity as JSON with "
    "`Authorization: Bearer <Bot Framework JWT>` (RS256, keys from the OpenID metadata, "
    "issuer `https://api.botframework.com`, audience = the bot's app id, unexpired, "
    "`serviceurl` claim = the activity's `serviceUrl`), else 401. An `adaptiveCard/action` "
    "invoke is answered with the approval's refreshed card. See docs/integrations/teams.md.",
    responses={
        200: {
            "description": "An installation or another activity: received (empty body). A card "
            "action: the invoke response carrying the approval's refreshed Adaptive Card.",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "title": "TeamsInvokeResponse",
                        "required": ["statusCode", "type", "value"],
                        "properties": {
                            "statusCode": {"type": "integer", "const": 200},
                            "type": {
                                "type": "string",
                                "const": "application/vnd.microsoft.card.adaptive",
                            },
                            "value": {"type": "object", "description": "The Adaptive Card"},
                        },
                    }
                }
            },
        },
        401: {"description": "No valid Bot Framework token for a connected bot"},
    },
)
async def messages(
    request: Request,
    sessionmaker: SessionmakerDep,
    box: SecretBoxDep,
    keys: TeamsKeysDep,
    connectors: TeamsConnectorsDep,
    chain: ChainGatewayDep,
) -> Response:
    """Verify the activity, then remember an installation or answer a card action."""
    scheme, _, token = (request.headers.get("authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise _unverified()
    # The body is bounded by BodyLimitMiddleware before it is read.
    activity = _activity(await request.body())
    if activity is None:
        raise _unverified()
    bots = await verified_bots(sessionmaker, box, keys, token=token.strip(), activity=activity)
    if not bots:
        raise _unverified()
    conversation = installed_conversation(activity)
    if conversation is not None:
        await remember_conversation(sessionmaker, bots, conversation)
        return Response(status_code=200)
    if activity.get("type") != "invoke":
        return Response(status_code=200)
    action = parse_card_action(activity)
    if action is None:
        raise InvalidRequest(
            "not an approval card action", param="value", code="unsupported_card_action"
        )
    card = await CardActionHandler(sessionmaker, chain, bots, connectors).handle(action)
    return JSONResponse(invoke_response(card))
