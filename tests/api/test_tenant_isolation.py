"""The tenant isolation walker: every operation of the API, read from its own OpenAPI document,
is called by another organization (and by a sub-organization of the victim) against the
victim's data.

For every ``/v1`` operation:
- with ``{id}``: the victim's resource is 404 (never 403), answered exactly like an id that
  does not exist, and the victim's rows (read through the owner connection) do not change;
- without ``{id}``: a list never shows any of the victim's ids; a mutation never changes the
  victim's rows, and one whose body points at the victim's resources creates nothing;
- the attacker's own resources never show the victim's ids either;
- nothing answers without credentials.

New routes are covered automatically. A route whose ``{id}`` kind has no sample in
``SAMPLES``, or whose request body or required query parameter has no entry in ``BODIES`` /
``QUERY``, makes its test fail and says what to register.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

import httpx
import psycopg
import pytest
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from api.app import create_app
from core.config import Settings
from core.crypto import SecretBox
from core.db import tenant_session
from core.ids import new_id
from domain.approvals import matching
from domain.approvals import requests as approvals
from domain.approvals.models import ApprovalPolicy
from domain.audit.service import Actor
from domain.sso import configuration as sso_configuration
from domain.tenancy.organizations import create_organization
from domain.tenancy.permissions import ALL_PERMISSIONS
from integrations.slack import slack_client_factory
from tests.support.harness import issue_api_key

ID_RE = re.compile(r"\b[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}\b")
METHODS = ("get", "post", "put", "patch", "delete")


# --- the operations, straight from the OpenAPI document -------------------------------------


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: dict[str, Any] = field(repr=False, compare=False)

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def has_id(self) -> bool:
        return "{id}" in self.path

    @property
    def template(self) -> str:
        """The resource an ``{id}`` path acts on (``/v1/bookings/{id}/cancel``: a booking)."""
        return self.path[: self.path.index("{id}") + len("{id}")]

    @property
    def has_body(self) -> bool:
        return "requestBody" in self.spec

    @property
    def required_query(self) -> list[str]:
        return [
            p["name"]
            for p in self.spec.get("parameters", [])
            if p.get("in") == "query" and p.get("required")
        ]


def _operations() -> list[Operation]:
    # Building the app connects to nothing; only its lifespan would.
    app = create_app(Settings(environment="test", database_url="postgresql://openapi@localhost/x"))
    return [
        Operation(method.upper(), path, spec)
        for path, item in app.openapi()["paths"].items()
        if path.startswith("/v1/")
        for method, spec in item.items()
        if method in METHODS
    ]


OPERATIONS = _operations()
WITH_ID = [op for op in OPERATIONS if op.has_id]
LISTS = [op for op in OPERATIONS if not op.has_id and op.method == "GET"]
OWN_READS = [op for op in OPERATIONS if op.has_id and op.method == "GET"]
MUTATIONS_WITHOUT_ID = [op for op in OPERATIONS if not op.has_id and op.method != "GET"]


def ids(ops: list[Operation]) -> list[str]:
    return [op.key for op in ops]


# --- samples: one resource of every kind, per organization ----------------------------------


def at(days: int, hour: int) -> str:
    day = datetime.now(UTC).date() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=UTC).isoformat()


@dataclass
class Tenant:
    id: str
    key: str
    owner_id: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


class Sampler:
    """Creates (once) and remembers each organization's sample resources."""

    def __init__(self, client: httpx.AsyncClient, sessionmaker: Any) -> None:
        self.client = client
        self.sessionmaker = sessionmaker
        self.cache: dict[tuple[str, str], str] = {}

    async def get(self, tenant: Tenant, template: str) -> str:
        if (tenant.id, template) not in self.cache:
            self.cache[tenant.id, template] = await SAMPLES[template](self, tenant)
        return self.cache[tenant.id, template]

    async def create(self, tenant: Tenant, path: str, body: dict[str, Any]) -> str:
        r = await self.client.post(path, json=body, headers=tenant.headers)
        assert r.status_code == 201, f"creating the sample at {path}: {r.status_code} {r.text}"
        return str(r.json()["id"])


Factory = Callable[[Sampler, Tenant], Awaitable[str]]


async def _time_off(s: Sampler, t: Tenant) -> str:
    creator = await s.get(t, "/v1/creators/{id}")
    body = {"creator_id": creator, "start": at(20, 9), "end": at(20, 17), "reason": "holiday"}
    return await s.create(t, "/v1/time-off", body)


async def _booking(s: Sampler, t: Tenant) -> str:
    body = {
        "creator_id": await s.get(t, "/v1/creators/{id}"),
        "room_id": await s.get(t, "/v1/rooms/{id}"),
        "artist_id": await s.get(t, "/v1/artists/{id}"),
        "client_id": await s.get(t, "/v1/clients/{id}"),
        "start": at(3, 10),
        "end": at(3, 12),
        "title": "Sample session",
        "allow_outside_working_hours": True,
    }
    return await s.create(t, "/v1/bookings", body)


