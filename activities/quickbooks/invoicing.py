"""QuickBooks invoicing: the accounting push (``activities/accounting/invoicing.py``) with
Intuit's tokens.

An access token that expires within :data:`REFRESH_MARGIN` is refreshed before use, and one
QuickBooks refuses (401) is refreshed once and the call repeated. Refreshing happens under a
row lock on the connection, and the new pair — Intuit rotates refresh tokens — is sealed and
committed before it is used. A refresh token Intuit refuses puts the connection in ``error``
with a message telling the user to reconnect.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar, cast

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from activities.accounting.invoicing import AccountingInvoicing, connection_of
from core.crypto import DecryptionError, SecretBox
from core.db import tenant_session
from domain.finance.invoicing import QUICKBOOKS, QuickBooksCredentials
from domain.keys.sealed import Sealing
from integrations.accounting import Accounting
from integrations.errors import Unauthorized
from integrations.quickbooks import Environment, IntuitApp, QuickBooksGateway

REFRESH_MARGIN = timedelta(minutes=5)
T = TypeVar("T")


class QuickBooksInvoicing(AccountingInvoicing):
    provider = QUICKBOOKS
    default_item_id = "1"  # QuickBooks' built-in "Services" item

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        box: SecretBox,
        *,
        gateway: QuickBooksGateway | None = None,
        sealing: Sealing | None = None,
    ) -> None:
        super().__init__(sessionmaker, box, sealing)
        self._gateway = gateway or QuickBooksGateway()

    async def _with_token(
        self, organization_id: str, work: Callable[[Accounting], Awaitable[T]]
    ) -> T:
        credentials, environment = await self._fresh(organization_id, refused=None)
        try:
            return await work(self._api(environment, credentials))
        except Unauthorized:
            # Revoked early, or refused before its expiry: one refresh, one more try.
            credentials, environment = await self._fresh(
                organization_id, refused=credentials.access_token
            )
            return await work(self._api(environment, credentials))

    def _api(self, environment: Environment, credentials: QuickBooksCredentials) -> Accounting:
        return self._gateway.accounting(
            environment, realm_id=credentials.realm_id, access_token=credentials.access_token
        )

    async def _fresh(
        self, organization_id: str, *, refused: str | None
    ) -> tuple[QuickBooksCredentials, Environment]:
        """Credentials with a usable access token: refreshed (and committed) when it expires
        within the margin or when ``refused`` is the token QuickBooks just refused — unless
        another push refreshed it meanwhile (the row lock serializes them)."""
        async with tenant_session(self._sessionmaker, [organization_id]) as session:
            connection = await connection_of(session, QUICKBOOKS, lock=True)
            if connection is None or connection.credentials is None:
                raise Unauthorized("QuickBooks is not connected", provider=QUICKBOOKS)
            try:
                credentials = QuickBooksCredentials.open(self._box, connection.credentials)
            except (DecryptionError, KeyError, ValueError):
                raise Unauthorized(
                    "the stored QuickBooks credentials cannot be read; reconnect QuickBooks",
                    provider=QUICKBOOKS,
                ) from None
            environment = cast(
                Environment, (connection.settings or {}).get("environment", "production")
            )
            stale = refused is not None and credentials.access_token == refused
            if not stale and not (
                refused is None and credentials.expires_at - REFRESH_MARGIN <= datetime.now(UTC)
            ):
                return credentials, environment
            try:
                tokens = await self._gateway.refresh(
                    environment,
                    IntuitApp(credentials.client_id, credentials.client_secret),
                    credentials.refresh_token,
                )
            except Unauthorized as exc:
                raise Unauthorized(
                    f"{exc.message}: the QuickBooks authorization was revoked or has expired; "
                    "reconnect QuickBooks",
                    provider=QUICKBOOKS,
                ) from None
            credentials = QuickBooksCredentials(
                client_id=credentials.client_id,
                client_secret=credentials.client_secret,
                redirect_uri=credentials.redirect_uri,
                realm_id=credentials.realm_id,
                access_token=tokens.access_token,
                refresh_token=tokens.refresh_token,
                expires_at=tokens.expires_at,
                refresh_expires_at=tokens.refresh_expires_at,
            )
            connection.credentials = credentials.seal(self._box)
        return credentials, environment
