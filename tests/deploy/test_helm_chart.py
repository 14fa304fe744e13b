"""The Helm chart (deploy/helm/auditoryx) renders, offline, into manifests Kubernetes accepts.

The renderer is Helm itself: helm-python-sdk (PyPI) bundles Helm's Go SDK (v4) as a shared
library, so ``Chart.render`` runs Helm's own template engine, Sprig functions and
values.schema.json check, exactly what ``helm template`` does, without a ``helm`` binary or a
download at run time. Each rendered manifest is validated against the Kubernetes OpenAPI JSON
schemas bundled in kubernetes-validate (PyPI), strictly (unknown fields are errors), for the
oldest Kubernetes the chart supports and the newest the package knows. KEDA's ScaledObject is a
custom resource with no bundled schema: its fields are asserted here instead. The values files
are also checked against values.schema.json with jsonschema, independently of Helm.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import helm_python as helm
import jsonschema
import kubernetes_validate
import pytest
import yaml
from prometheus_client import REGISTRY

from api.routes.health import router as health_router
from core import metrics  # noqa: F401 - registers the application's series
from core.config import Settings

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "deploy" / "helm" / "auditoryx"
MULTI_REGION = CHART / "examples" / "multi-region.yaml"
SCHEMA = json.loads((CHART / "values.schema.json").read_text())
DEFAULTS = yaml.safe_load((CHART / "values.yaml").read_text())
RELEASE, NAMESPACE = "ax", "studio"
# The oldest Kubernetes Chart.yaml admits, and the newest kubernetes-validate bundles.
KUBERNETES_VERSIONS = ("1.27.0", kubernetes_validate.latest_version())
# Every setting that holds a credential, by its name: a secret setting added to core/config.py
# is covered here without anyone remembering to list it.
SECRET_SETTINGS = {
    name.upper()
    for name in Settings.model_fields
    if re.search(r"(_key|_keys|_token|_secret|_password|database_url)$", name)
}


def multi_region_values() -> dict[str, Any]:
    return yaml.safe_load(MULTI_REGION.read_text())


@cache
def _render(values_json: str) -> tuple[dict[str, Any], ...]:
    with helm.Chart.load(str(CHART)) as chart:
        files = chart.render(json.loads(values_json), name=RELEASE, namespace=NAMESPACE)
    documents = []
    for name, text in files.items():
        if name.endswith("NOTES.txt"):
            continue
        documents.extend(doc for doc in yaml.safe_load_all(text) if doc)
    return tuple(documents)


def render(values: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every manifest ``helm template`` would print for ``values`` (hooks included)."""
    return list(_render(json.dumps(values or {}, sort_keys=True)))


def of_kind(documents: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in documents if d["kind"] == kind}


def containers(documents: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    for doc in documents:
        if doc["kind"] in ("Deployment", "Job"):
            for container in doc["spec"]["template"]["spec"]["containers"]:
                yield doc["metadata"]["name"], container


def env_of(container: dict[str, Any]) -> dict[str, Any]:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container["env"]}


RENDERINGS = {"default": lambda: render(), "multi-region": lambda: render(multi_region_values())}


# --- the chart and its values ------------------------------------------------------------


def test_chart_lints_clean_and_ships_the_package_version() -> None:
    report = helm.lint(str(CHART))
    assert report["errors"] == [], report
    assert [m for m in report["messages"] if m["severity"] > 1] == [], report
    chart = yaml.safe_load((CHART / "Chart.yaml").read_text())
    pyproject = (ROOT / "pyproject.toml").read_text()
    version = re.search(r'^version = "([^"]+)"', pyproject, re.MULTILINE)
    assert version and chart["appVersion"] == version.group(1)
    assert chart["apiVersion"] == "v2" and chart["kubeVersion"].startswith(">=1.27")


@pytest.mark.parametrize("values_file", [CHART / "values.yaml", MULTI_REGION], ids=lambda p: p.name)
def test_values_files_meet_the_schema(values_file: Path) -> None:
    values = yaml.safe_load(values_file.read_text())
    if values_file != CHART / "values.yaml":
        values = merge(DEFAULTS, values)  # what Helm validates: defaults under the file
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    jsonschema.Draft7Validator(SCHEMA).validate(values)


def merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        both_maps = isinstance(value, dict) and isinstance(base.get(key), dict)
        merged[key] = merge(base[key], value) if both_maps else value
    return merged


