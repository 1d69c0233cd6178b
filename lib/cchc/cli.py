"""The ``cchc`` command. Each sub-command calls one library function.

Errors users can fix (bad data, a bad period code, a failed notebook) are
printed as a Vietnamese message with an English gloss and no traceback; the
exit code says what happened. ``--debug`` (or ``CCHC_DEBUG=1``) shows
tracebacks for unexpected errors.

Exit codes: 0 success; 1 a run failed, or ``check`` found warnings only;
2 the input data is invalid (``check`` found errors), the data does not
reach the period (or is stale under ``run --strict``), ``sample`` was
pointed at a folder holding other files, ``--unit`` names no unit of the
data, the report folder is not cchc's, or the command line is wrong; 130
interrupted (Ctrl-C); 143 stopped by SIGTERM. ``run`` logs every line,
time-stamped, on stderr and ends with the exit status and what it published.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

from . import __version__, config


def _add_data(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data",
        type=Path,
        default=None,
        help="thư mục dữ liệu đầu vào / input folder (default: $CCHC_DATA, else the project's data/raw)",
    )


def _add_period(p: argparse.ArgumentParser, required: bool = True, many: bool = False) -> None:
    p.add_argument(
        "--period",
        required=required,
        default=None if required else config.DEFAULT_PERIOD,
        nargs="+" if many else None,
        help="kỳ báo cáo / period code: 2022, 2022-H1, 2022-Q3, 2022-9M, 2022-09, "
        "2022-01-15..2022-03-31, previous-month, previous-quarter, previous-half, "
        "previous-year, year-to-date"
        + ("; several codes, or 'all': every period the data covers" if many else ""),
    )
    p.add_argument(
        "--cutoff",
        choices=("calendar", "decree09"),
        default=config.DEFAULT_CUTOFF,
        help="quy ước ngày chốt số liệu / date convention (default: %(default)s)",
    )
    p.add_argument(
        "--today",
        default=None,
        help="ngày tham chiếu cho mã kỳ tương đối (yyyy-mm-dd) / 'today' for relative codes",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser: one sub-command per task, help texts in Vietnamese and English."""
    parser = argparse.ArgumentParser(
        prog="cchc",
        description="Chỉ tiêu và báo cáo cải cách hành chính từ bảng tính của cơ quan. "
        "(Administrative-reform indicators and reports from an office's spreadsheets.)",
    )
    parser.add_argument("--version", action="version", version=f"cchc {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("sample", help="ghi dữ liệu mẫu / write the bundled sample spreadsheets")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="thư mục ghi / output folder (default: the project's data/raw); refuses a folder "
        "holding files the sample did not write",
    )

    p = sub.add_parser("check", help="kiểm tra dữ liệu / validate and audit the input data")
    _add_data(p)
    p.add_argument("--today", default=None, help="reference date for 'date in the future' checks")
    p.add_argument(
        "--errors-csv",
        type=Path,
        default=None,
        help="ghi mọi lỗi, cảnh báo ra tệp CSV / write every problem to a CSV file",
    )

    p = sub.add_parser("indicators", help="tính chỉ tiêu / write indicators.csv and .xlsx for a period")
    _add_data(p)
    _add_period(p)
    p.add_argument(
        "--out", type=Path, default=None, help="output folder (default: <reports root>/<period>-indicators)"
    )

    p = sub.add_parser("scorecard", help="chỉ số phục vụ (766) / print a period's Quyết định 766 scorecard")
    _add_data(p)
    _add_period(p)

    p = sub.add_parser("run", help="chạy toàn bộ báo cáo / produce and publish a period's reports")
    _add_data(p)
    _add_period(p, many=True)
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="thư mục báo cáo / reports root (default: $CCHC_REPORTS, else the project's reports/)",
    )
    p.add_argument(
        "--unit",
        default=None,
        help="chỉ một đơn vị, hoặc 'all': mọi đơn vị / restrict to one unit, or 'all': every unit",
    )
    p.add_argument(
        "--by",
        choices=("unit", "field"),
        action="append",
        default=None,
        help="thêm báo cáo từng đơn vị (và trang so sánh) hoặc từng lĩnh vực; dùng hai lần cho cả hai "
        "/ also one report per unit (and a comparison) or per field; give it twice for both",
    )
    p.add_argument("--jobs", type=int, default=None, help="notebooks run in parallel (default: cores)")
    p.add_argument(
        "--strict",
        action="store_true",
        help="dữ liệu cũ là lỗi / stale data (a dataset ending over a month before the period "
        "ends) is an error (exit 2) instead of a warning",
    )
    return parser


