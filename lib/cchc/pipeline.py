"""``cchc run``: produce and publish one or more periods' reports.

:func:`run_periods` (one period: :func:`run_period`) resolves the periods
(``all``: :func:`periods_in_data`), loads and validates the data once,
checks it reaches the period (:mod:`cchc.run_coverage`), computes the
period bundle once per report (:mod:`cchc.indicators.bundle`: the indicator
table, ``indicators.csv``/``.xlsx``, comparisons, series, lists), writes the
Word report from it, executes every
``notebooks/[0-9][0-9]_*.ipynb`` in worker processes (:mod:`cchc.executor`),
each rendered to a self-contained HTML page (:mod:`cchc.render`), writes the
period's landing page (:mod:`cchc.landing`), the executed notebooks,
``manifest.json`` and ``run.log`` (:mod:`cchc.runlog`), and publishes the
folder atomically (:mod:`cchc.publish`); ``--unit all`` publishes every
unit's report too (:mod:`cchc.by_unit`), for each period in turn. Any
failure raises :class:`RunError` and publishes nothing more (periods
published before it stay published).

Why processes, not threads: ``papermill.execute_notebook(cwd=...)`` changes
the working directory of the whole process (``os.chdir``), which races
between threads. Workers are started with ``spawn`` (no inherited threads
or locks from pandas/pyarrow in the parent) and warmed up while the data
loads: each starts the Jupyter kernel it keeps for every notebook it
executes, in every period of the run (:mod:`cchc.executor`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import shutil
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__, config
from .executor import execute_and_render, warm_up
from .landing import landing_lead, landing_page
from .processes import StopSignals, stop_workers, worker_init
from .publish import (
    LEAD_FILE,
    RunError,
    check_replaceable,
    folder_name,
    make_staging,
    output_lock,
    recover_and_clean,
    swap_into_place,
    write_json,
    write_root_index,
    write_text_atomic,
)
from .render import render_html
from .run_coverage import CoverageError, coverage_notice
from .runlog import RunLog, configure_logging, release_logging

__all__ = [
    "CoverageError",
    "RunContext",
    "RunError",
    "RunLog",
    "configure_logging",
    "coverage_notice",
    "execute_and_render",
    "find_notebooks",
    "periods_in_data",
    "preflight_report",
    "release_logging",
    "render_html",
    "run_period",
    "run_periods",
]

NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"
#: Notebooks that match the pattern but are not report pages (the analysts' exploration notebook).
NOT_PUBLISHED = ("00_kham_pha.ipynb",)


@dataclass
class RunContext:
    """What every report of one ``cchc run`` shares: the period, the data loaded once, the workers.

    Built once by :func:`run_period`; :func:`build_report_folder` and
    :func:`cchc.by_unit.publish_by_unit` read it instead of a long list of
    positional arguments.
    """

    period: Any  #: the resolved :class:`~cchc.periods.Period`
    root: Path  #: reports root
    raw: Path  #: input folder
    notebooks: list[Path]
    nb_dir: Path  #: the notebooks' folder (papermill's working directory)
    pool: Any  #: the worker pool (:class:`~concurrent.futures.ProcessPoolExecutor`)
    warm: list  #: the workers' warm-up futures
    data: Any  #: :class:`~cchc.loading.LoadedData`, loaded once
    cutoff: str
    started_wall: dt.datetime
    stop: StopSignals
    write_indicator_table: Callable
    banner: str = ""  #: the data-coverage warning shown on every page
    notes: list[str] = field(default_factory=list)  #: the office's staff notes (pre-flight)
    service_index: Any = None  #: the Quyết định 766 settings every report's bundle scores with
    #: seconds each notebook took in the run's previous period: the longest are submitted first
    durations: dict[str, float] = field(default_factory=dict)


def find_notebooks(notebooks_dir: Path | None = None) -> list[Path]:
    """The report's notebooks, in page order (``NN_name.ipynb``, not :data:`NOT_PUBLISHED`)."""
    folder = Path(notebooks_dir) if notebooks_dir is not None else config.NOTEBOOKS_DIR
    return sorted(nb for nb in folder.glob(NOTEBOOK_PATTERN) if nb.name not in NOT_PUBLISHED)


