"""The model side of sealed personal fields (domain/keys/sealed.py): a field that holds its
opened value, and the marker of columns never copied into audit diffs. Imports nothing of the
domain, so models may use it."""

from __future__ import annotations

import copy
from typing import Generic, TypeVar, overload

# Column ``info`` of sealed columns and of the clear columns they replace: never copied into
# audit diffs (domain/records.py), which live in the data database and its backups.
SEALED_COLUMN = {"sealed": True}
INDEXED_FIELD = "email"

T = TypeVar("T")


class SealedValueNotOpened(RuntimeError):
    """A sealed field was read from a row nobody opened: a reader that loads rows of a person
    must call :meth:`Sealing.open` (a bug, never a user's error)."""


class OpenedValue(Generic[T]):
    """A person's field, opened from its ``<name>_sealed`` column (not a column itself)."""

    def __init__(self, default: T) -> None:
        self.default = default
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> OpenedValue[T]: ...
    @overload
    def __get__(self, obj: object, owner: type) -> T: ...
    def __get__(self, obj: object | None, owner: type) -> OpenedValue[T] | T:
        if obj is None:
            return self
        try:
            value: T = obj.__dict__[f"_opened_{self.name}"]
        except KeyError:
            raise SealedValueNotOpened(
                f"{type(obj).__name__}.{self.name} is sealed and was not opened "
                "(Sealing.open after loading)"
            ) from None
        return value

    def __set__(self, obj: object, value: T) -> None:
        # A list default (an artist's links) is copied: rows never share one list object.
        default = copy.copy(self.default)
        obj.__dict__[f"_opened_{self.name}"] = default if value is None else value
