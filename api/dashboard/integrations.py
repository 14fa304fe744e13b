"""Integrations in the dashboard: connect and disconnect Slack, Teams (a Workflows webhook or
the organization's bot), HubSpot, Salesforce (server to server with the JWT bearer flow),
QuickBooks, Xero (through its consent page: ``xero_oauth.py``), Asana and Monday.com (a
token here, or through their consent pages: ``project_tool_oauth.py``),
see each connection's health (status, last error, last sync, last reconciliation), and choose
which events Slack posts to which channel.

Each form takes the API's path: the API's request schema, the same permission
(``integrations:read``/``integrations:write``), the same services (``api.integration_connect``
checks the credentials with the provider, then seals and saves them; ``domain.connections``),
which audit. Credentials are never shown back: a connected provider shows its status and the
account it reaches, and a form re-shown after a refusal keeps what was typed except secrets.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Path, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from api import integration_connect as connect
from api import project_tools
from api.after_commit import connected, sync_reconcile_schedule, unsubscribe_webhooks
from api.dashboard.forms import Errors, done, field_error, posted, schema_errors
from api.dashboard.web import Current, DashboardRoute, PageContext, page
from api.deps import get_temporal
from api.integration_deps import (
    get_asana,
    get_asana_auth,
    get_hubspot,
    get_hubspot_auth,
    get_monday,
    get_monday_gateway,
    get_project_tools,
    get_quickbooks,
    get_salesforce,
    get_salesforce_auth,
    get_slack_clients,
)
from api.salesforce_backfill import request_backfill
from api.schemas.integration_settings import MAX_ROUTES, NotificationRoute
from api.schemas.integrations import (
    HubSpotConnectIn,
    SalesforceConnectIn,
    SlackConnectIn,
    TeamsBotConnectIn,
    TeamsConnectIn,
)
from api.schemas.integrations_asana import AsanaConnectIn
from api.schemas.integrations_monday import MondayConnectIn
from api.schemas.integrations_quickbooks import QuickBooksConnectIn
from domain.connections import service as connections
from domain.connections.models import IntegrationConnection
from domain.errors import DomainError
from domain.events.service import CATALOG

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
PATH = "/dashboard/integrations"
CONNECTABLE = (
    "slack",
    "teams",
    "hubspot",
    "salesforce",
    "quickbooks",
    "xero",
    "asana",
    "monday",
)
NAMES = {
    "slack": "Slack",
    "teams": "Microsoft Teams",
    "teams_bot": "the Teams bot",
    "hubspot": "HubSpot",
    "salesforce": "Salesforce",
    "quickbooks": "QuickBooks",
    "xero": "Xero",
    "asana": "Asana",
    "monday": "Monday.com",
}
# The fields of each connect form; the secret ones are never written back into the page.
FIELDS: dict[str, tuple[type[BaseModel], tuple[str, ...], tuple[str, ...]]] = {
    "slack": (SlackConnectIn, ("team_id", "default_channel"), ("bot_token", "signing_secret")),
    "teams": (TeamsConnectIn, (), ("webhook_url",)),
    "teams_bot": (TeamsBotConnectIn, ("app_id", "tenant_id"), ("app_password",)),
    "hubspot": (HubSpotConnectIn, (), ("access_token",)),
    "salesforce": (SalesforceConnectIn, ("client_id", "username"), ("private_key",)),
    "quickbooks": (
        QuickBooksConnectIn,
        ("environment", "realm_id", "client_id", "redirect_uri", "item_id"),
        ("client_secret", "authorization_code", "access_token", "refresh_token"),
    ),
    "asana": (AsanaConnectIn, ("workspace_gid", "team_gid"), ("access_token",)),
    "monday": (MondayConnectIn, ("workspace_id",), ("access_token",)),
}
# The connect forms: a card's own, and the Teams card's second (the bot).
ProviderPath = Annotated[str, Path(pattern=f"^({'|'.join(FIELDS)})$")]
# What a disconnect names: a card.
CardPath = Annotated[str, Path(pattern=f"^({'|'.join(CONNECTABLE)})$")]
FIELD_CHARS = 10000  # a 4096-bit RSA key in PEM is about 3,300


async def render_integrations(
    request: Request,
    ctx: PageContext,
    *,
    status: int = 200,
    errors: Errors | None = None,
    values: dict[str, Any] | None = None,
) -> HTMLResponse:
    async with ctx.tenant(request) as session:
        listed = await connections.list_connections(session)
        health = await connections.sync_health(session)
    by_provider: dict[str, IntegrationConnection] = {c.provider: c for c in listed.items}
    slack = by_provider.get("slack")
    routes = list((slack.settings or {}).get("notifications") or []) if slack else []
    return page(
        "integrations.html",
        status=status,
        context=ctx,
        active=PATH,
        title="Integrations",
        providers=[(p, NAMES[p], by_provider.get(p), health.get(p)) for p in CONNECTABLE],
        names=NAMES,
        reconciliations={
            p: ((c.settings or {}).get("reconciliations") or [None])[0]
            for p, c in by_provider.items()
        },
        routes=routes,
        max_routes=MAX_ROUTES,
        catalog=list(CATALOG),
        can_write=ctx.principal.can("integrations:write"),
        errors=errors or {},
        open_providers={key.split(".")[0] for key in (errors or {})},
        values=values or {},
        notice=request.query_params.get("done", ""),
    )


@router.get(PATH)
async def integrations_page(request: Request, ctx: Current) -> HTMLResponse:
    ctx.require("integrations:read")
    return await render_integrations(request, ctx)


def _form_values(provider: str, form: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """(what the schema gets, what the page may show again): blank fields are left out, so
    the schema's defaults apply; secrets are never in the second."""
    _schema, shown, secret = FIELDS[provider]
    given = {
        name: str(form.get(name, "")).strip()[:FIELD_CHARS]
        for name in (*shown, *secret)
        if str(form.get(name, "")).strip()
    }
    return given, {f"{provider}.{k}": v for k, v in given.items() if k in shown}


