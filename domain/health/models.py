"""Model of the rows the deep readiness probe writes through the worker."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, utcnow


class HealthProbe(Base):
    """Written by the health-probe workflow's activity: proof that the worker reaches the DB."""

    __tablename__ = "health_probes"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    worker_identity: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
