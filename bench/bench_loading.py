"""Time reading + validating a large dossier file, cold and from the Parquet cache.

Usage: .venv/bin/python bench/bench_loading.py [ROWS]   (default 200000)
Writes nothing outside a temporary folder. Prints one table.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import xlsxwriter

from cchc.loading import load_data


def write_dossiers(path: Path, rows: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    base = dt.datetime(2021, 1, 1)
    received = rng.integers(0, 900, rows)
    due = received + rng.integers(5, 30, rows)
    resolved = received + rng.integers(1, 35, rows)
    fields = np.array(["Đất đai", "Xây dựng", "Đầu tư", "Tài nguyên và môi trường", "Giao thông"])
    channels = np.array(["Trực tuyến", "Trực tiếp", "Bưu chính"])
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("ho_so")
    ws.write_row(
        0, 0, ["Mã hồ sơ", "Lĩnh vực", "Hình thức nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả"]
    )
    f = fields[rng.integers(0, len(fields), rows)]
    c = channels[rng.integers(0, 3, rows)]
    for i in range(rows):  # writing the fixture, not the code under test
        r = i + 1
        ws.write_string(r, 0, f"HS{i:08d}")
        ws.write_string(r, 1, f[i])
        ws.write_string(r, 2, c[i])
        ws.write_datetime(r, 3, base + dt.timedelta(days=int(received[i])), fmt)
        ws.write_datetime(r, 4, base + dt.timedelta(days=int(due[i])), fmt)
        ws.write_datetime(r, 5, base + dt.timedelta(days=int(resolved[i])), fmt)
    wb.close()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        t0 = time.perf_counter()
        write_dossiers(raw / "ho_so.xlsx", rows)
        t1 = time.perf_counter()
        cold = load_data(raw)
        t2 = time.perf_counter()
        warm = load_data(raw)
        t3 = time.perf_counter()
        assert len(cold.frames["ho_so"]) == rows and warm.from_cache
        size = (raw / "ho_so.xlsx").stat().st_size / 1e6
    print("| rows | xlsx MB | write fixture s | load + validate s | load from cache s |")
    print("|---:|---:|---:|---:|---:|")
    print(f"| {rows:,} | {size:.1f} | {t1 - t0:.1f} | {t2 - t1:.2f} | {t3 - t2:.2f} |")


if __name__ == "__main__":
    main()
