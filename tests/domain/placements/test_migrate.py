"""``auditoryx migrate`` upgrades every placement's database and reports each."""

from __future__ import annotations

import secrets

import psycopg
from sqlalchemy.engine import make_url

from cli import build_parser, cmd_migrate
from core.config import PlacementSpec, Settings
from core.devstack import EmbeddedPostgres, free_port
from tests.support.placements import conninfo, create_database


def revision(url: str) -> str | None:
    with psycopg.connect(conninfo(url)) as conn:
        exists = conn.execute("SELECT to_regclass('alembic_version')").fetchone()
        if not exists or exists[0] is None:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None


def test_migrate_upgrades_each_placement_and_names_the_one_that_failed(
    settings: Settings, database_url: str, us_server: EmbeddedPostgres, capsys
) -> None:
    admin_eu = make_url(conninfo(database_url)).set(database="postgres").render_as_string(False)
    eu = create_database(admin_eu, f"axmig_{secrets.token_hex(4)}")
    us = create_database(us_server.dsn("postgres"), f"axmig_{secrets.token_hex(4)}")
    dedicated = create_database(admin_eu, f"axmig_{secrets.token_hex(4)}")
    down = make_url(us).set(port=free_port()).render_as_string(False)
    placements = {
        "eu": PlacementSpec(url=eu, region="eu"),
        "us": PlacementSpec(url=us, region="us"),
        "gone": PlacementSpec(url=down, region="us", dedicated=True),
        # Migrations run as the owner when the application's URL is another role.
        "acme": PlacementSpec(
            url=make_url(dedicated).set(username="acme_login").render_as_string(False),
            migrations_url=dedicated,
            region="eu",
            dedicated=True,
        ),
    }
    args = build_parser().parse_args(["migrate"])
    assert cmd_migrate(settings.model_copy(update={"placements": placements}), args) == 1
    out, err = capsys.readouterr()
    assert "placement eu (region eu): upgraded to head" in out
    assert "placement us (region us): upgraded to head" in out
    assert "placement acme (region eu): upgraded to head" in out
    assert "placement gone (region us): FAILED" in err
    assert "1 placement(s) failed: gone" in out
    # Names are not reconciled with a placement left unread.
    assert "name claims: not reconciled until `auditoryx migrate` succeeds" in out
    heads = {revision(url) for url in (eu, us, dedicated)}
    assert len(heads) == 1 and heads != {None}
    with psycopg.connect(conninfo(database_url)) as conn:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert heads == {row[0] if row else None}

    # Once every placement is reachable the run succeeds; migrating again changes nothing.
    del placements["gone"]
    assert cmd_migrate(settings.model_copy(update={"placements": placements}), args) == 0
    out = capsys.readouterr().out
    assert "database upgraded to head (3 placement(s))" in out
    # Then the registry of claimed names is brought level with every placement (no names
    # in new databases); tests/domain/placements/test_claim_backfill.py covers the rest.
    assert "name claims: 0 registered, 0 already registered" in out
