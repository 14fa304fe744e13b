"""Charts as plain SVG geometry, so a chart is readable without JavaScript (and by a screen
reader: the template gives it a title, a description and a data table).

Pure functions: series in, coordinates, tick values and labels out. Amounts are ``Decimal``s
of major units, never floats, until they become pixel positions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 30, 40
PLOT_H = HEIGHT - BOTTOM - TOP
PLOT_W = WIDTH - RIGHT - LEFT


@dataclass(frozen=True, slots=True)
class Segment:
    """One series' part of a (stacked) bar."""

    series: int
    y: float
    height: float
    title: str


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    width: float
    label: str
    values: list[str]
    segments: list[Segment]
    total: str
    short: str = ""


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
    series: list[str] = field(default_factory=list)
    kind: str = "bars"
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
    if value < 0:
        return f"-{_format(-value)}"
    if value >= 1_000_000:
        return f"{(value / 1_000_000).normalize():f}M"
    if value >= 10_000:
        return f"{(value / 1_000).normalize():f}k"
    return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:.2f}"


@dataclass(frozen=True, slots=True)
class Scale:
    """A y axis from ``low`` to ``high`` (round tick values) over the plot's height."""

    low: Decimal
    high: Decimal
    step: Decimal

    @classmethod
    def spanning(cls, lowest: Decimal, highest: Decimal) -> Scale:
        lowest, highest = min(lowest, Decimal(0)), max(highest, Decimal(0))
        step = nice_step(highest - lowest)
        low = step * (lowest / step).to_integral_value(rounding=ROUND_FLOOR)
        high = step * max(1, int((highest / step).to_integral_value(rounding=ROUND_CEILING)))
        return cls(low, high, step)

    def y(self, value: Decimal) -> float:
        return round(TOP + PLOT_H * float((self.high - value) / (self.high - self.low)), 1)

    def ticks(self) -> list[Tick]:
        ticks, value = [], self.low
        while value <= self.high:
            ticks.append(Tick(y=self.y(value), label=_format(value)))
            value += self.step
        return ticks


def stacked_chart(
    chart_id: str,
    title: str,
    unit: str,
    series: Sequence[str],
    points: Sequence[tuple[str, Sequence[Decimal]]],
    *,
    short_labels: Sequence[str] | None = None,
) -> BarChart:
    """Vertical bars for labelled amounts, one segment per series stacked from zero
    (``short_labels``, if given, label the x axis where the full labels would collide)."""
    totals = [sum(values, Decimal(0)) for _label, values in points]
    scale = Scale.spanning(Decimal(0), max(totals, default=Decimal(0)))
    slot = PLOT_W / max(1, len(points))
    bars = []
    for i, (label, values) in enumerate(points):
        segments, base = [], Decimal(0)
        for index, amount in enumerate(values):
            top = base + amount
            name = f"{label}, {series[index]}" if len(series) > 1 else label
            segments.append(
                Segment(
                    series=index,
                    y=scale.y(top),
                    height=round(scale.y(base) - scale.y(top), 1),
                    title=f"{name}: {amount:f} {unit}",
                )
            )
            base = top
        bars.append(
            Bar(
                x=round(LEFT + slot * i + slot * 0.15, 1),
                width=round(slot * 0.7, 1),
                label=label,
                values=[f"{v:f}" for v in values],
                segments=segments,
                total=f"{totals[i]:f}",
                short=short_labels[i] if short_labels else label,
            )
        )
    total = sum(totals, Decimal(0))
    peak = max(totals, default=Decimal(0))
    description = (
        f"{title}: {len(points)} bars from {points[0][0]} to {points[-1][0]}, total {total:f} "
        f"{unit}, highest {peak:f} {unit}."
        if points
        else f"{title}: no data."
    )
    if len(series) > 1:
        description += f" Each bar stacks {' and '.join(series)}."
    return BarChart(chart_id, title, description, unit, bars, scale.ticks(), list(series))


def bar_chart(chart_id: str, title: str, unit: str, points: list[tuple[str, Decimal]]) -> BarChart:
    """Vertical bars for labelled amounts, with a y axis of round ticks from zero."""
    return stacked_chart(chart_id, title, unit, [unit], [(lbl, [v]) for lbl, v in points])


def month_label(month: date) -> str:
    return f"{month:%b %Y}"


def short_month_label(month: date) -> str:
    return f"{month:%b %y}"


# --- forecast: history, forecast line and its prediction intervals --------------------------


@dataclass(frozen=True, slots=True)
class ForecastRow:
    label: str
    actual: str
    forecast: str
    range_80: str
    range_95: str


@dataclass(frozen=True, slots=True)
class Marker:
    x: float
    y: float
    title: str


