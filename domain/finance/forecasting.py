"""Revenue forecasting and budget planning.

Method: additive Holt-Winters (ETS(A,A,A)) on monthly revenue totals in the reporting
currency, season length 12. Royalty income is strongly seasonal (December peaks, summer
dips) with a slow trend; Holt-Winters captures both with three smoothing weights, is cheap
enough to fit per artist on request, and its prediction intervals have a closed form. The
weights are chosen by grid search minimising the one-step-ahead squared error (all grid
points run at once as numpy vectors). Series shorter than two seasons fall back to a
seasonal-naive forecast (one season of history) or to the mean (less than that).

Intervals: the h-step variance of ETS(A,A,A) is
``s2 * (1 + sum over j = 1..h-1 of (alpha + alpha*beta*j + gamma*[j mod 12 = 0])^2)`` with
``s2`` the variance of the one-step errors; the bounds are the forecast +/- z * sqrt of that
(z = 1.2816 for 80 %, 1.96 for 95 %).

Backtest: the last 6 months are held out, the model is fitted on the rest with the same
procedure, and MAPE (mean absolute percentage error, over held-out months with non-zero
revenue) is reported with the forecast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.finance import amounts, rates
from domain.money import CURRENCIES

SEASON = 12
HOLDOUT = 6
Z = {80: 1.2816, 95: 1.96}
_ALPHAS = np.linspace(0.05, 0.95, 10)
_BETAS = np.array([0.0, 0.01, 0.05, 0.1, 0.2])
_GAMMAS = np.linspace(0.0, 0.9, 7)
GRID = np.array(np.meshgrid(_ALPHAS, _BETAS, _GAMMAS, indexing="ij")).reshape(3, -1)

Method = Literal["holt_winters_additive", "seasonal_naive", "mean"]


@dataclass(frozen=True, slots=True)
class Fit:
    method: Method
    forecast: np.ndarray  # the next `horizon` values
    sigma: np.ndarray  # standard error of each of them
    alpha: float = 0.0
    beta: float = 0.0
    gamma: float = 0.0


def _holt_winters(y: np.ndarray, horizon: int) -> Fit:
    """Fit every grid point at once; keep the one with the least one-step squared error."""
    m = SEASON
    alpha, beta, gamma = (g[:, None] for g in GRID)  # shape (k, 1)
    k = GRID.shape[1]
    level = np.full((k, 1), y[:m].mean())
    trend = np.full((k, 1), (y[m : 2 * m].mean() - y[:m].mean()) / m)
    season = np.tile(y[:m] - y[:m].mean(), (k, 1))  # (k, m)
    errors = np.zeros((k, len(y) - m))
    for t in range(m, len(y)):
        s = season[:, t % m : t % m + 1]
        predicted = level + trend + s
        errors[:, t - m] = (y[t] - predicted)[:, 0]
        new_level = alpha * (y[t] - s) + (1 - alpha) * (level + trend)
        trend = beta * (new_level - level) + (1 - beta) * trend
        season[:, t % m : t % m + 1] = gamma * (y[t] - new_level) + (1 - gamma) * s
        level = new_level
    sse = (errors[:, m:] ** 2).sum(axis=1)  # the first season only warms the model up
    best = int(np.argmin(sse))
    a, b, g = (float(x) for x in GRID[:, best])
    n = len(y)
    steps = np.arange(1, horizon + 1)
    seasonal = np.array([season[best, (n + h - 1) % m] for h in steps])
    forecast = level[best, 0] + steps * trend[best, 0] + seasonal
    sigma2 = float((errors[best, m:] ** 2).mean()) if n > 2 * m else float(np.var(y))
    factors = np.array(
        [
            1 + sum((a + a * b * j + (g if j % m == 0 else 0.0)) ** 2 for j in range(1, h))
            for h in steps
        ]
    )
    return Fit("holt_winters_additive", forecast, np.sqrt(sigma2 * factors), a, b, g)


def fit(y: np.ndarray, horizon: int) -> Fit:
    """The forecast of ``horizon`` months after ``y`` with the best method the history allows."""
    if len(y) >= 2 * SEASON:
        return _holt_winters(y, horizon)
    if len(y) >= SEASON:
        last = y[-SEASON:]
        forecast = np.array([last[h % SEASON] for h in range(horizon)])
        spread = float(np.std(np.diff(y))) if len(y) > 1 else 0.0
        sigma = spread * np.sqrt(1 + np.arange(horizon) // SEASON)
        return Fit("seasonal_naive", forecast, sigma)
    mean = float(y.mean()) if len(y) else 0.0
    spread = float(y.std()) if len(y) > 1 else 0.0
    return Fit("mean", np.full(horizon, mean), np.full(horizon, spread))


def mape(actual: np.ndarray, predicted: np.ndarray) -> float | None:
    mask = actual != 0
    if not mask.any():
        return None
    return float(np.mean(np.abs((actual[mask] - predicted[mask]) / actual[mask])) * 100)


def backtest(y: np.ndarray) -> tuple[float | None, Method | None]:
    """MAPE (%) of a fit on all but the last 6 months, forecasting those 6."""
    if len(y) < HOLDOUT + 2:
        return None, None
    held = fit(y[:-HOLDOUT], HOLDOUT)
    return mape(y[-HOLDOUT:], held.forecast), held.method


# --- the forecast endpoint's model ---------------------------------------------------------


class ForecastPoint(BaseModel):
    month: date
    value: Decimal
    lower_80: Decimal
    upper_80: Decimal
    lower_95: Decimal
    upper_95: Decimal


class HistoryPoint(BaseModel):
    month: date
    value: Decimal


class Backtest(BaseModel):
    holdout_months: int
    mape_percent: Decimal | None = Field(
        description="Mean absolute percentage error over the held-out months (non-zero ones)"
    )
    method: Method | None


class Forecast(BaseModel):
    object: Literal["revenue_forecast"] = "revenue_forecast"
    artist_id: str | None
    currency: str
    method: Method
    parameters: dict[str, float]
    history: list[HistoryPoint]
    forecast: list[ForecastPoint]
    backtest: Backtest
    missing_rates: list[str]


MONTHLY_REVENUE_SQL = amounts.converted_sql(
    amounts.artist_amounts_sql("AND (CAST(:artist AS text) IS NULL OR {col} = :artist)"),
    by_month=True,
)


async def monthly_revenue(
    session: AsyncSession,
    *,
    organization_id: str,
    artist_id: str | None,
    until: date,
) -> tuple[list[date], list[Decimal], list[str]]:
    """Monthly revenue (reporting currency, major units) from the first month with revenue
    up to ``until``'s month, zero-filled; and the currencies that had no rate."""
    rc = await rates.reporting_currency(session, organization_id)
    rows = (
        await session.execute(
            text(MONTHLY_REVENUE_SQL),
            {
                "org": organization_id,
                "rc": rc,
                "from_d": amounts.EARLIEST,
                "to_d": until,
                "artist": artist_id,
            },
        )
    ).all()
    per_month: dict[date, Decimal] = {}
    for row in rows:
        if row.measure == "revenue" and row.value is not None:
            per_month[row.month] = per_month.get(row.month, Decimal(0)) + row.value
    if not per_month:
        return [], [], amounts.missing_currencies(rows)
    months = amounts.month_range(min(per_month), until)
    values = [rates.money(per_month.get(m), rc) for m in months]
    return months, values, amounts.missing_currencies(rows)


