"""Load time and peak memory of very large inputs (issue 6's 1,200,000-row case).

Usage: .venv/bin/python bench/bench_large_sheet.py [KIND ROWS]...
(default: ``csv 1200000 xlsx 1048575 ho_so 1048575``).

An .xlsx sheet holds at most 1,048,576 rows, so 1,200,000 records exist only
as a CSV; ``xlsx`` measures the fullest possible sheet (three ``van_ban``
columns, repeated values), ``ho_so`` a full sheet of six dossier columns with
unique ids and real date cells (the heavier case). Files are written into a
temporary folder (the generators of ``tests/test_bad_inputs.py`` and
``bench/bench_loading.py``);
each load runs in a fresh child process so its peak resident memory
(``ru_maxrss``) is the loader's alone. Prints one Markdown table row per
measurement; the figures are recorded in ``docs/benchmarks.md``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))

CHILD = r"""
import json, resource, sys, time
from cchc.loading import load_data
t0 = time.perf_counter()
data = load_data(sys.argv[1], use_cache=sys.argv[2] == "cache")
t1 = time.perf_counter()
print(json.dumps({"rows": int(sum(len(f) for f in data.frames.values())), "seconds": t1 - t0,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "from_cache": data.from_cache}))
"""


def measure(raw: Path, mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(raw), mode], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def baseline_mb() -> float:
    code = "import resource, cchc.loading; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout)


def bench(kind: str, rows: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        t0 = time.perf_counter()
        if kind in ("csv", "xlsx"):
            from test_bad_inputs import write_large_documents

            write_large_documents(raw / f"van_ban.{kind}", rows)
        else:
            from bench_loading import write_dossiers

            write_dossiers(raw / "ho_so.xlsx", rows)
        written = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in raw.iterdir()) / 1e6
        cold = measure(raw, "nocache")
        write_cache = measure(raw, "cache")
        warm = measure(raw, "cache")
    assert cold["rows"] == rows and warm["from_cache"], (cold, write_cache, warm)
    return (f"| {kind} | {rows:,} | {size:.1f} | {written:.1f} | {cold['seconds']:.1f} | "
            f"{cold['peak_mb']:.0f} | {write_cache['seconds']:.1f} | {warm['seconds']:.2f} | "
            f"{warm['peak_mb']:.0f} |")


def main() -> None:
    args = sys.argv[1:] or ["csv", "1200000", "xlsx", "1048575", "ho_so", "1048575"]
    runs = [(args[i], int(args[i + 1])) for i in range(0, len(args), 2)]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; peak RSS of a bare import: {baseline_mb():.0f} MB")
    print("| input | rows | file MB | write fixture s | load + validate s | peak RSS MB "
          "| first load + cache write s | load from cache s | peak RSS (cache) MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind, rows in runs:
        print(bench(kind, rows), flush=True)


if __name__ == "__main__":
    main()