async def _bulk_booking(s: Sampler, t: Tenant) -> str:
    # Accepted and stored; its workflow never starts here (Temporal is unreachable), which
    # leaves a pending batch: enough for the walker to try to read and cancel it.
    body = {
        "mode": "best_effort",
        "title": "Sample album",
        "sessions": [
            {
                "creator_id": await s.get(t, "/v1/creators/{id}"),
                "start": at(6, 10),
                "duration_minutes": 60,
            }
        ],
    }
    return await s.create(t, "/v1/bulk-bookings", body)


async def _contract(s: Sampler, t: Tenant) -> str:
    body = {
        "title": "Sample contract",
        "currency": "EUR",
        "amount": "100",
        "artist_id": await s.get(t, "/v1/artists/{id}"),
    }
    return await s.create(t, "/v1/contracts", body)


async def _approval(s: Sampler, t: Tenant) -> str:
    # Submitting a contract opens the request and then starts a Temporal workflow, which this
    # walker does not need: open the request (the read model the API serves) directly.
    policy_id = await s.get(t, "/v1/approval-policies/{id}")
    contract_id = await s.get(t, "/v1/contracts/{id}")
    async with tenant_session(s.sessionmaker, [t.id]) as session:
        policy = await session.get(ApprovalPolicy, policy_id)
        assert policy is not None
        chain = await approvals.open_request(
            session,
            organization_id=t.id,
            policy=policy,
            subject=matching.Subject(
                type="contract",
                id=contract_id,
                amount_minor=10_000,
                currency="EUR",
                summary="Sample contract",
            ),
            actor=Actor.system("walker"),
        )
    return chain.request_id


async def _absence(s: Sampler, t: Tenant) -> str:
    body = {
        "member_id": await s.get(t, "/v1/members/{id}"),
        "delegate_member_id": t.owner_id,
        "starts_at": at(5, 0),
        "ends_at": at(6, 0),
    }
    return await s.create(t, "/v1/absences", body)


async def _project(s: Sampler, t: Tenant) -> str:
    body = {
        "name": "Sample album",
        "currency": "EUR",
        "budget": "1000",
        "milestones": [
            {
                "key": "tracking",
                "name": "Tracking",
                "checklist": [{"id": "stems", "label": "Stems uploaded"}],
                "sessions": [
                    {
                        "creator_id": await s.get(t, "/v1/creators/{id}"),
                        "start": at(12, 10),
                        "duration_minutes": 120,
                        "allow_outside_working_hours": True,
                    }
                ],
            }
        ],
    }
    return await s.create(t, "/v1/projects", body)


async def _milestone(s: Sampler, t: Tenant) -> str:
    project = await s.get(t, "/v1/projects/{id}")
    r = await s.client.get(f"/v1/projects/{project}", headers=t.headers)
    return str(r.json()["milestones"][0]["id"])


async def _with_artist(s: Sampler, t: Tenant, path: str, body: dict[str, Any]) -> str:
    return await s.create(t, path, {**body, "artist_id": await s.get(t, "/v1/artists/{id}")})


async def _export(s: Sampler, t: Tenant) -> str:
    artist = await s.get(t, "/v1/artists/{id}")
    return await s.create(t, "/v1/exports", {"scope": "person", "kind": "artist", "id": artist})


async def _erasure(s: Sampler, t: Tenant) -> str:
    # An artist of its own: the shared sample artist stays for the other routes.
    artist = await s.create(t, "/v1/artists", {"name": "Walker Erasable"})
    return await s.create(t, "/v1/erasures", {"kind": "artist", "id": artist})


async def _revenue_import(s: Sampler, t: Tenant) -> str:
    row = {"period": "2025-01", "source": "Spotify", "territory": "US", "amount": "10"}
    row |= {"currency": "USD", "artist": await s.get(t, "/v1/artists/{id}")}
    return await s.create(t, "/v1/revenue/imports", {"rows": [row]})


async def _ledger_entry(s: Sampler, t: Tenant) -> str:
    body = {"kind": "invoice", "occurred_on": "2025-01-05", "amount": "80", "currency": "EUR"}
    return await _with_artist(s, t, "/v1/ledger-entries", body)


async def _audit_event(s: Sampler, t: Tenant) -> str:
    r = await s.client.get("/v1/audit-events?limit=1", headers=t.headers)
    return str(r.json()["data"][0]["id"])


async def _event(s: Sampler, t: Tenant) -> str:
    await s.get(t, "/v1/clients/{id}")  # creating it wrote a client.created event
    r = await s.client.get("/v1/events?limit=1", headers=t.headers)
    return str(r.json()["data"][0]["id"])


