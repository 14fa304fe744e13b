"""docker-compose.yml is what production users start from. No Docker daemon is needed to check
it: its structure (what a user relies on: the start order, health checks, pinned images,
required secrets) is asserted here, and dclint (from npm, installed by `make test`) lints it
with warnings counted as failures."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.config import Settings
from workflows import SEARCH_ATTRIBUTES

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DCLINT = ROOT / "node_modules" / ".bin" / "dclint"

COMPOSE: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text())
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
APP_SERVICES = ("api", "worker", "migrate")
ONE_SHOT = ("migrate", "temporal-schema", "temporal-setup")
SECRETS = ("SECRET_KEY", "AUDIT_HMAC_KEY", "POSTGRES_PASSWORD", "APP_DB_PASSWORD")


def test_the_stack_has_every_part() -> None:
    postgres_and_temporal = {"postgres", "temporal-schema", "temporal", "temporal-setup"}
    assert set(SERVICES) == postgres_and_temporal | {"temporal-ui", *APP_SERVICES}
    for name in APP_SERVICES:
        assert SERVICES[name]["build"]["context"] == ".", name
        assert SERVICES[name]["command"] == ["auditoryx", name], name


@pytest.mark.parametrize(
    ("service", "dependency", "condition"),
    [
        ("migrate", "postgres", "service_healthy"),
        ("temporal-schema", "postgres", "service_healthy"),
        ("temporal", "temporal-schema", "service_completed_successfully"),
        ("temporal-setup", "temporal", "service_healthy"),
        ("api", "migrate", "service_completed_successfully"),
        ("api", "temporal", "service_healthy"),
        ("api", "temporal-setup", "service_completed_successfully"),
        ("worker", "migrate", "service_completed_successfully"),
        ("worker", "temporal-setup", "service_completed_successfully"),
    ],
)
def test_start_order_waits_for_health_and_one_shot_jobs(
    service: str, dependency: str, condition: str
) -> None:
    assert SERVICES[service]["depends_on"][dependency]["condition"] == condition


def test_every_long_running_service_has_a_health_check() -> None:
    for name, service in SERVICES.items():
        if name in ONE_SHOT:
            assert service["restart"] == "no", f"{name} is a one-shot job"
            continue
        assert service["restart"] == "unless-stopped", name
        check = service.get("healthcheck", {})
        assert check.get("test") and not check.get("disable"), f"{name} has no health check"


def test_every_one_shot_job_is_awaited_by_a_long_running_service() -> None:
    # `docker compose up --wait` treats an exited container as a failure unless a running
    # service waits for it with service_completed_successfully.
    for job in ONE_SHOT:
        waiting = [
            name
            for name, service in SERVICES.items()
            if name not in ONE_SHOT
            and service.get("depends_on", {}).get(job, {}).get("condition")
            == "service_completed_successfully"
        ]
        assert waiting, f"nothing waits for {job}"


def test_the_app_health_checks_probe_the_documented_endpoints() -> None:
    assert "/readyz" in " ".join(SERVICES["api"]["healthcheck"]["test"])
    # The image's HEALTHCHECK (/healthz, an HTTP port) means nothing for a worker or a
    # migration, so compose must not inherit it there.
    assert "describe_task_queue" in " ".join(SERVICES["worker"]["healthcheck"]["test"])
    assert SERVICES["migrate"]["healthcheck"] == {"disable": True}
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "/healthz" in dockerfile
    assert re.search(r"^USER \d+", dockerfile, re.MULTILINE), "the image must not run as root"


def test_images_are_pinned_and_temporal_tools_match_the_server() -> None:
    for name, service in SERVICES.items():
        if "image" in service:
            repository, _, tag = service["image"].rpartition(":")
            assert repository and re.fullmatch(r"\d+(\.\d+)+", tag), (name, service["image"])
    server_tag = SERVICES["temporal"]["image"].rpartition(":")[2]
    for name in ("temporal-schema", "temporal-setup"):
        # The admin tools carry the schema: they must be the server's own version.
        assert SERVICES[name]["image"] == f"temporalio/admin-tools:{server_tag}", name


def test_secrets_are_required_never_defaulted() -> None:
    text = COMPOSE_FILE.read_text()
    for secret in SECRETS:
        assert f"${{{secret}:?" in text, f"{secret} must use ${{{secret}:?message}}"
        assert not re.search(rf"\${{{secret}(:?-|-)", text), f"{secret} must have no default"


def test_app_services_use_the_app_role_and_only_migrate_gets_the_owner() -> None:
    for name in APP_SERVICES:
        env = SERVICES[name]["environment"]
        assert env["ENVIRONMENT"] == "production", name
        assert env["DATABASE_URL"].startswith("postgresql+psycopg://auditoryx_api:"), name
        assert ("MIGRATIONS_DATABASE_URL" in env) == (name == "migrate"), name
        unknown = {key for key in env if key.lower() not in Settings.model_fields}
        assert not unknown, f"{name} sets variables the app does not read: {unknown}"
    owner = SERVICES["migrate"]["environment"]["MIGRATIONS_DATABASE_URL"]
    assert owner.startswith("postgresql+psycopg://auditoryx:")


def test_the_search_attributes_the_workflows_use_are_registered() -> None:
    script = SERVICES["temporal-setup"]["command"][0]
    assert "search-attribute create" in script
    namespace = SERVICES["temporal-setup"]["environment"]["NAMESPACE"]
    for service in ("api", "worker"):
        assert SERVICES[service]["environment"]["TEMPORAL_NAMESPACE"] == namespace
    for name, kind in SEARCH_ATTRIBUTES.items():
        assert re.search(rf"--name {name} --type {kind}\b", script), name


def test_shutdown_grace_outlasts_the_app_drain() -> None:
    # The worker gives in-flight activities 20 s and uvicorn drains for 20 s; Docker's default
    # of 10 s before SIGKILL would cut both short.
    for name in ("api", "worker"):
        assert int(SERVICES[name]["stop_grace_period"].removesuffix("s")) > 20, name


def test_the_app_role_init_script_matches_the_migrations() -> None:
    mounts = SERVICES["postgres"]["volumes"]
    assert "./deploy/postgres-init:/docker-entrypoint-initdb.d:ro" in mounts
    script = (ROOT / "deploy" / "postgres-init" / "10-app-role.sh").read_text()
    migration = (ROOT / "migrations" / "versions" / "0001_foundation.py").read_text()
    assert "CREATE ROLE auditoryx_app NOLOGIN" in script
    assert "CREATE ROLE auditoryx_app NOLOGIN" in migration
    assert "CREATE ROLE auditoryx_api LOGIN" in script
    assert "IN ROLE auditoryx_app" in script


# dclint comes from the npm registry; `make test` installs it whenever npm is on the machine.
needs_npm = pytest.mark.skipif(
    shutil.which("npm") is None or shutil.which("node") is None,
    reason="Node.js/npm is not installed on this machine, so dclint (an npm package) cannot run",
)


def _dclint(path: Path) -> subprocess.CompletedProcess[str]:
    # With npm present a missing dclint is a broken set-up, not a reason to skip.
    assert DCLINT.exists(), "dclint is missing although npm is installed: run `make node-tools`"
    return subprocess.run(
        [str(DCLINT), "--max-warnings", "0", "--no-color", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@needs_npm
def test_dclint_accepts_the_compose_file() -> None:
    result = _dclint(COMPOSE_FILE)
    assert result.returncode == 0, result.stdout + result.stderr


@needs_npm
@pytest.mark.parametrize(
    ("original", "broken", "rule"),
    [
        ("'127.0.0.1:8000:8000'", "'8000:8000'", "no-unbound-port-interfaces"),
        ("temporalio/ui:2.54.1", "temporalio/ui:latest", "service-image-require-explicit-tag"),
        ("    restart: unless-stopped\n", "    restrat: always\n", "invalid-schema"),
        # A warning-level rule: --max-warnings 0 makes it fail too.
        ("\n  worker:\n", "\n  aaa-worker:\n", "services-alphabetical-order"),
    ],
)
def test_dclint_fails_on_a_broken_copy(
    tmp_path: Path, original: str, broken: str, rule: str
) -> None:
    text = COMPOSE_FILE.read_text()
    assert original in text, "the mutation no longer applies: update this test"
    copy = tmp_path / "docker-compose.yml"
    copy.write_text(text.replace(original, broken, 1))
    result = _dclint(copy)
    assert result.returncode != 0
    assert rule in result.stdout + result.stderr
