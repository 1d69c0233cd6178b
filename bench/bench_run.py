"""Time a full period run (`cchc run`) and its floor.

Usage::

    .venv/bin/python bench/bench_run.py [--period 2022-H1] [--jobs N] [--repeat 2]

Prints a Markdown report (the figures are recorded in ``docs/benchmarks.md``):

- the floor: starting a ``cchc`` kernel, executing a notebook with only a
  parameters cell and exporting it to HTML with the report template, i.e.
  what any page costs before doing work; and the parallel floor for all
  pages (floor × ceil(pages / jobs));
- the full run's wall time (first run with a cold Parquet cache, then warm
  runs) and each notebook's time (execute + render) from ``manifest.json``.

Everything is written under a temporary folder; ``data/raw`` is copied, not
touched.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
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
    return f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; Python {platform.python_version()}"


def floor_seconds(work: Path, repeat: int) -> tuple[float, float]:
    """Best (execute, render) seconds of an empty parameterised notebook."""
    import papermill

    from cchc.pipeline import render_html

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "cchc", "display_name": "cchc", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Trống"),
                nbformat.v4.new_code_cell('period: str = "2022-H1"  # period', metadata={"tags": ["parameters"]})]
    for i, c in enumerate(nb.cells):
        c.id = f"c{i}"
    src, out = work / "empty.ipynb", work / "empty-out.ipynb"
    nbformat.write(nb, src)
    render_html(nb, {})  # template loading happens once per worker, as in the pipeline
    best_exec = best_render = math.inf
    for _ in range(repeat):
        t = time.perf_counter()
        papermill.execute_notebook(str(src), str(out), parameters={"period": "2022-H1"},
                                   kernel_name="cchc", progress_bar=False, log_output=False,
                                   request_save_on_cell_execute=False)
        best_exec = min(best_exec, time.perf_counter() - t)
        t = time.perf_counter()
        render_html(nbformat.read(out, as_version=4), {})
        best_render = min(best_render, time.perf_counter() - t)
    return best_exec, best_render


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--period", default="2022-H1")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=2, help="warm runs after the cold one")
    args = parser.parse_args()

    from cchc import config
    from cchc.pipeline import find_notebooks

    jobs = args.jobs or os.cpu_count() or 1
    pages = len(find_notebooks())
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        work = Path(tmp)
        raw = work / "raw"
        shutil.copytree(config.RAW_DIR, raw)
        f_exec, f_render = floor_seconds(work, 3)
        floor = f_exec + f_render
        runs = []
        for i in range(1 + args.repeat):
            t = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "cchc.cli", "run", "--period", args.period, "--data", str(raw),
                 "--out", str(work / "reports"), "--jobs", str(jobs)],
                capture_output=True, text=True)
            wall = time.perf_counter() - t
            if proc.returncode != 0:
                print(proc.stdout, proc.stderr, file=sys.stderr)
                return 1
            manifest = json.loads((work / "reports" / args.period / "manifest.json").read_text(encoding="utf-8"))
            runs.append((wall, manifest))

    print(f"Machine: {machine()}\n")
    print(f"Period {args.period}, {pages} pages, --jobs {jobs}.\n")
    print("| measure | seconds |\n|---|---:|")
    print(f"| floor per page: kernel start + empty notebook | {f_exec:.2f} |")
    print(f"| floor per page: HTML export (template warm) | {f_render:.2f} |")
    print(f"| parallel floor for all pages (floor × ⌈{pages}/{jobs}⌉) | {floor * math.ceil(pages / jobs):.2f} |")
    for i, (wall, m) in enumerate(runs):
        kind = "cold cache" if i == 0 else "warm cache"
        print(f"| full run {i + 1} ({kind}), wall time of `cchc run` | {wall:.2f} |")
    print("\nPer notebook (last run; execute + render, seconds):\n")
    print("| notebook | execute | render | total | above floor |\n|---|---:|---:|---:|---:|")
    wall, m = runs[-1]
    for n in m["notebooks"]:
        print(f"| {n['notebook']} | {n['seconds_execute']:.2f} | {n['seconds_render']:.2f} | "
              f"{n['seconds']:.2f} | {n['seconds'] - floor:+.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
