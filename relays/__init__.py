"""Outbox relays and supervisors: sweeps the worker runs beside its workflows.

Each module holds one idempotent sweep over PostgreSQL that hands work to Temporal (start what
the API could not, fan events out, keep Schedules and long-lived workflows in place);
:mod:`relays.sweep` runs them forever. The worker lists them in ``worker.SWEEPS``.
"""
