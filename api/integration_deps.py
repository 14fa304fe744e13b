"""How the API reaches the providers it checks credentials with: Slack, HubSpot, Salesforce,
QuickBooks, Xero, Asana and Monday.com, and the Teams bot's Bot Framework keys and connector.
The composition root (or a test) may set a factory on ``app.state``; otherwise the real
service is used.
Credentials are sealed with the app's box (``api.deps.SecretBoxDep``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from fastapi import Depends, Request

from integrations.asana import AsanaProjects, asana_factory
from integrations.asana_oauth import AsanaOAuth
from integrations.crm import CrmAuth, CrmFactory
from integrations.hubspot import HubSpotOAuth, hubspot_factory
from integrations.monday import MondayGateway
from integrations.project_management import ToolFactory
from integrations.quickbooks import QuickBooksGateway
from integrations.salesforce import SalesforceOAuth, salesforce_factory
from integrations.slack import SlackClientFactory, slack_client_factory
from integrations.teams_bot import BotConnector, BotCredentials, BotFrameworkKeys
from integrations.xero import XeroGateway

TeamsConnectors = Callable[[BotCredentials], BotConnector]


def get_slack_clients(request: Request) -> SlackClientFactory:
    """``app.state.slack_client_factory`` when set, else the real Slack Web API."""
    factory: SlackClientFactory | None = getattr(request.app.state, "slack_client_factory", None)
    return factory or slack_client_factory(request.app.state.settings.slack_api_base_url)


def get_hubspot(request: Request) -> CrmFactory:
    """``app.state.hubspot_factory`` when set (tests point it at a stub), else HubSpot."""
    factory: CrmFactory | None = getattr(request.app.state, "hubspot_factory", None)
    return factory or hubspot_factory()


def get_hubspot_auth(request: Request) -> CrmAuth:
    """``app.state.hubspot_auth`` when set (tests point it at a stub), else HubSpot's OAuth."""
    auth: CrmAuth | None = getattr(request.app.state, "hubspot_auth", None)
    return auth or HubSpotOAuth()


def get_salesforce(request: Request) -> CrmFactory:
    """``app.state.salesforce_factory`` when set (tests point it at a stub), else Salesforce."""
    factory: CrmFactory | None = getattr(request.app.state, "salesforce_factory", None)
    return factory or salesforce_factory()


def get_salesforce_auth(request: Request) -> CrmAuth:
    """``app.state.salesforce_auth`` when set (tests point it at a stub), else Salesforce's
    token endpoint at login.salesforce.com."""
    auth: CrmAuth | None = getattr(request.app.state, "salesforce_auth", None)
    return auth or SalesforceOAuth()


def get_quickbooks(request: Request) -> QuickBooksGateway:
    """``app.state.quickbooks_gateway`` when set (tests point it at a stub), else Intuit."""
    gateway: QuickBooksGateway | None = getattr(request.app.state, "quickbooks_gateway", None)
    return gateway or QuickBooksGateway()


def get_teams_keys(request: Request) -> BotFrameworkKeys:
    """The Bot Framework signing keys, cached on the app (fetched from the configured OpenID
    metadata URL on first use)."""
    state = request.app.state
    keys: BotFrameworkKeys | None = getattr(state, "teams_keys", None)
    if keys is None:
        keys = BotFrameworkKeys(
            state.settings.teams_openid_metadata_url, issuer=state.settings.teams_token_issuer
        )
        state.teams_keys = keys
    return keys


def get_teams_connectors(request: Request) -> TeamsConnectors:
    """How the API reaches the Bot Connector as a given bot (token from the configured URL)."""
    token_url: str = request.app.state.settings.teams_token_url
    return lambda credentials: BotConnector(credentials, token_url=token_url)


def get_xero(request: Request) -> XeroGateway:
    """``app.state.xero_gateway`` when set (tests point it at a stub), else Xero."""
    gateway: XeroGateway | None = getattr(request.app.state, "xero_gateway", None)
    return gateway or XeroGateway()


AsanaFactory = Callable[[str, Mapping[str, Any]], AsanaProjects]


def get_asana(request: Request) -> AsanaFactory:
    """``app.state.asana_factory`` when set, else Asana at ``ASANA_API_BASE_URL``."""
    factory: AsanaFactory | None = getattr(request.app.state, "asana_factory", None)
    return factory or asana_factory(request.app.state.settings.asana_api_base_url)


def get_asana_auth(request: Request) -> AsanaOAuth:
    """``app.state.asana_auth`` when set, else Asana's OAuth at ``ASANA_AUTH_URL``."""
    auth: AsanaOAuth | None = getattr(request.app.state, "asana_auth", None)
    return auth or AsanaOAuth(request.app.state.settings.asana_auth_url)


def get_monday_gateway(request: Request) -> MondayGateway:
    """One gateway per app (it keeps each token's complexity budget between requests):
    ``app.state.monday_gateway`` when set, else Monday at ``MONDAY_API_URL``, its consent
    page and token endpoint under ``MONDAY_AUTH_URL``."""
    state = request.app.state
    gateway: MondayGateway | None = getattr(state, "monday_gateway", None)
    if gateway is None:
        gateway = state.monday_gateway = MondayGateway(
            api_url=state.settings.monday_api_url, auth_url=state.settings.monday_auth_url
        )
    return gateway


def get_monday(request: Request) -> ToolFactory:
    """``app.state.monday_factory`` when set, else the clients of :func:`get_monday_gateway`."""
    factory: ToolFactory | None = getattr(request.app.state, "monday_factory", None)
    return factory or get_monday_gateway(request).factory()


def get_project_tools(request: Request) -> dict[str, ToolFactory]:
    """The project tools' factories by provider (Asana, Monday.com)."""
    return {"asana": get_asana(request), "monday": get_monday(request)}


SlackClientsDep = Annotated[SlackClientFactory, Depends(get_slack_clients)]
HubSpotDep = Annotated[CrmFactory, Depends(get_hubspot)]
HubSpotAuthDep = Annotated[CrmAuth, Depends(get_hubspot_auth)]
SalesforceDep = Annotated[CrmFactory, Depends(get_salesforce)]
SalesforceAuthDep = Annotated[CrmAuth, Depends(get_salesforce_auth)]
QuickBooksDep = Annotated[QuickBooksGateway, Depends(get_quickbooks)]
TeamsKeysDep = Annotated[BotFrameworkKeys, Depends(get_teams_keys)]
TeamsConnectorsDep = Annotated[TeamsConnectors, Depends(get_teams_connectors)]
XeroDep = Annotated[XeroGateway, Depends(get_xero)]
AsanaDep = Annotated[AsanaFactory, Depends(get_asana)]
AsanaAuthDep = Annotated[AsanaOAuth, Depends(get_asana_auth)]
MondayDep = Annotated[ToolFactory, Depends(get_monday)]
MondayGatewayDep = Annotated[MondayGateway, Depends(get_monday_gateway)]
ProjectToolsDep = Annotated[dict[str, ToolFactory], Depends(get_project_tools)]
