"""What an organization's entitlements refuse: a module it does not have, and any change
while it is read-only (its trial expired unconverted).

Refusals are 403 problems with their own codes, so clients can tell them from a missing
permission: ``module_disabled`` names the module, ``read_only`` names the trial's end.
"""

from __future__ import annotations

from domain.errors import PermissionDenied
from domain.tenancy.plans import Entitlements

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ModuleDisabled(PermissionDenied):
    """403: the organization's plan does not include the module, or it switched it off."""

    code, title = "module_disabled", "Module disabled"


class ReadOnly(PermissionDenied):
    """403: the organization's trial ended unconverted; reads work, changes do not."""

    code, title = "read_only", "Read-only"


def require_module(terms: Entitlements, module: str) -> None:
    """Refuse (403 ``module_disabled``) unless ``module`` is enabled for the organization."""
    if module not in terms.modules:
        raise ModuleDisabled(
            f"the {module} module is not enabled for this organization (its plan, "
            f"{terms.plan.name}, or its settings leave it out)",
            extra={"module": module},
        )


def require_writable(terms: Entitlements, method: str) -> None:
    """Refuse (403 ``read_only``) a change while the organization is read-only."""
    if terms.read_only and method.upper() not in SAFE_METHODS:
        ends = terms.trial.ends_at_iso if terms.trial else None
        raise ReadOnly(
            "the trial ended without conversion: this organization is read-only until it "
            "chooses a plan; nothing was deleted",
            extra={"trial_ended_at": ends},
        )
