"""Two regions on two embedded PostgreSQL servers, and a dedicated database with its own role.

The session's test database (``database_url``, emptied by ``clean_db``) is the EU region's
shared placement and the control database; a second server holds the US region's; a database
on the first server, reached as a login role of its own, is the dedicated placement ``acme``.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Callable, Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from core import migrate
from core.config import PlacementSpec, Settings
from core.devstack import EmbeddedPostgres, free_port
from domain.placements.registry import Placements
from domain.placements.router import PlacementRouter
from domain.tenancy import plan_catalog
from tests.support.placements import conninfo, create_database, empty


@pytest.fixture(scope="session")
def us_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedPostgres]:
    server = EmbeddedPostgres(tmp_path_factory.mktemp("pg-us") / "data", free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def us_url(us_server: EmbeddedPostgres) -> str:
    url = create_database(us_server.dsn("postgres"), f"axus_{secrets.token_hex(4)}")
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def acme_url(database_url: str) -> str:
    """A dedicated database on the EU server; the application logs in as ``acme_login``, a
    role of its own that may act as the application role and owns nothing."""
    admin = make_url(conninfo(database_url)).set(database="postgres").render_as_string(False)
    url = create_database(admin, f"axacme_{secrets.token_hex(4)}")
    migrate.upgrade(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'acme_login') THEN "
            "CREATE ROLE acme_login LOGIN IN ROLE auditoryx_app; END IF; END $$"
        )
    return make_url(url).set(username="acme_login", password=None).render_as_string(False)


@pytest.fixture(scope="session")
def placement_specs(database_url: str, us_url: str, acme_url: str) -> dict[str, PlacementSpec]:
    return {
        "eu": PlacementSpec(url=database_url, region="eu"),
        "us": PlacementSpec(url=us_url, region="us"),
        "acme": PlacementSpec(
            url=acme_url,
            region="eu",
            dedicated=True,
            migrations_url=make_url(acme_url)
            .set(username=make_url(us_url).username)
            .render_as_string(False),
        ),
    }


@pytest.fixture
def placed_settings(settings: Settings, placement_specs: dict[str, PlacementSpec]) -> Settings:
    return settings.model_copy(update={"placements": placement_specs})


@pytest.fixture
def clean_placements(
    clean_db: None, us_url: str, acme_url: str, database_url: str, seeded_plans: str
) -> None:
    """Every placement emptied before the test (the EU one by ``clean_db``), the seeded
    plans put back in each (a test may change them everywhere)."""
    empty(us_url, seeded_plans)
    admin_acme = make_url(acme_url).set(username=make_url(database_url).username)
    empty(admin_acme.render_as_string(False), seeded_plans)
    plan_catalog.forget()


@pytest.fixture
async def router(
    placed_settings: Settings, engine: AsyncEngine, clean_placements: None
) -> AsyncIterator[PlacementRouter]:
    """The deployment's router, the EU (control) engine lent by the session."""
    placements = Placements.from_settings(placed_settings, engines={"eu": engine})
    yield PlacementRouter(placements, cache_seconds=0)
    await placements.dispose()


@pytest.fixture
def owner_url(database_url: str) -> Callable[[str], str]:
    """The schema owner's URL of a placement URL (the dedicated one logs in as its own role)."""
    owner = make_url(database_url).username

    def url(placement_url: str) -> str:
        return make_url(placement_url).set(username=owner).render_as_string(False)

    return url
