"""A QuickBooks Online stand-in that speaks Intuit's wire formats: the OpenID discovery
document and the OAuth 2 token endpoint (refresh tokens rotate on every refresh, a revoked one
answers ``invalid_grant``), and the accounting API v3 (company info, customers, invoices, the
query language for ``WHERE field = 'value'``, ``Fault`` bodies, 401 for a stale access token,
429 with ``Retry-After`` when told to rate limit).

Fault injection: :meth:`drop_after_create` makes the next invoice create commit and then drop
the connection without an answer, as a crash between QuickBooks' write and ours would look."""

from __future__ import annotations

import base64
import itertools
import json
import re
import time
from decimal import Decimal
from typing import Any

from tests.stubs import Recorded
from tests.stubs.oauth_provider import Dropped, OAuthProviderStub

TOKEN_PATH = "/oauth2/v1/tokens/bearer"
QUERY = re.compile(
    r"SELECT \* FROM (\w+)\s+WHERE (\w+) = '((?:[^'\\]|\\.)*)'", re.IGNORECASE | re.DOTALL
)
Response = tuple[int, dict[str, str], bytes]


class QuickBooksStub(OAuthProviderStub):
    refresh_prefix = "AB11"

    def __init__(self, *, client_id: str, client_secret: str, realm_id: str) -> None:
        super().__init__()
        self.client = (client_id, client_secret)
        self.realm_id = realm_id
        self.company_name = "Helix Studios LLC"
        self.home_currency = "USD"
        self.customers: dict[str, dict[str, Any]] = {}
        self.invoices: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(101)

    # --- test controls -----------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/v3"

    @property
    def discovery_url(self) -> str:
        return f"{self.base_url}/.well-known/openid_configuration/"

    def add_customer(self, name: str, email: str | None = None, currency: str = "USD") -> str:
        with self._state:
            customer_id = str(next(self._ids))
            self.customers[customer_id] = {
                "Id": customer_id,
                "DisplayName": name,
                "CurrencyRef": {"value": currency},
                "SyncToken": "0",
                "Active": True,
            }
            if email:  # QuickBooks leaves absent fields out rather than sending null
                self.customers[customer_id]["PrimaryEmailAddr"] = {"Address": email}
        return customer_id

    def pay(self, invoice_id: str, amount: str) -> None:
        with self._state:
            invoice = self.invoices[invoice_id]
            invoice["Balance"] = str(Decimal(invoice["Balance"]) - Decimal(amount))

    def writes(self, entity: str) -> list[Recorded]:
        path = f"/v3/company/{self.realm_id}/{entity}"
        return self.recorded(lambda r: r.method == "POST" and r.path == path)

    def token_requests(self) -> list[Recorded]:
        return self.recorded(lambda r: r.path == TOKEN_PATH)

    # --- wire format -------------------------------------------------------------------

    @staticmethod
    def _json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
        return (
            status,
            {"Content-Type": "application/json", **(headers or {})},
            json.dumps(body).encode(),
        )

    @classmethod
    def _fault(cls, status: int, message: str, detail: str, code: str) -> Response:
        fault = {"Error": [{"Message": message, "Detail": detail, "code": code}]}
        fault["type"] = "ValidationFault"  # type: ignore[assignment]
        return cls._json(status, {"Fault": fault, "time": "2026-12-01T10:00:00.000-08:00"})

    def respond(self, request: Recorded) -> Response:
        if request.path.startswith("/.well-known/"):
            return self._discovery()
        if request.path == TOKEN_PATH:
            return self._token(request)
        if request.path.startswith(f"/v3/company/{self.realm_id}/"):
            return self._api(request)
        return self._json(404, {"error": "no such path"})

    def _discovery(self) -> Response:
        base = self.base_url
        return self._json(
            200,
            {
                "issuer": "https://oauth.platform.intuit.com/op/v1",
                "authorization_endpoint": f"{base}/connect/oauth2",
                "token_endpoint": f"{base}{TOKEN_PATH}",
                "userinfo_endpoint": f"{base}/v1/openid_connect/userinfo",
                "revocation_endpoint": f"{base}/oauth2/v1/tokens/revoke",
                "jwks_uri": f"{base}/oauth2/v1/keys",
            },
        )

    def _token(self, request: Recorded) -> Response:
        basic = request.headers.get("authorization", "").removeprefix("Basic ")
        if base64.b64decode(basic or b"").decode() != ":".join(self.client):
            return self._json(401, {"error": "invalid_client"})
        form = request.form()
        with self._state:
            if form.get("grant_type") == "refresh_token":
                known = form.get("refresh_token") in self.refresh_tokens
                if known:
                    self.refresh_tokens.discard(form["refresh_token"])  # rotated
            elif form.get("grant_type") == "authorization_code":
                known = form.get("code") in self.codes
                self.codes.discard(form.get("code", ""))
            else:
                return self._json(400, {"error": "unsupported_grant_type"})
        if not known:
            return self._json(
                400,
                {
                    "error": "invalid_grant",
                    "error_description": "Incorrect or invalid refresh token",
                }
                if form.get("grant_type") == "refresh_token"
                else {"error": "invalid_grant"},
            )
        access, refresh = self.issue()
        return self._json(
            200,
            {
                "token_type": "bearer",
                "access_token": access,
                "refresh_token": refresh,
                "expires_in": 3600,
                "x_refresh_token_expires_in": 8726400,
            },
        )

    def _api(self, request: Recorded) -> Response:
        if request.path.endswith("/customer") or (
            request.path.endswith("/query") and b"FROM Customer" in request.body
        ):
            time.sleep(self.customer_delay)
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if token not in self.access_tokens:
            return self._json(
                401,
                {
                    "fault": {
                        "error": [
                            {
                                "message": "message=AuthenticationFailed; errorCode=003200; "
                                "statusCode=401",
                                "detail": "Token expired: " + token[:12],
                                "code": "3200",
                            }
                        ],
                        "type": "AUTHENTICATION",
                    }
                },
            )
        if request.query.get("minorversion") is None:
            return self._fault(400, "minorversion is required", "", "2000")
        rest = request.path.removeprefix(f"/v3/company/{self.realm_id}/").split("/")
        entity = rest[0]
        with self._state:
            waits = self._limits.get(entity)
            if waits and request.method == "POST":
                return self._json(
                    429,
                    {"Fault": {"Error": [{"Message": "ThrottleExceeded", "code": "3001"}]}},
                    {"Retry-After": str(waits.pop(0))},
                )
        if entity == "companyinfo" and request.method == "GET":
            return self._json(
                200,
                {
                    "CompanyInfo": {
                        "Id": "1",
                        "CompanyName": self.company_name,
                        "Country": "US",
                        "SyncToken": "4",
                    }
                },
            )
        if entity == "query":
            return self._query(request.body.decode())
        if request.method == "GET" and len(rest) == 2:
            return self._read(entity, rest[1])
        if request.method == "POST" and entity == "customer":
            return self._create_customer(request.json())
        if request.method == "POST" and entity == "invoice":
            return self._create_invoice(request.json())
        return self._fault(400, "Unsupported Operation", request.path, "500")

    def _store(self, entity: str) -> dict[str, dict[str, Any]]:
        return {"customer": self.customers, "invoice": self.invoices}[entity.lower()]

    def _read(self, entity: str, object_id: str) -> Response:
        with self._state:
            found = self._store(entity).get(object_id)
        if found is None:
            return self._fault(
                400,
                "Object Not Found",
                f"Object Not Found : Something you're trying to use "
                f"has been made inactive. Check the fields with accounts, customers, items, "
                f"vendors or employees. {entity} {object_id}",
                "610",
            )
        return self._json(200, {entity.capitalize(): found})

    def _query(self, statement: str) -> Response:
        match = QUERY.search(statement)
        if match is None:
            return self._fault(400, "QueryParserError", statement, "4000")
        entity, field, value = match.group(1), match.group(2), match.group(3).replace("\\'", "'")
        with self._state:
            hits = (
                [
                    o
                    for o in self._store(entity).values()
                    if (o.get(field) or {}).get("Address") == value or o.get(field) == value
                ]
                if field == "PrimaryEmailAddr"
                else [o for o in self._store(entity).values() if o.get(field) == value]
            )
        body: dict[str, Any] = {"startPosition": 1, "maxResults": len(hits)}
        if hits:
            body[entity] = hits[:1]
        return self._json(200, {"QueryResponse": body})

    def _create_customer(self, body: dict[str, Any]) -> Response:
        name = body.get("DisplayName") or ""
        with self._state:
            if any(c["DisplayName"] == name for c in self.customers.values()):
                return self._fault(
                    400,
                    "Duplicate Name Exists Error",
                    "The name supplied already exists. : Another customer, vendor or employee "
                    "is already using this name.",
                    "6240",
                )
            customer_id = str(next(self._ids))
            self.customers[customer_id] = {
                **body,
                "Id": customer_id,
                "SyncToken": "0",
                "Active": True,
                "CurrencyRef": body.get("CurrencyRef") or {"value": self.home_currency},
            }
            return self._json(200, {"Customer": self.customers[customer_id]})

    def _create_invoice(self, body: dict[str, Any]) -> Response:
        with self._state:
            customer = self.customers.get(body["CustomerRef"]["value"])
            currency = (body.get("CurrencyRef") or {}).get("value") or self.home_currency
            if customer is None:
                return self._fault(400, "Invalid Reference Id", "Invalid Customer", "2500")
            if customer["CurrencyRef"]["value"] != currency:
                return self._fault(
                    400,
                    "Business Validation Error",
                    "The currency of the transaction must match the customer's currency "
                    f"({customer['CurrencyRef']['value']}).",
                    "6000",
                )
            if len(body.get("DocNumber") or "") > 21:
                return self._fault(
                    400,
                    "String length is either shorter or longer than supported by specification",
                    "DocNumber",
                    "2050",
                )
            for line in body["Line"]:
                detail = line["SalesItemLineDetail"]
                if Decimal(detail["Qty"]) * Decimal(detail["UnitPrice"]) != Decimal(line["Amount"]):
                    return self._fault(
                        400,
                        "Amount is not equal to UnitPrice * Qty",
                        f"Amount {line['Amount']} is not equal to UnitPrice * Qty",
                        "6070",
                    )
            invoice_id = str(next(self._ids))
            total = sum((Decimal(line["Amount"]) for line in body["Line"]), Decimal(0))
            self.invoices[invoice_id] = {
                **body,
                "Id": invoice_id,
                "SyncToken": "0",
                "TotalAmt": str(total),
                "Balance": str(total),
                "CurrencyRef": {"value": currency},
            }
            stored = self.invoices[invoice_id]
            if self._drops:
                self._drops -= 1
                raise Dropped("created, then the connection was lost")
        return self._json(200, {"Invoice": stored, "time": "2026-12-01T10:00:00.000-08:00"})
