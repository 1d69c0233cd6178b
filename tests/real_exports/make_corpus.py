"""Write the corpus of real-looking exports: one data folder per case under ``tests/real_exports/``.

Usage: ``.venv/bin/python tests/real_exports/make_corpus.py [OUT_DIR]`` (default: this
folder). Deterministic: seeded generators, fixed workbook dates, so the committed
files are exactly what this script writes (``tests/test_real_exports.py`` checks it).

Every case folder is a complete data folder, laid out the way one-stop (một cửa),
e-office and HR systems really export: letterheads and national motto in merged
cells, two-row headers, a row of column numbers, footers with totals, place and
date, signatures; date-times as cells and as text in every accepted form; the
wordings real systems use for channels, statuses and document forms; no id
column in task trackers and HR lists; old ``.xls`` files (HTML, Excel 2003 XML,
BIFF); overlapping exports.

Beside the data, ``expected.json`` holds what ``cchc check`` must answer (exit
code, words, problem codes) and the figures of each period, computed here
**independently** from the records this script generated (never by calling
cchc), with the definitions of ``docs/indicators.md`` and the time rule of
issue 9: early = resolved on a calendar day before the due day; on time = no
due date, or resolved on the due day and, when both values carry a time of day
(not 00:00:00), not after the due time; late = a later day, or the due day
after the due time.

The real BIFF ``.xls`` needs ``xlwt`` (``pip install xlwt`` into the venv, not a
project dependency); without it the committed file is left as it is.
"""

from __future__ import annotations

import collections
import datetime as dt
import html
import io
import json
import random
import shutil
import sys
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parents[1] / "data" / "raw"
FIXED_TIME = dt.datetime(2023, 7, 5, 8, 0, 0)
UNDETERMINED = "(Chưa xác định)"

#: Period code -> (first day, last day), calendar cut-off.
PERIODS = {
    "2023-H1": (dt.date(2023, 1, 1), dt.date(2023, 6, 30)),
    "2023-Q3": (dt.date(2023, 7, 1), dt.date(2023, 9, 30)),
    "2023-01": (dt.date(2023, 1, 1), dt.date(2023, 1, 31)),
    "2023-03": (dt.date(2023, 3, 1), dt.date(2023, 3, 31)),
}

# --- wordings real systems write, and what they mean -------------------------------

CHANNELS = {
    "Nộp trực tuyến": "Trực tuyến",
    "Trực tuyến": "Trực tuyến",
    "DVC trực tuyến": "Trực tuyến",
    "Trực tiếp": "Trực tiếp",
    "Trực tiếp tại Bộ phận một cửa": "Trực tiếp",
    "Dịch vụ bưu chính công ích": "Bưu chính",
    "BCCI": "Bưu chính",
    "Bưu điện": "Bưu chính",
}
WITHDRAWN = ("Rút hồ sơ", "Công dân rút hồ sơ", "Trả lại/Rút hồ sơ", "Tổ chức, cá nhân rút hồ sơ")
#: Ordinary statuses (known to the loader: no warning).
RESOLVED_STATUS, PENDING_STATUSES = "Đã trả kết quả", ("Đang xử lý", "Đang giải quyết")
FORMS = {
    "Văn bản điện tử": "Điện tử",
    "Văn bản giấy": "Giấy",
    "Điện tử kèm bản giấy": "Điện tử kèm giấy",
    "Điện tử và giấy": "Điện tử kèm giấy",
}
NO_DEADLINE = ("Thường xuyên", "Không thời hạn")

# --- date and date-time values, and the form each is written in ---------------------

#: cell_dt / cell_date: real date cells; the others: text as systems export it.
DATE_FORMS = ("cell_dt", "dmy_hm", "dmy_hms", "iso_space", "iso_t", "cell_date", "dmy")
TEXT_FORMAT = {
    "dmy_hm": "%d/%m/%Y %H:%M",
    "dmy_hms": "%d/%m/%Y %H:%M:%S",
    "iso_space": "%Y-%m-%d %H:%M:%S",
    "iso_t": "%Y-%m-%dT%H:%M:%S",
    "dmy": "%d/%m/%Y",
}


@dataclass(frozen=True)
class When:
    """A date(-time) ``value`` and the ``form`` it is written in."""

    value: dt.datetime
    form: str = "dmy"

    @property
    def read(self) -> dt.datetime:
        """The value a correct reader gets back: date-only forms drop the time, ``dmy_hm`` the seconds."""
        if self.form in ("cell_date", "dmy"):
            return dt.datetime.combine(self.value.date(), dt.time())
        if self.form == "dmy_hm":
            return self.value.replace(second=0)
        return self.value

    @property
    def text(self) -> str:
        if self.form.startswith("cell"):
            raise ValueError("a date cell has no text form")
        return self.value.strftime(TEXT_FORMAT[self.form])


def at(text: str, form: str = "dmy") -> When:
    """``at("16/03/2023 17:45", "dmy_hm")``: a value from its dd/mm/yyyy [hh:mm[:ss]] text."""
    for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:
            return When(dt.datetime.strptime(text, fmt), form)
        except ValueError:
            continue
    raise ValueError(text)


def read(value: When | None) -> dt.datetime | None:
    return None if value is None else value.read


def has_time(value: dt.datetime | None) -> bool:
    return value is not None and value.time() != dt.time()


# --- records ----------------------------------------------------------------------


@dataclass(frozen=True)
class Dossier:
    id: str
    procedure: str
    field: str
    applicant: str
    address: str
    phone: str
    unit: str
    channel: str
    received: When
    due: When | None
    resolved: When | None
    status: str
    note: str = ""


@dataclass(frozen=True)
class Task:
    title: str
    source: str
    doc: str
    unit: str
    assigned: When
    due: When | str  # a date, or a wording meaning "no deadline"
    completed: When | None
    note: str = ""


@dataclass(frozen=True)
class Document:
    number: str
    doc_date: When
    summary: str
    unit: str
    form: str
    signed: str  # Có / Không
    direction: str  # Đi / Đến (from the register, never a column)
    kind: str = ""  # Loại văn bản (type): Công văn, Quyết định …
    signer: str = ""
    recipients: str = ""
    arrival: When | None = None  # Ngày đến (incoming)
    arrival_no: int = 0
    author: str = ""


@dataclass(frozen=True)
class Training:
    name: str
    birth: When
    position: str
    unit: str
    course: str
    kind: str
    plan_year: int | None
    start: When | None
    end: When | None


# --- personal data (fictional) -----------------------------------------------------

FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Cao",
    "Tạ",
    "Lương",
    "Đinh",
)
MIDDLE = ("Văn", "Thị", "Hữu", "Ngọc", "Thanh", "Quang", "Đức", "Thu", "Hoài", "Bảo", "Kim", "Xuân")
GIVEN = (
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hạnh",
    "Hiếu",
    "Khánh",
    "Lâm",
    "Linh",
    "Mai",
    "Nam",
    "Nhung",
    "Phúc",
    "Quỳnh",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trung",
    "Uyên",
    "Vinh",
    "Yến",
    "Đạt",
    "Hằng",
    "Lộc",
    "Nghĩa",
)
STREETS = (
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Huệ",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Phan Chu Trinh",
    "Quang Trung",
    "Nguyễn Trãi",
    "Bạch Đằng",
    "Hùng Vương",
)
WARDS = ("phường An Hòa", "phường Tân Lập", "phường Phước Long", "xã Bình Minh", "xã Hòa Thuận", "xã Tân Hội")
TOWNS = ("thành phố Hải Đông", "thị xã Hòa Bình", "huyện Tân Phú", "huyện Đông Sơn")


class People:
    """Unique fictional names, addresses, phone numbers and birth dates."""

    def __init__(self, seed: int, taken: set[str] | None = None):
        self.rng = random.Random(seed)
        self.taken = set(taken or ())

    def name(self) -> str:
        while True:
            n = f"{self.rng.choice(FAMILY)} {self.rng.choice(MIDDLE)} {self.rng.choice(GIVEN)}"
            if n not in self.taken:
                self.taken.add(n)
                return n

    def address(self) -> str:
        while True:
            a = (
                f"Số {self.rng.randint(2, 389)}, đường {self.rng.choice(STREETS)}, {self.rng.choice(WARDS)}, "
                f"{self.rng.choice(TOWNS)}"
            )
            if a not in self.taken:
                self.taken.add(a)
                return a

    def phone(self) -> str:
        while True:
            p = f"09{self.rng.randint(10_000_000, 99_999_999)}"
            if p not in self.taken:
                self.taken.add(p)
                return p


def _published_names() -> set[str]:
    """Names in the sample's report settings (published on purpose): never generated."""
    text = (SAMPLE / "bao_cao.toml").read_text(encoding="utf-8") if (SAMPLE / "bao_cao.toml").exists() else ""
    return {f"{a} {b} {c}" for a in FAMILY for b in MIDDLE for c in GIVEN if f"{a} {b} {c}" in text}


# --- the one-stop dossiers ------------------------------------------------------------

PROCEDURES = (  # (field, procedure, time limit in days)
    ("Đất đai", "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu", 30),
    ("Đất đai", "Đăng ký biến động quyền sử dụng đất", 10),
    ("Xây dựng", "Cấp giấy phép xây dựng nhà ở riêng lẻ", 15),
    ("Xây dựng", "Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở", 20),
    ("Đầu tư", "Cấp Giấy chứng nhận đăng ký đầu tư", 15),
    ("Công thương", "Cấp giấy phép kinh doanh bán lẻ sản phẩm rượu", 10),
    ("Lao động - Thương binh và Xã hội", "Cấp giấy phép lao động cho người lao động nước ngoài", 5),
    ("Tư pháp", "Cấp phiếu lý lịch tư pháp cho công dân Việt Nam", 10),
)
ONE_STOP_UNITS = (
    "Trung tâm Phục vụ hành chính công",
    "Phòng Kiểm soát thủ tục hành chính",
    "Sở Tài nguyên và Môi trường",
    "Sở Xây dựng",
)