def _digits(currency: str) -> Decimal:
    return Decimal(1).scaleb(-CURRENCIES[currency])


async def revenue_forecast(
    session: AsyncSession,
    *,
    organization_id: str,
    artist_id: str | None,
    horizon: int,
    until: date,
) -> Forecast:
    """Forecast the ``horizon`` months after ``until``'s month (label-wide when ``artist_id``
    is None), with 80 % and 95 % prediction intervals and a 6-month backtest."""
    rc = await rates.reporting_currency(session, organization_id)
    months, values, missing = await monthly_revenue(
        session, organization_id=organization_id, artist_id=artist_id, until=until
    )
    y = np.array([float(v) for v in values])
    result = fit(y, horizon)
    error, backtest_method = backtest(y)
    quantum = _digits(rc)
    start = until.replace(day=1)
    future = amounts.month_range(start, add_months(start, horizon))[1:]

    def dec(x: float) -> Decimal:
        return Decimal(repr(float(x))).quantize(quantum)

    points = [
        ForecastPoint(
            month=month,
            value=dec(result.forecast[i]),
            lower_80=dec(result.forecast[i] - Z[80] * result.sigma[i]),
            upper_80=dec(result.forecast[i] + Z[80] * result.sigma[i]),
            lower_95=dec(result.forecast[i] - Z[95] * result.sigma[i]),
            upper_95=dec(result.forecast[i] + Z[95] * result.sigma[i]),
        )
        for i, month in enumerate(future)
    ]
    return Forecast(
        artist_id=artist_id,
        currency=rc,
        method=result.method,
        parameters={"alpha": result.alpha, "beta": result.beta, "gamma": result.gamma}
        if result.method == "holt_winters_additive"
        else {},
        history=[HistoryPoint(month=m, value=v) for m, v in zip(months, values, strict=True)],
        forecast=points,
        backtest=Backtest(
            holdout_months=HOLDOUT,
            mape_percent=Decimal(repr(error)).quantize(Decimal("0.01"))
            if error is not None
            else None,
            method=backtest_method,
        ),
        missing_rates=missing,
    )


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)