@pytest.mark.parametrize(
    ("values", "complaint"),
    [
        ({"config": {"SECRET_KEY": "x" * 40}}, "SECRET_KEY"),
        ({"config": {"DATABASE_URL": "postgresql://u:pw@db/auditoryx"}}, "DATABASE_URL"),
        ({"config": {"TEMPORAL_TASK_QUEUE": "elsewhere"}}, "TEMPORAL_TASK_QUEUE"),
        ({"regions": []}, "minItems"),
        ({"regions": [{"name": "EU!", "taskQueue": "q"}]}, "/regions/0"),
        # A region may name its Temporal namespace (a valid one), not its database: PLACEMENTS.
        ({"regions": [{"name": "eu", "taskQueue": "q", "temporalNamespace": "a b"}]}, "/regions/0"),
        ({"regions": [{"name": "eu", "taskQueue": "q", "databaseSecret": "eu-db"}]}, "/regions/0"),
        ({"defaultRegion": "mars"}, "/defaultRegion"),
        ({"config": {"REGION_TASK_QUEUES": "{}"}}, "REGION_TASK_QUEUES"),
        ({"config": {"REGION_NAMESPACES": "{}"}}, "REGION_NAMESPACES"),
        ({"config": {"WORKER_REGION": "us"}}, "WORKER_REGION"),
        ({"podSecurityContext": {"runAsNonRoot": False}}, "runAsNonRoot"),
        ({"securityContext": {"allowPrivilegeEscalation": True}}, "allowPrivilegeEscalation"),
        ({"api": {"replicas": 0}}, "/api/replicas"),
        ({"workers": {"promote": "sometimes"}}, "/workers/promote"),
        ({"secrets": {"app": "", "migrations": "m"}}, "/secrets/app"),
        ({"databasePassword": "hunter2"}, "databasePassword"),
    ],
    ids=lambda v: json.dumps(v)[:40] if isinstance(v, dict) else v,
)
def test_the_schema_refuses_bad_values_and_secrets(values: dict[str, Any], complaint: str) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(SCHEMA).validate(merge(DEFAULTS, values))
    # Helm refuses them too, before rendering anything, naming the offending value.
    with pytest.raises(helm.HelmError, match=re.escape(complaint)):
        render(values)


def test_every_secret_setting_is_refused_in_values_and_can_come_from_the_app_secret() -> None:
    """A secret setting is never a value of ``config`` (it would be in clear in the release and
    the pod spec), so every pod must be able to read it from the app Secret instead."""
    assert {"SECRET_KEY", "OPERATOR_TOKEN", "CODEC_OPERATOR_TOKEN"} <= SECRET_SETTINGS
    refused = set(SCHEMA["properties"]["config"]["propertyNames"]["not"]["enum"])
    assert refused >= SECRET_SETTINGS, SECRET_SETTINGS - refused
    for owner, container in containers(render()):
        from_secret = {variable["name"] for variable in container["env"] if "valueFrom" in variable}
        # The owner's URL is the migrations Job's only (checked below).
        wanted = SECRET_SETTINGS - {"MIGRATIONS_DATABASE_URL"}
        assert wanted <= from_secret, (owner, wanted - from_secret)


def test_a_region_named_twice_is_refused() -> None:
    region = {"name": "eu", "taskQueue": "q"}
    with pytest.raises(helm.HelmError, match='"eu" is named twice'):
        render({"regions": [region, region]})


def test_a_default_region_that_is_not_served_is_refused() -> None:
    with pytest.raises(helm.HelmError, match='defaultRegion: "us" is not one of regions'):
        render({"defaultRegion": "us"})


# --- every manifest is one Kubernetes accepts -----------------------------------------------


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("kubernetes", KUBERNETES_VERSIONS)
def test_every_manifest_validates_against_the_kubernetes_schemas(
    rendering: str, kubernetes: str
) -> None:
    documents = RENDERINGS[rendering]()
    kinds = {d["kind"] for d in documents}
    assert {"Deployment", "Service", "Job", "PodDisruptionBudget", "ScaledObject"} <= kinds
    for doc in documents:
        if doc["kind"] == "ScaledObject":
            continue  # a KEDA custom resource: checked in test_keda_scales_... below
        kubernetes_validate.validate(doc, kubernetes, strict=True)


def test_without_keda_plain_autoscalers_validate() -> None:
    documents = render({"autoscaling": {"keda": {"enabled": False}}})
    hpas = of_kind(documents, "HorizontalPodAutoscaler")
    assert set(hpas) == {f"{RELEASE}-auditoryx-api", f"{RELEASE}-auditoryx-worker-eu"}
    assert not of_kind(documents, "ScaledObject")
    for hpa in hpas.values():
        kubernetes_validate.validate(hpa, KUBERNETES_VERSIONS[0], strict=True)
        assert hpa["spec"]["scaleTargetRef"]["name"] in of_kind(documents, "Deployment")


