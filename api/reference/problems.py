"""Which problems an operation can answer, read from the code that serves it.

A route's problems are raised by the route, by its dependencies (authentication, permission,
the loader of its path id, the tenant session, the idempotency guard) and by the services they
call. :func:`route_problems` reads those functions' source and follows their calls into our own
packages, collecting every :class:`~domain.errors.DomainError` constructed (its status, and its
``code`` when the code is spelt out), every ``HTTPException`` and every ``problem(...)`` built
by hand. Calls it cannot follow statically (a method of an object whose type it does not know)
are missed, so the generic answers every operation can give are added by rule: validation
(422) where there is input, a body too large (413) where one may be sent, a body that cannot be
decoded (400) where one is parsed, an outage (500, 503) everywhere, and a tenant move's write
freeze (503 ``tenant_moving``) on every write of ``/v1``.

The result is a superset where a handler catches what a service raises; clients branch on
``code``, and a code listed but never seen costs them nothing.
"""

from __future__ import annotations

import ast
import inspect
import linecache
import textwrap
import typing
from collections import defaultdict
from collections.abc import Callable, Iterator
from types import CodeType, FunctionType, ModuleType
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from api import deps, errors
from domain.errors import DomainError

Problems = dict[int, set[str]]

# Our own code: calls into anything else (SQLAlchemy, Temporal, the standard library) are not
# followed.
_OURS = ("api.", "domain.", "core.", "workflows.clients.")
_BODY_METHODS = {"POST", "PUT", "PATCH"}
_WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Answers any operation may give, whatever it calls: an unreachable database or a bug.
_ALWAYS: Problems = {500: {"internal_error"}, 503: {"database_unavailable"}}


def route_problems(route: APIRoute, reader: SourceReader) -> Problems:
    """Every problem status ``route`` can answer, with the ``code``s known for each."""
    found: Problems = defaultdict(set)
    methods = route.methods or set()
    for status, codes in _ALWAYS.items():
        found[status] |= codes
    for call in _dependency_calls(route.dependant):
        if call is deps.idempotency_guard and "POST" not in methods:
            continue  # it reserves keys of POSTs only
        for status, codes in reader.problems_of(call).items():
            found[status] |= codes
    if _has_input(route.dependant):
        found[422].add("invalid_request")
    if _has_body(route.dependant):
        # A body FastAPI cannot even decode (not UTF-8, not a form) is its 400.
        found[400].add("bad_request")
    if methods & _BODY_METHODS:
        found[413].add("body_too_large")
    if methods & _WRITE_METHODS and route.path.startswith("/v1/"):
        # Every tenant transaction that writes meets a tenant move's write freeze at its commit
        # (the placement router's check, docs/adr/0036-tenant-moves.md), whichever service
        # the route calls: a static reading cannot see that, so it is a rule.
        found[503].add("tenant_moving")
    elif not methods & _WRITE_METHODS:
        # Reads go on during a move (the request's freeze check is skipped for them).
        found[503].discard("tenant_moving")
    return dict(found)


def _dependency_calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    if dependant.call is not None:
        call = dependant.call
        # A dependency may be an instance (``Authorize("bookings:write")``): its __call__.
        yield call if inspect.isroutine(call) else type(call).__call__
    for sub in dependant.dependencies:
        yield from _dependency_calls(sub)


def _has_body(dependant: Dependant) -> bool:
    return bool(dependant.body_params) or any(_has_body(s) for s in dependant.dependencies)


def _has_input(dependant: Dependant) -> bool:
    if dependant.path_params or dependant.query_params or dependant.body_params:
        return True
    return any(_has_input(sub) for sub in dependant.dependencies)


