"""The replay gate: every recorded history, of every release, replays against today's code.

A deployment meets executions that started under earlier code: an approval chain between
two steps, a bulk booking waiting for its approval, a project weeks into its milestones, a
webhook between two retries. Their next workflow task replays the history they have so far
against the new code; a command issued in a different order, an activity added or removed
without ``workflow.patched``, ends them with a nondeterminism error. The gate finds that out
first, in milliseconds and without a server. This is the one module that replays the files
under ``histories/<release>/``.

The histories are written by the feature tests whose runs they are (``keep`` from
``tests/support/histories.py``) into the current release's folder (the version in
``pyproject.toml``); earlier releases' folders are kept as they are, so what runs of every
release still in flight look like keeps being replayed::

    make histories

See "Changing workflow code" in docs/operations.md and
docs/adr/0025-worker-versioning-and-replay-gate.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from temporalio import workflow
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter
from temporalio.worker import Replayer, UnsandboxedWorkflowRunner
from temporalio.workflow import NondeterminismError

from tests.support.histories import (
    HISTORIES,
    RECORDINGS,
    current_release,
    every_history,
    exercised,
    histories_of,
    load,
    release_folders,
    replay_gate,
    workflow_type,
)
from worker import WORKFLOWS
from workflows.health import HealthProbeInput, HealthProbeResult, HealthProbeWorkflow

HISTORY_FILES = sorted(HISTORIES.glob("*.json"))  # the current release's


def recording_of(path: Path) -> str:
    """The recording a file is of: its own name, or the name before ``.before-<change-id>``
    for a copy kept from before a patched change."""
    return path.stem.split(".before-")[0]


@pytest.mark.parametrize("path", every_history(), ids=lambda p: f"{p.parent.name}/{p.stem}")
async def test_a_recorded_history_of_any_release_replays_against_todays_code(
    path: Path, codec_data_converter: DataConverter
) -> None:
    # A NondeterminismError (or the workflow's own failure) when today's code issues other
    # commands, or in another order, than the run of that release that wrote this history.
    # Replayed as the worker replays them, with the payload codec: histories written before
    # payloads were sealed (every release's recorded ones) still replay.
    assert await replay_gate(paths=[path], data_converter=codec_data_converter) == {}


def test_the_current_release_has_its_folder_of_histories() -> None:
    """A version bump without ``make histories`` would leave the new release unrecorded, and the
    next release would have nothing of this one's to replay."""
    assert HISTORIES.is_dir(), f"no histories/{current_release()}/: run `make histories`"
    assert HISTORIES in release_folders()


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
    """Each file of the current release is replayed above; one nobody declared (with what its
    run must show) would be a history whose path no one checks."""
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


@workflow.defn(name="HealthProbeWorkflow")
class PatchedHealthProbeWorkflow:
    """The same change, guarded: runs recorded before it take the old path on replay."""

    @workflow.run
    async def run(self, probe: HealthProbeInput) -> HealthProbeResult:
        if workflow.patched("health-probe-settles-first"):
            await workflow.sleep(1)
        return await HealthProbeWorkflow().run(probe)


def _with(replacement: type) -> list[type]:
    """The worker's workflows with the health probe replaced."""
    return [replacement, *(w for w in WORKFLOWS if w is not HealthProbeWorkflow)]


# The sandbox would re-import this whole test module; the change is what's under test.
UNSANDBOXED = UnsandboxedWorkflowRunner()


async def test_the_gate_catches_an_unguarded_change_and_passes_it_once_patched() -> None:
    """The gate would pass vacuously if replaying could not fail: the same change fails it
    unguarded and passes it inside ``workflow.patched``."""
    probes = histories_of("HealthProbeWorkflow")
    assert probes
    unguarded = await replay_gate(
        _with(ReorderedHealthProbeWorkflow), paths=probes, runner=UNSANDBOXED
    )
    assert set(unguarded) == {f"{p.parent.name}/{p.stem}" for p in probes}
    assert all(error.startswith("NondeterminismError") for error in unguarded.values())

    assert (
        await replay_gate(_with(PatchedHealthProbeWorkflow), paths=probes, runner=UNSANDBOXED) == {}
    )


async def test_the_raw_replayer_raises_on_the_unguarded_change() -> None:
    """What a deploy of the unguarded change would do to a running probe: fail its task."""
    changed = Replayer(
        workflows=[ReorderedHealthProbeWorkflow],
        data_converter=pydantic_data_converter,
        workflow_runner=UNSANDBOXED,
    )
    with pytest.raises(NondeterminismError):
        await changed.replay_workflow(load(HISTORIES / "health_probe.json"))


async def test_a_history_of_a_workflow_no_longer_registered_fails_the_gate() -> None:
    """Removing a workflow type while runs of it may be in flight strands them."""
    probes = histories_of("HealthProbeWorkflow")
    failures = await replay_gate(
        [w for w in WORKFLOWS if w is not HealthProbeWorkflow], paths=probes
    )
    assert set(failures) == {f"{p.parent.name}/{p.stem}" for p in probes}
