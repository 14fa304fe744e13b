"""Money: ISO 4217 currencies, amounts in minor units (never floats)."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

# Currencies we accept, with their number of minor-unit digits.
CURRENCIES: dict[str, int] = {
    "AED": 2,
    "ARS": 2,
    "AUD": 2,
    "BRL": 2,
    "CAD": 2,
    "CHF": 2,
    "CLP": 0,
    "CNY": 2,
    "COP": 2,
    "CZK": 2,
    "DKK": 2,
    "EGP": 2,
    "EUR": 2,
    "GBP": 2,
    "HKD": 2,
    "HUF": 2,
    "IDR": 2,
    "ILS": 2,
    "INR": 2,
    "ISK": 0,
    "JPY": 0,
    "KES": 2,
    "KRW": 0,
    "MXN": 2,
    "MYR": 2,
    "NGN": 2,
    "NOK": 2,
    "NZD": 2,
    "PHP": 2,
    "PLN": 2,
    "RON": 2,
    "SAR": 2,
    "SEK": 2,
    "SGD": 2,
    "THB": 2,
    "TRY": 2,
    "TWD": 2,
    "UAH": 2,
    "USD": 2,
    "VND": 0,
    "ZAR": 2,
}


def check_currency(code: str) -> str:
    if code not in CURRENCIES:
        raise ValueError(f"unsupported currency '{code}'; use an ISO 4217 code such as USD or EUR")
    return code


def to_minor(amount: Decimal | str, currency: str) -> int:
    """``"120.50"`` USD → 12050. Refuses more decimals than the currency has."""
    digits = CURRENCIES[check_currency(currency)]
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        raise ValueError(f"'{amount}' is not an amount") from None
    if not value.is_finite():
        raise ValueError(f"'{amount}' is not an amount")
    scaled = value.scaleb(digits)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{currency} amounts have at most {digits} decimals")
    return int(scaled)


def from_minor(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(-CURRENCIES[currency])


def prorate(rate_minor: int, minutes: int) -> int:
    """An hourly rate applied to ``minutes``, rounded half-even to the minor unit."""
    return int((Decimal(rate_minor) * minutes / 60).quantize(Decimal(1), ROUND_HALF_EVEN))
