"""The SDK's examples (sdk/python/examples) run against the live stack: a roster onboarded
from CSV, an album booked and approved, webhooks received and verified."""

from __future__ import annotations

import importlib.util
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from auditoryx import Client
from auditoryx.models import BulkBookingOut

from tests.stubs import Recorded, RecordingServer
from tests.support.approvals import wait_open

pytestmark = pytest.mark.e2e
EXAMPLES = Path(__file__).resolve().parents[2] / "sdk" / "python" / "examples"


def example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"sdk_example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_example_is_exercised_here() -> None:
    exercised = {"onboard_roster", "book_album", "approve", "consume_webhooks"}
    assert {p.stem for p in EXAMPLES.glob("*.py")} == exercised


async def test_onboard_roster_runs_as_a_script(api_stack, org_a, monkeypatch, capsys) -> None:
    onboard = example("onboard_roster")
    monkeypatch.setenv("AUDITORYX_API_KEY", org_a.key)
    monkeypatch.setenv("AUDITORYX_BASE_URL", api_stack.url)

    assert onboard.main(["onboard_roster.py"]) == 0
    assert onboard.main(["onboard_roster.py"]) == 0  # again: updated in place, not duplicated

    printed = capsys.readouterr().out
    assert "created=3" in printed and "unchanged=3" in printed
    with Client(org_a.key, base_url=api_stack.url) as sdk:
        assert sorted(a.name for a in sdk.artists.list()) == ["Kai", "Nova Reyes", "The Lanterns"]
        broken = onboard.onboard(sdk, "name,status\nNobody,sleeping\n")
    assert broken.dry_run and broken.summary.failed == 1


async def test_book_an_album_then_approve_it(stack, org_a) -> None:
    book_album, approve = example("book_album"), example("approve")
    with Client(org_a.key, base_url=stack.url) as sdk:
        manager = sdk.members.create(email="mara@northstar.example", name="Mara", role="manager")
        invite = sdk.api_key_invites.create(manager.id, name="mara")
        secret = sdk.api_key_invites.claim(token=invite.token).secret
        sdk.approval_policies.create(
            name="Albums",
            subject_type="bulk_booking",
            steps=[{"name": "label", "approvers": [{"member_id": manager.id}]}],
        )
        first_day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        batch = book_album.book_album(sdk, title="Debut", first_day=first_day + timedelta(days=14))
        assert batch.status == "awaiting_approval" and batch.counts == {"pending_approval": 5}
        # The chain assigns the manager after the batch says awaiting_approval; the example
        # approves what the manager's inbox lists, which is only assigned requests.
        async with httpx.AsyncClient(base_url=stack.url) as api:
            await wait_open(
                api, {"Authorization": f"Bearer {org_a.key}"}, batch.approval_request_id
            )

        with Client(secret, base_url=stack.url) as as_manager:
            decided = approve.approve_pending(as_manager)
        assert [(a.id, a.status) for a in decided] == [(batch.approval_request_id, "approved")]
        done = sdk.bulk_bookings.wait(batch.id, until={"confirmed", "failed"})
        assert isinstance(done, BulkBookingOut) and done.counts == {"confirmed": 5}
        assert len(book_album.crew(sdk)) == 3 and len(list(sdk.creators.list())) == 3


class ExampleReceiver(RecordingServer):
    """The example's receiver behind a real HTTP server the worker delivers to."""

    def __init__(self) -> None:
        super().__init__()
        self.receiver = None
        self.events: list[dict] = []

    def respond(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        status = self.receiver.handle(request.body, request.headers) if self.receiver else 503
        return status, {}, b""


async def test_consume_webhooks_verifies_real_deliveries(stack, org_a) -> None:
    consume = example("consume_webhooks")
    with ExampleReceiver() as server, Client(org_a.key, base_url=stack.url) as sdk:
        secret = consume.register(sdk, f"{server.base_url}/hooks")
        server.receiver = consume.Receiver(secret, server.events.append)
        made = sdk.clients.create(name="Signal Records")
        deadline = time.monotonic() + 60
        while not server.events and time.monotonic() < deadline:
            time.sleep(0.1)

        assert [(e["type"], e["data"]["id"]) for e in server.events] == [
            ("client.created", made.id)
        ]
        arrived = server.recorded()[0]
        assert server.receiver.handle(arrived.body, arrived.headers) == 204  # a retry: once
        assert len(server.events) == 1
        forged = {**arrived.headers, "webhook-signature": "v1,AAAA"}
        assert server.receiver.handle(arrived.body, forged) == 400
