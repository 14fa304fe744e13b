"""Running ``auditoryx`` commands the way an operator does: a process of its own against a
test database, with no developer ``.env`` or settings of this process leaking in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
_SETTINGS_VARS = {"DATABASE_URL", "MIGRATIONS_DATABASE_URL", "ENVIRONMENT", "PYTHONPATH"}


def run_cli(
    database_url: str, cwd: Path, *argv: str, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``auditoryx *argv`` on ``database_url`` (and ``extra_env``, e.g. ``PLACEMENTS``), run
    in ``cwd``; its output captured."""
    env = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARS | {"PLACEMENTS"}}
    return subprocess.run(
        [sys.executable, "-m", "cli", *argv],
        cwd=cwd,  # no developer .env can leak in
        env={
            **env,
            "PYTHONPATH": str(REPO_ROOT),
            "DATABASE_URL": database_url,
            **(extra_env or {}),
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
