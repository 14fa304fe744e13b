"""Schema changes in two steps: what each release maps, and which migrations would break it.

During a rollout the previous release's API and workers still run against the database the new
release migrated. A migration that drops or renames a table or column those processes still
map breaks them mid-rollout. So a removal takes two releases (docs/adr/0025): the *expand*
release stops using the column (its models no longer map it, or map its replacement too), and
the *contract* migration of a later release drops it and says so at module level::

    CONTRACT_OF = "0.3.0"                      # the release that expanded
    CONTRACTS = ["bookings.legacy_note", "old_table"]

``manifests/<release>.json`` records, per release, the tables and columns its models map and
the migrations it shipped (``python -m migrations.manifest``, run by ``make histories``).
:func:`violations` reads every migration that is newer than the previous release's manifest
and reports each table or column that manifest maps and the migration's ``upgrade()`` drops or
renames without declaring it a contract step of an earlier release.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERSIONS = HERE / "versions"
MANIFESTS = HERE / "manifests"

_TABLE = r'"?(\w+)"?'
_ALTER = re.compile(
    rf"ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(?:public\.)?{_TABLE}\s+(.*?)(?:;|$)",
    re.IGNORECASE | re.DOTALL,
)
_DROP_COLUMN = re.compile(rf"DROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?{_TABLE}", re.IGNORECASE)
_RENAME_COLUMN = re.compile(rf"RENAME\s+(?:COLUMN\s+)?{_TABLE}\s+TO\b", re.IGNORECASE)
_RENAME_TABLE = re.compile(r"^\s*RENAME\s+TO\b", re.IGNORECASE)
_DROP_TABLE = re.compile(
    r"DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?((?:(?:public\.)?\"?\w+\"?\s*,\s*)*(?:public\.)?\"?\w+\"?)",
    re.IGNORECASE,
)
# A clause of ALTER TABLE that names no column after DROP: DROP CONSTRAINT x, DROP DEFAULT...
_NOT_COLUMNS = {"constraint", "default", "not", "identity", "expression"}


def release_key(release: str) -> tuple[int, ...]:
    """``"0.10.2"`` sorts after ``"0.9.0"``."""
    return tuple(int(part) for part in re.findall(r"\d+", release))


@dataclass(frozen=True)
class Manifest:
    release: str
    revisions: frozenset[str]
    tables: dict[str, frozenset[str]]

    def maps(self, target: str) -> bool:
        """Whether ``table`` or ``table.column`` is mapped by this release's models."""
        table, _, column = target.partition(".")
        columns = self.tables.get(table)
        return columns is not None and (not column or column in columns)


def load_manifests(folder: Path = MANIFESTS) -> list[Manifest]:
    """Every release's manifest, oldest first."""
    found = []
    for path in folder.glob("*.json") if folder.is_dir() else ():
        raw = json.loads(path.read_text())
        found.append(
            Manifest(
                release=raw["release"],
                revisions=frozenset(raw["revisions"]),
                tables={t: frozenset(cols) for t, cols in raw["tables"].items()},
            )
        )
    return sorted(found, key=lambda m: release_key(m.release))


def baseline(manifests: list[Manifest], current: str) -> Manifest | None:
    """The previous release's manifest: the newest older than ``current`` (or, before a first
    release has a predecessor, the current release's own snapshot)."""
    older = [m for m in manifests if release_key(m.release) < release_key(current)]
    if older:
        return older[-1]
    same = [m for m in manifests if m.release == current]
    return same[-1] if same else None


@dataclass(frozen=True)
class Migration:
    path: Path
    revision: str
    removes: frozenset[str]  # "table" or "table.column", dropped or renamed by upgrade()
    contract_of: str | None
    contracts: frozenset[str]


def read_migration(path: Path) -> Migration:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = _module_constants(tree)
    revision = constants.get("revision")
    contract_of = constants.get("CONTRACT_OF")
    contracts = _string_list(tree, "CONTRACTS", constants)
    upgrade = next(
        (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "upgrade"), None
    )
    removes = frozenset(_removals(upgrade, constants)) if upgrade is not None else frozenset()
    return Migration(
        path=path,
        revision=str(revision) if revision is not None else path.stem,
        removes=removes,
        contract_of=str(contract_of) if contract_of is not None else None,
        contracts=frozenset(contracts),
    )


