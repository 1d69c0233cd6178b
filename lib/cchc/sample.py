"""Deterministic generator of the bundled sample spreadsheets.

The sample is the raw data of a FICTIONAL provincial People's Committee
Office ("Văn phòng UBND tỉnh Kiên Hòa") from 01/01/2021 to 30/06/2023, in the
format of the data contract (:mod:`cchc.contract`). It serves three purposes:
users see what their input files should look like, the notebooks and the
report have something to run on, and the first half of 2022 reproduces the
figures of the reference report *exactly* under the indicator definitions
(dossiers, tasks, documents, training) or carries them as key figures
(``chi_tieu``).

How the exact figures are guaranteed
------------------------------------
Records are drawn at random (``numpy.random.Generator(PCG64(seed))``, one
independent stream per dataset), but every quantity the reference states for
2022-H1 is constructed, not hoped for: the 566 dossiers received in H1 2022
are a multinomial split of exactly 566 over its months, 32 of them are chosen
to be resolved on their due date (or have none) and the others are resolved
before it and no later than 30/06/2022; tasks are built in blocks whose dates
satisfy the definitions by construction; document counts per direction and
form are fixed for H1 2022 and only their dates and units are random. Other
periods are random around plausible means, with a dip around Tết, a rising
share of online submission and of electronic documents, some late dossiers,
some dossiers pending across period ends and some overdue tasks.

Determinism
-----------
The same seed gives byte-identical files: workbooks are built in memory by
XlsxWriter with fixed document properties (XlsxWriter stamps every zip member
with 01/01/1980), CSV files use ``\\r\\n`` line endings and fixed encodings.

>>> frames = build_sample()                      # doctest: +SKIP
>>> len(frames["van_ban"])                       # doctest: +SKIP
148682
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .config import CATALOGUE_FILE
from .contract import DATASETS, WITHDRAWN_STATUS

#: Default seed of the committed sample.
SEED = 2022

PROVINCE = "Kiên Hòa"
OFFICE = f"Văn phòng UBND tỉnh {PROVINCE}"

START = np.datetime64("2021-01-01")
END = np.datetime64("2023-06-30")
#: The reference half-year.
S = np.datetime64("2022-01-01")
E = np.datetime64("2022-06-30")

#: Half-years of the sample: code, first day, last day.
HALVES = (
    ("2021-H1", "2021-01-01", "2021-06-30"),
    ("2021-H2", "2021-07-01", "2021-12-31"),
    ("2022-H1", "2022-01-01", "2022-06-30"),
    ("2022-H2", "2022-07-01", "2022-12-31"),
    ("2023-H1", "2023-01-01", "2023-06-30"),
)
H1_2022 = 2  # index of 2022-H1 in HALVES

#: Workbook properties fixed so that output is byte-identical run to run.
WORKBOOK_PROPERTIES = {
    "title": "Dữ liệu mẫu cchc (hư cấu)",
    "subject": "Dữ liệu mẫu cải cách hành chính",
    "author": "cchc sample",
    "company": OFFICE,
    "comments": "Dữ liệu hư cấu, sinh bởi lệnh `cchc sample`.",
    "created": dt.datetime(2023, 7, 1),
}

#: CSV line ending, chosen once for every CSV file.
CSV_NEWLINE = "\r\n"

# --- the office ---------------------------------------------------------------

#: The office's nine units: 6 departments, 1 board, 1 centre, 1 public service unit.
UNITS = (
    "Phòng Tổng hợp",
    "Phòng Kinh tế",
    "Phòng Nội chính",
    "Phòng Khoa giáo - Văn xã",
    "Phòng Hành chính - Tổ chức",
    "Phòng Quản trị - Tài vụ",
    "Ban Tiếp công dân",
    "Trung tâm Phục vụ hành chính công",
    "Nhà ăn",
)
#: Abbreviations used in outgoing document numbers (``123/VP-KT``).
UNIT_CODES = ("TH", "KT", "NC", "KGVX", "HCTC", "QTTV", "BTCD", "TTPVHCC", "NA")
CENTRE = UNITS.index("Trung tâm Phục vụ hành chính công")
CANTEEN = UNITS.index("Nhà ăn")

#: Vietnamese public holidays in the sample range (Tết, Hùng Kings, 30/4-1/5, 2/9, New Year),
#: including the days off that replace holidays falling on a weekend.
HOLIDAYS = np.array(
    [
        "2021-01-01",
        "2021-02-10",
        "2021-02-11",
        "2021-02-12",
        "2021-02-15",
        "2021-02-16",
        "2021-04-21",
        "2021-04-30",
        "2021-05-03",
        "2021-09-02",
        "2021-09-03",
        "2022-01-03",
        "2022-01-31",
        "2022-02-01",
        "2022-02-02",
        "2022-02-03",
        "2022-02-04",
        "2022-04-11",
        "2022-05-02",
        "2022-05-03",
        "2022-09-01",
        "2022-09-02",
        "2023-01-02",
        "2023-01-20",
        "2023-01-23",
        "2023-01-24",
        "2023-01-25",
        "2023-01-26",
        "2023-05-01",
        "2023-05-02",
        "2023-05-03",
        "2023-09-01",
        "2023-09-04",
    ],
    dtype="datetime64[D]",
)
CALENDAR = np.busdaycalendar(holidays=HOLIDAYS)
#: First day of each Lunar New Year in the range: activity dips around it.
TET = np.array(["2021-02-12", "2022-02-01", "2023-01-22"], dtype="datetime64[D]")


def business_days(first: str | np.datetime64, last: str | np.datetime64) -> np.ndarray:
    """Working days (Mon-Fri, not a public holiday) from ``first`` to ``last`` inclusive.

    >>> business_days("2022-01-28", "2022-02-08").astype(str).tolist()
    ['2022-01-28', '2022-02-07', '2022-02-08']
    """
    days = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    return days[np.is_busday(days, busdaycal=CALENDAR)]


def day_weights(days: np.ndarray) -> np.ndarray:
    """Relative activity of each working day: a dip around Tết, a COVID-19 dip in Q3/2021,
    a year-end rush in December."""
    days = days.astype("datetime64[D]")
    gap = days[:, None] - TET[None, :]
    gap = gap.astype(int)
    before = ((gap >= -7) & (gap < 0)).any(axis=1)
    after = ((gap > 0) & (gap <= 14)).any(axis=1)
    weight = np.ones(len(days))
    weight[before] *= 0.75
    weight[after] *= 0.55
    month = days.astype("datetime64[M]")
    weight[(month >= np.datetime64("2021-08")) & (month <= np.datetime64("2021-09"))] *= 0.7
    weight[(month.astype(int) % 12) == 11] *= 1.15
    return weight


def _pick_days(rng: np.random.Generator, first, last, n: int, *, weighted: bool = False) -> np.ndarray:
    """``n`` working days drawn from [first, last], uniformly or by :func:`day_weights`, sorted."""
    days = business_days(first, last)
    if weighted:
        w = day_weights(days)
        picked = rng.choice(days, size=n, p=w / w.sum())
    else:
        picked = days[rng.integers(0, len(days), size=n)]
    return np.sort(picked)


def _add_days(dates: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Calendar-day offsets on ``datetime64[D]`` arrays (NaT stays NaT)."""
    return dates.astype("datetime64[D]") + np.asarray(offsets).astype("timedelta64[D]")