def _failure(result: dict) -> RunError:
    where_vi = where_en = ""
    if result.get("cell_index") is not None:
        where_vi = f", ô số {result['cell_index']} (`{result['cell_source']}`)"
        where_en = f", cell {result['cell_index']} (`{result['cell_source']}`)"
    return RunError(
        f"Trang {result['name']} bị lỗi{where_vi}: {result['error']}. Không xuất bản báo cáo nào; "
        "báo cáo đã có được giữ nguyên.",
        f"Notebook {result['name']} failed{where_en}: {result['error']}. Nothing was published; "
        "the previous report is unchanged.",
    )


def run_period(period: str, **options) -> Path:
    """Produce and publish the reports of one period; return the published folder.

    :func:`run_periods` with one code (``all`` is not accepted here); the
    options and errors are those of :func:`run_periods`.
    """
    if str(period).strip().casefold() in ALL_PERIODS:
        raise RunError(
            "Dùng run_periods cho mọi kỳ ('all').", "Use run_periods for every period ('all').", exit_code=2
        )
    return run_periods([period], **options)[0]


#: ``--period`` values meaning every period the data covers (:func:`periods_in_data`).
ALL_PERIODS = ("all", "tất cả")
#: The kinds ``--period all`` publishes, in publishing order.
ALL_KINDS = ("month", "quarter", "half", "nine_months", "year")


def periods_in_data(frames, cutoff: str) -> list:
    """Every named period the data covers: what ``cchc run --period all`` publishes.

    The data's span runs from the earliest to the latest date of any dataset
    (:func:`cchc.coverage.dataset_coverage`). Every month, quarter, half,
    nine-month period (``YYYY-9M``) and year (under ``cutoff``) whose dates
    overlap that span is returned, by kind in :data:`ALL_KINDS` order, each
    kind in date order. A period the data reaches only partly (the current
    year while the data stops in June) is included; its pages carry the
    usual coverage notice. Empty when no dataset has a date.
    """
    from .coverage import dataset_coverage
    from .periods import make_period, periods_covering

    cov = dataset_coverage(frames).dropna(subset=["first", "last"])
    if cov.empty:
        return []
    first, last = min(cov["first"]), max(cov["last"])
    out = []
    for kind in ALL_KINDS:
        if kind == "nine_months":
            years = [p.year for p in periods_covering(first, last, "year", cutoff, partial=True)]
            nine = (make_period("nine_months", y, 1, cutoff) for y in years)
            out.extend(p for p in nine if p.start <= last and p.end >= first)
        else:
            out.extend(periods_covering(first, last, kind, cutoff, partial=True))
    return out


