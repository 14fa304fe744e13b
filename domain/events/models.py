"""Model of events: what happened in an organization, written in the transaction of the change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKeyConstraint,
    Index,
    LargeBinary,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, utcnow
from domain.keys.fields import SEALED_COLUMN, SealedValueNotOpened


class Event(TenantMixin, Base):
    """Something that happened, in the shape webhook receivers get (``type`` + ``data``)."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
        Index("ix_events_organization_id_type", "organization_id", "type"),
        Index("ix_events_unrelayed", "created_at", postgresql_where=text("relayed_at IS NULL")),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(80))
    # The snapshot, with the sealed fields of the person it is about (a client's e-mail and
    # phone) as ``null``: those are in ``sealed_data``, sealed with that person's key (ADR
    # 0034, revision 0045), so that the person's erasure reaches every backup of this row.
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    relayed_at: Mapped[datetime | None]
    subject_kind: Mapped[str | None] = mapped_column(String(20))
    subject_id: Mapped[str | None] = mapped_column(String(40))
    sealed_data: Mapped[bytes | None] = mapped_column(LargeBinary, info=SEALED_COLUMN)

    @property
    def delivered_data(self) -> dict[str, Any]:
        """``data`` as receivers get it: the sealed fields opened into it (``null`` once the
        person was erased). Needs :func:`domain.events.service.open_events` first."""
        if self.sealed_data is None:
            return self.data
        try:
            opened: dict[str, Any] = self.__dict__["_opened_data"]
        except KeyError:
            raise SealedValueNotOpened(
                f"event {self.id} carries sealed fields and was not opened (open_events)"
            ) from None
        return opened