async def connect_in(
    session: AsyncSession, request: Request, ctx: PageContext, provider: str, body: Any
) -> IntegrationConnection:
    """``body`` (checked by the provider's API schema) connected through the API's service
    for ``provider``, in ``session``: the connect forms here and the consent flows'
    callbacks (``oauth_consent.ConsentFlow.finish``) save the same way."""
    settings = request.app.state.settings
    box = request.app.state.secret_box
    actor = ctx.actor(request)
    if provider == "slack":
        return await connect.connect_slack(
            session,
            body,
            organization_id=ctx.organization_id,
            box=box,
            slack_clients=get_slack_clients(request),
            actor=actor,
        )
    if provider == "teams":
        return await connect.connect_teams(
            session,
            body,
            organization_id=ctx.organization_id,
            settings=settings,
            box=box,
            actor=actor,
        )
    if provider == "teams_bot":
        return await connect.connect_teams_bot(
            session, body, organization_id=ctx.organization_id, box=box, actor=actor
        )
    if provider == "salesforce":
        return await connect.connect_salesforce(
            session,
            body,
            organization_id=ctx.organization_id,
            box=box,
            salesforce=get_salesforce(request),
            auth=get_salesforce_auth(request),
            actor=actor,
        )
    if provider == "asana":
        return await project_tools.connect_asana(
            session,
            body,
            organization_id=ctx.organization_id,
            box=box,
            asana=get_asana(request),
            auth=get_asana_auth(request),
            actor=actor,
        )
    if provider == "monday":
        return await project_tools.connect_monday(
            session,
            body,
            organization_id=ctx.organization_id,
            box=box,
            monday=get_monday(request),
            gateway=get_monday_gateway(request),
            actor=actor,
        )
    if provider == "hubspot":
        return await connect.connect_hubspot(
            session,
            body,
            organization_id=ctx.organization_id,
            box=box,
            hubspot=get_hubspot(request),
            auth=get_hubspot_auth(request),
            actor=actor,
        )
    return await connect.connect_quickbooks(
        session,
        body,
        organization_id=ctx.organization_id,
        box=box,
        gateway=get_quickbooks(request),
        actor=actor,
    )


@router.post("/dashboard/integrations/{provider}")
async def connect_provider(
    request: Request, ctx: Current, provider: ProviderPath, background: BackgroundTasks
) -> Response:
    """``PUT /v1/integrations/{provider}`` (``teams_bot``: ``…/teams/bot``): checked with the
    provider, then saved."""
    form = await posted(request, ctx, "integrations:write")
    given, shown = _form_values(provider, form)
    body, errors = schema_errors(FIELDS[provider][0], given)
    errors = {f"{provider}.{k}": v for k, v in errors.items()}
    status = 422
    if body is not None:
        try:
            async with ctx.tenant(request) as session:
                connection = await connect_in(session, request, ctx, provider, body)
        except DomainError as exc:
            # A provider rate limiting us or down names no field: shown by the first secret.
            status, errors = field_error(
                exc, prefix=f"{provider}.", unnamed=f"{provider}.{FIELDS[provider][2][0]}"
            )
    if errors:
        return await render_integrations(request, ctx, status=status, errors=errors, values=shown)
    background.add_task(
        connected,
        request.app.state,
        ctx.organization_id,
        connection.provider,
        connection.settings,
    )
    return done(PATH, f"connected-{provider}")


