"""The period bundle: every figure the pages and the report of one period show, computed once.

``cchc run`` builds one bundle per report (the office's, and each unit's
with ``--unit all``) with :func:`build_bundle`, writes the Word report from
it, saves it with :func:`save_bundle` (Parquet frames + ``bundle.json``
scalars) in the staging folder's private ``.bundle/`` and passes its path
to every notebook as the ``bundle`` parameter. A notebook reads it with
:func:`page_bundle`, which, for a notebook an analyst opens on its own
(``bundle=""``), builds it from ``data_dir`` instead. Pages, charts and
sentences only format what the bundle holds.

>>> import cchc
>>> b = cchc.page_bundle("", "data/raw", "2022-H1")          # doctest: +SKIP
>>> cchc.value_of(b.table, "hs_received")                      # doctest: +SKIP
566.0
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..periods import Period, parse_period
from . import views
from .comparison import compare_prepared
from .scorecard import scorecard
from .table import compute_prepared, prepare

__all__ = [
    "BUNDLE_DIR",
    "PeriodBundle",
    "attach_report",
    "build_bundle",
    "load_bundle",
    "page_bundle",
    "report_file",
    "save_bundle",
]

#: The bundle's private folder in a run's staging folder (deleted before publishing).
BUNDLE_DIR = ".bundle"
SCALARS = "bundle.json"
#: The bundle's frames, each saved as ``<name>.parquet``.
FRAMES = (
    "table",
    "comparison",
    "trend",
    "flow",
    "overdue",
    "actions",
    "gaps",
    "government",
    "plan_years",
    "scorecard",
    "scorecard_unit",
    "scorecard_field",
)


@dataclasses.dataclass
class PeriodBundle:
    """What one report shows, computed once (see the module docstring).

    Frames: ``table`` (:func:`~cchc.indicators.compute`, with breakdowns),
    ``comparison`` (:func:`~cchc.indicators.compare` of the totals),
    ``trend`` (:func:`~cchc.indicators.views.trend_frame`), ``flow``
    (:func:`~cchc.indicators.views.monthly_flow`), ``overdue``
    (:func:`~cchc.indicators.views.overdue_tasks`), ``actions``
    (:func:`~cchc.indicators.views.action_items`), ``gaps``
    (:func:`~cchc.indicators.views.uncovered_datasets`), ``government``
    (:func:`~cchc.indicators.views.government_table`), ``plan_years``
    (:func:`~cchc.indicators.views.plan_years_frame`) and the 766 scorecard
    of the office, by unit and by field
    (:func:`~cchc.indicators.scorecard.scorecard`). Scalars: the period's
    code and cut-off, the unit, the missing datasets, the staff notes, and,
    once the report is built (:func:`attach_report`), its HTML fragment and
    the Word file's name.
    """

    period_code: str
    cutoff: str | None
    unit: str
    table: pd.DataFrame
    comparison: pd.DataFrame
    trend: pd.DataFrame
    flow: pd.DataFrame
    overdue: pd.DataFrame
    actions: pd.DataFrame
    gaps: pd.DataFrame
    government: pd.DataFrame
    plan_years: pd.DataFrame
    scorecard: pd.DataFrame
    scorecard_unit: pd.DataFrame
    scorecard_field: pd.DataFrame
    missing: list[str] = dataclasses.field(default_factory=list)
    staff_notes: list[str] = dataclasses.field(default_factory=list)
    report_html: str = ""
    docx_name: str = ""
    #: The :class:`~cchc.report.model.ReportDocument` when built in this process (never saved).
    report: Any = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def period(self) -> Period:
        """The bundle's :class:`~cchc.periods.Period`."""
        return parse_period(self.period_code, cutoff=self.cutoff)

    def gaps_for(self, *datasets: str) -> pd.DataFrame:
        """The coverage gaps of ``datasets`` only (a page about one dataset warns about it alone)."""
        return self.gaps[self.gaps["dataset"].isin(datasets)].reset_index(drop=True)

    def plan_year_map(self) -> dict[str, int]:
        """Plan (``assigning_doc``) -> the year it is for."""
        return dict(zip(self.plan_years["plan"].astype(str), self.plan_years["year"].astype(int)))


