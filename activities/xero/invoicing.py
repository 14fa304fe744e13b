"""Xero invoicing: the accounting push (``activities/accounting/invoicing.py``) with Xero's
tokens, tenant and rate limits.

The connection's ``external_account_id`` is the Xero tenant (organisation) every call names.
An access token that expires within :data:`REFRESH_MARGIN` is refreshed before use, and one
Xero refuses (401) is refreshed once and the call repeated. Refreshing happens under a row
lock on the connection, and the new pair — Xero rotates the refresh token on every refresh,
and the old one stops working — is sealed and committed before it is used: two pushes
refreshing at once would otherwise burn each other's refresh token. A refresh token Xero
refuses puts the connection in ``error`` with a message telling the user to reconnect.

Rate limits: a 429 reaches Temporal as ``RateLimited`` with Xero's ``Retry-After``. What Xero's
last answer said is left of the day's and the minute's allowance (``X-DayLimit-Remaining``,
``X-MinLimit-Remaining``) is recorded on the connection's settings (``rate_limits``), and a
day allowance recorded as spent stops pushes early — retried once an hour has passed since it
was recorded — and so does a spent minute allowance, until its minute is over, instead of
spending calls Xero would refuse.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from activities.accounting.invoicing import AccountingInvoicing, connection_of
from core.crypto import DecryptionError, SecretBox
from core.db import tenant_session
from domain.keys.sealed import Sealing
from integrations.accounting import Accounting
from integrations.errors import RateLimited, Unauthorized
from integrations.oauth import TokenCredentials
from integrations.xero import PROVIDER, RateLimits, XeroAccounting, XeroGateway

REFRESH_MARGIN = timedelta(minutes=5)
DAY_LIMIT_WINDOW = timedelta(hours=24)  # Xero's day allowance is a rolling 24 hours
SPENT_DAY_RETRY = 3600  # seconds before a push stopped by a spent day allowance tries again
MINUTE = 60  # Xero's minute allowance: a spent one is waited out from when it was seen
T = TypeVar("T")


class XeroInvoicing(AccountingInvoicing):
    provider = PROVIDER
    default_item_id = "200"  # the sales account of Xero's default chart of accounts

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        box: SecretBox,
        *,
        gateway: XeroGateway | None = None,
        sealing: Sealing | None = None,
    ) -> None:
        super().__init__(sessionmaker, box, sealing)
        self._gateway = gateway or XeroGateway()

    async def _with_token(
        self, organization_id: str, work: Callable[[Accounting], Awaitable[T]]
    ) -> T:
        credentials, tenant_id, limits = await self._fresh(organization_id, refused=None)
        api = self._gateway.accounting(tenant_id=tenant_id, access_token=credentials.access_token)
        api.limits = limits
        try:
            try:
                return await work(api)
            except Unauthorized as exc:
                if exc.status == 403:
                    raise  # the tenant is no longer open to this app: a reconnect, not a refresh
                credentials, tenant_id, _ = await self._fresh(
                    organization_id, refused=credentials.access_token
                )
                fresh = self._gateway.accounting(
                    tenant_id=tenant_id, access_token=credentials.access_token
                )
                fresh.limits = api.limits
                api = fresh
                return await work(api)
        finally:
            await self._record_limits(organization_id, api, limits)

    async def _record_limits(
        self, organization_id: str, api: XeroAccounting, before: RateLimits
    ) -> None:
        if api.limits == before:
            return
        async with tenant_session(self._sessionmaker, [organization_id]) as session:
            connection = await connection_of(session, PROVIDER)
            if connection is not None:
                connection.settings = {
                    **(connection.settings or {}),
                    "rate_limits": {
                        **api.limits.as_settings(),
                        "seen_at": datetime.now(UTC).isoformat(),
                    },
                }

    async def _fresh(
        self, organization_id: str, *, refused: str | None
    ) -> tuple[TokenCredentials, str, RateLimits]:
        """Credentials with a usable access token, the tenant and the recorded limits:
        refreshed (and committed) when the token expires within the margin or when
        ``refused`` is the token Xero just refused — unless another push refreshed it
        meanwhile (the row lock serializes them)."""
        async with tenant_session(self._sessionmaker, [organization_id]) as session:
            connection = await connection_of(session, PROVIDER, lock=True)
            if connection is None or connection.credentials is None:
                raise Unauthorized("Xero is not connected", provider=PROVIDER)
            limits, wait = _recorded_limits(connection.settings or {}, datetime.now(UTC))
            if wait:
                raise RateLimited(wait, provider=PROVIDER)
            try:
                credentials = TokenCredentials.open(self._box, connection.credentials)
            except (DecryptionError, KeyError, ValueError):
                raise Unauthorized(
                    "the stored Xero credentials cannot be read; reconnect Xero", provider=PROVIDER
                ) from None
            tenant_id = str(connection.external_account_id or "")
            if (
                not credentials.needs_refresh(datetime.now(UTC), REFRESH_MARGIN, refused)
                or credentials.app is None
                or credentials.refresh_token is None
            ):
                return credentials, tenant_id, limits
            try:
                tokens = await self._gateway.refresh(credentials.app, credentials.refresh_token)
            except Unauthorized as exc:
                raise Unauthorized(
                    f"{exc.message}: the Xero authorization was revoked or has expired; "
                    "reconnect Xero",
                    provider=PROVIDER,
                ) from None
            credentials = credentials.refreshed(tokens)
            connection.credentials = credentials.seal(self._box)
        return credentials, tenant_id, limits


def _recorded_limits(settings: dict[str, Any], now: datetime) -> tuple[RateLimits, int]:
    """The limits recorded on the connection while they still describe Xero's window, and
    how many seconds to wait first when the day's allowance was spent (after that, one call
    may find out whether Xero's rolling window has freed some)."""
    recorded = settings.get("rate_limits") or {}
    try:
        seen = datetime.fromisoformat(str(recorded["seen_at"]))
    except (KeyError, ValueError):
        return RateLimits(), 0
    age = int((now - seen).total_seconds())
    limits = RateLimits(recorded.get("day_remaining"), recorded.get("minute_remaining"))
    if limits.day_remaining == 0:
        return (RateLimits(), 0) if age >= SPENT_DAY_RETRY else (limits, SPENT_DAY_RETRY - age)
    if limits.minute_remaining == 0 and age < MINUTE:
        return limits, MINUTE - age
    return (limits, 0) if now - seen <= DAY_LIMIT_WINDOW else (RateLimits(), 0)
