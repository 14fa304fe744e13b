"""An accessibility check for browser tests: axe-core (from npm, ``make node-tools``) injected
into the page by playwright; a page passes with no ``serious`` or ``critical`` violation.

The dashboard's CSP allows no inline script, so the browser context that runs the check is
opened with ``bypass_csp=True``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
_RUN = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(
    v => ({id: v.id, impact: v.impact, help: v.help,
           nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))"""


async def serious_violations(page: Any) -> list[dict[str, Any]]:
    """The page's serious and critical axe-core violations (an empty list when it passes)."""
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: `make node-tools` installs axe-core from npm")
    if not await page.evaluate("() => typeof axe !== 'undefined'"):
        await page.add_script_tag(path=str(AXE))
    violations: list[dict[str, Any]] = await page.evaluate(_RUN)
    return [v for v in violations if v["impact"] in BLOCKING]
