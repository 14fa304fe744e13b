"""The operator commands for dashboard access: `auditoryx member set-password`, `member
password-link` (e-mailed through a real SMTP server, aiosmtpd) and `domain add`."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.support.dashboard import sign_in

REPO_ROOT = Path(__file__).resolve().parents[3]


def run_cli(
    database_url: str, cwd: Path, *argv: str, stdin: str = "", **env_extra: str
) -> subprocess.CompletedProcess[str]:
    drop = {"DATABASE_URL", "MIGRATIONS_DATABASE_URL", "ENVIRONMENT", "PYTHONPATH", "SMTP_HOST"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    return subprocess.run(
        [sys.executable, "-m", "cli", *argv],
        cwd=cwd,
        env={**env, "PYTHONPATH": str(REPO_ROOT), "DATABASE_URL": database_url, **env_extra},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_set_password_then_sign_in(org_a, database_url, tmp_path, browser_for):
    result = await asyncio.to_thread(
        run_cli, database_url, tmp_path,
        "member", "set-password", "--org", org_a.id, "--email", "Owner@Northstar.example",
        "--password-stdin", stdin="a long enough passphrase\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "/dashboard/sign-in" in result.stdout
    browser = await browser_for()
    r = await sign_in(browser, "owner@northstar.example", "a long enough passphrase")
    assert r.status_code == 303

    weak = await asyncio.to_thread(
        run_cli, database_url, tmp_path,
        "member", "set-password", "--org", org_a.id, "--email", "owner@northstar.example",
        "--password-stdin", stdin="short\n",
    )  # fmt: skip
    assert weak.returncode == 2 and "12 to 256 characters" in weak.stderr
    stranger = await asyncio.to_thread(
        run_cli, database_url, tmp_path,
        "member", "set-password", "--org", org_a.id, "--email", "nobody@northstar.example",
        "--password-stdin", stdin="a long enough passphrase\n",
    )  # fmt: skip
    assert stranger.returncode == 2 and "no active member" in stranger.stderr


async def test_password_link_is_mailed_and_works(
    org_a, database_url, tmp_path, smtp_sink, browser_for
):
    sink, port = smtp_sink
    result = await asyncio.to_thread(
        run_cli, database_url, tmp_path,
        "member", "password-link", "--org", org_a.id, "--email", "owner@northstar.example",
        "--base-url", "https://dash.northstar.example",
        SMTP_HOST="127.0.0.1", SMTP_PORT=str(port),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [mail] = sink.messages
    assert mail["To"] == "owner@northstar.example"
    text = mail.get_body(("plain",)).get_content()
    link = re.search(r"https://dash\.northstar\.example(/dashboard/password/\w+)", text)
    assert link and link.group(0) in result.stdout
    browser = await browser_for()
    form = {"password": "chosen from the link", "password_again": "chosen from the link"}
    assert (await browser.post(link.group(1), data=form)).status_code == 200
    assert (await sign_in(browser, "owner@northstar.example", form["password"])).status_code == 303


async def test_domain_add(org_a, org_b, database_url, tmp_path, browser_for):
    ok = await asyncio.to_thread(
        run_cli, database_url, tmp_path,
        "domain", "add", "--org", org_a.id, "--hostname", "Dash.Northstar.Example",
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    browser = await browser_for()
    page = await browser.get("/dashboard/sign-in", headers={"Host": "dash.northstar.example"})
    assert "Sign in to Northstar Records" in page.text
    taken = await asyncio.to_thread(
        run_cli, database_url, tmp_path,
        "domain", "add", "--org", org_b.id, "--hostname", "dash.northstar.example",
    )  # fmt: skip
    assert taken.returncode == 2 and "already in use" in taken.stderr
    bad = await asyncio.to_thread(
        run_cli, database_url, tmp_path, "domain", "add", "--org", org_b.id, "--hostname", "x y"
    )
    assert bad.returncode == 2 and "not a host name" in bad.stderr


async def test_links_name_the_running_dev_stacks_api_port(org_a, database_url, tmp_path):
    # `auditoryx dev --api-port 8123` is running on this data directory.
    data_dir = tmp_path / "dev"
    data_dir.mkdir()
    (data_dir / "stack.json").write_text(
        '{"database_url": "", "api": "http://localhost:8123", "pid": 1}'
    )
    result = await asyncio.to_thread(
        run_cli, database_url, tmp_path,
        "member", "set-password", "--org", org_a.id, "--email", "owner@northstar.example",
        "--password-stdin", stdin="a long enough passphrase\n", DEV_DATA_DIR=str(data_dir),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "http://localhost:8123/dashboard/sign-in" in result.stdout, result.stdout
    link = await asyncio.to_thread(
        run_cli, database_url, tmp_path,
        "member", "password-link", "--org", org_a.id, "--email", "owner@northstar.example",
        DEV_DATA_DIR=str(data_dir),
    )  # fmt: skip
    assert link.returncode == 0, link.stderr
    assert "http://localhost:8123/dashboard/password/" in link.stdout, link.stdout
