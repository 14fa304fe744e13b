"""Secrets and signatures: API key material, HMACs, constant-time comparison."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def random_secret(nbytes: int = 24) -> str:
    """URL-safe random text with ``nbytes`` of entropy (24 bytes = 192 bits)."""
    return secrets.token_urlsafe(nbytes).replace("-", "A").replace("_", "B")


def sha256(value: str) -> bytes:
    # API key secrets carry 192 random bits, so a fast hash is as strong as a slow one here
    # and keeps authentication cheap on every request.
    return hashlib.sha256(value.encode()).digest()


def hmac_hex(key: str, value: str) -> str:
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def same_digest(a: bytes, b: bytes) -> bool:
    return hmac.compare_digest(a, b)


def bearer_matches(authorization: str | None, token: str) -> bool:
    """``authorization`` is ``Bearer <token>`` (scheme in any case), compared in constant
    time; never true for an empty ``token`` (a deployment that set none)."""
    scheme, _, presented = (authorization or "").partition(" ")
    return (
        bool(token)
        and scheme.lower() == "bearer"
        and hmac.compare_digest(presented.strip().encode(), token.encode())
    )
