"""Time a full period run (`cchc run`) against its floor, and print the ratio.

Usage::

    .venv/bin/python bench/bench_run.py [--period 2022-H1] [--jobs N] [--repeat 2]

Prints a Markdown report (the figures are recorded in ``docs/benchmarks.md``):

- the floor: executing and exporting as many trivial notebooks (a title and
  a parameters cell) as the report has pages, with the same executor
  (:mod:`cchc.executor`: worker processes, each with its warm kernel) and
  the same ``--jobs``, from a cold start (a fresh Python process, as
  ``cchc run`` is) to the last page rendered and the workers stopped;
- the full run's wall time (first run with a cold Parquet cache, then warm
  runs), the ratio of the best warm run to the floor (target ≤ 1.5), and
  each notebook's time (execute + render) from ``manifest.json``.

Everything is written under a temporary folder; ``data/raw`` is copied, not
touched.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores{mem}; {system}; Python {platform.python_version()}"


FLOOR_CODE = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor, wait
from pathlib import Path
started = time.perf_counter()
from cchc import config
from cchc.executor import execute_and_render, warm_up
from cchc.processes import worker_init
folder, jobs = Path(sys.argv[1]), int(sys.argv[2])
pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                           initializer=worker_init, initargs=(os.getpid(),))
warm = [pool.submit(warm_up, config.KERNEL_NAME, str(folder)) for _ in range(jobs)]
futures = [pool.submit(execute_and_render, {
    "name": nb.name, "input": str(nb), "output": str(folder / ("out-" + nb.name)),
    "html": str(folder / (nb.stem + ".html")), "parameters": {"period": "2022-H1"},
    "kernel": config.KERNEL_NAME, "cwd": str(folder), "page": {}})
    for nb in sorted(folder.glob("[0-9]*.ipynb"))]
wait(futures)
assert all(f.result()["ok"] for f in futures), [f.result() for f in futures]
pool.shutdown(wait=True)
print(time.perf_counter() - started)
"""


def floor_seconds(work: Path, pages: int, jobs: int) -> tuple[float, float]:
    """Wall and CPU time of executing and exporting ``pages`` trivial notebooks with the run's executor."""
    folder = work / "trivial"
    folder.mkdir()
    for i in range(1, pages + 1):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "cchc", "display_name": "cchc", "language": "python"}
        nb.cells = [
            nbformat.v4.new_markdown_cell(f"# Trang {i}"),
            nbformat.v4.new_code_cell('period: str = "2022-H1"  # period', metadata={"tags": ["parameters"]}),
        ]
        for j, c in enumerate(nb.cells):
            c.id = f"c{j}"
        nbformat.write(nb, folder / f"{i:02d}_trong.ipynb")
    cpu = _children_cpu()
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", FLOOR_CODE, str(folder), str(jobs)], capture_output=True, text=True
    )
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return wall, _children_cpu() - cpu


def _children_cpu() -> float:
    """User + system CPU seconds of every finished child process (and the processes they waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--period", default="2022-H1")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=2, help="warm runs after the cold one")
    args = parser.parse_args()

    from cchc import config
    from cchc.pipeline import find_notebooks

    jobs = max(1, min(args.jobs or os.cpu_count() or 1, len(find_notebooks())))
    pages = len(find_notebooks())
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        work = Path(tmp)
        raw = work / "raw"
        shutil.copytree(config.RAW_DIR, raw)
        floor, floor_cpu = floor_seconds(work, pages, jobs)
        runs = []
        for _ in range(1 + args.repeat):
            cpu = _children_cpu()
            t = time.perf_counter()
            proc = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "cchc.cli",
                    "run",
                    "--period",
                    args.period,
                    "--data",
                    str(raw),
                    "--out",
                    str(work / "reports"),
                    "--jobs",
                    str(jobs),
                ],
                capture_output=True,
                text=True,
            )
            wall = time.perf_counter() - t
            if proc.returncode != 0:
                print(proc.stdout, proc.stderr, file=sys.stderr)
                return 1
            manifest = json.loads(
                (work / "reports" / args.period / "manifest.json").read_text(encoding="utf-8")
            )
            manifest["cpu"] = _children_cpu() - cpu
            runs.append((wall, manifest))

    best = min(wall for wall, _ in runs[1:] or runs)
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f} at the end\n")
    print(f"Period {args.period}, {pages} pages, --jobs {jobs}.\n")
    print("| measure | seconds |\n|---|---:|")
    print(
        f"| floor: {pages} trivial notebooks, same executor and --jobs, cold process "
        f"(CPU {floor_cpu:.1f} s) | "
        f"{floor:.2f} |"
    )
    for i, (wall, m) in enumerate(runs):
        kind = "cold cache" if i == 0 else "warm cache"
        print(f"| full run {i + 1} ({kind}), wall time of `cchc run` (CPU {m['cpu']:.1f} s) | {wall:.2f} |")
    print(f"| **ratio: best warm run / floor** (target ≤ 1.5) | **{best / floor:.2f}** |")
    best_cpu = min(m["cpu"] for _, m in runs[1:] or runs)
    print(f"| ratio of CPU seconds: least warm run / floor | {best_cpu / floor_cpu:.2f} |")
    print("\nPer notebook (last run; execute + render, seconds):\n")
    print("| notebook | execute | render | total |\n|---|---:|---:|---:|")
    wall, m = runs[-1]
    for n in m["notebooks"]:
        print(
            f"| {n['notebook']} | {n['seconds_execute']:.2f} | {n['seconds_render']:.2f} | "
            f"{n['seconds']:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