# Keyed by the resource an `{id}` path acts on. Register a sample here for every new resource.
SAMPLES: dict[str, Factory] = {
    "/v1/organizations/{id}": lambda s, t: s.create(t, "/v1/organizations", {"name": "Imprint"}),
    "/v1/members/{id}": lambda s, t: s.create(
        t, "/v1/members", {"email": "sample@members.example", "name": "Sam", "role": "viewer"}
    ),
    "/v1/roles/{id}": lambda s, t: s.create(
        t, "/v1/roles", {"name": "sample", "permissions": ["bookings:read"]}
    ),
    "/v1/api-keys/{id}": lambda s, t: s.create(t, "/v1/api-keys", {"name": "sample"}),
    "/v1/scim-tokens/{id}": lambda s, t: s.create(t, "/v1/scim-tokens", {"name": "sample"}),
    "/v1/scim-group-mappings/{id}": lambda s, t: s.create(
        t, "/v1/scim-group-mappings", {"group": "Sample Group", "role": "viewer"}
    ),
    "/v1/artists/{id}": lambda s, t: s.create(
        t, "/v1/artists", {"name": "Sample Artist", "external_ref": "crm-1"}
    ),
    "/v1/creators/{id}": lambda s, t: s.create(
        t,
        "/v1/creators",
        {"name": "Sample Creator", "timezone": "UTC", "currency": "EUR", "hourly_rate": "50"},
    ),
    "/v1/rooms/{id}": lambda s, t: s.create(
        t, "/v1/rooms", {"name": "Room A", "timezone": "UTC", "currency": "EUR"}
    ),
    "/v1/clients/{id}": lambda s, t: s.create(t, "/v1/clients", {"name": "Sample Client"}),
    "/v1/time-off/{id}": _time_off,
    "/v1/bookings/{id}": _booking,
    "/v1/bulk-bookings/{id}": _bulk_booking,
    "/v1/approval-policies/{id}": lambda s, t: s.create(
        t,
        "/v1/approval-policies",
        {
            "name": "Contracts",
            "subject_type": "contract",
            "steps": [{"name": "Owner", "approvers": [{"role": "owner"}]}],
        },
    ),
    "/v1/contracts/{id}": _contract,
    "/v1/approvals/{id}": _approval,
    "/v1/absences/{id}": _absence,
    "/v1/calendar-feeds/{id}": lambda s, t: s.create(t, "/v1/calendar-feeds", {"creator_id": None}),
    "/v1/projects/{id}": _project,
    "/v1/milestones/{id}": _milestone,
    "/v1/revenue/imports/{id}": _revenue_import,
    "/v1/ledger-entries/{id}": _ledger_entry,
    "/v1/budgets/{id}": lambda s, t: _with_artist(
        s, t, "/v1/budgets", {"name": "Sample budget", "amount": "1000", "currency": "USD"}
    ),
    # An IP literal: the SSRF guard resolves nothing, and the address is public.
    "/v1/webhook-endpoints/{id}": lambda s, t: s.create(
        t,
        "/v1/webhook-endpoints",
        {"url": "https://93.184.216.34/hook", "event_types": ["booking.created"]},
    ),
    "/v1/events/{id}": _event,
    # Stays pending (Temporal is unreachable here): enough to read it.
    "/v1/exports/{id}": _export,
    "/v1/erasures/{id}": _erasure,
    "/v1/audit-events/{id}": _audit_event,  # last, so it is the newest record
}


@dataclass(frozen=True)
class Victim:
    """In a body: the victim's sample of this kind (or ``owner``, the victim's owner member)."""

    template: str


