"""Which dates each dataset covers, and which datasets stop before a period ends.

A dataset *covers* the days from its first to its last **activity date**: a
date on which something happened (a dossier received or resolved, a task
assigned or completed, a document sent or received, a person sent to or
back from training). Deadlines are not activity: a task due in 2025 does not
mean the data reaches 2025.

Pages, the report and ``cchc check`` use :func:`dataset_coverage` and
:func:`coverage_gaps` so that a period the data does not reach is said to be
uncovered instead of being reported as zeros.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

#: Per dataset, the columns holding dates on which something happened.
ACTIVITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "ho_so": ("received_date", "resolved_date"),
    "nhiem_vu": ("assigned_date", "completed_date"),
    "van_ban": ("date",),
    "dao_tao": ("sent_date", "completed_date"),
}

COVERAGE_COLUMNS = ["dataset", "title", "records", "first", "last"]


def dataset_coverage(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per dated dataset: record count and first/last activity day.

    ``first`` and ``last`` are :class:`datetime.date` (``None`` when the
    dataset has no dated record).

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"received_date": pd.to_datetime(["2022-01-05 14:35", None]),
    ...                       "resolved_date": pd.to_datetime(["2022-02-01", None])})
    >>> cov = dataset_coverage({"ho_so": frame})
    >>> row = cov.iloc[0]
    >>> int(row["records"]), row["first"], row["last"]
    (2, datetime.date(2022, 1, 5), datetime.date(2022, 2, 1))
    """
    from .contract import DATASETS

    rows = []
    for name, columns in ACTIVITY_COLUMNS.items():
        frame = frames.get(name)
        if frame is None:
            continue
        present = [c for c in columns if c in frame.columns]
        stacked = (
            pd.concat([pd.to_datetime(frame[c], errors="coerce") for c in present], ignore_index=True)
            if present
            else pd.Series(dtype="datetime64[ns]")
        )
        stacked = stacked.dropna()
        first = stacked.min().date() if len(stacked) else None
        last = stacked.max().date() if len(stacked) else None
        rows.append(
            {
                "dataset": name,
                "title": DATASETS[name].title,
                "records": len(frame),
                "first": first,
                "last": last,
            }
        )
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def coverage_gaps(coverage: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Datasets that do not cover ``[start, end]`` entirely, with how.

    Adds a column ``gap``: ``"none"`` (no dated record at all), ``"after"``
    (the data ends before ``start``: the period is wholly uncovered),
    ``"before"`` (the data starts after ``end``), or ``"partial"`` (the data
    ends inside the period). Datasets that cover the whole period are left out.
    """
    first = coverage["first"].map(lambda d: d or dt.date.max)
    last = coverage["last"].map(lambda d: d or dt.date.min)
    none = coverage["last"].isna()
    gap = pd.Series("", index=coverage.index, dtype=object)
    gap = gap.mask(~none & (last < end), "partial")
    gap = gap.mask(~none & (first > end), "before")
    gap = gap.mask(~none & (last < start), "after")
    gap = gap.mask(none, "none")
    out = coverage.assign(gap=gap)
    return out[out["gap"] != ""].reset_index(drop=True)[[*COVERAGE_COLUMNS, "gap"]]


def covers_any(coverage: pd.DataFrame, start: dt.date, end: dt.date) -> bool:
    """Whether at least one dataset has activity inside ``[start, end]``'s span."""
    known = coverage.dropna(subset=["first", "last"])
    return bool(((known["first"] <= end) & (known["last"] >= start)).any())
