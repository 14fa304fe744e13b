"""The Xero adapter: the real xero-python client against a local stub of Xero's identity and
Accounting APIs — code exchange, tenants, rotating refresh tokens, contacts and invoices
exactly once, payments read back, Xero's validation errors in its own words, and its rate
limits (429 with ``Retry-After``, the day's allowance from ``X-DayLimit-Remaining``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integrations.accounting import InvoiceDraft, InvoiceLine
from integrations.errors import RateLimited, Rejected, Unauthorized
from integrations.oauth import OAuthApp
from integrations.xero import XeroEndpoints, XeroGateway
from tests.support.xero import CLIENT_ID, CLIENT_SECRET, TENANT, xero_stub

APP = OAuthApp(CLIENT_ID, CLIENT_SECRET, "https://app.auditoryx.example/xero/callback")
LINE = InvoiceLine(
    "Vocal tracking — Pat Producer", Decimal(2), Decimal("100.00"), Decimal("200.00"), "2026-12-01"
)


@pytest.fixture
def xero():
    with xero_stub() as stub:
        yield stub


@pytest.fixture
def gateway(xero):
    return XeroGateway(XeroEndpoints(xero.api_url, xero.base_url, xero.token_url), timeout=5)


def _draft(customer_id: str, currency: str = "EUR", doc_number: str = "AX-7Q2M4K9B1C3D"):
    return InvoiceDraft(
        customer_id=customer_id,
        currency=currency,
        doc_number=doc_number,
        private_note="AuditoryX booking bkg_1",
        txn_date="2026-12-01",
        item_id="200",
        lines=(LINE,),
    )


async def test_a_code_is_exchanged_tenants_listed_and_refresh_tokens_rotate(xero, gateway):
    xero.codes.add("consent-code-1")
    tokens = await gateway.exchange_code(APP, "consent-code-1")
    assert tokens.access_token in xero.access_tokens
    [tenant] = await gateway.tenants(tokens.access_token)
    assert (tenant.tenant_id, tenant.name, tenant.tenant_type) == (
        TENANT,
        "Helix Studios Ltd",
        "ORGANISATION",
    )
    fresh = await gateway.refresh(APP, tokens.refresh_token)
    assert (
        fresh.refresh_token != tokens.refresh_token and fresh.refresh_token in xero.refresh_tokens
    )
    with pytest.raises(Unauthorized, match="invalid_grant"):
        await gateway.refresh(APP, tokens.refresh_token)  # the old one was rotated away
    with pytest.raises(Unauthorized, match="invalid_grant"):
        await gateway.exchange_code(APP, "consent-code-1")  # a code is good once
    [token_request] = [r for r in xero.recorded() if r.form().get("grant_type") == "refresh_token"][
        :1
    ]
    assert set(token_request.form()["scope"].split()) == {
        "offline_access",
        "accounting.transactions",
        "accounting.contacts",
    }


async def test_contacts_and_invoices_exactly_once_with_payments_read_back(xero, gateway):
    access, _ = xero.issue()
    api = gateway.accounting(tenant_id=TENANT, access_token=access)
    existing = xero.add_contact("Helix Music", "ap@helix.example")
    assert (
        await api.upsert_customer(known_id=None, name="helix music", email=None, currency="EUR")
        == existing
    )
    by_mail = await api.upsert_customer(
        known_id=None, name="Helix Records", email="ap@helix.example", currency="EUR"
    )
    assert by_mail == existing and len(xero.contacts) == 1
    created = await api.upsert_customer(
        known_id=None, name='Studio "North"', email=None, currency="GBP"
    )
    assert xero.contacts[created]["DefaultCurrency"] == "GBP" and len(xero.contacts) == 2

    state = await api.create_invoice(_draft(existing))
    stored = xero.invoices[state.id]
    assert stored["Type"] == "ACCREC" and stored["Status"] == "AUTHORISED"
    assert stored["CurrencyCode"] == "EUR" and stored["InvoiceNumber"] == "AX-7Q2M4K9B1C3D"
    [line] = stored["LineItems"]
    assert (line["Quantity"], line["UnitAmount"], line["LineAmount"]) == (2.0, 100.0, 200.0)
    assert (state.total, state.balance, state.payment_status) == (
        Decimal(200),
        Decimal(200),
        "open",
    )
    [write] = xero.writes("Invoices")
    assert write.headers["idempotency-key"] == "auditoryx-AX-7Q2M4K9B1C3D"

    # The same request again (a retry): Xero answers with the first invoice, makes no second.
    assert (await api.create_invoice(_draft(existing))).id == state.id
    assert len(xero.invoices) == 1
    assert (await api.find_invoice("AX-7Q2M4K9B1C3D")).id == state.id  # type: ignore[union-attr]
    assert await api.find_invoice("AX-NOTHING") is None

    xero.pay(state.id, "80.00")
    read = await api.invoice(state.id)
    assert read is not None and read.balance == Decimal(120) and read.payment_status == "partial"
    xero.pay(state.id, "120.00")
    assert (await api.invoice(state.id)).payment_status == "paid"  # type: ignore[union-attr]
    xero.delete(state.id)
    assert await api.invoice(state.id) is None
    assert await api.invoice("00000000-0000-0000-0000-000000000000") is None


async def test_refusals_are_xeros_words_and_tokens_and_tenants_are_checked(xero, gateway):
    access, _ = xero.issue()
    api = gateway.accounting(tenant_id=TENANT, access_token=access)
    with pytest.raises(Rejected, match="Contact must be valid"):
        await api.create_invoice(_draft("5a2c3e4f-0000-4000-8000-000000000000"))
    with pytest.raises(Rejected, match="does not know the currency"):
        await api.upsert_customer(known_id=None, name="Odd", email=None, currency="XYZ")
    other = gateway.accounting(
        tenant_id="f0e1d2c3-0000-4000-8000-000000000000", access_token=access
    )
    with pytest.raises(Unauthorized) as refused:
        await other.find_invoice("AX-1")
    assert refused.value.status == 403
    xero.expire_access_tokens()
    with pytest.raises(Unauthorized, match="TokenExpired"):
        await api.find_invoice("AX-1")


async def test_rate_limits_carry_xeros_delay_and_the_days_allowance_is_not_overrun(xero, gateway):
    access, _ = xero.issue()
    api = gateway.accounting(tenant_id=TENANT, access_token=access)
    contact = xero.add_contact("Helix Music")
    xero.rate_limit("Invoices", retry_after=17)
    with pytest.raises(RateLimited) as limited:
        await api.create_invoice(_draft(contact))
    assert limited.value.retry_after == 17 and xero.invoices == {}
    assert len(xero.writes("Invoices")) == 1  # not retried behind our back

    await api.find_invoice("AX-1")
    assert api.limits.day_remaining == xero.day_remaining and api.limits.minute_remaining == 60
    xero.day_remaining = 1
    await api.find_invoice("AX-1")
    assert api.limits.day_remaining == 0
    before = len(xero.requests)
    with pytest.raises(RateLimited):
        await api.create_invoice(_draft(contact))
    assert len(xero.requests) == before  # stopped before spending a call Xero would refuse