# Request bodies, by operation. Values pointing at the victim's resources make a mutation a
# cross-tenant reference attempt. `None` sends no body.
BODIES: dict[str, Any] = {
    "PATCH /v1/organization": {"name": "Renamed by the walker"},
    "POST /v1/organizations": {"name": "Walker imprint"},
    "PATCH /v1/organizations/{id}": {"name": "Taken over"},
    "POST /v1/members": {
        "email": "walker@attacker.example",
        "name": "Walker",
        "role": Victim("/v1/roles/{id}"),
    },
    "PATCH /v1/members/{id}": {"name": "Taken over"},
    "POST /v1/roles": {"name": "walker", "permissions": []},
    "PATCH /v1/roles/{id}": {"permissions": []},
    "POST /v1/api-keys": {"name": "walker"},
    "POST /v1/scim-tokens": {"name": "walker"},
    "POST /v1/scim-group-mappings": {"group": "Walkers", "role": Victim("/v1/roles/{id}")},
    "POST /v1/members/{id}/api-key-invites": {"name": "walker"},
    # The token is the only credential: a walker holding none claims nothing.
    "POST /v1/api-key-invites/claim": {"token": "w" * 43},
    "POST /v1/api-keys/{id}/revoke": None,
    "POST /v1/artists": {"name": "Walker", "external_ref": "crm-2"},
    # Upserts by external_ref: the victim's artist has the same one and must stay untouched.
    "POST /v1/artists/bulk": {"artists": [{"name": "Walker", "external_ref": "crm-1"}]},
    "PATCH /v1/artists/{id}": {"name": "Taken over"},
    "POST /v1/creators": {"name": "Walker", "timezone": "UTC", "currency": "EUR"},
    "PATCH /v1/creators/{id}": {"name": "Taken over"},
    "POST /v1/rooms": {"name": "Walker", "timezone": "UTC", "currency": "EUR"},
    "PATCH /v1/rooms/{id}": {"name": "Taken over"},
    "POST /v1/clients": {"name": "Walker"},
    "PATCH /v1/clients/{id}": {"name": "Taken over"},
    "POST /v1/time-off": {
        "creator_id": Victim("/v1/creators/{id}"),
        "start": at(21, 9),
        "end": at(21, 17),
    },
    "POST /v1/bookings": {
        "creator_id": Victim("/v1/creators/{id}"),
        "start": at(4, 10),
        "end": at(4, 12),
        "allow_outside_working_hours": True,
    },
    "POST /v1/bookings/conflicts": {
        "sessions": [
            {"creator_id": Victim("/v1/creators/{id}"), "start": at(3, 9), "end": at(3, 13)}
        ]
    },
    # Ranks the caller's own creators; the victim's must never appear in the answer.
    "POST /v1/matches": {
        "skills": [{"skill": "mixing"}],
        "duration_minutes": 60,
        "window_start": at(3, 9),
        "window_end": at(3, 17),
    },
    "POST /v1/bookings/{id}/confirm": None,
    "POST /v1/bookings/{id}/cancel": {"reason": "walker"},
    "POST /v1/bookings/{id}/complete": None,
    "POST /v1/bookings/{id}/no-show": {"reason": "walker"},
    "POST /v1/bulk-bookings": {
        "mode": "best_effort",
        "sessions": [
            {
                "creator_id": Victim("/v1/creators/{id}"),
                "start": at(4, 14),
                "duration_minutes": 60,
            }
        ],
    },
    "POST /v1/bulk-bookings/{id}/cancel": {"reason": "walker"},
    "POST /v1/bookings/{id}/reschedule": {
        "start": at(4, 10),
        "end": at(4, 12),
        "allow_outside_working_hours": True,
    },
    "POST /v1/approval-policies": {
        "name": "Walker",
        "subject_type": "contract",
        "steps": [{"name": "Victim", "approvers": [{"member_id": Victim("owner")}]}],
    },
    "PATCH /v1/approval-policies/{id}": {"name": "Taken over"},
    "POST /v1/approvals/{id}/decisions": {"decision": "approve"},
    "POST /v1/approvals/{id}/delegate": {"to_member_id": Victim("/v1/members/{id}")},
    "POST /v1/contracts": {
        "title": "Walker",
        "currency": "EUR",
        "artist_id": Victim("/v1/artists/{id}"),
    },
    "PATCH /v1/contracts/{id}": {"title": "Taken over"},
    "POST /v1/contracts/{id}/submit": None,
    "POST /v1/contracts/{id}/sign": None,
    # Per-organization connections (no ids): the attacker can only ever touch its own.
    "PUT /v1/integrations/slack": {"bot_token": "xoxb-walker", "signing_secret": "walker"},
    "PUT /v1/integrations/teams": {"webhook_url": "https://walker.example/hook"},
    "PUT /v1/integrations/teams/bot": {
        "app_id": "00000000-0000-4000-8000-00000000a11c",
        "app_password": "walker-secret",
        "tenant_id": "00000000-0000-4000-8000-0000000000e1",
    },
    "POST /v1/calendar-feeds": {"creator_id": Victim("/v1/creators/{id}")},
    "POST /v1/calendar-feeds/{id}/revoke": None,
    "POST /v1/absences": {
        "member_id": Victim("/v1/members/{id}"),
        "delegate_member_id": Victim("owner"),
        "starts_at": at(7, 0),
        "ends_at": at(8, 0),
    },
    "POST /v1/projects": {
        "name": "Walker album",
        "currency": "EUR",
        "milestones": [
            {
                "key": "mix",
                "name": "Mix",
                "sessions": [
                    {
                        "creator_id": Victim("/v1/creators/{id}"),
                        "start": at(14, 10),
                        "duration_minutes": 60,
                    }
                ],
            }
        ],
    },
    "PATCH /v1/projects/{id}": {"name": "Taken over"},
    "POST /v1/projects/{id}/milestones": {
        "key": "walker",
        "name": "Walker",
        "depends_on": [Victim("/v1/milestones/{id}")],
    },
    "POST /v1/projects/{id}/start": None,
    "POST /v1/projects/{id}/replan": {
        "milestone_id": Victim("/v1/milestones/{id}"),
        "delay_days": 1,
    },
    "POST /v1/projects/{id}/cancel": {"reason": "walker"},
    "POST /v1/milestones/{id}/checklist": {"item_id": "stems"},
    # Per-organization templates and settings (no ids): an attacker only reaches its own.
    # (An issuer at a private address: refused by the SSRF guard before anything is saved.)
    "PUT /v1/sso": {
        "slug": "walker",
        "issuer": "https://127.0.0.1/walker",
        "client_id": "walker",
        "client_secret": "walker-secret",
        "email_domains": ["victim.example"],
    },
    "PUT /v1/email-templates/{name}": {
        "subject": "Walker {{ title }}",
        "html": "<p>{{ title }}</p>",
        "text": "{{ title }}",
    },
    "POST /v1/email-templates/{name}/preview": {"context": {"title": "Walker"}},
    "PATCH /v1/communication-settings": {
        "brand_name": "Walker",
        "reminder_offsets_minutes": [120],
        "report_recipients": ["walker@attacker.example"],
    },
    # A statement naming the victim's artist: that row fails, so nothing is imported.
    "POST /v1/revenue/imports": {
        "rows": [
            {
                "period": "2025-01",
                "artist": Victim("/v1/artists/{id}"),
                "source": "Walker",
                "territory": "US",
                "amount": "1",
                "currency": "USD",
            }
        ]
    },
    "PUT /v1/exchange-rates": {
        "reporting_currency": "EUR",
        "rates": [{"date": "2025-01-01", "base": "USD", "quote": "EUR", "rate": "0.9"}],
    },
    "POST /v1/ledger-entries": {
        "kind": "invoice",
        "occurred_on": "2025-01-05",
        "amount": "10",
        "currency": "EUR",
        "booking_id": Victim("/v1/bookings/{id}"),
    },
    "POST /v1/budgets": {
        "name": "Walker",
        "artist_id": Victim("/v1/artists/{id}"),
        "amount": "10",
        "currency": "EUR",
    },
    "PATCH /v1/budgets/{id}": {"name": "Taken over"},
    "POST /v1/analytics/budget-scenarios": {
        "artist_id": Victim("/v1/artists/{id}"),
        "sessions_per_month": 2,
        "price_per_session": "100",
        "currency": "EUR",
    },
}

