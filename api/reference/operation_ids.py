"""Operation ids: stable, readable names that client generators turn into method names.

The convention: ``lowerCamelCase``, a verb first and the resource after it (``listBookings``,
``createBooking``, ``getBooking``, ``cancelBooking``, ``decideApproval``). By default the id
is the route handler's name in camel case (``list_bookings`` → ``listBookings``); a handler
whose name says too little outside its module (``decide``, ``resend``) is named here, keyed by
``module.handler``. Ids never change once published: a renamed handler keeps its id here.
"""

from __future__ import annotations

from fastapi.routing import APIRoute

_NAMED: dict[str, str] = {
    "api.routes.health.healthz": "checkHealth",
    "api.routes.health.readyz": "checkReadiness",
    "api.routes.calendars.calendar_feed": "downloadCalendarFeed",
    "api.routes.calendars.list_feeds": "listCalendarFeeds",
    "api.routes.calendars.create_feed": "createCalendarFeed",
    "api.routes.calendars.revoke_feed": "revokeCalendarFeed",
    "api.routes.key_invites.claim_key_invite": "claimApiKeyInvite",
    "api.routes.key_invites.create_key_invite": "createApiKeyInvite",
    "api.routes.slack_interactions.interactions": "handleSlackInteraction",
    "api.routes.api_keys.create_key": "createApiKey",
    "api.routes.api_keys.get_key": "getApiKey",
    "api.routes.api_keys.revoke_key": "revokeApiKey",
    "api.routes.artists.bulk_artists": "importArtists",
    "api.routes.creators.creator_availability": "getCreatorAvailability",
    "api.routes.rooms.room_availability": "getRoomAvailability",
    "api.routes.bookings.conflicts": "checkBookingConflicts",
    "api.routes.bookings.no_show_booking": "markBookingNoShow",
    "api.routes.approval_policies.list_policies": "listApprovalPolicies",
    "api.routes.approval_policies.create_policy": "createApprovalPolicy",
    "api.routes.approval_policies.get_policy": "getApprovalPolicy",
    "api.routes.approval_policies.update_policy": "updateApprovalPolicy",
    "api.routes.approvals.decide": "decideApproval",
    "api.routes.approvals.delegate": "delegateApproval",
    "api.routes.integrations.disconnect": "disconnectIntegration",
    "api.routes.integration_settings.list_reconciliations": "listIntegrationReconciliations",
    "api.routes.integration_settings.put_slack_notifications": "setSlackNotifications",
    "api.routes.webhook_endpoints.list_endpoints": "listWebhookEndpoints",
    "api.routes.webhook_endpoints.create_endpoint": "createWebhookEndpoint",
    "api.routes.webhook_endpoints.get_endpoint": "getWebhookEndpoint",
    "api.routes.webhook_endpoints.update_endpoint": "updateWebhookEndpoint",
    "api.routes.webhook_endpoints.delete_endpoint": "deleteWebhookEndpoint",
    "api.routes.webhook_endpoints.rotate_secret": "rotateWebhookEndpointSecret",
    "api.routes.webhook_endpoints.list_attempts": "listWebhookAttempts",
    "api.routes.webhook_endpoints.resend": "resendWebhookEvent",
    "api.routes.webhook_endpoints.recover": "recoverWebhookEvents",
    "api.routes.revenue.import_statement": "importRevenueStatement",
    "api.routes.revenue.list_imports": "listRevenueImports",
    "api.routes.revenue.get_import": "getRevenueImport",
    "api.routes.revenue.delete_import": "deleteRevenueImport",
    "api.routes.ledger.list_rates": "listExchangeRates",
    "api.routes.ledger.put_rates": "setExchangeRates",
    "api.routes.ledger.create_entry": "createLedgerEntry",
    "api.routes.ledger.list_entries": "listLedgerEntries",
    "api.routes.ledger.get_entry": "getLedgerEntry",
    "api.routes.analytics.roster": "getRosterAnalytics",
    "api.routes.analytics.artist_comparison": "compareArtists",
    "api.routes.analytics.creator_utilisation": "getCreatorUtilisation",
    "api.routes.analytics.booking_pipeline": "getBookingPipeline",
    "api.routes.analytics.budget_report": "getBudgetReport",
    "api.routes.analytics.forecast": "getRevenueForecast",
    "api.routes.analytics.budget_scenario": "runBudgetScenario",
    "api.routes.projects.project_progress": "getProjectProgress",
    "api.routes.projects.update_checklist": "updateMilestoneChecklist",
    "api.routes.sso.put_sso_configuration": "setSsoConfiguration",
    "api.routes.communication.list_templates": "listEmailTemplates",
    "api.routes.communication.get_template": "getEmailTemplate",
    "api.routes.communication.put_template": "setEmailTemplate",
    "api.routes.communication.delete_template": "resetEmailTemplate",
    "api.routes.communication.preview_template": "previewEmailTemplate",
    "api.routes.communication.get_settings": "getCommunicationSettings",
    "api.routes.communication.update_settings": "updateCommunicationSettings",
    "api.routes.communication.list_outbox": "listEmailOutbox",
    "api.routes.usage.daily_usage": "getDailyUsage",
    "api.routes.usage.monthly_statement": "getMonthlyUsageStatement",
}


def camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def operation_id(route: APIRoute) -> str:
    """The operation id of ``route`` (FastAPI's ``generate_unique_id_function``)."""
    handler = f"{route.endpoint.__module__}.{route.endpoint.__name__}"
    return _NAMED.get(handler) or camel_case(route.name)
