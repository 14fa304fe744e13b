"""The Python SDK (sdk/python) against the live stack: the real app over a real port, a real
worker process on the Temporal dev server, real webhook deliveries."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import httpx
import pytest
import uvicorn
from auditoryx import (
    APIConnectionError,
    AsyncClient,
    Backoff,
    Client,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    RetryPolicy,
    ServiceUnavailableError,
    ValidationError,
    WaitTimeout,
    WebhookVerificationError,
)
from auditoryx.errors import retry_after_seconds
from auditoryx.models import (
    ApiKeyCreated,
    BulkBookingOut,
    ClientCreate,
    ClientOut,
    EventOut,
    PlanOut,
)
from auditoryx.webhooks import Webhook

from core.devstack import free_port
from tests.stubs.webhook_receiver import WebhookReceiver
from tests.support.approvals import WEEK, wait_open
from tests.support.live_server import serve

pytestmark = pytest.mark.e2e


def day(offset: int, hour: int = 10) -> datetime:
    base = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return base + timedelta(days=offset, hours=hour)


def new_creator(sdk: Client, name: str = "Pat Producer") -> str:
    return sdk.creators.create(
        name=name, timezone="UTC", currency="USD", hourly_rate="60", working_hours=WEEK
    ).id


def member_client(sdk: Client, url: str, email: str, role: str) -> tuple[str, Client]:
    """A member with their own key, obtained as a member obtains one: invite, then claim."""
    member = sdk.members.create(email=email, name=email.split("@")[0], role=role)
    invite = sdk.api_key_invites.create(member.id, name=f"{email} key")
    claimed = sdk.api_key_invites.claim(token=invite.token)
    assert isinstance(claimed, ApiKeyCreated) and claimed.secret.startswith("ax_live_")
    return member.id, Client(claimed.secret, base_url=url)


def wait_until(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("condition not reached in time")


# --- pagination -------------------------------------------------------------------------------


async def test_lists_walk_every_page(sdk_api: Client) -> None:
    created = [sdk_api.clients.create(name=f"Client {i}").id for i in range(7)]

    pages = list(sdk_api.clients.list(limit=2).pages())
    seen = [c.id for c in sdk_api.clients.list(limit=2)]

    assert [len(p.data) for p in pages] == [2, 2, 2, 1]
    assert [p.has_more for p in pages] == [True, True, True, False]
    assert seen == sorted(created, reverse=True)  # newest first, each once
    assert all(isinstance(c, ClientOut) for p in pages for c in p.data)
    first = sdk_api.clients.list(limit=3).first_page()
    assert [c.id for c in first.data] == seen[:3] and first.has_more


async def test_the_async_client_walks_pages_too(api_stack, org_a) -> None:
    async with AsyncClient(org_a.key, base_url=api_stack.url) as sdk:
        made = [(await sdk.clients.create(name=f"Async {i}")).id for i in range(5)]
        seen = [c.id async for c in sdk.clients.list(limit=2)]
        assert seen == sorted(made, reverse=True)
        assert (await sdk.clients.retrieve(made[0])).name == "Async 0"
        assert len(await sdk.clients.list(limit=4).to_list()) == 5


# --- idempotency and retries ------------------------------------------------------------------


class DropFirstAnswer(httpx.BaseTransport):
    """Forwards every request to the server, but loses the answer to the first ``method``
    request: the server did the work, the client saw a broken connection."""

    def __init__(self, method: str = "POST") -> None:
        self.method = method
        self.inner = httpx.HTTPTransport()
        self.sent: list[httpx.Request] = []
        self.dropped = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        response = self.inner.handle_request(request)
        if request.method == self.method and not self.dropped:
            response.read()
            response.close()
            self.dropped += 1
            raise httpx.ReadError("connection reset by peer", request=request)
        return response


async def test_a_lost_answer_is_retried_with_the_same_key_and_creates_exactly_one(
    api_stack, org_a
) -> None:
    transport = DropFirstAnswer()
    retry = RetryPolicy(max_retries=2, initial_delay=0.05)
    with Client(
        org_a.key,
        base_url=api_stack.url,
        retry=retry,
        http_client=httpx.Client(transport=transport),
    ) as sdk:
        client = sdk.clients.create(name="Helix Music")
        posts = [r for r in transport.sent if r.method == "POST"]
        names = [c.name for c in sdk.clients.list()]

    assert transport.dropped == 1 and len(posts) == 2
    assert posts[0].headers["Idempotency-Key"] == posts[1].headers["Idempotency-Key"]
    assert names == ["Helix Music"]
    assert client.name == "Helix Music"


async def test_a_patch_whose_answer_is_lost_is_not_repeated(api_stack, org_a) -> None:
    transport = DropFirstAnswer(method="PATCH")
    with Client(
        org_a.key, base_url=api_stack.url, http_client=httpx.Client(transport=transport)
    ) as sdk:
        made = sdk.clients.create(name="Helix Music")
        with pytest.raises(APIConnectionError):
            sdk.clients.update(made.id, name="Helix Records")
        # The server applied it; the SDK did not send it twice (PATCH has no idempotency key).
        assert sdk.clients.retrieve(made.id).name == "Helix Records"
    assert [r.method for r in transport.sent].count("PATCH") == 1


async def test_a_429_is_retried_after_the_delay_the_server_names(settings, org_a) -> None:
    from api.app import create_app

    # One request every 10 s, two at once: the third request is refused however slowly the
    # three are made, and the Retry-After it names (~10 s) is within the SDK's 30 s max_delay.
    limited = settings.model_copy(
        update={"rate_limits_enabled": True, "rate_limit_overrides": {"label_enterprise": (6, 2)}}
    )
    config = uvicorn.Config(
        create_app(limited), host="127.0.0.1", port=free_port(), log_config=None, access_log=False
    )
    statuses: list[int] = []
    retry_after: list[str] = []

    def record(response: httpx.Response) -> None:
        statuses.append(response.status_code)
        if response.status_code == 429:
            retry_after.append(response.headers["Retry-After"])

    async with serve(config) as url:
        with httpx.Client(event_hooks={"response": [record]}) as http:
            sdk = Client(org_a.key, base_url=url, http_client=http)
            for _ in range(2):
                sdk.organization.retrieve()
            started = time.monotonic()
            assert sdk.organization.retrieve().id == org_a.id
            elapsed = time.monotonic() - started
        # Without retries the caller gets the typed error and the delay to honour.
        with (
            Client(org_a.key, base_url=url, max_retries=0) as strict,
            pytest.raises(RateLimitedError) as refused,
        ):
            for _ in range(3):
                strict.organization.retrieve()
    assert statuses[:3] == [200, 200, 429] and statuses[-1] == 200
    assert elapsed >= float(retry_after[0]) * 0.95
    assert refused.value.status == 429 and refused.value.code == "rate_limited"
    assert refused.value.retry_after is not None and refused.value.retry_after >= 1
    # Without Retry-After (a proxy may drop it) the RateLimit header's reset is waited for,
    # which is never sooner than the server's own delay.
    state = {"RateLimit": refused.value.headers["ratelimit"]}
    assert retry_after_seconds(state) >= float(refused.value.headers["retry-after"])


class RefuseFirst(httpx.BaseTransport):
    """Answers the first request itself with ``status`` and ``headers`` (a proxy or server
    under load would), and forwards every later one to the server."""

    def __init__(self, status: int, code: str, headers: dict[str, str]) -> None:
        self.inner = httpx.HTTPTransport()
        self.status, self.code, self.headers = status, code, headers
        self.sent: list[tuple[float, httpx.Request]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((time.monotonic(), request))
        if len(self.sent) == 1:
            body = {"type": "about:blank", "title": "x", "status": self.status, "code": self.code}
            return httpx.Response(self.status, json=body, headers=self.headers, request=request)
        return self.inner.handle_request(request)


@pytest.mark.parametrize(
    ("status", "code", "headers", "waits_at_least"),
    [
        (503, "unavailable", {"Retry-After": "1"}, 1.0),
        (409, "idempotency_key_in_use", {}, 0.0),
    ],
)
async def test_a_503_and_a_key_in_use_are_retried_with_the_same_key(
    api_stack, org_a, status, code, headers, waits_at_least
) -> None:
    transport = RefuseFirst(status, code, headers)
    with Client(
        org_a.key, base_url=api_stack.url, http_client=httpx.Client(transport=transport)
    ) as sdk:
        made = sdk.clients.create(name="Helix Music")
        assert [c.id for c in sdk.clients.list()] == [made.id]
    (first_at, first), (second_at, second) = transport.sent[:2]
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]
    assert second_at - first_at >= waits_at_least


async def test_a_patch_refused_by_a_tenant_moves_freeze_is_retried_and_another_503_is_not(
    api_stack, org_a
) -> None:
    """A write refused with 503 ``tenant_moving`` did nothing (the freeze answers first): the
    SDK sends even a PATCH again after ``Retry-After``; a PATCH's other 503 is the caller's."""
    with Client(org_a.key, base_url=api_stack.url) as sdk:
        made = sdk.clients.create(name="Helix Music")
    transport = RefuseFirst(503, "tenant_moving", {"Retry-After": "1"})
    with Client(
        org_a.key, base_url=api_stack.url, http_client=httpx.Client(transport=transport)
    ) as sdk:
        assert sdk.clients.update(made.id, name="Helix Music Ltd").name == "Helix Music Ltd"
    (first_at, first), (second_at, second) = transport.sent[:2]
    assert first.method == second.method == "PATCH"
    assert second_at - first_at >= 1.0
    transport = RefuseFirst(503, "database_unavailable", {"Retry-After": "1"})
    with (
        Client(
            org_a.key, base_url=api_stack.url, http_client=httpx.Client(transport=transport)
        ) as sdk,
        pytest.raises(ServiceUnavailableError),
    ):
        sdk.clients.update(made.id, name="Helix")
    assert len(transport.sent) == 1


# --- errors -----------------------------------------------------------------------------------


async def test_errors_are_typed_with_code_param_and_request_id(sdk_api: Client) -> None:
    with pytest.raises(NotFoundError) as missing:
        sdk_api.bookings.retrieve("bkg_" + "0" * 26)
    assert missing.value.status == 404 and missing.value.code == "resource_missing"
    assert missing.value.request_id and missing.value.request_id.startswith("req")

    with pytest.raises(ValidationError) as invalid:
        sdk_api.creators.create(name="No Zone", timezone="Mars/Olympus", currency="USD")
    assert invalid.value.status == 422 and invalid.value.param == "timezone"
    assert invalid.value.errors and invalid.value.errors[0]["param"] == "timezone"

    creator = new_creator(sdk_api)
    sdk_api.bookings.create(creator_id=creator, start=day(5), end=day(5, 12), status="confirmed")
    with pytest.raises(ConflictError) as clash:
        sdk_api.bookings.create(creator_id=creator, start=day(5, 11), end=day(5, 13))
    assert clash.value.status == 409 and clash.value.code == "booking_conflict"
    assert clash.value.request_id and clash.value.body["conflicting_bookings"]


# --- webhooks ---------------------------------------------------------------------------------


async def test_a_real_delivery_verifies_and_a_tampered_one_does_not(sdk: Client) -> None:
    with WebhookReceiver() as receiver:
        endpoint = sdk.webhook_endpoints.create(url=receiver.url, event_types=["client.created"])
        assert endpoint.secret and endpoint.secret.startswith("whsec_")
        made = sdk.clients.create(name="Signal Records")
        delivery = wait_until(lambda: receiver.recorded(), timeout=60)[0]

    event = Webhook(endpoint.secret).verify(delivery.body, delivery.headers)
    assert event["type"] == "client.created" and event["data"]["id"] == made.id
    assert event["id"] == delivery.headers["webhook-id"]
    stored = sdk.events.retrieve(event["id"])
    assert isinstance(stored, EventOut) and stored.data["id"] == made.id
    attempts = list(sdk.webhook_endpoints.attempts(endpoint.id))
    assert attempts and attempts[0].event_id == event["id"]

    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint.secret).verify(
            delivery.body.replace(b"Signal", b"Sigmal"), delivery.headers
        )
    other = sdk.webhook_endpoints.rotate_secret(endpoint.id, grace_hours=0).secret
    with pytest.raises(WebhookVerificationError):
        Webhook(other).verify(delivery.body, delivery.headers)


# --- waiting ----------------------------------------------------------------------------------


async def test_waiting_for_a_bulk_booking_and_for_its_approval(sdk: Client, stack) -> None:
    manager_id, manager = member_client(sdk, stack.url, "mara@northstar.example", "manager")
    policy = sdk.approval_policies.create(
        name="Every bulk booking",
        subject_type="bulk_booking",
        steps=[{"name": "manager", "approvers": [{"member_id": manager_id}]}],
    )
    assert sdk.approval_policies.retrieve(policy.id).name == "Every bulk booking"
    creators = [new_creator(sdk, f"Creator {i}") for i in range(2)]
    sessions = [
        {"creator_id": c, "start": day(3 + n).isoformat(), "duration_minutes": 120}
        for c in creators
        for n in range(3)
    ]

    plan = sdk.bulk_bookings.create(mode="all_or_nothing", dry_run=True, sessions=sessions)
    assert isinstance(plan, PlanOut) and len(plan.items) == 6
    batch = sdk.bulk_bookings.create(mode="all_or_nothing", sessions=sessions)
    assert isinstance(batch, BulkBookingOut)

    waiting = sdk.bulk_bookings.wait(batch.id, backoff=Backoff(timeout=120, interval=0.2))
    assert waiting.status == "awaiting_approval" and waiting.approval_request_id
    with pytest.raises(WaitTimeout) as impatient:
        sdk.approvals.wait(waiting.approval_request_id, backoff=Backoff(timeout=0.3))
    assert impatient.value.last.status == "pending"
    # The chain assigns the manager after the batch says awaiting_approval; the inbox lists
    # only requests with an assignment.
    async with httpx.AsyncClient(base_url=stack.url) as api:
        await wait_open(
            api, {"Authorization": f"Bearer {sdk.api_key}"}, waiting.approval_request_id
        )

    with manager:
        inbox = [a.id for a in manager.approvals.list(status="pending", approver="me")]
        assert inbox == [waiting.approval_request_id]
        manager.approvals.decide(inbox[0], decision="approve", comment="go")
        decided = manager.approvals.wait(inbox[0], backoff=Backoff(timeout=60, interval=0.2))
    assert decided.status == "approved"
    async with AsyncClient(sdk.api_key, base_url=stack.url) as async_sdk:  # the async helper
        done = await async_sdk.bulk_bookings.wait(
            batch.id, until={"confirmed", "failed"}, backoff=Backoff(timeout=120, interval=0.2)
        )
    assert done.status == "confirmed" and done.counts == {"confirmed": 6}
    items = list(sdk.bulk_bookings.items(batch.id, limit=4))
    assert sorted(i.index for i in items) == list(range(6))
    assert {b.status for b in sdk.bookings.list(batch_id=batch.id)} == {"confirmed"}


# --- every resource -----------------------------------------------------------------------------


async def test_every_resource_answers_through_the_sdk(sdk: Client, org_a) -> None:
    # The organization, its imprints, people, roles and keys.
    assert sdk.organization.retrieve().id == org_a.id
    assert sdk.organization.update(name="Northstar Records Group").name == "Northstar Records Group"
    imprint = sdk.organizations.create(name="Northstar Imprint")
    assert sdk.organizations.retrieve(imprint.id).name == "Northstar Imprint"
    assert sdk.organizations.update(imprint.id, name="Northstar Jazz").name == "Northstar Jazz"
    assert [o.id for o in sdk.organizations.list()] == [imprint.id]
    with Client(org_a.key, base_url=sdk.base_url, organization_id=imprint.id) as for_imprint:
        assert for_imprint.organization.retrieve().id == imprint.id
        signed = for_imprint.clients.create(body=ClientCreate(name="Imprint client"))
        assert [c.id for c in for_imprint.clients.list()] == [signed.id]
    assert list(sdk.clients.list()) == []  # the imprint's client is the imprint's
    ana = sdk.members.create(email="ana@northstar.example", name="Ana", role="manager")
    ben = sdk.members.create(email="ben@northstar.example", name="Ben", role="manager")
    assert sdk.members.update(ana.id, name="Ana M.").name == "Ana M."
    assert sdk.members.retrieve(ana.id).role == "manager"
    assert {m.email for m in sdk.members.list()} >= {
        "ana@northstar.example",
        "owner@northstar.example",
    }
    assert "bookings:write" in {p.name for p in sdk.permissions.list()}
    role = sdk.roles.create(name="scheduler", permissions=["bookings:read", "bookings:write"])
    assert sdk.roles.retrieve(role.id).permissions == ["bookings:read", "bookings:write"]
    assert sdk.roles.update(role.id, description="books sessions").description == "books sessions"
    assert role.id in {r.id for r in sdk.roles.list()}
    sdk.roles.delete(role.id)
    key = sdk.api_keys.create(name="ci", permissions=["bookings:read"])
    assert key.secret.startswith("ax_live_") and sdk.api_keys.retrieve(key.id).name == "ci"
    assert sdk.api_keys.revoke(key.id).revoked_at is not None
    assert key.id in {k.id for k in sdk.api_keys.list(include_revoked=True)}
    invite = sdk.api_key_invites.create(ben.id, name="ben's key")
    assert sdk.api_key_invites.claim(token=invite.token).secret.startswith("ax_live_")
    absence = sdk.absences.create(
        member_id=ana.id, delegate_member_id=ben.id, starts_at=day(1), ends_at=day(3)
    )
    assert [a.id for a in sdk.absences.list(member_id=ana.id)] == [absence.id]
    sdk.absences.delete(absence.id)
    sdk.members.delete(ana.id)

    # The roster and what gets booked.
    artist = sdk.artists.create(name="Nova Reyes", genres=["pop"], external_ref="crm-1")
    assert sdk.artists.update(artist.id, status="former").status == "former"
    report = sdk.artists.bulk(artists=[{"name": "Kai", "external_ref": "crm-2"}], dry_run=True)
    assert report.dry_run and report.summary.created == 1
    assert [a.id for a in sdk.artists.list(q="Nova")] == [artist.id]
    assert sdk.artists.retrieve(artist.id).name == "Nova Reyes"
    creator = new_creator(sdk)
    assert sdk.creators.update(creator, city="Berlin").city == "Berlin"
    assert sdk.creators.retrieve(creator).name == "Pat Producer"
    free = sdk.creators.availability(creator, from_=day(2, 0), to=day(3, 0))
    assert free.resource_id == creator and (free.from_, free.to) == (day(2, 0), day(3, 0))
    room = sdk.rooms.create(name="Studio A", timezone="UTC", currency="USD", working_hours=WEEK)
    assert sdk.rooms.retrieve(room.id).name == "Studio A"
    assert sdk.rooms.update(room.id, city="Lisbon").city == "Lisbon"
    assert sdk.rooms.availability(room.id, from_=day(2, 0), to=day(3, 0)).from_ == day(2, 0)
    assert [r.id for r in sdk.rooms.list()] == [room.id]
    customer = sdk.clients.create(name="Helix Music")
    assert sdk.clients.update(customer.id, phone="+49 30 1234").phone == "+49 30 1234"
    away = sdk.time_off.create(creator_id=creator, start=day(9), end=day(10), reason="tour")
    assert [t.id for t in sdk.time_off.list(creator_id=creator)] == [away.id]
    sdk.time_off.delete(away.id)
    feed = sdk.calendar_feeds.create(creator_id=creator)
    assert feed.url.endswith(".ics") and sdk.calendar_feeds.revoke(feed.id).revoked_at
    assert [f.id for f in sdk.calendar_feeds.list()] == [feed.id]

    # Bookings, matches, contracts, projects.
    booking = sdk.bookings.create(
        creator_id=creator, room_id=room.id, client_id=customer.id, start=day(4), end=day(4, 12)
    )
    clash = sdk.bookings.check_conflicts(
        sessions=[{"creator_id": creator, "start": day(4, 11), "end": day(4, 13)}]
    )
    assert clash.model_dump()  # a report, whatever its verdict
    assert sdk.bookings.retrieve(booking.id).client_id == customer.id
    moved = sdk.bookings.reschedule(booking.id, start=day(6), end=day(6, 12))
    assert moved.start == day(6)
    assert sdk.bookings.cancel(booking.id, reason="artist ill").status == "cancelled"
    assert [b.id for b in sdk.bookings.list(creator_id=creator)] == [booking.id]
    matches = sdk.matches.find(duration_minutes=60, window_start=day(7), window_end=day(8))
    assert creator in {m.creator_id for m in matches.data}
    contract = sdk.contracts.create(
        title="Producer agreement", currency="USD", amount="5000", artist_id=artist.id
    )
    assert sdk.contracts.update(contract.id, terms="2 points").terms == "2 points"
    assert sdk.contracts.retrieve(contract.id).title == "Producer agreement"
    assert [c.id for c in sdk.contracts.list()] == [contract.id]
    project = sdk.projects.create(name="Debut", currency="USD", artist_id=artist.id)
    milestone = sdk.projects.add_milestone(project.id, key="tracking", name="Tracking")
    assert sdk.milestones.retrieve(milestone.id).name == "Tracking"
    assert sdk.projects.update(project.id, name="Debut LP").name == "Debut LP"
    assert sdk.projects.retrieve(project.id).name == "Debut LP"
    assert sdk.projects.progress(project.id).project_id == project.id
    assert [p.id for p in sdk.projects.list()] == [project.id]
    assert sdk.approval_policies.list().first_page().data == []
    assert sdk.approvals.list().first_page().data == []

    # Money.
    entry = sdk.ledger_entries.create(
        kind="expense", occurred_on=date.today(), amount="120", currency="USD", artist_id=artist.id
    )
    assert sdk.ledger_entries.retrieve(entry.id).amount == entry.amount
    assert [e.id for e in sdk.ledger_entries.list(kind="expense")] == [entry.id]
    budget = sdk.budgets.create(name="Debut", amount="10000", currency="USD", artist_id=artist.id)
    assert Decimal(sdk.budgets.update(budget.id, amount="12000").amount) == 12000
    assert [b.id for b in sdk.budgets.list()] == [budget.id]
    assert sdk.analytics.budgets().model_dump()
    sdk.budgets.delete(budget.id)
    assert sdk.revenue_imports.list().first_page().data == []
    rates = sdk.exchange_rates.retrieve()
    assert rates.model_dump()
    assert sdk.analytics.roster().model_dump()
    assert sdk.analytics.booking_pipeline(from_=day(-30).date(), to=day(30).date()).model_dump()
    assert sdk.analytics.creator_utilisation(from_=day(-30).date(), to=day(30).date()).model_dump()
    usage = sdk.usage.retrieve()
    assert usage.from_ <= usage.to
    assert sdk.usage.csv().splitlines()[0].startswith("day")

    # Messaging.
    assert "booking.created" in {t.type for t in sdk.event_types.list()}
    assert {e.type for e in sdk.events.list(limit=100)} >= {"booking.created", "client.created"}
    assert list(sdk.integrations.list()) == []  # nothing connected yet
    templates = list(sdk.email_templates.list())
    assert templates and sdk.email_templates.retrieve(templates[0].name).name == templates[0].name
    assert sdk.communication_settings.retrieve().model_dump()
    assert list(sdk.email_outbox.list()) == []  # nothing was due to be e-mailed
    assert sdk.audit_events.retrieve(next(iter(sdk.audit_events.list(limit=1))).id).action


async def test_a_test_mode_key_resets_its_sandbox_seeded_with_the_demo_label(
    sdk_api: Client,
) -> None:
    test_key = sdk_api.api_keys.create(name="sandbox", mode="test")
    with Client(test_key.secret, base_url=sdk_api.base_url, timeout=60) as sandbox:
        assert sandbox.organization.retrieve().sandbox is True
        sandbox.artists.create(name="Scratch Artist")
        reset = sandbox.sandbox.reset(seed="demo")
        assert reset.deleted["artists"] == 1 and reset.seeded["artists"] > 0
        names = [a.name for a in sandbox.artists.list()]
        assert "Scratch Artist" not in names and len(names) == reset.seeded["artists"]
        assert list(sandbox.sandbox.emails()) == []  # nothing was sent yet, nothing captured
    # A live key has no sandbox to reset: a typed 403 naming the reason.
    with pytest.raises(PermissionDeniedError) as refused:
        sdk_api.sandbox.reset()
    assert refused.value.code == "sandbox_only"
