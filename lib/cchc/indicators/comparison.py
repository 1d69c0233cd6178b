"""Comparison of a period with its previous comparable period and the same period a year earlier.

A comparison is available ("comparable") only where the data reaches back:
for a computed indicator, when the first record of its dataset falls in the
compared period's first month or earlier; for a key figure, when a value was
entered for the compared period. Otherwise the compared value and the
change are empty. Changes are ``value - compared value``: for ``%``
indicators that is a change in percentage points.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..periods import Period, containing, parse_period
from .table import PreparedFrames, compute_prepared, prepare

#: Event dates that show how far back each dataset reaches.
REACH_COLUMNS = {
    "ho_so": ("received_date",),
    "nhiem_vu": ("assigned_date",),
    "van_ban": ("date",),
    "dao_tao": ("sent_date", "completed_date"),
}
PREFIX_FAMILY = {"hs_": "ho_so", "nv_": "nhiem_vu", "vb_": "van_ban", "dt_": "dao_tao", "pv_": "ho_so"}


def family_of(code: str) -> str:
    """Dataset an indicator code is computed from (``chi_tieu`` for key figures)."""
    return PREFIX_FAMILY.get(code[:3], "chi_tieu")


def data_start(frames: Mapping[str, pd.DataFrame]) -> dict[str, dt.date | None]:
    """First event date of each computed dataset (None when it has none)."""
    out: dict[str, dt.date | None] = {}
    for name, columns in REACH_COLUMNS.items():
        frame = frames.get(name) if frames is not None else None
        first = None
        if frame is not None and len(frame):
            values = [pd.to_datetime(frame[c], errors="coerce").min() for c in columns if c in frame.columns]
            values = [v for v in values if not pd.isna(v)]
            first = min(values).date() if values else None
        out[name] = first
    return out


def _reaches(first: dt.date | None, period: Period) -> bool:
    """Whether data whose first record is dated ``first`` covers ``period``.

    It does when the first record falls in the period's first month (under
    the period's own cut-off: a decree09 month runs from the 15th to the
    14th) or earlier; a few quiet days at the start of the data are normal.
    """
    if first is None:
        return False
    return first <= containing(period.start, "month", period.cutoff).end


def _attach(
    current: pd.DataFrame, other: pd.DataFrame, other_period: Period, starts: Mapping[str, dt.date | None]
) -> tuple[np.ndarray, np.ndarray]:
    """Compared values aligned on ``current`` rows, and whether each is comparable."""
    keys = ["code", "dimension", "group"]
    merged = current[keys].merge(other[[*keys, "value", "unit"]], on=keys, how="left", sort=False)
    values = merged["value"].to_numpy(dtype=float)
    family = current["code"].map(family_of).to_numpy(dtype=object)
    reach = {name: _reaches(first, other_period) for name, first in starts.items()}
    computed = family != "chi_tieu"
    ok = np.where(computed, np.array([reach.get(f, False) for f in family], dtype=bool), ~np.isnan(values))
    # A group with no record as of the compared period's end had zero of every count.
    absent = merged["unit"].isna().to_numpy() & computed & ok
    is_rate = (current["unit"] == "%").to_numpy()
    values = np.where(absent & ~is_rate, 0.0, values)
    values = np.where(ok, values, np.nan)
    return values, ok


def compare_prepared(
    prepared: PreparedFrames,
    frames: Mapping[str, pd.DataFrame],
    period: Period,
    breakdowns: bool = True,
    current: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`compare` on frames already prepared.

    ``current`` is the period's table when already computed (the period
    bundle passes its totals): only the compared periods are computed then.
    """
    if current is None:
        current = compute_prepared(prepared, period, breakdowns)
    starts = data_start(frames)
    out = current.copy()
    prev_p, year_p = period.previous(), period.year_earlier()
    prev_v, prev_ok = _attach(current, compute_prepared(prepared, prev_p, breakdowns), prev_p, starts)
    year_v, year_ok = _attach(current, compute_prepared(prepared, year_p, breakdowns), year_p, starts)
    value = current["value"].to_numpy(dtype=float)
    out["previous_period"] = prev_p.code
    out["previous_value"] = prev_v
    out["change"] = value - prev_v
    out["year_earlier_period"] = year_p.code
    out["year_earlier_value"] = year_v
    out["year_earlier_change"] = value - year_v
    out["comparable"] = prev_ok
    out["year_earlier_comparable"] = year_ok
    return out


def compare(
    frames: Mapping[str, pd.DataFrame],
    period: str | Period,
    *,
    breakdowns: bool = True,
    today=None,
    cutoff: str | None = None,
) -> pd.DataFrame:
    """The :func:`~cchc.indicators.compute` table with the previous and year-earlier values.

    Extra columns: ``previous_period``, ``previous_value``, ``change``,
    ``year_earlier_period``, ``year_earlier_value``, ``year_earlier_change``
    (value minus compared value; percentage points for ``%``),
    ``comparable`` (the previous period is covered by the data) and
    ``year_earlier_comparable``. Values and changes are NaN where not
    comparable.
    """
    p = parse_period(period, today=today, cutoff=cutoff)
    return compare_prepared(prepare(frames), frames, p, breakdowns)
