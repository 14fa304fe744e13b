"""Salesforce through simple-salesforce: Accounts (and a Contact) for our clients, Opportunities
for bookings and bulk bookings, SOQL reads for reconciliation, and the OAuth 2.0 web-server
flow's token endpoint. Implements :class:`integrations.crm.Crm` and
:class:`integrations.crm.CrmAuth`; knows nothing of Temporal or FastAPI.

Every write is an upsert by our own id in an external id field (``AuditoryX_Id__c``, created
once per object by the organization's admin: docs/integrations/salesforce.md), so a retried
push updates the record its first attempt created instead of adding a second one.

The client is blocking (requests), so every call runs in a thread. Salesforce answers on the
organization's own instance (``instance_url``, returned with the tokens and kept with them).
``verify`` is requests' own: a CA bundle to trust besides the system's (tests use a local
stub over TLS). Failures are the shared family of ``integrations/errors.py``:
``REQUEST_LIMIT_EXCEEDED`` (403) is :class:`RateLimited`; an expired or invalid session (401)
and other 403s are :class:`Unauthorized`; another 4xx is :class:`Rejected` with Salesforce's
own message; 5xx and network errors are :class:`Unavailable`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlencode

import jwt
import requests
from simple_salesforce import Salesforce, format_soql
from simple_salesforce.exceptions import SalesforceError
from simple_salesforce.util import Usage

from integrations.crm import (
    ApiUsage,
    Company,
    Crm,
    CrmAuth,
    CrmFactory,
    Deal,
    JwtBearerAuth,
    ObjectType,
)
from integrations.errors import (
    IntegrationError,
    RateLimited,
    Rejected,
    Unauthorized,
    Unavailable,
)
from integrations.oauth import JwtBearer, OAuthApp, TokenCredentials, Tokens

PROVIDER = "salesforce"
LOGIN_URL = "https://login.salesforce.com"
API_VERSION = "59.0"
EXTERNAL_ID_FIELD = "AuditoryX_Id__c"
# The Connected App's OAuth scopes the syncs need.
SCOPES = ("api", "refresh_token")
# Salesforce's access tokens carry no expiry; sessions time out after the org's setting (two
# hours by default). One refused earlier is refreshed then (a 401 ``INVALID_SESSION_ID``).
ASSUMED_SESSION = timedelta(hours=2)
# ``REQUEST_LIMIT_EXCEEDED`` gives no Retry-After: the 24-hour allocation is rolling, so a
# later attempt finds some of it freed.
LIMIT_RETRY_AFTER = 900
JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
# Salesforce takes an assertion whose ``exp`` is at most three minutes ahead.
ASSERTION_LIFETIME = timedelta(minutes=3)
IDS_PER_QUERY = 200  # 18-character ids: one SOQL statement stays far below its length limit
OBJECTS: dict[ObjectType, str] = {"company": "Account", "contact": "Contact", "deal": "Opportunity"}
T = TypeVar("T")

# Our booking status → a stage of Salesforce's default opportunity stage picklist. An
# organization may map its own stages (``opportunity_stages`` of the connection's settings).
OPPORTUNITY_STAGES: dict[str, str] = {
    "held": "Prospecting",
    "pending_approval": "Qualification",
    "confirmed": "Proposal/Price Quote",
    "completed": "Closed Won",
    "cancelled": "Closed Lost",
    "expired": "Closed Lost",
    "no_show": "Closed Lost",
}
DEFAULT_STAGE = "Prospecting"
STATUSES = tuple(OPPORTUNITY_STAGES)


def _errors(content: Any) -> tuple[str, str]:
    """(errorCode, message) of Salesforce's error body: a JSON array of
    ``{"errorCode", "message"}``, or the OAuth endpoint's ``{"error", "error_description"}``."""
    first = content[0] if isinstance(content, list) and content else content
    if isinstance(first, dict):
        code = first.get("errorCode") or first.get("error") or ""
        message = first.get("message") or first.get("error_description") or ""
        return str(code), str(message)[:500]
    return "", str(content or "")[:300]


def _translate(exc: Exception) -> IntegrationError:
    if not isinstance(exc, SalesforceError):
        return Unavailable(f"Salesforce is unreachable: {type(exc).__name__}", provider=PROVIDER)
    return refusal(exc.status, exc.content)


def refusal(status: int, content: Any) -> IntegrationError:
    """The error of a Salesforce API answer with ``status`` (≥ 400) and body ``content``."""
    code, message = _errors(content)
    if status == 403 and code == "REQUEST_LIMIT_EXCEEDED":
        return RateLimited(
            LIMIT_RETRY_AFTER,
            provider=PROVIDER,
            message=f"Salesforce's API request limit is exceeded: {message}",
        )
    if status in (401, 403):
        return Unauthorized(
            message or "Salesforce refused the session", provider=PROVIDER, status=status, code=code
        )
    if status < 500:
        return Rejected(
            message or f"Salesforce answered {status}", provider=PROVIDER, status=status, code=code
        )
    return Unavailable(f"Salesforce answered {status}", provider=PROVIDER, status=status)


