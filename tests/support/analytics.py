"""Helpers for analytics tests: bookings written as the lifecycle leaves them, and resources
created through the API."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.dialects.postgresql import Range

from core.db import tenant_session
from core.ids import new_id
from domain.bookings.models import Booking
from tests.support.harness import Tenant

WEEKDAYS = {d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}


async def add_booking(
    sessionmaker: Any,
    org: Tenant,
    *,
    creator: str,
    artist: str,
    start: datetime,
    hours: int,
    status: str,
    price_minor: int,
    currency: str,
) -> str:
    """A booking as the lifecycle would leave it (its rules are tested elsewhere)."""
    booking_id = new_id("bkg")
    period = Range(start, start + timedelta(hours=hours))
    async with tenant_session(sessionmaker, [org.id]) as session:
        session.add(
            Booking(
                id=booking_id,
                organization_id=org.id,
                creator_id=creator,
                artist_id=artist,
                period=period,
                creator_block=period,
                status=status,
                price_minor=price_minor,
                currency=currency,
                created_by="test",
            )
        )
    return booking_id


async def create(api: httpx.AsyncClient, org: Tenant, path: str, body: Any) -> dict[str, Any]:
    """POST ``body`` to a collection (artists, creators, ledger entries, budgets, policies),
    which answers 201 Created with the new resource."""
    r = await api.post(path, json=body, headers=org.headers)
    assert r.status_code == 201, r.text
    return dict(r.json())
