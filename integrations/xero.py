"""Xero through xero-python (accounting, identity and token APIs). Knows nothing of Temporal or
FastAPI.

The SDK is blocking (urllib3), so every call runs in a thread. Where it talks to is
configurable without touching its internals: ``AccountingApi`` and ``IdentityApi`` take a
``base_url``, and the token endpoint is an attribute of ``TokenApi``. Tests point all three at
a local stub.

Token refresh is ours to do and to persist (Xero rotates refresh tokens on every refresh): the
SDK's ``OAuth2Token`` is handed a token without an expiry, so it never refreshes on its own.
A Xero connection is one *tenant* (organisation) among those the user's consent opened:
``GET /connections`` lists them, and every accounting call names the chosen one.

``XeroAccounting`` implements :class:`integrations.accounting.Accounting`. Failures are the
shared family of ``integrations/errors.py``: :class:`RateLimited` (429, with the
``Retry-After`` Xero sends, or the day's allowance used up as ``X-DayLimit-Remaining`` said),
:class:`Unauthorized` (401/403, or a refresh token Xero no longer accepts), :class:`Rejected`
(a validation error: ``message`` is Xero's own words), :class:`Unavailable` (5xx, timeouts,
connection errors). The last rate-limit headers seen are kept on :attr:`XeroAccounting.limits`
for the caller to record on the connection.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar
from urllib.parse import urlencode

import urllib3
from xero_python.accounting import AccountingApi
from xero_python.accounting.models import (
    Contact,
    Contacts,
    CurrencyCode,
    Invoice,
    Invoices,
    LineAmountTypes,
    LineItem,
)
from xero_python.api_client import ApiClient
from xero_python.api_client.configuration import Configuration
from xero_python.api_client.oauth2 import OAuth2Token, TokenApi
from xero_python.exceptions import ApiException
from xero_python.identity import IdentityApi

from integrations.accounting import Accounting, InvoiceDraft, InvoiceState
from integrations.errors import IntegrationError, RateLimited, Rejected, Unauthorized, Unavailable
from integrations.oauth import OAuthApp, Tokens

PROVIDER = "xero"
SCOPES = ("offline_access", "accounting.transactions", "accounting.contacts")
REQUEST_TIMEOUT = 30.0
DAY = 24 * 3600
GONE = frozenset({"DELETED", "VOIDED"})  # an invoice in these states no longer bills anything
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class XeroEndpoints:
    """Where Xero lives: the accounting API, the identity API (``/connections``), the token
    endpoint and the consent page."""

    api_url: str = AccountingApi.base_url
    identity_url: str = IdentityApi.base_url
    token_url: str = TokenApi.refresh_token_url
    authorize_url: str = "https://login.xero.com/identity/connect/authorize"


@dataclass(frozen=True, slots=True)
class Tenant:
    tenant_id: str
    name: str
    tenant_type: str


@dataclass(frozen=True, slots=True)
class RateLimits:
    """What Xero's last answer said is left of the tenant's allowances."""

    day_remaining: int | None = None
    minute_remaining: int | None = None

    def as_settings(self) -> dict[str, int | None]:
        return {"day_remaining": self.day_remaining, "minute_remaining": self.minute_remaining}


def _header_int(headers: Any, name: str) -> int | None:
    try:
        value = headers.get(name) if headers is not None else None
        return int(str(value)) if value is not None else None
    except (TypeError, ValueError):
        return None


def _limits(headers: Any) -> RateLimits:
    return RateLimits(
        _header_int(headers, "X-DayLimit-Remaining"), _header_int(headers, "X-MinLimit-Remaining")
    )


def _validation_text(body: Any) -> str:
    """Xero's own words from an error body: the validation errors of every element (its
    ``ValidationException`` format), else its ``Message``/``Detail``, else the raw body."""
    try:
        parsed = json.loads(body)
        words = [
            str(error["Message"])
            for element in parsed.get("Elements") or []
            for error in element.get("ValidationErrors") or []
        ]
        words = words or [str(parsed.get("Detail") or parsed.get("Message") or "")]
        return "; ".join(w for w in words if w)[:800] or str(body)[:300]
    except (ValueError, KeyError, TypeError, AttributeError):
        return str(body or "")[:300]


def _translate(exc: ApiException, what: str = "Xero") -> IntegrationError:
    status = int(exc.status or 0)
    headers = exc.headers
    if status == 429:
        retry_after = _header_int(headers, "Retry-After")
        return RateLimited(max(1, retry_after or 60), provider=PROVIDER)
    if status in (401, 403):
        return Unauthorized(
            f"{what} refused the access token ({status}): {_validation_text(exc.body)}",
            provider=PROVIDER,
            status=status,
        )
    if status == 0 or status >= 500:
        return Unavailable(
            f"{what} answered {status or 'nothing'}", provider=PROVIDER, status=status
        )
    return Rejected(
        _validation_text(exc.body) or f"{what} refused the request",
        provider=PROVIDER,
        status=status,
    )


async def _in_thread(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        return await asyncio.to_thread(fn, *args, **kwargs)
    except ApiException as exc:
        raise _translate(exc) from None
    except urllib3.exceptions.HTTPError as exc:
        raise Unavailable(f"Xero is unreachable: {type(exc).__name__}", provider=PROVIDER) from None


def _client(access_token: str | None, timeout: float) -> ApiClient:
    """An SDK client carrying ``access_token`` (none for token requests), never refreshing."""
    configuration = Configuration(oauth2_token=OAuth2Token())
    token = {
        "access_token": access_token,
        "token_type": "Bearer",
        "scope": list(SCOPES),
        "expires_in": None,
        "expires_at": None,
    }
    client = ApiClient(configuration, oauth2_token_getter=lambda: token)
    # No urllib3 retries: it would sleep out a 429's Retry-After in the worker's thread, where
    # Temporal's retry after that delay is what should happen.
    pool = client.rest_client.pool_manager.connection_pool_kw
    pool["timeout"], pool["retries"] = urllib3.Timeout(timeout), False
    return client


def _state(invoice: Invoice) -> InvoiceState:
    currency = getattr(invoice.currency_code, "value", invoice.currency_code)
    return InvoiceState(
        id=str(invoice.invoice_id),
        doc_number=str(invoice.invoice_number or ""),
        total=Decimal(str(invoice.total or 0)),
        balance=Decimal(str(invoice.amount_due or 0)),
        currency=str(currency) if currency else None,
    )


def _currency(code: str) -> CurrencyCode:
    try:
        return CurrencyCode(code)
    except ValueError:
        raise Rejected(f"Xero does not know the currency {code}", provider=PROVIDER) from None


def _quoted(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


class XeroAccounting:
    """The accounting calls invoicing needs, for one tenant and one access token."""

    def __init__(self, *, tenant_id: str, access_token: str, api_url: str, timeout: float) -> None:
        self._api = AccountingApi(_client(access_token, timeout), base_url=api_url.rstrip("/"))
        self._timeout = timeout
        self.tenant_id = tenant_id
        self.limits = RateLimits()

    async def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """One SDK call for the tenant, keeping the rate-limit headers of its answer. A day's
        allowance Xero said is used up is not spent on a call bound to be refused."""
        if self.limits.day_remaining == 0:
            raise RateLimited(DAY // 24, provider=PROVIDER)
        try:
            data, _status, headers = await asyncio.to_thread(
                method,
                self.tenant_id,
                *args,
                _return_http_data_only=False,
                _request_timeout=self._timeout,
                **kwargs,
            )
        except ApiException as exc:
            self.limits = _limits(exc.headers) if exc.headers else self.limits
            raise _translate(exc) from None
        except urllib3.exceptions.HTTPError as exc:
            raise Unavailable(
                f"Xero is unreachable: {type(exc).__name__}", provider=PROVIDER
            ) from None
        self.limits = _limits(headers)
        return data

    async def upsert_customer(
        self, *, known_id: str | None, name: str, email: str | None, currency: str
    ) -> str:
        """The mapped contact if it still exists; else one with this name (unique in Xero),
        else one with this e-mail; else a new contact paying in ``currency``."""
        if known_id:
            try:
                found = await self._call(self._api.get_contact, known_id)
                if found.contacts and found.contacts[0].contact_status != "ARCHIVED":
                    return known_id
            except Rejected as exc:
                if exc.status != 404:
                    raise
        for field, value in (("Name", name), ("EmailAddress", email)):
            if value:
                found = await self._call(
                    self._api.get_contacts, where=f'{field}=="{_quoted(value)}"', page=1
                )
                if found.contacts:
                    return str(found.contacts[0].contact_id)
        contact = Contact(
            name=name[:255], email_address=email, default_currency=_currency(currency)
        )
        created = await self._call(
            self._api.create_contacts, Contacts(contacts=[contact]), summarize_errors=True
        )
        return str(created.contacts[0].contact_id)

    async def find_invoice(self, doc_number: str) -> InvoiceState | None:
        found = await self._call(self._api.get_invoices, invoice_numbers=[doc_number], page=1)
        live = [i for i in found.invoices or [] if str(i.status) not in GONE]
        return _state(live[0]) if live else None

    async def invoice(self, invoice_id: str) -> InvoiceState | None:
        """The invoice's state; ``None`` when it was deleted or voided in Xero."""
        try:
            found = await self._call(self._api.get_invoice, invoice_id)
        except Rejected as exc:
            if exc.status != 404:
                raise
            return None
        invoice = (found.invoices or [None])[0]
        if invoice is None or str(getattr(invoice.status, "value", invoice.status)) in GONE:
            return None
        return _state(invoice)

    async def create_invoice(self, draft: InvoiceDraft) -> InvoiceState:
        """Create the invoice, authorised (approved for sending). Its ``Idempotency-Key`` is
        derived from the document number, so a request Xero has seen before is answered with
        its first outcome rather than run again."""
        invoice = Invoice(
            type="ACCREC",
            contact=Contact(contact_id=draft.customer_id),
            currency_code=_currency(draft.currency),
            invoice_number=draft.doc_number,
            reference=draft.private_note[:255],
            date=datetime.fromisoformat(draft.txn_date).date(),
            due_date=datetime.fromisoformat(draft.txn_date).date() + timedelta(days=30),
            status="AUTHORISED",
            line_amount_types=LineAmountTypes.NOTAX,
            line_items=[
                LineItem(
                    description=line.description[:4000],
                    quantity=float(line.hours),
                    unit_amount=float(line.rate),
                    line_amount=float(line.amount),
                    account_code=draft.item_id,
                )
                for line in draft.lines
            ],
        )
        created = await self._call(
            self._api.create_invoices,
            Invoices(invoices=[invoice]),
            summarize_errors=True,
            idempotency_key=f"auditoryx-{draft.doc_number}{draft.request_suffix}",
        )
        return _state(created.invoices[0])