BODIES.update(
    {
        "POST /v1/sandbox/reset": {},
        # Deleting the caller's own organization: a name that is not its own is refused (422),
        # and nothing names another organization.
        "POST /v1/organization/deletion": {"confirm": "Not the walker's name"},
        # Exporting the victim's artist: answered like an unknown id, and no export is made.
        "POST /v1/exports": {"scope": "person", "kind": "artist", "id": Victim("/v1/artists/{id}")},
        # Erasing the victim's artist: answered like an unknown id, and the artist stays.
        "POST /v1/erasures": {"kind": "artist", "id": Victim("/v1/artists/{id}")},
        # The caller's own retention periods (no ids): the victim's stay as they are.
        "PATCH /v1/retention": {"events_days": 60},
        "POST /v1/webhook-endpoints": {
            "url": "https://93.184.216.34/walker",
            "event_types": ["booking.created"],
        },
        "PATCH /v1/webhook-endpoints/{id}": {"description": "Taken over", "enabled": False},
        "POST /v1/webhook-endpoints/{id}/rotate-secret": {"grace_hours": 1},
        "POST /v1/webhook-endpoints/{id}/resend": {"event_id": Victim("/v1/events/{id}")},
        "POST /v1/webhook-endpoints/{id}/recover": {"since": "2000-01-01T00:00:00Z"},
        # A per-organization connection (no ids); like Slack's body above, refused before any
        # call to the provider (the walker has no HubSpot to talk to).
        "PUT /v1/integrations/hubspot": {"access_token": "pat-x"},
        # Settings of the caller's own connections (no ids): the walker has none, so these
        # are refused (422 for a provider that is not reconciled, 404 without Slack).
        "PATCH /v1/integrations/{provider}": {"reconcile_every_hours": 6},
        "PUT /v1/integrations/slack/notifications": {
            "routes": [{"event_type": "booking.created", "channel": "C0WALKER1"}]
        },
        # Refused before Salesforce is called: a token without its refresh token and instance.
        "PUT /v1/integrations/salesforce": {"access_token": "walker-token-0001"},
        # Refused by validation before Intuit is called (the walker has no QuickBooks either).
        "PUT /v1/integrations/quickbooks": {"realm_id": "1", "client_id": "x"},
        # Refused by validation before Xero is called (the walker has no Xero either).
        "PUT /v1/integrations/xero": {"client_id": "x", "tenant_id": "not-a-tenant"},
        # Refused by validation before Asana is called (the walker has no Asana either).
        "PUT /v1/integrations/asana": {"access_token": "walker-token-0001", "workspace_gid": "x"},
        # Refused by validation before Monday is called (the walker has no Monday either).
        "PUT /v1/integrations/monday": {"access_token": "walker-token-0001", "workspace_id": "x"},
    }
)

# Values for required query parameters, by name.
QUERY: dict[str, str] = {"from": at(1, 0), "to": at(9, 0)}

# Changes to the attacker's OWN resources that point at the victim's: each must be refused.
OWN_REFERENCES: dict[str, dict[str, Any]] = {
    "PATCH /v1/members/{id}": {"role": Victim("/v1/roles/{id}")},
    "PATCH /v1/contracts/{id}": {"artist_id": Victim("/v1/artists/{id}")},
    # Resending the victim's event to the attacker's own endpoint.
    "POST /v1/webhook-endpoints/{id}/resend": {"event_id": Victim("/v1/events/{id}")},
    "PATCH /v1/budgets/{id}": {"artist_id": Victim("/v1/artists/{id}")},
    "POST /v1/bookings/{id}/reschedule": {
        "start": at(3, 10),
        "end": at(3, 12),
        "allow_outside_working_hours": True,
    },
}


# --- the world: a victim, an unrelated attacker and a sub-organization attacker -------------


