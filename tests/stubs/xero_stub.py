"""A Xero stand-in that speaks Xero's wire formats: the identity token endpoint (refresh tokens
rotate on every refresh, a revoked one answers ``invalid_grant``), ``GET /connections`` (the
tenants a token opens), and the Accounting API's Contacts, Invoices and Payments in Xero's
JSON shapes — PascalCase objects in a plural envelope, ``/Date(ms+0000)/`` dates, the
``ValidationException`` error body, ``Xero-Tenant-Id`` required and checked, 401 for a stale
access token, 429 with ``Retry-After`` when told to rate limit, and ``X-DayLimit-Remaining``
/ ``X-MinLimit-Remaining`` on every accounting answer. ``Idempotency-Key`` is honoured: a
create repeated with a key Xero has seen is answered with the first outcome.

Fault injection: :meth:`drop_after_create` makes the next invoice create commit and then drop
the connection without an answer, as a crash between Xero's write and ours would look."""

from __future__ import annotations

import itertools
import json
import re
import time
import uuid
from decimal import Decimal
from typing import Any

from tests.stubs import Recorded
from tests.stubs.oauth_provider import Dropped, OAuthProviderStub

TOKEN_PATH = "/connect/token"
API = "/api.xro/2.0"
WHERE = re.compile(r'^(\w+)=="((?:[^"\\]|\\.)*)"$')
XERO_DATE = "/Date(1764633600000+0000)/"
Response = tuple[int, dict[str, str], bytes]


