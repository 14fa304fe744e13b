"""The keyring the payload codec reads: organizations' data keys from PostgreSQL, unwrapped
(under their organization's key-encryption key, from the key store) and kept briefly in
memory.

The cache is bounded (``PAYLOAD_KEY_CACHE_SIZE`` keys, least recently used out first) and
short-lived (``PAYLOAD_KEY_CACHE_SECONDS``): a key rotated or destroyed by another process is
taken up or forgotten here within that time. Concurrent askers for a key not in the cache
(a burst of one organization's workflow tasks) wait for one read of it, not one transaction
each. Keys are never logged: :class:`~core.payload_codec.DataKey` hides its cipher from
``repr``.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.config import Settings
from core.crypto import PAYLOAD_KEYS_INFO, SecretBox
from core.db import tenant_session
from core.payload_codec import DataKey, OrganizationPayloadCodec, PayloadKeys
from domain.audit.service import Actor
from domain.keys.models import OrganizationKey
from domain.keys.service import current_key, find_key, kek_of, open_key
from domain.keys.store import KeyStore

# Who issues an organization's first key: its first payload, through the codec.
CODEC_ACTOR = Actor.system("payload-codec")


class OrganizationKeyring:
    """Implements :class:`core.payload_codec.PayloadKeys` over ``organization_keys``."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        box: SecretBox,
        store: KeyStore,
        *,
        ttl_seconds: float = 60.0,
        max_keys: int = 1024,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._box = box
        self._store = store
        self._ttl = ttl_seconds
        self._max = max_keys
        self._clock = clock
        # (organization_id, key_id or "" for "the current one") → (key, expires at)
        self._cache: OrderedDict[tuple[str, str], tuple[DataKey, float]] = OrderedDict()
        # The reads under way, one per entry, which concurrent askers of the entry share.
        self._reading: dict[tuple[str, str], asyncio.Future[DataKey]] = {}

    @classmethod
    def from_settings(
        cls, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], store: KeyStore
    ) -> OrganizationKeyring:
        return cls(
            sessionmaker,
            SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO),
            store,
            ttl_seconds=settings.payload_key_cache_seconds,
            max_keys=settings.payload_key_cache_size,
        )

    async def current(self, organization_id: str) -> DataKey:
        return await self._get((organization_id, ""), self._read_current)

    async def find(self, organization_id: str, key_id: str) -> DataKey:
        return await self._get((organization_id, key_id), self._read_found)

    async def _get(
        self, entry: tuple[str, str], read: Callable[[str, str], Awaitable[DataKey]]
    ) -> DataKey:
        cached = self._cached(*entry)
        if cached is not None:
            return cached
        reading = self._reading.get(entry)
        if reading is None:
            reading = self._reading[entry] = asyncio.ensure_future(read(*entry))
            reading.add_done_callback(lambda _: self._reading.pop(entry, None))
        # Shielded: one asker cancelled (its workflow task, its request) cancels no other's read.
        return await asyncio.shield(reading)

    async def _read_current(self, organization_id: str, _: str) -> DataKey:
        async with tenant_session(self._sessionmaker, [organization_id]) as session:
            row = await current_key(
                session,
                self._box,
                organization_id=organization_id,
                actor=CODEC_ACTOR,
                store=self._store,
            )
            key = await self._unwrapped(row)
        self._remember((organization_id, ""), key)
        self._remember((organization_id, key.key_id), key)
        return key

    async def _read_found(self, organization_id: str, key_id: str) -> DataKey:
        async with tenant_session(self._sessionmaker, [organization_id]) as session:
            key = await self._unwrapped(
                await find_key(session, organization_id=organization_id, key_id=key_id)
            )
        self._remember((organization_id, key_id), key)
        return key

    def forget(self, organization_id: str) -> None:
        """Drop every cached key of the organization (after a rotation or destruction)."""
        for entry in [e for e in self._cache if e[0] == organization_id]:
            del self._cache[entry]

    async def _unwrapped(self, row: OrganizationKey) -> DataKey:
        # The organization's KEK from the key store: one read per key read here, so per
        # organization and cache period, not per payload.
        kek = await kek_of(self._store, self._box, row)
        return DataKey(
            organization_id=row.organization_id,
            key_id=row.id,
            version=row.version,
            aead=AESGCM(open_key(self._box, row, kek)),
        )

    def _cached(self, organization_id: str, key_id: str) -> DataKey | None:
        entry = (organization_id, key_id)
        found = self._cache.get(entry)
        if found is None:
            return None
        key, expires = found
        if self._clock() >= expires:
            del self._cache[entry]
            return None
        self._cache.move_to_end(entry)
        return key

    def _remember(self, entry: tuple[str, str], key: DataKey) -> None:
        if self._ttl <= 0:
            return
        self._cache[entry] = (key, self._clock() + self._ttl)
        self._cache.move_to_end(entry)
        while len(self._cache) > self._max:
            self._cache.popitem(last=False)


def payload_codec(settings: Settings, keys: PayloadKeys) -> OrganizationPayloadCodec | None:
    """The codec every Temporal client of a process uses, or ``None`` with
    ``PAYLOAD_ENCRYPTION`` off (payloads sealed earlier then stay unreadable to workflows;
    the codec server still opens them)."""
    if not settings.payload_encryption:
        return None
    return OrganizationPayloadCodec(keys)
