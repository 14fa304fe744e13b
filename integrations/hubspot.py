"""HubSpot CRM through hubspot-api-client: companies and contacts for our clients, deals for
bookings, batch reads for reconciliation, and the OAuth 2.0 token endpoint. Implements
:class:`integrations.crm.Crm` and :class:`integrations.crm.CrmAuth`; knows nothing of Temporal
or FastAPI.

The SDK is blocking (urllib3), so every call runs in a thread. ``host`` points the SDK at
another base URL (tests use a local stub that speaks HubSpot's wire format). The SDK's own
retries are off: a retry is the caller's decision. Failures are the shared family of
``integrations/errors.py``: :class:`RateLimited` (429, with ``retry_after``),
:class:`Unauthorized` (401/403: the token was revoked or lacks a scope), :class:`Rejected`
(another 4xx: HubSpot refused the data, ``message`` is HubSpot's own), :class:`Unavailable`
(5xx, timeouts, connection errors).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlencode

from hubspot import HubSpot
from hubspot.crm.companies import BatchReadInputSimplePublicObjectId as CompanyBatchRead
from hubspot.crm.companies import PublicObjectSearchRequest as CompanySearch
from hubspot.crm.companies import SimplePublicObjectInput as CompanyInput
from hubspot.crm.companies import SimplePublicObjectInputForCreate as CompanyCreate
from hubspot.crm.contacts import BatchReadInputSimplePublicObjectId as ContactBatchRead
from hubspot.crm.contacts import PublicObjectSearchRequest as ContactSearch
from hubspot.crm.contacts import SimplePublicObjectInput as ContactInput
from hubspot.crm.contacts import SimplePublicObjectInputForCreate as ContactCreate
from hubspot.crm.deals import BatchReadInputSimplePublicObjectId as DealBatchRead
from hubspot.crm.deals import SimplePublicObjectInput as DealInput
from hubspot.crm.deals import SimplePublicObjectInputForCreate as DealCreate

from integrations.crm import ApiUsage, Company, Crm, CrmAuth, CrmFactory, Deal, ObjectType
from integrations.errors import (
    IntegrationError,
    RateLimited,
    Rejected,
    Unauthorized,
    Unavailable,
)
from integrations.oauth import OAuthApp, TokenCredentials, Tokens

PROVIDER = "hubspot"
HUBSPOT_API_BASE_URL = "https://api.hubapi.com"
HUBSPOT_APP_BASE_URL = "https://app.hubspot.com"  # where the install (consent) page is
BATCH_READ_LIMIT = 100  # ids per batch read, HubSpot's own maximum
# The scopes the syncs need (the app's install URL asks for these).
SCOPES = (
    "crm.objects.companies.read",
    "crm.objects.companies.write",
    "crm.objects.contacts.read",
    "crm.objects.contacts.write",
    "crm.objects.deals.read",
    "crm.objects.deals.write",
)
T = TypeVar("T")

# Our booking status → a stage of HubSpot's default sales pipeline.
DEAL_STAGES: dict[str, str] = {
    "held": "appointmentscheduled",
    "pending_approval": "qualifiedtobuy",
    "confirmed": "contractsent",
    "completed": "closedwon",
    "cancelled": "closedlost",
    "expired": "closedlost",
    "no_show": "closedlost",
}
DEFAULT_DEAL_STAGE = "appointmentscheduled"


def _message(body: Any) -> str:
    """HubSpot's own words: the ``message`` of its JSON error body."""
    try:
        parsed = json.loads(body or b"{}")
    except (TypeError, ValueError):
        return str(body or "")[:300]
    return str(parsed.get("message") or parsed.get("category") or "")[:500]


def _retry_after(headers: Any) -> int:
    try:
        value = dict(headers or {}).get("Retry-After") or dict(headers or {}).get("retry-after")
        return max(1, int(str(value)))
    except (TypeError, ValueError):
        return 10


def _translate(exc: Exception) -> IntegrationError:
    status = getattr(exc, "status", None)
    if not isinstance(status, int) or status == 0:
        return Unavailable(f"HubSpot is unreachable: {type(exc).__name__}", provider=PROVIDER)
    body = getattr(exc, "body", None)
    if status == 429:
        return RateLimited(_retry_after(getattr(exc, "headers", None)), provider=PROVIDER)
    if status in (401, 403):
        return Unauthorized(
            _message(body) or "HubSpot rejected the access token", provider=PROVIDER, status=status
        )
    if 400 <= status < 500:
        return Rejected(
            _message(body) or f"HubSpot answered {status}", provider=PROVIDER, status=status
        )
    return Unavailable(f"HubSpot answered {status}", provider=PROVIDER, status=status)


