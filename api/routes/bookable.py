"""Kept for the modules that still import ``money`` from here; it lives in ``api.schemas``.

Not a route module: it has no routes, and route modules import ``api.schemas`` instead.
"""

from __future__ import annotations

from api.schemas import money

__all__ = ["money"]
