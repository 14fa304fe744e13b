"""RFC 7644 §3.4.2.2 filters, parsed and compiled to SQL.

The grammar taken: ``attrPath op value``, ``attrPath pr``, ``not (…)``, ``and``/``or`` (``and``
binds tighter) and parentheses; operators ``eq ne co sw ew gt ge lt le pr``. Attribute names
are case-insensitive, as are string comparisons on attributes that are not case-exact.
An attribute a resource type does not filter on, or a malformed filter, is ``invalidFilter``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, not_, or_
from sqlalchemy.orm import InstrumentedAttribute

from domain.scim.errors import invalid_filter

COMPARISONS = ("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le")
MAX_FILTER_LENGTH = 2000
# Parentheses (and ``not (…)``) nest at most this deep: each level is a few frames of the
# parser's recursion, so the length limit alone would let a filter exhaust the stack.
MAX_FILTER_DEPTH = 32

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<lparen>\() | (?P<rparen>\)) |
        (?P<string>"(?:[^"\\]|\\.)*") |
        (?P<word>[A-Za-z0-9_:.$\-+]+)
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Comparison:
    attribute: str
    op: str
    value: Any = None


@dataclass(frozen=True, slots=True)
class Logical:
    op: str  # "and" / "or"
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Negation:
    inner: Node


Node = Comparison | Logical | Negation


def _tokens(text: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise invalid_filter(f"unexpected text at position {position}: {text[position:]!r}")
        kind = match.lastgroup or ""
        found.append((kind, match.group(kind)))
        position = match.end()
    return found


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.position = 0
        self.depth = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise invalid_filter("the filter ends too early")
        self.position += 1
        return token

    def keyword(self, *words: str) -> str | None:
        token = self.peek()
        if token and token[0] == "word" and token[1].lower() in words:
            self.position += 1
            return token[1].lower()
        return None

    def expression(self) -> Node:
        node = self.conjunction()
        while self.keyword("or"):
            node = Logical("or", node, self.conjunction())
        return node

    def conjunction(self) -> Node:
        node = self.term()
        while self.keyword("and"):
            node = Logical("and", node, self.term())
        return node

    def term(self) -> Node:
        if self.keyword("not"):
            return Negation(self.group())
        token = self.peek()
        if token and token[0] == "lparen":
            return self.group()
        kind, attribute = self.take()
        if kind != "word":
            raise invalid_filter(f"expected an attribute, found {attribute!r}")
        op = self.keyword("pr", *COMPARISONS)
        if op is None:
            found = self.peek()
            raise invalid_filter(
                f"expected an operator after {attribute!r}, found "
                f"{found[1] if found else 'the end'!r}"
            )
        if op == "pr":
            return Comparison(attribute, "pr")
        return Comparison(attribute, op, self.value())

    def group(self) -> Node:
        if self.take()[0] != "lparen":
            raise invalid_filter("expected '('")
        self.depth += 1
        if self.depth > MAX_FILTER_DEPTH:
            raise invalid_filter(f"parentheses nest deeper than {MAX_FILTER_DEPTH} levels")
        node = self.expression()
        if self.take()[0] != "rparen":
            raise invalid_filter("expected ')'")
        self.depth -= 1
        return node

    def value(self) -> Any:
        kind, raw = self.take()
        if kind == "string":
            return json.loads(raw)
        if kind == "word":
            lowered = raw.lower()
            if lowered in ("true", "false"):
                return lowered == "true"
            if lowered == "null":
                return None
            try:
                return float(raw) if "." in raw else int(raw)
            except ValueError:
                pass
        raise invalid_filter(f"expected a value, found {raw!r}")


def parse(text: str) -> Node:
    """The filter's syntax tree, or ``invalidFilter``."""
    if len(text) > MAX_FILTER_LENGTH:
        raise invalid_filter(f"the filter is longer than {MAX_FILTER_LENGTH} characters")
    parser = _Parser(_tokens(text))
    node = parser.expression()
    if parser.peek() is not None:
        raise invalid_filter(f"unexpected {parser.peek()[1]!r}")  # type: ignore[index]
    return node


@dataclass(frozen=True, slots=True)
class Attribute:
    """How one filterable attribute reads in SQL: a string column (compared without case
    unless ``case_exact``), a boolean condition (``active``: the SQL of "true"), or a
    timestamp."""

    column: InstrumentedAttribute[Any] | ColumnElement[Any]
    kind: str = "string"  # string / boolean / datetime
    case_exact: bool = False


def compile_filter(node: Node, attributes: Mapping[str, Attribute]) -> ColumnElement[bool]:
    """``node`` as a SQL condition over ``attributes`` (keys in lower case)."""
    if isinstance(node, Logical):
        left = compile_filter(node.left, attributes)
        right = compile_filter(node.right, attributes)
        return and_(left, right) if node.op == "and" else or_(left, right)
    if isinstance(node, Negation):
        return not_(compile_filter(node.inner, attributes))
    attribute = attributes.get(_schema_free(node.attribute).lower())
    if attribute is None:
        raise invalid_filter(f"cannot filter on {node.attribute!r}")
    return _comparison(attribute, node)


def _schema_free(name: str) -> str:
    """``urn:…:User:userName`` → ``userName``."""
    if name.lower().startswith("urn:"):
        return name.rsplit(":", 1)[-1]
    return name


def _comparison(attribute: Attribute, node: Comparison) -> ColumnElement[bool]:
    column: Any = attribute.column
    if node.op == "pr":
        return (
            column.is_not(None)
            if attribute.kind != "string"
            else and_(column.is_not(None), column != "")
        )
    value = node.value
    if attribute.kind == "boolean":
        if not isinstance(value, bool) or node.op not in ("eq", "ne"):
            raise invalid_filter(f"{node.attribute} takes 'eq' or 'ne' with true or false")
        wanted: bool = value if node.op == "eq" else not value
        return column if wanted else not_(column)
    if attribute.kind == "datetime":
        if not isinstance(value, str):
            raise invalid_filter(f"{node.attribute} compares with a date-time string")
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise invalid_filter(f"{value!r} is not an ISO 8601 date-time") from None
        if moment.tzinfo is None:
            raise invalid_filter(f"{value!r} needs a time zone (such as Z)")
        return _ordered(column, node.op, moment, node.attribute)
    if value is None:
        if node.op in ("eq", "ne"):
            return column.is_(None) if node.op == "eq" else column.is_not(None)
        raise invalid_filter(f"null compares only with 'eq' or 'ne' ({node.attribute})")
    if not isinstance(value, str):
        raise invalid_filter(f"{node.attribute} compares with a string")
    if not attribute.case_exact:
        column, value = func.lower(column), value.lower()
    if node.op in ("co", "sw", "ew"):
        escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = {"co": f"%{escaped}%", "sw": f"{escaped}%", "ew": f"%{escaped}"}[node.op]
        return column.like(pattern, escape="\\")
    return _ordered(column, node.op, value, node.attribute)


def _ordered(column: Any, op: str, value: Any, name: str) -> ColumnElement[bool]:
    if op == "eq":
        return column == value
    if op == "ne":
        return column != value
    if op == "gt":
        return column > value
    if op == "ge":
        return column >= value
    if op == "lt":
        return column < value
    if op == "le":
        return column <= value
    raise invalid_filter(f"{name} does not take '{op}'")
