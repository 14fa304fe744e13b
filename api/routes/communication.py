"""The organization's e-mail: template overrides (with preview), branding and lifecycle
settings (reminder offsets, follow-up, chasers, the weekly report), and the outbox."""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, BackgroundTasks, Depends, Path, Query, Request, status
from fastapi.responses import Response
from pydantic import BaseModel, EmailStr, Field, field_validator
from sqlalchemy import select

from api.deps import ActorDep, Authorize, TenantSession
from api.schemas import Limit, ListResponse, RequestBody, StartingAfter
from domain.audit import service as audit
from domain.notices import settings as notice_settings
from domain.notices import templates
from domain.notices.models import (
    OUTBOX_STATUSES,
    CommunicationSettings,
    EmailOutboxItem,
    EmailTemplate,
)
from domain.pagination import paginate
from domain.tenancy.access import Principal
from workflows.clients.lifecycle import ensure_report_schedule

log = logging.getLogger("auditoryx.api")
templates_router = APIRouter(prefix="/v1/email-templates", tags=["e-mail"])
settings_router = APIRouter(prefix="/v1/communication-settings", tags=["e-mail"])
outbox_router = APIRouter(prefix="/v1/email-outbox", tags=["e-mail"])
TemplateName = Annotated[
    str, Path(pattern=r"^[a-z_]{1,60}$", description="One of the built-in template names")
]
COLOR = r"^#[0-9a-fA-F]{6}$"
CRON_FIELD = re.compile(r"^[0-9A-Za-z*/,\-]+$")


# --- templates ------------------------------------------------------------------------------


class TemplateOut(BaseModel):
    object: Literal["email_template"] = "email_template"
    name: str
    overridden: bool
    subject: str
    html: str
    text: str
    version: int | None = None
    updated_at: datetime | None = None
    variables: list[str]


class TemplateBody(RequestBody):
    subject: str = Field(min_length=1, max_length=500)
    html: str = Field(min_length=1, max_length=200_000)
    text: str = Field(min_length=1, max_length=200_000)


class PreviewBody(RequestBody):
    subject: str | None = Field(default=None, max_length=500)
    html: str | None = Field(default=None, max_length=200_000)
    text: str | None = Field(default=None, max_length=200_000)
    context: dict[str, Any] = Field(
        default_factory=dict, description="Values that replace the sample data"
    )


class PreviewOut(BaseModel):
    object: Literal["email_preview"] = "email_preview"
    name: str
    subject: str
    html: str
    text: str


async def _template_out(session: Any, organization_id: str, name: str) -> TemplateOut:
    return _template_of(name, await session.get(EmailTemplate, (organization_id, name)))


def _template_of(name: str, row: EmailTemplate | None) -> TemplateOut:
    """The override ``row``, or the built-in template when there is none."""
    sources = templates.default_sources(name)
    variables = sorted([*templates.TEMPLATES[name].sample, "brand"])
    if row is None:
        return TemplateOut(name=name, overridden=False, variables=variables, **sources)
    return TemplateOut(
        name=name,
        overridden=True,
        subject=row.subject,
        html=row.html,
        text=row.text,
        version=row.version,
        updated_at=row.updated_at,
        variables=variables,
    )


@templates_router.get("", summary="Every template, with the organization's overrides")
async def list_templates(
    principal: Annotated[Principal, Depends(Authorize("organization:read"))],
    session: TenantSession,
) -> ListResponse[TemplateOut]:
    overrides = {
        row.name: row
        for row in (
            await session.execute(
                select(EmailTemplate).where(
                    EmailTemplate.organization_id == principal.organization_id
                )
            )
        ).scalars()
    }
    return ListResponse(
        data=[_template_of(name, overrides.get(name)) for name in sorted(templates.TEMPLATES)],
        has_more=False,
    )


@templates_router.get("/{name}", summary="A template: the override, or the built-in one")
async def get_template(
    name: TemplateName,
    principal: Annotated[Principal, Depends(Authorize("organization:read"))],
    session: TenantSession,
) -> TemplateOut:
    templates.default_sources(name)  # 404 for an unknown name
    return await _template_out(session, principal.organization_id, name)


