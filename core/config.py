"""Configuration: the one place that reads the environment.

Every process (API, worker, CLI) builds one :class:`Settings`. Outside ``dev``/``test`` it
refuses the development defaults for secrets, so a production deploy cannot start with a
key that is printed in this repository.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET_KEY = "dev-only-secret-key-change-me-0123456789abcdef"  # noqa: S105 - refused in production
DEV_AUDIT_HMAC_KEY = "dev-only-audit-hmac-key-change-me-0123456789"


MIB = 1024 * 1024

# What core.db.normalize_url turns into the psycopg 3 driver (or already is).
POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


class Environment(StrEnum):
    DEV = "dev"
    TEST = "test"
    PRODUCTION = "production"


class ConfigurationError(Exception):
    """Invalid configuration, phrased as one line naming the variable and the problem."""


REGIONS = ("eu", "us", "uk", "apac")
# What Temporal accepts as a namespace name.
NAMESPACE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,254}")


class PlacementSpec(BaseModel):
    """One database organizations can live in: a region's shared database or a dedicated one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str = Field(min_length=1)
    region: Literal["eu", "us", "uk", "apac"]
    migrations_url: str = ""
    dedicated: bool = False


class Settings(BaseSettings):
    """All configuration, from environment variables (or a ``.env`` file)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    environment: Environment = Environment.DEV
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL the application connects with (a role that is a member of "
        "auditoryx_app). Empty under `auditoryx dev`, which starts an embedded PostgreSQL.",
    )
    migrations_database_url: str = Field(
        default="", description="URL of the schema owner for migrations; defaults to DATABASE_URL."
    )
    db_pool_size: int = Field(default=10, ge=1, le=200)
    # Per-person data keys live outside the data's databases and their backups (ADR 0034).
    keystore_url: str = Field(
        default="",
        description="SQLAlchemy URL of the key store: a PostgreSQL database of its own holding "
        "the per-person data keys, backed up with a retention shorter than the erasure "
        "deadline. Required when ENVIRONMENT=production; elsewhere empty keeps the keys in "
        "the control database (with a warning at start), where backups of that database "
        "re-open erased people.",
    )
    keystore_migrations_url: str = Field(
        default="", description="URL of the key store's schema owner; defaults to KEYSTORE_URL."
    )
    # Tenant placement (docs/adr/0035-placements-and-regions.md, docs/operations.md).
    placements: dict[str, PlacementSpec] = Field(
        default_factory=dict,
        description="The databases organizations live in, as JSON: name -> {url, region, "
        "migrations_url?, dedicated?}. Empty: one placement named after DEFAULT_REGION on "
        "DATABASE_URL.",
    )
    default_region: Literal["eu", "us", "uk", "apac"] = Field(
        default="eu", description="Region of the placement that is also the control database."
    )
    control_placement: str = Field(
        default="",
        description="Placement holding the directory of organizations (the control database); "
        "empty: the placement named after DEFAULT_REGION.",
    )
    worker_region: str = Field(
        default="",
        description="Region this worker serves (`auditoryx worker --region`); empty: every "
        "placement's region.",
    )
    region_task_queues: dict[str, str] = Field(
        default_factory=dict,
        description="Task queue of each region's workers, as JSON: region -> queue. A region "
        "not listed: TEMPORAL_TASK_QUEUE for DEFAULT_REGION, TEMPORAL_TASK_QUEUE-<region> else.",
    )
    region_namespaces: dict[str, str] = Field(
        default_factory=dict,
        description="Temporal namespace of each region's workflows, as JSON: region -> "
        "namespace. A region not listed: TEMPORAL_NAMESPACE. Workflows of no organization "
        "(sweeps, control-plane jobs such as tenant moves) run in DEFAULT_REGION's.",
    )
    organization_deletion_grace_seconds: int = Field(
        default=7 * 86400,
        ge=0,
        description="Grace period between an organization's deletion request and the deletion "
        "(an owner may cancel meanwhile); seven days by default.",
    )
    placement_cache_seconds: float = Field(
        default=5.0,
        ge=0,
        le=300,
        description="How long a process trusts its copy of an organization's placement; a "
        "tenant move's write freeze lasts longer than this.",
    )
    temporal_address: str = "localhost:7233"
    temporal_namespace: str = "default"
    temporal_task_queue: str = "auditoryx"
    # Worker Deployment Versioning (core/versioning.py, docs/operations.md "Rolling out a
    # worker version").
    worker_deployment_name: str = Field(
        default="auditoryx", pattern=r"^[A-Za-z0-9_-]{1,100}$", description="No dots."
    )
    worker_build_id: str = Field(
        default="",
        max_length=200,
        description="Build id of this worker; empty: <package version>-<BUILD_COMMIT or the "
        "checkout's commit>.",
    )
    build_commit: str = Field(
        default="", max_length=64, description="Commit the image was built from (build arg)."
    )
    worker_promote: Literal["never", "first", "always"] = Field(
        default="first",
        description="Make this worker's version current once it polls: `first` only when the "
        "deployment has no current version yet, `always` (auditoryx dev), `never` (the "
        "operator ramps and promotes with `temporal worker deployment`).",
    )
    secret_key: str = DEV_SECRET_KEY
    audit_hmac_key: str = DEV_AUDIT_HMAC_KEY
    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "console"] = "json"
    readiness_timeout_seconds: float = Field(default=3.0, gt=0, le=60)
    previous_secret_keys: tuple[str, ...] = Field(
        default=(), description="Old SECRET_KEYs still accepted for decryption (rotation)"
    )
    public_base_url: str = Field(
        default="",
        description="Base URL of the API as users reach it (links in e-mails); "
        "defaults to the request's own base URL",
    )
    smtp_host: str = ""
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    email_from: str = "AuditoryX <no-reply@auditoryx.example>"
    approval_link_ttl_hours: float = Field(default=72, gt=0, le=24 * 30)
    usage_flush_seconds: float = Field(
        default=5.0,
        gt=0,
        le=300,
        description="How often each API and worker process adds its usage counts to the "
        "database: what a crashed process can lose.",
    )
    outbound_allow_private_networks: bool = Field(
        default=False,
        description="Let webhook endpoints (and other URLs we call out to) resolve to loopback, "
        "private or link-local addresses. For local development and tests only: refused when "
        "ENVIRONMENT=production (where https:// is also required).",
    )
    forwarded_allow_ips: str = Field(
        default="",
        description="Comma-separated addresses or networks of the reverse proxies whose "
        "X-Forwarded-For / X-Forwarded-Proto are believed (`*` for any). Empty: the client is "
        "the socket's peer and those headers are ignored.",
    )
    rate_limits_enabled: bool = Field(
        default=True,
        description="Count /v1 requests against the plan's rate (per API key and per "
        "organization) and failed authentications per client address; 429 beyond them.",
    )
    rate_limit_overrides: dict[str, tuple[int, int]] = Field(
        default_factory=dict,
        description="Per plan (or `anonymous`, the failed-authentication rate per client "
        "address), [requests per minute, burst] replacing the plan's own, as JSON: "
        '`{"studio_pro": [1200, 200]}`.',
    )
    outbound_allowed_ports: tuple[int, ...] = Field(
        default=(443, 80, 8443),
        min_length=1,
        description="Ports a webhook endpoint or Teams URL on the public internet may use, "
        "checked when the URL is saved and before every call (JSON list, e.g. [443, 8443]).",
    )
    # Request bodies are refused (413) past these sizes before they are parsed or the caller
    # is authenticated; api/body_limits.py says which route has which limit.
    max_body_bytes: int = Field(default=MIB, ge=1, description="Every other route (1 MiB)")
    max_roster_import_bytes: int = Field(
        default=5 * MIB, ge=1, description="POST /v1/artists/bulk: up to 5000 rows (5 MiB)"
    )
    max_revenue_import_bytes: int = Field(
        default=20 * MIB, ge=1, description="POST /v1/revenue/imports: 50 000 rows (20 MiB)"
    )
    max_bulk_booking_bytes: int = Field(
        default=5 * MIB, ge=1, description="POST /v1/bulk-bookings: 5000 sessions (5 MiB)"
    )
    asana_api_base_url: str = Field(
        default="https://app.asana.com/api/1.0",
        description="Asana's REST API base URL; point it at a local Asana stand-in in "
        "development (docs/integrations/asana.md).",
    )
    asana_auth_url: str = Field(
        default="https://app.asana.com",
        description="Asana's OAuth 2.0 base URL (its consent page ``/-/oauth_authorize``, its "
        "token endpoint ``/-/oauth_token``); point it at a local Asana stand-in in "
        "development (docs/integrations/asana.md).",
    )
    monday_api_url: str = Field(
        default="https://api.monday.com/v2",
        description="Monday.com's GraphQL API URL; point it at a local Monday stand-in in "
        "development (docs/integrations/monday.md).",
    )
    monday_auth_url: str = Field(
        default="https://auth.monday.com",
        description="Monday.com's OAuth 2.0 base URL (its consent page ``/oauth2/authorize``, its "
        "token endpoint ``/oauth2/token``); point it at a local Monday stand-in in "
        "development (docs/integrations/monday.md).",
    )
    monday_signing_secret: str = Field(
        default="",
        description="The Monday app's signing secret: Monday signs every webhook delivery's "
        "JWT with it. Empty: Monday's deliveries are refused (401) and the reconciliation "
        "finds the changes instead (docs/integrations/monday.md).",
    )
    slack_api_base_url: str = Field(
        default="https://slack.com/api/",
        description="Slack's Web API base URL; point it at a local Slack stand-in in "
        "development (every Slack call of the API and the worker goes there).",
    )
    # Microsoft Teams bot (docs/integrations/teams.md): where Bot Framework tokens are checked
    # and where the bot's own connector token comes from; point them at a local stand-in in
    # development and tests.
    teams_openid_metadata_url: str = Field(
        default="https://login.botframework.com/v1/.well-known/openidconfiguration",
        description="OpenID metadata naming the keys that sign Bot Framework tokens.",
    )
    teams_token_issuer: str = Field(
        default="https://api.botframework.com",
        description="The issuer incoming Bot Framework tokens must name.",
    )
    teams_token_url: str = Field(
        default="https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token",
        description="Token endpoint the bot signs in at (client credentials) to call the "
        "Bot Connector.",
    )
    # Temporal payload encryption (docs/operations.md, "Payload encryption and the codec
    # server"; docs/adr/0032-payload-codec-and-key-hierarchy.md).
    payload_encryption: bool = Field(
        default=True,
        description="Encrypt every Temporal payload of an organization's workflows with that "
        "organization's data key (AES-256-GCM, wrapped by a key derived from SECRET_KEY). "
        "Payloads written without it still decode either way.",
    )
    payload_key_cache_seconds: float = Field(
        default=60.0,
        ge=0,
        le=3600,
        description="How long a process keeps an unwrapped organization key in memory: the "
        "longest another process may still use a key after it was rotated or destroyed.",
    )
    payload_key_cache_size: int = Field(
        default=1024, ge=1, description="At most this many unwrapped keys in memory per process"
    )
    codec_operator_token: str = Field(
        default="",
        description="Bearer token with which an operator's Temporal UI or CLI may decode the "
        "payloads of every organization at /codec/decode. Empty: only an organization's own "
        "keys (with organization:write) may, and only its own payloads.",
    )
    codec_cors_origins: tuple[str, ...] = Field(
        default=("http://localhost:8233",),
        description="Origins (the Temporal UI) whose browsers may call /codec/encode and "
        "/codec/decode, as a JSON list.",
    )
    sso_trusted_issuers: tuple[str, ...] = Field(
        default=(),
        description="OpenID Connect issuers (JSON list of URLs) the operator trusts to be "
        "called at a private address, and over http outside production: an identity provider "
        "inside the network, or a local one in development. Every other issuer must be an "
        "https URL on the public internet (docs/sso.md).",
    )
    # Metrics and traces (docs/operations.md, "Metrics, traces and dashboards").
    metrics_token: str = Field(
        default="",
        description="Bearer token GET /metrics on the API requires. Empty: /metrics is open "
        "when ENVIRONMENT is dev or test and answers 404 in production.",
    )
    operator_token: str = Field(
        default="",
        description="Bearer token (32+ characters, not CODEC_OPERATOR_TOKEN) the operator API "
        "(/operator/…: plans, plan overrides, trials) requires. Empty: the operator API "
        "answers 404.",
    )
    worker_metrics_port: int = Field(
        default=0,
        ge=0,
        le=65535,
        description="Port where the worker serves its application metrics (relays, webhook "
        "deliveries) at /metrics; 0: not served.",
    )
    temporal_metrics_port: int = Field(
        default=0,
        ge=0,
        le=65535,
        description="Port where the worker serves the Temporal SDK's metrics (temporal_*); "
        "0: not served.",
    )
    metrics_bind_host: str = Field(
        default="127.0.0.1",
        description="Address the worker's metrics ports listen on (0.0.0.0 in a container).",
    )
    otel_exporter_otlp_endpoint: str = Field(
        default="",
        description="OTLP/HTTP collector (e.g. http://otel-collector:4318); spans go to "
        "{endpoint}/v1/traces. Empty: tracing is off.",
    )
    otel_service_name: str = Field(
        default="", description="service.name of the spans; auditoryx-api / auditoryx-worker"
    )
    otel_traces_sampler_arg: float = Field(
        default=1.0,
        ge=0.0,
        le=1.0,
        description="Share of new traces sampled (parent-based: a sampled caller's trace is "
        "always continued).",
    )
    # `auditoryx dev` only: where the embedded stack keeps its data and which ports it uses.
    dev_data_dir: str = ".auditoryx"
    dev_postgres_port: int = Field(default=55432, ge=1, le=65535)
    dev_temporal_port: int = Field(default=7233, ge=1, le=65535)
    dev_temporal_ui_port: int = Field(default=8233, ge=0, le=65535)

    @model_validator(mode="after")
    def _refuse_unsafe_secrets(self) -> Settings:
        for name, dev_value in (
            ("secret_key", DEV_SECRET_KEY),
            ("audit_hmac_key", DEV_AUDIT_HMAC_KEY),
        ):
            value: str = getattr(self, name)
            if len(value) < 32:
                raise ValueError(f"{name.upper()}: must be at least 32 characters")
            if self.environment is Environment.PRODUCTION and value == dev_value:
                raise ValueError(
                    f"{name.upper()}: the development default is not allowed when "
                    "ENVIRONMENT=production; set a random value of 32+ characters"
                )
        for name in ("operator_token", "codec_operator_token"):
            # Each opens every organization (plans and terms, or workflow payloads): empty
            # switches it off, and a value must not be guessable.
            token: str = getattr(self, name)
            if token and len(token) < 32:
                raise ValueError(f"{name.upper()}: must be at least 32 characters")
        if self.operator_token and self.operator_token == self.codec_operator_token:
            # Two duties, two holders: the codec's sits in the Temporal UI's proxy.
            raise ValueError(
                "OPERATOR_TOKEN: must differ from CODEC_OPERATOR_TOKEN (the codec's token "
                "decodes payloads; the operator API's changes plans and trials)"
            )
        if self.environment is Environment.PRODUCTION and not self.database_url:
            raise ValueError("DATABASE_URL: required when ENVIRONMENT=production")
        for name in (
            "database_url",
            "migrations_database_url",
            "keystore_url",
            "keystore_migrations_url",
        ):
            url: str = getattr(self, name)
            scheme, separator, _rest = url.partition("://")
            if url and (not separator or scheme not in POSTGRES_SCHEMES):
                # Only the scheme may be echoed: the rest of a URL can hold a password.
                got = f", not {scheme[:30]}://" if separator else ""
                raise ValueError(f"{name.upper()}: must be a postgresql:// URL{got}")
        if self.environment is Environment.PRODUCTION and not self.keystore_url:
            # Keys kept beside the data are copied into every backup of it: an erasure would
            # then not reach the backups, which is what sealing with per-person keys is for.
            raise ValueError(
                "KEYSTORE_URL: required when ENVIRONMENT=production (a database of its own for "
                "per-person data keys, outside the data's backups; docs/operations.md)"
            )
        if self.keystore_url and self.keystore_url == self.database_url:
            raise ValueError(
                "KEYSTORE_URL: must name another database than DATABASE_URL (the keys must not "
                "be in the data's backups)"
            )
        return self

    @model_validator(mode="after")
    def _refuse_private_outbound_in_production(self) -> Settings:
        # An SSRF guard that production can switch off is no guard.
        if self.environment is Environment.PRODUCTION and self.outbound_allow_private_networks:
            raise ValueError(
                "OUTBOUND_ALLOW_PRIVATE_NETWORKS: not allowed when ENVIRONMENT=production"
            )
        return self

    @model_validator(mode="after")
    def _check_sso_trusted_issuers(self) -> Settings:
        for issuer in self.sso_trusted_issuers:
            scheme, separator, rest = issuer.partition("://")
            if scheme not in ("http", "https") or not separator or not rest:
                raise ValueError("SSO_TRUSTED_ISSUERS: every issuer must be an http(s) URL")
            if self.environment is Environment.PRODUCTION and scheme != "https":
                raise ValueError(
                    "SSO_TRUSTED_ISSUERS: issuers must use https:// when ENVIRONMENT=production"
                )
        return self

    @model_validator(mode="after")
    def _check_trusted_proxies(self) -> Settings:
        for entry in self.trusted_proxies:
            if entry == "*":
                continue
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"FORWARDED_ALLOW_IPS: {entry[:60]!r} is not an IP address or network"
                ) from None
        return self

    @property
    def trusted_proxies(self) -> list[str]:
        """The entries of FORWARDED_ALLOW_IPS; empty when no proxy is trusted."""
        return [entry.strip() for entry in self.forwarded_allow_ips.split(",") if entry.strip()]

    @model_validator(mode="after")
    def _check_outbound_ports(self) -> Settings:
        if any(not 1 <= port <= 65535 for port in self.outbound_allowed_ports):
            raise ValueError("OUTBOUND_ALLOWED_PORTS: every port must be between 1 and 65535")
        return self

    @model_validator(mode="after")
    def _check_rate_limit_overrides(self) -> Settings:
        for plan, (per_minute, burst) in self.rate_limit_overrides.items():
            if per_minute < 1 or burst < 1:
                raise ValueError(
                    f"RATE_LIMIT_OVERRIDES: {plan[:40]!r} needs a rate and a burst of at least 1"
                )
        return self

    @model_validator(mode="after")
    def _check_slack_api_base_url(self) -> Settings:
        scheme, separator, rest = self.slack_api_base_url.partition("://")
        if scheme not in ("http", "https") or not separator or not rest:
            raise ValueError("SLACK_API_BASE_URL: must be an http:// or https:// URL")
        if not self.slack_api_base_url.endswith("/"):  # slack-sdk appends method names
            object.__setattr__(self, "slack_api_base_url", self.slack_api_base_url + "/")
        return self

    def task_queue_of(self, region: str) -> str:
        """The task queue a region's workflows run on (and its workers poll)."""
        if region in self.region_task_queues:
            return self.region_task_queues[region]
        if region == self.default_region:
            return self.temporal_task_queue
        return f"{self.temporal_task_queue}-{region}"

    def namespace_of(self, region: str) -> str:
        """The Temporal namespace a region's workflows run in (and its workers poll)."""
        return self.region_namespaces.get(region, self.temporal_namespace)

    @property
    def system_namespace(self) -> str:
        """The namespace of workflows that belong to no organization's region: sweeps and
        control-plane jobs (tenant moves). DEFAULT_REGION's, whose workers poll it."""
        return self.namespace_of(self.default_region)

    def namespaces(self, regions: Iterable[str] = REGIONS) -> list[str]:
        """The distinct namespaces of ``regions`` (every region by default), system first."""
        found = [self.system_namespace]
        for region in regions:
            if self.namespace_of(region) not in found:
                found.append(self.namespace_of(region))
        return found

    @property
    def owner_database_url(self) -> str:
        return self.migrations_database_url or self.database_url

    @property
    def owner_keystore_url(self) -> str:
        return self.keystore_migrations_url or self.keystore_url

    @model_validator(mode="after")
    def _check_placements(self) -> Settings:
        for name, spec in self.placements.items():
            if not name or not all(c.isalnum() or c in "-_" for c in name) or len(name) > 40:
                raise ValueError(f"PLACEMENTS: {name[:40]!r} is not a placement name (a-z 0-9 - _)")
            for field in ("url", "migrations_url"):
                url: str = getattr(spec, field)
                scheme, separator, _rest = url.partition("://")
                if url and (not separator or scheme not in POSTGRES_SCHEMES):
                    raise ValueError(f"PLACEMENTS: {name}.{field} must be a postgresql:// URL")
        if self.placements:
            control = self.control_placement or self.default_region
            if control not in self.placements:
                raise ValueError(
                    f"CONTROL_PLACEMENT: no placement named {control!r} in PLACEMENTS (the "
                    "control database defaults to the placement named after DEFAULT_REGION)"
                )
            if self.placements[control].dedicated:
                raise ValueError("CONTROL_PLACEMENT: the control database cannot be dedicated")
        elif self.control_placement not in ("", self.default_region):
            raise ValueError("CONTROL_PLACEMENT: set PLACEMENTS to name another placement")
        for region, queue in self.region_task_queues.items():
            if region not in REGIONS or not queue:
                raise ValueError(
                    f"REGION_TASK_QUEUES: {region[:20]!r} needs a region ({', '.join(REGIONS)}) "
                    "and a queue name"
                )
        for region, namespace in self.region_namespaces.items():
            if region not in REGIONS or not NAMESPACE_NAME.fullmatch(namespace):
                raise ValueError(
                    f"REGION_NAMESPACES: {region[:20]!r} needs a region ({', '.join(REGIONS)}) "
                    "and a namespace name (letters, digits, '.', '-', '_'; up to 255 characters)"
                )
        if self.worker_region and self.worker_region not in REGIONS:
            raise ValueError(f"WORKER_REGION: must be one of {', '.join(REGIONS)}")
        return self


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning validation errors into one readable line per problem."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            location = ".".join(str(part) for part in error["loc"]).upper()
            message = error["msg"].removeprefix("Value error, ")
            lines.append(f"{location}: {message}" if location else message)
        raise ConfigurationError("; ".join(lines)) from None


def child_environment(overrides: dict[str, str]) -> dict[str, str]:
    """The environment for a child process of ``auditoryx dev``: ours plus ``overrides``."""
    return {**os.environ, **overrides}
