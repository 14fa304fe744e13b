"""What every dashboard form shares: the API's schema applied to a form, a refusal put beside
the field it names, the redirect after a change, and the fields that carry lists and versions.

A form is validated with the API route's own request schema and changed by the service that
route calls, so a page and the API can never disagree about what is allowed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ValidationError

from api.dashboard.web import PageContext, check_csrf
from domain.errors import DomainError

CSRF = Annotated[str, Form(max_length=100)]
Errors = dict[str, str]


FIELD_BYTES = 1024 * 1024


async def posted(
    request: Request, ctx: PageContext, permission: str, *, field_bytes: int = FIELD_BYTES
) -> Any:
    """The submitted form, once its CSRF token is checked and the member holds
    ``permission`` (the API's, on the member's principal). One field holds at most
    ``field_bytes`` (the request's own bound is the body limit)."""
    form = await request.form(max_part_size=field_bytes)
    check_csrf(request, ctx.csrf_token, str(form.get("csrf_token", "")))
    ctx.require(permission)
    return form


def schema_errors(schema: type[BaseModel], data: dict[str, Any]) -> tuple[Any, Errors]:
    """The API's request schema applied to a form: (model, {}) or (None, {field: message})."""
    try:
        return schema.model_validate(data), {}
    except ValidationError as exc:
        errors: Errors = {}
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "form"
            errors.setdefault(field, str(error["msg"]).removeprefix("Value error, "))
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


def placed(errors: Errors, fields: set[str]) -> Errors:
    """Errors as a form shows them: beside their field when the form has it, else together
    above the form (``form``), so no refusal goes unseen."""
    shown = {k: v for k, v in errors.items() if k in fields}
    rest = [v if k == "form" else f"{k}: {v}" for k, v in errors.items() if k not in fields]
    if rest:
        shown["form"] = " ".join(rest)
    return shown


def done(path: str, notice: str) -> RedirectResponse:
    """After a change: back to ``path`` (GET), which shows ``notice``."""
    return RedirectResponse(f"{path}?done={notice}", status_code=303)


def split_list(value: str) -> list[str]:
    """A list typed into one field, comma-separated; blanks dropped."""
    return [item.strip() for item in value.split(",") if item.strip()]


def version_of(row: Any) -> str:
    """The version an edit form carries: the row's ``updated_at`` when the form was drawn."""
    stamp: datetime = row.updated_at
    return stamp.isoformat()