@dataclass
class World:
    client: httpx.AsyncClient
    owner: psycopg.Connection
    tables: list[str]
    victim: Tenant
    attackers: dict[str, Tenant]
    samples: dict[str, dict[str, str]]  # organization id → template → sample id
    errors: dict[str, str]  # template → why its sample could not be made
    _secret_ids: dict[str, set[str]] = field(default_factory=dict)
    _test_keys: dict[str, dict[str, str]] = field(default_factory=dict)

    async def test_headers(self, tenant: Tenant) -> dict[str, str]:
        """A test-mode key of ``tenant``'s organization (its sandbox), made on first use."""
        if tenant.id not in self._test_keys:
            created = await self.client.post(
                "/v1/api-keys", json={"name": "walker", "mode": "test"}, headers=tenant.headers
            )
            assert created.status_code == 201, created.text
            self._test_keys[tenant.id] = {"Authorization": f"Bearer {created.json()['secret']}"}
        return self._test_keys[tenant.id]

    def victim_scope(self) -> list[str]:
        """The victim and its sample sub-organization (a sibling of the child attacker)."""
        return [self.victim.id, self.samples[self.victim.id]["/v1/organizations/{id}"]]

    def rows(self, org_ids: list[str]) -> dict[str, list[str]]:
        """Every row of these organizations in every tenant table, as JSON (one round trip)."""
        selects = [
            f"SELECT '{table}', to_jsonb(t)::text FROM {table} t "
            f"WHERE {'id' if table == 'organizations' else 'organization_id'} = ANY(%(orgs)s)"
            for table in self.tables
        ]
        out: dict[str, list[str]] = {table: [] for table in self.tables}
        for table, row in self.owner.execute(
            " UNION ALL ".join(selects) + " ORDER BY 1, 2", {"orgs": org_ids}
        ):
            out[table].append(row)
        return out

    def ids_in_rows(self, org_ids: list[str]) -> set[str]:
        return {
            i for rows in self.rows(org_ids).values() for row in rows for i in ID_RE.findall(row)
        }

    def secret_ids(self, attacker: str) -> set[str]:
        """Every id in the victim's rows that the attacker has no business knowing (the
        child attacker knows its own id and its parent's, from its own organization row).

        Computed once: the victim's rows never change during the walk (that is checked), and
        what the attacker creates on the way are ids of its own.
        """
        if attacker not in self._secret_ids:
            own = self.ids_in_rows([self.attackers[attacker].id])
            self._secret_ids[attacker] = self.ids_in_rows(self.victim_scope()) - own
        return self._secret_ids[attacker]

    def sample(self, org_id: str, op: Operation) -> str:
        if op.template not in SAMPLES:
            pytest.fail(
                f"{op.key}: no sample for {op.template!r}. Register a factory in SAMPLES "
                "(tests/test_tenant_isolation.py) that creates one such resource, so the "
                "walker can check that other organizations cannot reach it."
            )
        if op.template in self.errors:
            pytest.fail(f"{op.key}: the sample could not be created: {self.errors[op.template]}")
        return self.samples[org_id][op.template]

    def resolve(self, value: Any) -> Any:
        if isinstance(value, Victim):
            if value.template == "owner":
                return self.victim.owner_id
            return self.samples[self.victim.id][value.template]
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        return value


# Path parameters that name a kind of thing rather than one organization's row.
FIXED_PATH_PARAMS = {"provider": "teams", "name": "reminder", "month": "2026-11"}


def body_for(op: Operation) -> Any:
    if not op.has_body:
        return None
    if op.key not in BODIES:
        pytest.fail(
            f"{op.key} takes a request body but BODIES (tests/test_tenant_isolation.py) has "
            "none for it. Add a minimal valid body; point its id fields at the victim with "
            "Victim('/v1/<kind>/{id}') where the route accepts references."
        )
    return BODIES[op.key]


def query_for(op: Operation) -> dict[str, str]:
    missing = [name for name in op.required_query if name not in QUERY]
    if missing:
        pytest.fail(f"{op.key}: add values for required query parameters {missing} to QUERY")
    return {name: QUERY[name] for name in op.required_query}


def refers_to_victim(value: Any) -> bool:
    if isinstance(value, Victim):
        return True
    if isinstance(value, dict):
        return any(refers_to_victim(v) for v in value.values())
    if isinstance(value, list):
        return any(refers_to_victim(v) for v in value)
    return False


SANDBOX_ONLY = "/v1/sandbox/"
# Mutations that use Temporal before they write (tests/api/test_sandbox.py runs them with it).
NEEDS_TEMPORAL = {"POST /v1/sandbox/reset"}
# Settings an organization has only once it made them (the victim has; the attackers have not).
UNSET_SINGLETONS = {
    "GET /v1/sso": "sso_not_configured",
    "GET /v1/organization/deletion": "no_deletion",
}


async def call(
    world: World, op: Operation, tenant: Tenant | None, *, id_: str | None, body: Any
) -> httpx.Response:
    path = op.path
    for name, value in FIXED_PATH_PARAMS.items():
        path = path.replace("{" + name + "}", value)
    others = [p for p in re.findall(r"{(\w+)}", path) if p != "id"]
    if others:
        pytest.fail(
            f"{op.key}: the walker fills only {{id}}; teach it {others} (a sample per "
            "parameter, as in SAMPLES) so this route is checked too"
        )
    path = path.replace("{id}", id_) if id_ is not None else path
    extra = {} if body is None else {"json": world.resolve(body)}
    headers = tenant.headers if tenant is not None else {}
    if tenant is not None and op.path.startswith(SANDBOX_ONLY):
        # The sandbox routes refuse live keys (403 sandbox_only): the attacker walks them with
        # a test-mode key, acting on its own sandbox.
        headers = await world.test_headers(tenant)
    return await world.client.request(
        op.method, path, params=query_for(op), headers=headers, **extra
    )


def leaked(world: World, attacker: str, response: httpx.Response, sent: str) -> set[str]:
    """The victim's ids in the response, other than those the request itself carried."""
    return (set(ID_RE.findall(response.text)) & world.secret_ids(attacker)) - set(
        ID_RE.findall(sent)
    )