class HubSpotCrm:
    """The CRM calls syncs need, bound to one private-app or OAuth access token."""

    def __init__(self, access_token: str, *, host: str = HUBSPOT_API_BASE_URL) -> None:
        self._client = HubSpot(access_token=access_token, host=host.rstrip("/"))

    async def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            return await asyncio.to_thread(fn, *args, **kwargs)
        except IntegrationError:
            raise
        except Exception as exc:  # the SDK raises per-package ApiException classes or urllib3's
            raise _translate(exc) from None

    def deal_stage_for(self, status: str) -> str:
        return DEAL_STAGES.get(status, DEFAULT_DEAL_STAGE)

    def api_usage(self) -> ApiUsage | None:
        return None  # HubSpot's limits are per second: its 429s say when to come back

    async def check_token(self) -> None:
        """Raise :class:`Unauthorized` unless the token may read companies."""
        await self._call(self._client.crm.companies.basic_api.get_page, limit=1)

    async def _exists(self, getter: Callable[..., Any], object_id: str) -> bool:
        try:
            await self._call(getter, object_id)
        except Rejected as exc:
            if exc.status == 404:
                return False
            raise
        return True

    async def upsert_company(self, company: Company, *, known_id: str | None) -> str:
        """Update the mapped company; else the one with this domain; else create one."""
        api = self._client.crm.companies
        properties = {"name": company.name}
        if company.domain:
            properties["domain"] = company.domain
        target = (
            known_id if known_id and await self._exists(api.basic_api.get_by_id, known_id) else None
        )
        if target is None and company.domain:
            found = await self._call(
                api.search_api.do_search,
                CompanySearch(
                    filter_groups=[
                        {
                            "filters": [
                                {
                                    "propertyName": "domain",
                                    "operator": "EQ",
                                    "value": company.domain,
                                }
                            ]
                        }
                    ],
                    limit=1,
                ),
            )
            target = found.results[0].id if found.results else None
        if target is not None:
            await self._call(api.basic_api.update, target, CompanyInput(properties=properties))
            return str(target)
        created = await self._call(api.basic_api.create, CompanyCreate(properties=properties))
        return str(created.id)

    async def upsert_contact(
        self,
        *,
        email: str,
        name: str,
        known_id: str | None,
        key: str = "",
        company_id: str | None = None,
    ) -> str:
        """Update the mapped contact; else the one with this e-mail; else create one (HubSpot
        matches by e-mail: ``key`` and ``company_id`` are not used)."""
        api = self._client.crm.contacts
        first, _, last = name.partition(" ")
        properties = {"email": email, "firstname": first, "lastname": last}
        target = (
            known_id if known_id and await self._exists(api.basic_api.get_by_id, known_id) else None
        )
        if target is None:
            found = await self._call(
                api.search_api.do_search,
                ContactSearch(
                    filter_groups=[
                        {"filters": [{"propertyName": "email", "operator": "EQ", "value": email}]}
                    ],
                    limit=1,
                ),
            )
            target = found.results[0].id if found.results else None
        if target is not None:
            await self._call(api.basic_api.update, target, ContactInput(properties=properties))
            return str(target)
        created = await self._call(api.basic_api.create, ContactCreate(properties=properties))
        return str(created.id)

    async def batch_read(self, object_type: ObjectType, ids: Sequence[str]) -> dict[str, str]:
        """Which of ``ids`` still exist, each with its ``dealstage`` (deals) or ``""``: one
        call per :data:`BATCH_READ_LIMIT` ids. A missing object is simply absent (HubSpot
        answers 207 with an ``OBJECT_NOT_FOUND`` error for it)."""
        api, request, properties = {
            "deal": (self._client.crm.deals, DealBatchRead, ["dealstage"]),
            "company": (self._client.crm.companies, CompanyBatchRead, ["name"]),
            "contact": (self._client.crm.contacts, ContactBatchRead, ["email"]),
        }[object_type]
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), BATCH_READ_LIMIT):
            chunk = unique[start : start + BATCH_READ_LIMIT]
            answer = await self._call(
                api.batch_api.read,
                request(
                    inputs=[{"id": object_id} for object_id in chunk],
                    properties=properties,
                    properties_with_history=[],
                ),
            )
            for obj in answer.results or []:
                found[str(obj.id)] = str((obj.properties or {}).get("dealstage") or "")
        return found

    async def upsert_deal(self, deal: Deal, *, known_id: str | None) -> str:
        """Update the mapped deal (stage follows the booking); recreate it when it was deleted
        in HubSpot."""
        api = self._client.crm.deals
        properties = {
            "dealname": deal.name,
            "dealstage": deal.stage,
            "pipeline": "default",
            "amount": deal.amount,
            "deal_currency_code": deal.currency,
            "closedate": deal.close_date,
        }
        if not deal.amount:  # no single value (a batch in several currencies): leave it unset
            del properties["amount"], properties["deal_currency_code"]
        if known_id and await self._exists(api.basic_api.get_by_id, known_id):
            await self._call(api.basic_api.update, known_id, DealInput(properties=properties))
            return known_id
        associations = (
            [
                {
                    "to": {"id": deal.company_id},
                    "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 5}],
                }
            ]
            if deal.company_id
            else None
        )
        created = await self._call(
            api.basic_api.create, DealCreate(properties=properties, associations=associations)
        )
        return str(created.id)


