"""``auditoryx``: run the product and operate it.

auditoryx dev        embedded PostgreSQL + Temporal dev server + migrations + worker + API
auditoryx api        the HTTP API alone (DATABASE_URL, TEMPORAL_ADDRESS)
auditoryx worker     the Temporal worker alone
auditoryx migrate    upgrade the schema (MIGRATIONS_DATABASE_URL or DATABASE_URL), the key store too
auditoryx org create --name … --owner-email …   bootstrap an organization, print its key once
auditoryx audit verify [--org ID]                check every audit hash chain
auditoryx audit seal [--org ID]                  seal committed audit records now
auditoryx mail [--show N]                        mail the `auditoryx dev` SMTP sink received
auditoryx member set-password --org ID --email …  let a member sign in to the dashboard
auditoryx member password-link --org ID --email … print (and e-mail) an invite/reset link
auditoryx domain add --org ID --hostname …       serve the dashboard on a custom domain
auditoryx privacy seal-backfill [--org ID]       seal contact fields written before sealing
auditoryx placements claims-backfill             register names held before the claim registry
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import uvicorn

from core.config import (
    ConfigurationError,
    PlacementSpec,
    Settings,
    child_environment,
    load_settings,
)
from core.logging import configure_logging

T = TypeVar("T")

log = logging.getLogger("auditoryx.cli")
STACK_FILE = "stack.json"


def _stack_file(settings: Settings) -> Path:
    return Path(settings.dev_data_dir) / STACK_FILE


def api_base_url(settings: Settings) -> str:
    """Where users reach the API: PUBLIC_BASE_URL, or the running `auditoryx dev` stack's
    address (whatever its --api-port), or API_PORT on localhost."""
    if settings.public_base_url:
        return settings.public_base_url.rstrip("/")
    stack = _stack_file(settings)
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        return str(json.loads(stack.read_text())["api"]).rstrip("/")
    return f"http://localhost:{settings.api_port}"


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


def keystore_url(settings: Settings, *, owner: bool = False) -> str:
    """The key store's URL as configured, or the running `auditoryx dev` stack's; empty when
    neither (the key store is then the control database, outside production)."""
    url = settings.owner_keystore_url if owner else settings.keystore_url
    if url:
        return url
    stack = _stack_file(settings)
    if not settings.database_url and stack.exists():
        with contextlib.suppress(OSError, ValueError, TypeError):
            return str(json.loads(stack.read_text()).get("keystore_url") or "")
    return ""


def ensure_keystore_schema(url: str) -> None:
    from domain.keys.store import ensure_schema

    ensure_schema(url)


def stack_settings(settings: Settings) -> Settings:
    """``settings`` with DATABASE_URL (and PLACEMENTS, for `auditoryx dev --regions`) borrowed
    from the running `auditoryx dev` stack when they are not configured."""
    update: dict[str, Any] = {
        "database_url": database_url(settings),
        "keystore_url": keystore_url(settings),
    }
    stack = _stack_file(settings)
    if not settings.placements and not settings.database_url and stack.exists():
        with contextlib.suppress(OSError, ValueError, TypeError):
            borrowed = json.loads(stack.read_text()).get("placements") or {}
            if borrowed:
                update["placements"] = {
                    name: PlacementSpec.model_validate(spec) for name, spec in borrowed.items()
                }
                update["default_region"] = json.loads(stack.read_text())["default_region"]
    return settings.model_copy(update=update)


# --- dev ------------------------------------------------------------------------------------


def _refuse_shared_data_dir(stack_file: Path) -> None:
    """Two supervisors on one data directory would fight over PostgreSQL's files."""
    from core.devstack import DevStackError

    try:
        pid = int(json.loads(stack_file.read_text())["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return  # no stack file, or an unreadable one: nobody is running here
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return  # left behind by a supervisor that was killed; this start replaces it
    except PermissionError:
        pass  # alive, owned by another user
    raise DevStackError(
        f"{stack_file.parent} is in use by another `auditoryx dev` (pid {pid}); stop it first "
        f"or choose another --data-dir (if pid {pid} is not `auditoryx dev`, delete {stack_file})"
    )


def dev_regions(option: str | None, settings: Settings) -> list[str]:
    """The regions of ``--regions eu,us`` (default: DEFAULT_REGION alone), the first one the
    control database's; an embedded PostgreSQL each, unless DATABASE_URL is configured."""
    from core.config import REGIONS
    from core.devstack import DevStackError

    regions = [r.strip() for r in (option or settings.default_region).split(",") if r.strip()]
    unknown = [r for r in regions if r not in REGIONS]
    if unknown or not regions or len(set(regions)) != len(regions):
        raise DevStackError(
            f"--regions {option!r}: name each region once, from {', '.join(REGIONS)}"
        )
    if len(regions) > 1 and (settings.database_url or settings.placements):
        raise DevStackError(
            "--regions starts embedded databases: unset DATABASE_URL and PLACEMENTS, or "
            "configure PLACEMENTS yourself and leave --regions out"
        )
    return regions


def _dev_log_format(settings: Settings) -> str:
    """``auditoryx dev`` is read by a person: console lines unless LOG_FORMAT asks otherwise."""
    return settings.log_format if "log_format" in settings.model_fields_set else "console"


def cmd_dev(settings: Settings, args: argparse.Namespace) -> int:
    from core import migrate, versioning
    from core.devstack import (
        DevStackError,
        EmbeddedPostgres,
        RestartPolicy,
        SupervisedChild,
        TemporalDevServer,
        free_port,
        require_free_ports,
        spawn,
        wait_for_port,
    )
    from core.mail_sink import MailSink
    from workflows import SEARCH_ATTRIBUTES

    data_dir = Path(args.data_dir or settings.dev_data_dir).resolve()
    pg_port = args.pg_port or settings.dev_postgres_port
    temporal_port = args.temporal_port or settings.dev_temporal_port
    ui_port = settings.dev_temporal_ui_port if args.ui_port is None else args.ui_port
    api_port = args.api_port or settings.api_port
    host = args.host or settings.api_host

    try:
        regions = dev_regions(args.regions, settings)
    except DevStackError as exc:
        print(f"auditoryx dev: {exc}", file=sys.stderr)
        return 2
    ports = {"API": api_port, "Temporal": temporal_port}
    if not settings.database_url:
        # One embedded PostgreSQL per region, the first on --pg-port, the next ones above it.
        for index, region in enumerate(regions):
            ports[f"PostgreSQL ({region})" if index else "PostgreSQL"] = pg_port + index
    if ui_port:
        ports["Temporal UI"] = ui_port
    data_dir.mkdir(parents=True, exist_ok=True)
    postgres: EmbeddedPostgres | None = None
    region_servers: list[EmbeddedPostgres] = []
    placements: dict[str, dict[str, str]] = {}
    temporal = TemporalDevServer(
        data_dir / "temporal.db",
        temporal_port,
        ui_port or None,
        SEARCH_ATTRIBUTES,
        namespace=settings.temporal_namespace,
        # Each region's own namespace (REGION_NAMESPACES), where one is configured.
        namespaces=settings.namespaces(regions),
    )
    children: list[SupervisedChild] = []
    stack_file = data_dir / STACK_FILE
    # Without SMTP_HOST, mail goes to a local sink that `auditoryx mail` reads.
    mail_sink = None if settings.smtp_host else MailSink(data_dir / "mail", free_port())
    stopping = running = wrote_stack_file = False

    def request_stop(_signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True
        if not running:
            # Still starting (a component may take up to a minute to fail): abandon the start
            # at once; `finally` stops whatever was already started.
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    exit_code = 0
    try:
        _refuse_shared_data_dir(stack_file)
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
        # The per-person keys: a database of their own, never in the data's dumps.
        if settings.keystore_url:
            keys_url = settings.keystore_url
        elif postgres is not None:
            postgres.ensure_database("auditoryx_keys")
            keys_url = postgres.url("auditoryx_keys")
        else:
            keys_url = ""
        ensure_keystore_schema(settings.owner_keystore_url or keys_url or db_url)
        if len(regions) > 1:
            placements[regions[0]] = {"url": db_url, "region": regions[0]}
            for index, region in enumerate(regions[1:], start=1):
                server = EmbeddedPostgres(data_dir / f"postgres-{region}", pg_port + index)
                region_servers.append(server)
                server.start()
                server.ensure_database("auditoryx")
                placements[region] = {"url": server.url("auditoryx"), "region": region}
                migrate.upgrade(placements[region]["url"])
        temporal.start()
        mail_env: dict[str, str] = {}
        if mail_sink is not None:
            mail_sink.start()
            mail_env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(mail_sink.port)}
        env = child_environment(
            {
                **mail_env,
                "ENVIRONMENT": settings.environment.value,
                "DATABASE_URL": db_url,
                **({"KEYSTORE_URL": keys_url} if keys_url else {}),
                "TEMPORAL_ADDRESS": temporal.address,
                "TEMPORAL_NAMESPACE": settings.temporal_namespace,
                "API_HOST": host,
                "API_PORT": str(api_port),
                "LOG_FORMAT": _dev_log_format(settings),
                # Versioned like production, with one build per package version (not per
                # commit), made current at every start: a restart after an edit runs the new
                # code and no pinned run is left waiting for a worker of an older commit.
                "WORKER_BUILD_ID": settings.worker_build_id
                or f"{versioning.package_version()}-dev",
                "WORKER_PROMOTE": "always",
                **(
                    {"REGION_NAMESPACES": json.dumps(settings.region_namespaces)}
                    if settings.region_namespaces
                    else {}
                ),
                **(
                    {"PLACEMENTS": json.dumps(placements), "DEFAULT_REGION": regions[0]}
                    if placements
                    else {}
                ),
            }
        )
        for name in ("worker", "api"):
            child = SupervisedChild(
                name,
                functools.partial(spawn, [sys.executable, "-m", "cli", name], env=env),
                RestartPolicy(),
            )
            child.start()
            children.append(child)
        wait_for_port(
            api_port,
            timeout=60,
            process=children[-1].process,
            what="API",
            host="127.0.0.1" if host in ("0.0.0.0", "127.0.0.1") else host,
        )
        running = True
        shown_host = "localhost" if host in ("0.0.0.0", "127.0.0.1") else host
        stack_file.write_text(
            json.dumps(
                {
                    "database_url": db_url,
                    "keystore_url": keys_url,
                    "temporal_address": temporal.address,
                    "api": f"http://{shown_host}:{api_port}",
                    "pid": os.getpid(),
                    "placements": placements,
                    "default_region": regions[0],
                }
            )
        )
        wrote_stack_file = True
        print(
            "\nAuditoryX is running "
            f"(started in {time.perf_counter() - started:.1f}s, data in {data_dir}):\n"
            f"  API            http://{shown_host}:{api_port}\n"
            f"  OpenAPI docs   http://{shown_host}:{api_port}/docs\n"
            f"  Readiness      http://{shown_host}:{api_port}/readyz\n"
            + (f"  Temporal UI    http://localhost:{ui_port}\n" if ui_port else "")
            + f"  Temporal       {temporal.address} (namespace {', '.join(temporal.namespaces)})\n"
            f"  PostgreSQL     {db_url}\n"
            + (f"  Key store      {keys_url}\n" if keys_url else "")
            + "".join(f"  PostgreSQL {n:<4}{p['url']}\n" for n, p in list(placements.items())[1:])
            + (
                f"  Mail sink      127.0.0.1:{mail_sink.port} (list with `auditoryx mail`)\n"
                if mail_sink is not None
                else ""
            )
            + "Create an organization:  auditoryx org create --name 'My Label' "
            "--owner-email you@example.com\n"
            "Press Ctrl-C to stop.\n",
            flush=True,
        )
        while not stopping:
            for child in children:
                # A crashed worker or API is started again (with a growing delay); only a
                # crash loop stops the stack (CrashLoop, below).
                child.check()
            if temporal.process is not None and temporal.process.poll() is not None:
                log.error("the Temporal dev server exited; stopping the stack")
                exit_code, stopping = 1, True
            if any(
                server.process is not None and server.process.poll() is not None
                for server in [*([postgres] if postgres else []), *region_servers]
            ):
                log.error("PostgreSQL exited; stopping the stack")
                exit_code, stopping = 1, True
            time.sleep(0.2)
    except (DevStackError, ConfigurationError) as exc:
        print(f"auditoryx dev: {exc}", file=sys.stderr)
        exit_code = 2
    except KeyboardInterrupt:
        print("auditoryx dev: interrupted while starting", file=sys.stderr)
        exit_code = 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        # Stop in reverse order of dependency: API, worker, Temporal, PostgreSQL.
        for child in reversed(children):
            child.stop(timeout=25)
        temporal.stop()
        if mail_sink is not None:
            mail_sink.stop()
        for server in reversed(region_servers):
            server.stop()
        if postgres is not None:
            postgres.stop()
        if wrote_stack_file:
            # Only ours: a start that failed must not hide a stack that is still running.
            stack_file.unlink(missing_ok=True)
        print("auditoryx dev: stopped", file=sys.stderr, flush=True)
    return exit_code


# --- single components ------------------------------------------------------------------------


def api_server_config(settings: Settings) -> uvicorn.Config:
    """How `auditoryx api` serves the app (tests serve it the same way)."""
    from api.app import create_app

    return uvicorn.Config(
        create_app(settings),
        host=settings.api_host,
        port=settings.api_port,
        log_config=None,
        # RequestContextMiddleware logs each request once, with its id; uvicorn's would repeat it.
        access_log=False,
        # The app believes X-Forwarded-* from FORWARDED_ALLOW_IPS only; uvicorn's own
        # handling would believe any request from 127.0.0.1 (and read the same variable).
        proxy_headers=False,
        timeout_graceful_shutdown=20,
    )


def cmd_api(settings: Settings, _args: argparse.Namespace) -> int:
    settings = stack_settings(settings)
    server = uvicorn.Server(api_server_config(settings))
    server.run()
    return 0 if server.started else 3  # uvicorn's exit code for a failed startup


def cmd_worker(settings: Settings, args: argparse.Namespace) -> int:
    from worker import RegionNotConfigured, TemporalUnreachable, run_worker

    settings = stack_settings(settings)
    if args.region:
        settings = settings.model_copy(update={"worker_region": args.region})
    try:
        asyncio.run(run_worker(settings))
    except (TemporalUnreachable, RegionNotConfigured) as exc:
        print(f"auditoryx worker: {exc}", file=sys.stderr)
        return 1
    return 0


def _owner_targets(settings: Settings) -> tuple[dict[str, tuple[str, str]], str]:
    """Every placement's (region, schema owner's URL) by name, and the control placement."""
    if settings.placements:
        chosen = settings
    else:
        owner = database_url(settings, owner=True)
        chosen = stack_settings(settings)
        if not chosen.placements:
            region = settings.default_region
            return {region: (region, owner)}, region
    targets: dict[str, tuple[str, str]] = {
        name: (spec.region, spec.migrations_url or spec.url)
        for name, spec in chosen.placements.items()
    }
    control = chosen.control_placement or chosen.default_region
    return targets, control if control in targets else next(iter(targets))


def _reconcile_claims(targets: dict[str, tuple[str, str]], control: str) -> int:
    """Register the names organizations held before the registry, release those of
    organizations gone and those no longer used, and print what was done; conflicts go to
    stderr, one a line."""
    from domain.placements.claim_backfill import ClaimBackfillError, reconcile

    try:
        report = asyncio.run(reconcile({n: url for n, (_r, url) in targets.items()}, control))
    except ClaimBackfillError as exc:
        print(f"name claims: FAILED: {exc}", file=sys.stderr)
        return 1
    for kind, value, org in report.registered:
        print(f"name claims: registered {kind} {value!r} to {org}")
    for kind, value, org in report.released:
        print(f"name claims: released {kind} {value!r} of {org} (organization gone)")
    for kind, value, org in report.unused:
        print(f"name claims: released {kind} {value!r} of {org} (no longer used)")
    for conflict in report.conflicts:
        print(f"name claims: CONFLICT: {conflict.describe()}", file=sys.stderr)
    print(f"name claims: {report.summary()}")
    if report.conflicts:
        print(
            "name claims: a name held by two organizations signs in to (or serves) neither; "
            "change one organization's SSO settings or custom domains, then run "
            "`auditoryx placements claims-backfill`"
        )
    return 2 if report.conflicts else 0


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    """Upgrade every placement's database, one after the other, and report each; one that
    fails does not stop the others (exit 1 names it). Upgraded to the head, the registry of
    claimed names is then brought level with the placements (conflicts are reported, and do
    not fail the migration: the schema is upgraded)."""
    from core import migrate

    targets, control = _owner_targets(settings)
    failed = []
    for name, (region, url) in targets.items():
        try:
            migrate.upgrade(url, args.revision)
        except Exception as exc:
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            print(f"placement {name} (region {region}): FAILED: {reason}", file=sys.stderr)
            failed.append(name)
        else:
            print(f"placement {name} (region {region}): upgraded to {args.revision}")
    # The key store: its own small schema, created where missing (domain/keys/store.py).
    keystore = keystore_url(settings, owner=True) or next(iter(targets.values()))[1]
    try:
        ensure_keystore_schema(keystore)
    except Exception as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        print(f"key store: FAILED: {reason}", file=sys.stderr)
        failed.append("key store")
    else:
        print(
            "key store: schema in place"
            + ("" if keystore_url(settings) else " (in the control database: KEYSTORE_URL unset)")
        )
    if failed:
        print(f"auditoryx migrate: {len(failed)} placement(s) failed: {', '.join(failed)}")
        if args.revision == "head":
            print("name claims: not reconciled until `auditoryx migrate` succeeds")
        return 1
    if args.revision == "head" and _reconcile_claims(targets, control) == 1:
        return 1
    print(f"database upgraded to {args.revision} ({len(targets)} placement(s))")
    return 0


def cmd_placements_claims_backfill(settings: Settings, args: argparse.Namespace) -> int:
    """Register the SSO names, SSO e-mail domains and custom domains organizations hold in
    every placement in the control database's registry, release those of organizations
    gone, and name every name two organizations hold (exit 2 while one remains)."""
    targets, control = _owner_targets(settings)
    return _reconcile_claims(targets, control)


async def _refusal_printed(
    settings: Settings, command: str, call: Callable[[Any], Awaitable[T]]
) -> T | None:
    """Run ``call`` with a session factory of the application role; a domain refusal is
    printed as ``auditoryx <command>: …`` and gives ``None``."""
    from domain.errors import DomainError
    from domain.placements.registry import Placements
    from domain.placements.router import PlacementRouter

    # Sessions route by organization, like the API's (docs/adr/0035).
    placements = Placements.from_settings(
        stack_settings(settings).model_copy(update={"db_pool_size": 1})
    )
    try:
        return await call(PlacementRouter(placements, cache_seconds=0))
    except DomainError as exc:
        print(f"auditoryx {command}: {exc.detail}", file=sys.stderr)
        return None
    finally:
        await placements.dispose()


def cmd_org_set_plan(settings: Settings, args: argparse.Namespace) -> int:
    from domain.audit.service import Actor
    from domain.tenancy.organizations import set_plan

    async def run() -> int:
        org = await _refusal_printed(
            settings,
            "org set-plan",
            lambda sessionmaker: set_plan(
                sessionmaker,
                organization_id=args.org_id,
                plan=args.plan,
                actor=Actor(type="system", id="cli"),
            ),
        )
        if org is None:
            return 2
        print(f"organization  {org.id}  {org.name}  now on {org.plan}")
        return 0

    return asyncio.run(run())


def cmd_org_set_quota(settings: Settings, args: argparse.Namespace) -> int:
    from domain.audit.service import Actor
    from domain.tenancy.quotas import set_override

    if args.limit != "plan" and not args.limit.isdigit():
        print(
            f"auditoryx org set-quota: limit {args.limit[:40]!r} is neither 0 or more nor 'plan'",
            file=sys.stderr,
        )
        return 2
    limit = None if args.limit == "plan" else int(args.limit)

    async def run() -> int:
        # A tuple: an unlimited quota (None) is an answer, not a refusal.
        answer = await _refusal_printed(
            settings,
            "org set-quota",
            lambda sessionmaker: _in_tuple(
                set_override(
                    sessionmaker,
                    organization_id=args.org_id,
                    quota=args.quota,
                    limit=limit,
                    actor=Actor(type="system", id="cli"),
                )
            ),
        )
        if answer is None:
            return 2
        [in_force] = answer
        source = "the plan's" if limit is None else "override"
        print(
            f"organization  {args.org_id}  {args.quota}: "
            f"{'unlimited' if in_force is None else in_force} ({source})"
        )
        return 0

    return asyncio.run(run())


def _fields(pairs: list[str], allowed: tuple[str, ...], schema: Any) -> dict[str, Any] | None:
    """``field=value`` arguments, each value read as JSON (a bare word as text) and held to
    the operator API's request body ``schema``; ``None`` (after saying why) for a field that
    is not one of ``allowed`` or a value the API would refuse."""
    from pydantic import ValidationError

    values: dict[str, Any] = {}
    for pair in pairs:
        name, _, raw = pair.partition("=")
        if name not in allowed:
            print(f"auditoryx: unknown field {name[:40]!r}; fields: {', '.join(allowed)}")
            return None
        try:
            values[name] = json.loads(raw)
        except ValueError:
            values[name] = raw
    try:
        checked: dict[str, Any] = schema.model_validate({**values, "version": 0}).values()
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        print(f"auditoryx: {where}: {error['msg']}", file=sys.stderr)
        return None
    return checked


def cmd_plan_list(settings: Settings, args: argparse.Namespace) -> int:
    from domain.tenancy import plan_admin

    async def action(sessionmaker: Any) -> None:
        async with sessionmaker() as session:
            for row in await plan_admin.list_plans(session):
                document = plan_admin.plan_document(row)
                print(json.dumps(document, sort_keys=True))

    return _run_dashboard_admin(settings, action)


def cmd_plan_set(settings: Settings, args: argparse.Namespace) -> int:
    from api.schemas.plans import PlanIn
    from domain.audit.service import Actor
    from domain.tenancy import plan_admin
    from domain.tenancy.models import PlanRecord

    values = _fields(args.fields, plan_admin.PLAN_FIELDS, PlanIn)
    if values is None:
        return 2

    missed: list[str] = []

    async def action(sessionmaker: Any) -> None:
        # The control database's version decides; every placement gets the whole row.
        async with sessionmaker() as session:
            current = await session.get(PlanRecord, args.name)
        row, outcomes = await plan_admin.put_plan_everywhere(
            sessionmaker,
            name=args.name,
            values=values,
            version=current.version if current else 0,
            actor=Actor(type="system", id="cli"),
        )
        print(json.dumps(plan_admin.plan_document(row), sort_keys=True))
        # The document stays alone on stdout; each placement's outcome goes to stderr.
        for outcome in outcomes:
            line = f"placement {outcome.placement}: {outcome.status}"
            if outcome.status != "changed":
                missed.append(outcome.placement)
                line = f"{line}: {outcome.detail}"
            print(line, file=sys.stderr)

    code = _run_dashboard_admin(settings, action)
    if code == 0 and missed:
        print(
            f"auditoryx plan set: not changed in {', '.join(missed)}; run the same command "
            "again once it is reachable",
            file=sys.stderr,
        )
        return 1
    return code


def cmd_org_set_terms(settings: Settings, args: argparse.Namespace) -> int:
    from api.schemas.plans import OverrideIn
    from core.db import tenant_session
    from domain.audit.service import Actor
    from domain.tenancy import plan_admin

    values = _fields(args.fields, plan_admin.OVERRIDE_FIELDS, OverrideIn)
    if values is None:
        return 2

    async def action(sessionmaker: Any) -> None:
        async with tenant_session(sessionmaker, [args.org_id]) as session:
            current = await plan_admin.get_override(session, args.org_id)
            view = await plan_admin.put_override(
                session,
                organization_id=args.org_id,
                values=values,
                quota_limits={},
                version=current.version,
                actor=Actor(type="system", id="cli"),
            )
            print(json.dumps({**view.values, "version": view.version}, sort_keys=True))

    return _run_dashboard_admin(settings, action)


async def _in_tuple(call: Awaitable[T]) -> tuple[T]:
    return (await call,)


def cmd_org_create(settings: Settings, args: argparse.Namespace) -> int:
    from pydantic import TypeAdapter, ValidationError
    from pydantic.networks import EmailStr

    from domain.audit.service import Actor
    from domain.tenancy.organizations import create_organization

    # The same rules as the API's, checked before anything is written.
    try:
        owner_email = str(TypeAdapter(EmailStr).validate_python(args.owner_email))
    except ValidationError:
        print(
            f"auditoryx org create: --owner-email {args.owner_email!r} is not an e-mail address",
            file=sys.stderr,
        )
        return 2
    owner_name = args.owner_name or owner_email.split("@")[0]
    for flag, value in (("--name", args.name), ("--owner-name", owner_name)):
        if not 1 <= len(value.strip()) <= 200:
            print(f"auditoryx org create: {flag} must be 1 to 200 characters", file=sys.stderr)
            return 2

    async def run() -> int:
        result = await _refusal_printed(
            settings,
            "org create",
            lambda sessionmaker: create_organization(
                sessionmaker,
                name=args.name.strip(),
                plan=args.plan,
                region=args.region,
                owner_email=owner_email,
                owner_name=owner_name.strip(),
                actor=Actor(type="system", id="cli"),
                placement=args.placement,
            ),
        )
        if result is None:
            return 2
        print(f"organization  {result.organization.id}  {result.organization.name}")
        print(f"owner         {result.owner.id}  {result.owner.email}")
        print(f"api key       {result.raw_api_key}")
        print("The API key is shown once. Store it now; only its hash is kept.")
        print(
            "Dashboard sign-in: auditoryx member set-password "
            f"--org {result.organization.id} --email {result.owner.email}"
        )
        return 0

    return asyncio.run(run())


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from domain.audit.service import Actor
    from domain.dashboard.admin import issue_password_link
    from domain.sandbox.demo import seed_organization
    from domain.tenancy.organizations import create_organization

    actor = Actor(type="system", id="cli")

    async def seed(sessionmaker: Any) -> tuple[str, str | None, str | None, dict[str, int]]:
        raw_key = owner_email = None
        org_id = args.org
        if org_id is None:
            created = await create_organization(
                sessionmaker,
                name=args.name,
                plan="label_enterprise",
                region="eu",
                owner_email=args.owner_email,
                owner_name="Demo Owner",
                actor=actor,
            )
            org_id, owner_email = created.organization.id, created.owner.email
            raw_key = created.raw_api_key
        counts = await seed_organization(sessionmaker, org_id, actor=actor, now=datetime.now(UTC))
        link = None
        if owner_email is not None:
            _member, token = await issue_password_link(sessionmaker, org_id, owner_email)
            link = f"{api_base_url(settings)}/dashboard/password/{token}"
        return org_id, raw_key, link, counts

    async def run() -> int:
        started = time.perf_counter()
        result = await _refusal_printed(settings, "demo", seed)
        if result is None:
            return 2
        org_id, raw_key, link, counts = result
        print(f"demo label seeded into {org_id} in {time.perf_counter() - started:.1f}s:")
        print("  " + ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items()))
        if raw_key is not None:
            print(f"api key       {raw_key}  (shown once)")
        if link is not None:
            print(f"dashboard     {args.owner_email}: choose a password at {link}")
            print(f"              then sign in at {api_base_url(settings)}/dashboard/sign-in")
        else:
            print(
                "dashboard     auditoryx member password-link "
                f"--org {org_id} --email <an owner's e-mail>"
            )
        print("The pending approvals' chains start within a minute (the worker's relay).")
        return 0

    return asyncio.run(run())


def cmd_audit_verify(settings: Settings, args: argparse.Namespace) -> int:
    from datetime import timedelta

    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

    from core.db import normalize_url
    from domain.audit.service import verify_chain

    # Every organization with records or a head: a chain whose head was removed must still be
    # checked (and fail).
    all_chains = text(
        "SELECT organization_id FROM audit_chain_heads "
        "UNION SELECT organization_id FROM audit_events ORDER BY 1"
    )
    delay = timedelta(seconds=args.sealing_delay)

    async def run() -> int:
        engine = create_async_engine(normalize_url(database_url(settings, owner=True)))
        failures = 0
        try:
            # One snapshot per chain: the sealer may be extending it while it is read.
            async with (
                engine.connect() as plain,
                AsyncSession(
                    bind=await plain.execution_options(isolation_level="REPEATABLE READ")
                ) as session,
            ):
                # Runs as the owner, which FORCE ROW LEVEL SECURITY binds too (see 0002).
                await session.execute(
                    text("SELECT set_config('app.owner_maintenance', 'on', false)")
                )
                orgs = (
                    [args.org] if args.org else list((await session.execute(all_chains)).scalars())
                )
                await session.commit()
                for org_id in orgs:
                    report = await verify_chain(session, org_id, sealing_delay=delay)
                    await session.commit()
                    pending = f", {report.pending} pending" if report.pending else ""
                    if report.ok:
                        print(f"ok      {org_id}  {report.records} records{pending}")
                    else:
                        failures += 1
                        print(
                            f"BROKEN  {org_id}  at record {report.first_bad_seq}: "
                            f"{report.reason}{pending}"
                        )
        finally:
            await engine.dispose()
        return 1 if failures else 0

    return asyncio.run(run())


def cmd_audit_seal(settings: Settings, args: argparse.Namespace) -> int:
    import domain.all_models  # noqa: F401 - the chain head's foreign key names organizations
    from core.db import create_app_engine, create_sessionmaker
    from domain.audit.sealer import seal_pending

    async def run() -> int:
        engine = create_app_engine(database_url(settings), pool_size=1)
        try:
            sealed = await seal_pending(
                create_sessionmaker(engine), args.org, wait_seconds=args.timeout
            )
        except TimeoutError as exc:
            print(f"auditoryx audit seal: {exc}", file=sys.stderr)
            return 1
        finally:
            await engine.dispose()
        print(f"sealed  {sealed} records")
        return 0

    return asyncio.run(run())


# --- dashboard access ------------------------------------------------------------------------


def _answer_printed(
    settings: Settings,
    command: str,
    call: Callable[[Any], Awaitable[T]],
    say: Callable[[T], None],
) -> int:
    """A command around :func:`_refusal_printed`: 2 after a refusal, else ``say`` the answer."""

    async def run() -> int:
        answer = await _refusal_printed(settings, command, call)
        if answer is None:
            return 2
        say(answer)
        return 0

    return asyncio.run(run())


def cmd_keys_list(settings: Settings, args: argparse.Namespace) -> int:
    from domain.keys.models import OrganizationKey
    from domain.keys.service import key_state, list_keys

    def say(rows: Sequence[OrganizationKey]) -> None:
        if not rows:
            print(f"organization  {args.org_id}  has no payload key yet (issued on first use)")
        current = max((r.version for r in rows if r.wrapped_key is not None), default=0)
        for row in rows:
            destroyed = (
                f"  destroyed {row.destroyed_at:%Y-%m-%d %H:%M:%S}" if row.destroyed_at else ""
            )
            print(
                f"{row.id}  version {row.version}  {key_state(row, current)}  "
                f"created {row.created_at:%Y-%m-%d %H:%M:%S}{destroyed}"
            )

    return _answer_printed(
        settings,
        "keys list",
        lambda sessionmaker: list_keys(sessionmaker, organization_id=args.org_id),
        say,
    )


def cmd_keys_rotate(settings: Settings, args: argparse.Namespace) -> int:
    from core.crypto import PAYLOAD_KEYS_INFO, SecretBox
    from domain.audit.service import Actor
    from domain.keys.models import OrganizationKey
    from domain.keys.service import rotate_key
    from domain.keys.store import KeyStore

    box = SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO)

    def say(row: OrganizationKey) -> None:
        print(
            f"organization  {args.org_id}  now seals with {row.id} (version {row.version}); "
            f"running processes take it up within {settings.payload_key_cache_seconds:g}s"
        )

    async def rotate(sessionmaker: Any) -> OrganizationKey:
        # The people's keys are re-wrapped under the new version in the key store.
        store = KeyStore.from_settings(stack_settings(settings), fallback=sessionmaker.kw["bind"])
        try:
            return await rotate_key(
                sessionmaker,
                box,
                organization_id=args.org_id,
                actor=Actor.system("cli"),
                store=store,
            )
        finally:
            await store.dispose()

    return _answer_printed(settings, "keys rotate", rotate, say)


