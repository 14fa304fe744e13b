"""Invoicing completed work in an accounting system: what an invoice for a session holds, the
deterministic document number that makes it exactly-once, the connection's sealed credentials,
and payments read back into the ledger. Nothing here reaches the network.

An invoice's identity is derived, not remembered: :func:`invoice_doc_number` hashes the
organization and the booking, so every attempt — including one after a crash that happened
after QuickBooks created the invoice but before the mapping row was stored — asks for the same
``DocNumber`` and finds the invoice that already exists instead of creating a second one.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.crypto import SecretBox
from core.ids import new_id
from domain.audit import service as audit
from domain.bookings.models import Booking
from domain.finance.models import LedgerEntry
from domain.money import from_minor, to_minor

QUICKBOOKS = "quickbooks"
# The organization's choice (QuickBooks connection setting ``invoice_per``): an invoice per
# completed session, or one per completed milestone with a line per session.
InvoicePer = Literal["session", "milestone"]
DOC_NUMBER_PREFIX = "AX-"
RATE_PLACES = Decimal("0.01")


def invoice_doc_number(organization_id: str, booking_id: str) -> str:
    """``AX-`` and 12 base32 characters of a hash of (organization, booking): 15 characters,
    inside QuickBooks' 21-character ``DocNumber`` limit, the same on every attempt."""
    digest = hashlib.sha256(f"{organization_id}:{booking_id}".encode()).digest()
    return DOC_NUMBER_PREFIX + base64.b32encode(digest).decode()[:12]


def private_note(booking_id: str) -> str:
    return f"AuditoryX booking {booking_id}"


@dataclass(frozen=True, slots=True)
class SessionLine:
    """One invoice line: hours * rate = amount, exactly (QuickBooks refuses a line whose
    amount differs from quantity * unit price)."""

    description: str
    hours: Decimal
    rate: Decimal
    amount: Decimal
    service_date: str


def session_line(booking: Booking, creator_name: str) -> SessionLine:
    """The line for one session. The rate is the price per hour when that is exact to the
    cent; otherwise (e.g. 20 minutes for 50.00) the line is 1 * the price, hours in the text."""
    assert booking.period.lower is not None and booking.period.upper is not None
    start, end = booking.period.lower.astimezone(UTC), booking.period.upper.astimezone(UTC)
    amount = from_minor(booking.price_minor, booking.currency)
    seconds = int((end - start).total_seconds())
    # Hours are exact only in steps of 36 s (0.01 h); anything else would be rounded, and
    # Decimal's context rounding could then make a wrong product look equal to the amount.
    shown = (Decimal(seconds) / 3600).quantize(RATE_PLACES).normalize()
    title = booking.title or "Session"
    description = f"{title} — {creator_name}, {start.date().isoformat()} ({shown} h)"
    hours, rate = Decimal(1), amount
    if seconds > 0 and seconds % 36 == 0:
        exact = Decimal(seconds) / 3600
        per_hour = (amount / exact).quantize(RATE_PLACES)
        if exact * per_hour == amount:
            hours, rate = exact.normalize(), per_hour
    return SessionLine(description, hours, rate, amount, start.date().isoformat())


@dataclass(frozen=True, slots=True)
class QuickBooksCredentials:
    """What is sealed in ``integration_connections.credentials`` for QuickBooks: the Intuit
    app the tokens belong to (refreshing needs its secret) and the current token pair."""

    client_id: str
    client_secret: str
    redirect_uri: str
    realm_id: str
    access_token: str
    refresh_token: str
    expires_at: datetime
    refresh_expires_at: datetime | None = None

    def seal(self, box: SecretBox) -> bytes:
        data: dict[str, Any] = asdict(self)
        data["expires_at"] = self.expires_at.isoformat()
        data["refresh_expires_at"] = (
            self.refresh_expires_at.isoformat() if self.refresh_expires_at else None
        )
        return box.seal(data)

    @classmethod
    def open(cls, box: SecretBox, sealed: bytes) -> QuickBooksCredentials:
        """Raises ``core.crypto.DecryptionError`` or ``KeyError`` for unusable credentials."""
        data = box.open(sealed)
        refresh_expires = data.get("refresh_expires_at")
        return cls(
            client_id=str(data["client_id"]),
            client_secret=str(data["client_secret"]),
            redirect_uri=str(data.get("redirect_uri") or ""),
            realm_id=str(data["realm_id"]),
            access_token=str(data["access_token"]),
            refresh_token=str(data["refresh_token"]),
            expires_at=datetime.fromisoformat(data["expires_at"]),
            refresh_expires_at=datetime.fromisoformat(refresh_expires) if refresh_expires else None,
        )


def payment_status(total: Decimal, balance: Decimal) -> str:
    if balance <= 0:
        return "paid"
    return "partial" if balance < total else "open"


@dataclass(frozen=True, slots=True)
class InvoicedWork:
    """What a payment is revenue of: one session, or a milestone's sessions (a project)."""

    artist_id: str | None = None
    project_id: str | None = None
    creator_id: str | None = None
    booking_id: str | None = None

    @classmethod
    def of_booking(cls, booking: Booking) -> InvoicedWork:
        return cls(booking.artist_id, booking.project_id, booking.creator_id, booking.id)


async def record_payment(
    session: AsyncSession,
    *,
    organization_id: str,
    work: InvoicedWork,
    invoice_id: str,
    doc_number: str,
    paid: Decimal,
    currency: str,
    provider: str = QUICKBOOKS,
    provider_name: str = "QuickBooks",
) -> None:
    """Keep one ``revenue`` ledger entry per invoice equal to what the client has paid so far
    (``external_ref`` ``{provider}:invoice:{id}``): created at the first payment, updated as
    payments arrive, removed if they are undone. An open invoice is not revenue yet."""
    ref = f"{provider}:invoice:{invoice_id}"
    actor = audit.Actor(type="system", id=f"{provider}-sync")
    entry = (
        await session.execute(select(LedgerEntry).where(LedgerEntry.external_ref == ref))
    ).scalar_one_or_none()
    amount_minor = to_minor(paid, currency) if paid > 0 else 0
    before = {"amount_minor": entry.amount_minor} if entry is not None else None
    if entry is None and amount_minor == 0:
        return
    if entry is not None and entry.amount_minor == amount_minor:
        return
    if entry is None:
        entry = LedgerEntry(
            id=new_id("led"),
            organization_id=organization_id,
            kind="revenue",
            occurred_on=date.today(),
            currency=currency,
            artist_id=work.artist_id,
            project_id=work.project_id,
            creator_id=work.creator_id,
            booking_id=work.booking_id,
            external_ref=ref,
            created_by=actor.id,
        )
        session.add(entry)
    if amount_minor == 0:
        await session.delete(entry)
    else:
        entry.amount_minor = amount_minor
        entry.occurred_on = date.today()
        entry.description = f"Paid on {provider_name} invoice {doc_number}"
    await session.flush()
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="ledger_entry.payment_read_back",
        target_type="ledger_entry",
        target_id=entry.id,
        before=before,
        after={"amount_minor": amount_minor, "currency": currency, "external_ref": ref},
    )
