"""``auditoryx dev`` as a developer uses it: start, use, Ctrl-C, start again.

Each test boots the real embedded stack (PostgreSQL, Temporal dev server, worker, API) in
subprocesses on free ports and a temporary data directory, and checks what a developer would
notice: it becomes ready, it stops cleanly on Ctrl-C without leaving processes or ports behind,
data survives a restart, and a clash is reported in one clear message.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
import psycopg
import pytest

from core.config import Settings
from core.devstack import free_port, port_is_free

pytestmark = pytest.mark.e2e

REPO_ROOT = Path(__file__).resolve().parents[2]
ENV_NAMES = {name.upper() for name in Settings.model_fields}
READY_WITHIN = 90.0
STOPPED_WITHIN = 60.0
# Where a stack's ports are picked: below the kernel's ephemeral range (32768-60999 by
# default), so no outgoing connection takes one between the check and the stack's bind.
LISTEN_PORTS = range(20_000, 32_000)


def unused_ports(count: int) -> list[int]:
    """``count`` consecutive free ports: `--regions` puts each further region's PostgreSQL on
    the port after the one before."""
    while True:
        base = random.randrange(LISTEN_PORTS.start, LISTEN_PORTS.stop - count)
        ports = list(range(base, base + count))
        if all(port_is_free(port) for port in ports):
            return ports


@dataclass
class DevRun:
    """One ``auditoryx dev`` supervisor and what it printed."""

    process: subprocess.Popen[bytes]
    ports: dict[str, int]
    data_dir: Path
    output: Path
    tree: list[psutil.Process] = field(default_factory=list)

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.ports['api']}"

    def text(self) -> str:
        return self.output.read_text(errors="replace")

    def wait_ready(self) -> dict[str, dict[str, object]]:
        """Poll ``/readyz?deep=true`` until every component is up (bounded)."""
        deadline = time.monotonic() + READY_WITHIN
        last = "no answer yet"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(
                    f"`auditoryx dev` exited with {self.process.returncode}:\n{self.text()}"
                )
            try:
                response = httpx.get(f"{self.api}/readyz", params={"deep": "true"}, timeout=10)
            except httpx.HTTPError as exc:
                last = repr(exc)
            else:
                last = response.text
                if response.status_code == 200:
                    components: dict[str, dict[str, object]] = response.json()["components"]
                    return components
            time.sleep(0.25)
        pytest.fail(f"not ready within {READY_WITHIN:.0f}s; last answer: {last}\n{self.text()}")

    def record_tree(self) -> list[psutil.Process]:
        self.tree = psutil.Process(self.process.pid).children(recursive=True)
        return self.tree

    def interrupt(self) -> int:
        """Ctrl-C, as a terminal delivers it to the foreground process."""
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=STOPPED_WITHIN)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running {STOPPED_WITHIN:.0f}s after Ctrl-C:\n{self.text()}")


def survivors(processes: list[psutil.Process]) -> list[str]:
    _gone, alive = psutil.wait_procs(processes, timeout=3)
    return [f"{p.pid} {' '.join(p.cmdline())}" for p in alive if _really_alive(p)]


def _really_alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def processes_using(path: Path) -> list[str]:
    """Any process whose command line mentions ``path`` (postgres -D, temporal --db-filename)."""
    found = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if str(path) in cmdline and process.pid != os.getpid():
            found.append(f"{process.pid} {cmdline}")
    return found


StartDev = Callable[..., DevRun]


def environment() -> dict[str, str]:
    """The developer's shell minus our settings: no DATABASE_URL, so the stack is embedded."""
    return {k: v for k, v in os.environ.items() if k not in ENV_NAMES}


