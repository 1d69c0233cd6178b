"""Load time and peak memory of very large inputs (issue 6's 1,200,000 rows; issue 12's 1M dossiers).

Usage: .venv/bin/python bench/bench_large_sheet.py [--repeat N] [KIND ROWS]...
(default: ``csv 1200000 xlsx 1048575 ho_so 1048575``, 3 repeats).

An .xlsx sheet holds at most 1,048,576 rows, so 1,200,000 records exist only
as a CSV; ``xlsx`` measures the fullest possible sheet (three ``van_ban``
columns, repeated values), ``ho_so`` a full sheet of six dossier columns with
unique ids and real date cells (the heavier case). Files are written into a
temporary folder (the generators of ``tests/test_bad_inputs.py`` and
``bench/bench_loading.py``).

Each repeat runs in a fresh child process: ``load_data`` cold (no cache) first,
so the child's peak resident memory (``ru_maxrss``) is the loader's alone, then
— in the same process, back to back — a bare python-calamine read of the same
sheet (``CalamineWorkbook.get_sheet_by_name(...).to_python()``), the floor any
loader built on it pays. The machine may be shared, so wall and CPU seconds are
both printed, with the load average (``os.getloadavg``), and the targets are
checked on the median of the ratios. Then a first load writes the Parquet cache
and a fresh child reloads it. Prints Markdown tables; the figures are recorded
in ``docs/benchmarks.md``.

Targets (issue 12, 1M dossiers): cold ``load_data`` ≤ 1.3× the bare read, peak
memory ≤ 1.5 GB, cached reload ≥ 20× faster than cold.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))

#: One repeat: load_data cold, then the bare python-calamine read, in one fresh process.
COLD_CHILD = r"""
import gc, json, os, resource, sys, time
from pathlib import Path
from cchc.loading import load_data
raw = Path(sys.argv[1])
w, c = time.perf_counter(), time.process_time()
data = load_data(raw, use_cache=False)
out = {"rows": int(sum(len(f) for f in data.frames.values())),
       "load_s": time.perf_counter() - w, "load_cpu": time.process_time() - c,
       "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
del data
gc.collect()
path = next(p for p in raw.iterdir())
if path.suffix == ".xlsx":
    import python_calamine as pc
    from cchc.contract import DATASETS
    from cchc.reading import _pick_sheet, dataset_for_file
    w, c = time.perf_counter(), time.process_time()
    book = pc.CalamineWorkbook.from_path(str(path))
    sheet = _pick_sheet(list(book.sheet_names), DATASETS[dataset_for_file(path)])
    rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    out.update(bare_s=time.perf_counter() - w, bare_cpu=time.process_time() - c, bare_rows=len(rows))
out["load_avg"] = os.getloadavg()[0]
print(json.dumps(out))
"""

#: A load through the cache (writing it the first time, reading it after).
CACHE_CHILD = r"""
import json, os, resource, sys, time
from cchc.loading import load_data
w, c = time.perf_counter(), time.process_time()
data = load_data(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - w, "cpu": time.process_time() - c,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "from_cache": data.from_cache, "load_avg": os.getloadavg()[0]}))
"""


def child(code: str, raw: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", code, str(raw)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def baseline_mb() -> float:
    code = "import resource, cchc.loading; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    return float(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    )


def write_fixture(kind: str, rows: int, raw: Path) -> None:
    if kind in ("csv", "xlsx"):
        from test_bad_inputs import write_large_documents

        write_large_documents(raw / f"van_ban.{kind}", rows)
    else:
        from bench_loading import write_dossiers

        write_dossiers(raw / "ho_so.xlsx", rows)


def bare_read(c: dict) -> str:
    return f"{c['bare_s']:.1f} / {c['bare_cpu']:.1f}" if "bare_s" in c else "–"


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a and b else "–"


def bench(kind: str, rows: int, repeat: int) -> list[str]:
    """Markdown rows for one input: one per cold repeat, then the cache row and the summary."""
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        t0 = time.perf_counter()
        write_fixture(kind, rows, raw)
        written = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in raw.iterdir()) / 1e6
        colds = [child(COLD_CHILD, raw) for _ in range(repeat)]
        first = child(CACHE_CHILD, raw)
        warm = child(CACHE_CHILD, raw)
    assert all(c["rows"] == rows for c in colds) and warm["from_cache"], (colds, first, warm)
    label = f"{kind} | {rows:,} | {size:.1f} | {written:.0f}"
    for i, c in enumerate(colds, 1):
        lines.append(
            f"| {label} | cold {i} | {c['load_s']:.1f} / {c['load_cpu']:.1f} | "
            f"{bare_read(c)} | "
            f"{ratio(c['load_s'], c.get('bare_s'))} / {ratio(c['load_cpu'], c.get('bare_cpu'))} | "
            f"{c['peak_mb']:.0f} | {c['load_avg']:.1f} |"
        )
    lines.append(
        f"| {label} | first load + cache write | {first['seconds']:.1f} / {first['cpu']:.1f} | | | "
        f"{first['peak_mb']:.0f} | {first['load_avg']:.1f} |"
    )
    lines.append(
        f"| {label} | from cache | {warm['seconds']:.2f} / {warm['cpu']:.2f} | | | "
        f"{warm['peak_mb']:.0f} | {warm['load_avg']:.1f} |"
    )
    bare = [c["load_cpu"] / c["bare_cpu"] for c in colds if c.get("bare_cpu")]
    bare_wall = [c["load_s"] / c["bare_s"] for c in colds if c.get("bare_s")]
    cold_cpu = statistics.median(c["load_cpu"] for c in colds)
    cold_wall = statistics.median(c["load_s"] for c in colds)
    summary = (
        f"{kind}: cold / bare read median {statistics.median(bare_wall):.2f}× wall, "
        f"{statistics.median(bare):.2f}× CPU (target ≤ 1.3); "
        if bare
        else f"{kind}: "
    )
    summary += (
        f"peak {max(c['peak_mb'] for c in colds):.0f} MB (target ≤ 1,536); cached reload "
        f"{cold_wall / warm['seconds']:.0f}× faster wall, {cold_cpu / warm['cpu']:.0f}× CPU "
        "(target ≥ 20)"
    )
    return [*lines, summary]


def main() -> None:
    args = sys.argv[1:]
    repeat = 3
    if args[:1] == ["--repeat"]:
        repeat, args = int(args[1]), args[2:]
    args = args or ["csv", "1200000", "xlsx", "1048575", "ho_so", "1048575"]
    runs = [(args[i], int(args[i + 1])) for i in range(0, len(args), 2)]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"peak RSS of a bare import: {baseline_mb():.0f} MB; load average {os.getloadavg()[0]:.1f}"
    )
    print(
        "| input | rows | file MB | write fixture s | run | load_data s (wall / CPU) "
        "| bare calamine read s (wall / CPU) | ratio (wall / CPU) | peak RSS MB | load avg |"
    )
    print("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    summaries = []
    for kind, rows in runs:
        *lines, summary = bench(kind, rows, repeat)
        print("\n".join(lines), flush=True)
        summaries.append(summary)
    print()
    print("\n".join(f"- {s}" for s in summaries))


if __name__ == "__main__":
    main()