def run_periods(
    periods: list[str] | tuple[str, ...],
    *,
    data_dir: Path | None = None,
    out_dir: Path | None = None,
    unit: str | None = None,
    jobs: int | None = None,
    cutoff: str | None = None,
    today=None,
    log: Callable[[str], None] | None = None,
    notebooks_dir: Path | None = None,
    lock_timeout: float | None = None,
    strict: bool = False,
    by: str | tuple[str, ...] | list[str] | None = None,
) -> list[Path]:
    """Produce and publish the reports of one or more periods; return the published folders.

    The data is loaded and validated once, the workers (each with its warm
    kernel, :mod:`cchc.executor`) and the output lock serve every period,
    and each period is published atomically as soon as it is built, in the
    order given; the root ``index.html`` is written once, at the end. **The
    first period that fails stops the run**: the periods published before it
    stay published (each is complete), it and the later ones are not
    touched (their last good reports stay), and the error names the failed
    period, what was published and what was not run.

    Parameters
    ----------
    periods
        Period codes (``2022-H1``, ``previous-quarter``…, see
        :mod:`cchc.periods`), or one of :data:`ALL_PERIODS`: every period the
        data covers (:func:`periods_in_data`). A code given twice runs once.
    data_dir, out_dir
        Input spreadsheets and reports root; by the project's path rule
        (:mod:`cchc.config`): the argument, else ``CCHC_DATA`` /
        ``CCHC_REPORTS``, else the project's ``data/raw`` / ``reports/``.
    unit
        Restrict every page and the indicator table to one unit.
    jobs
        Notebooks executed in parallel (default: the number of cores).
    cutoff
        ``calendar`` or ``decree09`` (default: the project setting).
    today
        The "today" relative codes resolve against (default: the real date).
    log
        Receives one line per step and per finished notebook (default: the
        ``cchc.run`` logger, see :func:`configure_logging`).
    notebooks_dir, lock_timeout
        For tests and special set-ups: another notebook folder; seconds to
        wait for a concurrent run (default :data:`cchc.publish.DEFAULT_LOCK_TIMEOUT`).
    strict
        A stale dataset (newest record more than a month before the period's
        end) is an error instead of a warning.
    by
        ``"unit"`` (``--unit all``): besides the office's report, one report
        per unit of the data and a page comparing the units; ``"field"``: one
        dossier report per field (lĩnh vực); a sequence of both: both. All from
        the one load; every folder of a period is built first and swapped in
        only when all succeeded (:func:`cchc.by_unit.publish_by_unit`). The
        office's folder is the one returned.

    Raises
    ------
    RunError
        A notebook failed, another run holds the output, or the output is
        not writable, ``unit`` names no unit of the data, ``<out>/<period>``
        is not cchc's (``exit_code`` 2), or the run was stopped by SIGTERM or
        SIGINT (:class:`cchc.processes.RunStopped`). Nothing more is
        published; with several periods the message says which failed and
        which were published.
    CoverageError
        A period starts after every dataset's last date, or ``strict`` and
        the data is stale (see :func:`coverage_notice`). Checked for every
        period before any is built: nothing is published.
    cchc.problems.DataError
        The input data breaks the data contract.
    """
    from .audit import findings
    from .exports import write_indicator_table
    from .indicators.views import filter_unit
    from .loading import load_data
    from .periods import parse_period
    from .snapshot import known_units

    started_wall = dt.datetime.now().astimezone()
    t0 = time.perf_counter()
    say = RunLog(log)

    cutoff = cutoff or config.DEFAULT_CUTOFF
    from .by_unit import by_kinds

    kinds = by_kinds(by)
    if kinds and unit:
        raise RunError(
            "Chọn một đơn vị (--unit) hoặc mọi đơn vị (--unit all), không cả hai.",
            "Choose one unit (--unit) or every unit (--unit all), not both.",
            exit_code=2,
        )
    codes = [str(c).strip() for c in periods]
    every = any(c.casefold() in ALL_PERIODS for c in codes)
    if not codes or (every and len(codes) > 1):
        raise RunError(
            "Cần một hoặc nhiều mã kỳ, hoặc chỉ 'all' (mọi kỳ có dữ liệu).",
            "Give one or more period codes, or 'all' alone (every period of the data).",
            exit_code=2,
        )
    chosen = [] if every else _unique([parse_period(c, today=today, cutoff=cutoff) for c in codes])
    raw = config.data_folder(data_dir)
    root = config.reports_folder(out_dir)
    notebooks = find_notebooks(notebooks_dir)
    if not notebooks:
        raise RunError(
            "Không tìm thấy trang báo cáo (sổ tính NN_*.ipynb) nào.",
            "No report notebooks (NN_*.ipynb) found.",
        )
    nb_dir = notebooks[0].parent.resolve()
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(notebooks)))
    unit = unicodedata.normalize("NFC", unit.strip()) if unit and unit.strip() else None

    stop = StopSignals()
    pool = None
    try:
        with stop:
            pool = ProcessPoolExecutor(
                max_workers=jobs,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=worker_init,
                initargs=(os.getpid(),),
            )
            warm = [pool.submit(warm_up, config.KERNEL_NAME, str(nb_dir)) for _ in range(jobs)]
            where = _shown_data_dir(data_dir, raw, root)
            if chosen:
                shown = (
                    f"Kỳ báo cáo {chosen[0].label} ({chosen[0].range_label})"
                    if len(chosen) == 1
                    else f"{len(chosen)} kỳ báo cáo: {', '.join(p.code for p in chosen)}"
                )
                shown = f"{shown}; dữ liệu: {where}"
            else:
                shown = f"Mọi kỳ báo cáo của dữ liệu; dữ liệu: {where}"
            say(f"{shown}; báo cáo ghi vào: {root}", published=shown)
            data = load_data(raw)
            units = known_units(data.frames)
            if unit is not None and unit not in units:
                raise _unknown_unit(unit, units)
            say(
                f"Đã đọc {len(data.files)} tệp dữ liệu"
                f"{' (bộ nhớ đệm)' if data.from_cache else ''}; thiếu: {', '.join(data.missing) or 'không'}"
                f" ({time.perf_counter() - t0:.1f} s)"
            )
            warnings = sum(x.severity == "warning" for x in findings(data, today=today))
            if warnings:
                say(
                    f"Kiểm tra dữ liệu: {warnings} cảnh báo, xem trang Chất lượng dữ liệu "
                    f"({warnings} data warning(s), listed on the data-quality page)"
                )
            if every:
                chosen = periods_in_data(data.frames, cutoff)
                if not chosen:
                    raise RunError(
                        "Dữ liệu không có ngày nào: không có kỳ báo cáo nào để lập.",
                        "The data holds no date: there is no period to report.",
                        exit_code=2,
                    )
                say(f"Mọi kỳ có dữ liệu: {len(chosen)} kỳ ({_count_by_kind(chosen)})")
            shared = list(say.lines)  # the lines every period's run.log starts with
            banners, warned = {}, {}
            for p in chosen:  # every period checked before any is built
                warned[p.code] = []
                try:
                    banners[p.code] = coverage_notice(
                        data.frames, p, strict=strict, warn=warned[p.code].append
                    )[0]
                except CoverageError:
                    for line in warned[p.code]:
                        say.warning(_prefixed(line, p, len(chosen)))
                    raise
            frames = filter_unit(data.frames, unit)
            _, service_index = report_settings(raw)  # a broken settings file stops the run here
            base = RunContext(
                chosen[0],
                root,
                raw,
                notebooks,
                nb_dir,
                pool,
                warm,
                data,
                cutoff,
                started_wall,
                stop,
                write_indicator_table,
                service_index=service_index,
            )
            folders: list[Path] = []
            ahead = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cchc-prepare")
            with _closing(ahead):
                prepared = ahead.submit(_prepare_period, base, data_dir, chosen[0], frames, units, unit)
                try:  # a broken setting or narrative stops the run before the lock is taken
                    prepared.result()
                except RunError as exc:
                    if len(chosen) == 1:
                        raise
                    raise _period_failure(exc, chosen[0], chosen, []) from None
                with output_lock(root, lock_timeout):
                    for i, p in enumerate(chosen):
                        current = prepared
                        if i + 1 < len(chosen):  # the next period is prepared while this one's notebooks run
                            prepared = ahead.submit(
                                _prepare_period, base, data_dir, chosen[i + 1], frames, units, unit
                            )
                        try:
                            said = RunLog(log)  # this period's run.log: the shared lines, then its own
                            said.lines = list(shared)
                            if len(chosen) > 1:
                                said(f"Kỳ {p.code} ({i + 1}/{len(chosen)}): {p.label} ({p.range_label})")
                            for line in warned[p.code]:
                                said.warning(line)
                            folder, settings = _run_one_period(
                                base,
                                p,
                                banners[p.code],
                                current,
                                units,
                                unit,
                                kinds,
                                said,
                                t0 if len(chosen) == 1 else None,
                            )
                        except RunError as exc:
                            if len(chosen) == 1:
                                raise
                            if folders:  # the list of reports shows the periods published before
                                with stop.blocked(), contextlib.suppress(OSError):
                                    write_root_index(root, settings.org_name)
                            raise _period_failure(exc, p, chosen, folders) from None
                        folders.append(folder)
                    pool.shutdown(wait=True)  # the warm kernels stop with their workers
                    pool = None  # stopped inside the lock: the lock is released after the workers
                    try:
                        write_root_index(root, settings.org_name)
                    except OSError as exc:
                        raise RunError(
                            f"Báo cáo mới ĐÃ được xuất bản tại '{folders[-1]}', nhưng không cập nhật được "
                            f"danh sách các kỳ báo cáo '{root / 'index.html'}': {exc.strerror or exc}. "
                            "Hãy sửa lỗi rồi chạy lại để cập nhật danh sách.",
                            f"The new report IS published at '{folders[-1]}', but the list of reports "
                            f"'{root / 'index.html'}' could not be updated: {exc}. Fix the problem and "
                            "run again to update the list.",
                        ) from None
        if len(folders) > 1:
            say(f"Xong: {len(folders)} kỳ trong {time.perf_counter() - t0:.1f} s → {root}")
        return folders
    finally:
        if pool is not None:
            with stop.blocked():
                stop_workers(pool)