@pytest.fixture
def start_dev(tmp_path: Path) -> Iterator[StartDev]:
    """Start ``auditoryx dev``; whatever a failing test leaves running is killed afterwards."""
    runs: list[DevRun] = []

    def start(
        data_dir: Path, ports: dict[str, int] | None = None, extra: tuple[str, ...] = ()
    ) -> DevRun:
        if ports is None:
            # The port after PostgreSQL's is left free for a second region's.
            api, pg, _second_region, temporal, ui = unused_ports(5)
            ports = {"api": api, "pg": pg, "temporal": temporal, "ui": ui}
        output = tmp_path / f"dev-{len(runs)}.log"
        with output.open("wb") as sink:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "cli",
                    "dev",
                    "--data-dir",
                    str(data_dir),
                    "--api-port",
                    str(ports["api"]),
                    "--pg-port",
                    str(ports["pg"]),
                    "--temporal-port",
                    str(ports["temporal"]),
                    "--ui-port",
                    str(ports["ui"]),
                    *extra,
                ],
                cwd=REPO_ROOT,
                env=environment(),
                stdout=sink,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        run = DevRun(process, ports, data_dir, output)
        runs.append(run)
        return run

    yield start
    for run in runs:
        leftovers = list(run.tree)
        if run.process.poll() is None:
            supervisor = psutil.Process(run.process.pid)
            leftovers += [*supervisor.children(recursive=True), supervisor]
        for process in leftovers:  # psutil refuses to signal a pid that was reused since
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        if run.process.poll() is None:
            run.process.wait(timeout=10)


