"""What an accounting adapter offers invoicing: customers for our clients, invoices for
completed work, and the invoice's state (total and open balance) from which payments are read
back into the ledger.

Provider-neutral: QuickBooks implements it today (``integrations/quickbooks.py``); another
ledger is another class with these methods. Failures are the shared family of
``integrations/errors.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, Protocol

PaymentStatus = Literal["open", "partial", "paid"]


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    description: str
    hours: Decimal
    rate: Decimal
    amount: Decimal
    service_date: str


@dataclass(frozen=True, slots=True)
class InvoiceDraft:
    customer_id: str
    currency: str
    doc_number: str
    private_note: str
    txn_date: str
    item_id: str
    lines: tuple[InvoiceLine, ...]
    # Distinguishes a re-creation (after the invoice was deleted in the ledger) from the first
    # creation, whose idempotency key the provider would answer with the deleted invoice.
    request_suffix: str = ""


@dataclass(frozen=True, slots=True)
class InvoiceState:
    id: str
    doc_number: str
    total: Decimal
    balance: Decimal
    currency: str | None

    @property
    def payment_status(self) -> PaymentStatus:
        if self.balance <= 0:
            return "paid"
        return "partial" if self.balance < self.total else "open"


class Accounting(Protocol):
    """One company's books, bound to one set of credentials."""

    async def upsert_customer(
        self, *, known_id: str | None, name: str, email: str | None, currency: str
    ) -> str:
        """The mapped customer if it still exists, else a matching or a new one; its id."""
        ...

    async def find_invoice(self, doc_number: str) -> InvoiceState | None:
        """The invoice carrying this document number (an earlier attempt's), if any."""
        ...

    async def invoice(self, invoice_id: str) -> InvoiceState | None:
        """The invoice's state; ``None`` when it was deleted in the ledger."""
        ...

    async def create_invoice(self, draft: InvoiceDraft) -> InvoiceState:
        """Create the invoice, idempotently for its document number (and suffix)."""
        ...
