"""Relocating an organization's open workflows after a move: one signal after another, against
the groups of ``CONCURRENCY`` that ``relocate_running`` sends (workflows/clients/sandbox.py
``each_running``).

On ``temporal server start-dev`` as ``auditoryx dev`` starts it: ``OPEN`` workflows of one
organization, open on a task queue no worker polls (each stays open, as a booking's chain
waiting for its session does), are all signalled once per round; the rounds alternate one at
a time and grouped, in one process. A tenant move's relocation step did the former inside a
2-minute activity with no heartbeat.

    python -m bench relocation
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import uuid

from temporalio.client import Client

from bench.approvals import dev_server
from workflows.clients.relocation import Relocation, relocate_running
from workflows.clients.sandbox import CONCURRENCY, running_of
from workflows.relocation import RELOCATE_SIGNAL

OPEN = 400
ROUNDS = 3


async def _one_at_a_time(client: Client, organization_id: str, relocation: Relocation) -> int:
    """What the relocation step did before: list, then signal each and wait for it."""
    signalled = 0
    async for execution in client.list_workflows(running_of(organization_id)):
        await client.get_workflow_handle(execution.id).signal(RELOCATE_SIGNAL, relocation)
        signalled += 1
    return signalled


def _server_cpu_seconds() -> float:
    """CPU time (user + system) of this process's ``temporal`` children: the dev server."""
    ticks = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        if name == "temporal" and int(fields[1]) == os.getpid():
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


async def run() -> None:
    async with dev_server() as client:
        organization_id = f"org_bench{uuid.uuid4().hex[:8]}"
        idle = f"idle-{uuid.uuid4().hex[:8]}"
        for i in range(OPEN):
            await client.start_workflow(
                "NoSuchWorkflow", id=f"{organization_id}:wait:{i}", task_queue=idle
            )
        for _ in range(600):  # visibility catches up
            if (await client.count_workflows(running_of(organization_id))).count == OPEN:
                break
            await asyncio.sleep(0.1)
        relocation = Relocation(task_queue=f"new-{idle}", region="us")
        sequential: list[float] = []
        grouped: list[float] = []
        cpu: dict[str, list[tuple[float, float]]] = {"one": [], "grouped": []}
        for _ in range(ROUNDS):
            for name, into, relocate in (
                ("one", sequential, _one_at_a_time(client, organization_id, relocation)),
                ("grouped", grouped, relocate_running(client, [organization_id], relocation)),
            ):
                started = time.perf_counter()
                server, own = _server_cpu_seconds(), time.process_time()
                assert await relocate == OPEN
                into.append(OPEN / (time.perf_counter() - started))
                cpu[name].append((_server_cpu_seconds() - server, time.process_time() - own))
    one, many = statistics.median(sequential), statistics.median(grouped)
    print(f"## Relocating {OPEN} open workflows of one organization (dev server)\n")

    def per_signal(name: str, which: int) -> float:
        return statistics.median(pair[which] for pair in cpu[name]) / OPEN * 1000

    print(
        "| signals | median workflows/s | best workflows/s "
        "| server CPU ms/signal | client CPU ms/signal |"
    )
    print("|---|---|---|---|---|")
    for label, name, rates in (
        ("one at a time", "one", sequential),
        (f"groups of {CONCURRENCY}", "grouped", grouped),
    ):
        print(
            f"| {label} | {statistics.median(rates):.0f} | {max(rates):.0f} "
            f"| {per_signal(name, 0):.2f} | {per_signal(name, 1):.2f} |"
        )
    print(f"\ngrouped / one at a time: {many / one:.1f} times\n")
