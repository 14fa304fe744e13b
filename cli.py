"""``auditoryx``: run the product and operate it.

auditoryx dev        embedded PostgreSQL + Temporal dev server + migrations + worker + API
auditoryx api        the HTTP API alone (DATABASE_URL, TEMPORAL_ADDRESS)
auditoryx worker     the Temporal worker alone
auditoryx migrate    upgrade the schema (MIGRATIONS_DATABASE_URL or DATABASE_URL)
auditoryx org create --name … --owner-email …   bootstrap an organization, print its key once
auditoryx audit verify [--org ID]                check every audit hash chain
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from core.config import ConfigurationError, Settings, child_environment, load_settings
from core.logging import configure_logging

log = logging.getLogger("auditoryx.cli")
STACK_FILE = "stack.json"


def _stack_file(settings: Settings) -> Path:
    return Path(settings.dev_data_dir) / STACK_FILE


def database_url(settings: Settings, *, owner: bool = False) -> str:
    """The configured URL, or the running `auditoryx dev` stack's, or a clear error."""
    url = settings.owner_database_url if owner else settings.database_url
    if url:
        return url
    stack = _stack_file(settings)
    if stack.exists():
        return str(json.loads(stack.read_text())["database_url"])
    raise ConfigurationError(
        "DATABASE_URL: not set, and no `auditoryx dev` stack is running in "
        f"{settings.dev_data_dir}/ to borrow it from"
    )


# --- dev ------------------------------------------------------------------------------------