@dataclass(frozen=True, slots=True)
class ForecastChart:
    id: str
    title: str
    description: str
    unit: str
    ticks: list[Tick]
    history_line: str
    forecast_line: str
    band_80: str
    band_95: str
    markers: list[Marker]
    x_labels: list[tuple[float, str]]
    divider_x: float
    rows: list[ForecastRow]
    mape: str | None
    kind: str = "forecast"
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


@dataclass(frozen=True, slots=True)
class ForecastMonth:
    month: date
    value: Decimal
    lower_80: Decimal
    upper_80: Decimal
    lower_95: Decimal
    upper_95: Decimal


def _points(xy: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x},{y}" for x, y in xy)


def forecast_chart(
    chart_id: str,
    title: str,
    unit: str,
    history: Sequence[tuple[date, Decimal]],
    forecast: Sequence[ForecastMonth],
    *,
    method: str,
    mape: Decimal | None,
) -> ForecastChart:
    """Actual months as a line, the forecast as a dashed line from the last actual month,
    its 80 % and 95 % prediction intervals as bands around it."""
    values = [v for _m, v in history] + [f.upper_95 for f in forecast]
    lows = [v for _m, v in history] + [f.lower_95 for f in forecast]
    scale = Scale.spanning(min(lows, default=Decimal(0)), max(values, default=Decimal(0)))
    count = len(history) + len(forecast)
    slot = PLOT_W / max(1, count)

    def x(i: int) -> float:
        return round(LEFT + slot * (i + 0.5), 1)

    past = [(x(i), scale.y(v)) for i, (_m, v) in enumerate(history)]
    ahead = [(x(len(history) + i), scale.y(f.value)) for i, f in enumerate(forecast)]
    anchor = past[-1:]  # the forecast and its bands start at the last actual month

    def band(lower: list[Decimal], upper: list[Decimal]) -> str:
        top = [(x(len(history) + i), scale.y(v)) for i, v in enumerate(upper)]
        bottom = [(x(len(history) + i), scale.y(v)) for i, v in enumerate(lower)]
        return _points(anchor + top + list(reversed(bottom)) + anchor)

    months = [m for m, _v in history] + [f.month for f in forecast]
    every = 1 if count <= 12 else 2 if count <= 24 else 3
    markers = [
        Marker(px, py, f"{month_label(m)}: {v:f} {unit}")
        for (px, py), (m, v) in zip(past, history, strict=True)
    ] + [
        Marker(px, py, f"{month_label(f.month)}: forecast {f.value:f} {unit}")
        for (px, py), f in zip(ahead, forecast, strict=True)
    ]
    rows = [ForecastRow(month_label(m), f"{v:f}", "", "", "") for m, v in history] + [
        ForecastRow(
            month_label(f.month),
            "",
            f"{f.value:f}",
            f"{f.lower_80:f} to {f.upper_80:f}",
            f"{f.lower_95:f} to {f.upper_95:f}",
        )
        for f in forecast
    ]
    description = _forecast_description(title, unit, history, forecast, method, mape)
    return ForecastChart(
        id=chart_id,
        title=title,
        description=description,
        unit=unit,
        ticks=scale.ticks(),
        history_line=_points(past),
        forecast_line=_points(anchor + ahead),
        band_80=band([f.lower_80 for f in forecast], [f.upper_80 for f in forecast])
        if forecast and past
        else "",
        band_95=band([f.lower_95 for f in forecast], [f.upper_95 for f in forecast])
        if forecast and past
        else "",
        markers=markers,
        x_labels=[(x(i), short_month_label(m)) for i, m in enumerate(months) if i % every == 0],
        divider_x=round(LEFT + slot * len(history), 1),
        rows=rows,
        mape=f"{mape:f}" if mape is not None else None,
    )


def _forecast_description(
    title: str,
    unit: str,
    history: Sequence[tuple[date, Decimal]],
    forecast: Sequence[ForecastMonth],
    method: str,
    mape: Decimal | None,
) -> str:
    """What the forecast chart shows, in words, for a screen reader."""
    if not history:
        return f"{title}: no revenue yet."
    text = (
        f"{title}: actual revenue from {month_label(history[0][0])} to "
        f"{month_label(history[-1][0])}"
    )
    if not forecast:
        return f"{text}."
    accuracy = (
        f"backtest error (MAPE) {mape:f} % over the last 6 months held out"
        if mape is not None
        else "no backtest: too little history"
    )
    last = forecast[-1]
    return (
        f"{text}, forecast to {month_label(last.month)} ({method}) with 80 % and 95 % "
        f"prediction intervals, the last month between {last.lower_95:f} and "
        f"{last.upper_95:f} {unit}; {accuracy}."
    )
