"""Time `cchc run --unit all` (office + one report per unit + comparison) against one period's run.

Usage::

    .venv/bin/python bench/bench_all_units.py [--period 2022-H1] [--jobs N]

Runs, on a copy of ``data/raw`` in a temporary folder, first one ordinary
period run (the office's report), then the all-units run on a fresh reports
folder, both through the ``cchc`` command as cron would, after one warm-up
load that fills the Parquet cache. Prints a Markdown report: the machine,
the number of units, both wall times, the ratio, and the time per report.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_run import machine  # noqa: E402


def timed_run(raw: Path, out: Path, period: str, jobs: int, extra: list[str]) -> float:
    """Wall seconds of one ``cchc run`` (raises when it fails)."""
    cmd = [
        sys.executable,
        "-m",
        "cchc.cli",
        "run",
        "--period",
        period,
        "--data",
        str(raw),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
        *extra,
    ]
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"run failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--period", default="2022-H1")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    from cchc.loading import load_data

    with tempfile.TemporaryDirectory(prefix="cchc-bench-units-") as tmp:
        work = Path(tmp)
        raw = work / "data" / "raw"
        shutil.copytree(ROOT / "data" / "raw", raw)
        load_data(raw)  # fill the Parquet cache once, for both runs alike
        one = timed_run(raw, work / "one", args.period, args.jobs, [])
        every = timed_run(raw, work / "all", args.period, args.jobs, ["--unit", "all"])
        comparison = json.loads(
            (work / "all" / f"{args.period}.don-vi" / "manifest.json").read_text(encoding="utf-8")
        )
        units = len(comparison["units"])
    reports = units + 1
    print(f"# `cchc run --unit all` against one run ({args.period})\n")
    print(f"- machine: {machine()}")
    print(f"- jobs: {args.jobs}; units in the data: {units}; reports built: {reports} + comparison page\n")
    print("| run | wall time | per report |")
    print("|---|---|---|")
    print(f"| one period run (office) | {one:.1f} s | {one:.1f} s |")
    print(f"| `--unit all` (office + {units} units + comparison) | {every:.1f} s | {every / reports:.1f} s |")
    print(
        f"\nratio all / one: {every / one:.2f} (for {reports} reports; "
        f"{reports} separate runs would take about {one * reports:.0f} s)"
    )


if __name__ == "__main__":
    main()
