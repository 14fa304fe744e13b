"""``usage_daily``: one counter per organization, UTC day, API key and metered unit.

A row is keyed by everything a figure is broken down by, so an increment is an upsert that
adds to ``n``; several processes flushing the same key add up (see ``meter.py``).
``api_key_id`` is ``''`` for work no API key did (dashboard sessions, the worker's own
starts and deliveries): a primary key column cannot be NULL, and the API shows it as null.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, CheckConstraint, Date, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin

NO_KEY = ""


class UsageDaily(TenantMixin, Base):
    """How many of ``metric`` (in ``category``, and for API requests ``status_class``) the
    organization used on ``day`` (UTC) through ``api_key_id``."""

    __tablename__ = "usage_daily"
    __table_args__ = (
        PrimaryKeyConstraint(
            "organization_id", "day", "metric", "category", "status_class", "api_key_id"
        ),
        CheckConstraint("n >= 0", name="n_not_negative"),
    )

    day: Mapped[date] = mapped_column(Date)
    metric: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(60), default="")
    status_class: Mapped[str] = mapped_column(String(3), default="")
    api_key_id: Mapped[str] = mapped_column(String(40), default=NO_KEY)
    n: Mapped[int] = mapped_column(BigInteger, default=0)
