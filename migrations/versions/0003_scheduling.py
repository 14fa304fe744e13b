"""Roster and scheduling: artists, creators, rooms, clients, time off, bookings, calendar feeds.

Bookings carry exclusion constraints (btree_gist) per creator and per room over active
statuses, buffers included: PostgreSQL itself refuses a double booking.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 00:32:03.554013
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_table(
        "artists",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("genres", postgresql.ARRAY(sa.String(length=60)), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("contract_start", sa.Date(), nullable=True),
        sa.Column("contract_end", sa.Date(), nullable=True),
        sa.Column("links", postgresql.ARRAY(sa.String(length=500)), nullable=False),
        sa.Column("tags", postgresql.ARRAY(sa.String(length=60)), nullable=False),
        sa.Column("external_ref", sa.String(length=120), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('active', 'paused', 'former')", name=op.f("ck_artists_status")
        ),
        sa.CheckConstraint(
            "contract_end IS NULL OR contract_start IS NULL OR contract_end >= contract_start",
            name=op.f("ck_artists_contract_dates"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_artists_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_artists")),
        sa.UniqueConstraint(
            "organization_id", "external_ref", name=op.f("uq_artists_organization_id_external_ref")
        ),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_artists_organization_id_id")),
    )
    op.create_table(
        "clients",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("domain", sa.String(length=255), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("external_ref", sa.String(length=120), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_clients_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
        sa.UniqueConstraint(
            "organization_id", "external_ref", name=op.f("uq_clients_organization_id_external_ref")
        ),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_clients_organization_id_id")),
    )
    op.create_table(
        "creators",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("bio", sa.Text(), nullable=False),
        sa.Column("roles", postgresql.ARRAY(sa.String(length=60)), nullable=False),
        sa.Column("skills", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("day_rate_minor", sa.BigInteger(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column(
            "search",
            postgresql.TSVECTOR(),
            sa.Computed(
                "to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(bio, ''))",
                persisted=True,
            ),
            nullable=False,
        ),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("hourly_rate_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("working_hours", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("date_overrides", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("min_notice_minutes", sa.Integer(), nullable=False),
        sa.Column("buffer_before_minutes", sa.Integer(), nullable=False),
        sa.Column("buffer_after_minutes", sa.Integer(), nullable=False),
        sa.Column("tags", postgresql.ARRAY(sa.String(length=60)), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("external_ref", sa.String(length=120), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("status IN ('active', 'inactive')", name=op.f("ck_creators_status")),
        sa.CheckConstraint(
            "min_notice_minutes >= 0 AND buffer_before_minutes >= 0 AND buffer_after_minutes >= 0",
            name=op.f("ck_creators_non_negative_minutes"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_creators_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creators")),
        sa.UniqueConstraint(
            "organization_id", "external_ref", name=op.f("uq_creators_organization_id_external_ref")
        ),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_creators_organization_id_id")),
    )
    op.create_index(
        "ix_creators_search", "creators", ["search"], unique=False, postgresql_using="gin"
    )
    op.create_index(
        "ix_creators_skills", "creators", ["skills"], unique=False, postgresql_using="gin"
    )
    op.create_table(
        "rooms",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("hourly_rate_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("working_hours", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("date_overrides", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("min_notice_minutes", sa.Integer(), nullable=False),
        sa.Column("buffer_before_minutes", sa.Integer(), nullable=False),
        sa.Column("buffer_after_minutes", sa.Integer(), nullable=False),
        sa.Column("tags", postgresql.ARRAY(sa.String(length=60)), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("external_ref", sa.String(length=120), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("kind IN ('studio', 'room', 'equipment')", name=op.f("ck_rooms_kind")),
        sa.CheckConstraint("status IN ('active', 'inactive')", name=op.f("ck_rooms_status")),
        sa.CheckConstraint(
            "min_notice_minutes >= 0 AND buffer_before_minutes >= 0 AND buffer_after_minutes >= 0",
            name=op.f("ck_rooms_non_negative_minutes"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_rooms_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rooms")),
        sa.UniqueConstraint(
            "organization_id", "external_ref", name=op.f("uq_rooms_organization_id_external_ref")
        ),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_rooms_organization_id_id")),
    )
    op.create_table(
        "bookings",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("creator_id", sa.String(length=40), nullable=False),
        sa.Column("room_id", sa.String(length=40), nullable=True),
        sa.Column("artist_id", sa.String(length=40), nullable=True),
        sa.Column("client_id", sa.String(length=40), nullable=True),
        sa.Column("project_id", sa.String(length=40), nullable=True),
        sa.Column("batch_id", sa.String(length=40), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("period", postgresql.TSTZRANGE(), nullable=False),
        sa.Column("creator_block", postgresql.TSTZRANGE(), nullable=False),
        sa.Column("room_block", postgresql.TSTZRANGE(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("hold_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("price_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("status_reason", sa.String(length=500), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        postgresql.ExcludeConstraint(
            (sa.column("organization_id"), "="),
            (sa.column("creator_id"), "="),
            (sa.column("creator_block"), "&&"),
            where=sa.text("status IN ('held', 'pending_approval', 'confirmed', 'completed')"),
            using="gist",
            name="no_double_booking_creator",
        ),
        postgresql.ExcludeConstraint(
            (sa.column("organization_id"), "="),
            (sa.column("room_id"), "="),
            (sa.column("room_block"), "&&"),
            where=sa.text(
                "room_id IS NOT NULL AND status IN ('held', 'pending_approval', 'confirmed', 'completed')"
            ),
            using="gist",
            name="no_double_booking_room",
        ),
        sa.CheckConstraint(
            "status IN ('held', 'pending_approval', 'confirmed', 'completed', 'cancelled', 'no_show', 'expired')",
            name=op.f("ck_bookings_status"),
        ),
        sa.CheckConstraint(
            "(room_id IS NULL) = (room_block IS NULL)", name=op.f("ck_bookings_room_block")
        ),
        sa.CheckConstraint("creator_block @> period", name=op.f("ck_bookings_creator_block")),
        sa.CheckConstraint(
            "lower(period) < upper(period) AND NOT lower_inf(period) AND NOT upper_inf(period)",
            name=op.f("ck_bookings_period"),
        ),
        sa.CheckConstraint("price_minor >= 0", name=op.f("ck_bookings_price")),
        sa.ForeignKeyConstraint(
            ["organization_id", "artist_id"],
            ["artists.organization_id", "artists.id"],
            name=op.f("fk_bookings_organization_id_artists"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "client_id"],
            ["clients.organization_id", "clients.id"],
            name=op.f("fk_bookings_organization_id_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "creator_id"],
            ["creators.organization_id", "creators.id"],
            name=op.f("fk_bookings_organization_id_creators"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "room_id"],
            ["rooms.organization_id", "rooms.id"],
            name=op.f("fk_bookings_organization_id_rooms"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_bookings_organization_id_id")),
    )
    op.create_index(
        "ix_bookings_held_expiry",
        "bookings",
        ["hold_expires_at"],
        unique=False,
        postgresql_where=sa.text("status = 'held'"),
    )
    op.create_index(
        "ix_bookings_organization_id_artist_id",
        "bookings",
        ["organization_id", "artist_id"],
        unique=False,
    )
    op.create_index(
        "ix_bookings_organization_id_status_period",
        "bookings",
        ["organization_id", "status", "period"],
        unique=False,
        postgresql_using="gist",
    )
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("creator_id", sa.String(length=40), nullable=True),
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id", "creator_id"],
            ["creators.organization_id", "creators.id"],
            name=op.f("fk_calendar_feeds_organization_id_creators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_calendar_feeds_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )
    op.create_table(
        "time_off",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("creator_id", sa.String(length=40), nullable=True),
        sa.Column("room_id", sa.String(length=40), nullable=True),
        sa.Column("period", postgresql.TSTZRANGE(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(creator_id IS NULL) <> (room_id IS NULL)", name=op.f("ck_time_off_one_resource")
        ),
        sa.CheckConstraint(
            "NOT isempty(period) AND lower_inf(period) = false AND upper_inf(period) = false",
            name=op.f("ck_time_off_bounded_period"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "creator_id"],
            ["creators.organization_id", "creators.id"],
            name=op.f("fk_time_off_organization_id_creators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "room_id"],
            ["rooms.organization_id", "rooms.id"],
            name=op.f("fk_time_off_organization_id_rooms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_time_off")),
    )
    op.create_index(
        "ix_time_off_creator_period",
        "time_off",
        ["organization_id", "creator_id", "period"],
        unique=False,
        postgresql_using="gist",
    )
    _secure()


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS calendar_feed_lookup(bytea)")
    op.drop_index("ix_time_off_creator_period", table_name="time_off", postgresql_using="gist")
    op.drop_table("time_off")
    op.drop_table("calendar_feeds")
    op.drop_index(
        "ix_bookings_organization_id_status_period", table_name="bookings", postgresql_using="gist"
    )
    op.drop_index("ix_bookings_organization_id_artist_id", table_name="bookings")
    op.drop_index(
        "ix_bookings_held_expiry",
        table_name="bookings",
        postgresql_where=sa.text("status = 'held'"),
    )
    op.drop_table("bookings")
    op.drop_table("rooms")
    op.drop_index("ix_creators_skills", table_name="creators", postgresql_using="gin")
    op.drop_index("ix_creators_search", table_name="creators", postgresql_using="gin")
    op.drop_table("creators")
    op.drop_table("clients")
    op.drop_table("artists")


TENANT_TABLES = (
    "artists",
    "creators",
    "rooms",
    "clients",
    "time_off",
    "bookings",
    "calendar_feeds",
)


def _secure() -> None:
    for table in TENANT_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} "
            "USING (organization_id = ANY (app_org_ids())) "
            "WITH CHECK (organization_id = ANY (app_org_ids()))"
        )
        op.execute(
            f"CREATE POLICY owner_maintenance ON {table} TO CURRENT_USER "
            "USING (current_setting('app.owner_maintenance', true) = 'on') "
            "WITH CHECK (current_setting('app.owner_maintenance', true) = 'on')"
        )
    # A calendar app fetches a feed with nothing but the secret in the URL; this definer
    # function maps the token's hash to its feed, and nothing else.
    op.execute(
        """
        CREATE FUNCTION calendar_feed_lookup(p_token_hash bytea)
        RETURNS TABLE (id text, organization_id text, creator_id text)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            PERFORM set_config('app.owner_maintenance', 'on', true);
            RETURN QUERY
                SELECT f.id::text, f.organization_id::text, f.creator_id::text
                FROM calendar_feeds f
                WHERE f.token_hash = p_token_hash AND f.revoked_at IS NULL;
            PERFORM set_config('app.owner_maintenance', 'off', true);
        END
        $$
        """
    )
    op.execute("REVOKE ALL ON FUNCTION calendar_feed_lookup(bytea) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION calendar_feed_lookup(bytea) TO auditoryx_app")
