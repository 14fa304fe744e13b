"""A production deploy refuses to start with secrets or URLs that are not fit for production.

The refusal is one line that names the variable, from ``load_settings`` and from every
``auditoryx`` command, so an operator reading a crash-looping pod's log knows what to set.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import (
    DEV_AUDIT_HMAC_KEY,
    DEV_SECRET_KEY,
    ConfigurationError,
    Environment,
    Settings,
    load_settings,
)
from core.devstack import free_port

REPO_ROOT = Path(__file__).resolve().parents[2]
ENV_NAMES = {name.upper() for name in Settings.model_fields}
PROD_DB = "postgresql://auditoryx:pw@db.internal:5432/auditoryx"
PROD_KEYSTORE = "postgresql://auditoryx:pw@keys.internal:5432/auditoryx_keys"


@pytest.fixture(autouse=True)
def _no_ambient_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only what a test passes counts: not the developer's shell."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


def production(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "environment": "production",
        "database_url": PROD_DB,
        "keystore_url": PROD_KEYSTORE,
        "secret_key": secrets.token_urlsafe(32),
        "audit_hmac_key": secrets.token_urlsafe(32),
        "_env_file": None,
    }
    values.update(overrides)
    return load_settings(**values)


def refusal(**overrides: object) -> str:
    with pytest.raises(ConfigurationError) as caught:
        production(**overrides)
    message = str(caught.value)
    assert "\n" not in message, message
    return message


def test_production_with_real_secrets_and_postgres_starts() -> None:
    settings = production()
    assert settings.environment is Environment.PRODUCTION
    assert settings.database_url == PROD_DB
    # Heroku-style and explicit-driver URLs are what core.db.normalize_url accepts, so accepted.
    assert production(database_url="postgres://u:pw@db/ax").database_url == "postgres://u:pw@db/ax"
    assert production(database_url="postgresql+psycopg://u@db/ax").database_url.startswith(
        "postgresql+psycopg://"
    )


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"secret_key": DEV_SECRET_KEY}, "SECRET_KEY"),
        ({"audit_hmac_key": DEV_AUDIT_HMAC_KEY}, "AUDIT_HMAC_KEY"),
    ],
    ids=["secret-key", "audit-hmac-key"],
)
def test_production_refuses_the_development_default_secrets(
    overrides: dict[str, object], variable: str
) -> None:
    message = refusal(**overrides)
    assert message.startswith(f"{variable}: ")
    assert "development default" in message
    assert "ENVIRONMENT=production" in message


def test_production_refuses_defaults_that_were_simply_not_set() -> None:
    """Forgetting SECRET_KEY in production must not silently fall back to the dev default."""
    with pytest.raises(ConfigurationError, match=r"^SECRET_KEY: the development default"):
        load_settings(environment="production", database_url=PROD_DB, _env_file=None)


@pytest.mark.parametrize("variable", ["SECRET_KEY", "AUDIT_HMAC_KEY"])
def test_short_keys_are_refused(variable: str) -> None:
    message = refusal(**{variable.lower(): "s" * 31})
    assert message == f"{variable}: must be at least 32 characters"
    # ...in development too: a short key is weak wherever it is used.
    with pytest.raises(ConfigurationError, match=f"^{variable}: must be at least 32"):
        load_settings(environment="dev", _env_file=None, **{variable.lower(): "short"})


@pytest.mark.parametrize("variable", ["OPERATOR_TOKEN", "CODEC_OPERATOR_TOKEN"])
def test_short_operator_tokens_are_refused(variable: str) -> None:
    """Each opens every organization (its plan and terms, or its workflow payloads): empty
    switches it off, and a value is never short enough to guess."""
    message = refusal(**{variable.lower(): "t" * 31})
    assert message == f"{variable}: must be at least 32 characters"
    with pytest.raises(ConfigurationError, match=f"^{variable}: must be at least 32"):
        load_settings(environment="dev", _env_file=None, **{variable.lower(): "short"})
    assert getattr(production(**{variable.lower(): "t" * 32}), variable.lower()) == "t" * 32
    assert getattr(production(), variable.lower()) == ""


def test_the_operator_and_codec_tokens_must_differ() -> None:
    # The codec's sits in the Temporal UI's proxy; the operator API's changes plans and trials.
    token = secrets.token_urlsafe(32)
    message = refusal(operator_token=token, codec_operator_token=token)
    assert message.startswith("OPERATOR_TOKEN: must differ from CODEC_OPERATOR_TOKEN")
    assert token not in message
    production(operator_token=token, codec_operator_token=secrets.token_urlsafe(32))


def test_production_requires_a_database_url() -> None:
    assert refusal(database_url="") == "DATABASE_URL: required when ENVIRONMENT=production"


def test_production_requires_a_key_store_of_its_own() -> None:
    """Per-person keys kept beside the data would be in every backup of it, and an erasure
    would not reach those backups: production does not start without KEYSTORE_URL, nor with
    the data's own database as the key store."""
    assert refusal(keystore_url="").startswith("KEYSTORE_URL: required when ENVIRONMENT=production")
    assert refusal(keystore_url=PROD_DB).startswith("KEYSTORE_URL: must name another database")
    message = refusal(keystore_url="mysql://root:hunter2hunter2@keys/ax")
    assert message == "KEYSTORE_URL: must be a postgresql:// URL, not mysql://"
    # Outside production the key store may be left to the control database (with a warning).
    assert load_settings(environment="dev", _env_file=None).keystore_url == ""


