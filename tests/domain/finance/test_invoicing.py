"""Invoice lines and document numbers: exact amounts, stable keys, sealed credentials."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy.dialects.postgresql import Range

from core.crypto import SecretBox
from domain.bookings.models import Booking
from domain.finance.invoicing import (
    QuickBooksCredentials,
    invoice_doc_number,
    payment_status,
    session_line,
)

START = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def _booking(minutes: int, price_minor: int, currency: str = "EUR") -> Booking:
    return Booking(
        id="bkg_01jd7v2x3y4z5a6b7c8d9e0f1g",
        title="Vocal tracking",
        period=Range(START, START + timedelta(minutes=minutes)),
        price_minor=price_minor,
        currency=currency,
    )


def test_a_line_is_hours_times_the_hourly_price_when_that_is_exact():
    line = session_line(_booking(90, 15000), "Pat Producer")
    assert (line.hours, line.rate, line.amount) == (Decimal("1.5"), Decimal("100.00"), 150)
    assert line.description == "Vocal tracking — Pat Producer, 2026-12-01 (1.5 h)"
    assert line.service_date == "2026-12-01"


def test_a_line_whose_hourly_price_is_not_exact_is_one_unit_of_the_price():
    line = session_line(_booking(20, 5000), "Pat Producer")
    assert (line.hours, line.rate, line.amount) == (1, Decimal("50.00"), Decimal("50.00"))
    assert line.hours * line.rate == line.amount
    assert "(0.33 h)" in line.description


def test_a_document_number_is_stable_per_booking_and_fits_quickbooks():
    first = invoice_doc_number("org_a", "bkg_1")
    assert first == invoice_doc_number("org_a", "bkg_1")
    assert first != invoice_doc_number("org_b", "bkg_1") != invoice_doc_number("org_a", "bkg_2")
    assert first.startswith("AX-") and len(first) <= 21


def test_payment_status_follows_the_balance():
    assert payment_status(Decimal(200), Decimal(200)) == "open"
    assert payment_status(Decimal(200), Decimal(120)) == "partial"
    assert payment_status(Decimal(200), Decimal(0)) == "paid"


def test_credentials_survive_sealing_and_a_key_rotation():
    old, new = "o" * 40, "n" * 40
    credentials = QuickBooksCredentials(
        client_id="ABcd",
        client_secret="secret",
        redirect_uri="",
        realm_id="123",
        access_token="eyJ.a",
        refresh_token="AB11.r",
        expires_at=START,
    )
    sealed = credentials.seal(SecretBox(old))
    assert b"AB11" not in sealed
    assert QuickBooksCredentials.open(SecretBox(new, (old,)), sealed) == credentials