class Dossiers:
    """Dossier ids in the national public-service portal's form, and random dossiers."""

    def __init__(self, seed: int, people: People, agency: str = "000.00.12.H99"):
        self.rng = random.Random(seed)
        self.people = people
        self.agency = agency
        self.serial = collections.Counter()

    def new_id(self, received: dt.datetime) -> str:
        day = received.strftime("%y%m%d")
        self.serial[day] += 1
        return f"{self.agency}-{day}-{self.serial[day]:04d}"

    def make(
        self,
        received: When,
        due: When | None,
        resolved: When | None,
        status: str,
        *,
        field_proc: tuple[str, str, int] | None = None,
        unit: str | None = None,
        channel: str | None = None,
        units: tuple[str, ...] = ONE_STOP_UNITS,
        channels: tuple[str, ...] = tuple(CHANNELS),
    ) -> Dossier:
        f, p, _ = field_proc or self.rng.choice(PROCEDURES)
        return Dossier(
            self.new_id(received.value),
            p,
            f,
            self.people.name(),
            self.people.address(),
            self.people.phone(),
            unit or self.rng.choice(units),
            channel or self.rng.choice(channels),
            received,
            due,
            resolved,
            status,
        )

    def random(
        self,
        first: dt.date,
        last: dt.date,
        form: str,
        *,
        latest: dt.date,
        units: tuple[str, ...] = ONE_STOP_UNITS,
        channels: tuple[str, ...] = tuple(CHANNELS),
        withdrawn: str | None = None,
    ) -> Dossier:
        """A dossier received in [first, last]; resolved (or not) by ``latest``."""
        rng = self.rng
        fp = rng.choice(PROCEDURES)
        day = first + dt.timedelta(days=rng.randint(0, (last - first).days))
        received = dt.datetime.combine(
            day, dt.time(rng.randint(7, 16), rng.randint(0, 59), rng.randint(0, 59))
        )
        due_time = dt.time(17, 0) if rng.random() < 0.5 else received.time()
        due = dt.datetime.combine(day + dt.timedelta(days=fp[2] + 2), due_time)
        resolved = None
        status = rng.choice(PENDING_STATUSES)
        if withdrawn:
            status = withdrawn
        elif rng.random() < 0.85:
            span = rng.randint(1, fp[2] + 5)
            rday = day + dt.timedelta(days=span)
            if rday <= latest:
                resolved = dt.datetime.combine(
                    rday, dt.time(rng.randint(7, 17), rng.randint(0, 59), rng.randint(0, 59))
                )
                status = RESOLVED_STATUS
        return self.make(
            When(received, form),
            When(due, form),
            When(resolved, form) if resolved else None,
            status,
            field_proc=fp,
            units=units,
            channels=channels,
        )


def crafted_dossiers(gen: Dossiers) -> list[Dossier]:
    """The edge cases of the time rule, scope and withdrawal, each written in a chosen form."""
    done, pend = RESOLVED_STATUS, "Đang xử lý"

    def m(received: When, due: When | None, resolved: When | None, status: str = done, **kw) -> Dossier:
        return gen.make(received, due, resolved, status, field_proc=PROCEDURES[2], **kw)

    return [
        # resolved on the due day after the due time: late by the time rule
        m(
            at("02/03/2023 09:10", "dmy_hm"),
            at("16/03/2023 17:00", "dmy_hm"),
            at("16/03/2023 17:45", "dmy_hm"),
            channel="Nộp trực tuyến",
        ),
        m(
            at("10/04/2023 08:05:00", "cell_dt"),
            at("24/04/2023 10:30:00", "cell_dt"),
            at("24/04/2023 15:20:10", "cell_dt"),
            channel="DVC trực tuyến",
        ),
        m(
            at("08/05/2023 07:45:00", "iso_t"),
            at("22/05/2023 16:00:00", "iso_t"),
            at("22/05/2023 16:00:01", "iso_t"),
            channel="BCCI",
        ),
        # on the due day, not after the due time: on time
        m(
            at("06/02/2023 10:00:00", "dmy_hms"),
            at("20/02/2023 17:00:00", "dmy_hms"),
            at("20/02/2023 16:59:59", "dmy_hms"),
        ),
        m(
            at("06/03/2023 14:00:00", "iso_space"),
            at("20/03/2023 14:00:00", "iso_space"),
            at("20/03/2023 14:00:00", "iso_space"),
        ),
        # on the due day without times: on time
        m(at("01/03/2023"), at("15/03/2023"), at("15/03/2023")),
        m(at("28/04/2023", "cell_date"), at("12/05/2023", "cell_date"), at("12/05/2023", "cell_date")),
        # only one of the two carries a time: on time
        m(at("27/03/2023 09:00", "dmy_hm"), at("10/04/2023 08:00", "dmy_hm"), at("10/04/2023")),
        m(at("22/05/2023 15:30", "dmy_hm"), at("05/06/2023"), at("05/06/2023 16:45", "dmy_hm")),
        # the day before the due day, at a later time of day: early
        m(
            at("26/05/2023 08:00", "dmy_hm"),
            at("09/06/2023 08:00", "dmy_hm"),
            at("08/06/2023 17:30", "dmy_hm"),
        ),
        # a later day: late
        m(
            at("31/03/2023 10:20", "dmy_hm"),
            at("14/04/2023 17:00", "dmy_hm"),
            at("17/04/2023 08:00", "dmy_hm"),
            channel="Trực tiếp tại Bộ phận một cửa",
        ),
        # pending: due on the period's last day (within the deadline), the day before (overdue), no due date
        m(at("16/06/2023 09:00", "dmy_hm"), at("30/06/2023 08:00", "dmy_hm"), None, pend),
        m(at("15/06/2023 10:00", "dmy_hm"), at("29/06/2023 17:00", "dmy_hm"), None, "Đang giải quyết"),
        m(at("19/06/2023 14:10", "dmy_hm"), None, None, pend),
        # resolved, no statutory time limit: on time
        m(at("13/02/2023 08:30", "dmy_hm"), None, at("17/02/2023 10:00", "dmy_hm")),
        # carried over from 2022: resolved in January (early), still pending (overdue)
        m(
            at("27/12/2022 14:00", "dmy_hm"),
            at("10/01/2023 17:00", "dmy_hm"),
            at("09/01/2023 10:00", "dmy_hm"),
        ),
        m(at("28/12/2022 09:40", "dmy_hm"), at("11/01/2023 17:00", "dmy_hm"), None, pend),
        # received and resolved in 2022: out of scope
        m(
            at("20/12/2022 08:15", "dmy_hm"),
            at("03/01/2023 17:00", "dmy_hm"),
            at("29/12/2022 15:00", "dmy_hm"),
        ),
        # withdrawn in 2022: not a withdrawal of the period
        m(at("26/12/2022 10:00", "dmy_hm"), at("09/01/2023 17:00", "dmy_hm"), None, "Công dân rút hồ sơ"),
        # resolved after the period's end: pending within the deadline as of 30/06
        m(
            at("20/06/2023 07:50", "dmy_hm"),
            at("04/07/2023 17:00", "dmy_hm"),
            at("03/07/2023 10:00", "dmy_hm"),
        ),
    ]


def one_stop_dossiers(seed: int, n: int, people: People) -> list[Dossier]:
    """``n`` dossiers of the first half of 2023: the crafted cases plus random ones in every date form."""
    gen = Dossiers(seed, people)
    rows = crafted_dossiers(gen)
    withdrawn = list(WITHDRAWN) * 2
    for i in range(n - len(rows)):
        rows.append(
            gen.random(
                dt.date(2023, 1, 3),
                dt.date(2023, 6, 28),
                DATE_FORMS[i % len(DATE_FORMS)],
                latest=dt.date(2023, 7, 4),
                withdrawn=withdrawn.pop() if i % 13 == 5 and withdrawn else None,
            )
        )
    return sorted(rows, key=lambda d: (d.received.read, d.id))


# --- figures, computed from the records ------------------------------------------------

HS_COUNTS = (
    "hs_received",
    "hs_carried_over",
    "hs_new",
    "hs_new_online",
    "hs_resolved",
    "hs_resolved_early",
    "hs_resolved_on_time",
    "hs_resolved_late",
    "hs_resolved_late_by_time",
    "hs_pending",
    "hs_pending_within_deadline",
    "hs_pending_overdue",
    "hs_withdrawn",
)
NV_COUNTS = (
    "nv_total",
    "nv_completed",
    "nv_completed_on_time",
    "nv_completed_late",
    "nv_in_progress",
    "nv_in_progress_overdue",
    "nv_in_progress_not_due",
    "nv_in_progress_no_deadline",
)
VB_COUNTS = (
    "vb_out",
    "vb_out_paper",
    "vb_out_electronic",
    "vb_out_electronic_with_paper",
    "vb_in",
    "vb_in_paper",
    "vb_in_electronic",
    "vb_in_electronic_with_paper",
    "vb_out_signed",
)
DT_COUNTS = ("dt_planned", "dt_sent", "dt_sent_in_period", "dt_completed_in_period", "dt_unplanned")


def pct(num: float, den: float) -> float | None:
    return None if den == 0 else 100 * num / den


@dataclass(frozen=True)
class DossierFact:
    """What a dossier means for the indicators (canonical values, read dates)."""

    field: str
    unit: str
    channel: str | None
    received: dt.datetime
    due: dt.datetime | None
    resolved: dt.datetime | None
    withdrawn: bool


def dossier_fact(
    d: Dossier, *, ignore: tuple[str, ...] = (), channels: dict[str, str] = CHANNELS, unit_column: bool = True
) -> DossierFact:
    return DossierFact(
        d.field or UNDETERMINED,
        (d.unit or UNDETERMINED) if unit_column else UNDETERMINED,
        None if "channel" in ignore else channels[d.channel],
        d.received.read,
        read(d.due),
        read(d.resolved),
        "status" not in ignore and d.status in WITHDRAWN,
    )