def cmd_keys_destroy(settings: Settings, args: argparse.Namespace) -> int:
    from domain.audit.service import Actor
    from domain.keys.models import OrganizationKey
    from domain.keys.service import destroy_keys
    from domain.keys.store import KeyStore

    if not args.yes:
        print(
            "auditoryx keys destroy: every Temporal payload of the organization becomes "
            "unreadable for good; run again with --yes to destroy its keys",
            file=sys.stderr,
        )
        return 2

    def say(rows: list[OrganizationKey]) -> None:
        versions = ", ".join(str(v) for v in sorted(r.version for r in rows))
        print(
            f"organization  {args.org_id}  destroyed key versions {versions}; its payloads "
            f"cannot be read (processes forget cached keys within "
            f"{settings.payload_key_cache_seconds:g}s)"
        )

    async def destroy(sessionmaker: Any) -> list[OrganizationKey]:
        # The key-encryption key in the key store goes first (then the data's backups open
        # none of the versions either).
        store = KeyStore.from_settings(stack_settings(settings), fallback=sessionmaker.kw["bind"])
        try:
            return await destroy_keys(
                sessionmaker, organization_id=args.org_id, actor=Actor.system("cli"), store=store
            )
        finally:
            await store.dispose()

    return _answer_printed(settings, "keys destroy", destroy, say)