def _prepare_period(base: RunContext, data_dir, p, frames, units: list[str], unit: str | None):
    """What a period needs before its notebooks run: ``(staff notes, period bundle, input texts)``.

    The period bundle (every figure the pages and the report show, computed
    once: :func:`cchc.indicators.bundle.build_bundle`) and the pre-flight
    check on it (:func:`preflight_report`, which raises on a broken setting
    or narrative). In a several-period run the next period is prepared in a
    background thread while the current one's notebooks run (the frames are
    only read).
    """
    from .indicators.bundle import build_bundle
    from .snapshot import read_input_texts

    bundle = build_bundle(
        frames, p, unit=unit or "", missing=base.data.missing, service_index=base.service_index
    )
    notes = preflight_report(base.raw, data_dir, p, bundle, unit)
    return notes, bundle, read_input_texts(base.raw, p.code, unit, units)


def _run_one_period(
    base: RunContext,
    p,
    banner: str,
    prepared,
    units: list[str],
    unit: str | None,
    kinds: tuple[str, ...],
    say: RunLog,
    t0: float | None,
):
    """Build and publish one period of :func:`run_periods` (holding the lock); return ``(folder, settings)``.

    ``prepared`` is the future of :func:`_prepare_period` for ``p``.
    """
    from dataclasses import replace

    t0 = time.perf_counter() if t0 is None else t0
    stop = base.stop
    stop.published = False  # a stop from here on leaves this period unpublished
    notes, bundle, texts = prepared.result()
    for line in notes:
        say(f"Cần bổ sung / to do: {line}")
    ctx = replace(base, period=p, banner=banner, notes=notes)
    if kinds:
        from .by_unit import publish_by_unit

        folder, settings, result = publish_by_unit(ctx, texts, bundle, units, say, kinds)
    else:
        name = folder_name(p.code, unit, units)
        folder, settings, result = _build_and_publish(ctx, name, texts, bundle, unit, t0, say)
    base.durations.update({page: r["seconds"] for page, r in result.items()})
    say(f"Xong: {len(result)} trang trong {time.perf_counter() - t0:.1f} s → {folder}")
    return folder, settings


