"""The permission aliases of ``api.deps`` are the permission catalog, one alias each."""

from __future__ import annotations

import re
from typing import get_args

import pytest

from api import deps
from domain.tenancy.permissions import PERMISSIONS


def _aliases() -> dict[str, str]:
    """Alias name → the permission its ``Authorize`` checks."""
    found = {}
    for name, value in vars(deps).items():
        if name.startswith("Can"):
            authorize = get_args(value)[1].dependency
            found[name] = authorize.permission
    return found


def test_every_permission_has_one_alias_named_after_it() -> None:
    aliases = _aliases()
    assert sorted(aliases.values()) == sorted(PERMISSIONS)
    for name, permission in aliases.items():
        resource, verb = permission.split(":")
        expected = "Can" + verb.title() + "".join(p.title() for p in resource.split("_"))
        assert name == expected, (name, permission)


def test_a_permission_outside_the_catalog_is_refused_at_import() -> None:
    with pytest.raises(ValueError, match=re.escape("'bookings:delete'")):
        deps.Authorize("bookings:delete")
