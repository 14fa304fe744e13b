"""The weekly report's schedule: a five-field cron expression, checked when it is saved, so
a schedule Temporal cannot run is a 422 naming ``report_cron``, not a warning in a log. The
report goes out at most once a day: one minute and one hour, any days."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CronField:
    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()  # names[i] stands for low + i


FIELDS = (
    CronField("minute", 0, 59),
    CronField("hour", 0, 23),
    CronField("day of month", 1, 31),
    CronField(
        "month",
        1,
        12,
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"),
    ),
    # 0 and 7 are both Sunday
    CronField("day of week", 0, 7, ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")),
)


def _value(text: str, field: CronField) -> int:
    upper = text.upper()
    if upper in field.names:
        return field.low + field.names.index(upper)
    if not text.isdigit():
        raise ValueError(f"{field.name}: '{text}' is not a number" + _names_hint(field))
    value = int(text)
    if not field.low <= value <= field.high:
        raise ValueError(f"{field.name}: {value} is outside {field.low}-{field.high}")
    return value


def _names_hint(field: CronField) -> str:
    return f" or one of {', '.join(field.names)}" if field.names else ""


def _check_item(item: str, field: CronField) -> None:
    base, slash, step = item.partition("/")
    if slash and (not step.isdigit() or not 1 <= int(step) <= field.high):
        raise ValueError(f"{field.name}: step '{step}' must be from 1 to {field.high}")
    if base == "*":
        return
    low, dash, high = base.partition("-")
    first = _value(low, field)
    if dash and first > _value(high, field):
        raise ValueError(f"{field.name}: range '{base}' runs backwards")


def check_cron(expression: str) -> str:
    """``expression`` with single spaces if it is five valid cron fields (numbers, names of
    months and weekdays, ``*``, ``a-b``, ``/step`` and lists), else a ``ValueError`` naming the
    field that is wrong."""
    parts = expression.split()
    if len(parts) != len(FIELDS):
        raise ValueError(
            f"needs five fields (minute hour day-of-month month day-of-week), e.g. "
            f"'0 8 * * MON'; got {len(parts)}"
        )
    for text, field in zip(parts, FIELDS, strict=True):
        for item in text.split(","):
            if not item:
                raise ValueError(f"{field.name}: empty item in '{text}'")
            _check_item(item, field)
    return " ".join(parts)


def check_report_cron(expression: str) -> str:
    """:func:`check_cron`, and at most once a day: the minute and the hour are one number
    each (the days, months and weekdays are free)."""
    normalized = check_cron(expression)
    minute, hour = normalized.split()[:2]
    if not (minute.isdigit() and hour.isdigit()):
        raise ValueError(
            "the report runs at most once a day: give one minute and one hour, "
            f"e.g. '0 8 * * MON' or '0 8 * * *'; got minute '{minute}', hour '{hour}'"
        )
    return normalized