def _busday_add(dates: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Working-day offsets (holidays respected); ``dates`` must be working days."""
    return np.busday_offset(
        dates.astype("datetime64[D]"), offsets.astype(int), roll="forward", busdaycal=CALENDAR
    )


def _roll(dates: np.ndarray) -> np.ndarray:
    """Move each date to the next working day if it is not one (NaT stays NaT)."""
    dates = dates.astype("datetime64[D]").copy()
    ok = ~np.isnat(dates)
    dates[ok] = np.busday_offset(dates[ok], 0, roll="forward", busdaycal=CALENDAR)
    return dates


def _half_of(dates: np.ndarray) -> np.ndarray:
    """Index in :data:`HALVES` of each date (dates inside the sample range)."""
    bounds = np.array([h[1] for h in HALVES], dtype="datetime64[D]")
    return np.searchsorted(bounds, dates.astype("datetime64[D]"), side="right") - 1


# --- dossiers (ho_so) ---------------------------------------------------------

#: Fields: (name, unit index, share of dossiers outside 2022-H1, procedures with their
#: statutory time limit in working days, 0 = no time limit).
FIELDS = (
    (
        "Đất đai",
        1,
        0.22,
        (
            ("Giao đất, cho thuê đất", 20),
            ("Chuyển mục đích sử dụng đất", 15),
            ("Thu hồi đất", 15),
            ("Gia hạn sử dụng đất", 10),
        ),
    ),
    (
        "Xây dựng",
        1,
        0.05,
        (("Thẩm định dự án đầu tư xây dựng", 20), ("Cấp giấy phép xây dựng công trình", 15)),
    ),
    ("Đầu tư", 1, 0.04, (("Chấp thuận chủ trương đầu tư", 20), ("Điều chỉnh chủ trương đầu tư", 15))),
    (
        "Tài nguyên nước",
        1,
        0.04,
        (("Cấp giấy phép khai thác nước dưới đất", 15), ("Cấp giấy phép xả nước thải vào nguồn nước", 15)),
    ),
    (
        "Môi trường",
        1,
        0.06,
        (
            ("Phê duyệt kết quả thẩm định báo cáo đánh giá tác động môi trường", 15),
            ("Cấp giấy phép môi trường", 12),
        ),
    ),
    ("Khoáng sản", 1, 0.03, (("Cấp giấy phép khai thác khoáng sản", 20),)),
    (
        "Giao thông vận tải",
        1,
        0.05,
        (("Chấp thuận đấu nối vào quốc lộ", 7), ("Công bố mở luồng đường thủy nội địa", 10)),
    ),
    (
        "Công thương",
        1,
        0.05,
        (
            ("Cấp giấy phép kinh doanh bán lẻ sản phẩm rượu", 10),
            ("Phê duyệt phương án ứng phó sự cố hóa chất", 12),
        ),
    ),
    (
        "Nông nghiệp và Phát triển nông thôn",
        1,
        0.06,
        (
            ("Phê duyệt phương án khai thác thủy sản", 10),
            ("Chuyển mục đích sử dụng rừng sang mục đích khác", 15),
        ),
    ),
    (
        "Y tế",
        3,
        0.05,
        (("Cấp giấy phép hoạt động khám bệnh, chữa bệnh", 15), ("Công nhận tuyến chuyên môn kỹ thuật", 10)),
    ),
    (
        "Giáo dục và Đào tạo",
        3,
        0.05,
        (("Cho phép thành lập trường trung học phổ thông tư thục", 15), ("Sáp nhập, chia, tách trường", 10)),
    ),
    (
        "Văn hóa, Thể thao và Du lịch",
        3,
        0.04,
        (("Công nhận điểm du lịch", 10), ("Cấp phép tổ chức lễ hội", 7)),
    ),
    (
        "Lao động - Thương binh và Xã hội",
        3,
        0.05,
        (("Cấp giấy phép hoạt động dịch vụ việc làm", 7), ("Công nhận cơ sở sản xuất của thương binh", 10)),
    ),
    ("Nội vụ", 2, 0.06, (("Thành lập hội", 15), ("Công nhận ban vận động thành lập hội", 10))),
    (
        "Thi đua - Khen thưởng",
        2,
        0.07,
        (("Tặng Bằng khen của Chủ tịch UBND tỉnh", 10), ("Tặng danh hiệu Tập thể lao động xuất sắc", 10)),
    ),
    (
        "Tôn giáo",
        2,
        0.02,
        (("Chấp thuận tổ chức cuộc lễ ngoài cơ sở tôn giáo", 0), ("Đăng ký thuyên chuyển chức sắc", 0)),
    ),
    (
        "Tư pháp",
        2,
        0.03,
        (("Bổ nhiệm giám định viên tư pháp", 10), ("Cấp giấy phép thành lập văn phòng công chứng", 10)),
    ),
    (
        "Tài chính",
        0,
        0.04,
        (("Quyết định giá thuộc thẩm quyền của UBND tỉnh", 10), ("Điều chuyển tài sản công", 7)),
    ),
    (
        "Khoa học và Công nghệ",
        0,
        0.02,
        (("Xác nhận hàng hóa sử dụng trực tiếp cho hoạt động nghiên cứu khoa học", 5),),
    ),
    (
        "Thông tin và Truyền thông",
        0,
        0.02,
        (
            ("Cấp giấy phép xuất bản bản tin", 7),
            ("Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp", 10),
        ),
    ),
)
FIELD_NAMES = tuple(f[0] for f in FIELDS)

#: Dossier targets for 2022-H1 (the reference report).
HS_H1_RECEIVED = 566
HS_H1_ON_TIME = 32  # resolved on the due date or with no due date; the rest early
HS_H1_FIELDS = {"Đất đai": 127, "Xây dựng": 13, "Đầu tư": 0}
HS_H1_WITHDRAWN = 4

#: Share of online and postal submission by half-year (online rising).
CHANNEL_ONLINE = (0.18, 0.27, 0.38, 0.49, 0.61)
CHANNEL_POST = (0.07, 0.06, 0.05, 0.05, 0.04)
#: Outcome shares (early, on time, late) for dossiers outside 2022-H1.
OUTCOMES = ((0.80, 0.13, 0.07), (0.84, 0.11, 0.05), (0.0, 0.0, 0.0), (0.88, 0.08, 0.04), (0.90, 0.07, 0.03))
#: Share of dossiers handled by the centre itself rather than a department.
CENTRE_SHARE = 0.2

STATUS_DONE = "Đã trả kết quả"
STATUS_OPEN = "Đang giải quyết"


def _procedures() -> pd.DataFrame:
    """One row per procedure: field index, field, name, time limit, unit."""
    rows = [(i, f, p, limit, unit) for i, (f, unit, _, procs) in enumerate(FIELDS) for p, limit in procs]
    return pd.DataFrame(rows, columns=["field_idx", "field", "procedure", "limit", "unit"])


def _monthly_dossier_counts(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Months of the range and the number of dossiers received in each.

    A rising trend with a Tết dip and a COVID-19 dip; 2022-H1 sums to exactly 566.
    """
    months = np.arange(START.astype("datetime64[M]"), END.astype("datetime64[M]") + 1)
    mean = 78.0 + 1.6 * np.arange(len(months))
    factor = {
        "2021-02": 0.62,
        "2021-08": 0.55,
        "2021-09": 0.6,
        "2022-01": 0.9,
        "2022-02": 0.6,
        "2023-01": 0.62,
        "2023-02": 0.9,
        "2021-12": 1.1,
        "2022-12": 1.12,
    }
    for month, f in factor.items():
        mean[months == np.datetime64(month)] *= f
    counts = rng.poisson(mean)
    h1 = (months >= np.datetime64("2022-01")) & (months <= np.datetime64("2022-06"))
    counts[h1] = rng.multinomial(HS_H1_RECEIVED, mean[h1] / mean[h1].sum())
    return months, counts


def _received_dates(rng: np.random.Generator, months: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``counts[i]`` working days drawn uniformly within ``months[i]``, sorted."""
    days = business_days(START, END)
    first = np.searchsorted(days.astype("datetime64[M]"), months)
    size = np.diff(np.append(first, len(days)))
    month_of = np.repeat(np.arange(len(months)), counts)
    picked = days[first[month_of] + (rng.random(len(month_of)) * size[month_of]).astype(int)]
    return np.sort(picked)


def _choose_fields(rng: np.random.Generator, half: np.ndarray) -> np.ndarray:
    """Field index of each dossier: random shares, exact counts in 2022-H1."""
    shares = np.array([f[2] for f in FIELDS])
    out = rng.choice(len(FIELDS), size=len(half), p=shares / shares.sum())
    in_h1 = np.flatnonzero(half == H1_2022)
    fixed = {FIELD_NAMES.index(k): v for k, v in HS_H1_FIELDS.items()}
    others = np.array([i for i in range(len(FIELDS)) if i not in fixed])
    rest = len(in_h1) - sum(fixed.values())
    block = np.concatenate(
        [
            np.repeat(list(fixed), list(fixed.values())),
            rng.choice(others, size=rest, p=shares[others] / shares[others].sum()),
        ]
    )
    out[in_h1] = rng.permutation(block)
    return out


def _pick_procedures(rng: np.random.Generator, field_idx: np.ndarray, procs: pd.DataFrame) -> np.ndarray:
    """Row of :func:`_procedures` for each dossier, uniform within its field."""
    first = procs.groupby("field_idx").cumcount().eq(0).to_numpy().nonzero()[0]
    size = procs.groupby("field_idx").size().to_numpy()
    return first[field_idx] + (rng.random(len(field_idx)) * size[field_idx]).astype(int)


def _outcomes(rng: np.random.Generator, half: np.ndarray, due: np.ndarray) -> np.ndarray:
    """0 early, 1 on time, 2 late; 2022-H1 has exactly 32 on time and no late.

    A dossier with no due date is on time by definition. In 2022-H1 the
    on-time dossiers that have a due date are chosen among those due by
    30/06/2022, so they can be resolved on the due date inside the half-year.
    """
    probs = np.array(OUTCOMES)[half]
    u = rng.random(len(half))
    cat = (u[:, None] > np.cumsum(probs, axis=1)[:, :2]).sum(axis=1)
    no_due = np.isnat(due)
    cat[no_due] = 1
    in_h1 = half == H1_2022
    n_no_due = int((in_h1 & no_due).sum())
    if n_no_due > HS_H1_ON_TIME:
        raise RuntimeError("too many dossiers without a due date in 2022-H1 for this seed")
    cat[in_h1] = 0
    cat[in_h1 & no_due] = 1
    candidates = np.flatnonzero(in_h1 & ~no_due & (due <= E))
    cat[rng.choice(candidates, size=HS_H1_ON_TIME - n_no_due, replace=False)] = 1
    return cat


def _resolution_dates(rng: np.random.Generator, received, due, limit, cat) -> np.ndarray:
    """Resolution date from the outcome, clipped so that the reference holds.

    Early: 0 to limit-1 working days after receipt (before the due date).
    On time: the due date, or 2-15 working days when there is none.
    Late: 1 to 80 working days after the due date.
    Dossiers received in 2021 are all resolved in 2021 (nothing is carried
    over into 2022); those received in 2022-H1 are resolved by 30/06/2022;
    a date after the end of the sample means not yet resolved.
    """
    n = len(received)
    frac = rng.beta(2.0, 2.5, size=n)
    early_k = np.minimum((frac * limit).astype(int), np.maximum(limit - 1, 0))
    no_due_k = rng.integers(2, 16, size=n)
    late_k = np.minimum(1 + rng.geometric(0.1, size=n), 80)
    safe_due = np.where(np.isnat(due), received, due)
    resolved = np.where(
        cat == 0,
        _busday_add(received, early_k),
        np.where(
            cat == 1,
            np.where(np.isnat(due), _busday_add(received, no_due_k), safe_due),
            _busday_add(safe_due, late_k),
        ),
    )
    resolved = resolved.astype("datetime64[D]")
    y2021 = received < S
    resolved[y2021] = np.minimum(resolved[y2021], np.datetime64("2021-12-31"))
    in_h1 = (received >= S) & (received <= E)
    resolved[in_h1] = np.minimum(resolved[in_h1], E)
    resolved[resolved > END] = np.datetime64("NaT")
    return resolved


def _withdrawn(rng: np.random.Generator) -> pd.DataFrame:
    """A few withdrawn dossiers per half-year (exactly 4 in 2022-H1, outside the fields
    the reference counts)."""
    counts = rng.poisson(5, size=len(HALVES))
    counts[H1_2022] = HS_H1_WITHDRAWN
    parts = [_pick_days(rng, h[1], h[2], int(c)) for h, c in zip(HALVES, counts)]
    received = np.concatenate(parts)
    half = np.repeat(np.arange(len(HALVES)), counts)
    excluded = [FIELD_NAMES.index(k) for k in HS_H1_FIELDS]
    allowed = np.array([i for i in range(len(FIELDS)) if i not in excluded])
    field_idx = np.where(
        half == H1_2022, rng.choice(allowed, size=len(half)), rng.choice(len(FIELDS), size=len(half))
    )
    return pd.DataFrame({"received": received, "half": half, "field_idx": field_idx})


def dossiers(rng: np.random.Generator) -> pd.DataFrame:
    """The ``ho_so`` records, canonical column names, sorted by receipt date."""
    procs = _procedures()
    months, counts = _monthly_dossier_counts(rng)
    received = _received_dates(rng, months, counts)
    half = _half_of(received)
    field_idx = _choose_fields(rng, half)
    wd = _withdrawn(rng)
    received = np.concatenate([received, wd["received"].to_numpy()])
    half = np.concatenate([half, wd["half"].to_numpy()])
    field_idx = np.concatenate([field_idx, wd["field_idx"].to_numpy()])
    withdrawn = np.arange(len(received)) >= len(received) - len(wd)

    proc = _pick_procedures(rng, field_idx, procs)
    limit = procs["limit"].to_numpy()[proc]
    due = np.where(limit > 0, _busday_add(received, limit), np.datetime64("NaT")).astype("datetime64[D]")
    # withdrawn dossiers take no part in the 2022-H1 quotas (drawn as if in 2021-H1)
    cat = _outcomes(rng, np.where(withdrawn, 0, half), due)
    resolved = _resolution_dates(rng, received, due, limit, cat)
    resolved[withdrawn] = np.datetime64("NaT")

    unit = procs["unit"].to_numpy()[proc]
    unit = np.where(rng.random(len(unit)) < CENTRE_SHARE, CENTRE, unit)
    online, post = np.array(CHANNEL_ONLINE)[half], np.array(CHANNEL_POST)[half]
    u = rng.random(len(half))
    channel = np.where(u < online, "Trực tuyến", np.where(u < online + post, "Bưu chính", "Trực tiếp"))
    status = np.where(withdrawn, WITHDRAWN_STATUS, np.where(np.isnat(resolved), STATUS_OPEN, STATUS_DONE))
    frame = pd.DataFrame(
        {
            "field": np.array(FIELD_NAMES)[field_idx],
            "procedure": procs["procedure"].to_numpy()[proc],
            "unit": np.array(UNITS)[unit],
            "channel": channel,
            "received_date": received.astype("datetime64[ns]"),
            "due_date": due.astype("datetime64[ns]"),
            "resolved_date": resolved.astype("datetime64[ns]"),
            "status": status,
        }
    )
    frame = frame.sort_values("received_date", kind="stable").reset_index(drop=True)
    seq = frame.groupby("received_date").cumcount() + 1
    frame.insert(
        0,
        "dossier_id",
        "000.00.01.H99-" + frame["received_date"].dt.strftime("%y%m%d") + "-" + seq.map("{:04d}".format),
    )
    return frame


# --- tasks (nhiem_vu) ---------------------------------------------------------

GOV_SOURCES = ("Chính phủ", "Thủ tướng Chính phủ")
TASK_ACTIONS = (
    "Triển khai thực hiện",
    "Tham mưu UBND tỉnh ban hành kế hoạch thực hiện",
    "Báo cáo kết quả thực hiện",
    "Rà soát, đánh giá tình hình",
    "Kiểm tra, đôn đốc",
    "Tổng hợp, đề xuất giải pháp về",
)
GOV_TOPICS = (
    "cải thiện môi trường kinh doanh, nâng cao năng lực cạnh tranh quốc gia",
    "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030",
    "cắt giảm, đơn giản hóa thủ tục hành chính, điều kiện kinh doanh",
    "cung cấp dịch vụ công trực tuyến toàn trình",
    "Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử",
    "giải ngân vốn đầu tư công",
    "phòng, chống dịch COVID-19 và phục hồi kinh tế",
    "chế độ báo cáo trên Hệ thống thông tin báo cáo Chính phủ",
    "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "chống khai thác hải sản bất hợp pháp, không báo cáo và không theo quy định",
    "sắp xếp lại, xử lý nhà, đất thuộc sở hữu nhà nước",
    "Chương trình phục hồi và phát triển kinh tế - xã hội",
    "phát triển Chính phủ điện tử hướng tới Chính phủ số",
    "thực hành tiết kiệm, chống lãng phí",
    "bảo đảm trật tự, an toàn giao thông",
)
PROVINCE_TOPICS = (
    "công tác chuẩn bị phiên họp thường kỳ của UBND tỉnh",
    "xử lý kiến nghị của doanh nghiệp về thủ tục đất đai",
    "tiến độ các công trình trọng điểm của tỉnh",
    "công tác phòng, chống thiên tai và tìm kiếm cứu nạn",
    "kết quả kiểm tra công tác cải cách hành chính tại các sở, ngành",
    "công tác tiếp công dân, giải quyết khiếu nại, tố cáo",
    "nâng cao Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
    "vận hành Trung tâm giám sát, điều hành thông minh của tỉnh",
    "chuẩn bị nội dung kỳ họp Hội đồng nhân dân tỉnh",
    "tổ chức Hội nghị xúc tiến đầu tư của tỉnh",
    "công tác quản lý nhà nước về du lịch",
    "sắp xếp đơn vị hành chính cấp xã",
)
GOV_DOC_SUFFIXES = ("NQ-CP", "CĐ-TTg", "TTg-KTTH", "TTg-KSTT", "VPCP-ĐMDN", "VPCP-KSTT")
PROVINCE_DOC_SUFFIXES = ("UBND-KT", "UBND-TH", "UBND-NC", "UBND-KGVX", "TB-VP")

#: The office's own yearly CCHC plans: (assigning doc, assigned date, year).
OFFICE_PLAN_TITLES = (
    ("Ban hành Kế hoạch tuyên truyền cải cách hành chính năm {y}", "01-31", "01-21"),
    ("Ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm {y}", "01-31", "01-14"),
    ("Tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {py}", "04-15", "04-05"),
    (
        "Rà soát, cập nhật danh mục thủ tục hành chính thực hiện tại Trung tâm Phục vụ hành chính công",
        "06-30",
        "06-20",
    ),
    ("Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 năm {y}", "01-31", "01-14"),
    ("Ban hành Kế hoạch theo dõi tình hình thi hành pháp luật năm {y}", "02-28", "02-21"),
    ("Rà soát bản mô tả công việc và khung năng lực vị trí việc làm", "03-31", "02-10"),
    ("Cử công chức, viên chức đi đào tạo, bồi dưỡng theo kế hoạch năm {y}", "03-31", "03-08"),
    ("Ban hành Quy chế chi tiêu nội bộ năm {y}", "02-28", "02-09"),
    ("Ban hành Kế hoạch ứng dụng công nghệ thông tin, phát triển chính quyền số năm {y}", "02-28", "02-16"),
    ("Khảo sát mức độ hài lòng của tổ chức, cá nhân đối với giải quyết thủ tục hành chính", "06-30", "06-09"),
    ("Báo cáo công tác cải cách hành chính quý I và 06 tháng đầu năm {y}", "06-20", "06-16"),
    ("Tổ chức đối thoại giữa Chánh Văn phòng với công chức, viên chức, người lao động", "06-30", "06-22"),
    ("Rà soát, sửa đổi Quy chế hoạt động của Trung tâm Phục vụ hành chính công", "09-30", "11-15"),
)
OFFICE_PLAN_UNITS = (6, 6, 4, 7, 4, 2, 4, 4, 5, 0, 7, 4, 4, 7)
OFFICE_PLANS = (
    ("05/KH-VP", "2021-01-04", 2021),
    ("1147/KH-VP", "2021-12-31", 2022),
    ("1216/KH-VP", "2022-12-30", 2023),
)
#: Days by which an item of a year's plan was finished later than the usual date
#: (2021: two items late; 2023: a slower first half-year than 2022).
OFFICE_PLAN_DELAYS = {2021: {2: 9, 7: 9}, 2023: {3: 40, 6: 120, 9: 150, 10: 35}}
#: The last item of the 2023 plan (the 2022 one was done in November 2022).
OFFICE_PLAN_2023_LAST = "Triển khai mô hình Bộ phận Một cửa hiện đại tại Trung tâm Phục vụ hành chính công"

PLAN_248 = (
    (
        "Rà soát, công bố danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của UBND tỉnh, "
        "Chủ tịch UBND tỉnh",
        "2022-06-30",
        "2022-06-20",
    ),
    (
        "Báo cáo công tác kiểm soát thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông "
        "quý I/2022",
        "2022-04-25",
        "2022-04-21",
    ),
    (
        "Tổng hợp, báo cáo kết quả thực hiện công tác cải cách hành chính năm 2022 của tỉnh",
        "2022-12-15",
        "2022-12-12",
    ),
)
PLAN_39 = (
    "Nâng cao chất lượng giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công",
    "Đẩy mạnh số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Vận hành Hệ thống thông tin báo cáo của tỉnh kết nối Hệ thống thông tin báo cáo Chính phủ",
    "Hiện đại hóa hoạt động của Văn phòng theo hướng chính quyền số",
    "Kiện toàn tổ chức bộ máy Văn phòng theo hướng tinh gọn, hiệu lực, hiệu quả",
)
PLAN_174 = (
    "Công khai thông tin chỉ đạo, điều hành trên Cổng thông tin điện tử tỉnh",
    "Duy trì đường dây nóng tiếp nhận phản ánh, kiến nghị của doanh nghiệp",
    "Theo dõi, đôn đốc giải quyết kiến nghị của doanh nghiệp sau hội nghị đối thoại",
    "Tiếp nhận, trả kết quả thủ tục hành chính đúng hẹn tại Trung tâm Phục vụ hành chính công",
    "Niêm yết công khai thủ tục hành chính tại Trung tâm Phục vụ hành chính công",
    "Thực hiện khảo sát sự hài lòng của người dân, tổ chức (SIPAS)",
    "Hỗ trợ người dân nộp hồ sơ trực tuyến tại Trung tâm Phục vụ hành chính công",
    "Theo dõi, tổng hợp kết quả Chỉ số cải cách hành chính (PAR INDEX) của tỉnh",
    "Theo dõi, tổng hợp kết quả Chỉ số hiệu quả quản trị và hành chính công (PAPI)",
    "Theo dõi, tổng hợp kết quả Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
    "Rà soát, đơn giản hóa quy trình nội bộ giải quyết thủ tục hành chính",
    "Cập nhật, công khai tiến độ giải quyết hồ sơ trên Cổng dịch vụ công của tỉnh",
    "Thực hiện thanh toán trực tuyến phí, lệ phí thủ tục hành chính",
)

#: Government tasks in scope in 2022-H1 (reference): completed on time, completed late,
#: in progress overdue, in progress not yet due (of which some with no deadline).
NV_H1 = {"on_time": 12, "late": 5, "overdue": 7, "not_due": 21, "no_deadline": 12}
NV_GOV_BEFORE = 46  # government tasks completed in 2021 (out of the 2022-H1 scope)
NV_GOV_AFTER = 58  # government tasks assigned after 30/06/2022
NV_PROVINCE = 236  # other tasks from UBND tỉnh / Chủ tịch UBND tỉnh


@dataclass
class TaskBlock:
    """Columns of a block of tasks (numpy arrays of equal length)."""

    title: np.ndarray
    source: np.ndarray
    doc: np.ndarray
    unit: np.ndarray
    assigned: np.ndarray
    due: np.ndarray
    completed: np.ndarray
    note: np.ndarray = field(default=None)

    def frame(self) -> pd.DataFrame:
        n = len(self.title)
        return pd.DataFrame(
            {
                "title": self.title,
                "source": self.source,
                "assigning_doc": self.doc,
                "unit": self.unit,
                "assigned_date": self.assigned.astype("datetime64[ns]"),
                "due_date": self.due.astype("datetime64[ns]"),
                "completed_date": self.completed.astype("datetime64[ns]"),
                "note": self.note if self.note is not None else np.full(n, ""),
            }
        )


def _nat(n: int) -> np.ndarray:
    return np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")


def _dates(values) -> np.ndarray:
    return np.array(values, dtype="datetime64[D]")


def _task_titles(rng: np.random.Generator, topics: tuple[str, ...], n: int) -> np.ndarray:
    actions = np.array(TASK_ACTIONS)[rng.integers(0, len(TASK_ACTIONS), n)]
    chosen = np.array(topics)[rng.integers(0, len(topics), n)]
    return (pd.Series(actions) + " " + pd.Series(chosen)).to_numpy(dtype=object)


def _task_units(rng: np.random.Generator, n: int) -> np.ndarray:
    w = np.array([0.3, 0.28, 0.14, 0.14, 0.05, 0.03, 0.03, 0.03, 0.0])
    return np.array(UNITS)[rng.choice(len(UNITS), size=n, p=w / w.sum())]


def _gov_meta(rng: np.random.Generator, n: int, assigned: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Source and assigning document (``12/NQ-CP``, ``345/TTg-KTTH`` …) of government tasks."""
    suffix_idx = rng.integers(0, len(GOV_DOC_SUFFIXES), n)
    suffix = np.array(GOV_DOC_SUFFIXES)[suffix_idx]
    source = np.where(suffix == "NQ-CP", GOV_SOURCES[0], GOV_SOURCES[1])
    number = np.where(suffix == "NQ-CP", rng.integers(1, 180, n), rng.integers(10, 1200, n))
    day_of_year = (assigned - assigned.astype("datetime64[Y]")).astype(int)
    number = np.maximum(1, (number * (day_of_year + 5) / 370).astype(int))
    doc = pd.Series(number).astype(str) + "/" + pd.Series(suffix)
    return source, doc.to_numpy(dtype=object)


def _generic_outcome(
    rng: np.random.Generator, assigned: np.ndarray, *, p_no_deadline: float, p_late: float, p_open: float
) -> tuple[np.ndarray, np.ndarray]:
    """Due and completion dates of ordinary tasks: most on time, some late, some open."""
    n = len(assigned)
    due = _add_days(assigned, rng.integers(7, 120, n))
    due[rng.random(n) < p_no_deadline] = np.datetime64("NaT")
    u = rng.random(n)
    has_due = ~np.isnat(due)
    span = np.where(has_due, (due - assigned).astype("timedelta64[D]").astype(int) + 1, 1)
    on_time = _add_days(assigned, (rng.random(n) * np.where(has_due, span, 1)).astype(int))
    late = _add_days(np.where(has_due, due, assigned), 1 + rng.geometric(0.04, n))
    no_deadline = _add_days(assigned, rng.integers(10, 200, n))
    completed = _roll(np.where(~has_due, no_deadline, np.where(u < p_late, late, on_time)))
    completed[(u >= p_late) & (u < p_late + p_open)] = np.datetime64("NaT")
    completed[completed > END] = np.datetime64("NaT")
    return due, completed


def _gov_h1_blocks(rng: np.random.Generator) -> TaskBlock:
    """The 57 government tasks in scope in 2022-H1, by construction.

    Completed in [S, E]: 12 on or before the due date, 5 after it. Not
    completed by E: 7 due before E, 21 due on or after E, 12 with no
    deadline; some of those are completed later, in 2022-H2 or 2023.
    """
    k = NV_H1
    # completed in the half-year
    n_done = k["on_time"] + k["late"]
    assigned = _pick_days(rng, "2021-06-01", "2022-05-31", n_done)
    start = np.maximum(assigned, S)
    late = np.arange(n_done) >= k["on_time"]
    late = rng.permutation(late)
    room = (E - start).astype(int)  # at least 30 days
    completed = _roll(_add_days(start, 1 + (rng.random(n_done) * room).astype(int)))
    completed = np.minimum(completed, E)  # E is a working day: rolling never passes it
    due_on_time = _add_days(completed, rng.integers(0, 60, n_done))
    gap = (completed - assigned).astype(int)  # >= 1
    due_late = _add_days(assigned, (rng.random(n_done) * gap).astype(int))
    due_done = np.where(late, due_late, due_on_time).astype("datetime64[D]")

    # in progress at E
    n_over, n_notdue, n_nodl = k["overdue"], k["not_due"], k["no_deadline"]
    n_open = n_over + n_notdue + n_nodl
    a_over = _pick_days(rng, "2021-09-01", "2022-04-29", n_over)
    d_over = _add_days(a_over, 1 + (rng.random(n_over) * ((E - a_over).astype(int) - 2)).astype(int))
    a_rest = _pick_days(rng, "2021-04-01", "2022-06-30", n_notdue + n_nodl)
    order = rng.permutation(n_notdue + n_nodl)
    a_rest = a_rest[order]
    lo = np.maximum(a_rest[:n_notdue], E)
    d_notdue = _add_days(lo, rng.integers(0, 400, n_notdue))
    assigned_open = np.concatenate([a_over, a_rest])
    due_open = np.concatenate([d_over, d_notdue, _nat(n_nodl)])
    # some are completed later (after E), the rest remain open
    later = _add_days(np.full(n_open, E), rng.integers(10, 360, n_open))
    completed_open = np.where(rng.random(n_open) < 0.45, later, np.datetime64("NaT"))
    completed_open = _roll(completed_open)
    completed_open[completed_open > END] = np.datetime64("NaT")

    assigned_all = np.concatenate([assigned, assigned_open])
    n = len(assigned_all)
    source, doc = _gov_meta(rng, n, assigned_all)
    return TaskBlock(
        title=_task_titles(rng, GOV_TOPICS, n),
        source=source,
        doc=doc,
        unit=_task_units(rng, n),
        assigned=assigned_all,
        due=np.concatenate([due_done, due_open]),
        completed=np.concatenate([completed, completed_open]),
    )


def _gov_other_blocks(rng: np.random.Generator) -> TaskBlock:
    """Government tasks outside the 2022-H1 scope: completed in 2021, or assigned after E."""
    a_before = _pick_days(rng, "2021-01-04", "2021-10-29", NV_GOV_BEFORE)
    due_b, comp_b = _generic_outcome(rng, a_before, p_no_deadline=0.05, p_late=0.2, p_open=0.0)
    comp_b = np.where(np.isnat(comp_b), _add_days(a_before, 60), comp_b).astype("datetime64[D]")
    comp_b = np.minimum(comp_b, np.datetime64("2021-12-31"))
    a_after = _pick_days(rng, "2022-07-01", "2023-06-30", NV_GOV_AFTER)
    due_a, comp_a = _generic_outcome(rng, a_after, p_no_deadline=0.15, p_late=0.15, p_open=0.12)
    assigned = np.concatenate([a_before, a_after])
    n = len(assigned)
    source, doc = _gov_meta(rng, n, assigned)
    return TaskBlock(
        _task_titles(rng, GOV_TOPICS, n),
        source,
        doc,
        _task_units(rng, n),
        assigned,
        np.concatenate([due_b, due_a]),
        np.concatenate([comp_b, comp_a]),
    )


def _province_blocks(rng: np.random.Generator) -> TaskBlock:
    """Ordinary tasks from UBND tỉnh and Chủ tịch UBND tỉnh over the whole range."""
    n = NV_PROVINCE
    assigned = _pick_days(rng, START, END, n, weighted=True)
    due, completed = _generic_outcome(rng, assigned, p_no_deadline=0.08, p_late=0.16, p_open=0.06)
    is_chair = rng.random(n) < 0.45
    source = np.where(is_chair, "Chủ tịch UBND tỉnh", "UBND tỉnh")
    suffix = np.where(is_chair, "TB-VP", np.array(PROVINCE_DOC_SUFFIXES[:4])[rng.integers(0, 4, n)])
    day_of_year = (assigned - assigned.astype("datetime64[Y]")).astype(int)
    number = 1 + (day_of_year * rng.uniform(8.0, 12.0, n)).astype(int)
    doc = (pd.Series(number).astype(str) + "/" + pd.Series(suffix)).to_numpy(dtype=object)
    title = _task_titles(rng, PROVINCE_TOPICS, n)
    return TaskBlock(title, source, doc, _task_units(rng, n), assigned, due, completed)


def _plan_blocks() -> TaskBlock:
    """The named plans the reference reports on (tiny fixed sets; no randomness)."""
    titles, sources, docs, units, assigned, due, completed = [], [], [], [], [], [], []
    for doc, day, year in OFFICE_PLANS:
        for i, (title, due_md, done_md) in enumerate(OFFICE_PLAN_TITLES):
            if year == 2021 and i == len(OFFICE_PLAN_TITLES) - 1:
                continue  # the 2021 plan had 13 items
            if year == 2023 and i == len(OFFICE_PLAN_TITLES) - 1:
                title = OFFICE_PLAN_2023_LAST
            titles.append(title.format(y=year, py=year - 1))
            sources.append("Văn phòng")
            docs.append(doc)
            units.append(UNITS[OFFICE_PLAN_UNITS[i]])
            assigned.append(day)
            due.append(f"{year}-{due_md}")
            done = np.datetime64(f"{year}-{done_md}") + OFFICE_PLAN_DELAYS.get(year, {}).get(i, 0)
            done = np.busday_offset(done, 0, roll="forward", busdaycal=CALENDAR)
            completed.append(done if done <= END else np.datetime64("NaT"))
    for title, due_day, done_day in PLAN_248:
        titles.append(title), sources.append("UBND tỉnh"), docs.append("248/KH-UBND")
        units.append(UNITS[CENTRE] if "thủ tục" in title else UNITS[0])
        assigned.append("2021-12-31"), due.append(due_day), completed.append(done_day)
    for i, title in enumerate(PLAN_39):
        titles.append(title), sources.append("UBND tỉnh"), docs.append("39/KH-UBND")
        units.append(UNITS[(7, 7, 0, 0, 4)[i]])
        assigned.append("2022-02-23"), due.append("2025-12-31"), completed.append("NaT")
    for i, title in enumerate(PLAN_174):
        titles.append(title), sources.append("UBND tỉnh"), docs.append("174/KH-UBND")
        units.append(UNITS[(0, 1, 1, 7, 7, 7, 7, 0, 0, 1, 7, 7, 7)[i]])
        assigned.append("2021-09-20"), due.append("NaT"), completed.append("NaT")
    n = len(titles)
    return TaskBlock(
        np.array(titles, dtype=object),
        np.array(sources, dtype=object),
        np.array(docs, dtype=object),
        np.array(units, dtype=object),
        _dates(assigned),
        _dates(due),
        _dates(completed),
        np.full(n, ""),
    )


def tasks(rng: np.random.Generator) -> pd.DataFrame:
    """The ``nhiem_vu`` records, canonical names plus ``note``, sorted by assignment date."""
    blocks = [_plan_blocks(), _gov_h1_blocks(rng), _gov_other_blocks(rng), _province_blocks(rng)]
    frame = pd.concat([b.frame() for b in blocks], ignore_index=True)
    open_overdue = frame["completed_date"].isna() & (frame["due_date"] < pd.Timestamp(END))
    extended = open_overdue & (rng.random(len(frame)) < 0.4)
    frame["note"] = np.where(
        extended, "Đã đề nghị gia hạn", np.where(open_overdue, "Đang đôn đốc thực hiện", frame["note"])
    )
    frame.loc[frame["due_date"].isna() & frame["assigning_doc"].eq("174/KH-UBND"), "note"] = (
        "Nhiệm vụ thường xuyên"
    )
    frame = frame.sort_values(["assigned_date"], kind="stable").reset_index(drop=True)
    frame.insert(0, "task_id", "NV" + pd.Series(np.arange(1, len(frame) + 1)).map("{:04d}".format))
    return frame


# --- documents (van_ban) ------------------------------------------------------

FORMS = ("Giấy", "Điện tử", "Điện tử kèm giấy")
#: 2022-H1 counts (paper, electronic, electronic with paper) from the reference.
VB_H1 = {"Đi": (0, 8817, 1776), "Đến": (2684, 12567, 4009)}
#: Mean volumes per half-year (2022-H1 is fixed) and form shares.
VB_MEAN = {"Đi": (9420, 9870, None, 11240, 11610), "Đến": (17150, 18020, None, 20310, 20880)}
VB_SHARES = {
    "Đi": ((0.06, 0.68, 0.26), (0.03, 0.74, 0.23), None, (0.0, 0.87, 0.13), (0.0, 0.91, 0.09)),
    "Đến": ((0.20, 0.55, 0.25), (0.17, 0.60, 0.23), None, (0.11, 0.70, 0.19), (0.08, 0.76, 0.16)),
}
#: Share of outgoing electronic documents digitally signed, by half-year.
VB_SIGNED = (0.93, 0.985, 1.0, 1.0, 1.0)
#: Share of documents handled by each unit (sent from, or assigned to).
VB_UNIT_WEIGHTS = {
    "Đi": (0.30, 0.22, 0.13, 0.12, 0.10, 0.06, 0.03, 0.035, 0.005),
    "Đến": (0.32, 0.24, 0.12, 0.12, 0.08, 0.05, 0.03, 0.035, 0.005),
}
#: Outgoing document types: (number pattern, summary prefix, share).
VB_OUT_TYPES = (
    ("VP-{unit}", "V/v ", 0.62),
    ("BC-VP", "Báo cáo ", 0.10),
    ("TB-VP", "Thông báo ", 0.07),
    ("KH-VP", "Kế hoạch ", 0.04),
    ("QĐ-VP", "Quyết định về ", 0.06),
    ("GM-VP", "Giấy mời họp về ", 0.08),
    ("TTr-VP", "Tờ trình về ", 0.03),
)
VB_IN_SENDERS = (
    "UBND-VP",
    "STC-QLNS",
    "SKHĐT-ĐKKD",
    "STNMT-QLĐĐ",
    "SNV-TCBC",
    "SXD-QLXD",
    "SYT-NVY",
    "SGDĐT-KHTC",
    "SNN-KH",
    "SCT-QLTM",
    "BC-CAT",
    "VPCP-KSTT",
    "BNV-CCHC",
    "TTg-KTTH",
    "UBND-KT",
)
VB_TOPICS = (
    "triển khai Kế hoạch cải cách hành chính",
    "kết quả giải quyết thủ tục hành chính",
    "tình hình thực hiện dự toán ngân sách",
    "công tác phòng, chống dịch COVID-19",
    "tiến độ giải ngân vốn đầu tư công",
    "công tác phòng, chống thiên tai",
    "chuẩn bị phiên họp thường kỳ UBND tỉnh",
    "xử lý kiến nghị của doanh nghiệp",
    "công tác tiếp công dân định kỳ",
    "thẩm định dự án đầu tư xây dựng",
    "chuyển mục đích sử dụng đất",
    "giao đất, cho thuê đất",
    "cấp giấy phép khai thác khoáng sản",
    "công tác thi đua, khen thưởng",
    "đào tạo, bồi dưỡng cán bộ, công chức, viên chức",
    "tuyển dụng viên chức",
    "thực hành tiết kiệm, chống lãng phí",
    "quản lý, sử dụng tài sản công",
    "ứng dụng công nghệ thông tin, chuyển đổi số",
    "bảo đảm an toàn thông tin mạng",
    "duy trì Hệ thống quản lý chất lượng ISO 9001:2015",
    "rà soát văn bản quy phạm pháp luật",
    "theo dõi tình hình thi hành pháp luật",
    "công tác dân tộc, tôn giáo",
    "chống khai thác hải sản bất hợp pháp (IUU)",
    "bảo đảm trật tự an toàn giao thông",
    "phát triển du lịch của tỉnh",
    "xây dựng nông thôn mới",
    "công tác giảm nghèo bền vững",
    "chương trình mục tiêu quốc gia",
    "tổ chức hội nghị trực tuyến với Chính phủ",
    "lịch công tác của lãnh đạo UBND tỉnh",
    "công khai thủ tục hành chính",
    "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "cấp phép hoạt động khám bệnh, chữa bệnh",
    "sắp xếp trường, lớp học",
)


def _van_ban_direction(rng: np.random.Generator, direction: str) -> pd.DataFrame:
    """Documents of one direction over all half-years (2022-H1 counts exact)."""
    parts = []
    for h, (_, first, last) in enumerate(HALVES):
        if h == H1_2022:
            counts = np.array(VB_H1[direction])
        else:
            total = rng.poisson(VB_MEAN[direction][h])
            counts = rng.multinomial(total, VB_SHARES[direction][h])
        n = int(counts.sum())
        form = rng.permutation(np.repeat(np.arange(3), counts))
        date = _pick_days(rng, first, last, n, weighted=True)
        w = np.array(VB_UNIT_WEIGHTS[direction])
        unit = rng.choice(len(UNITS), size=n, p=w / w.sum())
        if h == 0:  # the canteen only went paperless in 2021-H2
            no_canteen = w.copy()
            no_canteen[CANTEEN] = 0
            redo = (unit == CANTEEN) & (form > 0)
            unit[redo] = rng.choice(len(UNITS), size=int(redo.sum()), p=no_canteen / no_canteen.sum())
        electronic = form > 0
        signed = electronic & (rng.random(n) < VB_SIGNED[h]) if direction == "Đi" else electronic
        parts.append(pd.DataFrame({"date": date, "form": form, "unit": unit, "signed": signed}))
    frame = pd.concat(parts, ignore_index=True)
    n = len(frame)
    topic = np.array(VB_TOPICS)[rng.integers(0, len(VB_TOPICS), n)]
    if direction == "Đi":
        shares = np.array([t[2] for t in VB_OUT_TYPES])
        kind = rng.choice(len(VB_OUT_TYPES), size=n, p=shares / shares.sum())
        year = frame["date"].to_numpy().astype("datetime64[Y]").astype(int)
        seq = frame.groupby([year, kind == 0]).cumcount() + 1  # two running numbers a year
        pattern = pd.Series(np.array([t[0] for t in VB_OUT_TYPES])[kind])
        suffix = pattern.str.replace("{unit}", "", regex=False) + np.where(
            kind == 0, np.array(UNIT_CODES)[frame["unit"]], ""
        )
        number = seq.astype(str) + "/" + suffix
        prefix = np.array([t[1] for t in VB_OUT_TYPES])[kind]
    else:
        sender = np.array(VB_IN_SENDERS)[rng.integers(0, len(VB_IN_SENDERS), n)]
        number = pd.Series(rng.integers(1, 3500, n)).astype(str) + "/" + pd.Series(sender)
        prefix = np.where(rng.random(n) < 0.8, "V/v ", "Báo cáo ")
    summary = pd.Series(prefix) + pd.Series(topic)
    return pd.DataFrame(
        {
            "doc_number": number.to_numpy(dtype=object),
            "direction": direction,
            "date": frame["date"].to_numpy().astype("datetime64[ns]"),
            "form": np.array(FORMS)[frame["form"]],
            "signed": np.where(frame["signed"], "Có", "Không"),
            "unit": np.array(UNITS)[frame["unit"]],
            "summary": summary.to_numpy(dtype=object),
        }
    )


def documents(rng: np.random.Generator) -> pd.DataFrame:
    """The ``van_ban`` records, outgoing then incoming within each day."""
    frame = pd.concat([_van_ban_direction(rng, "Đi"), _van_ban_direction(rng, "Đến")], ignore_index=True)
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


# --- training (dao_tao) -------------------------------------------------------

FAMILY_NAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Võ",
    "Phan",
    "Trương",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Dương",
    "Lâm",
    "Tô",
    "Hồ",
)
MIDDLE_NAMES = {
    "m": ("Văn", "Minh", "Quốc", "Hữu", "Thanh", "Hoàng", "Đức"),
    "f": ("Thị", "Ngọc", "Thu", "Kim", "Thanh", "Mỹ", "Bích"),
}
GIVEN_NAMES = {
    "m": (
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Hải",
        "Khoa",
        "Long",
        "Nam",
        "Phúc",
        "Quân",
        "Sơn",
        "Tài",
        "Thắng",
        "Trung",
        "Vinh",
    ),
    "f": (
        "Anh",
        "Chi",
        "Diệp",
        "Hà",
        "Hạnh",
        "Hương",
        "Lan",
        "Linh",
        "Mai",
        "Nga",
        "Oanh",
        "Phương",
        "Thảo",
        "Trang",
        "Yến",
    ),
}
N_STAFF = 101

#: Courses: (title, training type, shortest and longest duration in days).
COURSES = (
    ("Trung cấp lý luận chính trị - hành chính", "Lý luận chính trị", 120, 180),
    ("Cao cấp lý luận chính trị", "Lý luận chính trị", 240, 300),
    ("Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 3", "Lý luận chính trị", 10, 14),
    ("Bồi dưỡng ngạch chuyên viên", "Quản lý nhà nước", 30, 45),
    ("Bồi dưỡng ngạch chuyên viên chính", "Quản lý nhà nước", 45, 60),
    ("Bồi dưỡng lãnh đạo, quản lý cấp phòng", "Quản lý nhà nước", 20, 30),
    ("Nghiệp vụ văn thư, lưu trữ", "Bồi dưỡng chuyên môn", 5, 10),
    ("Kỹ năng kiểm soát thủ tục hành chính", "Bồi dưỡng chuyên môn", 3, 5),
    ("Nghiệp vụ công tác văn phòng", "Bồi dưỡng chuyên môn", 5, 7),
    ("Nghiệp vụ tiếp công dân, xử lý đơn thư", "Bồi dưỡng chuyên môn", 3, 5),
    ("Kế toán hành chính sự nghiệp", "Bồi dưỡng chuyên môn", 5, 10),
    ("Tiêu chuẩn TCVN ISO 9001:2015 trong cơ quan hành chính", "Bồi dưỡng chuyên môn", 2, 3),
    ("Tiếng Anh trình độ B1", "Tin học - Ngoại ngữ", 60, 90),
    ("Ứng dụng công nghệ thông tin cơ bản", "Tin học - Ngoại ngữ", 10, 20),
    ("An toàn thông tin mạng", "Tin học - Ngoại ngữ", 3, 5),
    ("Chuyển đổi số trong cơ quan nhà nước", "Tin học - Ngoại ngữ", 2, 3),
)
#: Plan years: (year, records, sent by 30/06 of the year, sent in the second half-year).
DT_PLANS = ((2021, 46, 25, 17), (2022, 51, 30, 15), (2023, 55, 24, 0))
DT_UNPLANNED = 92


def staff(rng: np.random.Generator) -> pd.DataFrame:
    """Fictional staff: id ``CB0001``…, a name built from common name parts, a unit."""
    n = N_STAFF
    female = rng.random(n) < 0.45
    fam = np.array(FAMILY_NAMES)[rng.integers(0, len(FAMILY_NAMES), n)]
    mid = np.where(
        female,
        np.array(MIDDLE_NAMES["f"])[rng.integers(0, 7, n)],
        np.array(MIDDLE_NAMES["m"])[rng.integers(0, 7, n)],
    )
    given = np.where(
        female,
        np.array(GIVEN_NAMES["f"])[rng.integers(0, 15, n)],
        np.array(GIVEN_NAMES["m"])[rng.integers(0, 15, n)],
    )
    name = pd.Series(fam) + " " + pd.Series(mid) + " " + pd.Series(given)
    w = np.array([0.2, 0.18, 0.11, 0.11, 0.12, 0.1, 0.05, 0.1, 0.03])
    unit = np.array(UNITS)[rng.choice(len(UNITS), size=n, p=w / w.sum())]
    return pd.DataFrame(
        {"staff_id": pd.Series(np.arange(1, n + 1)).map("CB{:04d}".format), "full_name": name, "unit": unit}
    )


def trainings(rng: np.random.Generator) -> pd.DataFrame:
    """The ``dao_tao`` records: yearly plans (2022: 51 person-courses, 30 sent by
    30/06/2022) and training outside any plan."""
    people = staff(rng)
    parts = []
    for year, n, first_half, second_half in DT_PLANS:
        sent = np.concatenate(
            [
                _pick_days(rng, f"{year}-01-04", f"{year}-06-30", first_half),
                _pick_days(rng, f"{year}-07-01", f"{year}-12-18", second_half),
                _nat(n - first_half - second_half),
            ]
        )
        parts.append(pd.DataFrame({"plan_year": year, "sent": sent}))
    parts.append(
        pd.DataFrame({"plan_year": pd.NA, "sent": _pick_days(rng, START, END, DT_UNPLANNED, weighted=True)})
    )
    frame = pd.concat(parts, ignore_index=True)
    n = len(frame)
    who = people.iloc[rng.integers(0, len(people), n)].reset_index(drop=True)
    course = rng.integers(0, len(COURSES), n)
    lo = np.array([c[2] for c in COURSES])[course]
    hi = np.array([c[3] for c in COURSES])[course]
    sent = frame["sent"].to_numpy().astype("datetime64[D]")
    completed = _add_days(sent, lo + (rng.random(n) * (hi - lo + 1)).astype(int))
    completed[completed > END] = np.datetime64("NaT")
    out = pd.DataFrame(
        {
            "staff_id": who["staff_id"],
            "full_name": who["full_name"],
            "unit": who["unit"],
            "course": np.array([c[0] for c in COURSES])[course],
            "training_type": np.array([c[1] for c in COURSES])[course],
            "plan_year": frame["plan_year"].astype("Int64"),
            "sent_date": sent.astype("datetime64[ns]"),
            "completed_date": completed.astype("datetime64[ns]"),
        }
    )
    key = out["plan_year"].fillna(9999)
    return (
        out.assign(_k=key)
        .sort_values(["_k", "sent_date", "staff_id"], kind="stable", na_position="last")
        .drop(columns="_k")
        .reset_index(drop=True)
    )


# --- key figures (chi_tieu) ---------------------------------------------------

#: Values per half-year (2021-H1, 2021-H2, 2022-H1, 2022-H2, 2023-H1); 2022-H1 is the reference.
KEY_FIGURES = {
    "ct_cchc_docs_issued": (11, 9, 16, 12, 14),
    "ct_units_inspected": (4, 3, 5, 4, 5),
    "ct_units_total": (9, 9, 9, 9, 9),
    "ct_propaganda_sessions": (1, 2, 1, 2, 2),
    "ct_propaganda_attendees": (52, 88, 45, 96, 104),
    "ct_initiatives_registered": (12, 14, 16, 18, 17),
    "ct_initiatives_cchc": (2, 3, 3, 4, 4),
    "ct_legal_docs_issued": (9, 15, 12, 18, 10),
    "ct_legal_docs_received": (231, 248, 269, 284, 241),
    "ct_procedures_total": (380, 386, 372, 385, 377),
    "ct_procedure_fields": (68, 67, 66, 66, 65),
    "ct_procedures_new": (18, 25, 40, 31, 27),
    "ct_procedures_amended": (9, 11, 14, 22, 16),
    "ct_procedures_abolished": (12, 19, 54, 18, 35),
    "ct_feedback_received": (1, 0, 0, 2, 1),
    "ct_feedback_accounts": (41, 44, 48, 52, 55),
    "ct_org_departments": (6, 6, 6, 6, 6),
    "ct_org_boards": (1, 1, 1, 1, 1),
    "ct_org_centres": (1, 1, 1, 1, 1),
    "ct_org_public_units": (1, 1, 1, 1, 1),
    "ct_staff_quota": (103, 102, 101, 100, 98),
    "ct_staff_admin": (63, 62, 61, 61, 60),
    "ct_staff_public_service": (19, 19, 19, 18, 18),
    "ct_staff_contract_service": (2, 2, 2, 2, 2),
    "ct_staff_contract_68": (19, 19, 19, 19, 18),
    "ct_appointment_decisions": (2, 4, 3, 5, 2),
    "ct_appointment_cases": (5, 9, 10, 12, 4),
    "ct_salary_raise_early": (2, 1, 1, 3, 2),
    "ct_salary_raise_regular": (4, 6, 1, 5, 3),
    "ct_disciplined": (0, 0, 0, 1, 0),
    "ct_it_trainees_province": (42, 55, 68, 37, 74),
    "ct_it_trainees_district": (210, 286, 354, 198, 312),
    "ct_accounts_granted": (318, 412, 505, 561, 609),
    "ct_public_services_integrated": (614, 952, 1278, 1436, 1590),
    "ct_web_posts": (380, 430, 422, 486, 460),
    "ct_web_news": (361, 402, 397, 455, 431),
    "ct_web_articles": (19, 28, 25, 31, 29),
    "ct_web_royalties": (48210500, 55873000, 61935128, 70412650, 66180400),
    "ct_it_spending": (1845600000, 4120750000, 6313329686, 2987450300, 1562980000),
    "ct_email_usage_rate": (97, 98, 100, 100, 100),
    "ct_iso_items_done": (8, 19, 9, 20, 10),
    "ct_iso_items_total": (20, 20, 21, 21, 22),
    "ct_iso_processes_new": (18, 25, 40, 31, 27),
    "ct_iso_processes_amended": (9, 11, 14, 22, 16),
    "ct_satisfaction_rate": (98.6, 99.2, 100, 99.5, 100),
    "ct_reception_computers": (2, 2, 2, 3, 3),
    "ct_reception_printers": (2, 2, 2, 2, 3),
    "ct_reception_scanners": (1, 2, 2, 2, 2),
}
#: A few notes, as an office would write them: (period, code) -> note.
KEY_FIGURE_NOTES = {
    ("2022-H1", "ct_units_inspected"): "Theo Kế hoạch kiểm tra CCHC số 47/KH-VP",
    ("2022-H1", "ct_procedures_total"): "Theo Thông báo danh mục TTHC số 553/TB-VP",
    ("2022-H1", "ct_staff_admin"): "Theo Nghị quyết giao biên chế của HĐND tỉnh",
    ("2022-H1", "ct_iso_items_total"): "Kế hoạch ISO năm 2022",
    ("2022-H1", "ct_satisfaction_rate"): "Tổng hợp phiếu khảo sát quý I và 06 tháng",
    ("2022-H2", "ct_disciplined"): "Hình thức khiển trách",
    ("2023-H1", "ct_reception_printers"): "Bổ sung 01 máy in năm 2023",
}

INSTRUCTIONS = (
    "HƯỚNG DẪN NHẬP CHỈ TIÊU (dữ liệu mẫu hư cấu)",
    "",
    '1. Nhập số liệu ở trang tính "chi_tieu": mỗi dòng là một chỉ tiêu của một kỳ báo cáo.',
    '2. Cột "Kỳ báo cáo": mã kỳ như 2022-H1 (06 tháng đầu năm), 2022-H2, 2022-Q3, 2022.',
    '3. Cột "Mã chỉ tiêu": giữ nguyên mã (ct_...) theo danh mục chỉ tiêu; không đổi tên mã.',
    '4. Cột "Giá trị": chỉ nhập số (không nhập chữ, không nhập dấu chấm phân cách hàng nghìn).',
    "5. Tổng phải bằng các thành phần: biên chế = hành chính + sự nghiệp + hai loại hợp đồng; "
    "tin bài = tin + bài.",
    '6. Cột "Ghi chú" ghi nguồn số liệu (văn bản, kế hoạch) nếu có.',
)


def key_figures() -> pd.DataFrame:
    """The ``chi_tieu`` rows: every entered catalogue ``ct_`` code for every half-year.

    Derived key-figure rates (:data:`cchc.indicators.hand_entered.RATES`) are
    computed from two entered figures, never entered.
    """
    from .indicators.hand_entered import RATES

    catalogue = pd.read_csv(CATALOGUE_FILE, dtype=str, keep_default_na=False)
    catalogue = catalogue[catalogue["family"].eq("chi_tieu") & ~catalogue["code"].isin(list(RATES))]
    missing = set(catalogue["code"]) ^ set(KEY_FIGURES)
    if missing:
        raise RuntimeError(f"catalogue and sample key figures differ: {sorted(missing)}")
    periods = [h[0] for h in HALVES]
    values = np.array([KEY_FIGURES[c] for c in catalogue["code"]], dtype=float)
    frame = pd.DataFrame(
        {
            "period": np.repeat(periods, len(catalogue)),
            "code": np.tile(catalogue["code"].to_numpy(), len(periods)),
            "label": np.tile(catalogue["label"].to_numpy(), len(periods)),
            "value": values.T.ravel(),
            "unit": np.tile(catalogue["unit"].to_numpy(), len(periods)),
        }
    )
    keys = list(zip(frame["period"], frame["code"]))
    frame["note"] = [KEY_FIGURE_NOTES.get(k, "") for k in keys]  # 240 rows
    return frame


# --- all datasets -------------------------------------------------------------


def build_sample(seed: int = SEED) -> dict[str, pd.DataFrame]:
    """Every dataset of the sample as a frame with canonical column names.

    Each dataset draws from its own stream of ``SeedSequence(seed)`` so that
    changing one dataset's generator leaves the others unchanged.
    """
    streams = [np.random.Generator(np.random.PCG64(s)) for s in np.random.SeedSequence(seed).spawn(4)]
    return {
        "ho_so": dossiers(streams[0]),
        "nhiem_vu": tasks(streams[1]),
        "van_ban": documents(streams[2]),
        "dao_tao": trainings(streams[3]),
        "chi_tieu": key_figures(),
    }


# --- writing ------------------------------------------------------------------


@dataclass
class Sheet:
    """One worksheet to write: a frame with Vietnamese headers and its layout."""

    name: str
    frame: pd.DataFrame
    titles: tuple[str, ...] = ()
    widths: dict[str, float] = field(default_factory=dict)


def _headers(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Rename canonical columns to the contract's Vietnamese headers."""
    dataset = DATASETS[name]
    mapping = {c.name: c.header for c in dataset.columns}
    mapping["note"] = "Ghi chú"
    mapping["full_name"] = "Họ và tên"  # personal data an HR list carries; cchc never reads it
    return frame.rename(columns=mapping)


def _excel_serial(values: pd.Series) -> list:
    """Dates as Excel serial day numbers (None when empty)."""
    days = (values.to_numpy().astype("datetime64[D]") - np.datetime64("1899-12-30")).astype(float)
    days[values.isna().to_numpy()] = np.nan
    return [None if d != d else d for d in days.tolist()]


def _cells(values: pd.Series) -> list:
    """A column as a list of Python cells for XlsxWriter (None when empty)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return _excel_serial(values)
    if pd.api.types.is_numeric_dtype(values):
        return [None if pd.isna(v) else float(v) for v in values.astype("Float64").tolist()]
    return [None if (v is None or v is pd.NA or v == "") else str(v) for v in values.tolist()]


def _write_cells(ws, first_row: int, col: int, cells: list, fmt, *, numeric: bool) -> None:
    """Write one column cell by cell with the typed XlsxWriter call (empty cells skipped).

    Calling ``write_number``/``write_string`` directly rather than
    ``write_column`` skips XlsxWriter's per-cell type dispatch (about a third
    faster on the 150 000 document rows).
    """
    write = ws.write_number if numeric else ws.write_string
    for row, value in enumerate(cells, start=first_row):
        if value is not None:
            write(row, col, value, fmt)


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    """Build a workbook in memory: title rows, a bold header, date cells as dd/mm/yyyy."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties(WORKBOOK_PROPERTIES)
    title_fmt = workbook.add_format({"bold": True, "font_size": 13})
    header_fmt = workbook.add_format(
        {"bold": True, "border": 1, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "vcenter"}
    )
    date_fmt = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for sheet in sheets:
        ws = workbook.add_worksheet(sheet.name)
        frame = sheet.frame
        for r, text in enumerate(sheet.titles):
            if text:  # a text-only sheet has one title line, then plain lines
                ws.write_string(r, 0, text, title_fmt if r == 0 or len(frame.columns) else None)
        if not len(frame.columns):  # a text-only sheet (instructions)
            ws.set_column(0, 0, sheet.widths.get("", 110))
            continue
        header_row = len(sheet.titles) + (1 if sheet.titles else 0)
        for c, column in enumerate(frame.columns):
            ws.write_string(header_row, c, str(column), header_fmt)
            values = frame[column]
            is_date = pd.api.types.is_datetime64_any_dtype(values)
            fmt = date_fmt if is_date else None
            _write_cells(
                ws,
                header_row + 1,
                c,
                _cells(values),
                fmt,
                numeric=is_date or pd.api.types.is_numeric_dtype(values),
            )
            width = sheet.widths.get(column, 12 if is_date else max(10, min(48, len(str(column)) + 4)))
            ws.set_column(c, c, width)
        if len(frame):
            ws.autofilter(header_row, 0, header_row + len(frame), len(frame.columns) - 1)
        ws.freeze_panes(header_row + 1, 0)
    workbook.close()
    return buffer.getvalue()


def csv_bytes(frame: pd.DataFrame, *, sep: str, bom: bool) -> bytes:
    """CSV text: dates as dd/mm/yyyy, empty cells empty, ``\\r\\n`` line endings, UTF-8."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%d/%m/%Y").fillna("")
        elif isinstance(out[column].dtype, pd.Int64Dtype):
            out[column] = out[column].astype("string").fillna("")
    text = out.to_csv(index=False, sep=sep, lineterminator=CSV_NEWLINE)
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` then rename it into place
    (a reader never sees half a file; permissions follow the umask)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def sample_files(frames: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """File name -> content of every sample file, showing the formats the contract accepts."""
    files: dict[str, bytes] = {}
    ho_so = _headers("ho_so", frames["ho_so"])
    year = frames["ho_so"]["received_date"].dt.year
    widths_hs = {"Mã hồ sơ": 27, "Lĩnh vực": 26, "Thủ tục": 48, "Đơn vị": 32, "Trạng thái": 16}
    for y in (2021, 2022):
        files[f"ho_so_{y}.xlsx"] = xlsx_bytes([Sheet("Hồ sơ", ho_so[year.eq(y)], widths=widths_hs)])
    files["ho_so_2023.csv"] = csv_bytes(ho_so[year.eq(2023)], sep=",", bom=True)

    nv = _headers("nhiem_vu", frames["nhiem_vu"])
    nv.insert(0, "STT", np.arange(1, len(nv) + 1))
    files["nhiem_vu.xlsx"] = xlsx_bytes(
        [
            Sheet(
                "Nhiệm vụ",
                nv,
                titles=(f"VĂN PHÒNG UBND TỈNH {PROVINCE.upper()}", "DANH SÁCH NHIỆM VỤ ĐƯỢC GIAO"),
                widths={
                    "STT": 6,
                    "Nội dung": 70,
                    "Nguồn giao": 20,
                    "Văn bản giao": 16,
                    "Đơn vị chủ trì": 30,
                    "Ghi chú": 24,
                },
            )
        ]
    )

    vb = _headers("van_ban", frames["van_ban"])
    year = frames["van_ban"]["date"].dt.year
    widths_vb = {"Số ký hiệu": 16, "Loại": 8, "Hình thức": 18, "Ký số": 8, "Đơn vị": 32, "Trích yếu": 60}
    for y in (2021, 2022, 2023):
        files[f"van_ban_{y}.xlsx"] = xlsx_bytes([Sheet("Văn bản", vb[year.eq(y)], widths=widths_vb)])

    files["dao_tao.csv"] = csv_bytes(_headers("dao_tao", frames["dao_tao"]), sep=";", bom=False)

    ct = _headers("chi_tieu", frames["chi_tieu"])
    files["chi_tieu.xlsx"] = xlsx_bytes(
        [
            Sheet("Hướng dẫn", pd.DataFrame(), titles=INSTRUCTIONS),
            Sheet(
                "chi_tieu", ct, widths={"Mã chỉ tiêu": 28, "Tên chỉ tiêu": 60, "Giá trị": 18, "Ghi chú": 40}
            ),
        ]
    )
    return files


#: Hand-written files of the sample (settings, narrative, README), shipped with the package.
EXTRAS_DIR = Path(__file__).resolve().parent / "sample_files"
#: The file listing what :func:`write_sample` wrote in a folder (relative path -> SHA-256).
MARKER = ".cchc-sample"


class SampleTargetError(Exception):
    """The target folder holds files the sample did not write; nothing was written (exit 2)."""

    exit_code = 2

    def __init__(self, folder: Path, foreign: list[str]):
        self.folder, self.foreign = folder, foreign
        shown = ", ".join(foreign[:10]) + (f" … (+{len(foreign) - 10})" if len(foreign) > 10 else "")
        super().__init__(
            f"Không ghi dữ liệu mẫu vào '{folder}': thư mục có {len(foreign)} tệp không do lệnh "
            f"`cchc sample` ghi ra (hoặc đã bị sửa): {shown}. Dữ liệu mẫu hư cấu không được trộn với "
            "hay đè lên dữ liệu thật; hãy chọn một thư mục trống, ví dụ `cchc sample --out mau/`.\n"
            f"(Refusing to write the sample into '{folder}': it holds {len(foreign)} file(s) "
            f"`cchc sample` did not write (or that changed since): {shown}. Fictional sample data is "
            "never mixed with or written over real data; choose an empty folder.)"
        )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def extra_files() -> dict[str, bytes]:
    """Relative path (``/``-separated) -> content of the sample's hand-written files."""
    return {
        p.relative_to(EXTRAS_DIR).as_posix(): p.read_bytes()
        for p in sorted(EXTRAS_DIR.rglob("*"))
        if p.is_file()
    }


def _recorded(folder: Path) -> dict[str, str]:
    """The marker's relative path -> SHA-256 (empty when absent or unreadable)."""
    try:
        files = json.loads((folder / MARKER).read_text(encoding="utf-8"))["files"]
        return {str(k): str(v) for k, v in files.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def foreign_files(folder: Path, about_to_write: dict[str, bytes] | None = None) -> list[str]:
    """Files under ``folder`` the sample did not write, as relative paths.

    A file is the sample's when the marker lists it with its current SHA-256,
    or when it is byte-identical to what is about to be written (a rewrite
    that an interrupted run left half done). Hidden files and Office lock
    files (``~$…``) are not data and are not counted.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    recorded = _recorded(folder)
    planned = {name: _sha256(data) for name, data in (about_to_write or {}).items()}
    foreign = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith((".", "~$")) for part in rel.parts) or not path.is_file():
            continue
        name = rel.as_posix()
        known = {recorded.get(name), planned.get(name)} - {None}
        if not known or _sha256(path.read_bytes()) not in known:
            foreign.append(name)
    return foreign


def write_sample(raw_dir: Path, *, seed: int = SEED) -> list[Path]:
    """Write a complete, runnable sample data folder into ``raw_dir``; return the files' paths.

    The folder gets the spreadsheets, the report settings (``bao_cao.toml``),
    the narrative (``narrative/``) and a README, each written atomically,
    then the marker :data:`MARKER` listing every file with its SHA-256. The
    same seed gives byte-identical files. ``cchc run --data raw_dir`` runs
    on it as is.

    Parameters
    ----------
    raw_dir
        Destination folder, created if missing (normally ``data/raw``).
    seed
        Seed of the random streams; the committed sample uses :data:`SEED`.
        Any seed reproduces the reference figures for 2022-H1.

    Raises
    ------
    SampleTargetError
        ``raw_dir`` holds a file the sample did not write, or one of its
        files changed since (:func:`foreign_files`): real exports are never
        overwritten nor mixed with the fictional data. Nothing is written.
    """
    raw_dir = Path(raw_dir)
    files = {**sample_files(build_sample(seed)), **extra_files()}
    foreign = foreign_files(raw_dir, files)
    if foreign:
        raise SampleTargetError(raw_dir, foreign)
    paths = []
    for name, data in files.items():
        path = raw_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(path, data)
        paths.append(path)
    record = {
        "written_by": "cchc sample",
        "seed": seed,
        "files": {name: _sha256(data) for name, data in sorted(files.items())},
    }
    _write_atomic(raw_dir / MARKER, (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return paths