class SourceReader:
    """Reads functions once each, following calls into our packages; one reader serves all
    the routes of a document."""

    def __init__(self) -> None:
        self._done: dict[Any, Problems] = {}

    def problems_of(self, function: Any, owner: type | None = None) -> Problems:
        function = inspect.unwrap(function)
        if function in self._done:
            return self._done[function]
        self._done[function] = {}  # a cycle contributes nothing more
        found: Problems = defaultdict(set)
        for target, node in self._calls(function, owner):
            for status, codes in self._problems_of_call(target, node).items():
                found[status] |= codes
        self._done[function] = dict(found)
        return self._done[function]

    def _calls(self, function: Any, owner: type | None) -> Iterator[tuple[Any, ast.Call]]:
        if not isinstance(function, FunctionType) or not function.__module__.startswith(_OURS):
            return
        tree = _definition(function)
        if tree is None:
            return
        scope = _Scope(function, owner)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                target = scope.resolve(node.func)
                if target is not None:
                    yield target, node

    def _problems_of_call(self, target: Any, node: ast.Call) -> Problems:
        if isinstance(target, type) and issubclass(target, DomainError):
            if not _has_keyword(node, "code"):
                return {target.status: {target.code}}
            code = _keyword(node, "code")  # None when computed: the status alone is known
            return {target.status: {code} if isinstance(code, str) else set()}
        if isinstance(target, type) and issubclass(target, RequestValidationError):
            return {422: {"invalid_request"}}
        if isinstance(target, type) and issubclass(target, HTTPException):
            status = _keyword(node, "status_code", position=0)
            if isinstance(status, int) and status in errors.HTTP_CODES:
                return {status: {errors.HTTP_CODES[status][0]}}
            return {}
        if target is errors.problem:
            status, code = (_positional(node, i) for i in (0, 1))
            if isinstance(status, int):
                return {status: {code} if isinstance(code, str) else set()}
            return {}
        owner, function = target if isinstance(target, tuple) else (None, target)
        if inspect.isroutine(function):
            return self.problems_of(function, owner)
        return {}


def _definition(function: FunctionType) -> ast.AST | None:
    """The parsed source of ``function`` alone: the lines its code (nested functions included)
    spans, from its first decorator; ``None`` for code without a source file."""
    code = function.__code__
    lines = linecache.getlines(code.co_filename)
    if not lines:
        return None
    source = textwrap.dedent("".join(lines[code.co_firstlineno - 1 : _last_line(code)]))
    try:
        return ast.parse(source)
    except SyntaxError:  # a lambda inside an expression, a function built at run time
        return None


def _last_line(code: CodeType) -> int:
    last = max((end for *_, end, _c, _e in code.co_positions() if end is not None), default=0)
    nested = (_last_line(c) for c in code.co_consts if isinstance(c, CodeType))
    return max(last, *nested, code.co_firstlineno)


class _Scope:
    """Names as a function sees them: its module's globals, its parameters' annotated types,
    and ``self``/``cls`` as the class it belongs to."""

    def __init__(self, function: FunctionType, owner: type | None) -> None:
        self._function = function
        self._globals = function.__globals__
        self._owner = owner
        code = function.__code__
        self._parameters = set(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])
        self._types: dict[str, type] | None = None

    def _parameter_type(self, name: str) -> type | None:
        # Evaluated only when a parameter is called through: evaluating every annotation of
        # every function read would cost more than the rest of the reading.
        if self._types is None:
            try:
                hints = typing.get_type_hints(self._function)
            except Exception:  # an annotation that does not evaluate here: go without types
                hints = {}
            self._types = {n: hint for n, hint in hints.items() if isinstance(hint, type)}
        return self._types.get(name)

    def resolve(self, expr: ast.expr) -> Any:
        """What a call's function expression names, when that is knowable statically; a
        method comes back as ``(class, function)``."""
        if isinstance(expr, ast.Name):
            if expr.id in ("self", "cls"):
                return self._owner
            if expr.id in self._parameters:
                return self._parameter_type(expr.id)
            return self._globals.get(expr.id)
        if isinstance(expr, ast.Attribute):
            base = self.resolve(expr.value)
            if isinstance(base, tuple) or base is None:
                return None
            if isinstance(base, ModuleType | type):
                found = inspect.getattr_static(base, expr.attr, None)
                if isinstance(base, type) and found is not None:
                    found = (
                        found.__func__ if isinstance(found, classmethod | staticmethod) else found
                    )
                    return (base, found) if inspect.isfunction(found) else getattr(base, expr.attr)
                return getattr(base, expr.attr, None)
        return None


def _has_keyword(node: ast.Call, name: str) -> bool:
    return any(k.arg == name for k in node.keywords)


def _keyword(node: ast.Call, name: str, position: int | None = None) -> Any:
    for keyword in node.keywords:
        if keyword.arg == name:
            return keyword.value.value if isinstance(keyword.value, ast.Constant) else None
    return _positional(node, position) if position is not None else None


def _positional(node: ast.Call, index: int) -> Any:
    if index < len(node.args) and isinstance(node.args[index], ast.Constant):
        return node.args[index].value  # type: ignore[attr-defined]
    return None