# --- what the manifests say ------------------------------------------------------------------


def test_one_worker_deployment_per_region_on_its_queue_in_the_one_namespace() -> None:
    """Every process knows every region's queue and the placements; a region's workers poll
    its queue (WORKER_REGION); one Temporal namespace serves them all (docs/adr/0035)."""
    values = multi_region_values()
    documents = render(values)
    deployments = of_kind(documents, "Deployment")
    queues = {region["name"]: region["taskQueue"] for region in values["regions"]}
    placements = {"secretKeyRef": {"name": "auditoryx-placements", "key": "PLACEMENTS"}}
    for region in values["regions"]:
        worker = deployments[f"{RELEASE}-auditoryx-worker-{region['name']}"]
        [container] = worker["spec"]["template"]["spec"]["containers"]
        assert container["command"] == ["auditoryx", "worker"]
        env = env_of(container)
        assert env["WORKER_REGION"] == region["name"]
        assert json.loads(env["REGION_TASK_QUEUES"]) == queues
        assert env["TEMPORAL_TASK_QUEUE"] == "auditoryx-eu"  # the default region's
        assert env["DEFAULT_REGION"] == "eu"
        assert env["TEMPORAL_NAMESPACE"] == "auditoryx"
        assert env["PLACEMENTS"] == placements
        assert env["DATABASE_URL"] == {
            "secretKeyRef": {"name": "auditoryx-app", "key": "DATABASE_URL"}
        }
        assert "MIGRATIONS_DATABASE_URL" not in env  # the owner is the migrations Job's only
        # The current build promotes itself as configured and is scaled by KEDA.
        assert env["WORKER_PROMOTE"] == "always" and "replicas" not in worker["spec"]
        # The same as a process of that region reads them.
        settings = Settings(
            region_task_queues=json.loads(env["REGION_TASK_QUEUES"]),
            temporal_task_queue=env["TEMPORAL_TASK_QUEUE"],
            default_region=env["DEFAULT_REGION"],
            worker_region=env["WORKER_REGION"],
        )
        assert settings.task_queue_of(region["name"]) == region["taskQueue"]
    # The API serves every region: no WORKER_REGION, the same queues, namespace, placements.
    [api] = deployments[f"{RELEASE}-auditoryx-api"]["spec"]["template"]["spec"]["containers"]
    api_env = env_of(api)
    assert "WORKER_REGION" not in api_env
    assert json.loads(api_env["REGION_TASK_QUEUES"]) == queues
    assert api_env["TEMPORAL_NAMESPACE"] == "auditoryx" and api_env["PLACEMENTS"] == placements
    assert api["command"] == ["auditoryx", "api"]


def test_without_placements_every_process_uses_the_one_database() -> None:
    deployments = of_kind(render(), "Deployment")
    for _name, container in containers(list(deployments.values())):
        env = env_of(container)
        assert "PLACEMENTS" not in env
        assert env["DEFAULT_REGION"] == "eu" and env["TEMPORAL_NAMESPACE"] == "default"
        assert env["TEMPORAL_TASK_QUEUE"] == "auditoryx"


def test_a_draining_build_keeps_its_own_fixed_size_workers_beside_the_current_ones() -> None:
    documents = render(multi_region_values())
    deployments = of_kind(documents, "Deployment")
    scaled = {
        s["spec"]["scaleTargetRef"]["name"] for s in of_kind(documents, "ScaledObject").values()
    }
    for region in ("eu", "us"):
        draining = deployments[f"{RELEASE}-auditoryx-worker-{region}-previous"]
        [container] = draining["spec"]["template"]["spec"]["containers"]
        env = env_of(container)
        assert container["image"] == "registry.example.com/auditoryx:0.0.9"
        assert env["WORKER_BUILD_ID"] == "0.0.9-4f1c2a7e9b3d"
        assert env["WORKER_PROMOTE"] == "never"  # it must never take the current version back
        assert draining["spec"]["replicas"] == 1
        assert draining["metadata"]["name"] not in scaled
        current = deployments[f"{RELEASE}-auditoryx-worker-{region}"]
        # Selectors of the two must not overlap, or one Deployment would adopt the other's pods.
        assert current["spec"]["selector"] != draining["spec"]["selector"]


