"""Invoicing in an accounting ledger, whatever the provider: what work an invoice bills,
pushing invoices exactly once, and reading invoices and payments back. The providers'
packages (``activities/quickbooks``, ``activities/xero``) bring their tokens;
``SyncActivities.push`` and ``ReconcileActivities.check_page`` call in; no activity is
defined here."""