@contextlib.contextmanager
def _closing(threads: ThreadPoolExecutor):
    """Stop ``threads`` on the way out; a preparation still queued is cancelled."""
    try:
        yield threads
    finally:
        threads.shutdown(wait=True, cancel_futures=True)


def _unique(periods: list) -> list:
    """``periods`` without repeats (same code), in the order given."""
    seen: dict[str, object] = {}
    for p in periods:
        seen.setdefault(p.code, p)
    return list(seen.values())


_KIND_NAMES = {
    "month": "tháng",
    "quarter": "quý",
    "half": "kỳ 6 tháng",
    "nine_months": "kỳ 9 tháng",
    "year": "năm",
}


def _count_by_kind(periods: list) -> str:
    """``30 tháng, 10 quý, 5 kỳ 6 tháng…``: how many periods of each kind."""
    counts: dict[str, int] = {}
    for p in periods:
        counts[p.kind] = counts.get(p.kind, 0) + 1
    return ", ".join(f"{n} {_KIND_NAMES.get(k, k)}" for k, n in counts.items())


def _prefixed(line: str, period, count: int) -> str:
    """``line`` with the period's code in front when the run has several periods."""
    return line if count == 1 else f"{period.code}: {line}"


def _period_failure(exc: RunError, failed, periods: list, folders: list[Path]) -> RunError:
    """The error of a several-period run: which period failed, what was published, what was not run."""
    done = [p.code for p in periods[: len(folders)]]
    rest = [p.code for p in periods[len(folders) + 1 :]]
    listed_vi = ", ".join(done) or "không có"
    listed_en = ", ".join(done) or "none"
    error = RunError(
        f"Kỳ {failed.code}: {exc.message_vi} Các kỳ đã xuất bản trong lần chạy này: {listed_vi}; "
        f"các kỳ chưa chạy: {', '.join(rest) or 'không có'}.",
        f"Period {failed.code}: {exc.message_en} Published by this run: {listed_en}; "
        f"not run: {', '.join(rest) or 'none'}.",
        exit_code=exc.exit_code,
    )
    error.published = list(folders)
    return error