def _parse_today(text: str | None):
    if not text:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise SystemExit(
            _fail(
                f"Ngày tham chiếu không hợp lệ: '{text}' (cần yyyy-mm-dd).",
                f"Invalid --today '{text}' (expected yyyy-mm-dd).",
                2,
            )
        ) from None


def _fail(vi: str, en: str, code: int) -> int:
    _say_error(f"{vi}\n({en})")
    return code


def _say_error(text: str) -> None:
    """An error for the user: on the run's log stream when it is set up, else on stderr."""
    logger = logging.getLogger("cchc.run")
    if logger.handlers:
        logger.error(text)
    else:
        print(text, file=sys.stderr)


def cmd_sample(args) -> int:
    """``cchc sample``: write a complete sample data folder (refuses a folder with real files)."""
    from .sample import write_sample

    out = config.resolve_path(args.out, output=True) if args.out else config.RAW_DIR
    started = time.perf_counter()
    paths = write_sample(out)
    print(
        f"Đã ghi {len(paths)} tệp dữ liệu mẫu vào {out} ({time.perf_counter() - started:.1f} s). "
        f"Chạy thử: cchc run --period 2022-H1 --data {out}"
    )
    return 0


def cmd_check(args) -> int:
    """``cchc check``: validate and audit the input; exit 0 clean, 1 warnings, 2 errors."""
    from .audit import run_check

    return run_check(
        config.data_folder(args.data), today=_parse_today(args.today), errors_csv=args.errors_csv
    )


def cmd_indicators(args) -> int:
    """``cchc indicators``: write one period's indicator table (CSV and xlsx)."""
    from .exports import write_indicator_table
    from .indicators import compute
    from .loading import load_data
    from .periods import parse_period

    period = parse_period(args.period, today=_parse_today(args.today), cutoff=args.cutoff)
    data = load_data(config.data_folder(args.data))
    table = compute(data.frames, period)
    out = (
        config.resolve_path(args.out, output=True)
        if args.out
        else config.reports_folder() / f"{period.code}-indicators"
    )
    paths = write_indicator_table(table, Path(out))
    for notice in data.notices:
        if notice.code == "missing_dataset":
            print(notice.message_vi)
    print(f"{period.label}: {len(table)} dòng chỉ tiêu → " + ", ".join(str(p) for p in paths))
    return 0


def cmd_scorecard(args) -> int:
    """``cchc scorecard``: print the period's Quyết định 766 scorecard (value, target, points) as Markdown."""
    from .indicators import compute
    from .indicators.scorecard import scorecard
    from .loading import load_data
    from .periods import parse_period
    from .service_index import load_service_index
    from .service_page import scorecard_markdown

    period = parse_period(args.period, today=_parse_today(args.today), cutoff=args.cutoff)
    raw = config.data_folder(args.data)
    card = scorecard(compute(load_data(raw).frames, period), load_service_index(raw), period.end.year)
    print(scorecard_markdown(card, period.code))
    return 0


#: ``--unit`` values that mean every unit (``--by unit``).
ALL_UNITS = ("all", "tất cả")


