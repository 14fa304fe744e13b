"""Jinja2 rendering in a sandbox: organizations will be able to override these templates, so
templates never get at Python internals, and HTML is escaped by default."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

import templates as templates_package

TEMPLATES = Path(templates_package.__file__).resolve().parent


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


@lru_cache(maxsize=2)
def string_environment(*, autoescape: bool) -> SandboxedEnvironment:
    """For templates stored as text (an organization's overrides): HTML bodies autoescape,
    subjects and plain-text bodies do not. Both may extend or include the built-in files."""
    return SandboxedEnvironment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_string(source: str, *, autoescape: bool, **context: Any) -> str:
    """Render a stored template in the sandbox; raises jinja2's errors (``SecurityError``,
    ``TemplateSyntaxError``, ``UndefinedError``) for the caller to report."""
    return string_environment(autoescape=autoescape).from_string(source).render(**context)


def source_of(name: str) -> str:
    """The text of a built-in template file (the default an override replaces)."""
    return (TEMPLATES / name).read_text(encoding="utf-8")
