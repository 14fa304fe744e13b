"""The Python SDK (sdk/python) against the live stack: the real app over a real port, a real
worker process on the Temporal dev server, real webhook deliveries."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

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
    RateLimitedError,
    RetryPolicy,
    ValidationError,
    WaitTimeout,
    WebhookVerificationError,
)
from auditoryx.models import (
    ApiKeyCreated,
    BulkBookingOut,
    ClientOut,
    EventOut,
    PlanOut,
)
from auditoryx.webhooks import Webhook

from core.devstack import free_port
from tests.stubs.webhook_receiver import WebhookReceiver
from tests.support.approvals import WEEK
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


async def test_lists_walk_every_page(sdk: Client) -> None:
    created = [sdk.clients.create(name=f"Client {i}").id for i in range(7)]

    pages = list(sdk.clients.list(limit=2).pages())
    seen = [c.id for c in sdk.clients.list(limit=2)]

    assert [len(p.data) for p in pages] == [2, 2, 2, 1]
    assert [p.has_more for p in pages] == [True, True, True, False]
    assert seen == sorted(created, reverse=True)  # newest first, each once
    assert all(isinstance(c, ClientOut) for p in pages for c in p.data)
    first = sdk.clients.list(limit=3).first_page()
    assert [c.id for c in first.data] == seen[:3] and first.has_more


async def test_the_async_client_walks_pages_too(stack, org_a) -> None:
    async with AsyncClient(org_a.key, base_url=stack.url) as sdk:
        made = [(await sdk.clients.create(name=f"Async {i}")).id for i in range(5)]
        seen = [c.id async for c in sdk.clients.list(limit=2)]
        assert seen == sorted(made, reverse=True)
        assert (await sdk.clients.retrieve(made[0])).name == "Async 0"
        assert len(await sdk.clients.list(limit=4).to_list()) == 5


# --- idempotency and retries ------------------------------------------------------------------


class DropFirstAnswer(httpx.BaseTransport):
    """Forwards every request to the server, but loses the answer to the first POST: the
    server did the work, the client saw a broken connection."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.sent: list[httpx.Request] = []
        self.dropped = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        response = self.inner.handle_request(request)
        if request.method == "POST" and not self.dropped:
            response.read()
            response.close()
            self.dropped += 1
            raise httpx.ReadError("connection reset by peer", request=request)
        return response


async def test_a_lost_answer_is_retried_with_the_same_key_and_creates_exactly_one(
    stack, org_a
) -> None:
    transport = DropFirstAnswer()
    retry = RetryPolicy(max_retries=2, initial_delay=0.05)
    with Client(
        org_a.key, base_url=stack.url, retry=retry, http_client=httpx.Client(transport=transport)
    ) as sdk:
        client = sdk.clients.create(name="Helix Music")
        posts = [r for r in transport.sent if r.method == "POST"]
        names = [c.name for c in sdk.clients.list()]

    assert transport.dropped == 1 and len(posts) == 2
    assert posts[0].headers["Idempotency-Key"] == posts[1].headers["Idempotency-Key"]
    assert names == ["Helix Music"]
    assert client.name == "Helix Music"


async def test_a_patch_is_not_repeated_after_a_lost_answer(stack, org_a) -> None:
    class LoseEverything(httpx.BaseTransport):
        calls = 0

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            LoseEverything.calls += 1
            raise httpx.ConnectError("refused", request=request)

    with (
        Client(
            org_a.key, base_url=stack.url, http_client=httpx.Client(transport=LoseEverything())
        ) as sdk,
        pytest.raises(APIConnectionError),
    ):
        sdk.clients.update("cli_x", name="x")
    assert LoseEverything.calls == 1


async def test_a_429_is_retried_after_the_delay_the_server_names(settings, org_a) -> None:
    from api.app import create_app

    limited = settings.model_copy(
        update={"rate_limits_enabled": True, "rate_limit_overrides": {"label_enterprise": (60, 2)}}
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


# --- errors -----------------------------------------------------------------------------------


async def test_errors_are_typed_with_code_param_and_request_id(sdk: Client) -> None:
    with pytest.raises(NotFoundError) as missing:
        sdk.bookings.retrieve("bkg_" + "0" * 26)
    assert missing.value.status == 404 and missing.value.code == "resource_missing"
    assert missing.value.request_id and missing.value.request_id.startswith("req")

    with pytest.raises(ValidationError) as invalid:
        sdk.creators.create(name="No Zone", timezone="Mars/Olympus", currency="USD")
    assert invalid.value.status == 422 and invalid.value.param == "timezone"
    assert invalid.value.errors and invalid.value.errors[0]["param"] == "timezone"

    creator = new_creator(sdk)
    sdk.bookings.create(creator_id=creator, start=day(5), end=day(5, 12), status="confirmed")
    with pytest.raises(ConflictError) as clash:
        sdk.bookings.create(creator_id=creator, start=day(5, 11), end=day(5, 13))
    assert clash.value.status == 409 and clash.value.request_id
    assert clash.value.code != "idempotency_key_in_use"


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

    with manager:
        inbox = [a.id for a in manager.approvals.list(status="pending", approver="me")]
        assert inbox == [waiting.approval_request_id]
        manager.approvals.decide(inbox[0], decision="approve", comment="go")
        decided = manager.approvals.wait(inbox[0], backoff=Backoff(timeout=60, interval=0.2))
    assert decided.status == "approved"
    done = sdk.bulk_bookings.wait(
        batch.id, until={"confirmed", "failed"}, backoff=Backoff(timeout=120, interval=0.2)
    )
    assert done.status == "confirmed" and done.counts == {"confirmed": 6}
    items = list(sdk.bulk_bookings.items(batch.id, limit=4))
    assert sorted(i.index for i in items) == list(range(6))
    assert {b.status for b in sdk.bookings.list(batch_id=batch.id)} == {"confirmed"}