def test_migrations_run_as_one_pre_install_and_pre_upgrade_hook_for_every_placement() -> None:
    jobs = of_kind(render(multi_region_values()), "Job")
    assert set(jobs) == {f"{RELEASE}-auditoryx-migrate"}
    job = jobs[f"{RELEASE}-auditoryx-migrate"]
    annotations = job["metadata"]["annotations"]
    assert annotations["helm.sh/hook"] == "pre-install,pre-upgrade"
    assert "before-hook-creation" in annotations["helm.sh/hook-delete-policy"]
    spec = job["spec"]["template"]["spec"]
    assert spec["restartPolicy"] == "Never"
    # The chart's ServiceAccount does not exist yet when a first install's hook runs.
    assert "serviceAccountName" not in spec
    [container] = spec["containers"]
    assert container["command"] == ["auditoryx", "migrate"]
    env = env_of(container)
    # `auditoryx migrate` upgrades every placement of PLACEMENTS (each its migrations_url).
    assert env["PLACEMENTS"] == {
        "secretKeyRef": {"name": "auditoryx-placements", "key": "PLACEMENTS"}
    }
    assert env["MIGRATIONS_DATABASE_URL"] == {
        "secretKeyRef": {"name": "auditoryx-migrations", "key": "MIGRATIONS_DATABASE_URL"}
    }
    assert "WORKER_REGION" not in env


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_every_variable_is_a_setting_and_every_secret_comes_from_a_secret(rendering: str) -> None:
    settings = {name.upper() for name in Settings.model_fields}
    for owner, container in containers(RENDERINGS[rendering]()):
        for variable in container["env"]:
            assert variable["name"] in settings, f"{owner} sets {variable['name']}, never read"
            if variable["name"] in SECRET_SETTINGS:
                assert "value" not in variable, f"{owner}: {variable['name']} in clear"
                assert set(variable["valueFrom"]) == {"secretKeyRef"}
        env = env_of(container)
        assert env["ENVIRONMENT"] == "production"
        for required in ("SECRET_KEY", "AUDIT_HMAC_KEY", "DATABASE_URL"):
            assert not env[required]["secretKeyRef"].get("optional"), (owner, required)


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_every_pod_runs_non_root_read_only_and_bounded(rendering: str) -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    image_user = re.search(r"^USER (\d+):(\d+)", dockerfile, re.MULTILINE)
    assert image_user
    for doc in RENDERINGS[rendering]():
        if doc["kind"] not in ("Deployment", "Job"):
            continue
        pod = doc["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert str(pod["securityContext"]["runAsUser"]) == image_user.group(1)
        assert pod["automountServiceAccountToken"] is False
        for container in pod["containers"]:
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True
            assert security["allowPrivilegeEscalation"] is False
            assert security["capabilities"]["drop"] == ["ALL"]
            assert {"cpu", "memory"} <= set(container["resources"]["requests"])
            assert "memory" in container["resources"]["limits"]
            # Python's temporary files and the render processes need a writable /tmp.
            assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"]


def test_api_probes_are_the_apps_health_endpoints() -> None:
    deployments = of_kind(render(), "Deployment")
    [api] = deployments[f"{RELEASE}-auditoryx-api"]["spec"]["template"]["spec"]["containers"]
    served = {route.path for route in health_router.routes}  # type: ignore[attr-defined]
    assert api["livenessProbe"]["httpGet"]["path"] == "/healthz"
    # Not /readyz: PostgreSQL, Temporal and the workers are shared by every replica, so a
    # Temporal outage would take each one out of the Service at once, although the API takes
    # work without Temporal (the relays start what it could not).
    assert api["readinessProbe"]["httpGet"]["path"] == "/healthz"
    assert {"/healthz", "/readyz"} <= served
    [port] = api["ports"]
    assert port["containerPort"] == int(env_of(api)["API_PORT"])
    service = of_kind(render(), "Service")[f"{RELEASE}-auditoryx-api"]
    assert service["spec"]["ports"][0]["targetPort"] == port["name"]


def test_worker_probes_run_the_compose_files_poller_check() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    compose_check = compose["services"]["worker"]["healthcheck"]["test"][-1]
    deployments = of_kind(render(), "Deployment")
    worker = deployments[f"{RELEASE}-auditoryx-worker-eu"]
    [container] = worker["spec"]["template"]["spec"]["containers"]
    for probe in ("readinessProbe", "livenessProbe"):
        command = container[probe]["exec"]["command"]
        assert command[:2] == ["python", "-c"]
        assert command[2].strip() == compose_check.strip()
    env = env_of(container)
    ports = {p["containerPort"] for p in container["ports"]}
    assert {int(env["WORKER_METRICS_PORT"]), int(env["TEMPORAL_METRICS_PORT"])} == ports
    assert env["METRICS_BIND_HOST"] == "0.0.0.0"


def test_disruption_budgets_select_exactly_one_deployments_pods() -> None:
    documents = render(multi_region_values())
    deployments = of_kind(documents, "Deployment")
    budgets = of_kind(documents, "PodDisruptionBudget")
    assert set(budgets) == set(deployments)
    for name, budget in budgets.items():
        selector = budget["spec"]["selector"]["matchLabels"]
        matching = [
            other
            for other, deployment in deployments.items()
            if selector.items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
        ]
        assert matching == [name]


def test_keda_scales_the_api_on_request_rate_and_workers_on_their_queues_backlog() -> None:
    documents = render(multi_region_values())
    deployments = of_kind(documents, "Deployment")
    scaled = of_kind(documents, "ScaledObject")
    series = {f.name + "_total" for f in REGISTRY.collect() if f.type == "counter"}
    assert set(scaled) == {
        f"{RELEASE}-auditoryx-api",
        f"{RELEASE}-auditoryx-worker-eu",
        f"{RELEASE}-auditoryx-worker-us",
    }
    for name, scaled_object in scaled.items():
        assert scaled_object["apiVersion"] == "keda.sh/v1alpha1"
        spec = scaled_object["spec"]
        assert spec["scaleTargetRef"] == {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": name,
        }
        assert name in deployments
        assert 1 <= spec["minReplicaCount"] <= spec["maxReplicaCount"]
        prometheus, cpu = spec["triggers"]
        assert prometheus["type"] == "prometheus" and prometheus["metricType"] == "AverageValue"
        assert prometheus["metadata"]["serverAddress"].startswith("http")
        assert float(prometheus["metadata"]["threshold"]) > 0
        utilization = "70" if name.endswith("-api") else "75"  # the example's settings
        assert cpu == {
            "type": "cpu",
            "metricType": "Utilization",
            "metadata": {"value": utilization},
        }
        assert "{{" not in prometheus["metadata"]["query"]

    api_query = scaled[f"{RELEASE}-auditoryx-api"]["spec"]["triggers"][0]["metadata"]["query"]
    assert (
        "auditoryx_http_requests_total" in series and "auditoryx_http_requests_total" in api_query
    )
    assert f'namespace="{NAMESPACE}"' in api_query
    assert f'pod=~"{RELEASE}-auditoryx-api-.*"' in api_query
    for region in multi_region_values()["regions"]:
        scaled_object = scaled[f"{RELEASE}-auditoryx-worker-{region['name']}"]
        query = scaled_object["spec"]["triggers"][0]["metadata"]["query"]
        assert "approximate_backlog_count" in query
        assert f'taskqueue="{region["taskQueue"]}"' in query
        assert 'exported_namespace="auditoryx"' in query
        assert scaled_object["spec"]["triggers"][0]["metadata"]["threshold"] == "50"


def test_a_region_with_its_own_temporal_namespace_is_told_to_every_process() -> None:
    """REGION_NAMESPACES (docs/adr/0035): every process routes each organization's workflows
    to its region's namespace; a region's worker polls there and scales on its backlog there."""
    values = multi_region_values()
    values["regions"][1]["temporalNamespace"] = "auditoryx-us"
    documents = render(values)
    deployments = of_kind(documents, "Deployment")
    for name in ("api", "worker-eu", "worker-us"):
        [container] = deployments[f"{RELEASE}-auditoryx-{name}"]["spec"]["template"]["spec"][
            "containers"
        ]
        env = env_of(container)
        assert json.loads(env["REGION_NAMESPACES"]) == {"us": "auditoryx-us"}
        assert env["TEMPORAL_NAMESPACE"] == "auditoryx"
        settings = Settings(
            region_namespaces=json.loads(env["REGION_NAMESPACES"]),
            temporal_namespace=env["TEMPORAL_NAMESPACE"],
            default_region=env["DEFAULT_REGION"],
        )
        assert (settings.namespace_of("us"), settings.system_namespace) == (
            "auditoryx-us",
            "auditoryx",
        )
    scaled = of_kind(documents, "ScaledObject")
    queries = {
        region: scaled[f"{RELEASE}-auditoryx-worker-{region}"]["spec"]["triggers"][0]["metadata"][
            "query"
        ]
        for region in ("eu", "us")
    }
    assert 'exported_namespace="auditoryx-us"' in queries["us"]
    assert 'exported_namespace="auditoryx"' in queries["eu"]
    # Without one, no process is told of any.
    for container in of_kind(render(multi_region_values()), "Deployment").values():
        for c in container["spec"]["template"]["spec"]["containers"]:
            assert "REGION_NAMESPACES" not in env_of(c)