def cmd_dev(settings: Settings, args: argparse.Namespace) -> int:
    from core import migrate
    from core.devstack import (
        DevStackError,
        EmbeddedPostgres,
        TemporalDevServer,
        require_free_ports,
        spawn,
        stop_process,
        wait_for_port,
    )
    from workflows import SEARCH_ATTRIBUTES

    data_dir = Path(args.data_dir or settings.dev_data_dir).resolve()
    pg_port = args.pg_port or settings.dev_postgres_port
    temporal_port = args.temporal_port or settings.dev_temporal_port
    ui_port = settings.dev_temporal_ui_port if args.ui_port is None else args.ui_port
    api_port = args.api_port or settings.api_port
    host = args.host or settings.api_host

    ports = {"API": api_port, "Temporal": temporal_port}
    if not settings.database_url:
        ports["PostgreSQL"] = pg_port
    if ui_port:
        ports["Temporal UI"] = ui_port
    data_dir.mkdir(parents=True, exist_ok=True)
    postgres: EmbeddedPostgres | None = None
    temporal = TemporalDevServer(
        data_dir / "temporal.db",
        temporal_port,
        ui_port or None,
        SEARCH_ATTRIBUTES,
        namespace=settings.temporal_namespace,
    )
    children: list[tuple[str, subprocess.Popen[bytes]]] = []
    stopping = False

    def request_stop(_signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    exit_code = 0
    try:
        require_free_ports(ports)
        started = time.perf_counter()
        if settings.database_url:
            db_url = settings.database_url
        else:
            postgres = EmbeddedPostgres(data_dir / "postgres", pg_port)
            postgres.start()
            postgres.ensure_database("auditoryx")
            db_url = postgres.url("auditoryx")
        migrate.upgrade(settings.migrations_database_url or db_url)
        temporal.start()
        env = child_environment(
            {
                "ENVIRONMENT": settings.environment.value,
                "DATABASE_URL": db_url,
                "TEMPORAL_ADDRESS": temporal.address,
                "TEMPORAL_NAMESPACE": settings.temporal_namespace,
                "API_HOST": host,
                "API_PORT": str(api_port),
                "LOG_FORMAT": settings.log_format,
            }
        )
        for name in ("worker", "api"):
            children.append((name, spawn([sys.executable, "-m", "cli", name], env=env)))
        wait_for_port(
            api_port,
            timeout=60,
            process=children[-1][1],
            what="API",
            host="127.0.0.1" if host in ("0.0.0.0", "127.0.0.1") else host,
        )
        _stack_file_path = data_dir / STACK_FILE
        _stack_file_path.write_text(
            json.dumps(
                {
                    "database_url": db_url,
                    "temporal_address": temporal.address,
                    "api": f"http://{host}:{api_port}",
                    "pid": os.getpid(),
                }
            )
        )
        shown_host = "localhost" if host in ("0.0.0.0", "127.0.0.1") else host
        print(
            "\nAuditoryX is running "
            f"(started in {time.perf_counter() - started:.1f}s, data in {data_dir}):\n"
            f"  API            http://{shown_host}:{api_port}\n"
            f"  OpenAPI docs   http://{shown_host}:{api_port}/docs\n"
            f"  Readiness      http://{shown_host}:{api_port}/readyz\n"
            + (f"  Temporal UI    http://localhost:{ui_port}\n" if ui_port else "")
            + f"  Temporal       {temporal.address} (namespace {settings.temporal_namespace})\n"
            f"  PostgreSQL     {db_url}\n"
            "Create an organization:  auditoryx org create --name 'My Label' "
            "--owner-email you@example.com\n"
            "Press Ctrl-C to stop.\n",
            flush=True,
        )
        while not stopping:
            for name, child in children:
                if child.poll() is not None:
                    log.error("%s exited with code %s; stopping the stack", name, child.returncode)
                    exit_code = 1
                    stopping = True
            if temporal.process is not None and temporal.process.poll() is not None:
                log.error("the Temporal dev server exited; stopping the stack")
                exit_code, stopping = 1, True
            if (
                postgres is not None
                and postgres.process is not None
                and postgres.process.poll() is not None
            ):
                log.error("PostgreSQL exited; stopping the stack")
                exit_code, stopping = 1, True
            time.sleep(0.2)
    except (DevStackError, ConfigurationError) as exc:
        print(f"auditoryx dev: {exc}", file=sys.stderr)
        exit_code = 2
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        # Stop in reverse order of dependency: API, worker, Temporal, PostgreSQL.
        for _name, child in reversed(children):
            stop_process(child, sig=signal.SIGTERM, timeout=25)
        temporal.stop()
        if postgres is not None:
            postgres.stop()
        (data_dir / STACK_FILE).unlink(missing_ok=True)
        print("auditoryx dev: stopped", file=sys.stderr, flush=True)
    return exit_code


# --- single components ------------------------------------------------------------------------


def cmd_api(settings: Settings, _args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app

    settings = settings.model_copy(update={"database_url": database_url(settings)})
    uvicorn.run(
        create_app(settings),
        host=settings.api_host,
        port=settings.api_port,
        log_config=None,
        proxy_headers=True,
        timeout_graceful_shutdown=20,
    )
    return 0


def cmd_worker(settings: Settings, _args: argparse.Namespace) -> int:
    from worker import run_worker

    settings = settings.model_copy(update={"database_url": database_url(settings)})
    asyncio.run(run_worker(settings))
    return 0


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    from core import migrate

    migrate.upgrade(database_url(settings, owner=True), args.revision)
    print(f"database upgraded to {args.revision}")
    return 0


def cmd_org_create(settings: Settings, args: argparse.Namespace) -> int:
    from core.db import create_app_engine, create_sessionmaker
    from domain.audit import Actor
    from domain.organizations import create_organization

    async def run() -> int:
        engine = create_app_engine(database_url(settings), pool_size=1)
        try:
            result = await create_organization(
                create_sessionmaker(engine),
                name=args.name,
                plan=args.plan,
                region=args.region,
                owner_email=args.owner_email,
                owner_name=args.owner_name or args.owner_email.split("@")[0],
                actor=Actor(type="system", id="cli"),
            )
        finally:
            await engine.dispose()
        print(f"organization  {result.organization.id}  {result.organization.name}")
        print(f"owner         {result.owner.id}  {result.owner.email}")
        print(f"api key       {result.raw_api_key}")
        print("The API key is shown once. Store it now; only its hash is kept.")
        return 0

    return asyncio.run(run())


def cmd_audit_verify(settings: Settings, args: argparse.Namespace) -> int:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    from core.db import normalize_url
    from domain.audit import verify_chain

    async def run() -> int:
        engine = create_async_engine(normalize_url(database_url(settings, owner=True)))
        failures = 0
        try:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT set_config('app.owner_maintenance', 'on', false)"))
                from sqlalchemy.ext.asyncio import AsyncSession

                async with AsyncSession(bind=conn) as session:
                    orgs = (
                        [args.org]
                        if args.org
                        else list(
                            (
                                await session.execute(
                                    text("SELECT organization_id FROM audit_chain_heads ORDER BY 1")
                                )
                            ).scalars()
                        )
                    )
                    for org_id in orgs:
                        report = await verify_chain(session, org_id)
                        if report.ok:
                            print(f"ok      {org_id}  {report.records} records")
                        else:
                            failures += 1
                            print(
                                f"BROKEN  {org_id}  at record {report.first_bad_seq}: "
                                f"{report.reason}"
                            )
        finally:
            await engine.dispose()
        return 1 if failures else 0

    return asyncio.run(run())


# --- entry point ---------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="auditoryx", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)

    dev = sub.add_parser("dev", help="run the whole product locally on embedded services")
    dev.add_argument("--data-dir", help="where data lives (default .auditoryx, DEV_DATA_DIR)")
    dev.add_argument("--host", help="API bind address (default 127.0.0.1, API_HOST)")
    dev.add_argument("--api-port", type=int, help="API port (default 8000, API_PORT)")
    dev.add_argument("--pg-port", type=int, help="embedded PostgreSQL port (DEV_POSTGRES_PORT)")
    dev.add_argument("--temporal-port", type=int, help="Temporal port (DEV_TEMPORAL_PORT)")
    dev.add_argument(
        "--ui-port", type=int, help="Temporal UI port, 0 to disable (DEV_TEMPORAL_UI_PORT)"
    )
    dev.set_defaults(func=cmd_dev)

    sub.add_parser("api", help="run the HTTP API").set_defaults(func=cmd_api)
    sub.add_parser("worker", help="run the Temporal worker").set_defaults(func=cmd_worker)
    mig = sub.add_parser("migrate", help="upgrade the database schema")
    mig.add_argument("--revision", default="head")
    mig.set_defaults(func=cmd_migrate)

    org = sub.add_parser("org", help="organizations").add_subparsers(
        dest="org_command", required=True
    )
    create = org.add_parser("create", help="create an organization, its owner and first key")
    create.add_argument("--name", required=True)
    create.add_argument("--owner-email", required=True)
    create.add_argument("--owner-name")
    create.add_argument(
        "--plan",
        default="label_enterprise",
        choices=["studio_pro", "label_enterprise", "white_label", "api"],
    )
    create.add_argument("--region", default="eu", choices=["eu", "us", "uk", "apac"])
    create.set_defaults(func=cmd_org_create)

    aud = sub.add_parser("audit", help="the audit log").add_subparsers(
        dest="audit_command", required=True
    )
    verify = aud.add_parser("verify", help="verify the hash chains (exit 1 if any is broken)")
    verify.add_argument("--org", help="only this organization")
    verify.set_defaults(func=cmd_audit_verify)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        configure_logging(
            settings.log_level, "console" if args.command == "dev" else settings.log_format
        )
        code = args.func(settings, args)
    except ConfigurationError as exc:
        print(f"auditoryx: configuration error: {exc}", file=sys.stderr)
        code = 2
    sys.exit(code)


if __name__ == "__main__":
    main()
