"""The indicator table of a period: every family, totals and breakdowns, in one tidy frame.

Columns ``code, dimension, group, value, numerator, denominator, unit,
label``: ``dimension``/``group`` are empty strings for totals; ``value`` is
the count, or for a rate the percentage (NaN when its denominator is 0)
with its ``numerator``/``denominator`` (NaN for counts and key figures).
Rows: totals first (families in the order ho_so, nhiem_vu, van_ban,
dao_tao, chi_so_766, chi_tieu; codes in catalogue order), then each family's breakdowns
(dimension, then group in Vietnamese alphabetical order with ``(Chưa xác định)`` last,
then codes). Groups listed are those with at least one record as of the
period end, so a group with no activity in the period still shows its zeros.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from .. import catalogue
from ..periods import Period, parse_period
from . import documents, dossiers, hand_entered, service_quality, tasks, training
from .engine import TABLE_COLUMNS, Prepared, day_number, evaluate

#: family name -> family module, in table order (a module's ``DATASET``, when set, names its frame).
FAMILIES = {
    "ho_so": dossiers,
    "nhiem_vu": tasks,
    "van_ban": documents,
    "dao_tao": training,
    "chi_so_766": service_quality,
}


def _meta() -> dict[str, tuple[str, str]]:
    cat = catalogue.load_catalogue()
    return {c: (u, lab) for c, u, lab in zip(cat["code"], cat["unit"], cat["label"])}


@dataclass
class PreparedFrames:
    """Every family's arrays (built once, evaluated for as many periods as needed)."""

    families: dict[str, Prepared]
    chi_tieu: pd.DataFrame | None


def _frame(frames: Mapping[str, pd.DataFrame] | None, name: str) -> pd.DataFrame:
    frame = None if frames is None else frames.get(name)
    return frame if frame is not None else pd.DataFrame()


def prepare(frames: Mapping[str, pd.DataFrame]) -> PreparedFrames:
    """Arrays for every dataset of ``frames`` (missing or empty datasets are allowed)."""
    return PreparedFrames(
        {
            name: module.prepare(_frame(frames, getattr(module, "DATASET", name)))
            for name, module in FAMILIES.items()
        },
        frames.get("chi_tieu") if frames is not None else None,
    )


def _family_table(name: str, prepared: Prepared, period: Period, dims: tuple[str, ...], meta) -> pd.DataFrame:
    module = FAMILIES[name]
    s, e = day_number(period.start), day_number(period.end)
    ev = module.masks(prepared, s, e, period.end.year) if module is training else module.masks(prepared, s, e)
    return evaluate(prepared, ev, module.RATES, catalogue.codes(name), dims, meta)


