"""Time the indicator computation on 1,000,000 dossiers (and proportionate other datasets).

Usage: .venv/bin/python bench/bench_indicators.py [DOSSIERS]   (default 1000000)

The frames are generated in memory with numpy, shaped as the loader returns
them (``string`` text columns, ``datetime64[ns]`` dates), without going
through spreadsheets. Proportions follow the sample (566 dossiers, ~160
tasks, ~30,000 documents and ~50 training records in a half-year): per
million dossiers 30,000 tasks, 1,500,000 documents (50 x tasks) and 5,000
training records, spread over 01/2021-06/2023. Prints one Markdown table
and the machine it ran on. Writes nothing.
"""

from __future__ import annotations

import os
import platform
import sys
import time

import numpy as np
import pandas as pd

from cchc.indicators import compute, series
from cchc.indicators.table import prepare
from cchc.periods import parse_period, periods_covering

BASE = np.datetime64("2021-01-01", "D")
DAYS = 911  # 01/01/2021 .. 30/06/2023


def _text(rng, choices, n, empty_share=0.0) -> pd.Series:
    values = np.array(choices, dtype=object)[rng.integers(0, len(choices), n)]
    if empty_share:
        values[rng.random(n) < empty_share] = None
    return pd.Series(pd.array(values, dtype="string"))


def _dates(offsets: np.ndarray, missing: np.ndarray | None = None) -> pd.Series:
    values = (BASE + offsets.astype("timedelta64[D]")).astype("datetime64[ns]")
    if missing is not None:
        values[missing] = np.datetime64("NaT")
    return pd.Series(values)


def make_frames(n_dossiers: int, seed: int = 7) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    n = n_dossiers
    received = rng.integers(0, DAYS, n)
    ho_so = pd.DataFrame(
        {
            "dossier_id": pd.Series(
                pd.array(np.char.add("HS", np.arange(n).astype(str)).astype(object), dtype="string")
            ),
            "field": _text(rng, [f"Lĩnh vực {i}" for i in range(66)], n, 0.01),
            "procedure": _text(rng, [f"Thủ tục {i}" for i in range(372)], n),
            "unit": _text(rng, [f"Đơn vị {i}" for i in range(20)], n, 0.02),
            "channel": _text(rng, ["Trực tuyến", "Trực tiếp", "Bưu chính"], n),
            "received_date": _dates(received),
            "due_date": _dates(received + rng.integers(3, 30, n), rng.random(n) < 0.05),
            "resolved_date": _dates(received + rng.integers(0, 40, n), rng.random(n) < 0.03),
            "status": _text(rng, ["Đã trả kết quả", "Đang xử lý", "Rút hồ sơ"], n),
        }
    )
    t = max(1, n * 3 // 100)
    assigned = rng.integers(0, DAYS, t)
    nhiem_vu = pd.DataFrame(
        {
            "task_id": pd.Series(
                pd.array(np.char.add("NV", np.arange(t).astype(str)).astype(object), dtype="string")
            ),
            "title": _text(rng, ["Nhiệm vụ"], t),
            "source": _text(
                rng, ["Chính phủ", "Thủ tướng Chính phủ", "UBND tỉnh", "Chủ tịch UBND tỉnh", "Văn phòng"], t
            ),
            "assigning_doc": _text(rng, [f"{i}/KH-UBND" for i in range(300)], t, 0.3),
            "unit": _text(rng, [f"Đơn vị {i}" for i in range(20)], t),
            "assigned_date": _dates(assigned),
            "due_date": _dates(assigned + rng.integers(10, 120, t), rng.random(t) < 0.2),
            "completed_date": _dates(assigned + rng.integers(0, 150, t), rng.random(t) < 0.2),
        }
    )
    d = t * 50
    van_ban = pd.DataFrame(
        {
            "doc_number": _text(rng, ["1/VP"], d),
            "direction": _text(rng, ["Đi", "Đến"], d),
            "date": _dates(rng.integers(0, DAYS, d)),
            "form": _text(rng, ["Giấy", "Điện tử", "Điện tử kèm giấy"], d),
            "signed": pd.Series(rng.random(d) < 0.8),
            "unit": _text(rng, [f"Đơn vị {i}" for i in range(60)], d, 0.01),
            "summary": _text(rng, ["Trích yếu"], d),
        }
    )
    r = max(1, n // 200)
    sent = rng.integers(0, DAYS, r)
    dao_tao = pd.DataFrame(
        {
            "staff_id": _text(rng, [str(i) for i in range(120)], r),
            "full_name": _text(rng, ["Nguyễn Văn A"], r),
            "unit": _text(rng, [f"Đơn vị {i}" for i in range(20)], r),
            "course": _text(rng, ["Khóa học"], r),
            "training_type": _text(rng, ["Đào tạo", "Bồi dưỡng", "Tập huấn"], r, 0.1),
            "plan_year": pd.array(np.where(rng.random(r) < 0.8, 2021 + sent // 365, -1), dtype="Int64"),
            "sent_date": _dates(sent, rng.random(r) < 0.2),
            "completed_date": _dates(sent + rng.integers(1, 60, r), rng.random(r) < 0.3),
        }
    )
    dao_tao.loc[dao_tao["plan_year"] == -1, "plan_year"] = pd.NA
    return {"ho_so": ho_so, "nhiem_vu": nhiem_vu, "van_ban": van_ban, "dao_tao": dao_tao}


def best_of(func, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.machine()}, {os.cpu_count()} cores (nproc), {cpu}, {ram:.0f} GiB RAM, "
        f"Python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}"
    )


def main(n: int) -> None:
    t0 = time.perf_counter()
    frames = make_frames(n)
    generated = time.perf_counter() - t0
    sizes = ", ".join(f"{k} {len(v):,}" for k, v in frames.items())
    print(f"Machine: {machine()}")
    print(f"Rows: {sizes} (generated in {generated:.1f} s)\n")
    period = parse_period("2022-H1", cutoff="calendar")
    months = periods_covering(
        parse_period("2021-01").start, parse_period("2023-06").end, "month", cutoff="calendar"
    )
    assert len(months) == 30
    rows = [
        ("prepare (frames → arrays), once", best_of(lambda: prepare(frames))),
        ("compute 2022-H1, totals only", best_of(lambda: compute(frames, period, breakdowns=False))),
        ("compute 2022-H1, with breakdowns", best_of(lambda: compute(frames, period))),
        ("series, 30 months 2021-01..2023-06, totals", best_of(lambda: series(frames, months), 1)),
        ("series, 30 months, with breakdowns", best_of(lambda: series(frames, months, breakdowns=True), 1)),
    ]
    table = compute(frames, period)
    print(f"(2022-H1 table: {len(table):,} rows; hs_received = {table['value'].iloc[0]:,.0f})\n")
    print("| step | seconds |\n|---|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
