"""Encryption at rest for third-party credentials and organizations' payload data keys.

Fernet (AES-128-CBC + HMAC-SHA256) with a key derived from ``SECRET_KEY`` by HKDF. Rotation:
put the old secret in ``PREVIOUS_SECRET_KEYS`` and the new one in ``SECRET_KEY``; everything
still decrypts, new writes use the new key, and ``rotate`` re-encrypts a value.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

if TYPE_CHECKING:
    from core.config import Settings

_INFO = b"auditoryx credentials v1"
# Organizations' payload data keys are wrapped under a key of their own, derived from the same
# secrets: a leak of one derived key opens nothing the other protects.
PAYLOAD_KEYS_INFO = b"auditoryx payload keys v1"


class DecryptionError(Exception):
    """The ciphertext was made with a key we no longer have, or was altered."""


def _derive(secret: str, info: bytes) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


class SecretBox:
    def __init__(
        self, secret_key: str, previous: tuple[str, ...] = (), *, info: bytes = _INFO
    ) -> None:
        self._fernet = MultiFernet(
            [_derive(secret_key, info), *(_derive(p, info) for p in previous)]
        )

    @classmethod
    def from_settings(cls, settings: Settings, *, info: bytes = _INFO) -> SecretBox:
        """The box of ``SECRET_KEY`` (and ``PREVIOUS_SECRET_KEYS``): built once by each
        composition root (the worker, the API) and handed to whatever seals or opens.
        ``info`` names the purpose; each purpose gets a key of its own."""
        return cls(settings.secret_key, settings.previous_secret_keys, info=info)

    def seal(self, values: dict[str, Any]) -> bytes:
        return self._fernet.encrypt(json.dumps(values, sort_keys=True).encode())

    def open(self, token: bytes) -> dict[str, Any]:
        try:
            opened: dict[str, Any] = json.loads(self._fernet.decrypt(token))
        except InvalidToken:
            raise DecryptionError(
                "credentials cannot be decrypted with the configured keys"
            ) from None
        return opened

    def rotate(self, token: bytes) -> bytes:
        return self._fernet.rotate(token)
