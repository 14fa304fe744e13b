"""`auditoryx demo`: the demo label seeded into a new organization (with a link to choose the
owner's dashboard password) or into a given one, once, quickly."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg

REPO_ROOT = Path(__file__).resolve().parents[2]


def run_cli(database_url: str, cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    drop = {"DATABASE_URL", "MIGRATIONS_DATABASE_URL", "ENVIRONMENT", "PYTHONPATH", "SMTP_HOST"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    return subprocess.run(
        [sys.executable, "-m", "cli", *argv],
        cwd=cwd,
        env={**env, "PYTHONPATH": str(REPO_ROOT), "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _counts(owner_conninfo: str, org_id: str) -> dict[str, int]:
    with psycopg.connect(owner_conninfo) as conn:
        return {
            table: conn.execute(
                f"SELECT count(*) FROM {table} WHERE organization_id = %s",
                (org_id,),
            ).fetchone()[0]
            for table in ("artists", "creators", "rooms", "clients", "bookings", "projects")
        } | {
            "pending": conn.execute(
                "SELECT count(*) FROM approval_requests WHERE organization_id = %s "
                "AND status = 'pending'",
                (org_id,),
            ).fetchone()[0],
            "completed": conn.execute(
                "SELECT count(*) FROM bookings WHERE organization_id = %s AND status = 'completed'",
                (org_id,),
            ).fetchone()[0],
            "upcoming": conn.execute(
                "SELECT count(*) FROM bookings WHERE organization_id = %s "
                "AND status = 'confirmed' AND lower(period) > now()",
                (org_id,),
            ).fetchone()[0],
            "revenue_months": conn.execute(
                "SELECT count(DISTINCT period) FROM revenue_monthly WHERE organization_id = %s",
                (org_id,),
            ).fetchone()[0],
        }


async def test_demo_creates_a_seeded_organization_with_a_sign_in_link(
    clean_db, database_url, owner_conninfo, tmp_path
):
    # Quickly: a seed slower than run_cli's timeout (120 s) fails there.
    result = await asyncio.to_thread(run_cli, database_url, tmp_path, "demo")

    assert result.returncode == 0, result.stderr
    org_id = re.search(r"seeded into (org_\w+)", result.stdout).group(1)  # type: ignore[union-attr]
    assert re.search(r"/dashboard/password/\w+", result.stdout)
    assert "ax_live_" in result.stdout
    counts = _counts(owner_conninfo, org_id)
    assert counts["artists"] == 10 and counts["creators"] == 12 and counts["rooms"] == 4
    assert counts["clients"] == 5 and counts["projects"] == 2 and counts["pending"] == 4
    assert counts["completed"] > 500 and counts["upcoming"] > 50
    assert counts["revenue_months"] == 12


async def test_demo_into_a_given_organization_refuses_a_second_seed(
    org_a, database_url, owner_conninfo, tmp_path
):
    first = await asyncio.to_thread(run_cli, database_url, tmp_path, "demo", "--org", org_a.id)
    assert first.returncode == 0, first.stderr
    before = _counts(owner_conninfo, org_a.id)

    second = await asyncio.to_thread(run_cli, database_url, tmp_path, "demo", "--org", org_a.id)

    assert second.returncode == 2
    assert "demo label already" in second.stderr
    assert _counts(owner_conninfo, org_a.id) == before
    unknown = await asyncio.to_thread(
        run_cli, database_url, tmp_path, "demo", "--org", "org_0000000000000000000000000a"
    )
    assert unknown.returncode == 2 and "no organization" in unknown.stderr
