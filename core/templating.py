"""Jinja2 rendering in a sandbox: organizations override the e-mail templates, so templates
never get at Python internals, HTML is escaped by default, and a template stored as text
renders under a budget (see :class:`RenderLimitExceeded` and ``core/render_pool.py``, which
runs it in a separate process)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, nodes, select_autoescape
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

import templates as templates_package

TEMPLATES = Path(templates_package.__file__).resolve().parent

# The budget of one render of a stored template (docs/api.md, "E-mail templates").
RENDER_SECONDS = 1.0
MAX_OUTPUT_CHARS = 500_000
MAX_LOOP_ITERATIONS = 100_000
MAX_RANGE = 100_000
MAX_SEQUENCE = 500_000  # characters or items a `*` or `+` may build
MAX_NUMBER_BITS = 100_000  # an integer a `*` or `**` may build

LIMITS: dict[str, int | float] = {
    "render_time": RENDER_SECONDS,
    "output_size": MAX_OUTPUT_CHARS,
    "loop_iterations": MAX_LOOP_ITERATIONS,
    "range_size": MAX_RANGE,
    "sequence_size": MAX_SEQUENCE,
    "number_size": MAX_NUMBER_BITS,
}


class RenderLimitExceeded(TemplateError):
    """A template went over one of its limits; ``limit`` names it (a key of ``LIMITS``, or
    ``recursion_depth`` / ``memory``)."""

    def __init__(self, limit: str, reason: str) -> None:
        super().__init__(f"{reason} ({limit})")
        self.limit = limit
        self.reason = reason


@dataclass(slots=True)
class _Budget:
    deadline: float
    iterations: int = 0

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise RenderLimitExceeded(
                "render_time", f"the template took longer than {RENDER_SECONDS:g} s to render"
            )

    def count_iteration(self) -> None:
        self.iterations += 1
        if self.iterations > MAX_LOOP_ITERATIONS:
            raise RenderLimitExceeded(
                "loop_iterations",
                f"the template's loops ran more than {MAX_LOOP_ITERATIONS} times",
            )
        if self.iterations % 64 == 0:
            self.check_time()


_BUDGET: ContextVar[_Budget | None] = ContextVar("template_budget", default=None)


def _budget() -> _Budget:
    budget = _BUDGET.get()
    if budget is None:  # rendered outside render_string (a built-in file): no budget
        return _Budget(deadline=float("inf"))
    return budget


class _CountingCodeGenerator(CodeGenerator):
    """Every ``{% for %}`` iterates through ``environment.count_iterations``: the hook that
    counts the iterations of a render and stops it at its deadline."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        if not getattr(node, "counted", False):
            node.iter = nodes.Call(
                nodes.EnvironmentAttribute("count_iterations"), [node.iter], [], None, None
            )
            node.counted = True  # type: ignore[attr-defined]
        super().visit_For(node, frame)


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise RenderLimitExceeded(
            "range_size", f"range() of {len(numbers)} numbers is over {MAX_RANGE}"
        )
    return numbers


def _sized(value: Any) -> bool:
    return isinstance(value, str | list | tuple)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse, before it is computed, a ``*``/``+`` that builds a string or list over
    ``MAX_SEQUENCE`` and a ``*``/``**`` that builds an integer over ``MAX_NUMBER_BITS``."""
    if operator == "*" and (_sized(left) or _sized(right)):
        seq, times = (left, right) if _sized(left) else (right, left)
        if isinstance(times, int) and len(seq) * times > MAX_SEQUENCE:
            raise RenderLimitExceeded(
                "sequence_size", f"`*` would build {len(seq) * times} items, over {MAX_SEQUENCE}"
            )
    elif operator == "+" and _sized(left) and _sized(right):
        if len(left) + len(right) > MAX_SEQUENCE:
            raise RenderLimitExceeded("sequence_size", f"`+` would build over {MAX_SEQUENCE} items")
    elif isinstance(left, int) and isinstance(right, int):
        if operator == "**" and right > 0:
            bits = left.bit_length() * right
        elif operator == "*":
            bits = left.bit_length() + right.bit_length()
        else:
            return
        if bits > MAX_NUMBER_BITS:
            raise RenderLimitExceeded(
                "number_size", f"`{operator}` would build a number over {MAX_NUMBER_BITS} bits"
            )


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox with a budget: ``range()`` and ``*``/``+``/``**`` are capped, loops are
    counted, and loops and calls (macros, recursive loops) stop the render at its deadline."""

    code_generator_class = _CountingCodeGenerator
    intercepted_binops = frozenset({"*", "+", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _bounded_range

    def count_iterations(self, iterable: Iterable[Any]) -> Iterator[Any]:
        budget = _budget()
        budget.check_time()
        for item in iterable:
            budget.count_iteration()
            yield item

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _budget().check_time()
        return super().call(__context, __obj, *args, **kwargs)


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
def string_environment(*, autoescape: bool) -> BoundedSandbox:
    """For templates stored as text (an organization's overrides): HTML bodies autoescape,
    subjects and plain-text bodies do not. Both may extend or include the built-in files."""
    return BoundedSandbox(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_string(source: str, *, autoescape: bool, **context: Any) -> str:
    """Render a stored template in the bounded sandbox, on this thread; raises jinja2's errors
    (``SecurityError``, ``TemplateSyntaxError``, ``UndefinedError``) and
    :class:`RenderLimitExceeded` for the caller to report. A template an organization wrote
    renders through ``core.render_pool.render_user_template`` instead, off the event loop."""
    template = string_environment(autoescape=autoescape).from_string(source)
    token = _BUDGET.set(_Budget(deadline=time.monotonic() + RENDER_SECONDS))
    try:
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(**context):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise RenderLimitExceeded(
                    "output_size", f"the template renders over {MAX_OUTPUT_CHARS} characters"
                )
            chunks.append(chunk)
        return "".join(chunks)
    finally:
        _BUDGET.reset(token)


def source_of(name: str) -> str:
    """The text of a built-in template file (the default an override replaces)."""
    return (TEMPLATES / name).read_text(encoding="utf-8")