def sent_text(world: World, op: Operation, id_: str | None, body: Any) -> str:
    return f"{id_ or ''} {json.dumps(world.resolve(body))}"


async def _victim_sso(sessionmaker: Any, settings: Settings, org_id: str) -> None:
    """The victim's SSO settings, stored by the domain service (no identity provider here)."""
    async with tenant_session(sessionmaker, [org_id]) as session:
        await sso_configuration.put_configuration(
            session,
            organization_id=org_id,
            values=sso_configuration.SsoSettings(
                slug="victim",
                issuer="https://idp.victim.example",
                client_id="victim-app",
                client_secret="victim-secret",
                email_domains=["victim.example"],
                default_role="viewer",
            ),
            box=SecretBox.from_settings(settings),
            actor=Actor.system("walker"),
            granted_by=ALL_PERMISSIONS,
            actor_is_owner=True,
        )


@pytest.fixture(scope="module")
async def world(settings, engine, sessionmaker, owner_conninfo) -> AsyncIterator[World]:
    with psycopg.connect(owner_conninfo, autocommit=True) as owner:
        tables = [
            r[0]
            for r in owner.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                # plans: reference data the migrations seeded, not a tenant's
                "AND tablename NOT IN ('alembic_version', 'plans')"
            )
        ]
        owner.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        # Not usage_daily: the app adds the requests it counted every few seconds, so the
        # victim's usage grows during the walk by design (whose usage a request is, is
        # tests/api/test_usage.py's to check).
        tenant_tables = [
            r[0]
            for r in owner.execute(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND column_name = 'organization_id' AND table_name <> 'usage_daily' ORDER BY 1"
            )
        ] + ["organizations"]

        # A client that never connects: routes that need Temporal get past their dependency
        # and answer 404 for foreign ids before they would use it.
        temporal = await Client.connect(
            "127.0.0.1:9", lazy=True, data_converter=pydantic_data_converter
        )
        app = create_app(settings, engine=engine, temporal_client=temporal)
        # Slack is unreachable here: connecting answers 503 without leaving the machine.
        app.state.slack_client_factory = slack_client_factory("http://127.0.0.1:9/")
        lifespan = app.router.lifespan_context(app)
        await lifespan.__aenter__()
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        )

        async def tenant(name: str) -> Tenant:
            boot = await create_organization(
                sessionmaker,
                name=name,
                plan="label_enterprise",
                region="eu",
                owner_email=f"owner@{name.split()[0].lower()}.example",
                owner_name="Owner",
                actor=Actor.system("walker"),
            )
            return Tenant(boot.organization.id, boot.raw_api_key, boot.owner.id)

        victim = await tenant("Victim Records")
        outsider = await tenant("Outsider Studios")
        await _victim_sso(sessionmaker, settings, victim.id)
        sampler = Sampler(client, sessionmaker)
        errors: dict[str, str] = {}
        for org in (victim, outsider):
            for template in SAMPLES:
                try:
                    await sampler.get(org, template)
                except Exception as exc:  # reported by the tests that need this sample
                    errors[template] = f"{type(exc).__name__}: {exc}"
        samples = {
            org.id: {t: i for (o, t), i in sampler.cache.items() if o == org.id}
            for org in (victim, outsider)
        }

        # The child attacker: a sub-organization of the victim, and the key of one of its
        # members (so routes that act as a member get as far as looking the id up).
        r = await client.post(
            "/v1/organizations", json={"name": "Child attacker"}, headers=victim.headers
        )
        child_id = r.json()["id"]
        r = await client.post(
            "/v1/members",
            json={"email": "staff@child.example", "name": "Staff", "role": "admin"},
            headers={**victim.headers, "AuditoryX-Organization": child_id},
        )
        staff_id = r.json()["id"]
        raw = await issue_api_key(sessionmaker, child_id, created_by=staff_id, name="child staff")
        child = Tenant(child_id, raw, owner_id=staff_id)

        try:
            yield World(
                client=client,
                owner=owner,
                tables=tenant_tables,
                victim=victim,
                attackers={"other organization": outsider, "sub-organization": child},
                samples=samples,
                errors=errors,
            )
        finally:
            await client.aclose()
            await lifespan.__aexit__(None, None, None)


ATTACKERS = ["other organization", "sub-organization"]


# --- the walk -------------------------------------------------------------------------------


@pytest.mark.parametrize("attacker", ATTACKERS)
@pytest.mark.parametrize("op", WITH_ID, ids=ids(WITH_ID))
async def test_victims_resources_are_404_and_untouched(world, op, attacker):
    intruder = world.attackers[attacker]
    target = world.sample(world.victim.id, op)
    body = body_for(op)
    before = world.rows(world.victim_scope()) if op.method != "GET" else None

    r = await call(world, op, intruder, id_=target, body=body)

    assert r.status_code == 404, f"{op.key} as {attacker}: {r.status_code} {r.text}"
    assert r.json()["code"] == "resource_missing"
    assert not leaked(world, attacker, r, sent_text(world, op, target, body))
    if before is not None:
        assert world.rows(world.victim_scope()) == before, f"{op.key} changed the victim's data"

    # Indistinguishable from an id that exists nowhere: nothing reveals that it exists.
    ghost = new_id(target.split("_")[0])
    r_ghost = await call(world, op, intruder, id_=ghost, body=body)
    assert r_ghost.status_code == 404
    assert r.json()["detail"].replace(target, "<id>") == r_ghost.json()["detail"].replace(
        ghost, "<id>"
    )
    assert r.json().get("param") == r_ghost.json().get("param")


