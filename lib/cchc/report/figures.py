"""Numbers as the report's prose writes them (vi-VN, Babel).

The report follows the reference's typography, which differs slightly from
tables: counts under ten take a leading zero in prose ("05 nhiệm vụ",
"05/09 đơn vị") while zero stays "0"; a rate is written with at most the
indicator's decimals ("94,35%", "12,50%") unless it rounds to a whole number ("0%",
"100%"), and an empty figure as "-".
The formatting itself (Babel, half-up rounding) is :mod:`cchc.formatting`'s.

>>> count2(5), count2(0), count2(10593)
('05', '0', '10.593')
>>> pct(94.349, 2), pct(0.0, 2), pct(92.857, 0), pct(55.5556, 1)
('94,35%', '0%', '93%', '55,6%')
>>> money(6313329686)
'6.313.329.686 đồng'
"""

from __future__ import annotations

import pandas as pd

from ..formatting import fmt_count2, fmt_int, fmt_money, fmt_number, fmt_pct

#: What an empty figure shows as in the report (the reference's dash).
MISSING = "-"


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
    return MISSING if is_missing(value) else fmt_int(value)


def count2(value: float) -> str:
    """A count in prose: two digits under ten ("05"), zero as "0", else vi-VN."""
    return MISSING if is_missing(value) else fmt_count2(value)


def decimal(value: float, decimals: int) -> str:
    """A number with exactly ``decimals`` places, vi-VN separators."""
    if is_missing(value):
        return MISSING
    return fmt_int(value) if decimals <= 0 else fmt_number(value, decimals, trim=False)


def pct(value: float, decimals: int = 2) -> str:
    """A rate already in percent: whole after rounding without decimals (``0%``, ``93%``),
    otherwise with exactly ``decimals`` places (``94,35%``, ``12,50%``)."""
    if is_missing(value):
        return MISSING
    whole = fmt_pct(value, decimals)
    return whole if "," not in whole else fmt_number(value, decimals, trim=False) + "%"


def money(value: float) -> str:
    """An amount in đồng: ``'6.313.329.686 đồng'``."""
    return MISSING if is_missing(value) else fmt_money(value)


def rate_decimals(code: str) -> int:
    """Display decimals for a rate code: the catalogue's ``decimals`` column (1 when absent)."""
    from ..catalogue import decimals

    return decimals(code, default=1)


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
