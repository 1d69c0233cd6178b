"""Numbers as the report's prose writes them (vi-VN, Babel).

The report follows the reference's typography, which differs slightly from
tables: counts under ten take a leading zero in prose ("05 nhiệm vụ",
"05/09 đơn vị") while zero stays "0"; a rate that is a whole number is written
without decimals ("0%", "100%") and otherwise with the indicator's decimals
("94,35%"). Rounding is half-up, as people round by hand (Babel alone rounds
half-even).

>>> count2(5), count2(0), count2(10593)
('05', '0', '10.593')
>>> pct(94.349, 2), pct(0.0, 2), pct(92.857, 0), pct(55.5556, 1)
('94,35%', '0%', '93%', '55,6%')
>>> money(6313329686)
'6.313.329.686 đồng'
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from babel.numbers import format_decimal

LOCALE = "vi_VN"

#: Decimal places used for each rate code when the prose shows it; the
#: reference writes dossier rates with two decimals, plan fulfilment and
#: training as whole percents.
RATE_DECIMALS_BY_PREFIX = {"hs_": 2, "nv_": 0, "dt_": 0, "vb_": 0, "ct_": 1}


def _round(value: float, decimals: int) -> Decimal:
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas NA."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def integer(value: float) -> str:
    """``10593`` -> ``'10.593'``; missing -> ``'-'``."""
    if is_missing(value):
        return "-"
    return format_decimal(int(_round(value, 0)), format="#,##0", locale=LOCALE)


def count2(value: float) -> str:
    """A count in prose: two digits under ten ("05"), zero as "0", else vi-VN."""
    if is_missing(value):
        return "-"
    n = int(_round(value, 0))
    if 0 < n < 10:
        return f"{n:02d}"
    return integer(n)


def decimal(value: float, decimals: int) -> str:
    """A number with exactly ``decimals`` places, vi-VN separators."""
    if is_missing(value):
        return "-"
    if decimals <= 0:
        return integer(value)
    fmt = "#,##0." + "0" * decimals
    return format_decimal(_round(value, decimals), format=fmt, locale=LOCALE)


def pct(value: float, decimals: int = 2) -> str:
    """A rate already in percent: whole numbers without decimals, else ``decimals``."""
    if is_missing(value):
        return "-"
    rounded = _round(value, decimals)
    if rounded == rounded.to_integral_value():
        return integer(float(rounded)) + "%"
    return decimal(float(rounded), decimals) + "%"


def money(value: float) -> str:
    """An amount in đồng: ``'6.313.329.686 đồng'``."""
    if is_missing(value):
        return "-"
    return integer(value) + " đồng"


def rate_decimals(code: str) -> int:
    """Display decimals for a rate code (see ``RATE_DECIMALS_BY_PREFIX``)."""
    for prefix, dp in RATE_DECIMALS_BY_PREFIX.items():
        if code.startswith(prefix):
            return dp
    return 1


def ratio_pct(numerator: float, denominator: float) -> float:
    """``numerator / denominator`` in percent; NaN when the denominator is 0 or missing."""
    if is_missing(numerator) or is_missing(denominator) or denominator == 0:
        return math.nan
    return 100.0 * float(numerator) / float(denominator)


def by_unit(value: float, unit: str, code: str = "") -> str:
    """Format a value by its catalogue unit: % -> percent, đồng -> money, else count."""
    unit = (unit or "").strip()
    if unit == "%":
        return pct(value, rate_decimals(code))
    if unit == "đồng":
        return money(value)
    if not is_missing(value) and float(value) != int(float(value)):
        return decimal(value, 2).rstrip("0").rstrip(",")
    return count2(value)
