"""``cchc run``: produce and publish one period's reports.

:func:`run_period` resolves the period, loads and validates the data once
(which writes the Parquet cache the notebooks then read), computes the
indicator table once (``indicators.csv``/``.xlsx``), executes every
``notebooks/[0-9][0-9]_*.ipynb`` with papermill on the ``cchc`` kernel in
parallel worker processes, renders each to a self-contained HTML page with
the ``cchc`` nbconvert template, writes the period's landing page, the
executed notebooks, ``manifest.json`` and ``run.log``, and publishes the
folder atomically (:mod:`cchc.publish`). Any failure raises
:class:`RunError` and publishes nothing.

Why processes, not threads: ``papermill.execute_notebook(cwd=...)`` changes
the working directory of the whole process (``os.chdir``), which races
between threads. Workers are started with ``spawn`` (no inherited threads
or locks from pandas/pyarrow in the parent) and warmed up while the data
loads.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import multiprocessing
import os
import re
import shutil
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from html.parser import HTMLParser
from pathlib import Path

from . import __version__, config
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

__all__ = ["RunError", "CoverageError", "RunLog", "run_period", "find_notebooks", "render_html",
           "execute_and_render", "coverage_notice", "configure_logging", "release_logging"]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "cchc"
NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"
#: Notebooks that match the pattern but are not report pages (the analysts' exploration notebook).
NOT_PUBLISHED = ("00_kham_pha.ipynb",)
#: Logger the run writes to when no ``log`` callback is given (the CLI attaches a handler).
LOGGER_NAME = "cchc.run"
#: A dataset whose newest record is older than the period's end by more than this is stale.
STALE_AFTER = {"months": 1}
#: Quiet days at the end of a period a dataset may have before the run says it stops early.
QUIET_DAYS = 7
#: Seconds one notebook cell may run before the run fails.
CELL_TIMEOUT = 600


# --------------------------------------------------------------------------- rendering


class _Headings(HTMLParser):
    """Collect ``<h2>``/``<h3>`` headings that carry an ``id`` (for the table of contents)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[int, str, str]] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3"):
            ident = dict(attrs).get("id")
            if ident:
                self._open, self._text = (int(tag[1]), ident), []
        elif tag == "a" and self._open and "anchor-link" in (dict(attrs).get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "a" and self._skip:
            self._skip -= 1
        elif tag in ("h2", "h3") and self._open:
            self.items.append((self._open[0], self._open[1], "".join(self._text).strip()))
            self._open = None

    def handle_data(self, data):
        if self._open and not self._skip:
            self._text.append(data)


def table_of_contents(body: str) -> str:
    """An ``<ol>`` linking the page's h2/h3 headings; empty when there are fewer than two."""
    parser = _Headings()
    parser.feed(body)
    items = parser.items
    if len(items) < 2:
        return ""
    e = html.escape
    parts = ['<div class="toc-title">Nội dung</div><ol>']
    level_open = False
    for level, ident, text in items:
        if level == 3 and not level_open:
            parts.append("<ol>")
            level_open = True
        elif level == 2 and level_open:
            parts.append("</ol>")
            level_open = False
        parts.append(f'<li><a href="#{e(ident)}">{e(text)}</a></li>')
    if level_open:
        parts.append("</ol>")
    parts.append("</ol>")
    return "".join(parts)


def page_title(nb) -> str:
    """The page title: the first markdown heading of the notebook."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


def _drop_title(nb):
    """Copy of ``nb`` without its leading ``# title`` line (the page header shows it)."""
    import copy

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = cell.source.splitlines()
            if lines and lines[0].startswith("# "):
                cell.source = "\n".join(lines[1:]).strip()
            break
    return nb


def render_html(nb, page: dict) -> str:
    """Render an executed notebook to one self-contained HTML page.

    ``page`` holds the header and footer facts (``title``, ``period_label``,
    ``range_label``, ``org_name``, ``generated``, ``files``, ``version``,
    ``notice``, ``unit``, ``index_href``); ``title`` defaults to the
    notebook's first heading.
    """
    page = dict(page)
    page.setdefault("title", page_title(nb))
    body, _ = _exporter().from_notebook_node(_drop_title(nb), resources={"cchc": page})
    toc = table_of_contents(body)
    if toc:
        return body.replace("<!--cchc:toc-->", toc, 1)
    return re.sub(r"<nav[^>]*><!--cchc:toc--></nav>\n?", "", body, count=1)


_EXPORTER = None


def _exporter():
    """One HTML exporter per process (template loading is the slow part)."""
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter

        _EXPORTER = HTMLExporter(
            template_name=TEMPLATE_NAME,
            extra_template_basedirs=[str(TEMPLATE_DIR)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            # validate once after all preprocessors, not after each (each
            # validation compiles the JSON schema again: ~70 ms apiece)
            optimistic_validation=True,
        )
    return _EXPORTER


# --------------------------------------------------------------------------- worker


def _warm_up() -> int:
    """Import the heavy modules in a fresh worker while the parent loads data."""
    import nbformat
    import papermill  # noqa: F401

    render_html(nbformat.v4.new_notebook(), {})  # loads the templates once per worker
    return os.getpid()


#: A kernel that dies before replying to ``kernel_info`` (a port taken between jupyter_client
#: choosing it and the kernel binding it, when many kernels start at once as with
#: ``--unit all``) ran no cell: its notebook is started again, at most this many times.
KERNEL_START_RETRIES = 2
_KERNEL_START_FAILURE = "Kernel died before replying to kernel_info"


def _execute(papermill, job: dict) -> None:
    """papermill on ``job``, started again when the kernel failed to start (no cell ran)."""
    for attempt in range(KERNEL_START_RETRIES + 1):  # a couple of attempts, not records
        try:
            papermill.execute_notebook(
                job["input"], job["output"], parameters=job["parameters"],
                kernel_name=job["kernel"], cwd=job["cwd"], progress_bar=False, log_output=False,
                request_save_on_cell_execute=False, execution_timeout=CELL_TIMEOUT,
            )
            return
        except RuntimeError as exc:
            if _KERNEL_START_FAILURE not in str(exc) or attempt == KERNEL_START_RETRIES:
                raise


def execute_and_render(job: dict) -> dict:
    """Execute one notebook with papermill, then render it to HTML (runs in a worker).

    Returns a plain dict (picklable): ``name``, ``ok``, ``seconds`` (execute,
    render) and, on failure, ``cell_index``, ``cell_source``, ``error``.
    """
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    import logging

    logging.getLogger("papermill").setLevel(logging.ERROR)
    name = job["name"]
    started = time.perf_counter()
    try:
        _execute(papermill, job)
    except PapermillExecutionError as exc:
        index = exc.cell_index
        try:  # report the cell as numbered in the committed notebook (before injection)
            executed = nbformat.read(job["output"], as_version=4)
            injected = [i for i, c in enumerate(executed.cells)
                        if "injected-parameters" in c.metadata.get("tags", [])]
            if injected and index > injected[0]:
                index -= 1
        except Exception:  # noqa: BLE001 - best effort only
            pass
        first = next((ln for ln in str(exc.source).splitlines() if ln.strip()), "")
        return {"name": name, "ok": False, "cell_index": index, "cell_source": first.strip(),
                "error": f"{exc.ename}: {exc.evalue}", "seconds": time.perf_counter() - started}
    except Exception as exc:  # noqa: BLE001 - kernel died, timeout, unreadable notebook…
        return {"name": name, "ok": False, "cell_index": None, "cell_source": "",
                "error": f"{type(exc).__name__}: {exc}", "seconds": time.perf_counter() - started}
    executed_at = time.perf_counter()
    try:
        nb = nbformat.read(job["output"], as_version=4)
        # papermill records absolute input/output paths; the audit copy names the files only
        record = nb.metadata.get("papermill", {})
        if "input_path" in record:
            record["input_path"] = f"notebooks/{name}"
            record["output_path"] = name
            nbformat.write(nb, job["output"])
        Path(job["html"]).write_text(render_html(nb, job["page"]), encoding="utf-8")
    except Exception as exc:  # noqa: BLE001
        return {"name": name, "ok": False, "cell_index": None, "cell_source": "",
                "error": f"HTML: {type(exc).__name__}: {exc}", "seconds": time.perf_counter() - started}
    done = time.perf_counter()
    return {"name": name, "ok": True, "seconds": done - started,
            "seconds_execute": executed_at - started, "seconds_render": done - executed_at,
            "title": page_title(nb)}


# --------------------------------------------------------------------------- pipeline


class CoverageError(RunError):
    """The data does not reach the period (or, with ``--strict``, is stale): exit code 2."""

    def __init__(self, message_vi: str, message_en: str, exit_code: int = 2):
        super().__init__(message_vi, message_en, exit_code)


class _EveryLineStamped(logging.Formatter):
    """``2026-01-05 06:30:01+0700 INFO message``, the stamp repeated on every line of a message."""

    def format(self, record: logging.LogRecord) -> str:
        prefix = f"{self.formatTime(record, self.datefmt)} {record.levelname} "
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return "\n".join(prefix + line for line in text.splitlines() or [""])


#: Loggers that share the run's stream: its own lines and Python warnings.
_RUN_LOGGERS = (LOGGER_NAME, "py.warnings")


def configure_logging(stream=None) -> logging.Handler:
    """Send the run's log and Python warnings to one stream (default: stderr),
    time-stamped, flushed per line.

    Returns the handler (attached to the ``cchc.run`` and ``py.warnings``
    loggers; undo with :func:`release_logging`); a second call replaces the
    previous handler instead of doubling lines.
    """
    import sys

    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler._cchc = True  # type: ignore[attr-defined]
    handler.setFormatter(_EveryLineStamped(datefmt="%Y-%m-%d %H:%M:%S%z"))
    for name in _RUN_LOGGERS:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if getattr(h, "_cchc", False)]:
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    logging.captureWarnings(True)
    return handler


def release_logging(handler: logging.Handler) -> None:
    """Detach a handler set by :func:`configure_logging`; warnings print as usual again."""
    for name in _RUN_LOGGERS:
        logging.getLogger(name).removeHandler(handler)
    logging.captureWarnings(False)


class RunLog:
    """One run's log lines: time-stamped and kept for ``run.log``, and passed on.

    Each line goes to ``log`` when given (tests, callers with their own
    output), else to the ``cchc.run`` logger (:func:`configure_logging`
    gives it timestamps and one flushed stream).
    """

    def __init__(self, log: Callable[[str], None] | None = None):
        self.log = log
        self.lines: list[str] = []
        self.logger = logging.getLogger(LOGGER_NAME)

    def __call__(self, line: str, level: int = logging.INFO, published: str | None = None) -> None:
        """Log ``line``; ``published`` is the version kept for ``run.log`` when it must differ.

        ``run.log`` is published with the report, so a line naming this
        machine's folders keeps them for the operator's stream only.
        """
        stamp = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S%z")
        head = f"{stamp} {logging.getLevelName(level)} "
        kept = line if published is None else published
        self.lines.extend(head + part for part in kept.splitlines() or [""])
        if self.log is not None:
            self.log(line)
        else:
            self.logger.log(level, line)

    def warning(self, line: str) -> None:
        """A line every reader must see (stale data, uncovered datasets)."""
        self(line, logging.WARNING)


def find_notebooks(notebooks_dir: Path | None = None) -> list[Path]:
    """The report's notebooks, in page order (``NN_name.ipynb``, not :data:`NOT_PUBLISHED`)."""
    folder = Path(notebooks_dir) if notebooks_dir is not None else config.NOTEBOOKS_DIR
    return sorted(nb for nb in folder.glob(NOTEBOOK_PATTERN) if nb.name not in NOT_PUBLISHED)


def _spans(coverage) -> str:
    """``Hồ sơ thủ tục hành chính (ho_so): 04/01/2021 – 30/06/2023; …`` (one entry per dataset)."""
    from .formatting import fmt_date

    return "; ".join(f"{title} ({name}): {fmt_date(first)} – {fmt_date(last)}" for title, name, first, last
                     in zip(coverage["title"], coverage["dataset"], coverage["first"], coverage["last"]))


def coverage_notice(frames, period, *, strict: bool = False,
                    warn: Callable[[str], None] | None = None) -> tuple[str, list[str]]:
    """What the run must say about how far each dataset reaches into ``period``.

    Returns the banner shown on every page (empty when every dataset covers
    the period) and the log warnings, one per dataset that stops before the
    period ends (more than :data:`QUIET_DAYS` before); a dataset whose newest
    record is older than the period's end by more than a month is *stale*.
    ``warn``, when given, receives each log warning before a ``strict``
    error is raised.

    Raises
    ------
    CoverageError
        The period starts after every dataset's last date (nothing to
        report), or ``strict`` and a dataset is stale.
    """
    import pandas as pd

    from .coverage import coverage_gaps, dataset_coverage
    from .formatting import fmt_date

    cov = dataset_coverage(frames).dropna(subset=["last"])
    if cov.empty:
        return "", []
    spans = _spans(cov)
    if (cov["last"] < period.start).all():
        raise CoverageError(
            f"Kỳ {period.label} ({period.range_label}) bắt đầu sau ngày cuối cùng của mọi bộ dữ liệu: "
            f"không có số liệu nào để báo cáo. Dữ liệu hiện có: {spans}.",
            f"Period {period.code} starts after the last date of every dataset: nothing to report. "
            f"Coverage (first – last date): {spans}.")
    gaps = coverage_gaps(cov, period.start, period.end)
    quiet_end = period.end - dt.timedelta(days=QUIET_DAYS)
    gaps = gaps[gaps["gap"].isin(["after", "partial"]) & (gaps["last"] < quiet_end)]
    if gaps.empty:
        return "", []
    limit = (pd.Timestamp(period.end) - pd.DateOffset(**STALE_AFTER)).date()
    stale = gaps["last"] < limit
    lines, parts = [], []
    for title, name, last, is_stale in zip(gaps["title"], gaps["dataset"], gaps["last"], stale):
        old = " (dữ liệu cũ: hơn một tháng trước ngày cuối kỳ / stale data)" if is_stale else ""
        lines.append(f"{'DỮ LIỆU CŨ / STALE DATA: ' if is_stale else ''}{title} ({name}) "
                     f"chỉ có số liệu đến {fmt_date(last)}, trước ngày cuối kỳ {fmt_date(period.end)}"
                     f"{old} (data ends {fmt_date(last)}, before the period ends).")
        parts.append(f"{title} đến {fmt_date(last)}{' (dữ liệu cũ)' if is_stale else ''}")
    for line in lines if warn is not None else ():
        warn(line)
    if strict and stale.any():
        names = ", ".join(gaps.loc[stale.to_numpy(), "dataset"])
        raise CoverageError(
            f"Dữ liệu cũ ({names}): bản ghi mới nhất cũ hơn ngày cuối kỳ {fmt_date(period.end)} quá một "
            f"tháng; với --strict không xuất bản báo cáo. Dữ liệu hiện có: {spans}.",
            f"Stale data ({names}): the newest record is more than a month older than the period's "
            f"end; --strict publishes nothing. Coverage: {spans}.")
    banner = ("Số liệu chưa phủ hết kỳ báo cáo (kết thúc " + fmt_date(period.end) + "): "
              + "; ".join(parts) + ". Chỉ tiêu của các bộ dữ liệu này chỉ tính đến ngày đó.")
    return banner, lines


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


def landing_lead(table, frames, period, pages: list[dict]) -> str:
    """What a landing page leads with: key figure cards, then the red "Cần xử lý" block.

    Links (to the dossier and task pages) are relative to the period folder;
    the same fragment is written to :data:`~cchc.publish.LEAD_FILE` for the root index.
    """
    from .pages import action_block, action_items, key_cards

    files = {p["name"][3:-6]: p["file"] for p in pages}  # "03_ho_so.ipynb" -> "ho_so"
    links = {k: files[f] for k, f in (("hồ sơ", "ho_so"), ("nhiệm vụ", "nhiem_vu")) if f in files}
    return (f'<h2 id="so-lieu-chinh">Số liệu chính</h2>\n{key_cards(table)}\n'
            f"{action_block(action_items(frames, period), links)}\n")


def _landing_page(period, pages: list[dict], settings, generated: str, unit: str | None,
                  exports: list[str], banner: str = "", links: tuple[tuple[str, str], ...] = (),
                  lead: str = "", field: str = "", field_links: tuple[tuple[str, str], ...] = ()) -> str:
    from .publish import html_page

    e = html.escape
    links_html = "\n".join(
        f'<li><a href="{e(p["file"])}">{e(p["title"] or p["name"])}</a></li>' for p in pages)
    kinds = {".docx": "Báo cáo (Word)", ".csv": "Bảng chỉ tiêu (CSV)", ".xlsx": "Bảng chỉ tiêu (Excel)"}
    downloads = "".join(
        f'<li>{e(kinds.get(Path(x).suffix, "Tệp"))}: <a href="{e(x)}">{e(x)}</a></li>' for x in exports)
    notice = f'<p class="notice info">{e(settings.notice)}</p>' if settings.notice else ""
    if banner:
        notice = f'<p class="notice coverage" role="alert">{e(banner)}</p>' + notice
    if links:  # the reports of every unit of the same run (cchc run --unit all)
        notice += ("<h2 id=\"theo-don-vi\">Báo cáo theo đơn vị</h2>\n<ul class=\"pages\">"
                   + "".join(f'<li><a href="{e(href)}">{e(text)}</a></li>' for href, text in links)
                   + "</ul>\n")
    if field_links:  # the reports of every field of the same run (cchc run --by field)
        notice += ("<h2 id=\"theo-linh-vuc\">Báo cáo theo lĩnh vực</h2>\n<ul class=\"pages\">"
                   + "".join(f'<li><a href="{e(href)}">{e(text)}</a></li>' for href, text in field_links)
                   + "</ul>\n")
    body = (f"{notice}{lead}<h2 id=\"cac-trang\">Các trang báo cáo</h2>\n<ul class=\"pages\">\n{links_html}\n</ul>\n"
            f"<h2 id=\"tai-ve\">Tải về</h2>\n<ul class=\"pages\">{downloads}</ul>\n<p>"
            f'<a href="manifest.json">manifest.json</a> (nguồn số liệu, mã băm); '
            f'<a href="run.log">run.log</a>; các sổ tính đã chạy (.ipynb) để đối chiếu.</p>\n'
            '<p><a href="../index.html">← Tất cả các kỳ báo cáo</a></p>')
    meta = (f"{e(period.range_label)} · Lập lúc {e(generated)}" + (f" · Đơn vị: {e(unit)}" if unit else "")
            + (f" · Lĩnh vực: {e(field)}" if field else ""))
    title = f"Báo cáo cải cách hành chính: {period.label}"
    return html_page(title, body, settings.org_name, meta)


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
        per unit of the data and a page comparing the units; ``"field"``:
        one dossier report per field (lĩnh vực) of the dossiers; both (a
        tuple) in one run. All from the one load; every folder is built
        first and swapped in only when all succeeded
        (:func:`_publish_by_unit`). Returns the office's folder.

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
    from .indicators import compute
    from .loading import load_data
    from .pages import filter_unit
    from .periods import parse_period
    from .snapshot import known_units, read_input_texts

    started_wall = dt.datetime.now().astimezone()
    t0 = time.perf_counter()
    say = RunLog(log)

    cutoff = cutoff or config.DEFAULT_CUTOFF
    kinds = by_kinds(by)
    if kinds and unit:
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
            warm = [pool.submit(_warm_up) for _ in range(jobs)]
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
            frames = filter_unit(data.frames, unit)
            notes = preflight_report(raw, data_dir, p, frames, unit)
            for line in notes:
                say(f"Cần bổ sung / to do: {line}")
            table = compute(frames, p)

            with output_lock(root, lock_timeout):
                if kinds:
                    folder, settings, result = _publish_by_unit(
                        p, root, notebooks, nb_dir, pool, warm, data, texts, table, units, cutoff,
                        raw, started_wall, t0, say, stop, write_indicator_table, banner, notes, kinds)
                else:
                    folder, settings, result = _build_and_publish(
                        p, root, name, notebooks, nb_dir, pool, warm, data, texts, table, unit, cutoff,
                        raw, started_wall, t0, say, stop, write_indicator_table, banner, notes)
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


def preflight_report(raw: Path, data_dir, period, frames, unit: str | None) -> list[str]:
    """Check the report's settings and narrative before any notebook runs; return staff notes.

    A wrong setting (``bao_cao.toml``) or narrative placeholder stops the run
    here, each problem printed once with the file as the user named it,
    instead of failing inside the report page minutes later. The returned
    lines are what the office still has to write or know (no narrative file,
    ``[Cần bổ sung: …]`` placeholders of the Word draft): they go to
    ``run.log`` and the data-quality page, never to the leadership pages.
    A unit run's own narrative is checked when its page is built.
    """
    from .report import build_report, validate_narratives
    from .service_index import ServiceIndexError, load_service_index
    from .settings import SettingsError, load_report_settings

    try:
        settings = load_report_settings(raw)
        load_service_index(raw)  # the [chi_so_766] section (Quyết định 766 scorecard)
    except (SettingsError, ServiceIndexError) as exc:
        raise RunError(f"Tệp cài đặt báo cáo không dùng được:\n{exc}",
                       "The report settings file cannot be used (see above).", exit_code=2) from None
    shown = str(Path(data_dir)) if data_dir else str(raw)
    if unit is None:
        problems = [line.replace(str(raw), shown, 1)
                    for line in validate_narratives(raw, period, frames=frames, settings=settings)]
        if problems:
            listed = "\n".join(problems)
            raise RunError(f"Tệp lời văn của báo cáo có lỗi; chưa trang nào được dựng:\n{listed}",
                           "The report's narrative file has errors (listed above); no page was built.",
                           exit_code=2)
    narrative = raw / "narrative" if unit is None else None
    return build_report(frames, period, settings=settings, narrative_dir=narrative).staff_messages()


def _unknown_unit(unit: str, units: list[str]) -> RunError:
    listed = "; ".join(units) if units else "(không có / none)"
    return RunError(
        f"Không có đơn vị '{unit}' trong dữ liệu. Các đơn vị có trong dữ liệu: {listed}.",
        f"Unknown unit '{unit}': no record names it. Units in the data: {listed}.", exit_code=2)


def _build_and_publish(p, root: Path, name: str, notebooks, nb_dir, pool, warm, data, texts, table,
                       unit, cutoff, raw, started_wall, t0, say, stop, write_indicator_table,
                       banner: str = "", notes: list[str] | None = None):
    """Build the report in a staging folder and swap it in; call while holding the lock.

    Returns ``(folder, settings, results)``. The workers are stopped before
    this returns or raises: on any failure, before the staging folder is
    deleted, so nothing is written after the failure is declared.
    """
    from .settings import load_report_settings
    from .snapshot import SNAPSHOT_DIR, write_snapshot

    staging = None
    try:
        check_replaceable(root, name)
        for line in recover_and_clean(root):
            say(line)
        staging = make_staging(root, name)
        snapshot = write_snapshot(staging / SNAPSHOT_DIR, data, texts, p.code, notes or [])
        settings = load_report_settings(snapshot)
        result = _build(p, staging, snapshot, notebooks, nb_dir, pool, warm, data, texts, settings,
                        table, unit, cutoff, raw, started_wall, t0, say, write_indicator_table, banner)
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


#: Folder of the units' comparison page: ``<period>.don-vi`` (a unit's folder is
#: ``<period>-<slug>``, so no unit can take this name).
COMPARISON_SUFFIX = ".don-vi"


def _publish_by_unit(p, root: Path, notebooks, nb_dir, pool, warm, data, texts, table, units, cutoff,
                     raw, started_wall, t0, say, stop, write_indicator_table, banner: str = "",
                     notes: list[str] | None = None, kinds: tuple[str, ...] = ("unit",)):
    """The office's report with one report per unit (and the units' comparison) and/or per field.

    ``kinds`` holds ``"unit"``, ``"field"`` or both. Every folder is built in
    its own staging folder first (the data loaded once; each unit's and
    field's indicator table computed from the same frames); only when all of
    them succeeded are they swapped in, one atomic swap each. Any failure
    deletes every staging folder: no report, the office's, a unit's or a
    field's, is replaced. A field's report holds the dossier pages only
    (:data:`FIELD_PAGES`), run on a snapshot of the field's dossiers.
    ``banner`` (the data-coverage warning) is shown on every landing page;
    ``notes`` (the office's staff notes) go with the office's report. Returns
    ``(office folder, settings, office results)``; call while holding the lock.
    """
    from .indicators import compute
    from .pages import filter_unit
    from .settings import load_report_settings
    from .snapshot import SNAPSHOT_DIR, read_input_texts, write_snapshot
    from .unit_comparison import comparison_frame

    units = list(units) if "unit" in kinds else []
    fields = known_fields(data.frames) if "field" in kinds else []
    names = {u: folder_name(p.code, u, units) for u in units}
    field_names = {f: field_folder_name(p.code, f, fields) for f in fields}
    comparison = p.code + COMPARISON_SUFFIX
    stagings: list[tuple[Path, str]] = []

    def stage(name, unit, unit_data, unit_texts, unit_table, pages=notebooks, field="", **landing):
        staging = make_staging(root, name)
        stagings.append((staging, name))
        log = RunLog(say)  # each report's run.log holds its own lines
        snapshot = write_snapshot(staging / SNAPSHOT_DIR, unit_data, unit_texts, p.code,
                                  list(landing.pop("staff_notes", ())))
        settings = load_report_settings(snapshot)
        result = _build(p, staging, snapshot, pages, nb_dir, pool, warm, unit_data, unit_texts, settings,
                        unit_table, unit, cutoff, raw, started_wall, time.perf_counter(), log,
                        write_indicator_table, banner, field=field, **landing)
        return settings, result

    try:
        for name in [p.code, *([comparison] if units else []), *names.values(), *field_names.values()]:
            check_replaceable(root, name)
        for line in recover_and_clean(root):
            say(line)
        tables = {}
        for unit in units:  # one report per unit (a few dozen at most)
            say(f"Đơn vị {unit} → {names[unit]}")
            tables[unit] = compute(filter_unit(data.frames, unit), p)
            stage(names[unit], unit, data, read_input_texts(raw, p.code, unit, units), tables[unit])
        field_pages = field_notebooks(notebooks)
        settings_only = settings_texts(texts)
        for field in fields:  # one dossier report per field (a few dozen at most)
            say(f"Lĩnh vực {field} → {field_names[field]}")
            one = field_data(data, field)
            stage(field_names[field], None, one, settings_only, compute(one.frames, p), field_pages, field)
        links = (((f"../{comparison}/index.html", "So sánh các đơn vị"),
                  *((f"../{names[u]}/index.html", u) for u in units)) if units else ())
        say(f"Văn phòng (toàn cơ quan) → {p.code}")
        settings, result = stage(p.code, None, data, texts, table, links=links,
                                 field_links=tuple((f"../{field_names[f]}/index.html", f) for f in fields),
                                 staff_notes=notes or [])
        if units:
            staging = make_staging(root, comparison)
            stagings.append((staging, comparison))
            _write_comparison(staging, p, comparison_frame(tables), names, settings, started_wall)
        pool.shutdown(wait=True)
        with stop.blocked():  # every swap, or none: a stop request waits for the last one
            folders = [swap_into_place(staging, root, name) for staging, name in stagings]
            stop.published = True
        say(f"Đã xuất bản {len(folders)} thư mục: {', '.join(name for _, name in stagings)}")
        return root / p.code, settings, result
    except BaseException as exc:
        with stop.blocked():
            stop_workers(pool)
            for staging, _name in stagings:
                shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise RunError(f"Không ghi được báo cáo vào '{root}': {exc.strerror or exc}. "
                           "Không xuất bản báo cáo nào; báo cáo đã có được giữ nguyên.",
                           f"Cannot write the reports to '{root}': {exc}. "
                           "Nothing was published; the previous reports are unchanged.") from None
        raise


#: What ``--by`` can split a run by.
BY_KINDS = ("unit", "field")
#: A field's report folder is ``<period>.linh-vuc-<field slug>``: the dot keeps it apart from
#: every unit's ``<period>-<unit slug>`` and from the comparison ``<period>.don-vi``.
FIELD_INFIX = ".linh-vuc"
#: The pages of a field's report (notebook names without ``NN_``): a field is an attribute
#: of dossiers only, so only the dossier and 766 pages can speak for it (docs/reports.md).
FIELD_PAGES = ("ho_so", "chi_so_phuc_vu")
#: Key figure cards of a field's landing page (dossiers only).
FIELD_CARDS = ("hs_received", "hs_rate_timely", "hs_pending_overdue", "hs_rate_online")


def by_kinds(by) -> tuple[str, ...]:
    """``by`` (None, ``"unit"``, ``"field"`` or an iterable of them) as a tuple in :data:`BY_KINDS` order.

    >>> by_kinds(None), by_kinds("field"), by_kinds(["field", "unit"])
    ((), ('field',), ('unit', 'field'))
    """
    given = () if by is None else (by,) if isinstance(by, str) else tuple(by)
    unknown = [b for b in given if b not in BY_KINDS]
    if unknown:
        raise RunError(f"Không lập được báo cáo theo '{unknown[0]}'; chỉ có: unit (đơn vị), field (lĩnh vực).",
                       f"Cannot report by '{unknown[0]}'; only 'unit' and 'field' are supported.", exit_code=2)
    return tuple(k for k in BY_KINDS if k in given)


def known_fields(frames) -> list[str]:
    """Every field (lĩnh vực) named in the dossier records, sorted."""
    frame = frames.get("ho_so")
    if frame is None or "field" not in frame.columns:
        return []
    return sorted({str(f) for f in frame["field"].dropna().unique()} - {""})


def field_folder_name(period_code: str, field: str, fields=()) -> str:
    """A field's report folder: ``2022-H1.linh-vuc-dat-dai``; a hash of the exact name when it has
    no letter or digit or its slug is another field's (as :func:`cchc.publish.folder_name` does)."""
    return folder_name(period_code + FIELD_INFIX, field, fields, fallback="")


def field_notebooks(notebooks: list[Path]) -> list[Path]:
    """The notebooks of a field's report (:data:`FIELD_PAGES`), in their order."""
    return [nb for nb in notebooks if nb.stem.split("_", 1)[-1] in FIELD_PAGES]


def field_data(data, field: str):
    """``data`` (:class:`cchc.loading.LoadedData`) with the dossiers of ``field`` only and every
    other dataset empty: tasks, documents, training and key figures have no field."""
    import dataclasses

    frames = {}
    for name, frame in data.frames.items():
        if name == "ho_so" and "field" in frame.columns:
            keep = frame["field"].astype("string").eq(field).fillna(False).to_numpy(dtype=bool)
            frames[name] = frame[keep].reset_index(drop=True)
        else:
            frames[name] = frame.iloc[0:0]
    return dataclasses.replace(data, frames=frames)


def settings_texts(texts):
    """``texts`` (:class:`cchc.snapshot.InputTexts`) without the narrative: a field has none."""
    from .snapshot import SETTINGS_FILE_NAME, InputTexts

    return InputTexts({k: v for k, v in texts.files.items() if k == SETTINGS_FILE_NAME}, None)


def field_lead(table, frames, period, pages: list[dict]) -> str:
    """A field's landing lead: a link back to the office's report, dossier cards, overdue dossiers."""
    from .pages import action_block, action_items, key_cards

    files = {p["name"][3:-6]: p["file"] for p in pages}  # "03_ho_so.ipynb" -> "ho_so"
    items = action_items(frames, period)
    return (f'<p><a href="../{html.escape(period.code)}/index.html">← Báo cáo của toàn cơ quan</a></p>\n'
            f'<h2 id="so-lieu-chinh">Số liệu chính</h2>\n{key_cards(table, FIELD_CARDS)}\n'
            f"{action_block(items[items['kind'] == 'hồ sơ'], {'hồ sơ': files['ho_so']} if 'ho_so' in files else {})}\n")


def _write_comparison(staging: Path, p, frame, names: dict[str, str], settings, started_wall) -> None:
    """The comparison page (``index.html``) and its manifest, in the page style of the reports."""
    from .publish import html_page
    from .unit_comparison import comparison_table, summary_cards

    links = {u: f"../{name}/index.html" for u, name in names.items()}
    body = (str(summary_cards(frame))
            + "<h2 id=\"xep-hang\">Xếp hạng các đơn vị</h2>\n"
            + '<p class="prose">Xếp theo tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn (cao trước), rồi số hồ sơ, '
              "nhiệm vụ quá hạn (ít trước), rồi tỷ lệ hồ sơ nộp trực tuyến (cao trước). Nhấn tên đơn vị để mở "
              "báo cáo của đơn vị.</p>\n"
            + str(comparison_table(frame, links))
            + f'<p><a href="../{html.escape(p.code)}/index.html">← Báo cáo của toàn cơ quan</a> · '
              '<a href="../index.html">Tất cả các kỳ báo cáo</a></p>')
    generated = started_wall.strftime("%d/%m/%Y %H:%M")
    write_text_atomic(staging / "index.html", html_page(
        f"So sánh các đơn vị: {p.label}", body, settings.org_name,
        f"{html.escape(p.range_label)} · Lập lúc {html.escape(generated)}"))
    write_json(staging / "manifest.json", {
        "period": p.code, "period_label": p.label, "range_label": p.range_label,
        "period_start": p.start.isoformat(), "period_end": p.end.isoformat(),
        "unit": "So sánh các đơn vị", "units": names, "package_version": __version__,
        "generated": generated, "ranking": json.loads(frame.to_json(orient="records", force_ascii=False)),
    })


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


def _build(p, staging: Path, snapshot: Path, notebooks: list[Path], nb_dir: Path, pool, warm, data,
           texts, settings, table, unit, cutoff, raw: Path, started_wall, t0: float, say,
           write_indicator_table, banner: str = "", links: tuple[tuple[str, str], ...] = (),
           field: str = "", field_links: tuple[tuple[str, str], ...] = ()):
    """Everything written into the staging folder; returns per-notebook results.

    Every notebook reads the run's ``snapshot`` (the data loaded once), which
    is deleted once the notebooks are done, before anything is published.
    ``banner`` is the coverage notice shown on every page. ``field``: a
    field's report (``data`` holds only its dossiers; a reduced landing page).
    """
    from .pages import provenance_rows

    exports = [Path(x).name for x in write_indicator_table(table, staging)]
    generated = started_wall.strftime("%d/%m/%Y %H:%M")
    files = provenance_rows(data.files)
    page_common = {
        "period_label": p.label, "range_label": p.range_label, "org_name": settings.org_name,
        "generated": generated, "files": files, "version": __version__, "notice": settings.notice,
        "unit": unit or "", "field": field, "index_href": "index.html", "coverage_notice": banner,
        "cutoff_label": "Quy ước ngày chốt số liệu theo Nghị định 09/2019/NĐ-CP"
        if cutoff == "decree09" else "",
    }
    # Paths relative to the notebooks folder (papermill's cwd), so the executed notebooks kept
    # as the audit record do not carry the machine's absolute paths.
    parameters = {"period": p.code, "data_dir": _relative(raw, nb_dir),
                  "output_dir": _relative(staging, nb_dir), "unit": unit or "", "cutoff": cutoff,
                  "snapshot": _relative(snapshot, nb_dir)}
    wait(warm)
    futures: dict[Future, Path] = {}
    for nb in notebooks:
        job = {"name": nb.name, "input": str(nb), "output": str(staging / nb.name),
               "html": str(staging / (nb.stem + ".html")), "parameters": parameters,
               "kernel": config.KERNEL_NAME, "cwd": str(nb_dir), "page": page_common}
        futures[pool.submit(execute_and_render, job)] = nb
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

    pages = [{"name": nb.name, "file": nb.stem + ".html", "title": results[nb.name].get("title", "")}
             for nb in notebooks]
    # Files the pages wrote themselves (the Word report) are offered for download too.
    exports = [*sorted(p.name for p in staging.glob("*.docx")), *exports]
    from .pages import filter_unit

    lead = (field_lead(table, data.frames, p, pages) if field
            else landing_lead(table, filter_unit(data.frames, unit), p, pages))
    write_text_atomic(staging / LEAD_FILE, lead)
    write_text_atomic(staging / "index.html",
                      _landing_page(p, pages, settings, generated, unit, exports, banner, links, lead,
                                    field, field_links))
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
