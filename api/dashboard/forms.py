"""What every dashboard form does with its input: the API's request schema applied to it,
a refusal that names a field shown beside that field, and the redirect after a change."""

from __future__ import annotations

from typing import Any

from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ValidationError

from domain.errors import DomainError

Errors = dict[str, str]


def schema_errors(schema: type[BaseModel], data: dict[str, Any]) -> tuple[Any, Errors]:
    """The API's request schema applied to a form: (model, {}) or (None, {field: message})."""
    try:
        return schema.model_validate(data), {}
    except ValidationError as exc:
        errors: Errors = {}
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "form"
            errors.setdefault(field, str(error["msg"]))
        return None, errors


def field_error(
    exc: DomainError, *, prefix: str = "", unnamed: str | None = None
) -> tuple[int, Errors]:
    """A refusal that names a field goes beside it, with the API's status; one that names no
    field goes beside ``unnamed`` when given (a quota, a provider that is down); any other
    refusal (a 404 above all) is re-raised for the error page."""
    if exc.status == 404:
        raise exc
    if exc.param is None:
        if unnamed is None:
            raise exc
        return exc.status, {unnamed: exc.detail}
    return exc.status, {prefix + exc.param: exc.detail}


def checked(form: Any, name: str = "permissions") -> list[str]:
    """The values of the ticked checkboxes called ``name``."""
    return [p for p in form.getlist(name) if isinstance(p, str)]


def done(path: str, notice: str) -> RedirectResponse:
    return RedirectResponse(f"{path}?done={notice}", status_code=303)