def build_bundle(
    frames: Mapping[str, pd.DataFrame],
    period: str | Period,
    *,
    unit: str = "",
    missing: Iterable[str] = (),
    service_index=None,
    cutoff: str | None = None,
) -> PeriodBundle:
    """Compute everything one report shows from its (already unit-filtered) frames.

    Parameters
    ----------
    frames
        Validated frames keyed by dataset, filtered to ``unit`` when one is given.
    period
        A period code or :class:`~cchc.periods.Period`.
    unit
        The unit the frames were filtered to (``""``: the whole office); the
        key figures, entered for the office, then score nothing on the 766 card.
    missing
        Datasets with no input file (:attr:`cchc.loading.LoadedData.missing`).
    service_index
        The Quyết định 766 settings (:func:`cchc.service_index.load_service_index`);
        None: the shipped defaults.
    cutoff
        Passed to :func:`cchc.periods.parse_period` when ``period`` is a code.

    The period's table is computed once (with its breakdowns); the
    comparison reuses its totals and computes only the compared periods.
    """
    from ..service_index import load_service_index

    p = parse_period(period, cutoff=cutoff) if isinstance(period, str) else period
    settings = service_index if service_index is not None else load_service_index(None)
    prepared = prepare(frames)
    table = compute_prepared(prepared, p, breakdowns=True)
    totals = table[table["dimension"] == ""].reset_index(drop=True)
    year = p.end.year
    return PeriodBundle(
        period_code=p.code,
        cutoff=p.cutoff,
        unit=unit or "",
        table=table,
        comparison=compare_prepared(prepared, frames, p, breakdowns=False, current=totals),
        trend=views.trend_frame(frames, p, prepared=prepared),
        flow=views.monthly_flow(frames, p, prepared=prepared),
        overdue=views.overdue_tasks(frames.get("nhiem_vu"), p),
        actions=views.action_items(frames, p),
        gaps=views.uncovered_datasets(frames, p),
        government=views.government_table(frames, p),
        plan_years=views.plan_years_frame(frames),
        scorecard=scorecard(table, settings, year, key_figures=not unit),
        scorecard_unit=scorecard(table, settings, year, "unit"),
        scorecard_field=scorecard(table, settings, year, "field"),
        missing=list(missing),
    )


def attach_report(
    bundle: PeriodBundle, report, docx_name: str = "", staff_notes: Iterable[str] | None = None
) -> PeriodBundle:
    """``bundle`` with the report built from it: its HTML fragment, Word file name and staff notes.

    ``staff_notes`` default to the report's own (:meth:`ReportDocument.staff_messages`).
    """
    from ..report import render_html

    notes = report.staff_messages() if staff_notes is None else list(staff_notes)
    return dataclasses.replace(
        bundle, report=report, report_html=render_html(report), docx_name=docx_name, staff_notes=notes
    )


def save_bundle(bundle: PeriodBundle, folder: Path | str) -> Path:
    """Write ``bundle`` into a new folder ``folder`` (one Parquet file per frame, scalars as JSON)."""
    folder = Path(folder)
    folder.mkdir()
    for name in FRAMES:
        getattr(bundle, name).to_parquet(folder / f"{name}.parquet", index=False)
    scalars = {
        f.name: getattr(bundle, f.name)
        for f in dataclasses.fields(bundle)
        if f.name not in FRAMES and f.name != "report"
    }
    (folder / SCALARS).write_text(json.dumps(scalars, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


def load_bundle(folder: Path | str) -> PeriodBundle:
    """The bundle :func:`save_bundle` wrote (equal frames, dtypes kept)."""
    folder = Path(folder)
    scalars = json.loads((folder / SCALARS).read_text(encoding="utf-8"))
    frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in FRAMES}
    return PeriodBundle(**frames, **scalars)


def page_bundle(
    bundle: str, data_dir: str, period: str, unit: str = "", cutoff: str | None = None, snapshot: str = ""
) -> PeriodBundle:
    """The bundle a notebook shows: the run's (``bundle`` set), else built here from the data.

    A notebook opened on its own (``bundle=""``) reads ``data_dir`` (or the
    run's ``snapshot``), keeps ``unit``'s records, computes the bundle and
    builds the report from it (with the office's settings and narrative), so
    every page shows the same figures as in a run.
    """
    if bundle:
        return load_bundle(bundle)
    from ..config import data_folder
    from ..report import build_report
    from ..service_index import load_service_index
    from ..snapshot import load_page_data, report_inputs

    data_dir = str(data_folder(data_dir))  # path rule: the argument, else CCHC_DATA, else data/raw
    data = load_page_data(data_dir, snapshot)
    p = parse_period(period, cutoff=cutoff)
    built = build_bundle(
        views.filter_unit(data.frames, unit),
        p,
        unit=unit,
        missing=data.missing,
        service_index=load_service_index(snapshot or data_dir),
    )
    settings, narrative_dir = report_inputs(data_dir, snapshot, p.code, unit)
    return attach_report(built, build_report(built, settings=settings, narrative_dir=narrative_dir))


def docx_file_name(period_code: str) -> str:
    """The Word report's file name: ``bao-cao-cchc-<period>.docx``."""
    return f"bao-cao-cchc-{period_code}.docx"


def report_file(bundle: PeriodBundle, output_dir: Path | str) -> str:
    """The Word report's file name next to the page.

    In a run the pipeline has written it already (:attr:`PeriodBundle.docx_name`);
    for a bundle built in this process (a notebook opened on its own) it is
    written now into ``output_dir``.
    """
    if bundle.docx_name:
        return bundle.docx_name
    from ..report import write_docx

    name = docx_file_name(bundle.period_code)
    write_docx(bundle.report, Path(output_dir) / name)
    return name
