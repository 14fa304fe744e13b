"""Model of the roster: an organization's artists."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKeyConstraint,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import (
    ARRAY,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin
from domain.keys.fields import SEALED_COLUMN, OpenedValue


class Artist(TenantMixin, TimestampMixin, Base):
    """An artist of the roster: a person, whose links are sealed with their own key."""

    __tablename__ = "artists"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        UniqueConstraint("organization_id", "external_ref"),
        CheckConstraint("status IN ('active', 'paused', 'former')", name="status"),
        CheckConstraint(
            "contract_end IS NULL OR contract_start IS NULL OR contract_end >= contract_start",
            name="contract_dates",
        ),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    genres: Mapped[list[str]] = mapped_column(ARRAY(String(60)), default=list)
    status: Mapped[str] = mapped_column(String(20), default="active")
    contract_start: Mapped[date | None] = mapped_column(Date)
    contract_end: Mapped[date | None] = mapped_column(Date)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(60)), default=list)
    external_ref: Mapped[str | None] = mapped_column(String(120))
    # The links (a list), sealed as JSON with the artist's own key (domain/keys/sealed.py,
    # ADR 0034): ``links`` below holds the opened list and is never a column.
    links_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, info=SEALED_COLUMN)
    # The clear column of the release before sealing (expand/contract, ADR 0025): read only
    # where a row has no sealed value yet, emptied by every write of this code and by
    # `auditoryx privacy seal-backfill`; the contract step drops it.
    clear_links: Mapped[list[str]] = mapped_column(
        "links", ARRAY(String(500)), server_default="{}", info=SEALED_COLUMN
    )

    subject_kind: ClassVar[str] = "artist"
    sealed_fields: ClassVar[tuple[str, ...]] = ("links",)
    links = OpenedValue[list[str]]([])