def cmd_keys_rewrap(settings: Settings, _args: argparse.Namespace) -> int:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

    from core.crypto import PAYLOAD_KEYS_INFO, SecretBox
    from core.db import normalize_url
    from domain.keys.service import rewrap_keys
    from domain.keys.store import KeyStore

    box = SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO)

    async def run() -> int:
        engine = create_async_engine(normalize_url(database_url(settings, owner=True)))
        store = KeyStore.from_settings(stack_settings(settings), fallback=engine)
        try:
            async with AsyncSession(engine) as session, session.begin():
                # Runs as the owner, which FORCE ROW LEVEL SECURITY binds too (see 0002).
                await session.execute(
                    text("SELECT set_config('app.owner_maintenance', 'on', true)")
                )
                count = await rewrap_keys(session, box, store)
        finally:
            await store.dispose()
            await engine.dispose()
        print(
            f"{count} organization keys re-wrapped under their organization's key-encryption "
            "key (in the key store), itself under the current SECRET_KEY: payload keys no "
            "longer need the old one in PREVIOUS_SECRET_KEYS, nor open from a backup of the "
            "data once their organization is deleted"
        )
        return 0

    return asyncio.run(run())


def cmd_privacy_seal_backfill(settings: Settings, args: argparse.Namespace) -> int:
    from sqlalchemy import text

    from core.db import system_session
    from domain.audit.service import Actor
    from domain.keys.backfill import seal_backfill, seal_event_backfill
    from domain.keys.sealed import Sealing
    from domain.keys.store import KeyStore

    async def convert(sessionmaker: Any) -> dict[str, dict[str, int]]:
        store = KeyStore.from_settings(stack_settings(settings), fallback=sessionmaker.kw["bind"])
        sealing = Sealing.from_settings(settings, store)
        try:
            org_ids: list[str] = list(args.org)
            if not org_ids:
                for target in sessionmaker.every_database().values():
                    async with system_session(target) as session:
                        org_ids += list(
                            (
                                await session.execute(
                                    text("SELECT id FROM lifecycle_organization_ids()")
                                )
                            ).scalars()
                        )
            done: dict[str, dict[str, int]] = {}
            for org_id in dict.fromkeys(org_ids):
                counts = await seal_backfill(
                    sessionmaker,
                    sealing,
                    organization_id=org_id,
                    actor=Actor.system("cli"),
                    batch=args.batch,
                )
                # Events copy clients' fields: sealed after the clients, with the same keys.
                counts["events"] = await seal_event_backfill(
                    sessionmaker,
                    sealing,
                    organization_id=org_id,
                    actor=Actor.system("cli"),
                    batch=args.batch,
                )
                done[org_id] = counts
            return done
        finally:
            await store.dispose()

    def say(done: dict[str, dict[str, int]]) -> None:
        totals: dict[str, int] = {}
        for org_id, counts in done.items():
            print(f"organization  {org_id}  " + _counted(counts) + " sealed")
            for table, count in counts.items():
                totals[table] = totals.get(table, 0) + count
        print(f"sealed  {_counted(totals) or 'nothing'} in {len(done)} organization(s)")

    def _counted(counts: dict[str, int]) -> str:
        return ", ".join(f"{count} {table}" for table, count in counts.items())

    return _answer_printed(settings, "privacy seal-backfill", convert, say)


