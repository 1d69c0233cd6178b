"""Views the pages and the report show besides the indicator table, built on the engine's masks.

Every list here is the records of an indicator's own mask (the overdue tasks
are the records ``nv_in_progress_overdue`` counts), and every series is
:func:`~cchc.indicators.table.series` over the catalogue's indicators, so a
page never re-derives a figure: it formats what these functions return.
They are computed once per report, into the period bundle
(:mod:`cchc.indicators.bundle`).

- :func:`filter_unit`: the records of one unit (every view and indicator of a unit's report);
- :func:`overdue_tasks`: tasks still in progress and overdue at the period's end;
- :func:`action_items`: the "Cần xử lý" block (open overdue dossiers and tasks, count and oldest);
- :func:`monthly_flow`: dossiers received and resolved in each month of the period;
- :func:`trend_window` / :func:`trend_frame`: every indicator over the quarters the data covers;
- :func:`uncovered_datasets`: datasets whose activity does not cover the period;
- :func:`government_tasks` / :func:`government_table`: the Government's and Prime Minister's tasks;
- :func:`plan_years_frame`: the year each plan (``assigning_doc``) is for.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from . import dossiers, tasks
from .engine import day_number

__all__ = [
    "ACTION_ITEMS",
    "GOVERNMENT_SOURCES",
    "MEASURE_UNIT_DATASETS",
    "TREND_YEARS",
    "action_items",
    "filter_unit",
    "government_table",
    "government_tasks",
    "monthly_flow",
    "overdue_tasks",
    "plan_years_frame",
    "trend_frame",
    "trend_window",
    "uncovered_datasets",
]

#: The trend page looks back at most this many years from its last period.
TREND_YEARS = 5
#: Dataset of each computed family's code prefix.
FAMILY_OF_PREFIX = {"hs_": "ho_so", "nv_": "nhiem_vu", "vb_": "van_ban", "dt_": "dao_tao"}
#: What the "Cần xử lý" block counts: (dataset, indicator, name column, Vietnamese noun).
ACTION_ITEMS = (
    ("ho_so", "hs_pending_overdue", "dossier_id", "hồ sơ"),
    ("nhiem_vu", "nv_in_progress_overdue", "title", "nhiệm vụ"),
)
#: Task sources whose tasks section I.5 of the reference reports on.
GOVERNMENT_SOURCES = ("Chính phủ", "Thủ tướng Chính phủ")
_FAMILY_MODULES = {"ho_so": dossiers, "nhiem_vu": tasks}


#: Datasets whose ``unit`` column is a unit of measure (``Đơn vị tính``), not an office unit.
MEASURE_UNIT_DATASETS = frozenset({"chi_tieu"})


def filter_unit(frames: Mapping[str, pd.DataFrame], unit: str | None) -> dict[str, pd.DataFrame]:
    """Keep only the records of ``unit`` in every frame that has a ``unit`` column.

    An empty ``unit`` returns the frames unchanged (as a new dict). Frames
    without an office ``unit`` column (the hand-entered key figures, whose
    ``unit`` is a unit of measure) are kept whole.
    """
    if not unit:
        return dict(frames)
    return {
        name: (
            f[f["unit"] == unit].reset_index(drop=True)
            if "unit" in f.columns and name not in MEASURE_UNIT_DATASETS
            else f
        )
        for name, f in frames.items()
    }


def indicator_mask(frame: pd.DataFrame, dataset: str, code: str, period) -> np.ndarray:
    """The records of ``frame`` that indicator ``code`` counts in ``period`` (its engine mask)."""
    module = _FAMILY_MODULES[dataset]
    evaluation = module.masks(module.prepare(frame), day_number(period.start), day_number(period.end))
    return np.asarray(evaluation.counts[code], dtype=bool)


def overdue_tasks(frame: pd.DataFrame, period) -> pd.DataFrame:
    """Tasks still in progress and overdue at the period's end E: the ``nv_in_progress_overdue`` records.

    Columns ``title, unit, due_date, days`` (days = E − due date), most
    overdue first, then by title. Its length is the indicator's value.
    """
    end = pd.Timestamp(period.end)
    if frame is None or frame.empty:
        return pd.DataFrame(
            {
                "title": pd.Series([], dtype="string"),
                "unit": pd.Series([], dtype="string"),
                "due_date": pd.Series([], dtype="datetime64[ns]"),
                "days": pd.Series([], dtype="int64"),
            }
        )
    late = frame.loc[
        indicator_mask(frame, "nhiem_vu", "nv_in_progress_overdue", period), ["title", "unit", "due_date"]
    ].copy()
    late["days"] = (end - late["due_date"]).dt.days.astype("int64")
    late = late.sort_values(["days", "title"], ascending=[False, True], kind="stable")
    return late.reset_index(drop=True)


def action_items(frames: Mapping[str, pd.DataFrame], period) -> pd.DataFrame:
    """Open overdue dossiers and tasks at the period's end: count and the oldest of each.

    The records are the indicator layer's own masks (``hs_pending_overdue``,
    ``nv_in_progress_overdue``), so the counts are those of the indicator
    table. Columns ``kind`` (``hồ sơ`` / ``nhiệm vụ``), ``count``,
    ``oldest`` (its name: dossier code or task title), ``due`` (its due
    date) and ``days`` (days overdue at the period's end; NaN when none).
    """
    rows = []
    for dataset, code, name_column, kind in ACTION_ITEMS:
        frame = frames.get(dataset)
        if frame is None or frame.empty:
            rows.append({"kind": kind, "count": 0, "oldest": "", "due": pd.NaT, "days": np.nan})
            continue
        mask = indicator_mask(frame, dataset, code, period)
        late = frame.loc[mask, [name_column, "due_date"]].sort_values("due_date", kind="stable")
        first = late.iloc[0] if len(late) else None
        rows.append(
            {
                "kind": kind,
                "count": int(mask.sum()),
                "oldest": "" if first is None else str(first[name_column]),
                "due": pd.NaT if first is None else first["due_date"],
                "days": np.nan
                if first is None
                else float((pd.Timestamp(period.end) - first["due_date"]).days),
            }
        )
    out = pd.DataFrame(rows)
    return out.astype(
        {"kind": "string", "count": "int64", "oldest": "string", "due": "datetime64[ns]", "days": "float64"}
    )


def monthly_flow(frames: Mapping[str, pd.DataFrame], period, prepared=None) -> pd.DataFrame:
    """Dossiers received (``hs_new``) and resolved (``hs_resolved``) in each month of ``period``.

    Each month is computed with the same indicator definitions as the
    period, in one :func:`~cchc.indicators.table.series` call over the
    dossiers (the frames are prepared once, not once per month). Columns
    ``month`` (label ``T1/2022``), ``received``, ``resolved``. ``prepared``:
    the frames already prepared (:func:`~cchc.indicators.table.prepare`), if at hand.
    """
    from ..periods import months_in

    months = months_in(period)
    if not months:
        return pd.DataFrame(
            {
                "month": pd.Series([], dtype="string"),
                "received": pd.Series([], dtype="float64"),
                "resolved": pd.Series([], dtype="float64"),
            }
        )
    table = _series({"ho_so": frames["ho_so"]}, months, prepared)
    wide = table.pivot_table(index="period", columns="code", values="value", aggfunc="first", sort=False)
    # months the dossiers do not reach are empty (NaN), never a missing column
    wide = wide.reindex(index=[m.code for m in months], columns=["hs_new", "hs_resolved"])
    return pd.DataFrame(
        {
            "month": pd.array([f"T{m.end.month}/{m.end.year}" for m in months], dtype="string"),
            "received": wide["hs_new"].to_numpy(dtype=float),
            "resolved": wide["hs_resolved"].to_numpy(dtype=float),
        }
    )


def _series(frames: Mapping[str, pd.DataFrame], periods: list, prepared=None) -> pd.DataFrame:
    """:func:`~cchc.indicators.table.series` (totals) of ``periods``, on ``prepared`` when given."""
    from ..coverage import dataset_coverage
    from .table import series, series_prepared

    if prepared is None:
        return series(frames, periods)
    return series_prepared(prepared, dataset_coverage(frames), periods)


def _activity(frames: Mapping[str, pd.DataFrame]) -> dict[str, np.ndarray]:
    """Per dataset, its activity days (sorted ``datetime64[D]``; deadlines are not activity)."""
    from ..coverage import ACTIVITY_COLUMNS

    out = {}
    for name, columns in ACTIVITY_COLUMNS.items():
        frame = frames.get(name)
        if frame is None:
            continue
        parts = [
            pd.to_datetime(frame[c], errors="coerce").to_numpy(dtype="datetime64[D]")
            for c in columns
            if c in frame.columns
        ]
        days = np.concatenate(parts) if parts else np.array([], dtype="datetime64[D]")
        out[name] = np.sort(days[~np.isnat(days)])
    return out


def trend_window(frames: Mapping[str, pd.DataFrame], period=None, kind: str = "quarter") -> list:
    """The ``kind`` periods a trend shows: ending with the reported period (or the data's last
    month, if earlier), at most :data:`TREND_YEARS` years back: the unbroken run of periods
    covered whole by at least one dataset's activity (a task due in 2025 or a mistyped year
    does not stretch it).
    """
    from ..periods import periods_covering

    activity = _activity(frames)
    days = [d for d in activity.values() if len(d)]
    if not days:
        return []
    last = max(d[-1] for d in days).astype(object)
    last_month_end = (pd.Timestamp(last) + pd.offsets.MonthEnd(0)).date()
    end = min(period.end, last_month_end) if period is not None else last_month_end
    start = max(
        min(d[0] for d in days).astype(object).replace(day=1),
        (pd.Timestamp(end) - pd.DateOffset(years=TREND_YEARS) + pd.Timedelta(days=1)).date(),
    )
    candidates = periods_covering(start, end, kind, period.cutoff if period is not None else None)
    active = [any(_covers(d, p, active=True) for d in days) for p in candidates]
    # the unbroken run of active periods ending the window: a stray record dated years
    # earlier (a mistyped year) does not pull in the empty years between
    run = len(active)
    while run and active[run - 1] is False:
        run -= 1
    first = run
    while first and active[first - 1]:
        first -= 1
    return candidates[first:run]


def _covers(days: np.ndarray, p, active: bool = False) -> bool:
    """Whether activity ``days`` (sorted) reach from the month of ``p``'s start to the month of
    its end (and, with ``active``, hold at least one day inside ``p``)."""
    if not len(days):
        return False
    first = pd.Timestamp(days[0].astype(object)).to_period("M")
    last = pd.Timestamp(days[-1].astype(object)).to_period("M")
    inside = np.searchsorted(days, np.datetime64(p.end, "D"), side="right") - np.searchsorted(
        days, np.datetime64(p.start, "D"), side="left"
    )
    return bool(
        first <= pd.Timestamp(p.start).to_period("M")
        and last >= pd.Timestamp(p.end).to_period("M")
        and (inside > 0 or not active)
    )


TREND_COLUMNS = [
    "period_code",
    "code",
    "dimension",
    "group",
    "value",
    "numerator",
    "denominator",
    "unit",
    "label",
    "period",
    "reported",
]


def trend_frame(
    frames: Mapping[str, pd.DataFrame], period, kind: str = "quarter", prepared=None
) -> pd.DataFrame:
    """Every indicator (totals) for each ``kind`` period of :func:`trend_window`, via
    :func:`~cchc.indicators.table.series`.

    Columns :data:`TREND_COLUMNS`: ``period`` is the period label as reports
    write it (e.g. "Quý I/2022", in time order), ``period_code`` its code,
    ``reported`` whether the period lies within the reported one. A family's
    values are empty (never zero) for periods its dataset does not cover.
    ``prepared``: the frames already prepared, if at hand.
    """
    periods = trend_window(frames, period, kind)
    if not periods:
        return pd.DataFrame(
            {
                c: pd.Series(
                    [],
                    dtype="bool"
                    if c == "reported"
                    else "float64"
                    if c in ("value", "numerator", "denominator")
                    else "object",
                )
                for c in TREND_COLUMNS
            }
        )
    table = _series(frames, periods, prepared)
    activity = _activity(frames)
    uncovered = {(name, p.code) for p in periods for name, days in activity.items() if not _covers(days, p)}
    family = table["code"].str[:3].map(FAMILY_OF_PREFIX)
    mask = pd.Series([(f, c) in uncovered for f, c in zip(family, table["period"])], index=table.index)
    table.loc[mask, "value"] = np.nan
    inside = {
        p.code for p in periods if period is not None and p.start >= period.start and p.end <= period.end
    }
    table["reported"] = table["period"].isin(inside)
    return table.rename(columns={"period": "period_code"}).rename(columns={"period_label": "period"})


def uncovered_datasets(frames: Mapping[str, pd.DataFrame], period) -> pd.DataFrame:
    """Datasets whose activity does not cover the period (:func:`cchc.coverage.coverage_gaps`)."""
    from ..coverage import coverage_gaps, dataset_coverage

    return coverage_gaps(dataset_coverage(frames), period.start, period.end)


def government_tasks(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The tasks whose source is the Government or the Prime Minister."""
    frame = frames.get("nhiem_vu")
    if frame is None:
        from ..loading import empty_frame

        frame = empty_frame("nhiem_vu")
    return frame[frame["source"].isin(GOVERNMENT_SOURCES).fillna(False)]


def government_table(frames: Mapping[str, pd.DataFrame], period) -> pd.DataFrame:
    """The ``nv_`` indicators of the Government's and Prime Minister's tasks (report section I)."""
    from .table import task_indicators

    return task_indicators(government_tasks(frames), period)


def plan_years_frame(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The year each plan is for (:func:`cchc.indicators.tasks.plan_years`): ``plan, year``."""
    frame = frames.get("nhiem_vu")
    years = tasks.plan_years(frame) if frame is not None else pd.Series(dtype="int64")
    return pd.DataFrame(
        {"plan": pd.array(years.index.astype(str), dtype="string"), "year": years.to_numpy(dtype="int64")}
    )
