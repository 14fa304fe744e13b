"""What version a worker says it is, and how each workflow type meets a new version."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError
from temporalio.common import VersioningBehavior
from temporalio.workflow import _Definition

from core.config import Settings
from core.versioning import build_id, deployment_config, package_version, source_commit
from tests.support.histories import current_release
from worker import WORKFLOWS

# A trial's workflow sleeps for its 30 days: it moves to each new release rather than pin one.
LONG_LIVED = {
    "LifecycleDispatcherWorkflow",
    "ProjectWorkflow",
    "ReconcileWorkflow",
    "TrialWorkflow",
}


def test_the_build_id_is_the_package_version_and_the_commit() -> None:
    version = current_release()  # pyproject.toml's
    assert package_version() == version
    assert build_id(Settings(build_commit="3f2c9ab1e0d4")) == f"{version}-3f2c9ab1e0d4"
    # Without BUILD_COMMIT, the checkout's own commit.
    assert build_id(Settings()) == f"{version}-{source_commit()}"
    assert re.fullmatch(r"[0-9a-f]{12}|local", source_commit())
    assert build_id(Settings(worker_build_id="v2", build_commit="x")) == "v2"


def test_the_worker_is_always_versioned() -> None:
    # A versioning server refuses a task that states a behaviour from an unversioned worker.
    config = deployment_config(Settings(worker_deployment_name="studio", worker_build_id="v1"))
    assert config.use_worker_versioning
    assert config.version.to_canonical_string() == "studio.v1"
    # No default: every workflow type must choose (the SDK refuses a worker otherwise).
    assert config.default_versioning_behavior == VersioningBehavior.UNSPECIFIED


def test_a_deployment_name_with_a_dot_is_refused() -> None:
    # The server's canonical form is "<deployment>.<build id>".
    with pytest.raises(ValidationError, match="worker_deployment_name"):
        Settings(worker_deployment_name="auditoryx.eu")


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.__name__)
def test_each_workflow_pins_or_auto_upgrades_as_its_lifetime_asks(workflow: type) -> None:
    definition = _Definition.must_from_class(workflow)
    expected = (
        VersioningBehavior.AUTO_UPGRADE
        if definition.name in LONG_LIVED
        else VersioningBehavior.PINNED
    )
    assert definition.versioning_behavior == expected