def _read_password(args: argparse.Namespace) -> str:
    import getpass

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("New password: ")
    if first != getpass.getpass("Again: "):
        raise ValueError("the two passwords differ")
    return first


def _run_dashboard_admin(settings: Settings, action: Any) -> int:
    """Run one async operator action on engines of its own, reporting domain errors; its
    sessions route by organization like the API's (docs/adr/0035)."""
    from domain.errors import DomainError
    from domain.placements.registry import Placements
    from domain.placements.router import PlacementRouter

    async def run() -> int:
        placements = Placements.from_settings(
            stack_settings(settings).model_copy(update={"db_pool_size": 1})
        )
        try:
            await action(PlacementRouter(placements, cache_seconds=0))
        except DomainError as exc:
            print(f"auditoryx: {exc.detail}", file=sys.stderr)
            return 2
        finally:
            await placements.dispose()
        return 0

    return asyncio.run(run())


def cmd_member_set_password(settings: Settings, args: argparse.Namespace) -> int:
    from domain.dashboard.admin import set_member_password

    try:
        password = _read_password(args)
    except ValueError as exc:
        print(f"auditoryx member set-password: {exc}", file=sys.stderr)
        return 2

    async def action(sessionmaker: Any) -> None:
        member = await set_member_password(sessionmaker, args.org, args.email, password)
        sign_in_url = f"{api_base_url(settings)}/dashboard/sign-in"
        print(f"password set for {member.email}; sign in at {sign_in_url}")

    return _run_dashboard_admin(settings, action)