def account_fields(company: Company) -> dict[str, str]:
    """The Account fields of a client (besides its external id)."""
    fields = {"Name": company.name}
    if company.domain:
        fields["Website"] = company.domain
    return fields


def contact_fields(email: str, name: str) -> dict[str, str]:
    """The Contact fields of a client's e-mail (besides its external id and Account)."""
    first, _, last = name.partition(" ")
    # LastName is required: a one-word name is the last name alone.
    if last:
        return {"Email": email, "FirstName": first, "LastName": last}
    return {"Email": email, "LastName": first}


class VerifyingSession(requests.Session):
    """A session whose own ``verify`` holds: plain requests lets ``REQUESTS_CA_BUNDLE``
    override a session's CA bundle, and simple-salesforce passes none per request."""

    def merge_environment_settings(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        settings: dict[str, Any] = super().merge_environment_settings(*args, **kwargs)
        if isinstance(self.verify, str):
            settings["verify"] = self.verify
        return settings


class SalesforceCrm:
    """The CRM calls syncs need, on one organization's instance with one access token."""

    def __init__(
        self,
        credentials: TokenCredentials,
        *,
        stages: Mapping[str, str] | None = None,
        verify: bool | str = True,
    ) -> None:
        if not credentials.instance_url:
            raise Unauthorized("the connection has no Salesforce instance URL", provider=PROVIDER)
        session = VerifyingSession()
        session.verify = verify
        self._client = Salesforce(
            instance_url=credentials.instance_url,
            session_id=credentials.access_token,
            version=API_VERSION,
            session=session,
        )
        self._stages = {**OPPORTUNITY_STAGES, **(stages or {})}
        self._usage: ApiUsage | None = None

    async def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            return await asyncio.to_thread(fn, *args, **kwargs)
        except SalesforceError as exc:
            raise _translate(exc) from None
        except requests.RequestException as exc:
            raise _translate(exc) from None
        finally:
            self._note_usage()

    def _note_usage(self) -> None:
        """Keep the newest ``Sforce-Limit-Info`` reading (``api-usage=used/total``)."""
        usage = self._client.api_usage.get("api-usage")
        if isinstance(usage, Usage):
            self._usage = ApiUsage(used=usage.used, total=usage.total)

    def api_usage(self) -> ApiUsage | None:
        return self._usage

    def deal_stage_for(self, status: str) -> str:
        return self._stages.get(status, DEFAULT_STAGE)

    async def check_token(self) -> None:
        """Raise :class:`Unauthorized` unless the session works, and :class:`Rejected` (an
        ``INVALID_FIELD``) unless every object has its external id field."""
        for sobject in OBJECTS.values():
            soql = format_soql(
                "SELECT Id, {:literal} FROM {:literal} LIMIT 1", EXTERNAL_ID_FIELD, sobject
            )
            await self._call(self._client.query, soql)

    async def _upsert(
        self, sobject: str, key: str, fields: dict[str, Any], known_id: str | None
    ) -> str:
        """PATCH ``/sobjects/{sobject}/AuditoryX_Id__c/{key}``: Salesforce creates the record
        (201) or updates the one carrying ``key`` (200 or 204), so a repeat never duplicates."""
        path = f"sobjects/{sobject}/{EXTERNAL_ID_FIELD}/{key}"
        answer = await self._call(self._client.restful, path, method="PATCH", json=fields)
        if isinstance(answer, dict) and answer.get("id"):
            return str(answer["id"])
        if known_id:  # 204 (older API versions): the record we mapped is the one updated
            return known_id
        found = await self._call(self._client.restful, path, params={"fields": "Id"})
        return str((found or {})["Id"])

    async def upsert_company(self, company: Company, *, known_id: str | None) -> str:
        return await self._upsert("Account", company.key, account_fields(company), known_id)

    async def upsert_contact(
        self,
        *,
        email: str,
        name: str,
        known_id: str | None,
        key: str = "",
        company_id: str | None = None,
    ) -> str:
        fields: dict[str, Any] = contact_fields(email, name)
        if company_id:
            fields["AccountId"] = company_id
        return await self._upsert("Contact", key, fields, known_id)

    async def upsert_deal(self, deal: Deal, *, known_id: str | None) -> str:
        fields: dict[str, Any] = {
            "Name": deal.name,
            "StageName": deal.stage,
            "CloseDate": deal.close_date[:10],
        }
        if deal.amount:  # no single value (a batch in several currencies): leave it unset
            fields["Amount"] = float(deal.amount)
        if deal.company_id:
            fields["AccountId"] = deal.company_id
        return await self._upsert("Opportunity", deal.key, fields, known_id)

    async def batch_read(self, object_type: ObjectType, ids: Sequence[str]) -> dict[str, str]:
        """Which of ``ids`` still exist, each with its ``StageName`` (opportunities) or ``""``:
        one SOQL query per :data:`IDS_PER_QUERY` ids (deleted records are not returned)."""
        sobject = OBJECTS[object_type]
        fields = "Id, StageName" if object_type == "deal" else "Id"
        unique = list(dict.fromkeys(ids))
        found: dict[str, str] = {}
        for start in range(0, len(unique), IDS_PER_QUERY):
            soql = format_soql(
                "SELECT {:literal} FROM {:literal} WHERE Id IN {}",
                fields,
                sobject,
                unique[start : start + IDS_PER_QUERY],
            )
            answer = await self._call(self._client.query_all, soql)
            for record in answer.get("records") or []:
                found[str(record["Id"])] = str(record.get("StageName") or "")
        return found


_SATISFIES_CRM: type[Crm] = SalesforceCrm


def salesforce_factory(verify: bool | str = True) -> CrmFactory:
    def make(credentials: TokenCredentials, settings: Mapping[str, Any]) -> SalesforceCrm:
        return SalesforceCrm(
            credentials, stages=settings.get("opportunity_stages") or None, verify=verify
        )

    return make


class InvalidPrivateKey(ValueError):
    """The PEM given for the JWT bearer flow is not an RSA private key."""


def sign_assertion(grant: JwtBearer, audience: str, now: datetime) -> str:
    """The RS256 assertion of the JWT bearer flow: issued by the consumer key, for the user
    (``sub``), to the login host (``aud``), valid :data:`ASSERTION_LIFETIME`."""
    claims = {
        "iss": grant.client_id,
        "sub": grant.username,
        "aud": audience,
        "exp": int((now + ASSERTION_LIFETIME).timestamp()),
    }
    try:
        return jwt.encode(claims, grant.private_key, algorithm="RS256")
    except (ValueError, TypeError, jwt.PyJWTError) as exc:
        raise InvalidPrivateKey(
            "the private key is not an RSA private key in PEM (-----BEGIN PRIVATE KEY-----)"
        ) from exc


class SalesforceOAuth:
    """The token endpoint of Salesforce's OAuth 2.0 (``{login_url}/services/oauth2/token``):
    the web-server flow (an authorization code from the Connected App's redirect exchanged for
    tokens and the instance URL, access tokens refreshed) and the JWT bearer flow (an
    assertion signed with the app's private key exchanged for an access token; no refresh
    token, a new assertion each time). A refresh answer has no refresh token (the one we hold
    stays valid until revoked) and may move the organization to another instance URL."""

    def __init__(self, login_url: str = LOGIN_URL, *, verify: bool | str = True) -> None:
        self._login_url = login_url.rstrip("/")
        self._url = self._login_url + "/services/oauth2/token"
        self._verify = verify

    def authorization_url(self, app: OAuthApp, state: str, scopes: Sequence[str] = SCOPES) -> str:
        """Where to send the browser: Salesforce asks the user to log in and allow the
        Connected App ``scopes``, then redirects to ``app.redirect_uri`` with ``code`` and
        ``state``."""
        query = urlencode(
            {
                "response_type": "code",
                "client_id": app.client_id,
                "redirect_uri": app.redirect_uri,
                "scope": " ".join(scopes),
                "state": state,
            }
        )
        return f"{self._login_url}/services/oauth2/authorize?{query}"

    def _post(self, form: dict[str, str]) -> dict[str, Any]:
        answer = requests.post(self._url, data=form, verify=self._verify, timeout=30)
        body: Any = answer.json() if answer.content else {}
        if answer.status_code >= 400:
            code, message = _errors(body)
            # invalid_grant (a bad code, a revoked or expired refresh token), invalid_client:
            # the authorization is gone, not the request.
            error = Unauthorized if answer.status_code < 500 else Unavailable
            raise error(
                message or code or f"Salesforce answered {answer.status_code}",
                provider=PROVIDER,
                status=answer.status_code,
                code=code,
            )
        return dict(body)

    async def _token(self, **form: str) -> Tokens:
        try:
            body = await asyncio.to_thread(self._post, form)
        except requests.RequestException as exc:
            raise _translate(exc) from None
        return Tokens(
            access_token=str(body["access_token"]),
            refresh_token=str(body.get("refresh_token") or form.get("refresh_token") or ""),
            expires_at=datetime.now(UTC) + ASSUMED_SESSION,
            instance_url=str(body.get("instance_url") or "") or None,
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
            client_id=app.client_id,
            client_secret=app.client_secret,
        )

    async def jwt_bearer(self, grant: JwtBearer) -> Tokens:
        """An access token for ``grant.username``; :class:`Unauthorized` when Salesforce
        refuses the assertion (``invalid_client_id``, ``invalid_grant``: a key whose
        certificate the app lacks, a user not pre-authorized for the app) or the key is not
        a usable RSA key (``code="invalid_private_key"``)."""
        try:
            assertion = sign_assertion(grant, self._login_url, datetime.now(UTC))
        except InvalidPrivateKey as exc:
            raise Unauthorized(str(exc), provider=PROVIDER, code="invalid_private_key") from None
        return await self._token(grant_type=JWT_GRANT, assertion=assertion)


_SATISFIES_CRM_AUTH: type[CrmAuth] = SalesforceOAuth
_SATISFIES_JWT_BEARER: type[JwtBearerAuth] = SalesforceOAuth