@pytest.mark.parametrize("attacker", ATTACKERS)
@pytest.mark.parametrize("op", LISTS, ids=ids(LISTS))
async def test_lists_never_show_the_victims_ids(world, op, attacker):
    r = await call(world, op, world.attackers[attacker], id_=None, body=None)
    if op.key in UNSET_SINGLETONS:
        # The attacker's own settings, which it never made; never the victim's.
        assert r.status_code == 404, f"{op.key}: {r.status_code} {r.text}"
        assert r.json()["code"] == UNSET_SINGLETONS[op.key]
    else:
        assert r.status_code == 200, f"{op.key}: {r.status_code} {r.text}"
    assert not leaked(world, attacker, r, ""), f"{op.key} shows the victim's ids"


@pytest.mark.parametrize("op", OWN_READS, ids=ids(OWN_READS))
async def test_own_resources_show_nothing_of_the_victim(world, op):
    outsider = world.attackers["other organization"]
    own = world.sample(outsider.id, op)
    r = await call(world, op, outsider, id_=own, body=None)
    assert r.status_code == 200, f"{op.key}: {r.status_code} {r.text}"
    assert not leaked(world, "other organization", r, "")


@pytest.mark.parametrize("attacker", ATTACKERS)
@pytest.mark.parametrize("op", MUTATIONS_WITHOUT_ID, ids=ids(MUTATIONS_WITHOUT_ID))
async def test_mutations_never_reach_the_victim(world, op, attacker):
    body = body_for(op)
    before = world.rows(world.victim_scope())
    r = await call(world, op, world.attackers[attacker], id_=None, body=body)
    if op.key in NEEDS_TEMPORAL:
        # The walker's Temporal never connects: the route refuses before it changes anything.
        assert r.status_code == 503 and r.json()["code"] == "temporal_unavailable", r.text
    else:
        assert r.status_code < 500, f"{op.key}: {r.status_code} {r.text}"
    assert world.rows(world.victim_scope()) == before, f"{op.key} changed the victim's data"
    assert not leaked(world, attacker, r, sent_text(world, op, None, body))
    if refers_to_victim(body):
        # Pointing at the victim's resources is pointing at nothing: nothing is created.
        assert r.status_code in (200, 404, 422), f"{op.key}: {r.status_code} {r.text}"
        if r.status_code == 200:
            assert op.key == "POST /v1/bookings/conflicts", f"{op.key} accepted: {r.text}"


@pytest.mark.parametrize("key", sorted(OWN_REFERENCES))
async def test_own_resources_cannot_be_pointed_at_the_victims(world, key):
    [op] = [o for o in OPERATIONS if o.key == key]
    outsider = world.attackers["other organization"]
    own = world.sample(outsider.id, op)
    body = OWN_REFERENCES[key]
    r = await call(world, op, outsider, id_=own, body=body)
    if key.endswith("/reschedule"):
        # Moving onto the victim's slot must succeed: the victim's booking is invisible and
        # does not conflict with another organization's calendar.
        assert r.status_code == 200, r.text
        assert not leaked(world, "other organization", r, "")
    else:
        assert r.status_code in (404, 422), f"{key}: {r.status_code} {r.text}"


# Operations whose only credential is a one-time token in the body (an invite's): without a
# valid token they answer 404 and do nothing, which test_key_invites covers.
TOKEN_CREDENTIAL = {"POST /v1/api-key-invites/claim"}
NEED_A_KEY = [op for op in OPERATIONS if op.key not in TOKEN_CREDENTIAL]


def test_only_the_token_credential_operations_are_exempt():
    assert {op.key for op in OPERATIONS} >= TOKEN_CREDENTIAL


@pytest.mark.parametrize("op", NEED_A_KEY, ids=ids(NEED_A_KEY))
async def test_nothing_answers_without_credentials(world, op):
    id_ = world.sample(world.victim.id, op) if op.has_id else None
    body = body_for(op)
    r = await call(world, op, None, id_=id_, body=body)
    assert r.status_code == 401, f"{op.key}: {r.status_code} {r.text}"
    assert r.json()["code"] == "missing_api_key"


def test_the_walk_covers_the_tenancy_routes():
    """Guards the walker itself: if discovery broke, every parametrized test would vanish."""
    keys = {op.key for op in OPERATIONS}
    assert {
        "GET /v1/members/{id}",
        "PATCH /v1/organizations/{id}",
        "POST /v1/api-keys/{id}/revoke",
        "GET /v1/audit-events/{id}",
        "DELETE /v1/roles/{id}",
    } <= keys
    assert len(WITH_ID) >= 20 and len(LISTS) >= 10


async def test_the_attacker_holds_no_reference_to_the_victim(world):
    """Run last: after the whole walk, no row of the unrelated attacker names the victim."""
    outsider = world.attackers["other organization"].id
    assert not (world.ids_in_rows([outsider]) & world.ids_in_rows(world.victim_scope()))