@pytest.mark.parametrize(
    ("variable", "url"),
    [
        ("DATABASE_URL", "mysql://root:hunter2hunter2@db/ax"),
        ("DATABASE_URL", "sqlite:///ax.db"),
        ("DATABASE_URL", "postgresql+asyncpg://u:hunter2hunter2@db/ax"),
        ("MIGRATIONS_DATABASE_URL", "mysql://root:hunter2hunter2@db/ax"),
        ("DATABASE_URL", "hunter2hunter2"),
    ],
)
def test_non_postgres_urls_are_refused_without_echoing_credentials(variable: str, url: str) -> None:
    message = refusal(**{variable.lower(): url})
    assert message.startswith(f"{variable}: must be a postgresql:// URL")
    assert "hunter2" not in message


def test_invalid_values_are_one_line_naming_each_variable() -> None:
    with pytest.raises(ConfigurationError) as caught:
        load_settings(api_port="http", log_format="xml", _env_file=None)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("API_PORT: ")
    assert "; LOG_FORMAT: " in message


def test_outbound_ports_come_from_a_json_list_and_must_be_ports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert load_settings(_env_file=None).outbound_allowed_ports == (443, 80, 8443)
    monkeypatch.setenv("OUTBOUND_ALLOWED_PORTS", "[443, 9443]")
    assert load_settings(_env_file=None).outbound_allowed_ports == (443, 9443)
    monkeypatch.setenv("OUTBOUND_ALLOWED_PORTS", "[443, 0]")
    with pytest.raises(ConfigurationError, match=r"^OUTBOUND_ALLOWED_PORTS: "):
        load_settings(_env_file=None)


def test_trusted_proxies_are_addresses_or_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings(_env_file=None).trusted_proxies == []
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.0/8, 172.18.0.5")
    assert load_settings(_env_file=None).trusted_proxies == ["10.0.0.0/8", "172.18.0.5"]
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "proxy.internal")
    with pytest.raises(ConfigurationError, match=r"^FORWARDED_ALLOW_IPS: "):
        load_settings(_env_file=None)


# --- the same refusal from the command line ----------------------------------------------------


