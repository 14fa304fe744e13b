"""QuickBooks reconciliation: the accounting one (``activities/accounting/reconciliation.py``)
over QuickBooks invoicing."""

from __future__ import annotations

from activities.accounting.reconciliation import InvoiceReconciliation

QuickBooksReconciliation = InvoiceReconciliation
