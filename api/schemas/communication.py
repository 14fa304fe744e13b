"""Request and response models of ``api/routes/communication.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, EmailStr, Field, field_validator

from api.schemas import RequestBody
from domain.notices import report_cron, templates
from domain.notices.models import EmailTemplate

COLOR = r"^#[0-9a-fA-F]{6}$"


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


def template_out(name: str, row: EmailTemplate | None) -> TemplateOut:
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
        default=None,
        max_length=100,
        description="Five cron fields, at most once a day, e.g. `0 8 * * MON`",
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
        return report_cron.check_report_cron(value)


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
