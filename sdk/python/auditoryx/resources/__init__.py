"""One class per API resource; :class:`Resources` names the attribute each has on a client."""

from __future__ import annotations

from typing import Generic, TypeVar

from auditoryx._http import AsyncAPI, SyncAPI
from auditoryx.resources.catalog import (
    Absences,
    Artists,
    CalendarFeeds,
    Clients,
    Creators,
    Rooms,
    TimeOff,
)
from auditoryx.resources.finance import (
    Analytics,
    Budgets,
    ExchangeRates,
    LedgerEntries,
    RevenueImports,
    Usage,
)
from auditoryx.resources.messaging import (
    CommunicationSettings,
    EmailOutbox,
    EmailTemplates,
    Events,
    EventTypes,
    Integrations,
    WebhookEndpoints,
)
from auditoryx.resources.privacy import Erasures, Exports, Retention
from auditoryx.resources.tenancy import (
    ApiKeyInvites,
    ApiKeys,
    AuditEvents,
    Members,
    Organization,
    Organizations,
    Permissions,
    Roles,
    Sandbox,
    ScimGroupMappings,
    ScimTokens,
    Sso,
)
from auditoryx.resources.work import (
    ApprovalPolicies,
    Approvals,
    Bookings,
    BulkBookings,
    Contracts,
    Matches,
    Milestones,
    Projects,
)

C = TypeVar("C", bound=SyncAPI | AsyncAPI)


class Resources(Generic[C]):
    """Every resource, one attribute each, bound to the client ``C``."""

    organization: Organization[C]
    organizations: Organizations[C]
    members: Members[C]
    permissions: Permissions[C]
    roles: Roles[C]
    api_keys: ApiKeys[C]
    api_key_invites: ApiKeyInvites[C]
    scim_tokens: ScimTokens[C]
    scim_group_mappings: ScimGroupMappings[C]
    audit_events: AuditEvents[C]
    artists: Artists[C]
    creators: Creators[C]
    rooms: Rooms[C]
    clients: Clients[C]
    time_off: TimeOff[C]
    absences: Absences[C]
    calendar_feeds: CalendarFeeds[C]
    bookings: Bookings[C]
    bulk_bookings: BulkBookings[C]
    matches: Matches[C]
    approval_policies: ApprovalPolicies[C]
    approvals: Approvals[C]
    contracts: Contracts[C]
    projects: Projects[C]
    milestones: Milestones[C]
    ledger_entries: LedgerEntries[C]
    budgets: Budgets[C]
    revenue_imports: RevenueImports[C]
    exchange_rates: ExchangeRates[C]
    analytics: Analytics[C]
    usage: Usage[C]
    webhook_endpoints: WebhookEndpoints[C]
    events: Events[C]
    event_types: EventTypes[C]
    integrations: Integrations[C]
    email_templates: EmailTemplates[C]
    communication_settings: CommunicationSettings[C]
    email_outbox: EmailOutbox[C]
    sandbox: Sandbox[C]
    exports: Exports[C]
    erasures: Erasures[C]
    retention: Retention[C]
    sso: Sso[C]

    def _attach(self) -> None:
        for name, resource in RESOURCES.items():
            setattr(self, name, resource(self))


# The attribute each resource has on a client, read off the annotations above.
RESOURCES: dict[str, type] = {
    name: globals()[kind.split("[", 1)[0]] for name, kind in Resources.__annotations__.items()
}


__all__ = [
    "RESOURCES",
    "Absences",
    "Analytics",
    "ApiKeyInvites",
    "ApiKeys",
    "ApprovalPolicies",
    "Approvals",
    "Artists",
    "AuditEvents",
    "Bookings",
    "Budgets",
    "BulkBookings",
    "CalendarFeeds",
    "Clients",
    "CommunicationSettings",
    "Contracts",
    "Creators",
    "EmailOutbox",
    "EmailTemplates",
    "Erasures",
    "EventTypes",
    "Events",
    "ExchangeRates",
    "Exports",
    "Integrations",
    "LedgerEntries",
    "Matches",
    "Members",
    "Milestones",
    "Organization",
    "Organizations",
    "Permissions",
    "Projects",
    "Resources",
    "Retention",
    "RevenueImports",
    "Roles",
    "Rooms",
    "Sandbox",
    "ScimGroupMappings",
    "ScimTokens",
    "Sso",
    "TimeOff",
    "Usage",
    "WebhookEndpoints",
]