def cmd_run(args) -> int:
    """``cchc run``: produce and publish the reports of one or more periods (``--period all``: every one).

    Everything the run says goes to one stream (stderr), one time-stamped
    line each, flushed as written, ending with the exit status and what was
    published (see :func:`_run_summary`), so ``>> cron.log 2>&1`` stays in order.
    """
    from .pipeline import RunError, run_periods

    every = args.unit is not None and args.unit.strip().casefold() in ALL_UNITS
    try:
        folders = run_periods(
            args.period,
            data_dir=args.data,
            out_dir=args.out,
            unit=None if every else args.unit,
            jobs=args.jobs,
            cutoff=args.cutoff,
            today=_parse_today(args.today),
            strict=args.strict,
            by=(["unit"] if every else []) + (args.by or []),
        )
    except RunError as exc:
        args.published = getattr(exc, "published", None)  # periods published before the one that failed
        raise
    args.published = folders
    for folder in folders:
        logging.getLogger("cchc.run").info(f"Đã xuất bản báo cáo: {folder / 'index.html'}")
    return 0


def _run_summary(code: int, folders: list[Path] | None) -> str:
    """The last line of a run's log: exit status and what was published."""
    if code != 0 and folders:
        names = ", ".join(Path(f).name for f in folders)
        return (
            f"Kết thúc: mã thoát {code}; chỉ xuất bản các kỳ trước kỳ bị lỗi: {names} "
            f"(exit status {code}; published only the periods before the failed one: {names})"
        )
    if code == 0 and folders and len(folders) > 1:
        root = Path(folders[0]).parent
        return (
            f"Kết thúc: mã thoát 0; đã xuất bản {len(folders)} kỳ báo cáo vào {root} "
            f"(exit status 0; published {len(folders)} periods in {root})"
        )
    if code == 0 and folders:
        folder = folders[0]
        count = sum(1 for f in Path(folder).iterdir() if f.is_file())
        return (
            f"Kết thúc: mã thoát 0; đã xuất bản {count} tệp vào {folder} "
            f"(exit status 0; published {count} files in {folder})"
        )
    return (
        f"Kết thúc: mã thoát {code}; không xuất bản báo cáo mới "
        f"(exit status {code}; nothing new was published)"
    )


COMMANDS = {
    "sample": cmd_sample,
    "check": cmd_check,
    "indicators": cmd_indicators,
    "scorecard": cmd_scorecard,
    "run": cmd_run,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``cchc`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = args.debug or os.environ.get("CCHC_DEBUG") == "1"
    from .periods import PeriodError
    from .pipeline import RunError
    from .problems import DataError
    from .sample import SampleTargetError
    from .service_index import ServiceIndexError
    from .settings import SettingsError

    known = (DataError, PeriodError, RunError, SettingsError, SampleTargetError, ServiceIndexError)
    if args.command != "run":
        return _dispatch(args, known, debug)
    from .pipeline import configure_logging, release_logging

    handler = configure_logging()
    try:
        code = _dispatch(args, known, debug)
        logging.getLogger("cchc.run").info(_run_summary(code, getattr(args, "published", None)))
        return code
    finally:
        release_logging(handler)


def _dispatch(args, known: tuple[type[BaseException], ...], debug: bool) -> int:
    """Run the sub-command; turn the errors users can fix into a message and an exit code."""
    from .problems import DataError

    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return _fail("Đã dừng theo yêu cầu.", "Interrupted.", 130)
    except known as exc:
        _say_error(str(exc))
        if getattr(exc, "exit_code", None):
            return exc.exit_code
        return 2 if isinstance(exc, DataError) or type(exc).__name__ == "PeriodError" else 1
    except Exception as exc:
        if debug:
            raise
        return _fail(
            f"Lỗi không mong đợi: {type(exc).__name__}: {exc}. Chạy lại với --debug để xem chi tiết.",
            f"Unexpected error: {type(exc).__name__}: {exc}. Re-run with --debug for details.",
            1,
        )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