def report_settings(raw: Path):
    """The office's report settings and 766 settings of ``raw``, or a :class:`RunError` (exit 2).

    Returns ``(ReportSettings, ServiceIndexSettings)``.
    """
    from .service_index import ServiceIndexError, load_service_index
    from .settings import SettingsError, load_report_settings

    try:
        # the [chi_so_766] section (Quyết định 766 scorecard) is read from the same file
        return load_report_settings(raw), load_service_index(raw)
    except (SettingsError, ServiceIndexError) as exc:
        raise RunError(
            f"Tệp cài đặt báo cáo không dùng được:\n{exc}",
            "The report settings file cannot be used (see above).",
            exit_code=2,
        ) from None


def preflight_report(raw: Path, data_dir, period, bundle, unit: str | None) -> list[str]:
    """Check the report's settings and narrative before any notebook runs; return staff notes.

    A wrong setting (``bao_cao.toml``) or narrative placeholder stops the run
    here, each problem printed once with the file as the user named it,
    instead of failing inside the report page minutes later. The returned
    lines are what the office still has to write or know (no narrative file,
    ``[Cần bổ sung: …]`` placeholders of the Word draft): they go to
    ``run.log`` and the data-quality page, never to the leadership pages.
    A unit run's own narrative is checked when its page is built. The report
    is assembled from ``bundle``, the period bundle the run publishes
    (:func:`cchc.indicators.bundle.build_bundle`): nothing is computed here.
    """
    from .report import build_report, validate_narratives

    settings, _ = report_settings(raw)
    shown = str(Path(data_dir)) if data_dir else str(raw)
    if unit is None:
        problems = [
            line.replace(str(raw), shown, 1)
            for line in validate_narratives(raw, period, bundle=bundle, settings=settings)
        ]
        if problems:
            listed = "\n".join(problems)
            raise RunError(
                f"Tệp lời văn của báo cáo có lỗi; chưa trang nào được dựng:\n{listed}",
                "The report's narrative file has errors (listed above); no page was built.",
                exit_code=2,
            )
    narrative = raw / "narrative" if unit is None else None
    return build_report(bundle, settings=settings, narrative_dir=narrative).staff_messages()


def _unknown_unit(unit: str, units: list[str]) -> RunError:
    listed = "; ".join(units) if units else "(không có / none)"
    return RunError(
        f"Không có đơn vị '{unit}' trong dữ liệu. Các đơn vị có trong dữ liệu: {listed}.",
        f"Unknown unit '{unit}': no record names it. Units in the data: {listed}.",
        exit_code=2,
    )


def _build_and_publish(ctx: RunContext, name: str, texts, bundle, unit: str | None, t0: float, say: RunLog):
    """Build the report in a staging folder and swap it in; call while holding the lock.

    Returns ``(folder, settings, results)``. The workers are stopped before
    this returns or raises: on any failure, before the staging folder is
    deleted, so nothing is written after the failure is declared.
    """
    from .settings import load_report_settings
    from .snapshot import SNAPSHOT_DIR, write_snapshot

    root, pool, stop = ctx.root, ctx.pool, ctx.stop
    staging = None
    try:
        check_replaceable(root, name)
        for line in recover_and_clean(root):
            say(line)
        staging = make_staging(root, name)
        snapshot = write_snapshot(staging / SNAPSHOT_DIR, ctx.data, texts, ctx.period.code)
        settings = load_report_settings(snapshot)
        result = build_report_folder(
            ctx, staging, snapshot, texts, settings, bundle, unit, t0, say, staff_notes=ctx.notes
        )
        # every notebook is done: the workers (kept for the next period) write nothing more
        with stop.blocked():  # a stop request is handled after the swap, knowing its outcome
            folder = swap_into_place(staging, root, name)
            stop.published = True
        return folder, settings, result
    except BaseException as exc:
        with stop.blocked():  # a stop request must not cut the clean-up short
            stop_workers(pool)  # nothing may write into the staging folder from here on
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise RunError(
                f"Không ghi được báo cáo vào '{root}': {exc.strerror or exc}. "
                "Không xuất bản báo cáo nào; báo cáo đã có được giữ nguyên.",
                f"Cannot write the reports to '{root}': {exc}. "
                "Nothing was published; the previous report is unchanged.",
            ) from None
        raise


