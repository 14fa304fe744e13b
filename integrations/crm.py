"""What a CRM adapter offers the syncs: our clients as companies and contacts, bookings (and
bulk bookings) as deals, and the reads reconciliation needs to spot drift.

Provider-neutral: HubSpot (``integrations/hubspot.py``) and Salesforce
(``integrations/salesforce.py``) implement it. Every ``upsert_*`` takes the id our external
mapping holds (``known_id``) and our own id (``key``, which a CRM with external id fields
upserts by), updates that object while it exists, else matches or creates one, and returns
the id to keep. Failures are the shared family of ``integrations/errors.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

from integrations.errors import Unauthorized
from integrations.oauth import JwtBearer, OAuthApp, TokenCredentials, Tokens

# The CRM objects our entities map to (``external_mappings.object_type``).
ObjectType = Literal["company", "contact", "deal"]


@dataclass(frozen=True, slots=True)
class Company:
    name: str
    domain: str | None
    key: str = ""  # our client's id


@dataclass(frozen=True, slots=True)
class Deal:
    """``stage`` is the provider's own pipeline stage; ``amount`` empty leaves it unset (a
    batch in several currencies has no single value)."""

    name: str
    stage: str
    amount: str
    currency: str
    close_date: str
    company_id: str | None = None
    key: str = ""  # our booking's (or bulk booking's) id


@dataclass(frozen=True, slots=True)
class ApiUsage:
    """The provider's count of API calls against its allocation (Salesforce's rolling 24 h)."""

    used: int
    total: int

    @property
    def share(self) -> float:
        return self.used / self.total if self.total else 0.0


class Crm(Protocol):
    """One CRM account, bound to one set of credentials."""

    def deal_stage_for(self, status: str) -> str:
        """The pipeline stage of a deal whose booking (or bulk booking) is in ``status``."""
        ...

    async def check_token(self) -> None:
        """Raise :class:`~integrations.errors.Unauthorized` unless the credentials work."""
        ...

    async def upsert_company(self, company: Company, *, known_id: str | None) -> str: ...

    async def upsert_contact(
        self,
        *,
        email: str,
        name: str,
        known_id: str | None,
        key: str = "",
        company_id: str | None = None,
    ) -> str: ...

    async def upsert_deal(self, deal: Deal, *, known_id: str | None) -> str: ...

    async def batch_read(self, object_type: ObjectType, ids: Sequence[str]) -> dict[str, str]:
        """Which of ``ids`` still exist in the CRM, each with its deal stage (``""`` for
        objects without one), in as few calls as the provider allows (reconciliation)."""
        ...

    def api_usage(self) -> ApiUsage | None:
        """The newest API usage the provider reported on this client's calls, if it reports
        one."""
        ...


class CrmAuth(Protocol):
    """The CRM's OAuth 2.0: its consent (install) page and its token endpoint."""

    def authorization_url(self, app: OAuthApp, state: str, scopes: Sequence[str] = ...) -> str: ...

    async def exchange_code(self, app: OAuthApp, code: str) -> Tokens: ...

    async def refresh(self, app: OAuthApp, refresh_token: str) -> Tokens: ...


@runtime_checkable
class JwtBearerAuth(Protocol):
    """A CRM whose token endpoint also takes a signed assertion (RFC 7523; Salesforce)."""

    async def jwt_bearer(self, grant: JwtBearer) -> Tokens: ...


async def renew(auth: CrmAuth, credentials: TokenCredentials) -> TokenCredentials:
    """Credentials with a new access token: a fresh assertion signed for a JWT bearer
    connection, else the refresh token spent. Raises
    :class:`~integrations.errors.Unauthorized` when the grant is refused."""
    if credentials.jwt is not None:
        if not isinstance(auth, JwtBearerAuth):
            raise Unauthorized("this provider has no JWT bearer flow", provider="")
        return credentials.refreshed(await auth.jwt_bearer(credentials.jwt))
    assert credentials.app is not None and credentials.refresh_token is not None
    return credentials.refreshed(await auth.refresh(credentials.app, credentials.refresh_token))


# A CRM client for a connection: its (opened) credentials and its settings (a stage mapping).
CrmFactory = Callable[[TokenCredentials, Mapping[str, Any]], Crm]
