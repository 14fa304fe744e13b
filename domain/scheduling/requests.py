"""What a caller asks the planner for and what it answers: session requests (fixed or open),
and the plan with a reason for every session it could not place."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from domain.dates import Timestamp
from domain.money import check_currency, to_minor
from domain.scheduling import availability

ID = r"^[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}$"
MAX_ITEMS = 5000
MAX_WINDOW = timedelta(days=62)
MAX_DURATION_MINUTES = 14 * 24 * 60
SKILL_PATTERN = r"^[a-z0-9][a-z0-9 _.+/&-]{0,59}$"

ReasonCode = Literal[
    "no_creator_with_skill",
    "over_budget",
    "currency_mismatch",
    "no_free_slot_in_window",
    "outside_timezones",
    "dependency_unplaceable",
    "dependency_order",
    "room_unavailable",
    "creator_unavailable",
    "capacity",
    "booking_conflict",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SkillNeed(_Strict):
    skill: str = Field(
        min_length=1, max_length=60, description="Lower-case skill name, e.g. `mixing`"
    )
    min_level: int = Field(default=1, ge=1, le=5, description="1 (learning) … 5 (world class)")

    @field_validator("skill")
    @classmethod
    def _lower(cls, value: str) -> str:
        if value != value.lower():
            raise ValueError("skills are lower-case names, e.g. 'mixing'")
        return value


class MoneyIn(_Strict):
    """An amount as a decimal string in an ISO 4217 currency (never a float)."""

    amount: Decimal = Field(ge=0, max_digits=14, description='Decimal string, e.g. "80.00"')
    currency: str = Field(min_length=3, max_length=3)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str, info: ValidationInfo) -> str:
        check_currency(value)
        amount = info.data.get("amount")
        if amount is not None:
            to_minor(amount, value)  # refuses more decimals than the currency has
        return value

    @property
    def minor(self) -> int:
        return to_minor(self.amount, self.currency)


def _check_zone_pattern(value: str) -> str:
    """An IANA zone (``Europe/Berlin``) or a region wildcard (``Europe/*``)."""
    if value.endswith("/*"):
        region = value[:-1]
        if not any(z.startswith(region) for z in availability._known_zones()):
            raise ValueError(f"no timezone starts with '{region}'")
        return value
    availability.zone(value)
    return value


class SessionRequest(_Strict):
    """One session to plan: fixed (``creator_id``, ``start``, ``room_id``) or open (``skills``,
    a window, ``needs_room``), in any mix. Field order matters: each validator sees the fields
    declared before it, so an error names the field that is wrong."""

    ref: str | None = Field(default=None, max_length=120, description="Your own label")
    title: str | None = Field(default=None, max_length=200)
    artist_id: str | None = Field(default=None, pattern=ID)
    client_id: str | None = Field(default=None, pattern=ID)
    project_id: str | None = Field(default=None, pattern=ID)
    creator_id: str | None = Field(default=None, pattern=ID, description="A fixed creator")
    # validate_default: the checks below must also run when the field is left out.
    skills: list[SkillNeed] = Field(
        default_factory=list,
        max_length=10,
        validate_default=True,
        description="For an open session: who is needed",
    )
    duration_minutes: int = Field(ge=5, le=MAX_DURATION_MINUTES)
    start: Timestamp | None = Field(default=None, description="A fixed start")
    window_start: Timestamp | None = None
    window_end: Timestamp | None = Field(default=None, validate_default=True)
    room_id: str | None = Field(default=None, pattern=ID, description="A fixed room")
    needs_room: bool = Field(default=False, description="Any active room will do")
    max_hourly_rate: MoneyIn | None = Field(
        default=None, description="Budget per hour for the creator (rooms are not counted)"
    )
    timezones: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Acceptable creator timezones: IANA names or regions such as `Europe/*`",
    )
    depends_on: list[int] = Field(
        default_factory=list,
        max_length=50,
        description="Indices of sessions in the same list that must end before this starts",
    )
    preferred_creator_ids: list[str] = Field(default_factory=list, max_length=20)

    @field_validator("skills")
    @classmethod
    def _who(cls, skills: list[SkillNeed], info: ValidationInfo) -> list[SkillNeed]:
        has_creator = info.data.get("creator_id") is not None
        if has_creator and skills:
            raise ValueError("give creator_id or skills, not both")
        if not has_creator and not skills and "creator_id" in info.data:
            raise ValueError("an open session needs skills (or a fixed creator_id)")
        names = [s.skill for s in skills]
        if len(set(names)) != len(names):
            raise ValueError("each skill once")
        return skills

    @field_validator("window_end")
    @classmethod
    def _when(cls, window_end: datetime | None, info: ValidationInfo) -> datetime | None:
        start, window_start = info.data.get("start"), info.data.get("window_start")
        duration = info.data.get("duration_minutes")
        if start is not None:
            if window_start is not None or window_end is not None:
                raise ValueError("give start or window_start/window_end, not both")
            return window_end
        if "start" not in info.data or "window_start" not in info.data:
            return window_end  # already reported on that field
        if window_start is None or window_end is None:
            raise ValueError("an open session needs window_start and window_end (or a start)")
        if window_end <= window_start:
            raise ValueError("window_end must be after window_start")
        if window_end - window_start > MAX_WINDOW:
            raise ValueError("a window spans at most 62 days")
        if duration is not None and window_end - window_start < timedelta(minutes=duration):
            raise ValueError("the window is shorter than the session")
        return window_end

    @field_validator("timezones")
    @classmethod
    def _zones(cls, values: list[str]) -> list[str]:
        return [_check_zone_pattern(v) for v in values]

    @field_validator("depends_on")
    @classmethod
    def _deps(cls, values: list[int]) -> list[int]:
        if any(v < 0 for v in values):
            raise ValueError("indices are 0 or more")
        if len(set(values)) != len(values):
            raise ValueError("each dependency once")
        return values

    @field_validator("preferred_creator_ids")
    @classmethod
    def _preferred(cls, values: list[str]) -> list[str]:
        import re

        for value in values:
            if not re.match(ID, value):
                raise ValueError(f"'{value}' is not a creator id")
        return values

    @property
    def is_open(self) -> bool:
        return self.creator_id is None or self.start is None

    @property
    def wants_room(self) -> bool:
        return self.room_id is not None or self.needs_room


class PlanReason(BaseModel):
    """Why a session could not be placed: the constraint family that alone rules it out. A
    fixed session blocked by existing bookings says what a single booking would: who is in the
    way and the nearest free slots (``booking_conflict``)."""

    code: ReasonCode
    detail: str
    conflicting_bookings: list[dict[str, Any]] | None = None
    suggested_slots: list[dict[str, str]] | None = None


class PlanItem(BaseModel):
    index: int
    ref: str | None = None
    placed: bool
    creator_id: str | None = None
    room_id: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    price_minor: int | None = Field(default=None, description="Creator plus room, minor units")
    currency: str | None = None
    reason: PlanReason | None = None
    score: float | None = Field(default=None, description="Match score of the chosen creator")
    preference: int | None = Field(
        default=None, description="1 when a preferred creator was chosen, else 0"
    )


class Plan(BaseModel):
    status: Literal["optimal", "feasible", "partial", "infeasible"]
    items: list[PlanItem]
    total_cost_minor: int
    currency: str
    totals_by_currency: dict[str, int] = Field(default_factory=dict)
    objective: str
    optimality_gap: float | None = None
    solve_ms: int