@router.post("/dashboard/integrations/{provider}/disconnect")
async def disconnect_provider(
    request: Request, ctx: Current, provider: CardPath, background: BackgroundTasks
) -> Response:
    """``DELETE /v1/integrations/{provider}``: the credentials are wiped, the record kept; a
    project tool's webhooks are unsubscribed once that committed."""
    await posted(request, ctx, "integrations:write")
    box = request.app.state.secret_box
    async with ctx.tenant(request) as session:
        tool = await project_tools.connection_tool(
            session,
            box,
            provider,
            get_project_tools(request),
            {"asana": get_asana_auth(request)},
        )
        await connections.disconnect(
            session,
            organization_id=ctx.organization_id,
            provider=provider,
            actor=ctx.actor(request),
        )
        released = await project_tools.released_webhooks(session, provider, tool)
    background.add_task(
        sync_reconcile_schedule, request.app.state, ctx.organization_id, provider, None
    )
    background.add_task(unsubscribe_webhooks, ctx.organization_id, released)
    return done(PATH, f"disconnected-{provider}")


@router.post("/dashboard/integrations/salesforce/backfill")
async def salesforce_backfill(request: Request, ctx: Current) -> Response:
    """``POST /v1/integrations/salesforce/backfills``: every client pushed again."""
    await posted(request, ctx, "integrations:write")
    try:
        async with ctx.tenant(request) as session:
            await request_backfill(
                session,
                lambda: get_temporal(request),
                organization_id=ctx.organization_id,
                task_queue=request.app.state.settings.temporal_task_queue,
                actor=ctx.actor(request),
            )
    except DomainError as exc:
        status, errors = field_error(exc, unnamed="salesforce.backfill")
        return await render_integrations(request, ctx, status=status, errors=errors)
    return done(PATH, "backfill-started")


def _row_param(param: str, rows: list[tuple[int, str, str]]) -> str:
    """``routes.{i}.field`` of the i-th route sent to the service, as the form's row index."""
    parts = param.split(".")
    sent = len(parts) == 3 and parts[0] == "routes" and parts[1].isdigit()
    if sent and int(parts[1]) < len(rows):
        return f"routes.{rows[int(parts[1])][0]}.{parts[2]}"
    return param


@router.post("/dashboard/integrations/slack/notifications")
async def slack_notifications(request: Request, ctx: Current) -> Response:
    """``PUT /v1/integrations/slack/notifications``: the rows of the form replace the routes;
    a row left blank or ticked for removal is dropped."""
    form = await posted(request, ctx, "integrations:write")
    types = [str(v)[:80] for v in form.getlist("event_type")][: MAX_ROUTES + 1]
    channels = [str(v).strip()[:40] for v in form.getlist("channel")][: MAX_ROUTES + 1]
    removed = {str(v) for v in form.getlist("remove")}
    rows = [
        (index, event_type, channel)
        for index, (event_type, channel) in enumerate(zip(types, channels, strict=False))
        if str(index) not in removed and (event_type or channel)
    ]
    errors: Errors = {}
    for index, event_type, channel in rows:
        _route, problems = schema_errors(
            NotificationRoute, {"event_type": event_type, "channel": channel}
        )
        for field, message in problems.items():
            errors.setdefault(f"routes.{index}.{field}", message)
    if len(rows) > MAX_ROUTES:
        errors["routes"] = f"At most {MAX_ROUTES} routes."
    status = 422
    if not errors:
        try:
            async with ctx.tenant(request) as session:
                await connections.set_notification_routes(
                    session,
                    [(event_type, channel) for _index, event_type, channel in rows],
                    now=datetime.now(UTC),
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            if exc.status == 404:  # no live Slack connection: said beside the routes
                status, errors = 409, {"routes": "Connect Slack first."}
            else:
                status, errors = field_error(exc, unnamed="routes")
                errors = {_row_param(k, rows): v for k, v in errors.items()}
    if errors:
        # Keep the rows as typed, in their positions, so each error stays beside its row.
        typed = [
            {"event_type": t, "channel": c, "index": i}
            for i, (t, c) in enumerate(zip(types, channels, strict=False))
        ]
        return await render_integrations(
            request, ctx, status=status, errors=errors, values={"routes": typed}
        )
    return done(PATH, "notifications-saved")
