"""Dates and timestamps the API accepts: ISO 8601, within the years 1900 to 2999.

Calendar arithmetic near the ends of Python's calendar (year 1, year 9999) overflows, and a
number is not a date (pydantic would read ``"0.5"`` as seconds since 1970). Every date and
timestamp a request carries is one of these types, so such input is a 422 naming the field
and no computation ever reaches the edge of the calendar.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BeforeValidator

EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)
_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def _not_a_number(value: Any) -> Any:
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError("use ISO 8601, such as 2030-06-03 or 2030-06-03T10:00:00Z")
    return value


def _within_day(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"dates are between {EARLIEST} and {LATEST}")
    return value


def _within_timestamp(value: datetime) -> datetime:
    _within_day(value.astimezone(UTC).date())
    return value


Day = Annotated[date, BeforeValidator(_not_a_number), AfterValidator(_within_day)]
Timestamp = Annotated[
    AwareDatetime, BeforeValidator(_not_a_number), AfterValidator(_within_timestamp)
]