def org_create(data_dir: Path, *extra: str) -> str:
    """``auditoryx org create`` against the running stack (it borrows the stack's URL)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cli",
            "org",
            "create",
            "--name",
            "Restart Records",
            "--owner-email",
            "owner@restart.example",
            *extra,
        ],
        cwd=REPO_ROOT,
        env={**environment(), "DEV_DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    [key] = [line.split()[-1] for line in result.stdout.splitlines() if line.startswith("api key")]
    return key


def test_start_use_stop_and_start_again_on_the_same_data(
    start_dev: StartDev, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    first = start_dev(data_dir)

    components = first.wait_ready()
    assert {name: c["status"] for name, c in components.items()} == {
        "database": "up",
        "temporal": "up",
        "worker": "up",
        "workflow": "up",
    }
    # The banner follows the supervisor's own readiness check, a moment after ours may pass.
    banner = f"http://localhost:{first.ports['api']}"
    deadline = time.monotonic() + 10
    while banner not in first.text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert banner in first.text()

    # A second supervisor on the same data would corrupt it: refused, and the first one's
    # stack file (which `org create` reads) survives the refusal.
    clash = subprocess.run(
        [sys.executable, "-m", "cli", "dev", "--data-dir", str(data_dir), "--api-port",
         str(free_port()), "--pg-port", str(free_port()), "--temporal-port", str(free_port()),
         "--ui-port", "0"],
        cwd=REPO_ROOT, env=environment(), capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert clash.returncode != 0
    assert f"in use by another `auditoryx dev` (pid {first.process.pid})" in clash.stderr

    key = org_create(data_dir)
    tree = first.record_tree()
    assert len(tree) >= 4, tree  # postgres (and its workers), temporal, worker, api

    assert first.interrupt() == 0, first.text()
    assert survivors(tree) == []
    assert processes_using(data_dir) == []
    assert [name for name, port in first.ports.items() if not port_is_free(port)] == []
    assert not (data_dir / "stack.json").exists()
    output = first.text()
    assert "auditoryx dev: stopped" in output
    for noise in ("Traceback", "Fatal Python error", "RuntimeDirWarning", "color_message",
                  "setup plugin", "uvicorn.access"):  # fmt: skip
        assert noise not in output, output

    # Same data directory, same ports: the organization created above is still there.
    second = start_dev(data_dir, first.ports)
    second.wait_ready()
    response = httpx.get(
        f"{second.api}/v1/organization", headers={"Authorization": f"Bearer {key}"}, timeout=10
    )
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Restart Records"
    tree = second.record_tree()
    assert second.interrupt() == 0, second.text()
    assert survivors(tree) == []
    assert "Fatal Python error" not in second.text()


def test_a_taken_port_is_named_and_nothing_is_left_running(
    start_dev: StartDev, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        api_port = squatter.getsockname()[1]
        ports = {"api": api_port, "pg": free_port(), "temporal": free_port(), "ui": free_port()}
        run = start_dev(data_dir, ports)
        try:
            code = run.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running 15s after finding port {api_port} taken:\n{run.text()}")

    assert code != 0
    output = run.text()
    assert f"API port {api_port}" in output
    assert "already in use" in output
    assert "Traceback" not in output
    assert processes_using(data_dir) == []
    assert [name for name, port in ports.items() if name != "api" and not port_is_free(port)] == []


def test_ctrl_c_while_starting_stops_what_was_started(start_dev: StartDev, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    run = start_dev(data_dir)
    deadline = time.monotonic() + READY_WITHIN
    # Interrupt once PostgreSQL listens: the stack is half-way up (migrations, Temporal next).
    while port_is_free(run.ports["pg"]):
        assert run.process.poll() is None, run.text()
        assert time.monotonic() < deadline, run.text()
        time.sleep(0.05)
    tree = run.record_tree()

    code = run.interrupt()

    assert code == 130, run.text()
    assert "interrupted while starting" in run.text()
    assert "Traceback" not in run.text()
    assert survivors(tree) == []
    assert processes_using(data_dir) == []
    assert [name for name, port in run.ports.items() if not port_is_free(port)] == []


def test_a_crashed_worker_is_restarted_and_the_stack_stays_up(
    start_dev: StartDev, tmp_path: Path
) -> None:
    run = start_dev(tmp_path / "data")
    run.wait_ready()
    [worker] = [p for p in run.record_tree() if p.cmdline()[-2:] == ["cli", "worker"]]

    worker.kill()

    said = "worker exited with code -9; restarting it in 1s"
    deadline = time.monotonic() + 30
    while said not in run.text() and time.monotonic() < deadline:
        assert run.process.poll() is None, run.text()
        time.sleep(0.1)
    assert said in run.text()
    components = run.wait_ready()  # the deep probe runs through the new worker
    assert components["workflow"]["status"] == "up"
    restarted = [p for p in run.record_tree() if p.cmdline()[-2:] == ["cli", "worker"]]
    assert [p.pid for p in restarted] != [worker.pid] and len(restarted) == 1
    assert run.interrupt() == 0, run.text()


def test_regions_start_one_database_each_and_an_organization_lives_in_its_own(
    start_dev: StartDev, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    run = start_dev(data_dir, extra=("--regions", "eu,us"))
    run.wait_ready()
    stack = json.loads((data_dir / "stack.json").read_text())
    assert set(stack["placements"]) == {"eu", "us"} and stack["default_region"] == "eu"
    us_url = stack["placements"]["us"]["url"]
    assert f":{run.ports['pg'] + 1}/" in us_url

    # `org create` borrows the placements; the US organization's rows are in the US server.
    key = org_create(data_dir, "--region", "us")
    headers = {"Authorization": f"Bearer {key}"}
    created = httpx.post(
        f"{run.api}/v1/artists", json={"name": "Bay Artist"}, headers=headers, timeout=30
    )
    assert created.status_code == 201, created.text
    org = httpx.get(f"{run.api}/v1/organization", headers=headers, timeout=30).json()
    assert org["region"] == "us"
    counts = {}
    for region, url in (("eu", stack["database_url"]), ("us", us_url)):
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            row = conn.execute("SELECT count(*) FROM artists").fetchone()
            counts[region] = row[0] if row else None
    assert counts == {"eu": 0, "us": 1}
    # The US organization's workflows run on the US queue, which the stack's worker polls too.
    export = httpx.post(
        f"{run.api}/v1/exports", json={"scope": "organization"}, headers=headers, timeout=30
    )
    assert export.status_code == 201, export.text
    deadline, status = time.monotonic() + 60, "pending"
    while status not in ("ready", "failed") and time.monotonic() < deadline:
        time.sleep(0.5)
        status = httpx.get(f"{run.api}/v1/exports/{export.json()['id']}", headers=headers).json()[
            "status"
        ]
    assert status == "ready", run.text()

    run.record_tree()
    assert run.interrupt() == 0
    assert survivors(run.tree) == []
    assert processes_using(data_dir) == []
