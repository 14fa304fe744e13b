"""Xero's half of invoicing: its tokens, tenant and rate limits for the accounting push and
reconciliation (``activities/accounting``). It defines no activity of its own."""
