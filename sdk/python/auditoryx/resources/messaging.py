"""What leaves the API: events, webhooks, integrations and e-mail."""

from __future__ import annotations

from auditoryx._resource import C_co, Endpoint, ListEndpoint, Resource
from auditoryx.models import (
    AttemptOut,
    BackfillOut,
    EndpointOut,
    EventOut,
    EventTypeOut,
    IntegrationOut,
    IntegrationSettingsOut,
    NotificationsOut,
    OutboxOut,
    PreviewOut,
    ReconciliationOut,
    ResendOut,
    SecretOut,
    SettingsOut,
    TemplateOut,
)


class WebhookEndpoints(Resource[C_co]):
    """Receivers of events, signed per Standard Webhooks (see :mod:`auditoryx.webhooks`)."""

    list = ListEndpoint[EndpointOut]("/v1/webhook-endpoints", EndpointOut)
    create = Endpoint[EndpointOut]("POST", "/v1/webhook-endpoints", EndpointOut)
    retrieve = Endpoint[EndpointOut]("GET", "/v1/webhook-endpoints/{id}", EndpointOut)
    update = Endpoint[EndpointOut]("PATCH", "/v1/webhook-endpoints/{id}", EndpointOut)
    delete = Endpoint[None]("DELETE", "/v1/webhook-endpoints/{id}", None)
    rotate_secret = Endpoint[SecretOut](
        "POST", "/v1/webhook-endpoints/{id}/rotate-secret", SecretOut
    )
    attempts = ListEndpoint[AttemptOut]("/v1/webhook-endpoints/{id}/attempts", AttemptOut)
    resend = Endpoint[ResendOut]("POST", "/v1/webhook-endpoints/{id}/resend", ResendOut)
    recover = Endpoint[ResendOut]("POST", "/v1/webhook-endpoints/{id}/recover", ResendOut)


class Events(Resource[C_co]):
    list = ListEndpoint[EventOut]("/v1/events", EventOut)
    retrieve = Endpoint[EventOut]("GET", "/v1/events/{id}", EventOut)


class EventTypes(Resource[C_co]):
    list = ListEndpoint[EventTypeOut]("/v1/event-types", EventTypeOut, cursor="type")


class Integrations(Resource[C_co]):
    """Connected Slack, Teams, HubSpot, Salesforce, QuickBooks, Xero, Asana and Monday.com
    accounts (credentials are write-only)."""

    list = ListEndpoint[IntegrationOut]("/v1/integrations", IntegrationOut, cursor="provider")
    connect_slack = Endpoint[IntegrationOut]("PUT", "/v1/integrations/slack", IntegrationOut)
    connect_teams = Endpoint[IntegrationOut]("PUT", "/v1/integrations/teams", IntegrationOut)
    connect_teams_bot = Endpoint[IntegrationOut](
        "PUT", "/v1/integrations/teams/bot", IntegrationOut
    )
    connect_hubspot = Endpoint[IntegrationOut]("PUT", "/v1/integrations/hubspot", IntegrationOut)
    connect_salesforce = Endpoint[IntegrationOut](
        "PUT", "/v1/integrations/salesforce", IntegrationOut
    )
    backfill_salesforce = Endpoint[BackfillOut](
        "POST", "/v1/integrations/salesforce/backfills", BackfillOut
    )
    connect_quickbooks = Endpoint[IntegrationOut](
        "PUT", "/v1/integrations/quickbooks", IntegrationOut
    )
    connect_xero = Endpoint[IntegrationOut]("PUT", "/v1/integrations/xero", IntegrationOut)
    connect_asana = Endpoint[IntegrationOut]("PUT", "/v1/integrations/asana", IntegrationOut)
    connect_monday = Endpoint[IntegrationOut]("PUT", "/v1/integrations/monday", IntegrationOut)
    disconnect = Endpoint[IntegrationOut]("DELETE", "/v1/integrations/{provider}", IntegrationOut)
    update = Endpoint[IntegrationSettingsOut](
        "PATCH", "/v1/integrations/{provider}", IntegrationSettingsOut
    )
    reconciliations = ListEndpoint[ReconciliationOut](
        "/v1/integrations/{provider}/reconciliations", ReconciliationOut, cursor="started_at"
    )
    slack_notifications = Endpoint[NotificationsOut](
        "GET", "/v1/integrations/slack/notifications", NotificationsOut
    )
    update_slack_notifications = Endpoint[NotificationsOut](
        "PUT", "/v1/integrations/slack/notifications", NotificationsOut
    )


class EmailTemplates(Resource[C_co]):
    """The organization's overrides of the e-mail templates (sandboxed when rendered)."""

    list = ListEndpoint[TemplateOut]("/v1/email-templates", TemplateOut, cursor="name")
    retrieve = Endpoint[TemplateOut]("GET", "/v1/email-templates/{name}", TemplateOut)
    update = Endpoint[TemplateOut]("PUT", "/v1/email-templates/{name}", TemplateOut)
    delete = Endpoint[None]("DELETE", "/v1/email-templates/{name}", None)
    preview = Endpoint[PreviewOut]("POST", "/v1/email-templates/{name}/preview", PreviewOut)


class CommunicationSettings(Resource[C_co]):
    retrieve = Endpoint[SettingsOut]("GET", "/v1/communication-settings", SettingsOut)
    update = Endpoint[SettingsOut]("PATCH", "/v1/communication-settings", SettingsOut)


class EmailOutbox(Resource[C_co]):
    list = ListEndpoint[OutboxOut]("/v1/email-outbox", OutboxOut)
