"""The layout's rules, checked on the source: dependencies point down and nothing loops.

    core  ←  domain  ←  channels  ←  (activities, relays)        domain  ←  api
    workflows see only temporalio, their own types, the domain's ``*_types`` modules and
    (passed through the sandbox) their activities; integrations see only core.

Every import counts, at module level or inside a function: an import moved into a function to
dodge a loop is still a loop. See docs/architecture.md for the map these rules keep true.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.source import parse

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "core",
    "domain",
    "workflows",
    "activities",
    "integrations",
    "api",
    "relays",
    "channels",
)
SCRIPTS = ("worker", "cli")
OURS = (*PACKAGES, *SCRIPTS)


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module (or the module a name is imported from)
    line: int
    local: bool  # inside a function


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files() -> Iterator[Path]:
    for package in PACKAGES:
        if (ROOT / package).is_dir():
            yield from sorted((ROOT / package).rglob("*.py"))
    for script in SCRIPTS:
        yield ROOT / f"{script}.py"


def resolve(target: str, names: list[str], modules: set[str]) -> list[str]:
    """``from a.b import c``: ``a.b.c`` when that is a module of ours, else ``a.b``."""
    found = [f"{target}.{name}" for name in names if f"{target}.{name}" in modules]
    return found if len(found) == len(names) else [target, *found]


def imports_of(path: Path, modules: set[str]) -> Iterator[Import]:
    source = module_name(path)
    tree = parse(path)
    functions = [
        node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    local_lines = {
        n.lineno
        for function in functions
        for n in ast.walk(function)
        if isinstance(n, ast.Import | ast.ImportFrom)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = resolve(node.module, [alias.name for alias in node.names], modules)
        else:
            continue
        for target in targets:
            if target.split(".")[0] in OURS:
                yield Import(source, target, node.lineno, node.lineno in local_lines)


@pytest.fixture(scope="module")
def graph() -> list[Import]:
    files = list(source_files())
    modules = {module_name(path) for path in files}
    return [edge for path in files for edge in imports_of(path, modules)]


def top(module: str) -> str:
    return module.split(".")[0]


def is_types(module: str) -> bool:
    return module.endswith("_types") or module == "workflows"


def allowed(source: str, target: str) -> bool:
    """Whether ``source`` may import ``target`` (both modules of ours)."""
    layer, other = top(source), top(target)
    if layer == "domain" and is_types(source):
        # Pure message types a workflow shares with the domain import nothing but types.
        return other == "domain" and is_types(target)
    if layer == other and layer != "api":
        return True
    if layer in SCRIPTS:  # composition roots wire everything
        return True
    if layer == "core":
        return False
    if layer == "domain":
        return other == "core"
    if layer == "integrations":
        return other == "core"
    if layer == "workflows":
        # core.workflow_ids is pure string arithmetic: the one spelling of ids, sandbox-safe.
        if target == "core.workflow_ids" or (other == "domain" and is_types(target)):
            return True
        if source.startswith("workflows.clients"):
            return target == "core.temporal"
        return other == "activities"
    if layer in ("activities", "relays"):
        # Channels (Slack, Teams, e-mail notices of approvals) are adapters the approval
        # activities are handed; relays start workflows, so they see only the clients.
        return other in ("core", "domain", "integrations", "channels") or (
            other == "workflows" and (is_types(target) or target.startswith("workflows.clients"))
        )
    if layer == "channels":
        return other in ("core", "domain", "integrations")
    if layer == "api":
        if source.startswith("api.routes.") and target.startswith("api.routes."):
            return False  # no route imports another route
        return other in ("core", "domain", "integrations", "workflows", "api")
    return False


def test_dependencies_point_down(graph: list[Import]) -> None:
    wrong = sorted(
        f"{edge.source}:{edge.line} imports {edge.target}"
        for edge in graph
        if not allowed(edge.source, edge.target)
    )
    assert wrong == []


def test_nothing_imports_the_api_but_the_composition_roots(graph: list[Import]) -> None:
    wrong = sorted(
        f"{edge.source}:{edge.line}"
        for edge in graph
        if top(edge.target) == "api" and top(edge.source) not in ("api", *SCRIPTS)
    )
    assert wrong == []


def test_no_import_hides_in_a_function(graph: list[Import]) -> None:
    """Function-local imports of our own modules are how loops get hidden; the command line
    alone imports lazily (so ``auditoryx --help`` starts fast)."""
    hidden = sorted(
        f"{edge.source}:{edge.line} imports {edge.target}"
        for edge in graph
        if edge.local and top(edge.source) != "cli"
    )
    assert hidden == []


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively: the components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def test_no_import_loops(graph: list[Import]) -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    for edge in graph:
        if edge.target != edge.source:
            edges[edge.source].add(edge.target)
    assert strongly_connected(edges) == []


def test_the_rules_catch_what_they_forbid() -> None:
    """The rule table itself: each forbidden direction is refused."""
    assert not allowed("domain.bookings.lifecycle", "workflows.approval")
    assert not allowed("domain.notices.mail", "integrations.smtp")
    assert not allowed("domain.bulk.saga", "activities.bulk_bookings")
    assert not allowed("core.db", "domain.base")
    assert not allowed("integrations.hubspot", "domain.connections.models")
    assert not allowed("workflows.approval", "domain.approvals.policies")
    assert not allowed("workflows.approval", "core.db")
    assert allowed("workflows.project", "core.workflow_ids")
    assert not allowed("activities.sync", "workflows.sync")
    assert not allowed("api.routes.bookings", "api.routes.rooms")
    assert not allowed("domain.approvals.chain_types", "domain.approvals.models")
    assert allowed("workflows.approval", "domain.approvals.chain_types")
    assert allowed("activities.sync", "workflows.clients.sync")
    assert allowed("activities.approvals", "channels.notice")
    assert not allowed("channels.chat", "activities.approvals")
    assert not allowed("relays.events", "workflows.webhook_delivery")
    assert allowed("api.routes.bookings", "domain.bookings.creation")
    assert strongly_connected({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]


def test_tests_import_no_other_test_module() -> None:
    """Helpers tests share live in tests/support (and stubs in tests/stubs); a test module or a
    conftest is never imported, so moving or deleting one test cannot break another."""

    def is_test_module(name: str) -> bool:
        last = name.rsplit(".", 1)[-1]
        return last.startswith("test_") or last == "conftest"

    wrong = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(parse(path)):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if any(n.startswith("tests.") and is_test_module(n) for n in names):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert wrong == []