def cmd_member_password_link(settings: Settings, args: argparse.Namespace) -> int:
    from domain.dashboard.admin import issue_password_link

    base = args.base_url.rstrip("/") if args.base_url else api_base_url(settings)

    async def action(sessionmaker: Any) -> None:
        member, token = await issue_password_link(sessionmaker, args.org, args.email)
        link = f"{base}/dashboard/password/{token}"
        print(f"link for {member.email} (valid 48 hours, works once): {link}")
        from integrations.smtp import Mail, SmtpMailer

        mailer = SmtpMailer.from_settings(settings)
        if mailer is not None:
            from html import escape

            text = f"Choose your AuditoryX dashboard password here (valid 48 hours):\n{link}\n"
            await mailer.send(
                Mail(
                    to=member.email,
                    subject="Your AuditoryX dashboard password",
                    text=text,
                    html=f'<p>Choose your dashboard password: <a href="{escape(link)}">'
                    f"{escape(link)}</a></p>",
                )
            )
            print(f"e-mailed to {member.email}")

    return _run_dashboard_admin(settings, action)


def cmd_domain_add(settings: Settings, args: argparse.Namespace) -> int:
    from domain.dashboard.admin import register_domain

    async def action(sessionmaker: Any) -> None:
        host = await register_domain(sessionmaker, args.org, args.hostname)
        print(f"{host} now serves the dashboard of {args.org}")

    return _run_dashboard_admin(settings, action)


