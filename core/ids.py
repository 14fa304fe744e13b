"""Opaque, prefixed, sortable identifiers (``org_…``, ``usr_…``, ``bkg_…``)."""

from __future__ import annotations

import re
import secrets
import time

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case
_ID_RE = re.compile(r"^[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}$")


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def new_id(prefix: str) -> str:
    """A 26-character ULID-like id: 48 bits of milliseconds then 80 random bits.

    Time-ordered ids keep B-tree inserts local and make cursor pagination by id follow
    creation order.
    """
    millis = time.time_ns() // 1_000_000
    return f"{prefix}_{_encode(millis, 10)}{_encode(secrets.randbits(80), 16)}"


def is_valid_id(value: str, prefix: str) -> bool:
    return value.startswith(f"{prefix}_") and bool(_ID_RE.match(value))
