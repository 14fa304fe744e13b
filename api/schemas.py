"""Shared request/response shapes: strict request bodies, list envelopes, id and page params."""

from __future__ import annotations

from typing import Annotated, Generic, Literal, TypeVar

from fastapi import Path, Query
from pydantic import BaseModel, ConfigDict

T = TypeVar("T")

ID_PATTERN = r"^[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}$"


class RequestBody(BaseModel):
    """Request bodies reject unknown fields, so a typo is an error rather than ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ResponseBody(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ListResponse(BaseModel, Generic[T]):
    object: Literal["list"] = "list"
    data: list[T]
    has_more: bool


def id_path(prefix: str) -> object:
    return Path(
        pattern=f"^{prefix}_[0-9a-hjkmnp-tv-z]{{26}}$",
        description=f"An id starting with `{prefix}_`",
    )


Limit = Annotated[int, Query(ge=1, le=100, description="Page size, 1 to 100")]
StartingAfter = Annotated[
    str | None,
    Query(pattern=ID_PATTERN, description="Cursor: the id of the last item of the previous page"),
]
