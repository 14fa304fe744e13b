"""docker-compose.yml is for production users; it cannot run here, so it is checked offline:
its structure (what a user relies on) and dclint's rules."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
DCLINT = ROOT / "node_modules" / ".bin" / "dclint"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_the_stack_has_every_part(compose: dict) -> None:
    services = compose["services"]
    assert {"postgres", "temporal", "temporal-ui", "temporal-search-attributes", "migrate",
            "api", "worker"} <= set(services)
    for name in ("api", "worker", "migrate"):
        assert services[name]["build"]["context"] == "."
    assert services["api"]["command"] == ["auditoryx", "api"]
    assert services["worker"]["command"] == ["auditoryx", "worker"]
    assert services["migrate"]["command"] == ["auditoryx", "migrate"]


def test_start_order_waits_for_health_and_migrations(compose: dict) -> None:
    services = compose["services"]
    api, worker = services["api"]["depends_on"], services["worker"]["depends_on"]
    assert api["migrate"]["condition"] == "service_completed_successfully"
    assert api["temporal"]["condition"] == "service_healthy"
    assert worker["migrate"]["condition"] == "service_completed_successfully"
    assert worker["temporal-search-attributes"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["temporal"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("postgres", "temporal", "api"):
        assert "healthcheck" in services[name], name


def test_images_are_pinned_and_secrets_required(compose: dict) -> None:
    for name, service in compose["services"].items():
        image = service.get("image")
        if image:
            assert ":" in image and not image.endswith(":latest"), name
    text = COMPOSE.read_text()
    for secret in ("SECRET_KEY", "AUDIT_HMAC_KEY", "POSTGRES_PASSWORD", "APP_DB_PASSWORD"):
        assert f"${{{secret}:?" in text, f"{secret} must be required, not defaulted"
    api_env = compose["services"]["api"]["environment"]
    assert api_env["ENVIRONMENT"] == "production"
    assert api_env["DATABASE_URL"].startswith("postgresql://auditoryx_api:")


def test_the_app_role_init_script_matches_the_migrations() -> None:
    script = (ROOT / "deploy" / "postgres-init" / "10-app-role.sh").read_text()
    migration = (ROOT / "migrations" / "versions" / "0001_foundation.py").read_text()
    assert "CREATE ROLE auditoryx_app NOLOGIN" in script
    assert "CREATE ROLE auditoryx_app NOLOGIN" in migration
    assert "IN ROLE auditoryx_app" in script


def _dclint() -> str:
    if DCLINT.exists():
        return str(DCLINT)
    if shutil.which("node") is None:
        pytest.skip("node is not installed, so dclint cannot run (make test installs it via npm)")
    pytest.skip("dclint is not installed: run `make test` (it runs `npm ci`)")
    raise AssertionError  # unreachable


def test_dclint_accepts_the_compose_file() -> None:
    result = subprocess.run([_dclint(), str(COMPOSE)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dclint_would_catch_a_broken_file(tmp_path: Path) -> None:
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(COMPOSE.read_text().replace("'0.0.0.0:8000:8000'", "8000:8000"))
    result = subprocess.run([_dclint(), str(broken)], capture_output=True, text=True,
                            check=False)
    assert result.returncode != 0
    assert "no-unbound-port-interfaces" in result.stdout + result.stderr
