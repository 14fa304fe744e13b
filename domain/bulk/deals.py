"""What a bulk booking looks like as one CRM deal: its value, the stage its status calls for
and the client it is for. Nothing here reaches the network.

A batch is sold as a whole, so it is one deal rather than one per session: the amount is the
sum of its sessions that are still on (held, awaiting approval, confirmed or completed), and
the stage follows the batch the way a booking's deal follows the booking — expressed as the
booking status it corresponds to, so the CRM adapter's one stage mapping serves both.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.bookings.models import Booking
from domain.bulk.models import BulkBooking
from domain.money import from_minor

# Batch status → the booking status whose deal stage it takes. A confirmed batch is a won
# sale (its sessions then take place one by one); every way of ending without one is lost.
BATCH_DEAL_STATUS: dict[str, str] = {
    "pending": "held",
    "planning": "held",
    "holding": "held",
    "awaiting_approval": "pending_approval",
    "confirming": "pending_approval",
    "releasing": "cancelled",
    "confirmed": "completed",
    "failed": "cancelled",
    "rejected": "cancelled",
    "cancelled": "cancelled",
}
# Sessions whose price counts towards an open or won deal.
LIVE_BOOKINGS = ("held", "pending_approval", "confirmed", "completed")


@dataclass(frozen=True, slots=True)
class BulkDeal:
    """The deal of one batch. ``amount`` is empty when the value cannot be one number: no
    session priced yet, or sessions in several currencies (a deal has one currency)."""

    name: str
    deal_status: str  # a booking status: the key of the CRM's stage mapping
    amount: str
    currency: str
    close_date: str
    client_id: str | None


@dataclass(frozen=True, slots=True)
class _Session:
    status: str
    price_minor: int
    currency: str
    client_id: str | None
    end: datetime | None


def _amount(sessions: list[_Session]) -> tuple[str, str]:
    totals: dict[str, int] = defaultdict(int)
    for s in sessions:
        totals[s.currency] += s.price_minor
    if len(totals) != 1:
        return "", ""
    [(currency, minor)] = totals.items()
    return str(from_minor(minor, currency)), currency


def bulk_deal(batch: BulkBooking, sessions: list[_Session]) -> BulkDeal:
    deal_status = BATCH_DEAL_STATUS.get(batch.status, "held")
    live = [s for s in sessions if s.status in LIVE_BOOKINGS]
    if deal_status == "completed" and not live:
        deal_status = "cancelled"  # confirmed, then every session was cancelled one by one
    # A lost deal keeps the value that was lost: every session it ever held.
    counted = sessions if deal_status == "cancelled" else live
    amount, currency = _amount(counted)
    if not counted and batch.total_price_minor is not None and batch.currency:
        amount, currency = str(from_minor(batch.total_price_minor, batch.currency)), batch.currency
    ends = [s.end for s in sessions if s.end is not None]
    clients = {s.client_id for s in sessions if s.client_id}
    count = len(counted) or batch.item_count
    return BulkDeal(
        name=f"{batch.title or 'Bulk booking ' + batch.id} ({count} sessions)",
        deal_status=deal_status,
        amount=amount,
        currency=currency,
        close_date=(max(ends) if ends else batch.created_at).astimezone(UTC).isoformat(),
        client_id=next(iter(clients)) if len(clients) == 1 else None,
    )


async def load_bulk_deal(session: AsyncSession, batch_id: str) -> BulkDeal | None:
    """The deal of the batch as it stands now; ``None`` when the batch is not visible."""
    return (await load_bulk_deals(session, [batch_id])).get(batch_id)


async def load_bulk_deals(session: AsyncSession, batch_ids: list[str]) -> dict[str, BulkDeal]:
    """batch id → its deal, in two queries whatever the number; invisible batches are left out."""
    if not batch_ids:
        return {}
    batches = (
        (await session.execute(select(BulkBooking).where(BulkBooking.id.in_(batch_ids))))
        .scalars()
        .all()
    )
    rows = await session.execute(
        select(
            Booking.batch_id,
            Booking.status,
            Booking.price_minor,
            Booking.currency,
            Booking.client_id,
            func.upper(Booking.period),
        ).where(Booking.batch_id.in_([b.id for b in batches]))
    )
    sessions: dict[str, list[_Session]] = defaultdict(list)
    for batch_id, *row in rows.all():
        sessions[batch_id].append(_Session(*row))
    return {b.id: bulk_deal(b, sessions[b.id]) for b in batches}
