"""What an export contains, read off the models (``domain/all_models.py``): every table an
organization owns, minus credentials and bookkeeping, and for one person every row that
names them or belongs to them.

A person's rows are found through the schema, not a hand-kept list: the subject's own row,
every row with a foreign key to it, every column named after the subject's kind
(``member_id``, ``delegate_member_id``), the e-mail sent to their address, and the audit
entries about them (or, for a member, by them). A new model is exported without a change here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Column, ColumnElement, LargeBinary, Select, Table, any_, false, or_, select

from domain import all_models  # noqa: F401 - every table registered on the metadata
from domain.base import Base
from domain.resources.models import Client, Creator
from domain.roster.models import Artist

SubjectKind = Literal["artist", "creator", "member", "client"]
SUBJECT_TABLES: dict[str, str] = {
    "artist": "artists",
    "creator": "creators",
    "member": "members",
    "client": "clients",
}
# The kinds of person whose rows carry fields sealed with their own key
# (domain/keys/sealed.py), by the model that names them.
SealedModel = type[Client] | type[Creator] | type[Artist]
SEALED_MODELS: dict[str, SealedModel] = {"client": Client, "creator": Creator, "artist": Artist}
ORGANIZATION_ENTITY = "organizations"
AUDIT_ENTITY = "audit_events"

# Credentials, sessions and bookkeeping: never exported (they name no one, or they are keys).
EXCLUDED_TABLES = frozenset(
    {
        "audit_chain_heads",
        "dashboard_sessions",
        "data_export_files",
        "data_exports",
        "health_probes",
        "idempotency_keys",
        "member_credentials",
        "password_tokens",
        "rate_limit_buckets",
        "sign_in_failures",
    }
)
# Columns that are secrets or routing credentials, besides every binary column (hashes of
# tokens, encrypted credentials).
EXCLUDED_COLUMNS = frozenset({"csrf_secret", "password_hash", "database_url", "search"})


@dataclass(frozen=True, slots=True)
class Subject:
    """Whose data an export holds: the whole organization (``kind`` None) or one person."""

    organization_id: str
    kind: str | None = None
    id: str | None = None
    email: str | None = None


def table(entity: str) -> Table:
    return Base.metadata.tables[entity]


def exported_columns(entity: str) -> list[Column[object]]:
    return [
        c
        for c in table(entity).columns
        if not isinstance(c.type, LargeBinary) and c.name not in EXCLUDED_COLUMNS
    ]


def tenant_entities() -> list[str]:
    """Every exported table an organization owns, in dependency order."""
    return [
        t.name
        for t in Base.metadata.sorted_tables
        if "organization_id" in t.c and t.name not in EXCLUDED_TABLES
    ]


def _person_filter(entity: str, subject: Subject) -> ColumnElement[bool] | None:
    """What makes a row of ``entity`` the subject's, or ``None`` when the table cannot name
    them."""
    assert subject.kind is not None and subject.id is not None
    t = table(entity)
    own = SUBJECT_TABLES[subject.kind]
    conditions: list[ColumnElement[bool]] = []
    if entity == own:
        conditions.append(t.c.id == subject.id)
    if entity == AUDIT_ENTITY:
        conditions.append(t.c.target_id == subject.id)
        if subject.kind == "member":
            conditions.append(t.c.actor_id == subject.id)
    for column in t.columns:
        if column.name == "organization_id":
            continue
        points_at_subject = any(fk.column.table.name == own for fk in column.foreign_keys)
        named_after = column.name == f"{subject.kind}_id" or column.name.endswith(
            f"_{subject.kind}_id"
        )
        if points_at_subject or named_after:
            conditions.append(column == subject.id)
    if subject.email and entity in ("email_outbox", "sandbox_emails"):
        if entity == "email_outbox":
            conditions.append(t.c.to_address == subject.email)
        else:
            conditions.append(any_(t.c.recipients) == subject.email)
    if not conditions:
        return None
    return or_(*conditions)


def plan(subject: Subject) -> list[str]:
    """The entities of an export, in the order they are written."""
    if subject.kind is None:
        return [ORGANIZATION_ENTITY, *tenant_entities()]
    return [e for e in tenant_entities() if _person_filter(e, subject) is not None]


def rows_query(entity: str, subject: Subject) -> Select[Any]:
    """The subject's rows of ``entity`` (exported columns), ordered by primary key so a batch
    continues where the previous one stopped."""
    t = table(entity)
    # A person's sealed fields, and an event's sealed copy of them, come along, to be exported
    # opened (domain/privacy/archive.py).
    sealed = [
        c
        for c in t.columns
        if c.info.get("sealed") and (c.name.endswith("_sealed") or c.name == "sealed_data")
    ]
    stmt: Select[Any] = select(*exported_columns(entity), *sealed)  # type: ignore[assignment]
    if entity == ORGANIZATION_ENTITY:
        stmt = stmt.where(t.c.id == subject.organization_id)
    else:
        stmt = stmt.where(t.c.organization_id == subject.organization_id)
    if subject.kind is not None:
        condition = _person_filter(entity, subject)
        stmt = stmt.where(condition if condition is not None else false())
    return stmt.order_by(*t.primary_key.columns)
