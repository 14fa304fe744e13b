"""Book an album's sessions in one bulk booking and follow it to the end.

    AUDITORYX_API_KEY=ax_live_… python book_album.py

Tracking on three days, then mixing and mastering; booked all or nothing. When an approval
policy covers bulk bookings the batch waits for a manager (see approve.py) before it is
confirmed.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from auditoryx import Client
from auditoryx.models import BulkBookingOut, PlanOut

EVERY_DAY = {d: [["09:00", "19:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def crew(client: Client) -> dict[str, str]:
    """A producer, a mixer and a mastering engineer (created once, found by name after)."""
    wanted = {"producer": "Pat Producer", "mixer": "Mia Mixer", "mastering": "Max Mastering"}
    existing = {c.name: c.id for c in client.creators.list(limit=100)}
    ids: dict[str, str] = {}
    for role, name in wanted.items():
        ids[role] = (
            existing.get(name)
            or client.creators.create(
                name=name,
                timezone="UTC",
                currency="USD",
                hourly_rate="80",
                working_hours=EVERY_DAY,
            ).id
        )
    return ids


def sessions(ids: dict[str, str], first_day: datetime) -> list[dict[str, object]]:
    def at(days: int, role: str) -> dict[str, object]:
        start = first_day + timedelta(days=days, hours=10)
        return {"creator_id": ids[role], "start": start.isoformat(), "duration_minutes": 240}

    return [
        at(0, "producer"),
        at(1, "producer"),
        at(2, "producer"),
        at(4, "mixer"),
        at(6, "mastering"),
    ]


def book_album(client: Client, *, title: str, first_day: datetime) -> BulkBookingOut:
    ids = crew(client)
    plan = client.bulk_bookings.create(
        title=title, mode="all_or_nothing", dry_run=True, sessions=sessions(ids, first_day)
    )
    assert isinstance(plan, PlanOut)
    print(f"plan: {plan.status}, {plan.total_cost} {plan.currency}")
    batch = client.bulk_bookings.create(
        title=title, mode="all_or_nothing", sessions=sessions(ids, first_day)
    )
    assert isinstance(batch, BulkBookingOut)
    return client.bulk_bookings.wait(batch.id)


def main() -> int:
    first_day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    with Client() as client:
        batch = book_album(client, title="Debut album", first_day=first_day + timedelta(days=14))
        print(f"{batch.id}: {batch.status} {batch.counts}")
        if batch.status == "awaiting_approval":
            print(f"waiting for approval {batch.approval_request_id}")
    return 0 if batch.status in ("confirmed", "awaiting_approval") else 1


if __name__ == "__main__":
    sys.exit(main())