# mypy holds the adapter to the protocol the syncs are written against.
_SATISFIES_CRM: type[Crm] = HubSpotCrm


def hubspot_factory(host: str = HUBSPOT_API_BASE_URL) -> CrmFactory:
    def make(credentials: TokenCredentials, settings: Mapping[str, object]) -> HubSpotCrm:
        return HubSpotCrm(credentials.access_token, host=host)

    return make


def _oauth_error(exc: Exception) -> IntegrationError:
    """HubSpot's token endpoint answers a bad code or refresh token with 400 (``BAD_AUTH_CODE``,
    ``BAD_REFRESH_TOKEN``, ``invalid_grant``): the authorization is gone, not the request."""
    error = _translate(exc)
    if isinstance(error, Rejected) and error.status == 400:
        return Unauthorized(error.message, provider=PROVIDER, status=400)
    return error


class HubSpotOAuth:
    """HubSpot's OAuth 2.0: the app's install URL (the consent page on ``app_host``), and the
    token endpoint (``/oauth/v1/token`` on ``host``): authorization codes from the install
    redirect exchanged for tokens, and access tokens (30 minutes) refreshed. HubSpot keeps the
    refresh token until the app is uninstalled; the one it returns is kept anyway, should it
    ever rotate."""

    def __init__(
        self, host: str = HUBSPOT_API_BASE_URL, *, app_host: str = HUBSPOT_APP_BASE_URL
    ) -> None:
        self._client = HubSpot(host=host.rstrip("/"))
        self._app_host = app_host.rstrip("/")

    def authorization_url(self, app: OAuthApp, state: str, scopes: Sequence[str] = SCOPES) -> str:
        """Where to send the browser: HubSpot asks the user to pick an account and grant
        ``scopes``, then redirects to ``app.redirect_uri`` with ``code`` and ``state``."""
        query = urlencode(
            {
                "client_id": app.client_id,
                "redirect_uri": app.redirect_uri,
                "scope": " ".join(scopes),
                "state": state,
            }
        )
        return f"{self._app_host}/oauth/authorize?{query}"

    async def _token(self, **form: str) -> Tokens:
        try:
            answer = await asyncio.to_thread(self._client.oauth.tokens_api.create, **form)
        except Exception as exc:  # the SDK's ApiException, or urllib3's errors
            raise _oauth_error(exc) from None
        return Tokens(
            access_token=str(answer.access_token),
            refresh_token=str(answer.refresh_token or form.get("refresh_token") or ""),
            expires_at=datetime.now(UTC) + timedelta(seconds=int(answer.expires_in or 1800)),
        )

    async def exchange_code(self, app: OAuthApp, code: str) -> Tokens:
        return await self._token(
            grant_type="authorization_code",
            code=code,
            redirect_uri=app.redirect_uri,
            client_id=app.client_id,
            client_secret=app.client_secret,
        )

    async def refresh(self, app: OAuthApp, refresh_token: str) -> Tokens:
        return await self._token(
            grant_type="refresh_token",
            refresh_token=refresh_token,
            redirect_uri=app.redirect_uri,
            client_id=app.client_id,
            client_secret=app.client_secret,
        )


_SATISFIES_CRM_AUTH: type[CrmAuth] = HubSpotOAuth
