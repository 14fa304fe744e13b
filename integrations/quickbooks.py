"""QuickBooks Online through python-quickbooks (accounting API) and intuit-oauth (tokens).
Knows nothing of Temporal or FastAPI.

Both SDKs are blocking (requests), so every call runs in a thread. Where they talk to is
configurable without touching their internals: intuit-oauth's ``AuthClient`` takes a discovery
document URL as its ``environment`` (the token endpoint is read from it), and a ``QuickBooks``
client's ``api_url_v3`` is an ordinary attribute. Tests point both at a local stub.

The ``QuickBooks`` client gets a plain ``requests`` session carrying the bearer token (all its
``process_request`` needs) rather than an ``OAuth2Session``: token refresh is ours to do and to
persist (Intuit rotates refresh tokens), and a response hook on that session classifies
answers by HTTP status before the SDK folds them into exceptions that lose the status and the
``Retry-After`` header.

``QuickBooksAccounting`` implements :class:`integrations.accounting.Accounting`. Failures are
the shared family of ``integrations/errors.py``: :class:`RateLimited` (429, with
``retry_after``), :class:`Unauthorized` (401/403, or a refresh token Intuit no longer
accepts), :class:`Rejected` (a QuickBooks ``Fault``: ``message`` is QuickBooks' own words,
``code`` its error code), :class:`Unavailable` (5xx, timeouts, connection errors).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal, TypeVar

import requests
from intuitlib.client import AuthClient
from intuitlib.config import DISCOVERY_URL
from intuitlib.enums import Scopes
from intuitlib.exceptions import AuthClientError
from quickbooks import QuickBooks
from quickbooks.exceptions import QuickbooksException
from quickbooks.objects.company_info import CompanyInfo
from quickbooks.objects.customer import Customer
from quickbooks.objects.invoice import Invoice

from integrations.accounting import Accounting, InvoiceDraft, InvoiceState
from integrations.errors import (
    IntegrationError,
    RateLimited,
    Rejected,
    Unauthorized,
    Unavailable,
)
from integrations.oauth import OAuthApp, Tokens

PROVIDER = "quickbooks"
MINOR_VERSION = 75  # the oldest minor version Intuit still serves
REQUEST_TIMEOUT = 30.0
OBJECT_NOT_FOUND = "610"  # the Fault code QuickBooks answers a read of a missing object with
Environment = Literal["production", "sandbox"]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class QuickBooksEndpoints:
    """Where one Intuit environment lives: the accounting API and the OpenID discovery document
    (which names the token endpoint)."""

    api_url: str
    discovery_url: str


PRODUCTION = QuickBooksEndpoints(QuickBooks.api_url_v3, DISCOVERY_URL["production"])
SANDBOX = QuickBooksEndpoints(QuickBooks.sandbox_api_url_v3, DISCOVERY_URL["sandbox"])


# The Intuit developer app the tokens were issued to (refreshing needs its secret).
IntuitApp = OAuthApp


@dataclass(frozen=True, slots=True)
class Company:
    realm_id: str
    name: str
    country: str | None


def _retry_after(headers: Any) -> int:
    try:
        return max(1, int(str(headers.get("Retry-After"))))
    except (TypeError, ValueError):
        return 60  # Intuit's throttle window is a minute when it names none


def _classify(response: requests.Response, *_args: Any, **_kwargs: Any) -> requests.Response:
    """Response hook: raise for what must keep its HTTP status; leave Faults to the SDK."""
    status = response.status_code
    if status == 429:
        raise RateLimited(_retry_after(response.headers), provider=PROVIDER)
    if status in (401, 403):
        raise Unauthorized(
            f"QuickBooks refused the access token ({status}): {_fault_text(response.text)}",
            provider=PROVIDER,
            status=status,
        )
    if status >= 500:
        raise Unavailable(f"QuickBooks answered {status}", provider=PROVIDER, status=status)
    return response


def _fault_text(body: str) -> str:
    """QuickBooks' own words from a ``Fault`` body (Message and Detail), else the raw body.
    Authentication faults spell the keys in lower case."""
    try:
        parsed = json.loads(body)
        fault = parsed.get("Fault") or parsed.get("fault")
        errors = fault.get("Error") or fault.get("error")
        parts = [
            ": ".join(
                str(p)
                for p in (e.get("Message") or e.get("message"), e.get("Detail") or e.get("detail"))
                if p
            )
            for e in errors
        ]
        return "; ".join(parts)[:800]
    except (ValueError, KeyError, TypeError, AttributeError):
        return body[:300]


class _BearerSession(requests.Session):
    """What ``QuickBooks.process_request`` needs of a session, with a default timeout."""

    def __init__(self, access_token: str, timeout: float) -> None:
        super().__init__()
        self.access_token = access_token
        self._timeout = timeout
        self.hooks["response"].append(_classify)

    def request(self, method: str, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", self._timeout)
        return super().request(method, url, *args, **kwargs)


class _TimedAuthClient(AuthClient):
    """intuit-oauth's client (itself a requests session) with a default timeout."""

    timeout = REQUEST_TIMEOUT

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, url, *args, **kwargs)


