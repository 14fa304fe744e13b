"""Microsoft Teams through a bot: the Bot Framework protocol pieces approvals need.

- :class:`BotFrameworkKeys` verifies the bearer token of an incoming activity: an RS256 JWT
  whose key is listed in the JWKS named by the OpenID metadata document (by default
  ``https://login.botframework.com/v1/.well-known/openidconfiguration``), issued by
  ``https://api.botframework.com``, for the bot's app id (``aud``), unexpired, and whose
  ``serviceurl`` claim names the activity's ``serviceUrl``. Anything else raises
  :class:`BotTokenRejected`.
- :class:`BotConnector` calls the Bot Connector REST API of a ``serviceUrl``: send an
  activity to a conversation, replace one, read a conversation member (their e-mail). Its
  bearer token comes from the configurable token endpoint (client credentials of the bot).
- The cards: an approval card whose buttons are Universal Actions (``Action.Execute``, verb
  ``approve``/``reject``), and the card of a decided or refused approval.

Errors of the connector are the shared adapter errors (:mod:`integrations.errors`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
import jwt

from integrations.chat import ApprovalMessage
from integrations.errors import RateLimited, Rejected, Unauthorized, Unavailable
from integrations.teams import ADAPTIVE_CARD_CONTENT_TYPE, HEADINGS, adaptive_card

DEFAULT_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
DEFAULT_TOKEN_ISSUER = "https://api.botframework.com"  # noqa: S105 - an issuer, not a secret
LOGIN_HOST = "https://login.microsoftonline.com"
DEFAULT_TOKEN_URL = f"{LOGIN_HOST}/botframework.com/oauth2/v2.0/token"
CONNECTOR_SCOPE = "https://api.botframework.com/.default"
PROVIDER = "teams"
# Clock skew tolerated on ``exp``/``nbf``, as the Bot Framework SDKs do.
LEEWAY_SECONDS = 300
KEYS_TTL_SECONDS = 24 * 3600
# An unknown ``kid`` refetches the keys (Microsoft rolls them), at most this often.
REFETCH_AFTER_SECONDS = 300

HttpClientFactory = Callable[[], httpx.AsyncClient]


def default_http() -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=10.0, follow_redirects=False)


class BotTokenRejected(Exception):
    """The bearer token of an activity is not a valid Bot Framework token for this bot."""


def unverified_audience(token: str) -> str | None:
    """The ``aud`` claim of ``token`` read WITHOUT verification: only to find which bot (and
    so which organizations' credentials) the token claims to be for."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    audience = claims.get("aud")
    return audience if isinstance(audience, str) and 0 < len(audience) <= 120 else None


class BotFrameworkKeys:
    """The signing keys named by an OpenID metadata document, cached, and token verification
    against them."""

    def __init__(
        self,
        metadata_url: str = DEFAULT_OPENID_METADATA_URL,
        *,
        issuer: str = DEFAULT_TOKEN_ISSUER,
        http: HttpClientFactory = default_http,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._metadata_url = metadata_url
        self._clock = clock
        self._issuer = issuer
        self._http = http
        self._keys: dict[str, Any] = {}
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()

    async def verify(self, token: str, *, app_id: str, service_url: str) -> dict[str, Any]:
        """The claims of ``token`` if it is a Bot Framework token for ``app_id`` about
        ``service_url``; :class:`BotTokenRejected` otherwise."""
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError as exc:
            raise BotTokenRejected(f"malformed token: {exc}") from None
        if not isinstance(kid, str):
            raise BotTokenRejected("the token names no signing key")
        key = await self._key(kid)
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=["RS256"],
                audience=app_id,
                issuer=self._issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise BotTokenRejected(f"invalid token: {exc}") from None
        claimed = claims.get("serviceurl") or claims.get("serviceUrl")
        if not isinstance(claimed, str) or claimed.rstrip("/") != service_url.rstrip("/"):
            raise BotTokenRejected("the token was not issued for this service URL")
        return claims

    async def _key(self, kid: str) -> Any:
        async with self._lock:
            age = self._clock() - self._fetched_at
            unknown = kid not in self._keys and age > REFETCH_AFTER_SECONDS
            stale = age > KEYS_TTL_SECONDS or unknown
            if not self._fetched_at or stale:
                await self._fetch()
            key = self._keys.get(kid)
        if key is None:
            raise BotTokenRejected("the token is signed with an unknown key")
        return key

    async def _fetch(self) -> None:
        try:
            async with self._http() as http:
                metadata = (await http.get(self._metadata_url)).raise_for_status().json()
                jwks = (await http.get(str(metadata["jwks_uri"]))).raise_for_status().json()
            keys = {
                str(jwk["kid"]): jwt.PyJWK(jwk, algorithm="RS256").key
                for jwk in jwks.get("keys", [])
                if isinstance(jwk, dict) and jwk.get("kid") and jwk.get("kty") == "RSA"
            }
        except (httpx.HTTPError, ValueError, KeyError, TypeError, jwt.PyJWTError) as exc:
            # Unverifiable is refused; the next activity tries again.
            raise BotTokenRejected(f"signing keys unavailable: {type(exc).__name__}") from None
        self._keys = keys
        self._fetched_at = self._clock()


@dataclass(frozen=True, slots=True)
class BotCredentials:
    """A bot's Entra app registration: what it signs in to the connector with."""

    app_id: str
    app_password: str
    tenant_id: str


class BotConnector:
    """The Bot Connector REST API, as one bot (``credentials``) sees it."""

    def __init__(
        self,
        credentials: BotCredentials,
        *,
        token_url: str = DEFAULT_TOKEN_URL,
        http: HttpClientFactory = default_http,
    ) -> None:
        self._credentials = credentials
        self._token_url = token_url
        self._http = http

    async def send(self, service_url: str, conversation_id: str, activity: dict[str, Any]) -> str:
        """Send ``activity`` to the conversation; the id of the activity created."""
        url = f"{_base(service_url)}/v3/conversations/{quote(conversation_id, safe='')}/activities"
        answer = await self._call("POST", url, activity)
        activity_id = answer.get("id")
        if not isinstance(activity_id, str) or not activity_id:
            raise Rejected("the connector named no activity id", provider=PROVIDER)
        return activity_id

    async def update(
        self, service_url: str, conversation_id: str, activity_id: str, activity: dict[str, Any]
    ) -> None:
        """Replace activity ``activity_id`` of the conversation (a card's new content)."""
        url = (
            f"{_base(service_url)}/v3/conversations/{quote(conversation_id, safe='')}"
            f"/activities/{quote(activity_id, safe='')}"
        )
        await self._call("PUT", url, {**activity, "id": activity_id})

    async def member_email(self, service_url: str, conversation_id: str, user_id: str) -> str:
        """The e-mail (or user principal name) of a conversation member; '' when unknown."""
        url = (
            f"{_base(service_url)}/v3/conversations/{quote(conversation_id, safe='')}"
            f"/members/{quote(user_id, safe='')}"
        )
        member = await self._call("GET", url, None)
        value = member.get("email") or member.get("userPrincipalName") or ""
        return str(value)

    async def _token(self, http: httpx.AsyncClient) -> str:
        try:
            response = await http.post(
                self._token_url,
                data={
                    "grant_type": "client_credentials",
                    "client_id": self._credentials.app_id,
                    "client_secret": self._credentials.app_password,
                    "scope": CONNECTOR_SCOPE,
                },
            )
        except httpx.HTTPError as exc:
            raise Unavailable(
                f"the bot token endpoint is unreachable: {type(exc).__name__}", provider=PROVIDER
            ) from None
        _raise_for(response, "the bot token endpoint")
        token = response.json().get("access_token")
        if not isinstance(token, str):
            raise Unauthorized("the token endpoint gave no access token", provider=PROVIDER)
        return token

    async def _call(self, method: str, url: str, body: dict[str, Any] | None) -> dict[str, Any]:
        async with self._http() as http:
            token = await self._token(http)
            try:
                response = await http.request(
                    method, url, json=body, headers={"Authorization": f"Bearer {token}"}
                )
            except httpx.HTTPError as exc:
                raise Unavailable(
                    f"the Bot Connector is unreachable: {type(exc).__name__}", provider=PROVIDER
                ) from None
        _raise_for(response, "the Bot Connector")
        try:
            answer = response.json() if response.content else {}
        except ValueError:
            answer = {}
        return answer if isinstance(answer, dict) else {}


def _base(service_url: str) -> str:
    return service_url.rstrip("/")


def _raise_for(response: httpx.Response, who: str) -> None:
    status = response.status_code
    if status < 400:
        return
    if status == 429:
        try:
            retry_after = max(1, int(response.headers.get("retry-after", "1")))
        except ValueError:
            retry_after = 1
        raise RateLimited(retry_after, provider=PROVIDER)
    if status >= 500:
        raise Unavailable(f"{who} answered {status}", provider=PROVIDER, status=status)
    refusal = Unauthorized if status in (401, 403) else Rejected
    raise refusal(f"{who} answered {status}", provider=PROVIDER, status=status)


# --- cards ------------------------------------------------------------------------------------


def card_activity(card: dict[str, Any]) -> dict[str, Any]:
    """A message activity carrying ``card``."""
    return {
        "type": "message",
        "attachments": [{"contentType": ADAPTIVE_CARD_CONTENT_TYPE, "content": card}],
    }


def invoke_response(card: dict[str, Any]) -> dict[str, Any]:
    """The answer to an ``adaptiveCard/action`` invoke: the card that replaces the clicked one."""
    return {"statusCode": 200, "type": ADAPTIVE_CARD_CONTENT_TYPE, "value": card}


def action_data(request_id: str, step_index: int) -> dict[str, Any]:
    """What an approval card's actions carry back to us."""
    return {"request_id": request_id, "step_index": step_index}


def approval_card(approval: ApprovalMessage) -> dict[str, Any]:
    """The approval card: the request, and Approve/Reject as ``Action.Execute`` (the click
    comes back to the bot as an ``adaptiveCard/action`` invoke)."""
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": HEADINGS.get(approval.kind, HEADINGS["request"]),
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
        },
        {"type": "TextBlock", "text": approval.summary, "wrap": True},
        {
            "type": "FactSet",
            "facts": [
                {"title": "Step", "value": approval.step_name},
                {"title": "Kind", "value": approval.subject_type.replace("_", " ")},
                {"title": "Approver", "value": approval.approver_name},
            ],
        },
    ]
    data = action_data(approval.request_id, approval.step_index)
    actions: list[dict[str, Any]] = [
        {
            "type": "Action.Execute",
            "title": title,
            "verb": verb,
            "data": data,
            "style": style,
        }
        for title, verb, style in (
            ("Approve", "approve", "positive"),
            ("Reject", "reject", "destructive"),
        )
    ]
    return adaptive_card(body, actions)


def state_card(
    *,
    summary: str,
    step_name: str,
    subject_type: str,
    outcome: str,
    note: str | None,
    refresh_data: dict[str, Any],
    user_ids: Collection[str],
) -> dict[str, Any]:
    """The card of an approval that was decided (or that a click could not decide): the
    outcome instead of buttons. ``refresh`` (Universal Actions) makes Teams fetch the current
    card for ``user_ids`` when they look at it, so nobody keeps seeing stale buttons."""
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": outcome, "weight": "Bolder", "size": "Medium", "wrap": True},
        {"type": "TextBlock", "text": summary, "wrap": True},
        {
            "type": "FactSet",
            "facts": [
                {"title": "Step", "value": step_name},
                {"title": "Kind", "value": subject_type.replace("_", " ")},
            ],
        },
    ]
    if note:
        body.append({"type": "TextBlock", "text": note, "wrap": True, "isSubtle": True})
    card = adaptive_card(body, [])
    card["refresh"] = {
        "action": {"type": "Action.Execute", "verb": "refresh", "data": refresh_data},
        "userIds": sorted(user_ids),
    }
    return card