@templates_router.put(
    "/{name}",
    summary="Override a template",
    responses={422: {"description": "Syntax error (with line), unsafe or unknown variable"}},
)
async def put_template(
    name: TemplateName,
    body: TemplateBody,
    principal: Annotated[Principal, Depends(Authorize("organization:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> TemplateOut:
    await templates.put_template(
        session,
        organization_id=principal.organization_id,
        name=name,
        sources=body.model_dump(),
        actor=actor,
    )
    return await _template_out(session, principal.organization_id, name)


@templates_router.delete(
    "/{name}", status_code=status.HTTP_204_NO_CONTENT, summary="Back to the built-in template"
)
async def delete_template(
    name: TemplateName,
    principal: Annotated[Principal, Depends(Authorize("organization:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    await templates.delete_template(
        session, organization_id=principal.organization_id, name=name, actor=actor
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@templates_router.post("/{name}/preview", summary="Render a template (or a draft) on sample data")
async def preview_template(
    name: TemplateName,
    principal: Annotated[Principal, Depends(Authorize("organization:read"))],
    session: TenantSession,
    actor: ActorDep,
    body: PreviewBody | None = None,
) -> PreviewOut:
    body = body or PreviewBody()
    current = await _template_out(session, principal.organization_id, name)
    sources = {
        "subject": body.subject if body.subject is not None else current.subject,
        "html": body.html if body.html is not None else current.html,
        "text": body.text if body.text is not None else current.text,
    }
    rendered = await templates.check_template(
        session,
        organization_id=principal.organization_id,
        name=name,
        sources=sources,
        actor=actor,
        context=body.context,
    )
    return PreviewOut(name=name, **rendered)


# --- settings -------------------------------------------------------------------------------


class SettingsOut(BaseModel):
    object: Literal["communication_settings"] = "communication_settings"
    brand_name: str | None
    primary_color: str
    accent_color: str
    logo_url: str | None
    reply_to: str | None
    timezone: str
    reminder_offsets_minutes: list[int]
    follow_up_after_minutes: int
    chaser_every_hours: int
    report_enabled: bool
    report_cron: str
    report_recipients: list[str]


def _offsets(values: list[int]) -> list[int]:
    for i, value in enumerate(values):
        if value <= 0:
            raise ValueError(
                f"offset {i} ({value}) is at or after the session's start; a reminder goes "
                "out before the session: give minutes before the start, e.g. 1440 for 24 h"
            )
    if len(set(values)) != len(values):
        raise ValueError("offsets must be different")
    return sorted(values, reverse=True)


class SettingsUpdate(RequestBody):
    brand_name: str | None = Field(default=None, max_length=200)
    primary_color: str | None = Field(default=None, pattern=COLOR)
    accent_color: str | None = Field(default=None, pattern=COLOR)
    logo_url: str | None = Field(default=None, max_length=1000)
    reply_to: EmailStr | None = None
    timezone: str | None = Field(default=None, max_length=64)
    reminder_offsets_minutes: list[int] | None = Field(
        default=None, max_length=5, description="Minutes before a session, e.g. [1440, 60]"
    )
    follow_up_after_minutes: int | None = Field(default=None, ge=1, le=30 * 24 * 60)
    chaser_every_hours: int | None = Field(default=None, ge=1, le=24 * 30)
    report_enabled: bool | None = None
    report_cron: str | None = Field(
        default=None, max_length=100, description="Five cron fields, e.g. `0 8 * * MON`"
    )
    report_recipients: list[EmailStr] | None = Field(default=None, max_length=50)

    @field_validator("reminder_offsets_minutes")
    @classmethod
    def _check_offsets(cls, value: list[int] | None) -> list[int] | None:
        if value is None:
            return None
        for i, minutes in enumerate(value):
            if minutes > 30 * 24 * 60:
                raise ValueError(f"offset {i} ({minutes}) is more than 30 days")
        return _offsets(value)

    @field_validator("logo_url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise ValueError("logo_url must be an https:// URL")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone '{value}'; use an IANA name") from None
        return value

    @field_validator("report_cron")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        if value is None:
            return None
        fields = value.split()
        if len(fields) != 5 or not all(CRON_FIELD.match(f) for f in fields):
            raise ValueError("report_cron needs five cron fields, e.g. '0 8 * * MON'")
        return " ".join(fields)


SETTINGS_FIELDS = tuple(name for name in SettingsOut.model_fields if name != "object")


def _snapshot(row: CommunicationSettings) -> dict[str, Any]:
    return {name: getattr(row, name) for name in SETTINGS_FIELDS}


def _settings_out(row: CommunicationSettings) -> SettingsOut:
    return SettingsOut(**_snapshot(row))


@settings_router.get("", summary="Branding, reminder offsets, chasers and the weekly report")
async def get_settings(
    principal: Annotated[Principal, Depends(Authorize("organization:read"))],
    session: TenantSession,
) -> SettingsOut:
    return _settings_out(await notice_settings.get_settings(session, principal.organization_id))


async def _sync_schedule(state: Any, organization_id: str, row: dict[str, Any]) -> None:
    client = await state.temporal.get()
    if client is None:
        return  # the worker's supervisor applies it on its next sweep
    try:
        await ensure_report_schedule(
            client,
            organization_id,
            cron=row["report_cron"],
            timezone=row["timezone"],
            enabled=row["report_enabled"],
            task_queue=state.settings.temporal_task_queue,
        )
    except Exception as exc:  # never fail a request that already succeeded
        log.warning("report schedule of %s not updated: %s", organization_id, exc)


@settings_router.patch("", summary="Change branding, reminders, chasers or the report")
async def update_settings(
    body: SettingsUpdate,
    request: Request,
    background: BackgroundTasks,
    principal: Annotated[Principal, Depends(Authorize("organization:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> SettingsOut:
    row = await notice_settings.get_settings(session, principal.organization_id)
    if row not in session:  # the defaults: stored from the first change on
        session.add(row)
    before = _snapshot(row)
    for field in body.model_fields_set:
        value = getattr(body, field)
        if value is None and field not in ("brand_name", "logo_url", "reply_to"):
            continue
        setattr(row, field, [str(v) for v in value] if field == "report_recipients" else value)
    await session.flush()
    after = _snapshot(row)
    await audit.record(
        session,
        organization_id=principal.organization_id,
        actor=actor,
        action="communication_settings.updated",
        target_type="organization",
        target_id=principal.organization_id,
        before=before,
        after=after,
    )
    if {"report_cron", "report_enabled", "timezone"} & body.model_fields_set:
        background.add_task(_sync_schedule, request.app.state, principal.organization_id, after)
    return _settings_out(row)


# --- outbox ---------------------------------------------------------------------------------


class OutboxOut(BaseModel):
    object: Literal["email"] = "email"
    id: str
    kind: str
    to: str
    subject: str
    status: str
    attempts: int
    last_error: str
    subject_id: str | None
    created_at: datetime
    sent_at: datetime | None


@outbox_router.get("", summary="E-mail the organization sent, is sending or dropped")
async def list_outbox(
    principal: Annotated[Principal, Depends(Authorize("organization:read"))],
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    status_: Annotated[Literal[OUTBOX_STATUSES] | None, Query(alias="status")] = None,  # type: ignore[valid-type]
    kind: Annotated[str | None, Query(max_length=40)] = None,
) -> ListResponse[OutboxOut]:
    stmt = select(EmailOutboxItem).where(
        EmailOutboxItem.organization_id == principal.organization_id
    )
    if status_:
        stmt = stmt.where(EmailOutboxItem.status == status_)
    if kind:
        stmt = stmt.where(EmailOutboxItem.kind == kind)
    page = await paginate(
        session, stmt, EmailOutboxItem.id, limit=limit, starting_after=starting_after
    )
    return ListResponse(
        data=[
            OutboxOut(
                id=m.id,
                kind=m.kind,
                to=m.to_address,
                subject=m.subject,
                status=m.status,
                attempts=m.attempts,
                last_error=m.last_error,
                subject_id=m.subject_id,
                created_at=m.created_at,
                sent_at=m.sent_at,
            )
            for m in page.items
        ],
        has_more=page.has_more,
    )
