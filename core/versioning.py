"""Worker Deployment Versioning: which version of the code a worker is, and making it current.

A worker declares a deployment (``WORKER_DEPLOYMENT_NAME``, ``auditoryx`` by default) and a
build id derived from the package version and the commit it was built from
(``0.1.0-3f2c9ab1e0d4``). Temporal then routes each workflow by its behaviour: a ``PINNED``
run stays on the build it started on until it closes, an ``AUTO_UPGRADE`` run moves to the
deployment's current version at its next task. Which version is current is decided by the
operator (``temporal worker deployment set-current-version``, see docs/operations.md) or, for
a deployment that has none yet and for ``auditoryx dev``, by the worker itself
(``WORKER_PROMOTE``). See docs/adr/0025-worker-versioning-and-replay-gate.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import subprocess
from importlib import metadata
from pathlib import Path

from temporalio.api.workflowservice.v1 import (
    DescribeWorkerDeploymentRequest,
    SetWorkerDeploymentCurrentVersionRequest,
)
from temporalio.client import Client
from temporalio.common import WorkerDeploymentVersion
from temporalio.service import RPCError, RPCStatusCode
from temporalio.worker import Worker, WorkerDeploymentConfig

from core.config import Settings

DISTRIBUTION = "auditoryx-enterprise"
ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger("auditoryx.versioning")


def package_version() -> str:
    """The version of this code: ``[project] version`` of the checkout's ``pyproject.toml``, or
    the installed package's where there is no checkout (an image built from a wheel)."""
    pyproject = ROOT / "pyproject.toml"
    if pyproject.exists():
        found = re.search(r'^version\s*=\s*"([^"]+)"', pyproject.read_text(), re.MULTILINE)
        if found:
            return found.group(1)
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "0"


def source_commit() -> str:
    """The commit this checkout is at (12 hex digits), or ``local`` outside a git checkout."""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],  # noqa: S607 - git from PATH, no input
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip()
    return "local"


def build_id(settings: Settings) -> str:
    """``WORKER_BUILD_ID`` when set, else ``<package version>-<commit>`` (``BUILD_COMMIT``, set
    by the image build, or the checkout's own commit)."""
    if settings.worker_build_id:
        return settings.worker_build_id
    return f"{package_version()}-{settings.build_commit or source_commit()}"


def deployment_version(settings: Settings) -> WorkerDeploymentVersion:
    return WorkerDeploymentVersion(settings.worker_deployment_name, build_id(settings))


def deployment_config(settings: Settings) -> WorkerDeploymentConfig:
    """The worker's versioning options.

    No default behaviour: every workflow type states its own in ``@workflow.defn``, and the
    worker refuses to start if one does not. There is no unversioned mode: a server with
    versioning (1.28+) refuses a workflow task that states a behaviour from an unversioned
    worker. (The time-skipping test server ignores versions altogether.)
    """
    return WorkerDeploymentConfig(version=deployment_version(settings), use_worker_versioning=True)


async def current_version(client: Client, deployment_name: str) -> WorkerDeploymentVersion | None:
    """The deployment's current version; ``None`` when it has none (or does not exist yet)."""
    try:
        described = await client.workflow_service.describe_worker_deployment(
            DescribeWorkerDeploymentRequest(
                namespace=client.namespace, deployment_name=deployment_name
            )
        )
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            return None
        raise
    current = described.worker_deployment_info.routing_config.current_deployment_version
    if not current.build_id:
        return None
    return WorkerDeploymentVersion(current.deployment_name, current.build_id)


async def set_current(
    client: Client, version: WorkerDeploymentVersion, *, identity: str, attempts: int = 50
) -> None:
    """Make ``version`` current, waiting until the server has seen its pollers (a worker's
    first poll registers its version; until then the call is refused)."""
    request = SetWorkerDeploymentCurrentVersionRequest(
        namespace=client.namespace,
        deployment_name=version.deployment_name,
        build_id=version.build_id,
        identity=identity,
    )
    for attempt in range(attempts):
        try:
            await client.workflow_service.set_worker_deployment_current_version(request)
            return
        except RPCError as exc:
            retryable = exc.status in (
                RPCStatusCode.NOT_FOUND,
                RPCStatusCode.FAILED_PRECONDITION,
                RPCStatusCode.UNAVAILABLE,
                RPCStatusCode.ABORTED,
            )
            if not retryable or attempt == attempts - 1:
                raise
            await asyncio.sleep(min(0.2 * (attempt + 1), 2.0))


async def register(client: Client, settings: Settings, *, identity: str) -> None:
    """After the worker started polling: make its version current as ``WORKER_PROMOTE`` says —
    ``always`` (``auditoryx dev``), ``first`` (only when the deployment has no current version
    yet, i.e. its first deploy), ``never`` (the operator ramps and promotes)."""
    version = deployment_version(settings)
    if settings.worker_promote != "always":
        current = await current_version(client, version.deployment_name)
        if current is not None or settings.worker_promote == "never":
            log.info(
                "worker version registered",
                extra={
                    "version": version.to_canonical_string(),
                    "current": current.build_id if current else None,
                },
            )
            return
    await set_current(client, version, identity=identity)
    log.info("worker version is current", extra={"version": version.to_canonical_string()})


async def make_current(worker: Worker, *, identity: str = "auditoryx") -> None:
    """Make a started worker's version current (an in-process worker of a benchmark or test on
    a dev server, which nothing else would route work to)."""
    config = worker.config().get("deployment_config")
    if config is not None and config.use_worker_versioning:
        await set_current(worker.client, config.version, identity=identity)
