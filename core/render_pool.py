"""Templates an organization wrote render in a small pool of separate processes, never on the
event loop: a template that computes for its whole budget costs its own process's CPU, and
every other organization's requests (and the worker's other activities) go on meanwhile.

Each render carries its budget into the child (``core.templating``: loops counted, ranges and
products capped, output capped, a deadline checked in every loop and call); the child also
runs under an address-space limit, so a single huge allocation is a ``MemoryError``, and
under a CPU-time limit a little above the budget, so the kernel stops a render that somehow
escapes the deadline checks. A child that dies takes its pool with it; a fresh pool is made,
and the render is tried once more before it is blamed.
"""

from __future__ import annotations

import asyncio
import logging
import math
import multiprocessing
import resource
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from jinja2 import TemplateError, TemplateRuntimeError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError

from core.templating import RENDER_SECONDS, RenderLimitExceeded, render_string

log = logging.getLogger("auditoryx.templates")

RENDER_PROCESSES = 2
RENDER_MEMORY_BYTES = 512 * 1024 * 1024
CPU_SECONDS_OVER_BUDGET = 2

_pool: ProcessPoolExecutor | None = None


def _limit_child() -> None:
    """Runs once in each child: cap its address space."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > RENDER_MEMORY_BYTES:
        resource.setrlimit(resource.RLIMIT_AS, (RENDER_MEMORY_BYTES, hard))


def _cap_cpu_for_one_render() -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(used + RENDER_SECONDS + CPU_SECONDS_OVER_BUDGET)
    if hard == resource.RLIM_INFINITY or soft <= hard:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


Outcome = tuple[Any, ...]


def render_in_child(source: str, autoescape: bool, context: dict[str, Any]) -> Outcome:
    """Render in the child; errors travel back as plain tuples (jinja2's exceptions do not all
    survive pickling) and every failure, whatever its type, is reported, never raised."""
    _cap_cpu_for_one_render()
    try:
        return ("ok", render_string(source, autoescape=autoescape, **context))
    except RenderLimitExceeded as exc:
        return ("limit", exc.limit, exc.reason)
    except RecursionError:
        return ("limit", "recursion_depth", "the template's macros or loops nest too deep")
    except MemoryError:
        return (
            "limit",
            "memory",
            f"the template needs more than {RENDER_MEMORY_BYTES // 2**20} MiB to render",
        )
    except TemplateSyntaxError as exc:
        return ("syntax", exc.message or "", exc.lineno)
    except SecurityError as exc:
        return ("security", str(exc))
    except UndefinedError as exc:
        return ("undefined", exc.message or "")
    except TemplateError as exc:
        return ("template", exc.message or type(exc).__name__)
    except Exception as exc:  # a template's own runtime error, e.g. a division by zero
        return ("template", f"{type(exc).__name__}: {exc}")


def _raise(outcome: Outcome) -> str:
    kind = outcome[0]
    if kind == "ok":
        return str(outcome[1])
    if kind == "limit":
        raise RenderLimitExceeded(str(outcome[1]), str(outcome[2]))
    if kind == "syntax":
        raise TemplateSyntaxError(str(outcome[1]), int(outcome[2]))
    if kind == "security":
        raise SecurityError(str(outcome[1]))
    if kind == "undefined":
        raise UndefinedError(str(outcome[1]))
    raise TemplateRuntimeError(str(outcome[1]))


def _executor() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # spawn, not fork: the parent runs threads (the event loop's, Temporal's core) that a
        # fork would copy in whatever state they were in.
        _pool = ProcessPoolExecutor(
            max_workers=RENDER_PROCESSES,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_limit_child,
        )
    return _pool


def _discard(pool: ProcessPoolExecutor) -> None:
    global _pool
    if _pool is pool:
        _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


async def render_user_template(source: str, *, autoescape: bool, context: dict[str, Any]) -> str:
    """Render an organization's template in the pool under its budget; raises what
    :func:`core.templating.render_string` raises (``RenderLimitExceeded`` naming the limit,
    ``TemplateSyntaxError``, ``SecurityError``, ``UndefinedError``) and
    ``TemplateRuntimeError`` for any other failure of the template."""
    loop = asyncio.get_running_loop()
    for attempt in (1, 2):
        pool = _executor()
        try:
            outcome = await loop.run_in_executor(pool, render_in_child, source, autoescape, context)
        except BrokenProcessPool:
            _discard(pool)
            log.warning("a template render process died (attempt %d)", attempt)
            continue
        return _raise(outcome)
    raise RenderLimitExceeded(
        "render_time", "the template's render was stopped by the operating system"
    )
