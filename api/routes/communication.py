"""The organization's e-mail: template overrides (with preview), branding and lifecycle
settings (reminder offsets, follow-up, chasers, the weekly report), and the outbox."""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Path, Query, Request, status
from fastapi.responses import Response

from api.after_commit import sync_report_schedule
from api.deps import ActorDep, CanReadOrganization, CanWriteOrganization, TenantSession
from api.schemas import Limit, ListResponse, StartingAfter
from api.schemas.communication import (
    OutboxOut,
    PreviewBody,
    PreviewOut,
    SettingsOut,
    SettingsUpdate,
    TemplateBody,
    TemplateOut,
    template_out,
)
from domain.notices import mail, templates
from domain.notices import settings as notice_settings
from domain.notices.models import (
    OUTBOX_STATUSES,
    CommunicationSettings,
    EmailTemplate,
)

log = logging.getLogger("auditoryx.api")
templates_router = APIRouter(prefix="/v1/email-templates", tags=["e-mail"])
settings_router = APIRouter(prefix="/v1/communication-settings", tags=["e-mail"])
outbox_router = APIRouter(prefix="/v1/email-outbox", tags=["e-mail"])
TemplateName = Annotated[
    str, Path(pattern=r"^[a-z_]{1,60}$", description="One of the built-in template names")
]


# --- templates ------------------------------------------------------------------------------


async def _template_out(session: Any, organization_id: str, name: str) -> TemplateOut:
    return template_out(name, await session.get(EmailTemplate, (organization_id, name)))


@templates_router.get("", summary="Every template, with the organization's overrides")
async def list_templates(
    principal: CanReadOrganization,
    session: TenantSession,
) -> ListResponse[TemplateOut]:
    overrides = {
        row.name: row
        for row in await templates.template_overrides(
            session, organization_id=principal.organization_id
        )
    }
    return ListResponse(
        data=[template_out(name, overrides.get(name)) for name in sorted(templates.TEMPLATES)],
        has_more=False,
    )


@templates_router.get("/{name}", summary="A template: the override, or the built-in one")
async def get_template(
    name: TemplateName,
    principal: CanReadOrganization,
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
    principal: CanWriteOrganization,
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
    principal: CanWriteOrganization,
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
    principal: CanReadOrganization,
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


def _settings_out(row: CommunicationSettings) -> SettingsOut:
    return SettingsOut(**notice_settings.snapshot(row))


@settings_router.get("", summary="Branding, reminder offsets, chasers and the weekly report")
async def get_settings(
    principal: CanReadOrganization,
    session: TenantSession,
) -> SettingsOut:
    return _settings_out(await notice_settings.get_settings(session, principal.organization_id))


@settings_router.patch(
    "",
    summary="Change branding, reminders, chasers or the report",
    responses={422: {"description": "A recipient or reply-to outside the organization, etc."}},
)
async def update_settings(
    body: SettingsUpdate,
    request: Request,
    background: BackgroundTasks,
    principal: CanWriteOrganization,
    session: TenantSession,
    actor: ActorDep,
) -> SettingsOut:
    row = await notice_settings.update_settings(
        session,
        organization_id=principal.organization_id,
        changes=body.model_dump(include=body.model_fields_set),
        actor=actor,
    )
    if {"report_cron", "report_enabled", "timezone"} & body.model_fields_set:
        background.add_task(
            sync_report_schedule,
            request.app.state,
            principal.organization_id,
            notice_settings.snapshot(row),
        )
    return _settings_out(row)


# --- outbox ---------------------------------------------------------------------------------


@outbox_router.get("", summary="E-mail the organization sent, is sending or dropped")
async def list_outbox(
    principal: CanReadOrganization,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    status_: Annotated[Literal[OUTBOX_STATUSES] | None, Query(alias="status")] = None,  # type: ignore[valid-type]
    kind: Annotated[str | None, Query(max_length=40)] = None,
) -> ListResponse[OutboxOut]:
    page = await mail.list_outbox(
        session,
        organization_id=principal.organization_id,
        status=status_,
        kind=kind,
        limit=limit,
        starting_after=starting_after,
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
