"""The counting engine shared by every indicator family.

A family turns its frame into numpy arrays once (:class:`Prepared`), then,
for a period, into one boolean mask per count indicator (plus "distinct"
indicators: a mask and the key whose distinct values are counted). The
engine sums the masks for the totals and, for a breakdown, counts them per
group with one ``np.bincount`` per mask, so a total and its groups always
use the very same definition. Rates are computed from those counts.

Dates are held as whole days since 1970-01-01 (``int64``); an empty date is
:data:`NEVER`, a day after every real date, so "resolved on or before E" is
simply ``resolved <= E`` and an unresolved record is never "resolved before S".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..formatting import vi_sort_key

#: Day number standing for an empty date ("has not happened").
NEVER = np.iinfo(np.int64).max
#: Group label for records whose breakdown column is empty (shown to users).
UNKNOWN_GROUP = "(Chưa xác định)"
TABLE_COLUMNS = ["code", "dimension", "group", "value", "numerator", "denominator", "unit", "label"]
_EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01 for a :class:`datetime.date`."""
    return (day - _EPOCH).days


def days(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A date column as day numbers (``int64``), empty (or absent) as :data:`NEVER`."""
    if column not in frame.columns:
        return np.full(len(frame), NEVER, dtype=np.int64)
    series = frame[column]
    if not pd.api.types.is_datetime64_any_dtype(series):
        series = pd.to_datetime(series, errors="coerce")
    values = series.to_numpy(dtype="datetime64[ns]")
    out = values.astype("datetime64[D]").astype(np.int64)
    out[np.isnat(values)] = NEVER
    return out


def seconds_of_day(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A date column's time of day in seconds (``int64``); 0 when it carries none.

    Midnight counts as "no time": a plain date and a date-time at 00:00:00
    cannot be told apart in a spreadsheet, and one-stop systems never set a
    due time of midnight.
    """
    if column not in frame.columns:
        return np.zeros(len(frame), dtype=np.int64)
    series = frame[column]
    if not pd.api.types.is_datetime64_any_dtype(series):
        series = pd.to_datetime(series, errors="coerce")
    values = series.to_numpy(dtype="datetime64[ns]")
    out = (values.view(np.int64) % (86_400 * 10**9)) // 10**9
    out[np.isnat(values)] = 0
    return out


class Factorized:
    """Each text column of a frame factorised at most once (the costly step on large frames).

    ``codes(column)`` gives integer codes (-1 for empty) and the distinct
    values in Vietnamese alphabetical order (:func:`cchc.formatting.vi_sort_key`).
    """

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self._cache: dict[str, tuple[np.ndarray, list[str]]] = {}

    def __len__(self) -> int:
        return len(self.frame)

    def codes(self, column: str) -> tuple[np.ndarray, list[str]]:
        if column not in self._cache:
            if column not in self.frame.columns or len(self.frame) == 0:
                self._cache[column] = (np.full(len(self.frame), -1, dtype=np.int64), [])
            else:
                codes, uniques = pd.factorize(self.frame[column], use_na_sentinel=True)
                labels = [str(u) for u in uniques]
                order = sorted(range(len(labels)), key=lambda i: vi_sort_key(labels[i]))
                rank = np.empty(len(labels) + 1, dtype=np.int64)
                rank[order] = np.arange(len(labels))
                rank[-1] = -1  # code -1 (empty) stays -1
                self._cache[column] = (rank[codes], [labels[i] for i in order])
        return self._cache[column]


def flag(frame: Factorized, column: str, predicate: Callable[[str], bool]) -> np.ndarray:
    """Boolean array: ``predicate`` holds for the (non-empty) value of ``column``.

    The predicate runs once per distinct value, not per record.
    """
    codes, labels = frame.codes(column)
    hit = np.array([bool(predicate(u)) for u in labels] + [False], dtype=bool)
    return hit[codes]  # code -1 (empty) picks the trailing False


def equals(value: str) -> Callable[[str], bool]:
    """Predicate: equal to ``value`` ignoring case and surrounding spaces."""
    key = value.strip().casefold()
    return lambda text: text.strip().casefold() == key


@dataclass(frozen=True)
class Groups:
    """A factorised breakdown column: ``codes`` index ``labels``; empty values get their own label."""

    codes: np.ndarray
    labels: tuple[str, ...]

    @classmethod
    def of(cls, frame: Factorized, column: str) -> Groups:
        codes, labels = frame.codes(column)
        codes = np.where(codes < 0, len(labels), codes)
        # empty values last; a group without any record as of E is never listed
        return cls(codes, (*labels, UNKNOWN_GROUP))


@dataclass
class Prepared:
    """One family's frame as arrays, ready to be evaluated for any period."""

    family: str
    n: int
    dates: dict[str, np.ndarray] = field(default_factory=dict)
    flags: dict[str, np.ndarray] = field(default_factory=dict)
    numbers: dict[str, np.ndarray] = field(default_factory=dict)
    groups: dict[str, Groups] = field(default_factory=dict)
    #: Keys of distinct-count indicators (non-negative codes; -1 = empty, never counted).
    keys: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass
class Evaluation:
    """Masks of one family for one period."""

    counts: dict[str, np.ndarray]
    #: code -> (mask, key array) : count distinct keys among masked records.
    distinct: dict[str, tuple[np.ndarray, np.ndarray]]
    #: Records that exist as of the period end (they decide which groups are listed).
    known: np.ndarray


def percent_of(numerator: float, denominator: float) -> float:
    """``100 × numerator / denominator``; NaN when the denominator is 0 or missing.

    The one scalar rate the rendering layer may ask for: a staff narrative's
    ``{{a/b}}`` placeholder (two catalogue figures of the same table).

    >>> percent_of(534, 566), percent_of(1, 0)
    (94.34628975265018, nan)
    """
    if pd.isna(numerator) or pd.isna(denominator) or denominator == 0:
        return float("nan")
    return 100.0 * float(numerator) / float(denominator)


def _rate(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, 100.0 * num / den, np.nan)


def _figures(
    counts: Mapping[str, np.ndarray],
    rates: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]],
    order: list[str],
) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """code -> (value, numerator, denominator) arrays (one element per group, or one for totals)."""
    out = {}
    for code in order:
        if code in rates:
            num_codes, den_codes = rates[code]
            num = sum(counts[c].astype(float) for c in num_codes)
            den = sum(counts[c].astype(float) for c in den_codes)
            out[code] = (_rate(num, den), num, den)
        else:
            value = counts[code].astype(float)
            out[code] = (value, np.full(value.shape, np.nan), np.full(value.shape, np.nan))
    return out


