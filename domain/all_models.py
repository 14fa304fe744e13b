"""Imports every model module so the metadata knows every table (Alembic, tests)."""

from domain import approval_models, chat_models, integration_models, models, scheduling_models

__all__ = ["approval_models", "chat_models", "integration_models", "models", "scheduling_models"]