def _shown_data_dir(given: Path | str | None, raw: Path, root: Path) -> str:
    """The data folder as the run log names it, never absolutely.

    As given when relative; the default folder relative to the project
    (``data/raw``); any other path relative to the reports root ``root``.
    """
    if given is not None and not Path(given).is_absolute():
        return str(given)
    if given is None and raw.is_relative_to(config.PROJECT_ROOT):
        return raw.relative_to(config.PROJECT_ROOT).as_posix()
    return _relative(raw, root)


def _relative(path: Path, start: Path) -> str:
    """``path`` relative to ``start`` where possible (same drive), else absolute."""
    try:
        return os.path.relpath(path, start)
    except ValueError:
        return str(path)


def _output_hashes(staging: Path) -> list[dict]:
    """SHA-256 and size of every file written so far (the manifest's audit list)."""
    from .loading import sha256_file

    return [
        {"file": f.name, "sha256": sha256_file(f), "size": f.stat().st_size}
        for f in sorted(staging.iterdir())
        if f.is_file() and f.name != "manifest.json" and not f.name.startswith(".")
    ]


def build_report_folder(
    ctx: RunContext,
    staging: Path,
    snapshot: Path,
    texts,
    settings,
    bundle,
    unit: str | None,
    t0: float,
    say: RunLog,
    links: tuple[tuple[str, str], ...] = (),
    staff_notes=(),
    field: str = "",
    field_links: tuple[tuple[str, str], ...] = (),
) -> dict[str, dict]:
    """Everything written into the staging folder; returns per-notebook results.

    ``bundle`` is the report's period bundle (every figure, computed once):
    the indicator table files and the Word report are written from it, then
    it is saved into the private ``.bundle/`` folder, which every notebook
    reads (its ``bundle`` parameter) and shows, with the report's HTML and
    ``staff_notes`` (the data-quality page's). The notebooks also get the
    run's ``snapshot`` (the data loaded once: files read, data-quality
    findings). Both folders are deleted once the notebooks are done, before
    anything is published. ``banner`` is the coverage notice shown on every page.
    ``field``: a field's report (``ctx`` holds only its dossiers and pages, see
    :func:`cchc.by_unit.publish_by_unit`): a reduced landing page.
    ``links`` / ``field_links``: the unit and field reports of the same run.
    """
    from .indicators.bundle import BUNDLE_DIR, attach_report, docx_file_name, save_bundle
    from .pages import provenance_rows
    from .report import build_report, write_docx
    from .snapshot import NARRATIVE_DIR

    p, data, raw, nb_dir, notebooks = ctx.period, ctx.data, ctx.raw, ctx.nb_dir, ctx.notebooks
    cutoff, started_wall, banner = ctx.cutoff, ctx.started_wall, ctx.banner
    # The pipeline writes the Word report itself, from the bundle; notebook 08 shows its HTML.
    report = build_report(bundle, settings=settings, narrative_dir=snapshot / NARRATIVE_DIR)
    docx = docx_file_name(p.code)
    write_docx(report, staging / docx)
    bundle = attach_report(bundle, report, docx, staff_notes)
    bundle_dir = save_bundle(bundle, staging / BUNDLE_DIR)
    exports = [docx, *(Path(x).name for x in ctx.write_indicator_table(bundle.table, staging))]
    generated = started_wall.strftime("%d/%m/%Y %H:%M")
    files = provenance_rows(data.files)
    page_common = {
        "period_label": p.label,
        "range_label": p.range_label,
        "org_name": settings.org_name,
        "generated": generated,
        "files": files,
        "version": __version__,
        "notice": settings.notice,
        "unit": unit or "",
        "field": field,
        "index_href": "index.html",
        "coverage_notice": banner,
        "cutoff_label": "Quy ước ngày chốt số liệu theo Nghị định 09/2019/NĐ-CP"
        if cutoff == "decree09"
        else "",
    }
    # Paths relative to the notebooks folder (papermill's cwd), so the executed notebooks kept
    # as the audit record do not carry the machine's absolute paths.
    parameters = {
        "period": p.code,
        "data_dir": _relative(raw, nb_dir),
        "output_dir": _relative(staging, nb_dir),
        "unit": unit or "",
        "cutoff": cutoff,
        "snapshot": _relative(snapshot, nb_dir),
        "bundle": _relative(bundle_dir, nb_dir),
    }
    wait(ctx.warm)
    futures: dict[Future, Path] = {}
    for nb in sorted(notebooks, key=lambda nb: -ctx.durations.get(nb.name, 0.0)):  # longest first
        job = {
            "name": nb.name,
            "input": str(nb),
            "output": str(staging / nb.name),
            "html": str(staging / (nb.stem + ".html")),
            "parameters": parameters,
            "kernel": config.KERNEL_NAME,
            "cwd": str(nb_dir),
            "page": page_common,
        }
        futures[ctx.pool.submit(execute_and_render, job)] = nb
    results: dict[str, dict] = {}
    pending = set(futures)
    failure: dict | None = None
    while pending and failure is None:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for fut in done:
            res = fut.result()
            results[res["name"]] = res
            if res["ok"]:
                say(f"  ✓ {res['name']} {res['seconds']:.1f} s")
            else:
                say(f"  ✗ {res['name']} {res['seconds']:.1f} s: {res['error']}")
                failure = failure or res
    if failure is not None:
        for fut in pending:
            fut.cancel()
        raise _failure(failure)
    shutil.rmtree(snapshot)  # never published
    shutil.rmtree(bundle_dir)  # private too: indicators.csv/.xlsx, the pages and the .docx publish it

    pages = [
        {"name": nb.name, "file": nb.stem + ".html", "title": results[nb.name].get("title", "")}
        for nb in notebooks
    ]
    if field:
        from .by_unit import field_lead

        lead = field_lead(bundle, pages)
    else:
        lead = landing_lead(bundle.table, bundle.actions, pages)
    write_text_atomic(staging / LEAD_FILE, lead)
    write_text_atomic(
        staging / "index.html",
        landing_page(p, pages, settings, generated, unit, exports, banner, links, lead, field, field_links),
    )
    finished = dt.datetime.now().astimezone()
    manifest = {
        "period": p.code,
        "period_label": p.label,
        "range_label": p.range_label,
        "period_start": p.start.isoformat(),
        "period_end": p.end.isoformat(),
        "unit": unit or "",
        "field": field,
        "cutoff": cutoff,
        "parameters": {k: v for k, v in {"period": p.code, "unit": unit or "", "cutoff": cutoff}.items()},
        "package_version": __version__,
        "generated": generated,
        "started": started_wall.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - t0, 2),
        "inputs": [{k: v for k, v in f.items() if k != "rows_text"} for f in files],
        "input_texts": texts.hashes(),
        "missing_datasets": list(data.missing),
        "coverage_notice": banner,
        "notebooks": [
            {
                "notebook": nb.name,
                "html": nb.stem + ".html",
                "seconds": round(results[nb.name]["seconds"], 2),
                "seconds_execute": round(results[nb.name]["seconds_execute"], 2),
                "seconds_render": round(results[nb.name]["seconds_render"], 2),
            }
            for nb in notebooks
        ],
        "exports": exports,
        "outputs": _output_hashes(staging),
    }
    write_json(staging / "manifest.json", manifest)
    say(f"Đã dựng {len(pages)} trang ({time.perf_counter() - t0:.1f} s); đang xuất bản")
    (staging / "run.log").write_text("\n".join(say.lines) + "\n", encoding="utf-8")
    return results
