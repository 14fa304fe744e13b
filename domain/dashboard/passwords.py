"""Password hashing with scrypt (memory-hard, in the standard library).

A stored hash is ``scrypt$<n>$<r>$<p>$<salt>$<hash>`` (base64), so the cost can be raised later
and old hashes still verify. n=2**14, r=8 costs 16 MiB and ~50 ms per guess, which makes
offline guessing expensive while keeping a sign-in quick.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from domain.errors import InvalidRequest

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
KEY_LENGTH = 32
MIN_LENGTH = 12
MAX_LENGTH = 256
# Verifying against this when an e-mail is unknown keeps a miss as slow as a wrong password,
# so response times do not reveal who has an account.
_DUMMY_SALT = b"auditoryx-no-such-member"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode(), salt=salt, n=n, r=r, p=p, dklen=KEY_LENGTH, maxmem=128 * r * n * 2
    )


def check_strength(password: str, *, param: str = "password") -> None:
    """Length is what makes a password strong; composition rules mostly make it shorter."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise InvalidRequest(
            f"a password must be {MIN_LENGTH} to {MAX_LENGTH} characters", param=param
        )
    if len(set(password)) < 4:
        raise InvalidRequest("a password needs more than three different characters", param=param)


def hash_password(password: str) -> str:
    check_strength(password)
    salt = secrets.token_bytes(16)
    digest = _derive(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str | None) -> bool:
    """Constant-time check; ``stored=None`` burns the same time and answers False."""
    if stored is None:
        _derive(password[:MAX_LENGTH], _DUMMY_SALT, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _derive(password[:MAX_LENGTH], base64.b64decode(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)
