"""Imports every model module so the metadata knows every table (Alembic, tests)."""

from domain import (
    approval_models,
    bulk_models,
    chat_models,
    dashboard_models,
    integration_models,
    ledger_models,
    models,
    project_models,
    scheduling_models,
    sync_models,
    webhook_models,
)

__all__ = [
    "approval_models",
    "bulk_models",
    "chat_models",
    "dashboard_models",
    "integration_models",
    "ledger_models",
    "models",
    "project_models",
    "scheduling_models",
    "sync_models",
    "webhook_models",
]
