"""Reading the project's own source as syntax trees, for the layout and architecture tests."""

from __future__ import annotations

import ast
from pathlib import Path


def parse(path: Path) -> ast.Module:
    """``path``'s syntax tree. CPython 3.11 keeps the AST constructor's recursion counter per
    interpreter, not per thread (python/cpython#106905): a parse while another thread of the
    test process converts a tree can fail with ``SystemError: AST constructor recursion depth
    mismatch``. The source is fine, so it is parsed again."""
    source = path.read_text(encoding="utf-8")
    try:
        return ast.parse(source, filename=str(path))
    except SystemError:
        return ast.parse(source, filename=str(path))
