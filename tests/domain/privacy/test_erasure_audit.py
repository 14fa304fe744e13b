"""The audit chain after an erasure: the redacted records verify, and the redaction cannot be
used to hide an edit (ADR 0034).

A redacted record commits to its original changes through a salted digest whose salt the
erasure forgets, so nobody can confirm a guess of what the record held; it is accepted only
if it names an erasure whose completion is in the log. Editing anything else of it, or
"redacting" a record without an erasure, is reported as a break. The app role cannot redact
another organization's records, nor redact outside ``audit_redact``.
"""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
import pytest
from sqlalchemy import text

from core.db import tenant_session
from domain.audit.sealer import seal_pending
from domain.audit.service import Actor, verify_chain
from domain.keys.sealed import Sealing
from domain.privacy import erasure

ACTOR = Actor(type="user", id="mem_test")


async def verify(sessionmaker, org_id: str):
    await seal_pending(sessionmaker, org_id)
    async with tenant_session(sessionmaker, [org_id]) as session:
        return await verify_chain(session, org_id)


async def erased_client(api, org, sessionmaker) -> tuple[str, str]:
    """A client named in an audit record (created; the update's record holds only the sealed
    phone's digest) and in another client's (sealed) notes, erased; its id and the
    erasure's."""
    r = await api.post(
        "/v1/clients", json={"name": "Griselda Fairweather-Voss"}, headers=org.headers
    )
    client_id = r.json()["id"]
    r = await api.patch(
        f"/v1/clients/{client_id}", json={"phone": "+31 20 555 0199"}, headers=org.headers
    )
    assert r.status_code == 200
    r = await api.post(
        "/v1/clients",
        json={"name": "Other", "notes": "referred by Griselda Fairweather-Voss"},
        headers=org.headers,
    )
    assert r.status_code == 201
    assert (await verify(sessionmaker, org.id)).ok
    async with tenant_session(sessionmaker, [org.id]) as session:
        ers, created = await erasure.request_erasure(
            session, organization_id=org.id, kind="client", subject_id=client_id, actor=ACTOR
        )
        assert created
    sealing = Sealing.configured(sessionmaker)
    async with tenant_session(sessionmaker, [org.id]) as session:
        prepared = await erasure.prepare(session, sealing, ers.id)
    assert prepared is not None
    destroyed = await erasure.destroy_key(sealing.store, prepared)
    async with tenant_session(sessionmaker, [org.id]) as session:
        counts = await erasure.erase(
            session, ers.id, now=datetime.now(UTC), sealing=sealing, key_destroyed=destroyed
        )
    await sealing.store.dispose()
    # The phone and the other client's notes are sealed, so no audit record holds them; the
    # erasure looked inside the notes and replaced the name.
    assert counts["audit_events_redacted"] == 1
    assert counts["clients"] == 1  # the other client's notes
    return client_id, ers.id


def tampering(owner_conninfo: str, sql: str, *args: object) -> None:
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
        try:
            conn.execute(sql, args)
        finally:
            conn.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")


async def test_redacted_records_verify_and_hold_no_trace_of_the_person(
    api, org_a, sessionmaker, owner_conninfo
) -> None:
    await erased_client(api, org_a, sessionmaker)
    report = await verify(sessionmaker, org_a.id)
    assert report.ok, report
    with psycopg.connect(owner_conninfo) as conn:
        rows = conn.execute(
            "SELECT changes::text, changes_salt, changes_digest FROM audit_events "
            "WHERE redacted_by IS NOT NULL"
        ).fetchall()
    assert len(rows) == 1  # the creation; the rest held sealed values only
    for changes, salt, digest in rows:
        assert "Griselda" not in changes and "555 0199" not in changes
        assert "[erased]" in changes
        assert salt is None and digest is not None


async def test_an_edit_hidden_as_a_redaction_is_a_break(
    api, org_a, sessionmaker, owner_conninfo
) -> None:
    _, erasure_id = await erased_client(api, org_a, sessionmaker)
    # A record the erasure did not redact, "redacted" after the fact under its name: the
    # erasure's own sealed record does not list it.
    tampering(
        owner_conninfo,
        "UPDATE audit_events SET changes = '{}'::jsonb, changes_salt = NULL, "
        "redacted_at = now(), redacted_by = %s "
        "WHERE id = (SELECT id FROM audit_events WHERE redacted_by IS NULL "
        "AND action NOT LIKE 'erasure.%%' ORDER BY seq LIMIT 1)",
        erasure_id,
    )
    report = await verify(sessionmaker, org_a.id)
    assert not report.ok and "edited" in (report.reason or "")


async def test_a_redacted_record_is_still_covered_but_for_its_changes(
    api, org_a, sessionmaker, owner_conninfo
) -> None:
    client_id, _ = await erased_client(api, org_a, sessionmaker)
    tampering(
        owner_conninfo,
        "UPDATE audit_events SET target_id = 'cli_someone_else' WHERE redacted_by IS NOT NULL "
        "AND target_id = %s",
        client_id,
    )
    report = await verify(sessionmaker, org_a.id)
    assert not report.ok and "edited" in (report.reason or "")


async def test_a_redaction_naming_no_erasure_is_a_break(
    api, org_a, sessionmaker, owner_conninfo
) -> None:
    await erased_client(api, org_a, sessionmaker)
    tampering(
        owner_conninfo,
        "UPDATE audit_events SET changes = '{}'::jsonb, changes_salt = NULL, "
        "redacted_at = now(), redacted_by = 'ers_made_up' "
        "WHERE id = (SELECT id FROM audit_events WHERE redacted_by IS NULL ORDER BY seq LIMIT 1)",
    )
    report = await verify(sessionmaker, org_a.id)
    assert not report.ok and "edited" in (report.reason or "")


async def test_the_app_role_cannot_redact_outside_an_erasure_or_another_organizations_log(
    org_a, org_b, sessionmaker
) -> None:
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        with pytest.raises(Exception, match="not this transaction"):
            await session.execute(
                text("SELECT audit_redact(:org, 'ers_x', ARRAY['Northstar'], '[erased]')"),
                {"org": org_b.id},
            )
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        with pytest.raises(Exception, match=r"permission denied|append-only"):
            await session.execute(
                text("UPDATE audit_events SET changes = '{}'::jsonb WHERE organization_id = :o"),
                {"o": org_a.id},
            )
