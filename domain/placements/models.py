"""The directory's table (read in the control database; every placement has the schema)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, func
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, utcnow


class OrganizationPlacement(Base):
    """Where an organization lives when that is not the control database. Read and written
    through ``placement_of()`` and ``assign_placement()`` (domain/placements/directory.py)."""

    __tablename__ = "organization_placements"

    organization_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    placement: Mapped[str] = mapped_column(String(40))
    assigned_at: Mapped[datetime] = mapped_column(server_default=func.now(), default=utcnow)