def _translate(exc: Exception) -> IntegrationError:
    if isinstance(exc, IntegrationError):
        return exc
    if isinstance(exc, QuickbooksException):
        words = ": ".join(str(p) for p in (exc.message, exc.detail) if p)
        code = str(exc.error_code) if isinstance(exc.error_code, int) else None
        return Rejected(
            words[:800] or "QuickBooks refused the request",
            provider=PROVIDER,
            status=400,
            code=code,
        )
    if isinstance(exc, requests.RequestException):
        return Unavailable(f"QuickBooks is unreachable: {type(exc).__name__}", provider=PROVIDER)
    raise exc


async def _in_thread(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        return await asyncio.to_thread(fn, *args, **kwargs)
    except (IntegrationError, QuickbooksException, requests.RequestException) as exc:
        raise _translate(exc) from None


def _state(invoice: Invoice) -> InvoiceState:
    currency = getattr(invoice.CurrencyRef, "value", None) if invoice.CurrencyRef else None
    return InvoiceState(
        id=str(invoice.Id),
        doc_number=str(invoice.DocNumber or ""),
        total=Decimal(str(invoice.TotalAmt or 0)),
        balance=Decimal(str(invoice.Balance or 0)),
        currency=currency,
    )


class QuickBooksAccounting:
    """The accounting calls invoicing needs, for one company (realm) and one access token."""

    def __init__(self, *, realm_id: str, access_token: str, api_url: str, timeout: float) -> None:
        client = QuickBooks(company_id=realm_id, minorversion=MINOR_VERSION)
        client.api_url_v3 = api_url.rstrip("/")
        client.sandbox = False  # api_url already names the environment
        client.session = _BearerSession(access_token, timeout)
        self._client = client
        self.realm_id = realm_id

    async def company(self) -> Company:
        """The company the token opens (the connect-time check)."""
        info = await _in_thread(CompanyInfo.get, self.realm_id, qb=self._client)
        return Company(
            realm_id=self.realm_id,
            name=str(info.CompanyName or ""),
            country=getattr(info, "Country", None),
        )

    async def _exists(self, getter: Callable[..., Any], object_id: str) -> Any | None:
        try:
            return await _in_thread(getter, object_id, qb=self._client)
        except Rejected as exc:
            if exc.code != OBJECT_NOT_FOUND:
                raise
            return None

    async def upsert_customer(
        self, *, known_id: str | None, name: str, email: str | None, currency: str
    ) -> str:
        """The mapped customer if it still exists; else one with this DisplayName, else one
        with this e-mail; else a new customer in ``currency`` (fixed for life in QuickBooks)."""
        if known_id and await self._exists(Customer.get, known_id) is not None:
            return known_id
        for field, value in (("DisplayName", name), ("PrimaryEmailAddr", email)):
            if value:
                found = await _in_thread(
                    Customer.filter, max_results=1, qb=self._client, **{field: value}
                )
                if found:
                    return str(found[0].Id)
        body: dict[str, Any] = {
            "DisplayName": name[:500],
            "CompanyName": name[:100],
            "CurrencyRef": {"value": currency},
        }
        if email:
            body["PrimaryEmailAddr"] = {"Address": email}
        created = await _in_thread(self._client.create_object, "Customer", json.dumps(body))
        return str(created["Customer"]["Id"])

    async def find_invoice(self, doc_number: str) -> InvoiceState | None:
        found = await _in_thread(
            Invoice.filter, max_results=1, qb=self._client, DocNumber=doc_number
        )
        return _state(found[0]) if found else None

    async def invoice(self, invoice_id: str) -> InvoiceState | None:
        found = await self._exists(Invoice.get, invoice_id)
        return _state(found) if found is not None else None

    async def create_invoice(self, draft: InvoiceDraft) -> InvoiceState:
        """Create the invoice. ``requestid`` is derived from the document number, so a request
        QuickBooks has seen before is answered with its first outcome rather than run again."""
        body = {
            "CustomerRef": {"value": draft.customer_id},
            "CurrencyRef": {"value": draft.currency},
            "DocNumber": draft.doc_number,
            "PrivateNote": draft.private_note,
            "TxnDate": draft.txn_date,
            "Line": [
                {
                    "DetailType": "SalesItemLineDetail",
                    "Amount": str(line.amount),
                    "Description": line.description[:4000],
                    "SalesItemLineDetail": {
                        "ItemRef": {"value": draft.item_id},
                        "Qty": str(line.hours),
                        "UnitPrice": str(line.rate),
                        "ServiceDate": line.service_date,
                    },
                }
                for line in draft.lines
            ],
        }
        created = await _in_thread(
            self._client.create_object,
            "Invoice",
            json.dumps(body),
            request_id=f"auditoryx-{draft.doc_number}{draft.request_suffix}",
        )
        return _state(Invoice.from_json(created["Invoice"]))


def _tokens(client: AuthClient, now: datetime) -> Tokens:
    refresh_expires = getattr(client, "x_refresh_token_expires_in", None)
    return Tokens(
        access_token=str(client.access_token),
        refresh_token=str(client.refresh_token),
        expires_at=now + timedelta(seconds=int(client.expires_in or 3600)),
        refresh_expires_at=(
            now + timedelta(seconds=int(refresh_expires)) if refresh_expires else None
        ),
    )


def _oauth_error(exc: AuthClientError) -> IntegrationError:
    status = int(exc.status_code)
    if status == 429:
        return RateLimited(_retry_after(exc.headers), provider=PROVIDER)
    if status >= 500:
        return Unavailable(
            f"Intuit's token endpoint answered {status}", provider=PROVIDER, status=status
        )
    try:
        body = json.loads(exc.content or b"{}")
        reason = str(body.get("error_description") or body.get("error") or "")
    except (ValueError, AttributeError):
        reason = ""
    return Unauthorized(
        f"Intuit refused the token request ({reason or status})", provider=PROVIDER, status=status
    )


class QuickBooksGateway:
    """Builds clients for an environment and runs the OAuth token requests."""

    def __init__(
        self,
        *,
        production: QuickBooksEndpoints = PRODUCTION,
        sandbox: QuickBooksEndpoints = SANDBOX,
        timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        self._endpoints = {"production": production, "sandbox": sandbox}
        self._timeout = timeout

    def accounting(
        self, environment: Environment, *, realm_id: str, access_token: str
    ) -> QuickBooksAccounting:
        return QuickBooksAccounting(
            realm_id=realm_id,
            access_token=access_token,
            api_url=self._endpoints[environment].api_url,
            timeout=self._timeout,
        )

    def _auth_client(self, environment: Environment, app: IntuitApp) -> AuthClient:
        # ``environment`` may be a discovery URL: the library reads the token endpoint there.
        return _TimedAuthClient(
            app.client_id,
            app.client_secret,
            app.redirect_uri,
            self._endpoints[environment].discovery_url,
        )

    def _token_request(
        self, environment: Environment, app: IntuitApp, call: Callable[[AuthClient], None]
    ) -> Tokens:
        try:
            client = self._auth_client(environment, app)
            call(client)
        except AuthClientError as exc:
            raise _oauth_error(exc) from None
        except requests.RequestException as exc:
            raise Unavailable(
                f"Intuit's token endpoint is unreachable: {type(exc).__name__}", provider=PROVIDER
            ) from None
        return _tokens(client, datetime.now(UTC))

    async def refresh(self, environment: Environment, app: IntuitApp, refresh_token: str) -> Tokens:
        """New tokens for a refresh token. Intuit may rotate the refresh token: always keep the
        one returned here."""
        return await asyncio.to_thread(
            self._token_request, environment, app, lambda c: c.refresh(refresh_token=refresh_token)
        )

    async def authorization_url(self, environment: Environment, app: IntuitApp, state: str) -> str:
        """Where to send the user to grant this app access to a company (Intuit's consent
        page, from the discovery document); Intuit comes back to ``app.redirect_uri`` with
        ``code``, ``realmId`` and ``state``."""

        def build() -> str:
            try:
                client = self._auth_client(environment, app)
            except (requests.RequestException, AuthClientError) as exc:
                raise Unavailable(
                    f"Intuit's discovery document is unreachable: {type(exc).__name__}",
                    provider=PROVIDER,
                ) from None
            return str(client.get_authorization_url([Scopes.ACCOUNTING], state_token=state))

        return await asyncio.to_thread(build)

    async def exchange_code(
        self, environment: Environment, app: IntuitApp, code: str, realm_id: str
    ) -> Tokens:
        """Tokens for an authorization code from Intuit's consent redirect."""
        return await asyncio.to_thread(
            self._token_request,
            environment,
            app,
            lambda c: c.get_bearer_token(code, realm_id=realm_id),
        )


# mypy holds the adapter to the protocol invoicing is written against.
_SATISFIES_ACCOUNTING: type[Accounting] = QuickBooksAccounting