def dossier_counts(facts: list[DossierFact], s: dt.date, e: dt.date) -> dict[str, int]:
    c = dict.fromkeys(HS_COUNTS, 0)
    for f in facts:
        rec, due, res = f.received.date(), f.due, f.resolved
        if f.withdrawn:
            c["hs_withdrawn"] += s <= rec <= e
            continue
        if rec > e or (res is not None and res.date() < s):
            continue
        c["hs_received"] += 1
        if rec < s:
            c["hs_carried_over"] += 1
        else:
            c["hs_new"] += 1
            c["hs_new_online"] += f.channel == "Trực tuyến"
        if res is not None and res.date() <= e:
            c["hs_resolved"] += 1
            if due is None:
                c["hs_resolved_on_time"] += 1
            elif res.date() < due.date():
                c["hs_resolved_early"] += 1
            elif res.date() > due.date():
                c["hs_resolved_late"] += 1
            elif has_time(res) and has_time(due) and res > due:
                c["hs_resolved_late"] += 1
                c["hs_resolved_late_by_time"] += 1
            else:
                c["hs_resolved_on_time"] += 1
        else:
            c["hs_pending"] += 1
            if due is not None and due.date() < e:
                c["hs_pending_overdue"] += 1
            else:
                c["hs_pending_within_deadline"] += 1
    return c


def dossier_totals(facts: list[DossierFact], s: dt.date, e: dt.date) -> dict[str, float | None]:
    c = dossier_counts(facts, s, e)
    return {
        **c,
        "hs_rate_early": pct(c["hs_resolved_early"], c["hs_resolved"]),
        "hs_rate_on_time": pct(c["hs_resolved_on_time"], c["hs_resolved"]),
        "hs_rate_late": pct(c["hs_resolved_late"], c["hs_resolved"]),
        "hs_rate_timely": pct(c["hs_resolved_early"] + c["hs_resolved_on_time"], c["hs_resolved"]),
        "hs_rate_online": pct(c["hs_new_online"], c["hs_new"]),
        "hs_rate_on_track": pct(
            c["hs_resolved_early"] + c["hs_resolved_on_time"] + c["hs_pending_within_deadline"],
            c["hs_received"],
        ),
    }


@dataclass(frozen=True)
class TaskFact:
    source: str
    doc: str
    assigned: dt.date
    due: dt.date | None
    completed: dt.date | None


def task_fact(t: Task) -> TaskFact:
    return TaskFact(
        t.source or UNDETERMINED,
        t.doc or UNDETERMINED,
        t.assigned.read.date(),
        None if isinstance(t.due, str) else t.due.read.date(),
        None if t.completed is None else t.completed.read.date(),
    )


def task_counts(facts: list[TaskFact], s: dt.date, e: dt.date) -> dict[str, int]:
    c = dict.fromkeys(NV_COUNTS, 0)
    for f in facts:
        if f.assigned > e or (f.completed is not None and f.completed < s):
            continue
        c["nv_total"] += 1
        if f.completed is not None and f.completed <= e:
            c["nv_completed"] += 1
            if f.due is None or f.completed <= f.due:
                c["nv_completed_on_time"] += 1
            else:
                c["nv_completed_late"] += 1
        else:
            c["nv_in_progress"] += 1
            if f.due is None:
                c["nv_in_progress_no_deadline"] += 1
            elif f.due < e:
                c["nv_in_progress_overdue"] += 1
            else:
                c["nv_in_progress_not_due"] += 1
    return c


def task_totals(facts: list[TaskFact], s: dt.date, e: dt.date) -> dict[str, float | None]:
    c = task_counts(facts, s, e)
    return {
        **c,
        "nv_rate_completed": pct(c["nv_completed"], c["nv_total"]),
        "nv_rate_completed_on_time": pct(c["nv_completed_on_time"], c["nv_completed"]),
    }


@dataclass(frozen=True)
class DocumentFact:
    direction: str
    day: dt.date  # the counting date: Ngày đến for incoming, Ngày tháng văn bản for outgoing
    form: str
    signed: bool
    unit: str


def document_fact(d: Document) -> DocumentFact:
    day = (d.arrival if d.direction == "Đến" else d.doc_date).read.date()
    return DocumentFact(d.direction, day, FORMS[d.form], d.signed == "Có", d.unit or UNDETERMINED)


def document_totals(facts: list[DocumentFact], s: dt.date, e: dt.date) -> dict[str, float | None]:
    c = dict.fromkeys(VB_COUNTS, 0)
    units = set()
    suffix = {"Giấy": "_paper", "Điện tử": "_electronic", "Điện tử kèm giấy": "_electronic_with_paper"}
    for f in facts:
        if not s <= f.day <= e:
            continue
        key = "vb_out" if f.direction == "Đi" else "vb_in"
        c[key] += 1
        c[key + suffix[f.form]] += 1
        electronic = f.form != "Giấy"
        c["vb_out_signed"] += key == "vb_out" and electronic and f.signed
        if electronic and f.unit != UNDETERMINED:
            units.add(f.unit)
    electronic_all = sum(
        c[k]
        for k in (
            "vb_out_electronic",
            "vb_out_electronic_with_paper",
            "vb_in_electronic",
            "vb_in_electronic_with_paper",
        )
    )
    return {
        **c,
        "vb_rate_electronic": pct(electronic_all, c["vb_out"] + c["vb_in"]),
        "vb_rate_signed": pct(c["vb_out_signed"], c["vb_out_electronic"] + c["vb_out_electronic_with_paper"]),
        "vb_units_electronic": len(units),
    }


@dataclass(frozen=True)
class TrainingFact:
    kind: str
    plan_year: int | None
    sent: dt.date | None
    completed: dt.date | None


def training_fact(t: Training) -> TrainingFact:
    return TrainingFact(
        t.kind or UNDETERMINED,
        t.plan_year,
        None if t.start is None else t.start.read.date(),
        None if t.end is None else t.end.read.date(),
    )


def training_totals(facts: list[TrainingFact], s: dt.date, e: dt.date) -> dict[str, float | None]:
    c = dict.fromkeys(DT_COUNTS, 0)
    for f in facts:
        planned = f.plan_year == e.year
        sent_in = f.sent is not None and s <= f.sent <= e
        c["dt_planned"] += planned
        c["dt_sent"] += planned and f.sent is not None and f.sent <= e
        c["dt_sent_in_period"] += sent_in
        c["dt_completed_in_period"] += f.completed is not None and s <= f.completed <= e
        c["dt_unplanned"] += sent_in and f.plan_year is None
    return {**c, "dt_rate_plan": pct(c["dt_sent"], c["dt_planned"])}


def breakdown(
    facts: list, attr: str, dimension: str, counts, codes: tuple[str, ...], s: dt.date, e: dt.date
) -> list[list]:
    """``[code, dimension, group, value]`` for every group of ``attr`` and every count code."""
    groups = sorted({getattr(f, attr) for f in facts})
    rows = []
    for g in groups:
        c = counts([f for f in facts if getattr(f, attr) == g], s, e)
        rows += [[code, dimension, g, c[code]] for code in codes]
    return rows


def figures(periods: tuple[str, ...], *, dossiers=(), tasks=(), documents=(), training=()) -> dict:
    """Expected totals and breakdowns per period, from the facts of each family."""
    out = {}
    for code in periods:
        s, e = PERIODS[code]
        totals, groups = {}, []
        if dossiers:
            totals |= dossier_totals(list(dossiers), s, e)
            groups += breakdown(list(dossiers), "field", "field", dossier_counts, HS_COUNTS, s, e)
            groups += breakdown(list(dossiers), "unit", "unit", dossier_counts, HS_COUNTS, s, e)
        if tasks:
            totals |= task_totals(list(tasks), s, e)
            groups += breakdown(list(tasks), "source", "source", task_counts, NV_COUNTS, s, e)
        if documents:
            totals |= document_totals(list(documents), s, e)
            groups += breakdown(list(documents), "unit", "unit", document_totals, VB_COUNTS, s, e)
        if training:
            totals |= training_totals(list(training), s, e)
            groups += breakdown(list(training), "kind", "training_type", training_totals, DT_COUNTS, s, e)
        out[code] = {"totals": totals, "groups": groups}
    return out


# --- sheets -----------------------------------------------------------------------------


class Sheet:
    """Cells and merged ranges of one worksheet (0-based rows and columns)."""

    def __init__(self, name: str):
        self.name = name
        self.cells: dict[tuple[int, int], object] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.widths: dict[int, float] = {}
        self.row = 0

    def put(self, r: int, c: int, value, *, to: tuple[int, int] | None = None) -> None:
        """A value at (r, c); ``to`` = (last row, last column) merges the range."""
        self.cells[(r, c)] = value
        if to is not None and to != (r, c):
            self.merges.append((r, c, *to))

    def line(self, values: list) -> int:
        """Append a row of values; return its 0-based index."""
        for c, v in enumerate(values):
            if v is not None and v != "":
                self.cells[(self.row, c)] = v
        self.row += 1
        return self.row - 1

    def skip(self, n: int = 1) -> None:
        self.row += n


def write_xlsx(path: Path, sheets: list[Sheet]) -> None:
    """A deterministic workbook: merged ranges, date and date-time cells, bold headers."""
    wb = xlsxwriter.Workbook(str(path), {"in_memory": True})
    wb.set_properties({"created": FIXED_TIME, "author": "Phần mềm một cửa điện tử"})
    fmt_dt = wb.add_format({"num_format": "dd/mm/yyyy hh:mm", "border": 1})
    fmt_date = wb.add_format({"num_format": "dd/mm/yyyy", "border": 1})
    fmt_cell = wb.add_format({"border": 1, "text_wrap": True, "valign": "vcenter"})
    fmt_merge = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True})
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name)
        for c, w in sheet.widths.items():
            ws.set_column(c, c, w)
        merged = {}
        for r0, c0, r1, c1 in sheet.merges:
            merged[(r0, c0)] = (r1, c1)
        for (r, c), v in sorted(sheet.cells.items()):
            if (r, c) in merged:
                r1, c1 = merged[(r, c)]
                ws.merge_range(r, c, r1, c1, v, fmt_merge)
            elif isinstance(v, When) and v.form == "cell_dt":
                ws.write_datetime(r, c, v.value, fmt_dt)
            elif isinstance(v, When) and v.form == "cell_date":
                ws.write_datetime(r, c, v.read, fmt_date)
            elif isinstance(v, When):
                ws.write_string(r, c, v.text, fmt_cell)
            elif isinstance(v, bool):
                raise TypeError("write booleans as Có/Không")
            elif isinstance(v, (int, float)):
                ws.write_number(r, c, v, fmt_cell)
            else:
                ws.write_string(r, c, str(v), fmt_cell)
    wb.close()


