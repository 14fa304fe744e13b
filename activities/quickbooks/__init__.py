"""The QuickBooks half of the sync and reconciliation activities: what work an invoice bills,
pushing invoices exactly once, and reading invoices and payments back. ``SyncActivities.push``
and ``ReconcileActivities.check_page`` call into it; it defines no activity of its own."""