def violations(
    versions: Path = VERSIONS, manifests: Path = MANIFESTS, *, current: str
) -> list[str]:
    """Every drop or rename of something the previous release maps, by a migration that is not
    a declared contract step of an earlier release; empty when the rollout is safe."""
    known = load_manifests(manifests)
    previous = baseline(known, current)
    if previous is None:
        return [f"no schema manifest for {current} or earlier: run `make histories`"]
    released = {m.release for m in known}
    found: list[str] = []
    for path in sorted(versions.glob("*.py")):
        migration = read_migration(path)
        if migration.revision in previous.revisions:
            continue  # shipped with the previous release (or before)
        name = path.name
        if migration.contracts and (
            migration.contract_of not in released
            or release_key(migration.contract_of or "") >= release_key(current)
        ):
            found.append(
                f"{name}: CONTRACT_OF must name an earlier release with a manifest "
                f"(one of {sorted(released, key=release_key)} before {current}), "
                f"not {migration.contract_of!r}"
            )
            continue
        for target in sorted(migration.removes):
            if previous.maps(target) and target not in migration.contracts:
                found.append(
                    f"{name}: drops or renames {target}, which release {previous.release} still "
                    "maps; expand first (stop using it in this release), contract in the next "
                    "with CONTRACT_OF/CONTRACTS"
                )
    return found


# --- reading a migration ---------------------------------------------------------------------


def _module_constants(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = "string"`` (and annotated) assignments."""
    constants: dict[str, str] = {}
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            for target in targets:
                if isinstance(target, ast.Name):
                    constants[target.id] = value.value
    return constants


def _string_list(tree: ast.Module, name: str, constants: dict[str, str]) -> list[str]:
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
            and isinstance(node.value, ast.List | ast.Tuple)
        ):
            return [s for s in (_string(e, constants) for e in node.value.elts) if s]
    return []


def _string(node: ast.expr | None, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _removals(function: ast.FunctionDef, constants: dict[str, str]) -> Iterator[str]:
    for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
        if not isinstance(call.func, ast.Attribute):
            continue
        method = call.func.attr
        args = [_string(a, constants) for a in call.args]
        keywords = {k.arg: _string(k.value, constants) for k in call.keywords if k.arg}
        table = args[0] if args else keywords.get("table_name")
        if (method == "drop_table" and table) or (method == "rename_table" and table):
            yield table
        elif method == "drop_column" and table and len(args) > 1 and args[1]:
            yield f"{table}.{args[1]}"
        elif method == "alter_column" and table and keywords.get("new_column_name"):
            column = args[1] if len(args) > 1 else keywords.get("column_name")
            if column:
                yield f"{table}.{column}"
        elif method == "execute":
            sql = args[0] if args else None
            if sql is None and call.args and isinstance(call.args[0], ast.JoinedStr):
                sql = "".join(
                    str(v.value) if isinstance(v, ast.Constant) else "x"
                    for v in call.args[0].values
                )
            if sql:
                yield from sql_removals(sql)


def sql_removals(sql: str) -> Iterator[str]:
    """Tables and columns that a piece of SQL drops or renames."""
    for statement in sql.split(";"):
        for match in _DROP_TABLE.finditer(statement):
            for table in match.group(1).split(","):
                yield table.strip().removeprefix("public.").strip('"')
        alter = _ALTER.search(statement)
        if alter is None:
            continue
        table, clauses = alter.group(1), alter.group(2)
        if _RENAME_TABLE.match(clauses):
            yield table
            continue
        for clause in _split_clauses(clauses):
            if (drop := _DROP_COLUMN.match(clause)) and drop.group(1).lower() not in _NOT_COLUMNS:
                yield f"{table}.{drop.group(1)}"
            elif (rename := _RENAME_COLUMN.match(clause)) and rename.group(
                1
            ).lower() != "constraint":
                yield f"{table}.{rename.group(1)}"


def _split_clauses(clauses: str) -> list[str]:
    """The comma-separated actions of one ALTER TABLE, outside parentheses."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in clauses:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


# --- writing a release's manifest --------------------------------------------------------------


def mapped_tables() -> dict[str, list[str]]:
    """Every table the models map, with its columns."""
    import domain.all_models  # noqa: F401 - registers every table on the metadata
    from domain.base import Base

    return {
        name: sorted(column.name for column in table.columns)
        for name, table in sorted(Base.metadata.tables.items())
    }


def write(release: str, folder: Path = MANIFESTS) -> Path:
    """Record what ``release`` maps and which migrations it ships as ``<release>.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    revisions = sorted(read_migration(p).revision for p in VERSIONS.glob("*.py"))
    path = folder / f"{release}.json"
    body = {"release": release, "revisions": revisions, "tables": mapped_tables()}
    path.write_text(json.dumps(body, indent=2, sort_keys=True) + "\n")
    return path


def main() -> None:
    from core.versioning import package_version

    print(write(package_version()))


if __name__ == "__main__":
    main()