def _rows(figures, dimension: str, groups: list[str], meta: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    """Tidy rows, group-major (every code of the first group, then the next group…)."""
    codes = list(figures)
    k, m = len(groups), len(codes)
    value = np.column_stack([figures[c][0] for c in codes]).ravel() if k else np.array([])
    num = np.column_stack([figures[c][1] for c in codes]).ravel() if k else np.array([])
    den = np.column_stack([figures[c][2] for c in codes]).ravel() if k else np.array([])
    code_col = np.tile(np.array(codes, dtype=object), k)
    return pd.DataFrame(
        {
            "code": code_col,
            "dimension": np.full(k * m, dimension, dtype=object),
            "group": np.repeat(np.array(groups, dtype=object), m),
            "value": value,
            "numerator": num,
            "denominator": den,
            "unit": np.array([meta[c][0] for c in code_col], dtype=object),
            "label": np.array([meta[c][1] for c in code_col], dtype=object),
        },
        columns=TABLE_COLUMNS,
    )


def evaluate(
    prepared: Prepared,
    ev: Evaluation,
    rates,
    order: list[str],
    dimensions: tuple[str, ...],
    meta: Mapping[str, tuple[str, str]],
) -> pd.DataFrame:
    """Totals (and one block per breakdown dimension) as the tidy indicator table."""
    totals = {c: np.array([np.count_nonzero(m)]) for c, m in ev.counts.items()}
    for code, (mask, keys) in ev.distinct.items():
        chosen = keys[mask]
        totals[code] = np.array([np.unique(chosen[chosen >= 0]).size])
    blocks = [_rows(_figures(totals, rates, order), "", [""], meta)]
    for dim in dimensions:
        groups = prepared.groups[dim]
        k = len(groups.labels)
        g = groups.codes
        per = {c: np.bincount(g[m], minlength=k) for c, m in ev.counts.items()}
        for code, (mask, keys) in ev.distinct.items():
            sel = mask & (keys >= 0)
            width = int(keys.max()) + 1 if keys.size else 1
            pairs = np.unique(g[sel] * width + keys[sel])
            per[code] = np.bincount(pairs // width, minlength=k)
        present = np.bincount(g[ev.known], minlength=k) > 0
        keep = np.flatnonzero(present)
        if keep.size == 0:
            continue
        figures = {c: tuple(a[keep] for a in f) for c, f in _figures(per, rates, order).items()}
        blocks.append(_rows(figures, dim, [groups.labels[i] for i in keep], meta))
    return pd.concat(blocks, ignore_index=True)
