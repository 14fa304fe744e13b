"""QuickBooks' half of invoicing: Intuit's tokens for the accounting push and reconciliation
(``activities/accounting``). It defines no activity of its own."""