# --- tenant moves ---------------------------------------------------------------------------


def _operator_call(
    settings: Settings, command: str, method: str, path: str, body: Any = None
) -> dict[str, Any] | None:
    """Call the operator API (``OPERATOR_TOKEN``); a refusal is printed, giving ``None``."""
    import httpx

    if not settings.operator_token:
        print(f"auditoryx {command}: OPERATOR_TOKEN is not set", file=sys.stderr)
        return None
    try:
        answer = httpx.request(
            method,
            api_base_url(settings) + path,
            json=body,
            headers={"Authorization": f"Bearer {settings.operator_token}"},
            timeout=30,
        )
    except httpx.HTTPError as exc:
        print(f"auditoryx {command}: the API at {api_base_url(settings)}: {exc}", file=sys.stderr)
        return None
    document: dict[str, Any] = answer.json() if answer.content else {}
    if answer.status_code >= 400:
        detail = document.get("detail") or answer.text
        print(
            f"auditoryx {command}: {detail} ({document.get('code', answer.status_code)})",
            file=sys.stderr,
        )
        return None
    return document


def _say_move(move: dict[str, Any]) -> None:
    progress = move.get("progress") or {}
    print(
        f"move {move['id']}  {move['organization_id']}  {move['source']} -> {move['target']}  "
        f"{move['state']}"
    )
    if progress.get("table"):
        print(f"  copying {progress['table']}: {progress['tables'].get(progress['table'], 0)} rows")
    report = move.get("report")
    if report:
        verdict = (
            "verified" if report.get("ok") else "MISMATCH in " + ", ".join(report["mismatched"])
        )
        print(f"  {report.get('rows', 0)} rows in {len(report['tables'])} tables: {verdict}")
    if move.get("error"):
        print(f"  error: {move['error']}")


def cmd_tenant_move(settings: Settings, args: argparse.Namespace) -> int:
    body = {"to": args.to, "cleanup_delay_seconds": args.cleanup_delay}
    move = _operator_call(
        settings, "tenant move", "POST", f"/operator/organizations/{args.org}/moves", body
    )
    if move is None:
        return 2
    _say_move(move)
    if not args.wait:
        print(f"follow it with: auditoryx tenant move-status --org {args.org}")
        return 0
    path = f"/operator/organizations/{args.org}/moves/{move['id']}"
    state = move["state"]
    while state not in ("done", "failed"):
        time.sleep(1)
        current = _operator_call(settings, "tenant move", "GET", path)
        if current is None:
            return 2
        if current["state"] != state:
            _say_move(current)
        state = current["state"]
    return 0 if state == "done" else 1


def cmd_tenant_move_status(settings: Settings, args: argparse.Namespace) -> int:
    which = args.move or "latest"
    move = _operator_call(
        settings, "tenant move-status", "GET", f"/operator/organizations/{args.org}/moves/{which}"
    )
    if move is None:
        return 2
    if args.json:
        print(json.dumps(move, indent=2))
    else:
        _say_move(move)
    return 0


