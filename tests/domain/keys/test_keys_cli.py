"""`auditoryx keys list|rotate|destroy`: the operator's commands over an organization's keys,
run as the real command line against the test database."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.contrib.pydantic import pydantic_data_converter

from core.config import Settings
from core.crypto import DecryptionError
from core.payload_codec import OrganizationPayloadCodec, PayloadKeyUnavailable
from domain.keys.keyring import OrganizationKeyring
from domain.keys.store import KeyStore
from tests.support.harness import Tenant

REPO_ROOT = Path(__file__).resolve().parents[3]


def keys_command(
    database_url: str, cwd: Path, *argv: str, **settings: str
) -> subprocess.CompletedProcess[str]:
    settings_vars = {"DATABASE_URL", "MIGRATIONS_DATABASE_URL", "ENVIRONMENT", "PYTHONPATH"}
    env = {k: v for k, v in os.environ.items() if k not in settings_vars | set(settings)}
    return subprocess.run(
        [sys.executable, "-m", "cli", "keys", *argv],
        cwd=cwd,  # no developer .env can leak in
        env={**env, "PYTHONPATH": str(REPO_ROOT), "DATABASE_URL": database_url, **settings},
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_an_operator_rotates_lists_and_destroys_an_organizations_keys(
    org_a: Tenant,
    database_url: str,
    tmp_path: Path,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
) -> None:
    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return keys_command(database_url, tmp_path, *argv)

    listed = await asyncio.to_thread(run, "list", org_a.id)
    assert listed.returncode == 0 and "no payload key yet" in listed.stdout

    keys = OrganizationKeyring.from_settings(settings, sessionmaker, keystore)
    sealed = await OrganizationPayloadCodec(keys, org_a.id).encode(
        pydantic_data_converter.payload_converter.to_payloads(["before rotation"])
    )
    rotated = await asyncio.to_thread(run, "rotate", org_a.id)
    assert rotated.returncode == 0, rotated.stderr
    assert "(version 2)" in rotated.stdout

    listed = await asyncio.to_thread(run, "list", org_a.id)
    lines = listed.stdout.splitlines()
    assert [line.split()[2:4] for line in lines] == [["2", "current"], ["1", "active"]]
    assert "wrapped" not in listed.stdout

    refused = await asyncio.to_thread(run, "destroy", org_a.id)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    destroyed = await asyncio.to_thread(run, "destroy", org_a.id, "--yes")
    assert destroyed.returncode == 0 and "versions 1, 2" in destroyed.stdout
    again = await asyncio.to_thread(run, "destroy", org_a.id, "--yes")
    assert again.returncode == 2 and "no live key" in again.stderr
    listed = await asyncio.to_thread(run, "list", org_a.id)
    assert listed.stdout.count("destroyed") == 2 * 2  # the state and its time, per version
    with pytest.raises(PayloadKeyUnavailable, match="was destroyed"):
        await OrganizationPayloadCodec(
            OrganizationKeyring.from_settings(settings, sessionmaker, keystore)
        ).decode(sealed)


async def test_after_a_master_key_rotation_rewrap_frees_the_old_secret(
    org_a: Tenant,
    org_b: Tenant,
    database_url: str,
    tmp_path: Path,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
) -> None:
    sealed = {}
    for tenant in (org_a, org_b):
        codec = OrganizationPayloadCodec(
            OrganizationKeyring.from_settings(settings, sessionmaker, keystore), tenant.id
        )
        sealed[tenant.id] = await codec.encode(
            pydantic_data_converter.payload_converter.to_payloads([f"take of {tenant.id}"])
        )
    new_secret = "a-new-master-secret-for-the-rotation-0123456789"
    only_new = settings.model_copy(update={"secret_key": new_secret})
    with pytest.raises(DecryptionError):  # before: the new secret alone opens nothing
        await OrganizationPayloadCodec(
            OrganizationKeyring.from_settings(only_new, sessionmaker, keystore)
        ).decode(sealed[org_a.id])

    done = await asyncio.to_thread(
        keys_command,
        database_url,
        tmp_path,
        "rewrap",
        SECRET_KEY=new_secret,
        PREVIOUS_SECRET_KEYS=json.dumps([settings.secret_key]),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("2 organization keys re-wrapped")

    keys = OrganizationKeyring.from_settings(only_new, sessionmaker, keystore)
    for tenant in (org_a, org_b):
        [opened] = await OrganizationPayloadCodec(keys).decode(sealed[tenant.id])
        assert pydantic_data_converter.payload_converter.from_payload(opened) == (
            f"take of {tenant.id}"
        )