class XeroStub(OAuthProviderStub):
    def __init__(self, *, client_id: str, client_secret: str, tenants: dict[str, str]) -> None:
        super().__init__()
        self.client = (client_id, client_secret)
        self.tenants = dict(tenants)  # tenant id → organisation name
        self.contacts: dict[str, dict[str, Any]] = {}
        self.invoices: dict[str, dict[str, Any]] = {}
        self.day_remaining = 5000
        self.minute_remaining = 60
        self._seen_keys: dict[str, Response] = {}
        self._numbers = itertools.count(1)

    # --- test controls -----------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return f"{self.base_url}{API}"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}{TOKEN_PATH}"

    def add_contact(self, name: str, email: str | None = None) -> str:
        contact_id = str(uuid.uuid4())
        with self._state:
            self.contacts[contact_id] = {
                "ContactID": contact_id,
                "Name": name,
                "EmailAddress": email or "",
                "ContactStatus": "ACTIVE",
            }
        return contact_id

    def pay(self, invoice_id: str, amount: str) -> None:
        """A payment recorded in Xero (as ``PUT /Payments`` would)."""
        with self._state:
            self._apply_payment(invoice_id, Decimal(amount))

    def delete(self, invoice_id: str) -> None:
        with self._state:
            self.invoices[invoice_id]["Status"] = "DELETED"

    def writes(self, resource: str) -> list[Recorded]:
        return self.recorded(
            lambda r: r.method in ("PUT", "POST") and r.path == f"{API}/{resource}"
        )

    # --- wire format ---------------------------------------------------------------------

    def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
        return (
            status,
            {"Content-Type": "application/json; charset=utf-8", **(headers or {})},
            json.dumps(body).encode(),
        )

    def _validation(self, element: dict[str, Any], *messages: str) -> Response:
        return self._json(
            400,
            {
                "ErrorNumber": 10,
                "Type": "ValidationException",
                "Message": "A validation exception occurred",
                "Elements": [{**element, "ValidationErrors": [{"Message": m} for m in messages]}],
            },
        )

    def respond(self, request: Recorded) -> Response:
        if request.path == TOKEN_PATH:
            return self._token(request)
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if token not in self.access_tokens:
            return self._json(
                401,
                {
                    "Type": None,
                    "Title": "Unauthorized",
                    "Status": 401,
                    "Detail": "TokenExpired: token expired",
                },
                {"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        if request.path.lower() == "/connections":
            return self._json(
                200,
                [
                    {
                        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, tenant_id)),
                        "tenantId": tenant_id,
                        "tenantType": "ORGANISATION",
                        "tenantName": name,
                        "createdDateUtc": "2026-11-30T10:00:00.0000000",
                        "updatedDateUtc": "2026-11-30T10:00:00.0000000",
                    }
                    for tenant_id, name in self.tenants.items()
                ],
            )
        if request.path.startswith(f"{API}/"):
            return self._api(request)
        return self._json(404, {"Title": "Not Found", "Status": 404})

    def _token(self, request: Recorded) -> Response:
        form = request.form()
        if (form.get("client_id"), form.get("client_secret")) != self.client:
            return self._json(400, {"error": "invalid_client"})
        with self._state:
            if form.get("grant_type") == "refresh_token":
                known = form.get("refresh_token") in self.refresh_tokens
                self.refresh_tokens.discard(form.get("refresh_token", ""))  # rotated
            elif form.get("grant_type") == "authorization_code":
                known = form.get("code") in self.codes
                self.codes.discard(form.get("code", ""))
            else:
                return self._json(400, {"error": "unsupported_grant_type"})
        if not known:
            return self._json(400, {"error": "invalid_grant"})
        access, refresh = self.issue()
        return self._json(
            200,
            {
                "id_token": "eyJ.id",
                "access_token": access,
                "expires_in": 1800,
                "token_type": "Bearer",
                "refresh_token": refresh,
                "scope": form.get("scope") or "offline_access accounting.transactions",
            },
        )

    def _limit_headers(self) -> dict[str, str]:
        return {
            "X-DayLimit-Remaining": str(self.day_remaining),
            "X-MinLimit-Remaining": str(self.minute_remaining),
            "X-AppMinLimit-Remaining": "9999",
        }

    def _api(self, request: Recorded) -> Response:
        tenant = request.headers.get("xero-tenant-id")
        if tenant not in self.tenants:
            return self._json(
                403,
                {
                    "Type": None,
                    "Title": "Forbidden",
                    "Status": 403,
                    "Detail": "AuthenticationUnsuccessful",
                },
            )
        rest = request.path.removeprefix(f"{API}/").split("/")
        with self._state:
            waits = self._limits.get(rest[0])
            if waits and request.method in ("PUT", "POST"):
                return self._json(
                    429,
                    {"Title": "Too Many Requests", "Status": 429},
                    {"Retry-After": str(waits.pop(0)), "X-Rate-Limit-Problem": "minute"},
                )
            if self.day_remaining <= 0:
                return self._json(
                    429,
                    {"Title": "Too Many Requests", "Status": 429},
                    {"Retry-After": "3600", "X-Rate-Limit-Problem": "day", **self._limit_headers()},
                )
            self.day_remaining -= 1
        key = request.headers.get("idempotency-key")
        if key is not None and request.method in ("PUT", "POST"):
            with self._state:
                if key in self._seen_keys:
                    return self._seen_keys[key]
        status, headers, body = self._route(request, rest)
        answer = (status, {**headers, **self._limit_headers()}, body)
        if key is not None and request.method in ("PUT", "POST") and status < 500:
            with self._state:
                self._seen_keys[key] = answer
        return answer

    def _route(self, request: Recorded, rest: list[str]) -> Response:
        resource = rest[0]
        if resource == "Contacts":
            time.sleep(self.customer_delay)
        if resource == "Contacts" and request.method == "GET":
            return self._list("Contacts", self.contacts, request, rest)
        if resource == "Contacts" and request.method in ("PUT", "POST"):
            return self._create_contacts(request.json())
        if resource == "Invoices" and request.method == "GET":
            return self._list("Invoices", self.invoices, request, rest)
        if resource == "Invoices" and request.method in ("PUT", "POST"):
            return self._create_invoices(request.json())
        if resource == "Payments" and request.method in ("PUT", "POST"):
            return self._create_payments(request.json())
        return self._json(404, {"Title": "Not Found", "Status": 404})

    def _list(
        self, name: str, store: dict[str, dict[str, Any]], request: Recorded, rest: list[str]
    ) -> Response:
        with self._state:
            if len(rest) == 2:
                found = store.get(rest[1])
                if found is None:
                    return self._json(404, {"Title": "Not Found", "Status": 404})
                hits = [found]
            else:
                hits = list(store.values())
                where = request.query.get("where")
                if where:
                    match = WHERE.match(where.strip())
                    if match is None:
                        return self._validation({}, f"Unsupported where clause: {where}")
                    field, value = match.group(1), match.group(2).replace('\\"', '"')
                    hits = [o for o in hits if str(o.get(field, "")).lower() == value.lower()]
                numbers = request.query.get("InvoiceNumbers")
                if numbers:
                    wanted = set(numbers.split(","))
                    hits = [o for o in hits if o.get("InvoiceNumber") in wanted]
            return self._json(200, {"Id": str(uuid.uuid4()), "Status": "OK", name: hits})

    def _create_contacts(self, body: dict[str, Any]) -> Response:
        created = []
        with self._state:
            for contact in body.get("Contacts") or []:
                name = contact.get("Name") or ""
                if not name:
                    return self._validation(contact, "The contact name must be specified.")
                if any(c["Name"].lower() == name.lower() for c in self.contacts.values()):
                    return self._validation(
                        contact,
                        "The contact name " + name + " is already assigned to another "
                        "contact. The contact name must be unique across all active contacts.",
                    )
                contact_id = str(uuid.uuid4())
                self.contacts[contact_id] = {
                    **contact,
                    "ContactID": contact_id,
                    "ContactStatus": "ACTIVE",
                }
                created.append(self.contacts[contact_id])
        return self._json(200, {"Id": str(uuid.uuid4()), "Status": "OK", "Contacts": created})

    def _create_invoices(self, body: dict[str, Any]) -> Response:
        created = []
        with self._state:
            for invoice in body.get("Invoices") or []:
                contact_id = (invoice.get("Contact") or {}).get("ContactID")
                if contact_id not in self.contacts:
                    return self._validation(invoice, "Contact must be valid.")
                number = invoice.get("InvoiceNumber") or f"INV-{next(self._numbers):04d}"
                if any(
                    i["InvoiceNumber"] == number and i["Status"] not in ("DELETED", "VOIDED")
                    for i in self.invoices.values()
                ):
                    return self._validation(invoice, "Invoice # must be unique.")
                total = Decimal(0)
                for line in invoice.get("LineItems") or []:
                    amount = Decimal(str(line["LineAmount"]))
                    product = Decimal(str(line["Quantity"])) * Decimal(str(line["UnitAmount"]))
                    if product.quantize(Decimal("0.01")) != amount:
                        return self._validation(
                            invoice, "Line total does not equal quantity multiplied by unit price."
                        )
                    total += amount
                invoice_id = str(uuid.uuid4())
                self.invoices[invoice_id] = {
                    **invoice,
                    "InvoiceID": invoice_id,
                    "InvoiceNumber": number,
                    "Status": invoice.get("Status") or "DRAFT",
                    "CurrencyCode": invoice.get("CurrencyCode") or "USD",
                    "Date": XERO_DATE,
                    "DueDate": XERO_DATE,
                    "SubTotal": float(total),
                    "Total": float(total),
                    "AmountDue": float(total),
                    "AmountPaid": 0.0,
                    "Payments": [],
                }
                created.append(self.invoices[invoice_id])
            if self._drops:
                self._drops -= 1
                raise Dropped("created, then the connection was lost")
        return self._json(200, {"Id": str(uuid.uuid4()), "Status": "OK", "Invoices": created})

    def _apply_payment(self, invoice_id: str, amount: Decimal) -> dict[str, Any]:
        invoice = self.invoices[invoice_id]
        paid = Decimal(str(invoice["AmountPaid"])) + amount
        total = Decimal(str(invoice["Total"]))
        payment = {"PaymentID": str(uuid.uuid4()), "Amount": float(amount), "Date": XERO_DATE}
        invoice["Payments"].append(payment)
        invoice |= {"AmountPaid": float(paid), "AmountDue": float(total - paid)}
        if paid >= total:
            invoice["Status"] = "PAID"
        return payment

    def _create_payments(self, body: dict[str, Any]) -> Response:
        created = []
        with self._state:
            for payment in body.get("Payments") or []:
                invoice_id = (payment.get("Invoice") or {}).get("InvoiceID")
                if invoice_id not in self.invoices:
                    return self._validation(payment, "Invoice could not be found")
                created.append(self._apply_payment(invoice_id, Decimal(str(payment["Amount"]))))
        return self._json(200, {"Id": str(uuid.uuid4()), "Status": "OK", "Payments": created})