def letterhead(sheet: Sheet, width: int, issuer: tuple[str, str], titles: list[str]) -> None:
    """Issuer and national motto in merged cells, then the merged title lines."""
    left, right = (0, min(4, width // 2 - 1)), (width // 2, width - 1)
    sheet.put(0, left[0], issuer[0], to=(0, left[1]))
    sheet.put(0, right[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", to=(0, right[1]))
    sheet.put(1, left[0], issuer[1], to=(1, left[1]))
    sheet.put(1, right[0], "Độc lập - Tự do - Hạnh phúc", to=(1, right[1]))
    r = 3
    for t in titles:
        sheet.put(r, 0, t, to=(r, width - 1))
        r += 1
    sheet.row = r + 1


def footer(
    sheet: Sheet, width: int, total: str, place_date: str, signers: tuple[str, str], names: tuple[str, str]
) -> None:
    """Blank rows, a merged totals row, place and date, signature titles and names."""
    half = width // 2
    sheet.skip(2)
    sheet.put(sheet.row, 0, total, to=(sheet.row, width - 1))
    sheet.skip(2)
    sheet.put(sheet.row, half, place_date, to=(sheet.row, width - 1))
    sheet.skip()
    sheet.put(sheet.row, 0, signers[0], to=(sheet.row, half - 2))
    sheet.put(sheet.row, half, signers[1], to=(sheet.row, width - 1))
    sheet.skip()
    sheet.put(sheet.row, 0, "(Ký, ghi rõ họ tên)", to=(sheet.row, half - 2))
    sheet.put(sheet.row, half, "(Ký, ghi rõ họ tên)", to=(sheet.row, width - 1))
    sheet.skip(4)
    sheet.put(sheet.row, 0, names[0], to=(sheet.row, half - 2))
    sheet.put(sheet.row, half, names[1], to=(sheet.row, width - 1))
    sheet.skip()


ISSUER = ("UBND TỈNH HẢI ĐÔNG", "VĂN PHÒNG UBND TỈNH")
ONE_STOP_HEADER = (
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Lĩnh vực",
    "Họ tên người nộp",
    "Địa chỉ",
    "Số điện thoại",
    "Đơn vị xử lý",
    "Hình thức nộp",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày có kết quả",
    "Trạng thái",
    "Ghi chú",
)
TIME_PARENT, TIME_FIRST = "Thời gian", 9


def one_stop_sheet(
    dossiers: list[Dossier],
    *,
    renames: dict[str, str] | None = None,
    period_line: str = "Từ ngày 01/01/2023 đến ngày 30/06/2023",
    numbers_as_cells: bool = False,
) -> tuple[Sheet, int]:
    """The one-stop register: letterhead, two-row header, column numbers, data, footer.

    The column numbers are text ``(1) (2) …``, or number cells ``1 2 …`` when
    ``numbers_as_cells``. Returns the sheet and the spreadsheet row number of
    the first data row.
    """
    header = [(renames or {}).get(h, h) for h in ONE_STOP_HEADER]
    width = len(header)
    sheet = Sheet("Sổ theo dõi")
    letterhead(sheet, width, ISSUER, ["SỔ THEO DÕI HỒ SƠ THỦ TỤC HÀNH CHÍNH", period_line])
    top = sheet.row
    for c, h in enumerate(header):
        if TIME_FIRST <= c < TIME_FIRST + 3:
            sheet.put(top + 1, c, h)
        else:
            sheet.put(top, c, h, to=(top + 1, c))
    sheet.put(top, TIME_FIRST, TIME_PARENT, to=(top, TIME_FIRST + 2))
    sheet.row = top + 2
    sheet.line([i if numbers_as_cells else f"({i})" for i in range(1, width + 1)])
    first = sheet.row + 1
    for i, d in enumerate(dossiers, start=1):
        sheet.line(
            [
                i,
                d.id,
                d.procedure,
                d.field,
                d.applicant,
                d.address,
                d.phone,
                d.unit,
                d.channel,
                d.received,
                d.due,
                d.resolved,
                d.status,
                d.note,
            ]
        )
    footer(
        sheet,
        width,
        f"Tổng cộng: {len(dossiers)} hồ sơ",
        "Hải Đông, ngày 05 tháng 07 năm 2023",
        ("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ"),
        ("Lê Thị Thu Hà", "Phạm Quốc Tuấn"),
    )
    sheet.widths = {1: 26, 2: 40, 3: 18, 4: 22, 5: 40, 6: 13, 7: 30, 8: 22, 9: 17, 10: 17, 11: 17, 12: 16}
    return sheet, first


SIMPLE_DOSSIER_HEADER = (
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Lĩnh vực",
    "Đơn vị xử lý",
    "Hình thức nộp",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày có kết quả",
    "Trạng thái",
)


def simple_dossier_rows(dossiers: list[Dossier], unit_header: str = "Đơn vị xử lý") -> list[list]:
    header = [unit_header if h == "Đơn vị xử lý" else h for h in SIMPLE_DOSSIER_HEADER]
    return [header] + [
        [i, d.id, d.procedure, d.field, d.unit, d.channel, d.received, d.due, d.resolved, d.status]
        for i, d in enumerate(dossiers, start=1)
    ]


def titled_sheet(name: str, title: str, rows: list[list]) -> Sheet:
    """A portal export: one merged title row, a blank row, the header and the data."""
    sheet = Sheet(name)
    sheet.put(0, 0, title, to=(0, len(rows[0]) - 1))
    sheet.row = 2
    for r in rows:
        sheet.line(r)
    return sheet


# --- e-office registers ----------------------------------------------------------------

DOC_UNITS = (
    "Phòng Tổng hợp",
    "Phòng Kinh tế",
    "Phòng Nội chính",
    "Phòng Hành chính - Tổ chức",
    "Phòng Kiểm soát thủ tục hành chính",
)
DOC_KINDS = (
    ("Công văn", "VP-TH", "V/v đôn đốc thực hiện nhiệm vụ cải cách hành chính"),
    ("Quyết định", "QĐ-VP", "Quyết định ban hành Kế hoạch kiểm tra công tác cải cách hành chính"),
    ("Tờ trình", "TTr-VP", "Tờ trình đề nghị phê duyệt danh mục thủ tục hành chính nội bộ"),
    ("Báo cáo", "BC-VP", "Báo cáo kết quả thực hiện công tác cải cách hành chính"),
)
AUTHORS = (
    ("UBND tỉnh", "UBND-KT"),
    ("Sở Nội vụ", "SNV-CCHC"),
    ("Văn phòng Chính phủ", "VPCP-KSTT"),
    ("Bộ Nội vụ", "BNV-CCHC"),
    ("Sở Thông tin và Truyền thông", "STTTT-CNTT"),
)
SIGNERS = ("Nguyễn Văn Hưng", "Trần Thị Bích Ngọc", "Lê Quang Vinh")  # officials who sign documents


def outgoing_documents(seed: int, n: int) -> list[Document]:
    rng = random.Random(seed)
    docs, serial = [], collections.Counter()
    days = sorted(dt.date(2023, 1, 3) + dt.timedelta(days=rng.randint(0, 192)) for _ in range(n))
    for i, day in enumerate(days):
        kind, code, summary = rng.choice(DOC_KINDS)
        serial[code] += 1
        form = rng.choice(tuple(FORMS))
        electronic = FORMS[form] != "Giấy"
        docs.append(
            Document(
                number=f"{serial[code]}/{code}",
                doc_date=When(dt.datetime.combine(day, dt.time()), "cell_date" if i % 2 else "dmy"),
                summary=f"{summary} (lần {i + 1})",
                unit="" if i % 29 == 7 else rng.choice(DOC_UNITS),
                form=form,
                signed="Có" if electronic and rng.random() < 0.8 else "Không",
                direction="Đi",
                kind=kind,
                signer=rng.choice(SIGNERS),
                recipients="UBND tỉnh; Sở Nội vụ; Lưu: VT",
            )
        )
    return docs


def incoming_documents(seed: int, n: int) -> list[Document]:
    """Incoming documents; some dated in one month and arriving in the next."""
    rng = random.Random(seed)
    crossing = [
        ("29/12/2022", "03/01/2023 08:15"),
        ("30/01/2023", "01/02/2023 14:20"),
        ("28/02/2023", "01/03/2023 09:05"),
        ("31/03/2023", "03/04/2023 07:55"),
        ("29/06/2023", "03/07/2023 10:30"),
        ("30/06/2023", "30/06/2023 16:40"),
    ]
    pairs = [(at(a).value, at(b, "dmy_hm").value) for a, b in crossing]
    for _ in range(n - len(crossing)):
        arrival = dt.datetime.combine(
            dt.date(2023, 1, 4) + dt.timedelta(days=rng.randint(0, 185)),
            dt.time(rng.randint(7, 16), rng.randint(0, 59)),
        )
        pairs.append(
            (dt.datetime.combine(arrival.date() - dt.timedelta(days=rng.randint(0, 3)), dt.time()), arrival)
        )
    pairs.sort(key=lambda p: p[1])
    docs = []
    for i, (dated, arrival) in enumerate(pairs):
        author, code = rng.choice(AUTHORS)
        form = rng.choice(tuple(FORMS))
        docs.append(
            Document(
                number=f"{rng.randint(10, 4999)}/{code}",
                doc_date=When(dated, "dmy" if i % 3 else "cell_date"),
                summary=f"V/v triển khai nhiệm vụ cải cách hành chính năm 2023 (số đến {i + 1})",
                unit="" if i % 31 == 11 else rng.choice((*DOC_UNITS, "Lãnh đạo Văn phòng")),
                form=form,
                signed="Có" if FORMS[form] != "Giấy" else "Không",
                direction="Đến",
                arrival=When(arrival, "cell_dt" if i % 2 else "dmy_hm"),
                arrival_no=i + 1,
                author=author,
            )
        )
    return docs


OUT_HEADER = (
    "STT",
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung",
    "Loại văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị soạn thảo",
    "Hình thức",
    "Ký số",
    "Ghi chú",
)
IN_HEADER = (
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung",
    "Đơn vị hoặc người nhận",
    "Hình thức",
    "Ký số",
    "Ghi chú",
)


def outgoing_rows(docs: list[Document]) -> list[list]:
    return [list(OUT_HEADER)] + [
        [
            i,
            d.number,
            d.doc_date,
            f"{d.kind} {d.summary}",
            d.kind,
            d.signer,
            d.recipients,
            d.unit,
            d.form,
            d.signed,
            "",
        ]
        for i, d in enumerate(docs, start=1)
    ]


def incoming_rows(docs: list[Document]) -> list[list]:
    return [list(IN_HEADER)] + [
        [d.arrival, d.arrival_no, d.author, d.number, d.doc_date, d.summary, d.unit, d.form, d.signed, ""]
        for d in docs
    ]


def register_sheet(title: str, rows: list[list]) -> Sheet:
    sheet = Sheet("Sổ đăng ký")
    letterhead(sheet, len(rows[0]), ISSUER, [title, "Năm 2023"])
    for r in rows:
        sheet.line(r)
    sheet.widths = {c: 18 for c in range(len(rows[0]))}
    return sheet


# --- task tracker -----------------------------------------------------------------------

TASK_SOURCES = (
    ("Chính phủ", "Nghị quyết số 01/NQ-CP"),
    ("Thủ tướng Chính phủ", "Chỉ thị số 23/CT-TTg"),
    ("UBND tỉnh", "Kế hoạch số 248/KH-UBND"),
    ("Chủ tịch UBND tỉnh", "Công văn số 1234/UBND-KSTT"),
)
TASK_UNITS = ("Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Nội chính", "Trung tâm Phục vụ hành chính công")
TASK_VERBS = (
    "Rà soát",
    "Xây dựng",
    "Tổ chức triển khai",
    "Báo cáo kết quả",
    "Kiểm tra việc thực hiện",
    "Tham mưu ban hành",
)
TASK_OBJECTS = (
    "kế hoạch cải cách hành chính năm 2023",
    "quy trình nội bộ giải quyết thủ tục hành chính",
    "phương án đơn giản hóa thủ tục hành chính",
    "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "chỉ số hài lòng của người dân, tổ chức",
    "cung cấp dịch vụ công trực tuyến toàn trình",
    "công tác văn thư, lưu trữ điện tử",
    "thực hiện chế độ báo cáo định kỳ",
)


def tasks(seed: int, n: int) -> list[Task]:
    rng = random.Random(seed)
    titles = [f"{v} {o}" for v in TASK_VERBS for o in TASK_OBJECTS]
    rng.shuffle(titles)
    out = []
    for i in range(n):
        source, doc = rng.choice(TASK_SOURCES)
        assigned = dt.date(2022, 11, 1) + dt.timedelta(days=rng.randint(0, 235))
        if i % 6 == 2:
            due: When | str = NO_DEADLINE[(i // 6) % 2]
            due_day = None
        else:
            due_day = assigned + dt.timedelta(days=rng.randint(20, 120))
            due = When(dt.datetime.combine(due_day, dt.time()), "cell_date" if i % 2 else "dmy")
        completed = None
        if rng.random() < 0.6:
            limit = due_day or assigned + dt.timedelta(days=90)
            day = assigned + dt.timedelta(days=rng.randint(3, (limit - assigned).days + 25))
            if day <= dt.date(2023, 7, 4):
                completed = When(dt.datetime.combine(day, dt.time()), "dmy" if i % 3 else "cell_date")
        out.append(
            Task(
                titles[i],
                source,
                doc,
                rng.choice(TASK_UNITS),
                When(dt.datetime.combine(assigned, dt.time()), "cell_date" if i % 2 else "dmy"),
                due,
                completed,
                "Đã báo cáo UBND tỉnh" if completed and i % 4 == 0 else "",
            )
        )
    return sorted(out, key=lambda t: (t.assigned.read, t.title))


TASK_HEADER = (
    "STT",
    "Nội dung nhiệm vụ",
    "Cơ quan giao",
    "Văn bản giao",
    "Đơn vị chủ trì",
    "Ngày giao",
    "Thời hạn",
    "Ngày hoàn thành",
    "Ghi chú",
)


def task_rows(items: list[Task], numbers: list[int] | None = None) -> list[list]:
    numbers = numbers or list(range(1, len(items) + 1))
    return [list(TASK_HEADER)] + [
        [k, t.title, t.source, t.doc, t.unit, t.assigned, t.due, t.completed, t.note]
        for k, t in zip(numbers, items)
    ]


def task_sheet(rows: list[list]) -> tuple[Sheet, int]:
    sheet = Sheet("Theo dõi nhiệm vụ")
    letterhead(
        sheet,
        len(rows[0]),
        ISSUER,
        ["BẢNG THEO DÕI TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO", "(Cập nhật đến ngày 05/07/2023)"],
    )
    for r in rows:
        sheet.line(r)
    sheet.widths = {1: 50, 2: 20, 3: 26, 4: 26, 5: 12, 6: 14, 7: 14, 8: 24}
    return sheet, sheet.row - len(rows) + 2


# --- training list ------------------------------------------------------------------------

COURSES = (
    ("Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên", "Bồi dưỡng"),
    ("Bồi dưỡng lãnh đạo, quản lý cấp phòng", "Bồi dưỡng"),
    ("Trung cấp lý luận chính trị - hành chính", "Đào tạo"),
    ("Thạc sĩ Quản lý công", "Đào tạo"),
    ("Tập huấn kỹ năng kiểm soát thủ tục hành chính", "Tập huấn"),
    ("Tập huấn Hệ thống thông tin báo cáo Chính phủ", "Tập huấn"),
)
POSITIONS = ("Chuyên viên", "Chuyên viên chính", "Phó Trưởng phòng", "Trưởng phòng", "Nhân viên")


def training(seed: int, n: int, people: People) -> list[Training]:
    rng = random.Random(seed)
    staff = [
        (people.name(), dt.date(1965, 1, 1) + dt.timedelta(days=rng.randint(0, 11_000))) for _ in range(n - 6)
    ]
    out = []
    for i in range(n):
        name, born = staff[i % len(staff)]
        course, kind = COURSES[(i * 5 + i // len(staff)) % len(COURSES)]
        plan = None if i % 7 == 3 else (2022 if i % 11 == 4 else 2023)
        start = end = None
        if i % 9 != 5:
            sday = dt.date(2023, 1, 9) + dt.timedelta(days=rng.randint(0, 250))
            start = When(dt.datetime.combine(sday, dt.time()), "dmy" if i % 2 else "cell_date")
            end = When(
                dt.datetime.combine(sday + dt.timedelta(days=rng.randint(2, 75)), dt.time()),
                "dmy" if i % 3 else "cell_date",
            )
        out.append(
            Training(
                name,
                When(dt.datetime.combine(born, dt.time()), "dmy" if i % 2 else "cell_date"),
                rng.choice(POSITIONS),
                rng.choice(DOC_UNITS),
                course,
                kind,
                plan,
                start,
                end,
            )
        )
    return out


TRAINING_HEADER = (
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Chức vụ",
    "Đơn vị",
    "Nội dung đào tạo",
    "Loại hình đào tạo",
    "Năm kế hoạch",
    "Từ ngày",
    "Đến ngày",
)


def training_sheet(items: list[Training]) -> Sheet:
    width = len(TRAINING_HEADER)
    sheet = Sheet("Danh sách")
    letterhead(
        sheet,
        width,
        ISSUER,
        ["DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC ĐƯỢC CỬ ĐI ĐÀO TẠO, BỒI DƯỠNG", "NĂM 2023"],
    )
    sheet.line(list(TRAINING_HEADER))
    for i, t in enumerate(items, start=1):
        sheet.line(
            [
                i,
                t.name,
                t.birth,
                t.position,
                t.unit,
                t.course,
                t.kind,
                "" if t.plan_year is None else (t.plan_year if i % 2 else str(t.plan_year)),
                t.start,
                t.end,
            ]
        )
    footer(
        sheet,
        width,
        f"Tổng số: {len(items)} lượt người",
        "Hải Đông, ngày 05 tháng 07 năm 2023",
        ("NGƯỜI LẬP BIỂU", "CHÁNH VĂN PHÒNG"),
        ("Đoàn Thị Mỹ Lệ", "Vương Đình Khải"),
    )
    return sheet


# --- old and odd Excel ------------------------------------------------------------------------


def cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, When):
        return v.text
    return str(v)


def html_xls(rows: list[list], title: str) -> bytes:
    """A web portal's "Excel" export: an HTML table saved as .xls, UTF-8 with a meta charset."""
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in rows[0])
    body = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(cell_text(v))}</td>" for v in r) + "</tr>" for r in rows[1:]
    )
    page = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">\n<head>\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n</head>\n<body>\n'
        f'<table border="1">\n<tr><td colspan="{len(rows[0])}"><b>{html.escape(title)}</b></td></tr>\n'
        f"<tr>{head}</tr>\n{body}\n</table>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


def xml2003_xls(rows: list[list], sheet: str) -> bytes:
    """Excel 2003 XML Spreadsheet (SpreadsheetML), as many web systems export under .xls."""

    def cell(v) -> str:
        if v is None or v == "":
            return "<Cell/>"
        if isinstance(v, When) and v.form.startswith("cell"):
            stamp = v.read.strftime("%Y-%m-%dT%H:%M:%S.000")
            return f'<Cell ss:StyleID="d"><Data ss:Type="DateTime">{stamp}</Data></Cell>'
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return f'<Cell><Data ss:Type="Number">{v}</Data></Cell>'
        return f'<Cell><Data ss:Type="String">{html.escape(cell_text(v), quote=False)}</Data></Cell>'

    table = "\n".join("   <Row>" + "".join(cell(v) for v in r) + "</Row>" for r in rows)
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"\n'
        ' xmlns:o="urn:schemas-microsoft-com:office:office"\n'
        ' xmlns:x="urn:schemas-microsoft-com:office:excel"\n'
        ' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
        ' <Styles>\n  <Style ss:ID="d"><NumberFormat ss:Format="dd/mm/yyyy"/></Style>\n </Styles>\n'
        f' <Worksheet ss:Name="{html.escape(sheet)}">\n  <Table>\n{table}\n  </Table>\n </Worksheet>\n'
        "</Workbook>\n"
    )
    return text.encode("utf-8")


def biff_xls(path: Path, rows: list[list], sheet: str) -> bool:
    """A real BIFF8 .xls written by xlwt; False (file left as it is) when xlwt is not installed."""
    try:
        import xlwt
    except ImportError:
        return False
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is None or v == "":
                continue
            if isinstance(v, When) and v.form.startswith("cell"):
                ws.write(r, c, v.read, date_style)
            else:
                ws.write(r, c, v if isinstance(v, (int, float)) else cell_text(v))
    wb.save(str(path))
    return True


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A minimal Word document (what an office leaves beside its data), with fixed zip dates."""
    body = "".join(f"<w:p><w:r><w:t>{html.escape(p, quote=False)}</w:t></w:r></w:p>" for p in paragraphs)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument'
            '.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2023, 7, 5, 8, 0, 0)), text.encode("utf-8"))
    return buffer.getvalue()


# --- expectations -----------------------------------------------------------------------------


def personal_values(dossiers=(), people=()) -> list[str]:
    """Applicants' names, addresses and phone numbers; staff names and dates of birth (both text forms)."""
    values = []
    for d in dossiers:
        values += [d.applicant, d.address, d.phone]
    for t in people:
        values += [t.name, t.birth.read.strftime("%d/%m/%Y"), t.birth.read.strftime("%Y-%m-%d")]
    return sorted(set(values))


def coverage(
    dossiers: list[Dossier], documents: list[Document], items: list[Task], trained: list[Training]
) -> dict[str, list[str]]:
    """First and last activity day per dataset (dd/mm/yyyy): what happened, never a deadline."""
    days = {
        "ho_so": [w.read for d in dossiers for w in (d.received, d.resolved) if w is not None],
        "van_ban": [(d.arrival if d.direction == "Đến" else d.doc_date).read for d in documents],
        "nhiem_vu": [w.read for t in items for w in (t.assigned, t.completed) if w is not None],
        "dao_tao": [w.read for t in trained for w in (t.start, t.end) if w is not None],
    }
    return {k: [min(v).strftime("%d/%m/%Y"), max(v).strftime("%d/%m/%Y")] for k, v in days.items()}


def read_dates(dossiers: list[Dossier]) -> dict[str, list[str | None]]:
    """Dossier id -> [received, due, resolved] as a correct reader stores them (ISO, time kept)."""
    iso = lambda w: None if w is None else w.read.isoformat(sep=" ")  # noqa: E731
    return {d.id: [iso(d.received), iso(d.due), iso(d.resolved)] for d in dossiers}


def write_expected(folder: Path, **expected) -> None:
    text = json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=False)
    (folder / "expected.json").write_text(text + "\n", encoding="utf-8")


def build(out: Path) -> tuple[list[Path], list[Path]]:
    """Write every case folder under ``out``; return (files written, files left as they were)."""
    kept: list[Path] = []
    people = People(90, _published_names())
    h1 = ("2023-H1",)

    def folder(name: str) -> Path:
        d = out / name
        if d.exists():
            for p in d.iterdir():
                if p.suffix != ".xls" or p.name != "nhiem_vu_2023.xls":
                    p.unlink() if p.is_file() else shutil.rmtree(p)
        d.mkdir(parents=True, exist_ok=True)
        return d

    # 1. one-stop dossiers
    mot_cua = one_stop_dossiers(1, 140, people)
    hs_facts = [dossier_fact(d) for d in mot_cua]
    d = folder("mot_cua")
    sheet, first = one_stop_sheet(mot_cua)
    write_xlsx(d / "ho_so_mot_cua_2023.xlsx", [sheet])
    write_expected(
        d,
        about="one-stop dossier register: letterhead, two-row header under 'Thời gian', column "
        "numbers, date-times as cells and text, channel and withdrawn wordings, footer",
        exit=0,
        words=["Dữ liệu hợp lệ", "ho_so_mot_cua_2023.xlsx"],
        absent_words=[],
        errors={},
        warnings={},
        notices={"footer_rows": ["ho_so_mot_cua_2023.xlsx"]},
        rows={"ho_so": len(mot_cua)},
        first_data_row=first,
        figures=figures(h1, dossiers=hs_facts),
        dates=read_dates(mot_cua),
        personal_values=personal_values(mot_cua),
    )

    # 2. e-office registers
    out_docs, in_docs = outgoing_documents(2, 90), incoming_documents(3, 90)
    vb_facts = [document_fact(x) for x in out_docs + in_docs]
    d = folder("van_phong_dien_tu")
    write_xlsx(d / "van_ban_di_2023.xlsx", [register_sheet("SỔ ĐĂNG KÝ VĂN BẢN ĐI", outgoing_rows(out_docs))])
    write_xlsx(
        d / "van_ban_den_2023.xlsx", [register_sheet("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", incoming_rows(in_docs))]
    )
    write_expected(
        d,
        about="outgoing and incoming registers (Nghị định 30/2020, Phụ lục IV): direction from the "
        "file name, 'Loại văn bản' is the document type, incoming counted by 'Ngày đến', "
        "form wordings, empty units",
        exit=0,
        words=["Dữ liệu hợp lệ"],
        absent_words=[],
        errors={},
        warnings={},
        notices={},
        rows={"van_ban": len(out_docs) + len(in_docs)},
        direction_counts={"Đi": len(out_docs), "Đến": len(in_docs)},
        figures=figures(("2023-H1", "2023-01", "2023-03"), documents=vb_facts),
    )

    # 3. task tracker without an id column; the same file re-sorted; an exact duplicate row
    items = tasks(4, 44)
    nv_facts = [task_fact(t) for t in items]
    nv_fig = figures(h1, tasks=nv_facts)
    d = folder("theo_doi_nhiem_vu")
    sheet, first = task_sheet(task_rows(items))
    write_xlsx(d / "nhiem_vu_2023.xlsx", [sheet])
    write_expected(
        d,
        about="task tracker with no id column: generated ids; deadlines 'Thường xuyên', 'Không thời hạn'",
        exit=0,
        words=["Dữ liệu hợp lệ", "nhiem_vu_2023.xlsx"],
        absent_words=[],
        errors={},
        warnings={},
        notices={"generated_ids": ["nhiem_vu_2023.xlsx"]},
        rows={"nhiem_vu": len(items)},
        figures=nv_fig,
    )
    resorted = sorted(items, key=lambda t: (t.unit, t.title))
    d = folder("theo_doi_nhiem_vu_sap_xep")
    write_xlsx(d / "nhiem_vu_2023.xlsx", [task_sheet(task_rows(resorted))[0]])
    write_expected(
        d,
        about="the same tracker sorted by unit and renumbered: the same generated ids",
        exit=0,
        words=["Dữ liệu hợp lệ"],
        absent_words=[],
        errors={},
        warnings={},
        notices={"generated_ids": ["nhiem_vu_2023.xlsx"]},
        rows={"nhiem_vu": len(items)},
        same_ids_as="theo_doi_nhiem_vu",
        figures=nv_fig,
    )
    dup_index = 9
    rows = task_rows(items)
    rows.append(list(rows[dup_index + 1]))
    d = folder("theo_doi_nhiem_vu_trung_dong")
    write_xlsx(d / "nhiem_vu_2023.xlsx", [task_sheet(rows)[0]])
    dup_rows = [first + dup_index, first + len(items)]
    write_expected(
        d,
        about="the tracker with one row pasted twice (an exact duplicate)",
        exit=2,
        words=["nhiem_vu_2023.xlsx", f"dòng {dup_rows[1]}", str(dup_rows[0])],
        absent_words=[],
        errors={"duplicate_row": 1},
        warnings={},
        notices={},
        duplicate_rows=dup_rows,
    )

    # 4. training list without id or staff id
    staff_people = People(40, people.taken)
    trained = training(5, 40, staff_people)
    dt_facts = [training_fact(t) for t in trained]
    d = folder("nhan_su_dao_tao")
    write_xlsx(d / "dao_tao_2023.xlsx", [training_sheet(trained)])
    write_expected(
        d,
        about="HR training list: no id, no staff id, 'Từ ngày'/'Đến ngày', dates of birth, "
        "footer 'Tổng số: 40 lượt người'",
        exit=0,
        words=["Dữ liệu hợp lệ", "dao_tao_2023.xlsx"],
        absent_words=[],
        errors={},
        warnings={},
        notices={"generated_ids": ["dao_tao_2023.xlsx"], "footer_rows": ["dao_tao_2023.xlsx"]},
        rows={"dao_tao": len(trained)},
        figures=figures(h1, training=dt_facts),
        personal_values=personal_values(people=trained),
    )

    # 5. mapping file
    zalo_units = ("UBND huyện Tân Phú", "UBND thị xã Hòa Bình", "Sở Tư pháp")
    gen = Dossiers(6, people, agency="000.00.31.H99")
    zalo = [
        gen.random(
            dt.date(2023, 1, 3),
            dt.date(2023, 6, 20),
            ("dmy_hm", "dmy", "cell_dt")[i % 3],
            latest=dt.date(2023, 6, 30),
            units=zalo_units,
            channels=("Qua ứng dụng Zalo", "Trực tiếp", "Trực tuyến"),
        )
        for i in range(36)
    ]
    zalo.sort(key=lambda x: (x.received.read, x.id))
    zalo_channels = {**CHANNELS, "Qua ứng dụng Zalo": "Trực tuyến"}
    zalo_facts = [dossier_fact(x, channels=zalo_channels) for x in zalo]
    mapping = (
        "# Ánh xạ tên cột và giá trị của phần mềm một cửa huyện sang tên chuẩn của cchc\n"
        "# (xem docs/data-contract.md)\n\n"
        '[ho_so.columns]\n"Cơ quan thực hiện" = "unit"\n\n'
        '[ho_so.values.channel]\n"Qua ứng dụng Zalo" = "Trực tuyến"\n'
    )
    zalo_rows = simple_dossier_rows(zalo, unit_header="Cơ quan thực hiện")
    d = folder("anh_xa")
    write_xlsx(
        d / "ho_so_2023.xlsx", [titled_sheet("DanhSach", "DANH SÁCH HỒ SƠ TIẾP NHẬN NĂM 2023", zalo_rows)]
    )
    (d / "anh_xa.toml").write_text(mapping, encoding="utf-8")
    write_expected(
        d,
        about="'Cơ quan thực hiện' mapped to unit and 'Qua ứng dụng Zalo' to Trực tuyến by anh_xa.toml",
        exit=0,
        words=["Dữ liệu hợp lệ"],
        absent_words=[],
        errors={},
        warnings={},
        notices={},
        rows={"ho_so": len(zalo)},
        figures=figures(h1, dossiers=zalo_facts),
    )
    broken = {
        "anh_xa_loi_bo_du_lieu": (
            mapping.replace("[ho_so.values.channel]", "[hoso.values.channel]"),
            7,
            "hoso",
            "an unknown dataset section",
        ),
        "anh_xa_loi_cot": (
            mapping.replace('= "unit"', '= "don_vi"'),
            5,
            "don_vi",
            "an unknown canonical column",
        ),
        "anh_xa_loi_gia_tri": (
            mapping.replace('= "Trực tuyến"', '= "Zalo"'),
            8,
            "Zalo",
            "an unknown canonical value",
        ),
    }
    for name, (text, line, word, about) in broken.items():
        d = folder(name)
        write_xlsx(
            d / "ho_so_2023.xlsx", [titled_sheet("DanhSach", "DANH SÁCH HỒ SƠ TIẾP NHẬN NĂM 2023", zalo_rows)]
        )
        (d / "anh_xa.toml").write_text(text, encoding="utf-8")
        assert text.splitlines()[line - 1].count(word), (name, line)
        write_expected(
            d,
            about=f"anh_xa.toml with {about} on line {line}",
            exit=2,
            words=["anh_xa.toml", f"dòng {line}", word],
            absent_words=[],
            errors={"mapping": 1},
            warnings={},
            notices={},
            line=line,
        )

    # 6. old and odd Excel
    gen = Dossiers(7, people, agency="000.00.12.H99")
    web = [
        gen.random(
            dt.date(2023, 1, 3),
            dt.date(2023, 6, 20),
            ("dmy_hm", "dmy_hms", "dmy")[i % 3],
            latest=dt.date(2023, 7, 3),
        )
        for i in range(24)
    ]
    web.sort(key=lambda x: (x.received.read, x.id))
    old_out = outgoing_documents(8, 26)
    old_tasks = tasks(9, 20)
    d = folder("excel_cu")
    (d / "ho_so_cong_dvc.xls").write_bytes(html_xls(simple_dossier_rows(web), "DANH SÁCH HỒ SƠ"))
    (d / "van_ban_di_2023.xls").write_bytes(xml2003_xls(outgoing_rows(old_out), "Sổ văn bản đi"))
    if not biff_xls(d / "nhiem_vu_2023.xls", task_rows(old_tasks), "Nhiệm vụ"):
        kept.append(d / "nhiem_vu_2023.xls")
    write_expected(
        d,
        about="an .xls that is an HTML table, an .xls in Excel 2003 XML, a real BIFF .xls (xlwt)",
        exit=0,
        words=["Dữ liệu hợp lệ", "nhiem_vu_2023.xls"],
        absent_words=["Cfb error", "Invalid OLE signature"],
        errors={},
        warnings={},
        notices={"generated_ids": ["nhiem_vu_2023.xls"]},
        rows={"ho_so": len(web), "van_ban": len(old_out), "nhiem_vu": len(old_tasks)},
        dates=read_dates(web),
        figures=figures(
            h1,
            dossiers=[dossier_fact(x) for x in web],
            documents=[document_fact(x) for x in old_out],
            tasks=[task_fact(t) for t in old_tasks],
        ),
    )
    d = folder("excel_cu_hong")
    noise = random.Random(10)
    (d / "ho_so_2023.xls").write_bytes(bytes(noise.randrange(256) for _ in range(3000)))
    write_expected(
        d,
        about="an .xls of random bytes: save it as .xlsx, no reader jargon",
        exit=2,
        words=["ho_so_2023.xls", ".xlsx"],
        absent_words=["Cfb error", "Invalid OLE signature"],
        errors={"unreadable": 1},
        warnings={},
        notices={},
    )

    # 7. overlapping exports
    a_rows, b_rows, merged, conflicts, same = overlapping(people)
    d = folder("chong_lan")
    write_xlsx(
        d / "ho_so_a.xlsx",
        [titled_sheet("Sheet1", "DANH SÁCH HỒ SƠ (01/04/2023 - 30/09/2023)", simple_dossier_rows(a_rows))],
    )
    write_xlsx(
        d / "ho_so_b.xlsx",
        [titled_sheet("Sheet1", "DANH SÁCH HỒ SƠ (01/01/2023 - 20/06/2023)", simple_dossier_rows(b_rows))],
    )
    write_expected(
        d,
        about="ho_so_a.xlsx (Apr-Sep, newer) and ho_so_b.xlsx (Jan-Jun 20, older, last by name) "
        "overlap: the newer export's records are kept",
        exit=1,
        words=["ho_so_a.xlsx", "ho_so_b.xlsx", str(conflicts)],
        absent_words=[],
        errors={},
        warnings={"duplicate_id_conflict": 1},
        notices={"duplicate_id_same": []},
        conflicts=conflicts,
        identical=same,
        rows={"ho_so": len(merged)},
        kept_from={x.id: "ho_so_a.xlsx" for x in a_rows if x.received.read.date() <= dt.date(2023, 6, 20)},
        figures=figures(("2023-H1", "2023-Q3"), dossiers=[dossier_fact(x) for x in merged]),
    )

    # 8. the combined office folder for the full run
    d = folder("van_phong")
    write_xlsx(d / "ho_so_mot_cua_2023.xlsx", [one_stop_sheet(mot_cua)[0]])
    write_xlsx(d / "van_ban_di_2023.xlsx", [register_sheet("SỔ ĐĂNG KÝ VĂN BẢN ĐI", outgoing_rows(out_docs))])
    write_xlsx(
        d / "van_ban_den_2023.xlsx", [register_sheet("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", incoming_rows(in_docs))]
    )
    write_xlsx(d / "nhiem_vu_2023.xlsx", [task_sheet(task_rows(items))[0]])
    write_xlsx(d / "dao_tao_2023.xlsx", [training_sheet(trained)])
    shutil.copyfile(SAMPLE / "chi_tieu.xlsx", d / "chi_tieu.xlsx")
    shutil.copyfile(SAMPLE / "bao_cao.toml", d / "bao_cao.toml")
    write_expected(
        d,
        about="one file of each dataset above, the sample's key figures and report settings; "
        "`cchc run --period 2023-H1`",
        exit=0,
        words=["Dữ liệu hợp lệ"],
        absent_words=[],
        errors={},
        warnings={},
        notices={
            "footer_rows": ["dao_tao_2023.xlsx", "ho_so_mot_cua_2023.xlsx"],
            "generated_ids": ["dao_tao_2023.xlsx", "nhiem_vu_2023.xlsx"],
        },
        rows={
            "ho_so": len(mot_cua),
            "van_ban": len(out_docs) + len(in_docs),
            "nhiem_vu": len(items),
            "dao_tao": len(trained),
        },
        figures=figures(h1, dossiers=hs_facts, documents=vb_facts, tasks=nv_facts, training=dt_facts),
        coverage=coverage(mot_cua, out_docs + in_docs, items, trained),
        period_after_data="2024-H1",
        partial_period="2023",
        personal_values=personal_values(mot_cua, trained),
    )

    # 9. errors and warnings of `check`
    small = one_stop_dossiers(11, 30, People(111, people.taken))
    d = folder("loi_thieu_linh_vuc")
    blank = 11
    sheet, first = one_stop_sheet([replace(x, field="") if i == blank else x for i, x in enumerate(small)])
    write_xlsx(d / "ho_so_2023.xlsx", [sheet])
    write_expected(
        d,
        about="one dossier with an empty 'Lĩnh vực'",
        exit=2,
        words=["ho_so_2023.xlsx", f"dòng {first + blank}", "Lĩnh vực"],
        absent_words=[],
        errors={"required": 1},
        warnings={},
        notices={},
        row=first + blank,
    )

    d = folder("loi_khong_co_tep")
    (d / "ghi_chu.docx").write_bytes(
        docx_bytes(["Ghi chú: dữ liệu tháng 6 sẽ gửi sau.", "Người lập: Văn thư cơ quan."])
    )
    (d / "README.md").write_text(
        "# Dữ liệu báo cáo CCHC\n\nThư mục này để đặt các tệp xuất từ phần mềm.\n", encoding="utf-8"
    )
    write_expected(
        d,
        about="a folder with only a Word note and a README: no data file",
        exit=2,
        words=["ho_so", "nhiem_vu", "van_ban", "dao_tao"],
        absent_words=["Dữ liệu hợp lệ"],
        errors={"no_data_files": 1},
        warnings={},
        notices={},
    )

    d = folder("loi_khong_co_ho_so")
    write_xlsx(d / "ho_so_2023.xlsx", [one_stop_sheet([])[0]])
    write_expected(
        d,
        about="the one-stop register with its header and footer and no dossier",
        exit=2,
        words=["ho_so_2023.xlsx"],
        absent_words=["Dữ liệu hợp lệ"],
        errors={"no_records": 1},
        warnings={},
        notices={},
    )

    odd = ["Lưu tạm"] * 3 + ["Đã hủy"] * 2
    positions = (3, 8, 14, 20, 27)
    unknown = [
        replace(x, status=odd[positions.index(i)]) if i in positions else x for i, x in enumerate(small)
    ]
    d = folder("canh_bao_trang_thai")
    write_xlsx(d / "ho_so_2023.xlsx", [one_stop_sheet(unknown)[0]])
    write_expected(
        d,
        about="status values no one-stop wording list knows: 'Lưu tạm' (3), 'Đã hủy' (2)",
        exit=1,
        words=["ho_so_2023.xlsx", "Trạng thái", "Lưu tạm", "Đã hủy"],
        absent_words=[],
        errors={},
        warnings={"unknown_status": 1},
        notices={"footer_rows": ["ho_so_2023.xlsx"]},
        unknown_statuses={"Lưu tạm": 3, "Đã hủy": 2},
        rows={"ho_so": len(unknown)},
        figures=figures(h1, dossiers=[dossier_fact(x) for x in unknown]),
    )

    renames = {"Hình thức nộp": "Hình thức nôp", "Trạng thái": "Trạng thai"}
    d = folder("canh_bao_cot_bi_bo_qua")
    write_xlsx(d / "ho_so_2023.xlsx", [one_stop_sheet(small, renames=renames)[0]])
    write_expected(
        d,
        about="two headers with a typo ('Hình thức nôp', 'Trạng thai'): ignored, with a warning; "
        "channel and withdrawals are then unknown",
        exit=1,
        words=["ho_so_2023.xlsx", "Hình thức nôp", "Trạng thai"],
        absent_words=[],
        errors={},
        warnings={"ignored_column": 2},
        notices={"footer_rows": ["ho_so_2023.xlsx"]},
        rows={"ho_so": len(small)},
        figures=figures(h1, dossiers=[dossier_fact(x, ignore=("channel", "status")) for x in small]),
    )

    d = folder("loi_cot_gan_dung")
    write_xlsx(
        d / "ho_so_2023.xlsx", [one_stop_sheet(small, renames={"Ngày tiếp nhận": "Ngày tiếp nhân hồ sơ"})[0]]
    )
    write_expected(
        d,
        about="the required 'Ngày tiếp nhận' typed 'Ngày tiếp nhân hồ sơ': the missing column is an "
        "error, and the message names the look-alike header so the typo can be found",
        exit=2,
        words=["ho_so_2023.xlsx", "Ngày tiếp nhận", "Ngày tiếp nhân hồ sơ"],
        absent_words=[],
        errors={"missing_column": 1},
        warnings={},
        notices={},
    )

    numbered = one_stop_dossiers(13, 36, People(113, people.taken))
    breaks = {
        "Tên thủ tục hành chính": "Tên thủ tục\nhành chính",
        "Ngày tiếp nhận": "Ngày tiếp\nnhận",
        "Ngày có kết quả": "Ngày có\nkết quả",
        "Họ tên người nộp": "Họ tên\nngười nộp",
    }
    d = folder("cot_danh_so")
    sheet, first = one_stop_sheet(numbered, renames=breaks, numbers_as_cells=True)
    write_xlsx(d / "ho_so_2023.xlsx", [sheet])
    write_expected(
        d,
        about="the one-stop register with its column numbers typed as number cells 1 2 … 14 "
        "and headers wrapped onto two lines",
        exit=0,
        words=["Dữ liệu hợp lệ", "ho_so_2023.xlsx"],
        absent_words=[],
        errors={},
        warnings={},
        notices={"footer_rows": ["ho_so_2023.xlsx"]},
        rows={"ho_so": len(numbered)},
        first_data_row=first,
        figures=figures(h1, dossiers=[dossier_fact(x) for x in numbered]),
        personal_values=personal_values(numbered),
    )

    by_field = sorted(
        one_stop_dossiers(14, 36, People(114, people.taken)), key=lambda x: (x.field, x.received.read)
    )
    d = folder("o_gop_doc")
    write_xlsx(d / "ho_so_2023.xlsx", [merge_down(*one_stop_sheet(by_field), by_field, column=3)])
    write_expected(
        d,
        about="a register kept in Excel, sorted by field, with each field's 'Lĩnh vực' cell merged "
        "down over its dossiers: the merged value belongs to every row it covers",
        exit=0,
        words=["Dữ liệu hợp lệ", "ho_so_2023.xlsx"],
        absent_words=[],
        errors={},
        warnings={},
        notices={"footer_rows": ["ho_so_2023.xlsx"]},
        rows={"ho_so": len(by_field)},
        figures=figures(h1, dossiers=[dossier_fact(x) for x in by_field]),
    )

    d = folder("loi_gop_nhom")
    grouped_rows, bad = grouped_error_rows()
    write_xlsx(d / "ho_so_2023.xlsx", [titled_sheet_plain("Hồ sơ", grouped_rows)])
    write_expected(
        d,
        about="4.747 cells outside the channel list in one column: one grouped error line",
        exit=2,
        words=["ho_so_2023.xlsx", "Hình thức nộp", "4.747", "Công văn", "4.699", "Fax", "48", str(bad[0])],
        absent_words=[],
        errors={"enum": 4747},
        warnings={},
        notices={},
        grouped={
            "column": "Hình thức nộp",
            "cells": 4747,
            "values": {"Công văn": 4699, "Fax": 48},
            "first_rows": bad[:5],
        },
    )

    written = sorted(
        p for p in out.rglob("*") if p.is_file() and p.parent != out and "__pycache__" not in p.parts
    )
    return [p for p in written if p not in kept], kept


def merge_down(sheet: Sheet, first: int, dossiers: list[Dossier], column: int) -> Sheet:
    """Merge ``column`` down over each run of consecutive dossiers with the same field."""
    top, i = first - 1, 0
    while i < len(dossiers):
        j = i
        while j + 1 < len(dossiers) and dossiers[j + 1].field == dossiers[i].field:
            j += 1
        if j > i:
            sheet.merges.append((top + i, column, top + j, column))
            for k in range(i + 1, j + 1):
                sheet.cells.pop((top + k, column), None)
        i = j + 1
    return sheet


def titled_sheet_plain(name: str, rows: list[list]) -> Sheet:
    sheet = Sheet(name)
    for r in rows:
        sheet.line(r)
    return sheet


def grouped_error_rows() -> tuple[list[list], list[int]]:
    """4,800 dossiers; from row 55 on, 'Công văn' (4,699) or 'Fax' (48: rows 55, 155 … 4755)
    as the channel."""
    header = ["Mã hồ sơ", "Lĩnh vực", "Hình thức nộp", "Ngày tiếp nhận"]
    rows, bad = [header], []
    for i in range(4800):
        r = i + 2
        day = dt.date(2023, 1, 2) + dt.timedelta(days=i % 180)
        if r < 55:
            channel = ("Trực tuyến", "Trực tiếp", "BCCI")[i % 3]
        else:
            channel = "Fax" if (r - 55) % 100 == 0 else "Công văn"
            bad.append(r)
        rows.append(
            [
                f"000.00.12.H99-{day:%y%m%d}-{i + 1:04d}",
                PROCEDURES[i % len(PROCEDURES)][0],
                channel,
                day.strftime("%d/%m/%Y"),
            ]
        )
    return rows, bad


def overlapping(people: People) -> tuple[list[Dossier], list[Dossier], list[Dossier], int, int]:
    """Two exports of one system: b (01/01-20/06, exported 20/06) and a (01/04-30/09, exported 05/10).

    Returns (a, b, the merged truth with a's version of shared ids, conflicts, identical).
    """
    gen = Dossiers(12, people, agency="000.00.40.H99")
    truth = [
        gen.random(
            dt.date(2023, 1, 3),
            dt.date(2023, 9, 28),
            DATE_FORMS[i % len(DATE_FORMS)],
            latest=dt.date(2023, 10, 4),
        )
        for i in range(110)
    ]
    truth.sort(key=lambda x: (x.received.read, x.id))
    b_cut, a_from = dt.date(2023, 6, 20), dt.date(2023, 4, 1)
    withdrawn_later = next(
        x.id for x in truth if a_from <= x.received.read.date() <= b_cut and x.resolved is None
    )
    a_rows = [
        replace(x, status="Công dân rút hồ sơ") if x.id == withdrawn_later else x
        for x in truth
        if x.received.read.date() >= a_from
    ]

    def as_of_b(x: Dossier) -> Dossier:
        if x.resolved is not None and x.resolved.read.date() > b_cut:
            return replace(x, resolved=None, status="Đang xử lý")
        return x

    b_rows = [as_of_b(x) for x in truth if x.received.read.date() <= b_cut]
    a_by_id = {x.id: x for x in a_rows}
    shared = [x for x in b_rows if x.id in a_by_id]
    conflicts = sum(a_by_id[x.id] != x for x in shared)
    merged = [a_by_id.get(x.id, x) for x in b_rows] + [x for x in a_rows if x.received.read.date() > b_cut]
    return a_rows, b_rows, merged, conflicts, len(shared) - conflicts


def main(argv: list[str]) -> None:
    out = Path(argv[1]) if len(argv) > 1 else HERE
    files, kept = build(out)
    total = sum(p.stat().st_size for p in files + [k for k in kept if k.exists()])
    print(
        f"{len({p.parent for p in files})} cases, {len(files)} files written, {len(kept)} kept "
        f"({', '.join(p.name for p in kept) or '-'}), {total / 1024:.1f} KB in {out}"
    )


if __name__ == "__main__":
    main(sys.argv)
