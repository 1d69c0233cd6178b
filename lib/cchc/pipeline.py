"""``cchc run``: produce and publish one period's reports.

:func:`run_period` resolves the period, loads and validates the data once,
checks it reaches the period (:mod:`cchc.run_coverage`), computes the
period bundle once per report (:mod:`cchc.indicators.bundle`: the indicator
table, ``indicators.csv``/``.xlsx``, comparisons, series, lists), writes the
Word report from it, executes every
``notebooks/[0-9][0-9]_*.ipynb`` in worker processes (:mod:`cchc.executor`),
each rendered to a self-contained HTML page (:mod:`cchc.render`), writes the
period's landing page (:mod:`cchc.landing`), the executed notebooks,
``manifest.json`` and ``run.log`` (:mod:`cchc.runlog`), and publishes the
folder atomically (:mod:`cchc.publish`); ``--unit all`` publishes every
unit's report too (:mod:`cchc.by_unit`). Any failure raises
:class:`RunError` and publishes nothing.

Why processes, not threads: ``papermill.execute_notebook(cwd=...)`` changes
the working directory of the whole process (``os.chdir``), which races
between threads. Workers are started with ``spawn`` (no inherited threads
or locks from pandas/pyarrow in the parent) and warmed up while the data
loads.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import shutil
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
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

__all__ = ["RunError", "CoverageError", "RunLog", "RunContext", "run_period", "find_notebooks",
           "render_html", "execute_and_render", "coverage_notice", "configure_logging",
           "release_logging", "preflight_report"]

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
        "the previous report is unchanged.")


def run_period(
    period: str,
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
    by: str | None = None,
) -> Path:
    """Produce and publish the reports of one period; return the published folder.

    Parameters
    ----------
    period
        A period code (``2022-H1``, ``previous-quarter``…), see :mod:`cchc.periods`.
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
        per unit of the data and a page comparing the units, all from the one
        load; every folder is built first and swapped in only when all
        succeeded (:func:`cchc.by_unit.publish_by_unit`). Returns the office's folder.

    Raises
    ------
    RunError
        A notebook failed, another run holds the output, or the output is
        not writable, ``unit`` names no unit of the data, ``<out>/<period>``
        is not cchc's (``exit_code`` 2), or the run was stopped by SIGTERM or
        SIGINT (:class:`cchc.processes.RunStopped`). Nothing is published,
        except after the swap (writing the root ``index.html``), when the
        message says the new report IS published and what failed.
    CoverageError
        The period starts after every dataset's last date, or ``strict`` and
        the data is stale (see :func:`coverage_notice`). Nothing is published.
    cchc.problems.DataError
        The input data breaks the data contract.
    """
    from .audit import findings
    from .exports import write_indicator_table
    from .indicators.bundle import build_bundle
    from .loading import load_data
    from .indicators.views import filter_unit
    from .periods import parse_period
    from .snapshot import known_units, read_input_texts

    started_wall = dt.datetime.now().astimezone()
    t0 = time.perf_counter()
    say = RunLog(log)

    cutoff = cutoff or config.DEFAULT_CUTOFF
    if by not in (None, "unit"):
        raise RunError(f"Không lập được báo cáo theo '{by}'; chỉ có: unit (đơn vị).",
                       f"Cannot report by '{by}'; only 'unit' is supported.", exit_code=2)
    if by and unit:
        raise RunError("Chọn một đơn vị (--unit) hoặc mọi đơn vị (--unit all), không cả hai.",
                       "Choose one unit (--unit) or every unit (--unit all), not both.", exit_code=2)
    p = parse_period(period, today=today, cutoff=cutoff)
    raw = config.data_folder(data_dir)
    root = config.reports_folder(out_dir)
    notebooks = find_notebooks(notebooks_dir)
    if not notebooks:
        raise RunError("Không tìm thấy trang báo cáo (sổ tính NN_*.ipynb) nào.",
                       "No report notebooks (NN_*.ipynb) found.")
    nb_dir = notebooks[0].parent.resolve()
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(notebooks)))
    unit = unicodedata.normalize("NFC", unit.strip()) if unit and unit.strip() else None

    stop = StopSignals()
    pool = None
    try:
        with stop:
            pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=worker_init, initargs=(os.getpid(),))
            warm = [pool.submit(warm_up) for _ in range(jobs)]
            shown = f"Kỳ báo cáo {p.label} ({p.range_label}); dữ liệu: {_shown_data_dir(data_dir, raw, root)}"
            say(f"{shown}; báo cáo ghi vào: {root}", published=shown)
            data = load_data(raw)
            units = known_units(data.frames)
            if unit is not None and unit not in units:
                raise _unknown_unit(unit, units)
            texts = read_input_texts(raw, p.code, unit, units)
            name = folder_name(p.code, unit, units)
            say(f"Đã đọc {len(data.files)} tệp dữ liệu"
                f"{' (bộ nhớ đệm)' if data.from_cache else ''}; thiếu: {', '.join(data.missing) or 'không'}"
                f" ({time.perf_counter() - t0:.1f} s)")
            warnings = sum(x.severity == "warning" for x in findings(data, today=today))
            if warnings:
                say(f"Kiểm tra dữ liệu: {warnings} cảnh báo, xem trang Chất lượng dữ liệu "
                    f"({warnings} data warning(s), listed on the data-quality page)")
            banner, _ = coverage_notice(data.frames, p, strict=strict, warn=say.warning)
            _, service_index = report_settings(raw)
            bundle = build_bundle(filter_unit(data.frames, unit), p, unit=unit or "", missing=data.missing,
                                  service_index=service_index)
            notes = preflight_report(raw, data_dir, p, bundle, unit)
            for line in notes:
                say(f"Cần bổ sung / to do: {line}")

            ctx = RunContext(p, root, raw, notebooks, nb_dir, pool, warm, data, cutoff, started_wall, stop,
                             write_indicator_table, banner, notes, service_index)

            with output_lock(root, lock_timeout):
                if by == "unit":
                    from .by_unit import publish_by_unit

                    folder, settings, result = publish_by_unit(ctx, texts, bundle, units, say)
                else:
                    folder, settings, result = _build_and_publish(ctx, name, texts, bundle, unit, t0, say)
                pool = None  # stopped inside the lock: the lock is released after the workers
                try:
                    write_root_index(root, settings.org_name)
                except OSError as exc:
                    raise RunError(
                        f"Báo cáo mới ĐÃ được xuất bản tại '{folder}', nhưng không cập nhật được danh "
                        f"sách các kỳ báo cáo '{root / 'index.html'}': {exc.strerror or exc}. "
                        "Hãy sửa lỗi rồi chạy lại để cập nhật danh sách.",
                        f"The new report IS published at '{folder}', but the list of reports "
                        f"'{root / 'index.html'}' could not be updated: {exc}. Fix the problem and "
                        "run again to update the list.") from None
        say(f"Xong: {len(result)} trang trong {time.perf_counter() - t0:.1f} s → {folder}")
        return folder
    finally:
        if pool is not None:
            with stop.blocked():
                stop_workers(pool)


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
        raise RunError(f"Tệp cài đặt báo cáo không dùng được:\n{exc}",
                       "The report settings file cannot be used (see above).", exit_code=2) from None


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
        problems = [line.replace(str(raw), shown, 1)
                    for line in validate_narratives(raw, period, bundle=bundle, settings=settings)]
        if problems:
            listed = "\n".join(problems)
            raise RunError(f"Tệp lời văn của báo cáo có lỗi; chưa trang nào được dựng:\n{listed}",
                           "The report's narrative file has errors (listed above); no page was built.",
                           exit_code=2)
    narrative = raw / "narrative" if unit is None else None
    return build_report(bundle, settings=settings, narrative_dir=narrative).staff_messages()


def _unknown_unit(unit: str, units: list[str]) -> RunError:
    listed = "; ".join(units) if units else "(không có / none)"
    return RunError(
        f"Không có đơn vị '{unit}' trong dữ liệu. Các đơn vị có trong dữ liệu: {listed}.",
        f"Unknown unit '{unit}': no record names it. Units in the data: {listed}.", exit_code=2)


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
        result = build_report_folder(ctx, staging, snapshot, texts, settings, bundle, unit, t0, say,
                                     staff_notes=ctx.notes)
        pool.shutdown(wait=True)
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
            raise RunError(f"Không ghi được báo cáo vào '{root}': {exc.strerror or exc}. "
                           "Không xuất bản báo cáo nào; báo cáo đã có được giữ nguyên.",
                           f"Cannot write the reports to '{root}': {exc}. "
                           "Nothing was published; the previous report is unchanged.") from None
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

    return [{"file": f.name, "sha256": sha256_file(f), "size": f.stat().st_size}
            for f in sorted(staging.iterdir())
            if f.is_file() and f.name != "manifest.json" and not f.name.startswith(".")]


def build_report_folder(ctx: RunContext, staging: Path, snapshot: Path, texts, settings, bundle,
                        unit: str | None, t0: float, say: RunLog,
                        links: tuple[tuple[str, str], ...] = (), staff_notes=()) -> dict[str, dict]:
    """Everything written into the staging folder; returns per-notebook results.

    ``bundle`` is the report's period bundle (every figure, computed once):
    the indicator table files and the Word report are written from it, then
    it is saved into the private ``.bundle/`` folder, which every notebook
    reads (its ``bundle`` parameter) and shows, with the report's HTML and
    ``staff_notes`` (the data-quality page's). The notebooks also get the
    run's ``snapshot`` (the data loaded once: files read, data-quality
    findings). Both folders are deleted once the notebooks are done, before
    anything is published. ``banner`` is the coverage notice shown on every page.
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
        "period_label": p.label, "range_label": p.range_label, "org_name": settings.org_name,
        "generated": generated, "files": files, "version": __version__, "notice": settings.notice,
        "unit": unit or "", "index_href": "index.html", "coverage_notice": banner,
        "cutoff_label": "Quy ước ngày chốt số liệu theo Nghị định 09/2019/NĐ-CP"
        if cutoff == "decree09" else "",
    }
    # Paths relative to the notebooks folder (papermill's cwd), so the executed notebooks kept
    # as the audit record do not carry the machine's absolute paths.
    parameters = {"period": p.code, "data_dir": _relative(raw, nb_dir),
                  "output_dir": _relative(staging, nb_dir), "unit": unit or "", "cutoff": cutoff,
                  "snapshot": _relative(snapshot, nb_dir), "bundle": _relative(bundle_dir, nb_dir)}
    wait(ctx.warm)
    futures: dict[Future, Path] = {}
    for nb in notebooks:
        job = {"name": nb.name, "input": str(nb), "output": str(staging / nb.name),
               "html": str(staging / (nb.stem + ".html")), "parameters": parameters,
               "kernel": config.KERNEL_NAME, "cwd": str(nb_dir), "page": page_common}
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

    pages = [{"name": nb.name, "file": nb.stem + ".html", "title": results[nb.name].get("title", "")}
             for nb in notebooks]
    lead = landing_lead(bundle.table, bundle.actions, pages)
    write_text_atomic(staging / LEAD_FILE, lead)
    write_text_atomic(staging / "index.html",
                      landing_page(p, pages, settings, generated, unit, exports, banner, links, lead))
    finished = dt.datetime.now().astimezone()
    manifest = {
        "period": p.code,
        "period_label": p.label,
        "range_label": p.range_label,
        "period_start": p.start.isoformat(),
        "period_end": p.end.isoformat(),
        "unit": unit or "",
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
        "notebooks": [{"notebook": nb.name, "html": nb.stem + ".html",
                       "seconds": round(results[nb.name]["seconds"], 2),
                       "seconds_execute": round(results[nb.name]["seconds_execute"], 2),
                       "seconds_render": round(results[nb.name]["seconds_render"], 2)}
                      for nb in notebooks],
        "exports": exports,
        "outputs": _output_hashes(staging),
    }
    write_json(staging / "manifest.json", manifest)
    say(f"Đã dựng {len(pages)} trang ({time.perf_counter() - t0:.1f} s); đang xuất bản")
    (staging / "run.log").write_text("\n".join(say.lines) + "\n", encoding="utf-8")
    return results
