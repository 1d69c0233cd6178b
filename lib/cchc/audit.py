"""``cchc check``: validate the input and summarise what was found.

Exit codes: 0 clean, 1 warnings only, 2 errors (the contract rejects the
input). The data-quality notebook shows the same findings.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pandas as pd

from .contract import DATASETS
from .coverage import dataset_coverage
from .formatting import fmt_date, fmt_int
from .loading import LoadedData, load_data
from .problems import MAX_PRINTED, DataError, Problem, format_group, group_problems, problems_frame
from .quality import audit_frames


def summary_frame(data: LoadedData, problems: list[Problem]) -> pd.DataFrame:
    """One row per dataset: files, records, warnings, notices."""
    rows = []
    for name, dataset in DATASETS.items():
        rows.append(
            {
                "dataset": name,
                "title": dataset.title,
                "files": sum(f.dataset == name for f in data.files),
                "records": len(data.frames[name]),
                "errors": sum(p.dataset == name and p.severity == "error" for p in problems),
                "warnings": sum(p.dataset == name and p.severity == "warning" for p in problems),
                "notices": sum(p.dataset == name and p.severity == "notice" for p in problems),
            }
        )
    return pd.DataFrame(rows)


def print_grouped(problems: list[Problem], out) -> None:
    """Problems grouped by file, column and kind, at most :data:`MAX_PRINTED` groups."""
    groups = group_problems(problems)
    for group in groups[:MAX_PRINTED]:
        print(format_group(group), file=out)
    if len(groups) > MAX_PRINTED:
        rest = sum(len(g) for g in groups[MAX_PRINTED:])
        print(
            f"… và {rest} mục khác (dùng --errors-csv để xem tất cả). "
            f"(… and {rest} more; use --errors-csv to see them all.)",
            file=out,
        )


def write_problems_csv(problems: list[Problem], path: Path) -> None:
    """Every problem, one row each, as UTF-8 CSV with BOM (opens in Excel with diacritics)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    problems_frame(problems).to_csv(path, index=False, encoding="utf-8-sig")


def run_check(
    raw_dir: Path, *, today: dt.date | None = None, out=None, errors_csv: Path | None = None
) -> int:
    """Load and audit ``raw_dir``; print every finding, grouped; return the exit code."""
    out = out if out is not None else sys.stdout
    try:
        data = load_data(raw_dir)
    except DataError as exc:
        print(exc.format(), file=out)
        if errors_csv is not None:
            write_problems_csv(exc.problems, errors_csv)
            print(
                f"Đã ghi {len(exc.problems)} mục vào {errors_csv}. "
                f"({len(exc.problems)} problems written to {errors_csv}.)",
                file=out,
            )
        return 2
    problems = findings(data, today=today)
    print_grouped(problems, out)
    if errors_csv is not None:
        write_problems_csv(problems, errors_csv)
        print(
            f"Đã ghi {len(problems)} mục vào {errors_csv}. "
            f"({len(problems)} problems written to {errors_csv}.)",
            file=out,
        )
    summary = summary_frame(data, problems)
    print("\nTóm tắt theo bộ dữ liệu (summary per dataset):", file=out)
    coverage = dataset_coverage(data.frames).set_index("dataset")
    for rec in summary.itertuples():
        span = ""
        if rec.dataset in coverage.index and coverage.at[rec.dataset, "first"] is not None:
            span = (
                f", từ {fmt_date(coverage.at[rec.dataset, 'first'])} "
                f"đến {fmt_date(coverage.at[rec.dataset, 'last'])}"
            )
        print(
            f"- {rec.dataset} ({rec.title}): {fmt_int(rec.files)} tệp, {fmt_int(rec.records)} dòng"
            f"{span}, {fmt_int(rec.warnings)} cảnh báo, {fmt_int(rec.notices)} thông báo",
            file=out,
        )
    warnings = sum(p.severity == "warning" for p in problems)
    if warnings:
        print(f"\nCó {warnings} cảnh báo; báo cáo vẫn chạy được. ({warnings} warning(s).)", file=out)
        return 1
    print("\nDữ liệu hợp lệ, không có cảnh báo. (Data valid, no warnings.)", file=out)
    return 0


def audit_findings(data: LoadedData, *, today: dt.date | None = None) -> list[Problem]:
    """Domain checks beyond the contract (warnings): see :mod:`cchc.quality`."""
    return audit_frames(data.frames, today=today)


def findings(data: LoadedData, *, today: dt.date | None = None) -> list[Problem]:
    """Everything worth a reader's attention: the audit's warnings, then the loader's own."""
    return [*audit_findings(data, today=today), *data.problems()]
