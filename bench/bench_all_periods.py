"""Time ``cchc run --period all``: every period the bundled sample covers, in one command.

Usage::

    .venv/bin/python bench/bench_all_periods.py [--jobs N] [--cutoff calendar] [--periods CODE ...]

Copies ``data/raw`` to a temporary folder, runs ``cchc run --period all``
there once (the Parquet cache is written by a ``cchc check`` first, so the
time is that of a routine nightly run), and prints a Markdown table: the
number of periods of each kind, the wall time (target: ≤ 5 minutes on 2
cores), the seconds per period, and the slowest pages summed over every
period (from each period's ``manifest.json``). ``--periods`` times a list
of codes instead of ``all`` (a shorter check on a busy machine).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--cutoff", default="calendar", choices=("calendar", "decree09"))
    parser.add_argument("--periods", nargs="+", default=["all"], help="period codes (default: all)")
    args = parser.parse_args()

    from cchc import config

    jobs = args.jobs or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="cchc-bench-all-") as tmp:
        work = Path(tmp)
        raw = work / "raw"
        shutil.copytree(config.RAW_DIR, raw)
        subprocess.run(
            [sys.executable, "-m", "cchc.cli", "check", "--data", str(raw)], capture_output=True, text=True
        )  # writes the cache; warnings exit 1
        out = work / "reports"
        cpu_before = _children_cpu()
        t = time.perf_counter()
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "cchc.cli",
                "run",
                "--period",
                *args.periods,
                "--data",
                str(raw),
                "--out",
                str(out),
                "--jobs",
                str(jobs),
                "--cutoff",
                args.cutoff,
            ],
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - t
        cpu = _children_cpu() - cpu_before
        if proc.returncode != 0:
            print(proc.stderr[-4000:], file=sys.stderr)
            return 1
        manifests = [json.loads(m.read_text(encoding="utf-8")) for m in sorted(out.glob("*/manifest.json"))]

    kinds = Counter(_kind(m["period"]) for m in manifests)
    pages: Counter = Counter()
    for m in manifests:
        for n in m["notebooks"]:
            pages[n["notebook"]] += n["seconds"]
    print(
        f"Machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the end; "
        f"--jobs {jobs}, --cutoff {args.cutoff}\n"
    )
    print("| measure | value |\n|---|---:|")
    print(f"| periods published | {len(manifests)} ({', '.join(f'{n} {k}' for k, n in kinds.items())}) |")
    print(
        f"| **wall time of `cchc run --period {' '.join(args.periods)}`** (target for all: ≤ 300 s) | "
        f"**{wall:.1f} s** |"
    )
    print(f"| seconds per period | {wall / max(1, len(manifests)):.2f} |")
    print(f"| CPU seconds of the run (process, workers, kernels) | {cpu:.0f} |")
    print(
        f"| CPU seconds ÷ {os.cpu_count()} cores (wall time on an idle machine is at least this) | "
        f"{cpu / (os.cpu_count() or 1):.0f} |"
    )
    print("\nPage time summed over every period (execute + render, seconds; workers in parallel):\n")
    print("| notebook | seconds |\n|---|---:|")
    for name, seconds in sorted(pages.items()):
        print(f"| {name} | {seconds:.1f} |")
    return 0


def _children_cpu() -> float:
    """User + system CPU seconds of every finished child process (and the processes they waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _kind(code: str) -> str:
    if code.endswith("9M"):
        return "9-month"
    if "-H" in code:
        return "half"
    if "-Q" in code:
        return "quarter"
    return "year" if len(code) == 4 else "month"


if __name__ == "__main__":
    sys.exit(main())