def _split(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    total = table["dimension"] == ""
    return table[total], table[~total]


def compute_prepared(prepared: PreparedFrames, period: Period, breakdowns: bool = True) -> pd.DataFrame:
    """:func:`compute` on frames already turned into arrays by :func:`prepare`."""
    meta = _meta()
    totals, details = [], []
    for name, module in FAMILIES.items():
        dims = module.DIMENSIONS if breakdowns else ()
        t, d = _split(_family_table(name, prepared.families[name], period, dims, meta))
        totals.append(t)
        details.append(d)
    totals.append(hand_entered.key_figure_rows(prepared.chi_tieu, period.code))
    return pd.concat(totals + details, ignore_index=True)[TABLE_COLUMNS]


def compute(
    frames: Mapping[str, pd.DataFrame],
    period: str | Period,
    *,
    breakdowns: bool = True,
    today=None,
    cutoff: str | None = None,
) -> pd.DataFrame:
    """Every indicator of ``period`` as one tidy table.

    Parameters
    ----------
    frames
        Validated frames keyed by dataset (``ho_so``, ``nhiem_vu``,
        ``van_ban``, ``dao_tao``, ``chi_tieu``); a missing key or an empty
        frame gives counts of 0 and empty rates (key figures empty).
    period
        A period code or :class:`~cchc.periods.Period`.
    breakdowns
        Also compute dossiers by ``field`` and ``unit``, tasks by ``source``
        and ``assigning_doc``, documents by ``unit``, training by
        ``training_type``.
    today, cutoff
        Passed to :func:`cchc.periods.parse_period`.

    Examples
    --------
    >>> import cchc
    >>> data = cchc.load_data("data/raw")                                # doctest: +SKIP
    >>> value_of(compute(data.frames, "2022-H1"), "hs_received")          # doctest: +SKIP
    566.0
    """
    p = parse_period(period, today=today, cutoff=cutoff)
    return compute_prepared(prepare(frames), p, breakdowns)


#: Code prefix of each dated dataset's indicators (key figures ``ct_`` are entered per period).
FAMILY_PREFIX = {"ho_so": "hs_", "nhiem_vu": "nv_", "van_ban": "vb_", "dao_tao": "dt_"}


def _uncovered(coverage: pd.DataFrame, period: Period) -> list[str]:
    """Datasets with no activity at all inside ``period`` because their data ends before
    it starts or begins after it ends (a period the data partly covers is kept)."""
    from ..coverage import coverage_gaps

    gaps = coverage_gaps(coverage, period.start, period.end)
    return gaps.loc[gaps["gap"].isin(["after", "before"]), "dataset"].tolist()


def _blank_uncovered(table: pd.DataFrame, datasets: list[str]) -> pd.DataFrame:
    """``table`` with value, numerator and denominator NaN for the indicators of ``datasets``."""
    if not datasets:
        return table
    prefixes = tuple(FAMILY_PREFIX[d] for d in datasets)
    hit = table["code"].str.startswith(prefixes)
    table.loc[hit, ["value", "numerator", "denominator"]] = float("nan")
    return table


def series(
    frames: Mapping[str, pd.DataFrame],
    periods: Iterable[str | Period],
    *,
    breakdowns: bool = False,
    today=None,
    cutoff: str | None = None,
) -> pd.DataFrame:
    """The indicator tables of several periods, stacked for trends.

    Columns: ``period`` (the period code), then the :func:`compute`
    columns, then ``period_label`` (``Quý I/2022``). Periods keep the given
    order. The frames are turned into arrays once for all periods.

    Parameters
    ----------
    frames
        Validated frames keyed by dataset, as for :func:`compute`.
    periods
        Period codes or :class:`~cchc.periods.Period` objects, in the order
        wanted (:func:`cchc.periods.periods_covering` lists those the data
        covers).
    breakdowns
        ``False`` (default): totals only. ``True``: also every group of every
        breakdown (dossiers by ``field`` and ``unit``, tasks by ``source``
        and ``assigning_doc``, documents by ``unit``, training by
        ``training_type``), i.e. trends by unit or by field.
    today, cutoff
        Passed to :func:`cchc.periods.parse_period`.

    Notes
    -----
    A period a dataset's data does not reach at all (it ends before the
    period starts, or starts after it ends; see :mod:`cchc.coverage`) has
    ``value``, ``numerator`` and ``denominator`` NaN for that dataset's
    indicators: a dossier still pending when the export stopped is not
    "carried over" into quarters nobody recorded. Key figures (``ct_``) are
    as entered.
    """
    from ..coverage import dataset_coverage

    return series_prepared(
        prepare(frames),
        dataset_coverage(frames if frames is not None else {}),
        periods,
        breakdowns=breakdowns,
        today=today,
        cutoff=cutoff,
    )


def series_prepared(
    prepared: PreparedFrames,
    coverage: pd.DataFrame,
    periods: Iterable[str | Period],
    *,
    breakdowns: bool = False,
    today=None,
    cutoff: str | None = None,
) -> pd.DataFrame:
    """:func:`series` on frames already prepared, with their :func:`cchc.coverage.dataset_coverage`."""
    parts = []
    for item in periods:  # one evaluation per period, not per record
        p = parse_period(item, today=today, cutoff=cutoff)
        table = _blank_uncovered(compute_prepared(prepared, p, breakdowns), _uncovered(coverage, p))
        table.insert(0, "period", p.code)
        table["period_label"] = p.label
        parts.append(table)
    if not parts:
        return pd.DataFrame(columns=["period", *TABLE_COLUMNS, "period_label"])
    return pd.concat(parts, ignore_index=True)


def value_of(table: pd.DataFrame, code: str, dimension: str = "", group: str = "") -> float:
    """The ``value`` of one row of an indicator table (NaN when absent).

    >>> t = pd.DataFrame({"code": ["hs_new"], "dimension": [""], "group": [""], "value": [5.0]})
    >>> value_of(t, "hs_new"), value_of(t, "hs_resolved")
    (5.0, nan)
    """
    hit = table[(table["code"] == code) & (table["dimension"] == dimension) & (table["group"] == group)]
    if hit.empty:
        return float("nan")
    return float(hit["value"].iloc[0])


def _family_function(name: str):
    module = FAMILIES[name]

    def indicators(
        frame: pd.DataFrame,
        period: str | Period,
        *,
        by: Iterable[str] = (),
        today=None,
        cutoff: str | None = None,
    ) -> pd.DataFrame:
        p = parse_period(period, today=today, cutoff=cutoff)
        dims = tuple(by)
        unknown = set(dims) - set(module.DIMENSIONS)
        if unknown:
            raise ValueError(
                f"{name}: no breakdown by {sorted(unknown)}; choose among {list(module.DIMENSIONS)}"
            )
        prepared = module.prepare(frame if frame is not None else pd.DataFrame())
        return _family_table(name, prepared, p, dims, _meta())

    return indicators


def _doc(func, dataset: str, prefix: str):
    func.__name__ = func.__qualname__ = {
        "ho_so": "dossier_indicators",
        "nhiem_vu": "task_indicators",
        "van_ban": "document_indicators",
        "dao_tao": "training_indicators",
    }[dataset]
    func.__doc__ = f"""The ``{prefix}`` indicators of a ``{dataset}`` frame for ``period``.

    Pure: use it on a filtered frame (e.g. tasks of one source). ``by`` adds
    breakdowns among {list(FAMILIES[dataset].DIMENSIONS)}. Same columns as
    :func:`compute`.
    """
    return func


dossier_indicators = _doc(_family_function("ho_so"), "ho_so", "hs_")
task_indicators = _doc(_family_function("nhiem_vu"), "nhiem_vu", "nv_")
document_indicators = _doc(_family_function("van_ban"), "van_ban", "vb_")
training_indicators = _doc(_family_function("dao_tao"), "dao_tao", "dt_")


def key_figures_table(
    chi_tieu: pd.DataFrame, period: str | Period, *, today=None, cutoff: str | None = None
) -> pd.DataFrame:
    """The key figures (``ct_``) entered for ``period`` (same columns as :func:`compute`)."""
    p = parse_period(period, today=today, cutoff=cutoff)
    return hand_entered.key_figure_rows(chi_tieu, p.code)
