"""The codec server's wire format (Temporal's remote codec protocol) and who is calling it."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field


class CodecPayload(BaseModel):
    """A Temporal payload in the protocol's JSON: metadata values and data base64-encoded."""

    metadata: dict[str, str] = Field(default_factory=dict)
    data: str = ""


class CodecPayloads(BaseModel):
    payloads: list[CodecPayload] = Field(max_length=10_000)


@dataclass(frozen=True)
class CodecCaller:
    """Whose payloads the caller may read: every organization's (``None``), or one's."""

    organization_id: str | None
