"""Imports every model module so the metadata knows every table (Alembic, tests)."""

from domain import models, scheduling_models

__all__ = ["models", "scheduling_models"]
