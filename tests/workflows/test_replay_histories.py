"""Every recorded workflow history replays against today's code.

A deployment meets executions that started under the previous code: an approval chain between
two steps, a bulk booking waiting for its approval, a project weeks into its milestones, a
webhook between two retries. Their next workflow task replays the history they have so far
against the new code; a command issued in a different order, an activity added or removed
without ``workflow.patched``, ends them with a nondeterminism error. The replay tests below find
that out first, in milliseconds and without a server. This is the one module that replays the
files under ``histories/``.

The histories are written by the feature tests whose runs they are (``keep`` from
``tests/support/histories.py``). Record them again only after a deliberate,
``workflow.patched``-guarded change, and first copy the files about to be overwritten to new
names (``<name>.before-<change-id>.json``: every file is replayed, so the old ones keep proving
that executions started before the change still replay)::

    REGENERATE_HISTORIES=1 .venv/bin/python -m pytest tests/workflows

See "Changing workflow code" in docs/operations.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from temporalio import workflow
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer, UnsandboxedWorkflowRunner
from temporalio.workflow import NondeterminismError

from tests.support.histories import (
    HISTORIES,
    RECORDINGS,
    exercised,
    load,
    replayer,
    workflow_type,
)
from worker import WORKFLOWS
from workflows.health import HealthProbeInput, HealthProbeResult, HealthProbeWorkflow

HISTORY_FILES = sorted(HISTORIES.glob("*.json"))


def recording_of(path: Path) -> str:
    """The recording a file is of: its own name, or the name before ``.before-<change-id>``
    for a copy kept from before a patched change."""
    return path.stem.split(".before-")[0]


@pytest.mark.parametrize("path", HISTORY_FILES, ids=lambda p: p.stem)
async def test_a_recorded_history_replays_against_todays_code(path: Path) -> None:
    # Raises NondeterminismError (or the workflow's own failure) when today's code issues
    # other commands, or in another order, than the run that wrote this history.
    await replayer().replay_workflow(load(path))


@pytest.mark.parametrize("name", sorted(RECORDINGS))
def test_the_recording_is_committed_and_shows_the_path_it_guards(name: str) -> None:
    path = HISTORIES / f"{name}.json"
    assert path.exists(), f"{path.name} is missing; record it (see the module docstring)"
    history = load(path)
    workflow, did = RECORDINGS[name]
    assert workflow_type(history) == workflow
    assert not did - exercised(history), (
        f"{name} no longer shows {sorted(did - exercised(history))}"
    )


def test_every_history_file_is_a_known_recording() -> None:
    """Each file is replayed above; one nobody declared (with what its run must show) would
    be a history whose path no one checks."""
    on_disk = HISTORY_FILES
    unknown = [p.name for p in on_disk if recording_of(p) not in RECORDINGS]
    assert not unknown, f"add {unknown} to RECORDINGS in tests/support/histories.py"
    for path in on_disk:
        assert workflow_type(load(path)) == RECORDINGS[recording_of(path)][0], path.name


def test_every_workflow_the_worker_runs_has_a_recorded_history() -> None:
    """A workflow added to the worker without a history would be the one left unguarded."""
    recorded = {workflow_type(load(p)) for p in HISTORY_FILES}
    missing = {w.__name__ for w in WORKFLOWS} - recorded
    assert not missing, f"record a history of {sorted(missing)} (see the module docstring)"


@workflow.defn(name="HealthProbeWorkflow")
class ReorderedHealthProbeWorkflow:
    """What an unguarded change looks like: a timer before the activity the history expects."""

    @workflow.run
    async def run(self, probe: HealthProbeInput) -> HealthProbeResult:
        await workflow.sleep(1)
        return await HealthProbeWorkflow().run(probe)


async def test_the_replay_guard_catches_an_unguarded_change() -> None:
    """The replays above would pass vacuously if replaying could not fail: it does."""
    changed = Replayer(
        workflows=[ReorderedHealthProbeWorkflow],
        data_converter=pydantic_data_converter,
        # The sandbox would re-import this whole test module; the change is what's under test.
        workflow_runner=UnsandboxedWorkflowRunner(),
    )
    with pytest.raises(NondeterminismError):
        await changed.replay_workflow(load(HISTORIES / "health_probe.json"))
