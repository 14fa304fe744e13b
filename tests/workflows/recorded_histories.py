"""Recorded workflow histories: where they live, how they are written, how they are replayed.

A history under ``histories/`` is what a real run of today's code sent to Temporal. Replaying it
against later code is how we learn, before deploying, that a change would break executions that
are running at that moment (a command in a different order, an activity added or removed
without ``workflow.patched``). Files are written only when ``REGENERATE_HISTORIES=1``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from tests.stubs import _quiet
from worker import WORKFLOWS

HISTORIES = Path(__file__).parent / "histories"
REGENERATING = os.environ.get("REGENERATE_HISTORIES") == "1"
# Failures carry Python tracebacks, i.e. where this checkout lives; replay never reads them.
_ROOT = str(Path(__file__).resolve().parents[2])


def replayer() -> Replayer:
    """The worker's own workflow set and data converter, as production replays them."""
    return Replayer(workflows=list(WORKFLOWS), data_converter=pydantic_data_converter)


def load(path: Path) -> WorkflowHistory:
    return WorkflowHistory.from_json(path.stem, path.read_text())


def workflow_type(history: WorkflowHistory) -> str:
    started = history.events[0].workflow_execution_started_event_attributes
    return started.workflow_type.name


def histories_of(*types: str) -> list[Path]:
    """Every committed history whose workflow type is one of ``types``."""
    return [p for p in sorted(HISTORIES.glob("*.json")) if workflow_type(load(p)) in types]


async def record(client: Client, workflow_id: str, name: str, *, run_id: str | None = None) -> None:
    """Fetch a run's history (waiting until no task of it is in flight), check that it replays,
    and keep it as ``histories/<name>.json`` without stack traces."""
    handle = client.get_workflow_handle(workflow_id, run_id=run_id)
    await _quiet(handle)
    history = await handle.fetch_history()
    raw = json.loads(history.to_json())
    _drop_stack_traces(raw)
    text = json.dumps(raw, indent=2) + "\n"
    leaked = [s for s in _strings(raw) if _ROOT in s]
    assert not leaked, f"{name}: a path of this machine would be committed: {leaked[:1]}"
    scrubbed = WorkflowHistory.from_json(workflow_id, text)
    await replayer().replay_workflow(scrubbed)
    HISTORIES.mkdir(exist_ok=True)
    (HISTORIES / f"{name}.json").write_text(text)


def _drop_stack_traces(node: Any) -> None:
    if isinstance(node, dict):
        node.pop("stackTrace", None)
        for value in node.values():
            _drop_stack_traces(value)
    elif isinstance(node, list):
        for value in node:
            _drop_stack_traces(value)


def _strings(node: Any) -> Iterator[str]:
    """Every string of the history, payload data decoded (payloads are base64 in JSON)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "data" and isinstance(value, str):
                yield value
                with contextlib.suppress(binascii.Error, ValueError):
                    yield base64.b64decode(value, validate=True).decode(errors="replace")
            else:
                yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


def exercised(history: WorkflowHistory) -> set[str]:
    """What a run did, in words a reader of the workflow's code recognises: ``activity:<name>``,
    ``child:<workflow>``, ``signal:<name>``, ``update:<name>``, ``timer``,
    ``signal-external:<name>``, ``cancel-external``, ``activity-retried``, ``activity-failed``,
    ``continued-as-new``, ``completed``."""
    seen: set[str] = set()
    for event in history.events:
        kind = event.event_type
        if kind == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            name = event.activity_task_scheduled_event_attributes.activity_type.name
            seen.add(f"activity:{name}")
        elif kind == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
            if event.activity_task_started_event_attributes.attempt > 1:
                seen.add("activity-retried")
        elif kind == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
            name = (
                event.start_child_workflow_execution_initiated_event_attributes.workflow_type.name
            )
            seen.add(f"child:{name}")
        elif kind == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
            seen.add(f"signal:{event.workflow_execution_signaled_event_attributes.signal_name}")
        elif kind == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
            request = event.workflow_execution_update_accepted_event_attributes.accepted_request
            seen.add(f"update:{request.input.name}")
        elif kind == EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
            attrs = event.signal_external_workflow_execution_initiated_event_attributes
            seen.add(f"signal-external:{attrs.signal_name}")
        else:
            seen.update(_PLAIN.get(kind, ()))
    return seen


_PLAIN: dict[EventType.ValueType, tuple[str, ...]] = {
    EventType.EVENT_TYPE_TIMER_STARTED: ("timer",),
    EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED: ("cancel-external",),
    EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED: ("activity-failed",),
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW: ("continued-as-new",),
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: ("completed",),
}
