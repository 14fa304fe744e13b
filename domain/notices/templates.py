"""Branded e-mail templates: the built-in ones, an organization's overrides (checked by a trial
render before they are stored), and rendering in jinja2's sandbox."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import set_tenant
from core.render_pool import render_user_template
from core.templating import LIMITS, RenderLimitExceeded, render, render_string, source_of
from domain import records
from domain.audit import service as audit
from domain.errors import Conflict, InvalidRequest, NotFound
from domain.notices.models import EmailTemplate
from domain.notices.settings import brand_of, get_settings

log = logging.getLogger("auditoryx.mail")


@dataclass(frozen=True, slots=True)
class TemplateSpec:
    subject: str
    sample: dict[str, Any]


_BOOKING_SAMPLE: dict[str, Any] = {
    "recipient_name": "Alex Rivera",
    "title": "Vocal tracking",
    "creator_name": "Pat Producer",
    "room_name": "Studio A",
    "start_local": "Tue 3 Mar 2026, 10:00",
    "end_local": "14:00",
    "timezone": "Europe/Berlin",
    "until_start": "24 hours",
    "booking_id": "bkg_sample",
    "previous_start_local": "Mon 2 Mar 2026, 10:00",
    "reason": "",
    "status": "confirmed",
}

TEMPLATES: dict[str, TemplateSpec] = {
    "approval_request": TemplateSpec(
        "Approval needed: {{ summary }}",
        {
            "member_name": "Mara Manager",
            "kind": "request",
            "summary": "Pat Producer · 2026-03-03T10:00:00+00:00",
            "step_name": "Manager review",
            "link": "https://app.example/a/sample",
            "expires": "2026-03-06 10:00",
        },
    ),
    "booking_confirmed": TemplateSpec(
        "Confirmed: {{ title }} — {{ start_local }}", _BOOKING_SAMPLE
    ),
    "booking_rescheduled": TemplateSpec(
        "Moved: {{ title }} — now {{ start_local }}", _BOOKING_SAMPLE
    ),
    "booking_cancelled": TemplateSpec(
        "Cancelled: {{ title }} — {{ start_local }}", _BOOKING_SAMPLE
    ),
    "reminder": TemplateSpec("Reminder: {{ title }} in {{ until_start }}", _BOOKING_SAMPLE),
    "follow_up": TemplateSpec("How did it go? {{ title }}", _BOOKING_SAMPLE),
    "chaser": TemplateSpec(
        "Still waiting: {{ summary }}",
        {
            "recipient_name": "Mara Manager",
            "subject_type": "approval",
            "summary": "Pat Producer · Tue 3 Mar 2026, 10:00",
            "waiting_for": "2 days",
            "cycle": 2,
        },
    ),
    "weekly_report": TemplateSpec(
        "{{ brand.name }} — week to {{ period_end }}",
        {
            "period_start": "2026-02-23",
            "period_end": "2026-03-02",
            "sessions_booked": 12,
            "sessions_completed": 9,
            "pending_approvals": 2,
            "projects": [
                {"name": "Album One", "spent": "4200.00", "budget": "10000.00", "currency": "EUR"}
            ],
            "upcoming_milestones": [
                {"project": "Album One", "name": "Mixing", "due_local": "Fri 6 Mar 2026"}
            ],
        },
    ),
    "organization_deletion_requested": TemplateSpec(
        "{{ brand.name }}: {{ organization_name }} will be deleted on {{ delete_on }}",
        {
            "recipient_name": "Olive Owner",
            "organization_name": "Northside Records",
            "delete_on": "2026-03-31 09:00",
        },
    ),
    "trial_reminder": TemplateSpec(
        "{{ brand.name }}: your trial ends in {{ days_left }} "
        "day{{ '' if days_left == 1 else 's' }}",
        {
            "recipient_name": "Mara Manager",
            "organization_name": "Northside Records",
            "plan": "pilot",
            "days_left": 7,
            "ends_on": "2026-03-31",
        },
    ),
}
FIELDS = ("subject", "html", "text")
# Two first overrides of one template written at the same instant: the second is told.
TEMPLATE_CHANGED = {
    "pk_email_templates": (
        "someone else saved this template at the same time; reload it",
        "version",
    )
}


@dataclass(frozen=True, slots=True)
class RenderedMail:
    subject: str
    html: str
    text: str
    reply_to: str | None
    custom_subject: bool = False
    sender_name: str | None = None


# --- rendering ------------------------------------------------------------------------------


def _builtin(name: str, field: str, context: dict[str, Any]) -> str:
    if field == "subject":
        return render_string(TEMPLATES[name].subject, autoescape=False, **context)
    return render(f"mail/{name}.{'html' if field == 'html' else 'txt'}", **context)


async def _render_source(source: str, field: str, context: dict[str, Any]) -> str:
    return await render_user_template(source, autoescape=field == "html", context=context)


def _one_line(value: str) -> str:
    return " ".join(value.split())[:500]


async def render_email(
    session: AsyncSession, organization_id: str, name: str, context: dict[str, Any]
) -> RenderedMail:
    """Render ``name`` for the organization: its override where it has one, the built-in
    template otherwise (also when a stored override fails, e.g. goes over its render budget
    on this mail's data: logged, never fatal)."""
    settings = await get_settings(session, organization_id)
    brand = await brand_of(session, settings)
    full = {**context, "brand": brand}
    override = await session.get(EmailTemplate, (organization_id, name))
    parts: dict[str, str] = {}
    custom: set[str] = set()
    for field in FIELDS:
        source = getattr(override, field, None) if override is not None else None
        if source:
            try:
                parts[field] = await _render_source(source, field, full)
                custom.add(field)
                continue
            except (TemplateError, SecurityError) as exc:
                log.warning(
                    "template override %s.%s of %s failed (%s); using the built-in one",
                    name,
                    field,
                    organization_id,
                    exc,
                )
        parts[field] = _builtin(name, field, full)
    return RenderedMail(
        subject=_one_line(parts["subject"]),
        html=parts["html"],
        text=parts["text"],
        reply_to=settings.reply_to,
        custom_subject="subject" in custom,
        sender_name=brand["name"],
    )


def _known(name: str) -> TemplateSpec:
    if name not in TEMPLATES:
        raise NotFound(
            f"no e-mail template '{name}'; templates: {', '.join(sorted(TEMPLATES))}",
            param="name",
        )
    return TEMPLATES[name]


def default_sources(name: str) -> dict[str, str]:
    _known(name)
    return {
        "subject": TEMPLATES[name].subject,
        "html": source_of(f"mail/{name}.html"),
        "text": source_of(f"mail/{name}.txt"),
    }


async def check_template(
    session: AsyncSession,
    *,
    organization_id: str,
    name: str,
    sources: dict[str, str],
    actor: audit.Actor,
    context: dict[str, Any] | None = None,
) -> dict[str, str]:
    """Parse and trial-render each part on sample data; returns the rendered parts.

    Syntax errors are a 422 with the line and message; a sandbox violation is a 422 and is
    recorded in the audit log (``email_template.rejected``) and the application log; a
    template over its render budget is a 422 naming the limit (``template_too_expensive``).
    """
    spec = _known(name)
    settings = await get_settings(session, organization_id)
    full = {**spec.sample, **(context or {}), "brand": await brand_of(session, settings)}
    out: dict[str, str] = {}
    for field in FIELDS:
        source = sources[field]
        try:
            out[field] = await _render_source(source, field, full)
        except RenderLimitExceeded as exc:
            log.warning(
                "refused e-mail template %s.%s of %s: over its budget: %s",
                name,
                field,
                organization_id,
                exc,
            )
            raise InvalidRequest(
                f"{field}: {exc.message}",
                param=field,
                code="template_too_expensive",
                extra={"limit": exc.limit}
                | ({"maximum": LIMITS[exc.limit]} if exc.limit in LIMITS else {}),
            ) from None
        except TemplateSyntaxError as exc:
            raise InvalidRequest(
                f"{field}: line {exc.lineno}: {exc.message}",
                param=field,
                code="template_syntax_error",
                extra={"line": exc.lineno, "message": exc.message},
            ) from None
        except SecurityError as exc:
            log.warning(
                "refused e-mail template %s.%s of %s: sandbox violation: %s",
                name,
                field,
                organization_id,
                exc,
            )
            await _record_rejection(
                session, organization_id, actor, name, field, f"sandbox violation: {exc}"
            )
            raise InvalidRequest(
                f"{field}: the template tries to reach something templates may not use ({exc})",
                param=field,
                code="template_unsafe",
            ) from None
        except UndefinedError as exc:
            raise InvalidRequest(
                f"{field}: {exc.message}; variables of '{name}': "
                + ", ".join(sorted([*spec.sample, "brand"])),
                param=field,
                code="template_undefined",
            ) from None
        except TemplateError as exc:
            raise InvalidRequest(
                f"{field}: {exc.message or type(exc).__name__}",
                param=field,
                code="template_error",
            ) from None
    out["subject"] = _one_line(out["subject"])
    return out


async def _record_rejection(
    session: AsyncSession,
    organization_id: str,
    actor: audit.Actor,
    name: str,
    field: str,
    reason: str,
) -> None:
    """Audit the refusal in a transaction of its own: the request's rolls back with the 422,
    and an attempt to break out of the sandbox must stay on record."""
    async with AsyncSession(bind=session.bind) as own, own.begin():
        await set_tenant(own, [organization_id])
        await audit.record(
            own,
            organization_id=organization_id,
            actor=actor,
            action="email_template.rejected",
            target_type="email_template",
            target_id=name,
            after={"field": field, "reason": reason[:500]},
        )


async def put_template(
    session: AsyncSession,
    *,
    organization_id: str,
    name: str,
    sources: dict[str, str],
    actor: audit.Actor,
    expected_version: int | None = None,
) -> EmailTemplate:
    """Store an override once it passed :func:`check_template` (the old one stays otherwise,
    since the check raises before anything is written); audited with the parts it changed,
    before and after.

    ``expected_version`` (0: no override yet) refuses, with a 409, an edit made on a version
    someone else has changed since; without it the last write wins. Two first overrides
    written at the same instant: one is stored, the other is a 409, never a 500.
    """
    await check_template(
        session, organization_id=organization_id, name=name, sources=sources, actor=actor
    )
    row = await session.get(EmailTemplate, (organization_id, name), with_for_update=True)
    if expected_version is not None and (row.version if row else 0) != expected_version:
        raise Conflict(
            f"someone changed the template '{name}' since you opened it (now "
            + (f"version {row.version}" if row else "the built-in one")
            + "); reload it, then apply your change again",
            param="version",
            code="template_changed",
        )
    # What the organization's mail said until now (the built-in template if it had no
    # override): the audit record keeps the diff of what this edit changed.
    before = {f: getattr(row, f) for f in FIELDS} if row is not None else default_sources(name)
    if row is None:
        row = EmailTemplate(
            organization_id=organization_id, name=name, version=1, updated_by=actor.id, **sources
        )
        await records.flush_or_conflict(session, TEMPLATE_CHANGED, add=row)
    else:
        for field in FIELDS:
            setattr(row, field, sources[field])
        row.version += 1
        row.updated_by = actor.id
    await session.flush()
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="email_template.updated",
        target_type="email_template",
        target_id=name,
        before=before,
        after=dict(sources),
    )
    return row


async def delete_template(
    session: AsyncSession, *, organization_id: str, name: str, actor: audit.Actor
) -> None:
    _known(name)
    row = await session.get(EmailTemplate, (organization_id, name))
    if row is None:
        raise NotFound(f"'{name}' has no override; it already uses the built-in template")
    before = {f: getattr(row, f) for f in FIELDS}
    await session.delete(row)
    await session.flush()
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="email_template.deleted",
        target_type="email_template",
        target_id=name,
        before=before,
        after=default_sources(name),
    )


async def template_overrides(session: AsyncSession, *, organization_id: str) -> list[EmailTemplate]:
    """The organization's overrides of the built-in templates (at most one per name)."""
    stmt = select(EmailTemplate).where(EmailTemplate.organization_id == organization_id)
    return list((await session.execute(stmt)).scalars())
