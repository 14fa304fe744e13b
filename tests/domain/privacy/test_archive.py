"""An export's entity is written in batches that continue by primary key (single and
composite), each batch heard by the heartbeat, and the files hold every row once."""

from __future__ import annotations

import csv
import io
import json

import psycopg
from sqlalchemy import select

from core.db import tenant_session
from domain.audit.service import Actor
from domain.keys.sealed import Sealing
from domain.privacy import archive, exports
from domain.privacy.catalog import Subject
from domain.privacy.models import DataExportFile


async def _written(sessionmaker, org_id: str, export_id: str, entity: str) -> tuple[list, list]:
    async with tenant_session(sessionmaker, [org_id]) as session:
        chunks = {
            name: b"".join(
                (
                    await session.execute(
                        select(DataExportFile.data)
                        .where(DataExportFile.export_id == export_id, DataExportFile.name == name)
                        .order_by(DataExportFile.seq)
                    )
                ).scalars()
            )
            for name in (f"{entity}.json", f"{entity}.csv")
        }
    as_csv = list(csv.DictReader(io.StringIO(chunks[f"{entity}.csv"].decode())))
    return json.loads(chunks[f"{entity}.json"]), as_csv


async def test_batches_continue_by_single_and_composite_keys(
    api, org_a, org_b, sessionmaker, owner_conninfo
):
    for n in range(5):
        r = await api.post("/v1/artists", json={"name": f"Artist {n}"}, headers=org_a.headers)
        assert r.status_code == 201
    with psycopg.connect(owner_conninfo) as conn:
        for org in (org_a.id, org_b.id):
            for n in range(5):
                conn.execute(
                    "INSERT INTO notifications_sent (organization_id, key, kind, subject_id, "
                    "recipient, due_at, sent_at) VALUES (%s, %s, 'reminder', 'bkg_x', 'r', "
                    "now(), now())",
                    (org, f"key-{n}"),
                )
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        export = await exports.request_export(
            session,
            organization_id=org_a.id,
            scope="organization",
            kind=None,
            subject_id=None,
            actor=Actor.system("test"),
        )
    for entity, key in (("artists", "id"), ("notifications_sent", "key")):
        heard: list[int] = []
        async with tenant_session(sessionmaker, [org_a.id]) as session:
            entry = await archive.write_entity(
                session,
                export_id=export.id,
                subject=Subject(org_a.id),
                entity=entity,
                sealing=Sealing.configured(sessionmaker),
                on_batch=heard.append,
                batch_rows=2,
            )
        assert entry["count"] == 5 and heard == [2, 4, 5], entity
        as_json, as_csv = await _written(sessionmaker, org_a.id, export.id, entity)
        assert len({row[key] for row in as_json}) == 5 == len(as_json), entity
        assert [row[key] for row in as_csv] == [row[key] for row in as_json], entity
        assert {row["organization_id"] for row in as_json} == {org_a.id}