class _TokenApi(TokenApi):
    """xero-python's token requests, at a configurable endpoint, plus the code exchange."""

    def __init__(self, api_client: ApiClient, app: OAuthApp, token_url: str) -> None:
        super().__init__(api_client, app.client_id, app.client_secret)
        self.refresh_token_url = token_url
        self._app = app

    def exchange_code(self, code: str) -> dict[str, Any]:
        response, _status, _headers = self.api_client.call_api(
            self.refresh_token_url,
            "POST",
            header_params={
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            post_params={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": self._app.redirect_uri,
                "client_id": self._app.client_id,
                "client_secret": self._app.client_secret,
            },
            auth_settings=None,
            _preload_content=False,
        )
        return dict(self.parse_token_response(response))


def _tokens(data: dict[str, Any], now: datetime) -> Tokens:
    return Tokens(
        access_token=str(data["access_token"]),
        refresh_token=str(data["refresh_token"]),
        expires_at=now + timedelta(seconds=int(data.get("expires_in") or 1800)),
    )


def _oauth_error(exc: ApiException) -> IntegrationError:
    status = int(exc.status or 0)
    if status == 429 or status == 0 or status >= 500:
        return _translate(exc, "Xero's token endpoint")
    try:
        body = json.loads(exc.body or b"{}")
        reason = str(body.get("error_description") or body.get("error") or "")
    except (ValueError, AttributeError):
        reason = ""
    return Unauthorized(
        f"Xero refused the token request ({reason or status})", provider=PROVIDER, status=status
    )


class XeroGateway:
    """Builds accounting clients for a tenant, lists the tenants a token opens and runs the
    OAuth token requests."""

    def __init__(
        self, endpoints: XeroEndpoints | None = None, *, timeout: float = REQUEST_TIMEOUT
    ) -> None:
        self._endpoints = endpoints or XeroEndpoints()
        self._timeout = timeout

    def accounting(self, *, tenant_id: str, access_token: str) -> XeroAccounting:
        return XeroAccounting(
            tenant_id=tenant_id,
            access_token=access_token,
            api_url=self._endpoints.api_url,
            timeout=self._timeout,
        )

    def authorization_url(self, app: OAuthApp, state: str) -> str:
        """Xero's consent page: the user logs in, picks the organisations to open and allows
        :data:`SCOPES`; Xero redirects to ``app.redirect_uri`` with ``code`` and ``state``."""
        query = urlencode(
            {
                "response_type": "code",
                "client_id": app.client_id,
                "redirect_uri": app.redirect_uri,
                "scope": " ".join(SCOPES),
                "state": state,
            }
        )
        return f"{self._endpoints.authorize_url}?{query}"

    async def tenants(self, access_token: str) -> list[Tenant]:
        """The organisations the token opens (``GET /connections``)."""
        api = IdentityApi(
            _client(access_token, self._timeout), base_url=self._endpoints.identity_url
        )
        connections = await _in_thread(api.get_connections, _request_timeout=self._timeout)
        return [
            Tenant(str(c.tenant_id), str(c.tenant_name or ""), str(c.tenant_type or ""))
            for c in connections or []
        ]

    def _token_request(self, app: OAuthApp, call: Callable[[_TokenApi], dict[str, Any]]) -> Tokens:
        api = _TokenApi(_client(None, self._timeout), app, self._endpoints.token_url)
        try:
            data = call(api)
        except ApiException as exc:
            raise _oauth_error(exc) from None
        except urllib3.exceptions.HTTPError as exc:
            raise Unavailable(
                f"Xero's token endpoint is unreachable: {type(exc).__name__}", provider=PROVIDER
            ) from None
        return _tokens(data, datetime.now(UTC))

    async def refresh(self, app: OAuthApp, refresh_token: str) -> Tokens:
        """New tokens for a refresh token. Xero rotates the refresh token: always keep the one
        returned here (the old one stops working)."""
        return await asyncio.to_thread(
            self._token_request, app, lambda api: api.refresh_token(refresh_token, list(SCOPES))
        )

    async def exchange_code(self, app: OAuthApp, code: str) -> Tokens:
        """Tokens for an authorization code from Xero's consent redirect."""
        return await asyncio.to_thread(
            self._token_request, app, lambda api: api.exchange_code(code)
        )


# mypy holds the adapter to the protocol invoicing is written against.
_SATISFIES_ACCOUNTING: type[Accounting] = XeroAccounting
