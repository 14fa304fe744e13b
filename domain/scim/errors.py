"""SCIM's own refusals, as domain errors carrying RFC 7644's ``scimType``."""

from __future__ import annotations

from typing import Any

from domain.errors import DomainError


class ScimError(DomainError):
    """A refusal with RFC 7644 §3.12's ``scimType`` (``invalidFilter``, ``uniqueness`` …)."""

    def __init__(self, status: int, scim_type: str | None, detail: str, **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        self.status = status
        self.scim_type = scim_type
        self.code = f"scim_{scim_type or status}"


def invalid_filter(detail: str) -> ScimError:
    return ScimError(400, "invalidFilter", detail, param="filter")


def invalid_value(detail: str, *, param: str | None = None) -> ScimError:
    return ScimError(400, "invalidValue", detail, param=param)


def invalid_path(detail: str) -> ScimError:
    return ScimError(400, "invalidPath", detail, param="path")


def uniqueness(detail: str, *, param: str | None = None) -> ScimError:
    return ScimError(409, "uniqueness", detail, param=param)


def version_mismatch() -> ScimError:
    return ScimError(
        412, None, "the resource has changed since the version in If-Match", param="If-Match"
    )
