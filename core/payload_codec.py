"""Temporal payloads encrypted with their organization's data key.

The codec learns the organization from the workflow id (``{organization_id}:{kind}:{key}``,
core/workflow_ids.py): Temporal hands every codec a serialization context naming the workflow
whose input, output, activity or child a payload belongs to (``WithSerializationContext``),
on the client side and inside the worker alike. A payload is sealed with AES-256-GCM under the
organization's current data key; its metadata says ``encoding: binary/encrypted`` and names
the key (id and version) and the organization, none of which is secret. The organization, key
id and version are also the cipher's associated data, so a payload cannot be passed off as
another organization's by editing its metadata.

Decoding needs no context: the metadata says whose key opens the payload. A payload without
the encrypted encoding (written before encryption was on, or by a workflow whose id names no
organization) decodes unchanged. Where the keys come from is the caller's (``PayloadKeys``,
implemented over PostgreSQL by domain/keys).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from google.protobuf.message import Message
from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec, SerializationContext, WithSerializationContext

from core.ids import is_valid_id

ENCODING = b"binary/encrypted"
# The metadata names Temporal's own codec samples use for the key id; ours add the rest.
KEY_ID = "encryption-key-id"
KEY_VERSION = "encryption-key-version"
ORGANIZATION = "organization-id"
NONCE_BYTES = 12
TAG_BYTES = 16  # AES-GCM's authentication tag, at the end of every sealed payload


class PayloadKeyUnavailable(Exception):
    """No key can seal or open this organization's payloads: the key was destroyed (crypto-
    shredding), or never existed. ``str()`` says which, naming only ids."""


class PayloadDecodeError(Exception):
    """An encrypted payload that its named key does not open (altered, or mislabelled)."""


@dataclass(frozen=True)
class DataKey:
    """One version of an organization's data key, unwrapped. ``repr`` never shows the key."""

    organization_id: str
    key_id: str
    version: int
    aead: AESGCM = field(repr=False, compare=False)

    def associated_data(self) -> bytes:
        return f"{self.organization_id}|{self.key_id}|{self.version}".encode()


class PayloadKeys(Protocol):
    """Where the codec gets keys: the organization's current one to seal with, and the one a
    payload names to open it."""

    async def current(self, organization_id: str) -> DataKey: ...

    async def find(self, organization_id: str, key_id: str) -> DataKey: ...


def organization_of(workflow_id: str | None) -> str | None:
    """The organization a workflow id starts with, or ``None`` for ids that name none."""
    if not workflow_id:
        return None
    prefix = workflow_id.partition(":")[0]
    return prefix if is_valid_id(prefix, "org") else None


def is_encrypted(payload: Payload) -> bool:
    return payload.metadata.get("encoding") == ENCODING


def payload_organization(payload: Payload) -> str | None:
    """The organization an encrypted payload's metadata names (``None`` for plain ones)."""
    if not is_encrypted(payload):
        return None
    return payload.metadata.get(ORGANIZATION, b"").decode("utf-8", "replace")


def seal(key: DataKey, payload: Payload) -> Payload:
    """``payload`` (metadata and data) encrypted under ``key``."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = key.aead.encrypt(nonce, payload.SerializeToString(), key.associated_data())
    return Payload(
        metadata={
            "encoding": ENCODING,
            KEY_ID: key.key_id.encode(),
            KEY_VERSION: str(key.version).encode(),
            ORGANIZATION: key.organization_id.encode(),
        },
        data=nonce + sealed,
    )


def open_sealed(key: DataKey, payload: Payload) -> Payload:
    """The payload ``seal`` encrypted; :class:`PayloadDecodeError` if ``key`` does not open it."""
    nonce, sealed = payload.data[:NONCE_BYTES], payload.data[NONCE_BYTES:]
    try:
        if len(sealed) < TAG_BYTES:  # cut short: the cipher would refuse the nonce, not the tag
            raise InvalidTag
        plain = key.aead.decrypt(nonce, sealed, key.associated_data())
    except InvalidTag:
        raise PayloadDecodeError(
            f"payload sealed with key {key.key_id} of {key.organization_id} does not open: "
            "it was altered or its metadata is wrong"
        ) from None
    opened = Payload()
    opened.ParseFromString(plain)
    return opened


class OrganizationPayloadCodec(PayloadCodec, WithSerializationContext):
    """Seals each payload with the data key of the organization its workflow belongs to."""

    def __init__(self, keys: PayloadKeys, organization_id: str | None = None) -> None:
        self._keys = keys
        self.organization_id = organization_id

    def with_context(self, context: SerializationContext) -> OrganizationPayloadCodec:
        organization_id = organization_of(getattr(context, "workflow_id", None))
        if organization_id == self.organization_id:
            return self
        return OrganizationPayloadCodec(self._keys, organization_id)

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        # Without an organization (a system workflow, or an operation Temporal gives no
        # workflow context) there is no tenant's key to use: such payloads stay as they are.
        if self.organization_id is None or not payloads:
            return list(payloads)
        key = await self._keys.current(self.organization_id)
        return [payload if is_encrypted(payload) else seal(key, payload) for payload in payloads]

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        decoded = []
        for payload in payloads:
            if not is_encrypted(payload):
                decoded.append(payload)
                continue
            organization_id = payload_organization(payload) or ""
            key_id = payload.metadata.get(KEY_ID, b"").decode("utf-8", "replace")
            key = await self._keys.find(organization_id, key_id)
            decoded.append(open_sealed(key, payload))
        return decoded


def payloads_in(message: Message) -> Iterator[Payload]:
    """Every payload inside ``message`` (a history event, a whole history), at any depth."""
    for descriptor, value in message.ListFields():
        if descriptor.message_type is None:
            continue
        if descriptor.message_type.GetOptions().map_entry:
            if descriptor.message_type.fields_by_name["value"].message_type is None:
                continue
            items: Iterable[Message] = value.values()
        elif descriptor.is_repeated:
            items = value
        else:
            items = [value]
        for item in items:
            if isinstance(item, Payload):
                yield item
            else:
                yield from payloads_in(item)


async def decode_in_place(codec: PayloadCodec, messages: Iterable[Message]) -> None:
    """Decode every payload inside ``messages`` where it is (what the Temporal UI does through
    the codec server): a history fetched raw, made readable."""
    for message in messages:
        for payload in list(payloads_in(message)):
            [decoded] = await codec.decode([payload])
            payload.CopyFrom(decoded)