def _say_deletion(document: dict[str, Any]) -> None:
    print(
        f"deletion {document['id']}  {document['organization_id']}  {document['state']}  "
        f"after {document['delete_after']}"
    )
    if document.get("counts"):
        print("  " + ", ".join(f"{k} {v}" for k, v in sorted(document["counts"].items())))


def cmd_org_delete(settings: Settings, args: argparse.Namespace) -> int:
    path = f"/operator/organizations/{args.org}/deletion"
    if args.cancel:
        document = _operator_call(settings, "org delete", "DELETE", path)
    elif args.status:
        document = _operator_call(settings, "org delete", "GET", path)
    else:
        if not args.yes:
            print(
                "auditoryx org delete: after the grace period every record of the "
                "organization, its sub-organizations and sandboxes is deleted and its keys "
                "destroyed, for good; run again with --yes",
                file=sys.stderr,
            )
            return 2
        body: dict[str, Any] = {}
        if args.grace_days is not None:
            body["grace_seconds"] = int(args.grace_days * 86400)
        document = _operator_call(settings, "org delete", "POST", path, body)
    if document is None:
        return 2
    _say_deletion(document)
    return 0


def cmd_mail(settings: Settings, args: argparse.Namespace) -> int:
    from core.mail_sink import stored_mail

    messages = stored_mail(Path(args.data_dir or settings.dev_data_dir) / "mail")
    if args.show is not None:
        if not 1 <= args.show <= len(messages):
            print(
                f"auditoryx mail: no message {args.show} ({len(messages)} stored)", file=sys.stderr
            )
            return 1
        chosen = messages[args.show - 1]
        for header in ("Date", "From", "To", "Reply-To", "Subject"):
            if chosen.message[header]:
                print(f"{header}: {chosen.message[header]}")
        print()
        print(chosen.text())
        return 0
    if not messages:
        print("no mail yet (the sink of `auditoryx dev` stores what the stack sends)")
    for number, stored in enumerate(messages, start=1):
        print(f"{number:4}  {stored.summary}")
    return 0


