"""Schema changes are safe with the previous release still running (expand, then contract).

During a rollout the previous release's API and workers run against the schema the new
release migrated; a migration that drops or renames what their models map breaks them. The
first test is the check itself over ``migrations/versions``; the others show what it catches
and what it lets through, on migrations written for the occasion.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from migrations.manifest import MANIFESTS, load_manifests, sql_removals, violations
from tests.support.histories import current_release, release_folders


def test_no_migration_since_the_previous_release_drops_what_its_models_map() -> None:
    assert violations(current=current_release()) == []


def test_every_release_with_recorded_histories_has_its_schema_manifest() -> None:
    """``make histories`` writes both; a release with one and not the other was half done."""
    manifests = {m.release for m in load_manifests(MANIFESTS)}
    assert {folder.name for folder in release_folders()} == manifests


# --- what the check catches -----------------------------------------------------------------


PREVIOUS = {"bookings": ["id", "note", "starts_at"], "old_table": ["id"], "rooms": ["id"]}


@pytest.fixture
def repo(tmp_path: Path):
    """A ``versions`` folder and a manifest of release 0.1.0 (which shipped revision 0001);
    ``add(body)`` writes migration 0002 with ``body`` at module level."""
    versions, manifests = tmp_path / "versions", tmp_path / "manifests"
    versions.mkdir()
    manifests.mkdir()
    (manifests / "0.1.0.json").write_text(
        json.dumps({"release": "0.1.0", "revisions": ["0001"], "tables": PREVIOUS})
    )
    (versions / "0001_first.py").write_text(
        'revision = "0001"\n\ndef upgrade():\n    op.drop_column("bookings", "note")\n'
    )

    def add(body: str, revision: str = "0002") -> list[str]:
        source = f'revision = "{revision}"\nTABLE = "bookings"\n\n' + textwrap.dedent(body)
        (versions / f"{revision}_change.py").write_text(source)
        return violations(versions, manifests, current="0.2.0")

    return add


UPGRADE_DROPS_NOTE = """
def upgrade():
    op.drop_column(TABLE, "note")
"""


@pytest.mark.parametrize(
    ("body", "removed"),
    [
        (UPGRADE_DROPS_NOTE, "bookings.note"),
        (
            'def upgrade():\n    op.alter_column("bookings", "note", new_column_name="notes")\n',
            "bookings.note",
        ),
        ('def upgrade():\n    op.drop_table("old_table")\n', "old_table"),
        ('def upgrade():\n    op.rename_table("old_table", "new_table")\n', "old_table"),
        (
            'def upgrade():\n    op.execute("ALTER TABLE bookings RENAME COLUMN note TO notes")\n',
            "bookings.note",
        ),
        (
            "def upgrade():\n    op.execute(\n"
            "        'ALTER TABLE ONLY \"bookings\" ADD COLUMN x int, DROP COLUMN IF EXISTS note'\n"
            "    )\n",
            "bookings.note",
        ),
        ('def upgrade():\n    op.execute("DROP TABLE IF EXISTS rooms, old_table")\n', "rooms"),
    ],
    ids=[
        "drop_column",
        "alter_column",
        "drop_table",
        "rename_table",
        "sql rename",
        "sql drop",
        "sql drop table",
    ],
)
def test_a_drop_or_rename_of_a_mapped_name_fails_the_check(repo, body: str, removed: str) -> None:
    found = repo(body)
    assert len([v for v in found if removed in v]) == 1, found
    assert "0002_change.py" in found[0]


def test_a_declared_contract_of_an_earlier_release_may_drop_it(repo) -> None:
    contract = 'CONTRACT_OF = "0.1.0"\nCONTRACTS = ["bookings.note"]\n' + UPGRADE_DROPS_NOTE
    assert repo(contract) == []


def test_a_contract_must_name_an_earlier_release(repo) -> None:
    """Expand and contract in one release is the one-step change the check exists to stop."""
    same = 'CONTRACT_OF = "0.2.0"\nCONTRACTS = ["bookings.note"]\n' + UPGRADE_DROPS_NOTE
    [found] = repo(same)
    assert "CONTRACT_OF must name an earlier release" in found


def test_a_contract_covers_only_what_it_names(repo) -> None:
    body = (
        'CONTRACT_OF = "0.1.0"\nCONTRACTS = ["bookings.note"]\n\ndef upgrade():\n'
        '    op.drop_column("bookings", "note")\n    op.drop_column("bookings", "starts_at")\n'
    )
    [found] = repo(body)
    assert "bookings.starts_at" in found


@pytest.mark.parametrize(
    "body",
    [
        # the previous release no longer maps it: its expand step already happened
        'def upgrade():\n    op.drop_column("bookings", "legacy")\n',
        # additive changes
        'def upgrade():\n    op.add_column("bookings", sa.Column("notes", sa.Text()))\n',
        'def upgrade():\n    op.execute("ALTER TABLE bookings DROP CONSTRAINT ck_x, '
        'ALTER COLUMN note DROP DEFAULT")\n',
        # a downgrade undoes this release's own expand
        "def upgrade():\n    pass\n\ndef downgrade():\n    op.drop_column('bookings', 'note')\n",
    ],
    ids=["unmapped", "add", "constraint", "downgrade"],
)
def test_what_the_previous_release_does_not_depend_on_passes(repo, body: str) -> None:
    assert repo(body) == []


def test_migrations_the_previous_release_shipped_are_not_checked_again(repo) -> None:
    """0001 of the fixture drops a mapped column, but 0.1.0 shipped it: it is history."""
    assert repo("def upgrade():\n    pass\n") == []


def test_sql_removals_read_every_form() -> None:
    sql = (
        "ALTER TABLE public.a DROP COLUMN b; ALTER TABLE c RENAME TO d;"
        'DROP TABLE "e"; ALTER TABLE f RENAME g TO h; ALTER TABLE i DROP j'
    )
    assert sorted(sql_removals(sql)) == ["a.b", "c", "e", "f.g", "i.j"]
