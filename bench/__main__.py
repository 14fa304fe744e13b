"""Run every benchmark and print a Markdown report (paste it into docs/BENCHMARKS.md).

python -m bench              # all
python -m bench bookings     # one suite
"""

from __future__ import annotations

import asyncio
import os
import platform
import sys
from datetime import UTC, datetime

from bench import (
    analytics,
    app_start,
    approvals,
    audit,
    bookings,
    bulk,
    codec,
    conflicts,
    dashboard,
    observability,
    planner,
    rate_limits,
    relocation,
    usage,
    webhooks,
)

SUITES = {
    "bookings": bookings.run,
    "conflicts": conflicts.run,
    "planner": planner.run,
    "bulk": bulk.run,
    "analytics": analytics.run,
    "dashboard": dashboard.run,
    "webhooks": webhooks.run,
    "rate_limits": rate_limits.run,
    "audit": audit.run,
    "usage": usage.run,
    "observability": observability.run,
    "approvals": approvals.run,
    "codec": codec.run,
    "app_start": app_start.run,
    "relocation": relocation.run,
}


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"
    )


async def main(names: list[str]) -> None:
    print(f"# Benchmarks — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {machine()}\n")
    for name in names or list(SUITES):
        await SUITES[name]()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
    sys.stdout.flush()
    # The embedded servers are stopped by the suites; skip interpreter teardown of SDK threads.
    os._exit(0)
