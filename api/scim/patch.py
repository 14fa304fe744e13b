"""RFC 7644 §3.5.2 PATCH, applied to a resource's SCIM representation (a JSON object).

The route renders the resource as SCIM shows it, applies the operations here and hands the
result to the domain as a replacement, so PATCH and PUT share every rule. Accepted besides the
RFC's own forms: Entra ID's capitalised ``"op": "Replace"``, a path-less operation whose value
names dotted paths (``{"name.givenName": "Babs"}``) and string booleans (``"False"``), and
``remove`` of ``members`` with a value listing the members to remove.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from domain.scim.errors import ScimError, invalid_path, invalid_value
from domain.scim.filters import Comparison, Logical, Negation, Node, parse

OPS = ("add", "replace", "remove")
MAX_OPERATIONS = 1000
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
_PATH = re.compile(
    r"^(?P<attr>[A-Za-z$][\w$-]*)(?:\[(?P<filter>.+)\])?(?:\.(?P<sub>[A-Za-z$][\w$-]*))?$"
)


def operations(body: Any) -> list[dict[str, Any]]:
    """The ``Operations`` of a PatchOp body, checked for shape (``invalidSyntax`` else)."""
    if not isinstance(body, dict) or not isinstance(body.get("Operations"), list):
        raise ScimError(400, "invalidSyntax", "a PATCH body is a PatchOp with 'Operations'")
    ops = body["Operations"]
    if len(ops) > MAX_OPERATIONS:
        raise ScimError(400, "tooMany", f"at most {MAX_OPERATIONS} operations per PATCH")
    for op in ops:
        if not isinstance(op, dict) or str(op.get("op", "")).lower() not in OPS:
            raise ScimError(400, "invalidSyntax", "each operation's 'op' is add, replace or remove")
        if "path" in op and not isinstance(op["path"], str):
            raise invalid_path("'path' must be a string")
    return ops


def apply(resource: dict[str, Any], ops: list[dict[str, Any]], schema: str) -> dict[str, Any]:
    """``resource`` after ``ops`` (a new object; ``resource`` is left as it was)."""
    result = copy.deepcopy(resource)
    for op in ops:
        kind = str(op["op"]).lower()
        path = op.get("path")
        value = op.get("value")
        if not path:
            if kind == "remove":
                raise ScimError(400, "noTarget", "'remove' needs a path")
            if not isinstance(value, dict):
                raise invalid_value("an operation without a path takes an object as its value")
            for key, item in value.items():
                if key.lower().startswith("urn:") and isinstance(item, dict):
                    if key.lower() == schema.lower():
                        for inner_key, inner in item.items():
                            _apply_path(result, kind, inner_key, inner, schema)
                    continue  # an extension this service does not keep
                _apply_path(result, kind, key, item, schema)
        else:
            _apply_path(result, kind, path, value, schema)
    return result


def _key(resource: dict[str, Any], name: str) -> str:
    """The key of ``resource`` that ``name`` means (attribute names ignore case)."""
    lowered = name.lower()
    return next((k for k in resource if k.lower() == lowered), name)


def _apply_path(resource: dict[str, Any], kind: str, path: str, value: Any, schema: str) -> None:
    if path.lower().startswith(schema.lower() + ":"):
        path = path[len(schema) + 1 :]
    elif path.lower().startswith("urn:"):
        return  # an extension attribute: not kept here
    match = _PATH.match(path.strip())
    if match is None:
        raise invalid_path(f"cannot read the path {path!r}")
    attr, filter_text, sub = match["attr"], match["filter"], match["sub"]
    if filter_text is None and sub is None and "." in attr:
        attr, sub = attr.split(".", 1)
    key = _key(resource, attr)
    if filter_text is not None:
        _apply_filtered(resource, kind, key, parse(filter_text), sub, value)
        return
    if sub is not None:
        parent = resource.get(key)
        if not isinstance(parent, dict):
            if kind == "remove":
                return
            parent = resource[key] = {}
        _set(parent, kind, _key(parent, sub), value)
        return
    if kind == "remove" and isinstance(value, list) and isinstance(resource.get(key), list):
        # Entra ID: {"op": "Remove", "path": "members", "value": [{"value": "id"}]}
        gone = {_identity(v) for v in value}
        resource[key] = [v for v in resource[key] if _identity(v) not in gone]
        return
    _set(resource, kind, key, value)


def _identity(item: Any) -> Any:
    return item.get("value") if isinstance(item, dict) else item


def _set(target: dict[str, Any], kind: str, key: str, value: Any) -> None:
    current = target.get(key)
    if kind == "remove":
        target.pop(key, None)
    elif isinstance(current, dict) and isinstance(value, dict):
        current.update(value)  # sub-attributes not named are left as they are
    elif kind == "add" and isinstance(current, list):
        values = value if isinstance(value, list) else [value]
        known = {_identity(v) for v in current}
        current.extend(v for v in values if _identity(v) not in known)
    else:
        target[key] = value


def _apply_filtered(
    resource: dict[str, Any], kind: str, key: str, node: Node, sub: str | None, value: Any
) -> None:
    items = resource.get(key)
    if items is None:
        items = resource[key] = []
    if not isinstance(items, list):
        raise invalid_path(f"{key} is not multi-valued")
    matching = [i for i in items if isinstance(i, dict) and _matches(i, node)]
    if kind == "remove":
        if sub is None:
            resource[key] = [i for i in items if i not in matching]
        else:
            for item in matching:
                item.pop(_key(item, sub), None)
        return
    if not matching:
        if kind == "replace" and sub is None:
            raise ScimError(400, "noTarget", f"no value of {key} matches the filter")
        # The filter's equalities describe the new value ("emails[type eq "work"].value").
        created = _equalities(node)
        items.append(created)
        matching = [created]
    for item in matching:
        if sub is None:
            if isinstance(value, dict):
                item.update(value)
        else:
            item[_key(item, sub)] = value


def _matches(item: dict[str, Any], node: Node) -> bool:
    if isinstance(node, Logical):
        left, right = _matches(item, node.left), _matches(item, node.right)
        return (left and right) if node.op == "and" else (left or right)
    if isinstance(node, Negation):
        return not _matches(item, node.inner)
    actual = item.get(_key(item, node.attribute))
    if node.op == "pr":
        return actual not in (None, "", [])
    if node.op not in ("eq", "ne"):
        raise invalid_path("value filters in a PATCH path take 'eq', 'ne' or 'pr'")
    same = (
        actual.lower() == node.value.lower()
        if isinstance(actual, str) and isinstance(node.value, str)
        else actual == node.value
    )
    return same if node.op == "eq" else not same


def _equalities(node: Node) -> dict[str, Any]:
    if isinstance(node, Comparison) and node.op == "eq":
        return {node.attribute: node.value}
    if isinstance(node, Logical) and node.op == "and":
        return {**_equalities(node.left), **_equalities(node.right)}
    return {}
