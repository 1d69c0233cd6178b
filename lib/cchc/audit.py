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
from .loading import LoadedData, load_data
from .problems import DataError, Problem
from .quality import audit_frames


def summary_frame(data: LoadedData, problems: list[Problem]) -> pd.DataFrame:
    """One row per dataset: files, records, warnings, notices."""
    rows = []
    for name, dataset in DATASETS.items():
        rows.append({
            "dataset": name,
            "title": dataset.title,
            "files": sum(f.dataset == name for f in data.files),
            "records": len(data.frames[name]),
            "errors": sum(p.dataset == name and p.severity == "error" for p in problems),
            "warnings": sum(p.dataset == name and p.severity == "warning" for p in problems),
            "notices": sum(p.dataset == name and p.severity == "notice" for p in problems),
        })
    return pd.DataFrame(rows)


def run_check(raw_dir: Path, *, today: dt.date | None = None, out=sys.stdout) -> int:
    """Load and audit ``raw_dir``; print every finding; return the exit code."""
    try:
        data = load_data(raw_dir)
    except DataError as exc:
        print(exc.format(), file=out)
        return 2
    problems = findings(data, today=today)
    for p in problems:
        print(p.format(), file=out)
    summary = summary_frame(data, problems)
    print("\nTóm tắt theo bộ dữ liệu (summary per dataset):", file=out)
    for rec in summary.itertuples():
        print(f"- {rec.dataset} ({rec.title}): {rec.files} tệp, {rec.records} dòng, "
              f"{rec.warnings} cảnh báo, {rec.notices} thông báo", file=out)
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
