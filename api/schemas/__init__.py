"""Request and response models of the HTTP API.

The rule: **one schemas module per resource.** The models of ``api/routes/<resource>.py``
(request bodies, responses, and the pure functions that shape a domain row into a response,
``booking_out``) live in ``api/schemas/<resource>.py``; route modules import them from there
and define none. What several resources share (the bases below, list envelopes, id and page
parameters, ``money``; the bookable fields of creators and rooms in ``bookable``) lives here.

So a route module reads as parse, authorize, call one service, shape the response, and no
route module needs another one's models: route modules never import each other. A schemas
module imports the domain and ``api.schemas``, never ``api.routes`` or ``api.deps``; it does
no I/O (a response that needs a query is assembled by its route).
"""

from __future__ import annotations

from typing import Annotated, Generic, Literal, TypeVar

from fastapi import Path, Query
from pydantic import BaseModel, ConfigDict, Field

from domain.money import from_minor

T = TypeVar("T")

ID_PATTERN = r"^[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}$"


class RequestBody(BaseModel):
    """Request bodies reject unknown fields, so a typo is an error rather than ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ResponseBody(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# The optional body of an action that stops something (cancel, no-show). A comment, not a
# docstring: a docstring would become the schema's description in the OpenAPI document.
class Reason(RequestBody):
    reason: str = Field(default="", max_length=500)


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


def money(minor: int | None, currency: str) -> str | None:
    """An amount in minor units as a decimal string in ``currency`` (``None`` stays ``None``)."""
    return None if minor is None else str(from_minor(minor, currency))
