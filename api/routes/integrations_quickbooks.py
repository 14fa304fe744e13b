"""Connect QuickBooks Online: OAuth tokens (or an authorization code to exchange) for one
company, checked against QuickBooks before anything is stored.

The Intuit app's client id and secret come with the connection, since refresh tokens are
bound to the app that obtained them; they are sealed with the tokens. A connection is stored
only after QuickBooks answered a ``CompanyInfo`` read for the realm with these tokens (an
expired access token is refreshed first, and the rotated pair is the one stored).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from pydantic import AwareDatetime, Field, SecretStr

from api.deps import ActorDep, Authorize, SettingsDep, TenantSession
from api.errors import ServiceUnavailable
from api.integration_deps import secret_box
from api.routes.integration_settings import sync_reconcile_schedule
from api.routes.integrations import IntegrationOut, _save
from api.schemas import RequestBody
from domain.errors import InvalidRequest
from domain.finance.invoicing import QuickBooksCredentials
from domain.tenancy.access import Principal
from integrations.quickbooks import (
    AccountingAuthError,
    AccountingError,
    AccountingRateLimited,
    AccountingTransientError,
    Company,
    IntuitApp,
    QuickBooksGateway,
    Tokens,
)
from workflows.reconcile_types import reconcile_every_hours

router = APIRouter(prefix="/v1/integrations", tags=["integrations"])
ASSUMED_LIFETIME = timedelta(minutes=55)  # Intuit's access tokens live one hour


def get_quickbooks(request: Request) -> QuickBooksGateway:
    """``app.state.quickbooks_gateway`` when set (tests point it at a stub), else Intuit."""
    gateway: QuickBooksGateway | None = getattr(request.app.state, "quickbooks_gateway", None)
    return gateway or QuickBooksGateway()


class QuickBooksConnectIn(RequestBody):
    environment: Literal["production", "sandbox"] = "production"
    realm_id: str = Field(
        pattern=r"^[0-9]{1,32}$", description="The QuickBooks company id (realmId)"
    )
    client_id: str = Field(min_length=10, max_length=200, description="The Intuit app's id")
    client_secret: SecretStr = Field(min_length=10, max_length=200)
    authorization_code: SecretStr | None = Field(
        default=None,
        min_length=5,
        max_length=2000,
        description="The code from Intuit's consent redirect; exchanged for tokens here",
    )
    redirect_uri: str | None = Field(
        default=None,
        max_length=2000,
        description="The redirect URI the code was issued for (with authorization_code)",
    )
    access_token: SecretStr | None = Field(default=None, min_length=10, max_length=4000)
    refresh_token: SecretStr | None = Field(default=None, min_length=10, max_length=500)
    expires_at: AwareDatetime | None = Field(
        default=None, description="When access_token expires; refreshed before then"
    )
    item_id: str = Field(
        default="1",
        pattern=r"^[0-9]{1,20}$",
        description="The QuickBooks product/service invoice lines are booked to "
        "(1 is QuickBooks' built-in Services item)",
    )


def _given_tokens(body: QuickBooksConnectIn) -> Tokens:
    if body.access_token is None or body.refresh_token is None:
        missing = "access_token" if body.access_token is None else "refresh_token"
        raise InvalidRequest(
            "give either authorization_code, or access_token with refresh_token",
            param=missing,
            code="quickbooks_tokens_required",
        )
    return Tokens(
        access_token=body.access_token.get_secret_value(),
        refresh_token=body.refresh_token.get_secret_value(),
        expires_at=body.expires_at or datetime.now(UTC) + ASSUMED_LIFETIME,
    )


def _refused(exc: AccountingError, param: str) -> Exception:
    if isinstance(exc, AccountingRateLimited):
        return ServiceUnavailable(
            f"QuickBooks is rate limiting us; retry after {exc.retry_after} s",
            code="quickbooks_rate_limited",
            extra={"retry_after": exc.retry_after},
        )
    if isinstance(exc, AccountingTransientError):
        return ServiceUnavailable(
            f"QuickBooks could not check the connection: {exc.message}",
            code="quickbooks_unavailable",
        )
    if exc.status == 403:  # the token is good, but not for this company
        param = "realm_id"
    return InvalidRequest(
        f"QuickBooks refused the connection: {exc.message}",
        param=param,
        code="quickbooks_auth_failed",
    )


async def _check(
    gateway: QuickBooksGateway, body: QuickBooksConnectIn, app: IntuitApp, tokens: Tokens
) -> tuple[Tokens, Company]:
    """Tokens QuickBooks accepts for the realm, and the company they open: refreshed first
    when expired, and once more when the access token is refused."""
    if tokens.expiring(datetime.now(UTC), timedelta(minutes=1)):
        tokens = await _refresh(gateway, body, app, tokens)
    for attempt in (1, 2):
        api = gateway.accounting(
            body.environment, realm_id=body.realm_id, access_token=tokens.access_token
        )
        try:
            return tokens, await api.company()
        except AccountingAuthError as exc:
            if attempt == 2 or exc.status == 403:
                raise _refused(exc, "access_token") from None
            tokens = await _refresh(gateway, body, app, tokens)
        except AccountingError as exc:
            raise _refused(exc, "realm_id") from None
    raise AssertionError("unreachable")


async def _refresh(
    gateway: QuickBooksGateway, body: QuickBooksConnectIn, app: IntuitApp, tokens: Tokens
) -> Tokens:
    try:
        return await gateway.refresh(body.environment, app, tokens.refresh_token)
    except AccountingError as exc:
        raise _refused(exc, "refresh_token") from None


@router.put(
    "/quickbooks",
    summary="Connect QuickBooks Online with OAuth tokens or an authorization code",
)
async def connect_quickbooks(
    body: QuickBooksConnectIn,
    principal: Annotated[Principal, Depends(Authorize("integrations:write"))],
    session: TenantSession,
    actor: ActorDep,
    settings: SettingsDep,
    gateway: Annotated[QuickBooksGateway, Depends(get_quickbooks)],
    request: Request,
    background: BackgroundTasks,
) -> IntegrationOut:
    """Nothing is stored unless QuickBooks accepted the tokens for ``realm_id``; a refusal is
    a 422 naming the field to fix, with QuickBooks' (or Intuit's) own words."""
    app = IntuitApp(body.client_id, body.client_secret.get_secret_value(), body.redirect_uri or "")
    if body.authorization_code is not None:
        if not body.redirect_uri:
            raise InvalidRequest(
                "redirect_uri is required with authorization_code",
                param="redirect_uri",
                code="quickbooks_redirect_uri_required",
            )
        try:
            tokens = await gateway.exchange_code(
                body.environment, app, body.authorization_code.get_secret_value(), body.realm_id
            )
        except AccountingError as exc:
            raise _refused(exc, "authorization_code") from None
    else:
        tokens = _given_tokens(body)
    tokens, company = await _check(gateway, body, app, tokens)
    credentials = QuickBooksCredentials(
        client_id=app.client_id,
        client_secret=app.client_secret,
        redirect_uri=app.redirect_uri,
        realm_id=body.realm_id,
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        expires_at=tokens.expires_at,
        refresh_expires_at=tokens.refresh_expires_at,
    )
    connection = await _save(
        session,
        principal,
        actor,
        provider="quickbooks",
        credentials=credentials.seal(secret_box(settings)),
        external_account_id=body.realm_id,
        settings={
            "environment": body.environment,
            "company_name": company.name,
            "item_id": body.item_id,
        },
    )
    # Payments are read back and deleted invoices repaired by the reconciliation Schedule.
    background.add_task(
        sync_reconcile_schedule,
        request.app.state,
        principal.organization_id,
        "quickbooks",
        reconcile_every_hours(connection.settings),
    )
    return IntegrationOut.model_validate(connection)