def run_cli(tmp_path: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m cli …`` as an operator runs it: a clean environment plus ``env``.

    The working directory is empty so a developer's ``.env`` cannot leak in.
    """
    base = {k: v for k, v in os.environ.items() if k not in ENV_NAMES and k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-m", "cli", *argv],
        cwd=tmp_path,
        env={**base, "PYTHONPATH": str(REPO_ROOT), **env},
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.mark.parametrize(
    ("argv", "env", "variable"),
    [
        (["api"], {"DATABASE_URL": PROD_DB}, "SECRET_KEY"),
        (["worker"], {"DATABASE_URL": PROD_DB}, "SECRET_KEY"),
        (
            ["migrate"],
            {"SECRET_KEY": "k" * 40, "AUDIT_HMAC_KEY": "h" * 40},
            "DATABASE_URL",
        ),
        (
            ["api"],
            {"SECRET_KEY": "k" * 40, "AUDIT_HMAC_KEY": "h" * 40, "DATABASE_URL": "mysql://x@y/z"},
            "DATABASE_URL",
        ),
        (
            ["worker"],
            {"SECRET_KEY": "k" * 40, "AUDIT_HMAC_KEY": "h" * 40, "DATABASE_URL": PROD_DB},
            "KEYSTORE_URL",
        ),
    ],
    ids=[
        "api-no-secret-key",
        "worker-no-secret-key",
        "migrate-no-database",
        "api-mysql",
        "worker-no-key-store",
    ],
)
def test_cli_exits_with_one_line_naming_the_variable(
    tmp_path: Path, argv: list[str], env: dict[str, str], variable: str
) -> None:
    result = run_cli(tmp_path, *argv, ENVIRONMENT="production", **env)

    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("auditoryx: configuration error: "), lines[0]
    assert f"{variable}: " in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_worker_that_cannot_reach_temporal_exits_with_one_line_naming_the_address(
    tmp_path: Path,
) -> None:
    closed = f"127.0.0.1:{free_port()}"
    result = run_cli(
        tmp_path,
        "worker",
        DATABASE_URL=f"postgresql://postgres@{closed}/auditoryx",
        KEYSTORE_URL=f"postgresql://postgres@{closed}/auditoryx_keys",
        TEMPORAL_ADDRESS=closed,
    )

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"auditoryx worker: cannot reach Temporal at {closed}")
    assert "TEMPORAL_ADDRESS" in lines[0]


def test_trusted_sso_issuers_are_urls_and_https_in_production() -> None:
    trusted = ("https://sso.internal.example/realms/northstar",)
    assert production(sso_trusted_issuers=trusted).sso_trusted_issuers == trusted
    message = refusal(sso_trusted_issuers=("http://127.0.0.1:8080",))
    assert message.startswith("SSO_TRUSTED_ISSUERS: issuers must use https://"), message
    message = refusal(sso_trusted_issuers=("sso.internal.example",))
    assert message.startswith("SSO_TRUSTED_ISSUERS: every issuer must be an http(s) URL"), message
    # Outside production a local provider over http is what development needs.
    local = load_settings(
        environment="dev", sso_trusted_issuers=("http://127.0.0.1:8080",), _env_file=None
    )
    assert local.sso_trusted_issuers == ("http://127.0.0.1:8080",)


def test_every_region_uses_temporal_namespace_unless_region_namespaces_names_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = load_settings(_env_file=None)
    assert settings.region_namespaces == {}
    assert {settings.namespace_of(region) for region in ("eu", "us", "uk", "apac")} == {
        settings.temporal_namespace
    }
    assert settings.namespaces() == [settings.temporal_namespace]
    monkeypatch.setenv("TEMPORAL_NAMESPACE", "auditoryx")
    monkeypatch.setenv("DEFAULT_REGION", "us")
    monkeypatch.setenv("REGION_NAMESPACES", '{"eu": "auditoryx-eu", "us": "auditoryx-us"}')
    settings = load_settings(_env_file=None)
    assert settings.namespace_of("eu") == "auditoryx-eu"
    assert settings.namespace_of("uk") == "auditoryx"
    # Sweeps and control-plane jobs run where the default region's workers poll.
    assert settings.system_namespace == "auditoryx-us"
    assert settings.namespaces() == ["auditoryx-us", "auditoryx-eu", "auditoryx"]
    assert settings.namespaces(["us", "eu"]) == ["auditoryx-us", "auditoryx-eu"]


@pytest.mark.parametrize(
    "value", ['{"mars": "auditoryx-mars"}', '{"us": ""}', '{"us": "a b"}', '{"us": "-x"}']
)
def test_a_bad_region_namespace_is_refused_in_one_line(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("REGION_NAMESPACES", value)
    with pytest.raises(ConfigurationError, match=r"REGION_NAMESPACES: ") as caught:
        load_settings(_env_file=None)
    assert "\n" not in str(caught.value)
