"""Bar charts as plain SVG geometry, so a chart is readable without JavaScript (and by a
screen reader: the template gives it a title, a description and a data table).

Pure functions: series in, coordinates, tick values and labels out. Amounts are ``Decimal``s
of major units, never floats, until they become pixel positions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from domain.money import from_minor

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 30, 40


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class BarChart:
    id: str
    title: str
    description: str
    unit: str
    bars: list[Bar]
    ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def nice_step(maximum: Decimal, ticks: int = 5) -> Decimal:
    """A round tick step (1, 2 or 5 times a power of ten) giving at most ``ticks`` steps."""
    if maximum <= 0:
        return Decimal(1)
    raw = maximum / ticks
    power = Decimal(10) ** (raw.adjusted())
    for factor in (1, 2, 5, 10):
        step = power * factor
        if step >= raw:
            return step
    return power * 10  # pragma: no cover - the loop always returns


def _format(value: Decimal) -> str:
    if value >= 1_000_000:
        return f"{(value / 1_000_000).normalize():f}M"
    if value >= 10_000:
        return f"{(value / 1_000).normalize():f}k"
    return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:.2f}"


def bar_chart(chart_id: str, title: str, unit: str, points: list[tuple[str, Decimal]]) -> BarChart:
    """Vertical bars for labelled amounts, with a y axis of round ticks from zero."""
    peak = max((v for _, v in points), default=Decimal(0))
    step = nice_step(peak)
    top_value = step * max(1, int((peak / step).to_integral_value(rounding=ROUND_CEILING)))
    plot_h = HEIGHT - BOTTOM - TOP
    plot_w = WIDTH - RIGHT - LEFT
    slot = plot_w / max(1, len(points))

    def y_of(value: Decimal) -> float:
        return round(TOP + plot_h * float(1 - value / top_value), 1)

    ticks = []
    value = Decimal(0)
    while value <= top_value:
        ticks.append(Tick(y=y_of(value), label=_format(value)))
        value += step
    bars = [
        Bar(
            x=round(LEFT + slot * i + slot * 0.15, 1),
            y=y_of(amount),
            width=round(slot * 0.7, 1),
            height=round(y_of(Decimal(0)) - y_of(amount), 1),
            label=label,
            value=f"{amount:f}",
        )
        for i, (label, amount) in enumerate(points)
    ]
    total = sum((v for _, v in points), Decimal(0))
    description = (
        f"{title}: {len(points)} bars from {points[0][0]} to {points[-1][0]}, total {total:f} "
        f"{unit}, highest {peak:f} {unit}."
        if points
        else f"{title}: no data."
    )
    return BarChart(chart_id, title, description, unit, bars, ticks)


def monthly_chart(
    chart_id: str, title: str, currency: str, series: list[tuple[date, int]]
) -> BarChart:
    """A chart of one currency's amounts per month (minor units in)."""
    return bar_chart(
        chart_id,
        title,
        currency,
        [(f"{month:%b %Y}", from_minor(minor, currency)) for month, minor in series],
    )