# --- entry point ---------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="auditoryx", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    # Every command takes the same flags: --data-dir names the `auditoryx dev` stack whose
    # database, API address and mail the command uses (default DEV_DATA_DIR, .auditoryx).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", help="data directory of the dev stack (default .auditoryx, DEV_DATA_DIR)"
    )

    dev = sub.add_parser(
        "dev", parents=[common], help="run the whole product locally on embedded services"
    )
    dev.add_argument("--host", help="API bind address (default 127.0.0.1, API_HOST)")
    dev.add_argument("--api-port", type=int, help="API port (default 8000, API_PORT)")
    dev.add_argument("--pg-port", type=int, help="embedded PostgreSQL port (DEV_POSTGRES_PORT)")
    dev.add_argument("--temporal-port", type=int, help="Temporal port (DEV_TEMPORAL_PORT)")
    dev.add_argument(
        "--regions",
        help="comma-separated regions, one embedded PostgreSQL each (e.g. eu,us); the first "
        "holds the control database",
    )
    dev.add_argument(
        "--ui-port", type=int, help="Temporal UI port, 0 to disable (DEV_TEMPORAL_UI_PORT)"
    )
    dev.set_defaults(func=cmd_dev)

    sub.add_parser("api", parents=[common], help="run the HTTP API").set_defaults(func=cmd_api)
    worker = sub.add_parser("worker", parents=[common], help="run the Temporal worker")
    worker.add_argument(
        "--region",
        choices=["eu", "us", "uk", "apac"],
        help="serve only this region's task queue and placements (WORKER_REGION)",
    )
    worker.set_defaults(func=cmd_worker)
    mig = sub.add_parser("migrate", parents=[common], help="upgrade the database schema")
    mig.add_argument("--revision", default="head")
    mig.set_defaults(func=cmd_migrate)

    org = sub.add_parser("org", help="organizations").add_subparsers(
        dest="org_command", required=True
    )
    create = org.add_parser(
        "create", parents=[common], help="create an organization, its owner and first key"
    )
    create.add_argument("--name", required=True)
    create.add_argument("--owner-email", required=True)
    create.add_argument("--owner-name")
    create.add_argument("--plan", default="label_enterprise", help="a plan of `plan list`")
    create.add_argument("--region", default="eu", choices=["eu", "us", "uk", "apac"])
    create.add_argument(
        "--placement", help="a dedicated placement of PLACEMENTS (default: the region's shared)"
    )
    create.set_defaults(func=cmd_org_create)
    set_plan = org.add_parser(
        "set-plan",
        parents=[common],
        help="move an organization to another plan (at or below its parent's, at or above "
        "its sub-organizations'); the API never changes plans",
    )
    set_plan.add_argument("org_id")
    set_plan.add_argument("plan", help="a plan of `auditoryx plan list`")
    set_plan.set_defaults(func=cmd_org_set_plan)
    set_quota = org.add_parser(
        "set-quota",
        parents=[common],
        help="override one quota of one organization (a number, or `plan` to return to the "
        "plan's); the API never changes quotas",
    )
    set_quota.add_argument("org_id")
    set_quota.add_argument(
        "quota",
        choices=[
            "artists",
            "seats",
            "webhook_endpoints",
            "bulk_concurrent_batches",
            "bulk_sessions_per_day",
        ],
    )
    set_quota.add_argument("limit", help="0 or more, or `plan`")
    set_quota.set_defaults(func=cmd_org_set_quota)
    set_terms = org.add_parser(
        "set-terms",
        parents=[common],
        help="set an organization's own terms over its plan (field=JSON value, null: the "
        "plan's): base_fee_minor, allowances, modules, requests_per_minute, requests_burst, "
        "support_tier",
    )
    set_terms.add_argument("org_id")
    set_terms.add_argument("fields", nargs="+", metavar="FIELD=VALUE")
    set_terms.set_defaults(func=cmd_org_set_terms)
    delete = org.add_parser(
        "delete",
        parents=[common],
        help="delete an organization with its sub-organizations and sandboxes after a grace "
        "period (through the operator API: OPERATOR_TOKEN); --cancel stops it meanwhile",
    )
    delete.add_argument("--org", required=True, help="the organization's id")
    delete.add_argument("--yes", action="store_true", help="confirm the deletion")
    delete.add_argument(
        "--grace-days", type=float, help="days before it is carried out (default: the setting)"
    )
    delete.add_argument("--cancel", action="store_true", help="cancel it during its grace period")
    delete.add_argument("--status", action="store_true", help="show it (also once deleted)")
    delete.set_defaults(func=cmd_org_delete)

    tenant = sub.add_parser(
        "tenant", help="tenants' placements (moves between databases)"
    ).add_subparsers(dest="tenant_command", required=True)
    move = tenant.add_parser(
        "move",
        parents=[common],
        help="move a root organization and its tree to another placement (through the "
        "operator API: OPERATOR_TOKEN); its writes are refused for a few seconds at the end",
    )
    move.add_argument("--org", required=True, help="the root organization's id")
    move.add_argument("--to", required=True, help="the placement to move it to")
    move.add_argument(
        "--cleanup-delay",
        type=float,
        default=60.0,
        help="seconds between the switch and deleting the old copy (default 60)",
    )
    move.add_argument("--wait", action="store_true", help="follow the move until it ends")
    move.set_defaults(func=cmd_tenant_move)
    move_status = tenant.add_parser(
        "move-status", parents=[common], help="a move's state, progress and verification"
    )
    move_status.add_argument("--org", required=True)
    move_status.add_argument("--move", help="a move id (default: the latest)")
    move_status.add_argument("--json", action="store_true", help="the whole document")
    move_status.set_defaults(func=cmd_tenant_move_status)

    placements = sub.add_parser(
        "placements", help="the deployment's placements (databases)"
    ).add_subparsers(dest="placements_command", required=True)
    claims_backfill = placements.add_parser(
        "claims-backfill",
        parents=[common],
        help="register the names organizations hold (SSO names and e-mail domains, custom "
        "domains) across placements, release those of organizations gone, report conflicts "
        "(as each placement's schema owner; `migrate` runs it too)",
    )
    claims_backfill.set_defaults(func=cmd_placements_claims_backfill)

    plan = sub.add_parser("plan", help="plans (what each grants; data)").add_subparsers(
        dest="plan_command", required=True
    )
    plan_list = plan.add_parser("list", parents=[common], help="list the plans, lowest first")
    plan_list.set_defaults(func=cmd_plan_list)
    plan_set = plan.add_parser(
        "set",
        parents=[common],
        help="create a plan or change its fields (field=JSON value), e.g. artists=30 "
        '\'modules=["roster","usage"]\'',
    )
    plan_set.add_argument("name")
    plan_set.add_argument("fields", nargs="+", metavar="FIELD=VALUE")
    plan_set.set_defaults(func=cmd_plan_set)

    keys = sub.add_parser(
        "keys", help="organizations' payload keys (docs/operations.md)"
    ).add_subparsers(dest="keys_command", required=True)
    keys_list = keys.add_parser(
        "list", parents=[common], help="an organization's key versions (no key material)"
    )
    keys_list.add_argument("org_id")
    keys_list.set_defaults(func=cmd_keys_list)
    rotate = keys.add_parser(
        "rotate",
        parents=[common],
        help="issue the organization's next key version (older versions still decrypt)",
    )
    rotate.add_argument("org_id")
    rotate.set_defaults(func=cmd_keys_rotate)
    destroy = keys.add_parser(
        "destroy",
        parents=[common],
        help="destroy every version of the organization's key: its payloads become unreadable",
    )
    destroy.add_argument("org_id")
    destroy.add_argument("--yes", action="store_true", help="yes, destroy them")
    destroy.set_defaults(func=cmd_keys_destroy)
    rewrap = keys.add_parser(
        "rewrap",
        parents=[common],
        help="after a SECRET_KEY rotation: re-wrap every organization's keys under the new "
        "master key (runs as the schema owner)",
    )
    rewrap.set_defaults(func=cmd_keys_rewrap)

    privacy = sub.add_parser(
        "privacy", help="persons' sealed fields (docs/privacy.md)"
    ).add_subparsers(dest="privacy_command", required=True)
    backfill = privacy.add_parser(
        "seal-backfill",
        parents=[common],
        help="seal the personal fields (clients' contact fields, creators' e-mail, artists' "
        "links) of rows written before sealing, per organization or all (resumable, "
        "idempotent, runs beside the API)",
    )
    backfill.add_argument(
        "--org", action="append", default=[], help="an organization id (repeatable); default all"
    )
    backfill.add_argument("--batch", type=int, default=200, help="rows per transaction")
    backfill.set_defaults(func=cmd_privacy_seal_backfill)

    aud = sub.add_parser("audit", help="the audit log").add_subparsers(
        dest="audit_command", required=True
    )
    verify = aud.add_parser(
        "verify", parents=[common], help="verify the hash chains (exit 1 if any is broken)"
    )
    verify.add_argument("--org", help="only this organization")
    verify.add_argument(
        "--sealing-delay",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="an unsealed record older than this is a break, a younger one pending (default 60)",
    )
    verify.set_defaults(func=cmd_audit_verify)
    seal = aud.add_parser(
        "seal",
        parents=[common],
        help="seal now what the worker's sealer would (every record committed so far)",
    )
    seal.add_argument("--org", help="only this organization")
    seal.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="how long to wait for older open transactions to end (default 30)",
    )
    seal.set_defaults(func=cmd_audit_seal)

    mem = sub.add_parser("member", help="members' dashboard access").add_subparsers(
        dest="member_command", required=True
    )
    set_pw = mem.add_parser(
        "set-password", parents=[common], help="set a member's dashboard password"
    )
    set_pw.add_argument("--org", required=True)
    set_pw.add_argument("--email", required=True)
    set_pw.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    set_pw.set_defaults(func=cmd_member_set_password)
    link = mem.add_parser(
        "password-link", parents=[common], help="an invite/reset link (e-mailed if SMTP is set)"
    )
    link.add_argument("--org", required=True)
    link.add_argument("--email", required=True)
    link.add_argument("--base-url", help="where members reach the API (PUBLIC_BASE_URL)")
    link.set_defaults(func=cmd_member_password_link)

    dom = sub.add_parser("domain", help="custom domains (white-label)").add_subparsers(
        dest="domain_command", required=True
    )
    dom_add = dom.add_parser(
        "add", parents=[common], help="serve an organization's dashboard on a host name"
    )
    dom_add.add_argument("--org", required=True)
    dom_add.add_argument("--hostname", required=True)
    dom_add.set_defaults(func=cmd_domain_add)

    demo = sub.add_parser(
        "demo",
        parents=[common],
        help="seed the demo label (roster, a year of sessions, revenue, approvals) into a new "
        "organization, or into --org",
    )
    demo.add_argument("--org", help="seed this organization instead of creating one")
    demo.add_argument("--name", default="Northstar Demo Records", help="the new organization")
    demo.add_argument(
        "--owner-email", default="owner@northstar-demo.example", help="the new organization's owner"
    )
    demo.set_defaults(func=cmd_demo)

    mail = sub.add_parser(
        "mail", parents=[common], help="list the mail `auditoryx dev` caught in its SMTP sink"
    )
    mail.add_argument("--show", type=int, help="print message N of the list")
    mail.set_defaults(func=cmd_mail)
    return parser


def settings_for(settings: Settings, args: argparse.Namespace) -> Settings:
    """``settings`` with the command line's --data-dir, when given, as DEV_DATA_DIR."""
    if getattr(args, "data_dir", None):
        return settings.model_copy(update={"dev_data_dir": args.data_dir})
    return settings


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        settings = settings_for(load_settings(), args)
        configure_logging(
            settings.log_level,
            _dev_log_format(settings) if args.command == "dev" else settings.log_format,
        )
        code = args.func(settings, args)
    except ConfigurationError as exc:
        print(f"auditoryx: configuration error: {exc}", file=sys.stderr)
        code = 2
    if args.command in ("api", "worker"):
        _exit_without_finalizing(code)
    sys.exit(code)


def _exit_without_finalizing(code: int) -> None:
    """Exit a process that used a Temporal client, after it has shut down cleanly.

    The SDK's Rust threads may still call into Python while the interpreter finalizes, which
    aborts it (``Fatal Python error: PyGILState_Release``, exit 134) after a clean shutdown,
    about one stop in four (https://github.com/temporalio/sdk-python/issues/300). Engines and
    clients are closed by now; flush what is buffered and leave without finalizing.
    """
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
