"""Reporting periods: codes, Vietnamese labels, date ranges and cut-off conventions.

A period code names what a Vietnamese office reports on:

========================  ===========  ==================================
code                      kind         label
========================  ===========  ==================================
``2022``                  year         Năm 2022
``2022-H1`` / ``-H2``     half         06 tháng đầu năm 2022 / 06 tháng cuối năm 2022
``2022-Q1`` … ``-Q4``     quarter      Quý I/2022 … Quý IV/2022
``2022-9M``               nine_months  09 tháng đầu năm 2022
``2022-09``               month        Tháng 9/2022
``2022-01-15..2022-03-31``  range      Từ ngày 15/01/2022 đến ngày 31/03/2022
========================  ===========  ==================================

and the relative codes ``previous-month``, ``previous-quarter``,
``previous-half``, ``previous-year`` (the latest period of that kind that
has ended before ``today``) and ``year-to-date`` (from the start of the
year containing ``today`` to ``today``, inclusive), resolved against a
``today`` argument so a scheduled run can name "last quarter".

Two date conventions (``cutoff``):

``calendar`` (default)
    Calendar boundaries: a half-year runs 01/01–30/06.
``decree09``
    The data cut-off of Nghị định 09/2019/NĐ-CP: a month runs from the 15th
    of the previous month to the 14th; a quarter from the 15th of the month
    before it to the 14th of its last month; six months from 15/12 of the
    previous year to 14/06 (second half: 15/06–14/12); nine months from 15/12
    to 14/09; a year from 15/12 of the previous year to 14/12. The label
    then says which dates the figures cover. Explicit date ranges are taken
    as written under both conventions.

All dates are inclusive :class:`datetime.date` values.

>>> p = parse_period("2022-H1")
>>> p.label, p.start.isoformat(), p.end.isoformat()
('06 tháng đầu năm 2022', '2022-01-01', '2022-06-30')
>>> p.previous().code, p.year_earlier().code
('2021-H2', '2021-H1')
>>> parse_period("2022-H1", cutoff="decree09").label
'06 tháng đầu năm 2022 (số liệu từ 15/12/2021 đến 14/06/2022)'
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import config

CUTOFFS = ("calendar", "decree09")
RELATIVE_CODES = ("previous-month", "previous-quarter", "previous-half", "previous-year", "year-to-date")

#: Months covered by each kind (ranges have none).
_MONTHS = {"year": 12, "half": 6, "quarter": 3, "nine_months": 9, "month": 1}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

ACCEPTED_FORMS_VI = (
    "2022 (năm), 2022-H1 / 2022-H2 (6 tháng), 2022-Q1 … 2022-Q4 (quý), 2022-9M (9 tháng), "
    "2022-09 (tháng), 2022-01-15..2022-03-31 (khoảng ngày), previous-month, previous-quarter, "
    "previous-half, previous-year, year-to-date"
)
ACCEPTED_FORMS_EN = (
    "2022 (year), 2022-H1 / 2022-H2 (half-year), 2022-Q1 … 2022-Q4 (quarter), 2022-9M (nine "
    "months), 2022-09 (month), 2022-01-15..2022-03-31 (date range), previous-month, "
    "previous-quarter, previous-half, previous-year, year-to-date"
)


class PeriodError(ValueError):
    """A period code or cut-off convention that cannot be understood.

    The message is Vietnamese, followed by an English gloss, and lists the
    accepted forms.
    """


def _error(code: object, reason_vi: str = "", reason_en: str = "") -> PeriodError:
    vi = f"Mã kỳ báo cáo không hợp lệ: {code!r}."
    en = f"Invalid period code {code!r}."
    if reason_vi:
        vi += f" {reason_vi}"
        en += f" {reason_en}"
    return PeriodError(
        f"{vi} Các dạng được chấp nhận: {ACCEPTED_FORMS_VI}. ({en} Accepted forms: {ACCEPTED_FORMS_EN}.)"
    )


def _fmt(d: dt.date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _block_dates(year: int, first_month: int, months: int, cutoff: str) -> tuple[dt.date, dt.date]:
    """Start and end of ``months`` months starting at ``first_month`` of ``year``."""
    last_year, last_month = _shift_month(year, first_month, months - 1)
    if cutoff == "decree09":
        prev_year, prev_month = _shift_month(year, first_month, -1)
        return dt.date(prev_year, prev_month, 15), dt.date(last_year, last_month, 14)
    return dt.date(year, first_month, 1), _month_end(last_year, last_month)


def _check_cutoff(cutoff: str | None) -> str:
    cutoff = config.DEFAULT_CUTOFF if cutoff is None else str(cutoff).strip().lower()
    if cutoff not in CUTOFFS:
        raise PeriodError(
            f"Quy ước ngày chốt số liệu không hợp lệ: {cutoff!r}; chọn một trong: "
            f"{', '.join(CUTOFFS)}. (Invalid cut-off convention {cutoff!r}; choose one of: "
            f"{', '.join(CUTOFFS)}.)"
        )
    return cutoff


@dataclass(frozen=True)
class Period:
    """A reporting period: its code, kind, inclusive dates and cut-off convention.

    Build it with :func:`parse_period` (or the helpers :func:`make_period`,
    :func:`date_range`) rather than directly: the constructor does not check
    that ``start``/``end`` agree with ``code``.
    """

    code: str
    kind: str
    year: int
    #: 1-based index inside the year (half 1-2, quarter 1-4, month 1-12; 1 for year/9M/range).
    index: int
    start: dt.date
    end: dt.date
    cutoff: str = "calendar"

    # ------------------------------------------------------------ labels
    @property
    def base_label(self) -> str:
        """The label as reports write it, without the cut-off note."""
        if self.kind == "year":
            return f"Năm {self.year}"
        if self.kind == "half":
            return f"06 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        if self.kind == "quarter":
            return f"Quý {_ROMAN[self.index]}/{self.year}"
        if self.kind == "nine_months":
            return f"09 tháng đầu năm {self.year}"
        if self.kind == "month":
            return f"Tháng {self.index}/{self.year}"
        return self.range_label

    @property
    def label(self) -> str:
        """``06 tháng đầu năm 2022``; under ``decree09`` followed by the dates the figures cover."""
        if self.cutoff != "calendar" and self.kind != "range":
            return f"{self.base_label} (số liệu từ {_fmt(self.start)} đến {_fmt(self.end)})"
        return self.base_label

    @property
    def phrase(self) -> str:
        """The label as it reads inside a sentence: lower case ("quý III/2022", "năm 2022",
        "tháng 5/2023"); a date range reads "từ ngày 10/02/2022 đến ngày 20/04/2022".

        >>> parse_period("2022-Q3").phrase, parse_period("2022-9M").phrase
        ('quý III/2022', '09 tháng đầu năm 2022')
        """
        text = self.label
        return text[0].lower() + text[1:]

    @property
    def end_phrase(self) -> str:
        """ "ngày 31/12/2021": the period's last day, for stock figures ("Đến ngày …")."""
        return f"ngày {_fmt(self.end)}"

    @property
    def range_label(self) -> str:
        """``Từ ngày 01/01/2022 đến ngày 30/06/2022``."""
        return f"Từ ngày {_fmt(self.start)} đến ngày {_fmt(self.end)}"

    @property
    def months(self) -> int | None:
        """Number of months a named period spans (None for a date range)."""
        return _MONTHS.get(self.kind)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        return self.code

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    # ------------------------------------------------------------ neighbours
    def previous(self) -> Period:
        """The period of the same length just before this one.

        Year → previous year, half → previous half, quarter → previous
        quarter, month → previous month. Nine months (January–September)
        has no named predecessor of its length, so its previous period is
        the date range of the nine months just before it (April–December of
        the previous year under ``calendar``). A date range gives the range
        of as many days ending the day before it starts.
        """
        if self.kind == "year":
            return make_period("year", self.year - 1, 1, self.cutoff)
        if self.kind in ("half", "quarter", "month"):
            per_year = 12 // _MONTHS[self.kind]
            if self.index > 1:
                return make_period(self.kind, self.year, self.index - 1, self.cutoff)
            return make_period(self.kind, self.year - 1, per_year, self.cutoff)
        if self.kind == "nine_months":
            start, end = _block_dates(self.year - 1, 4, 9, self.cutoff)
            return date_range(start, end, self.cutoff)
        end = self.start - dt.timedelta(days=1)
        return date_range(end - dt.timedelta(days=self.days - 1), end, self.cutoff)

    def following(self) -> Period:
        """The period a report's section IV plans for: the next period of the same kind.

        Nine months (January–September) is followed by the fourth quarter; a
        date range by the range of as many days starting the day after it ends.

        >>> [parse_period(c).following().code for c in ("2022-H1", "2022-Q4", "2022-9M", "2022")]
        ['2022-H2', '2023-Q1', '2022-Q4', '2023']
        """
        if self.kind == "year":
            return make_period("year", self.year + 1, 1, self.cutoff)
        if self.kind == "nine_months":
            return make_period("quarter", self.year, 4, self.cutoff)
        if self.kind in ("half", "quarter", "month"):
            per_year = 12 // _MONTHS[self.kind]
            if self.index < per_year:
                return make_period(self.kind, self.year, self.index + 1, self.cutoff)
            return make_period(self.kind, self.year + 1, 1, self.cutoff)
        start = self.end + dt.timedelta(days=1)
        return date_range(start, start + dt.timedelta(days=self.days - 1), self.cutoff)

    def year_earlier(self) -> Period:
        """The same period one year earlier (29 February becomes 28 February)."""
        if self.kind != "range":
            return make_period(self.kind, self.year - 1, self.index, self.cutoff)
        return date_range(_minus_year(self.start), _minus_year(self.end), self.cutoff)


def _minus_year(d: dt.date) -> dt.date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def make_period(kind: str, year: int, index: int = 1, cutoff: str | None = None) -> Period:
    """A named period of ``kind`` (``year``, ``half``, ``quarter``, ``nine_months``, ``month``).

    >>> make_period("quarter", 2022, 3).label
    'Quý III/2022'
    """
    cutoff = _check_cutoff(cutoff)
    if kind == "year":
        code, first, months = f"{year:04d}", 1, 12
    elif kind == "half":
        code, first, months = f"{year:04d}-H{index}", 6 * (index - 1) + 1, 6
    elif kind == "quarter":
        code, first, months = f"{year:04d}-Q{index}", 3 * (index - 1) + 1, 3
    elif kind == "nine_months":
        code, first, months = f"{year:04d}-9M", 1, 9
    elif kind == "month":
        code, first, months = f"{year:04d}-{index:02d}", index, 1
    else:
        raise PeriodError(f"Loại kỳ không hợp lệ: {kind!r}. (Invalid period kind {kind!r}.)")
    limit = {"half": 2, "quarter": 4, "month": 12}.get(kind, 1)
    if not 1 <= index <= limit or not 1 <= year <= 9998:
        raise _error(code)
    start, end = _block_dates(year, first, months, cutoff)
    return Period(code, kind, year, index if kind in ("half", "quarter", "month") else 1, start, end, cutoff)


def date_range(start: dt.date, end: dt.date, cutoff: str | None = None) -> Period:
    """A period for an explicit inclusive date range (code ``YYYY-MM-DD..YYYY-MM-DD``)."""
    cutoff = _check_cutoff(cutoff)
    start, end = _as_date(start), _as_date(end)
    code = f"{start.isoformat()}..{end.isoformat()}"
    if end < start:
        raise _error(code, "Ngày bắt đầu sau ngày kết thúc.", "The start date is after the end date.")
    return Period(code, "range", end.year, 1, start, end, cutoff)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime().date()
    return dt.date.fromisoformat(str(value))


_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})-H([12])$", re.I)
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.I)
_NINE = re.compile(r"^(\d{4})-9M$", re.I)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$")


def parse_period(code: str | Period, today: dt.date | None = None, cutoff: str | None = None) -> Period:
    """A :class:`Period` from its code (a :class:`Period` is returned unchanged).

    Parameters
    ----------
    code
        ``2022``, ``2022-H1``, ``2022-Q3``, ``2022-9M``, ``2022-09``,
        ``2022-01-15..2022-03-31`` or a relative code (``previous-month``,
        ``previous-quarter``, ``previous-half``, ``previous-year``,
        ``year-to-date``). Case and surrounding spaces are ignored.
    today
        The date relative codes resolve against (default: the real date).
    cutoff
        ``calendar`` or ``decree09`` (default: :data:`cchc.config.DEFAULT_CUTOFF`).

    Raises
    ------
    PeriodError
        For a malformed code; the message lists the accepted forms.

    Examples
    --------
    >>> parse_period("previous-quarter", today=dt.date(2022, 7, 10)).code
    '2022-Q2'
    >>> parse_period("2022-09").label
    'Tháng 9/2022'
    """
    if isinstance(code, Period):
        return code
    cutoff = _check_cutoff(cutoff)
    if not isinstance(code, str):
        raise _error(code)
    text = code.strip()
    low = text.lower()
    if low in RELATIVE_CODES:
        return resolve_relative(low, today=today, cutoff=cutoff)
    if m := _YEAR.match(text):
        return make_period("year", int(m[1]), 1, cutoff)
    if m := _HALF.match(text):
        return make_period("half", int(m[1]), int(m[2]), cutoff)
    if m := _QUARTER.match(text):
        return make_period("quarter", int(m[1]), int(m[2]), cutoff)
    if m := _NINE.match(text):
        return make_period("nine_months", int(m[1]), 1, cutoff)
    if m := _MONTH.match(text):
        month = int(m[2])
        if not 1 <= month <= 12:
            raise _error(code, "Tháng phải từ 1 đến 12.", "The month must be 1 to 12.")
        return make_period("month", int(m[1]), month, cutoff)
    if m := _RANGE.match(text):
        try:
            start, end = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
        except ValueError:
            raise _error(code, "Ngày không có thật.", "A date does not exist.") from None
        return date_range(start, end, cutoff)
    raise _error(code)


def resolve_relative(code: str, today: dt.date | None = None, cutoff: str | None = None) -> Period:
    """Resolve ``previous-month`` … ``year-to-date`` against ``today``.

    ``previous-<kind>`` is the latest period of that kind (under ``cutoff``)
    that ended before ``today``; ``year-to-date`` runs from the start of the
    year (under ``cutoff``) that contains ``today`` to ``today`` inclusive.
    """
    cutoff = _check_cutoff(cutoff)
    today = _as_date(today) if today is not None else dt.date.today()
    code = code.strip().lower()
    if code == "year-to-date":
        year = containing(today, "year", cutoff)
        return date_range(year.start, today, cutoff)
    kinds = {
        "previous-month": "month",
        "previous-quarter": "quarter",
        "previous-half": "half",
        "previous-year": "year",
    }
    if code not in kinds:
        raise _error(code)
    return containing(today, kinds[code], cutoff).previous()


def containing(day: dt.date, kind: str, cutoff: str | None = None) -> Period:
    """The period of ``kind`` (under ``cutoff``) that contains ``day``."""
    cutoff = _check_cutoff(cutoff)
    day = _as_date(day)
    if kind not in ("year", "half", "quarter", "month"):
        raise PeriodError(f"Loại kỳ không hợp lệ: {kind!r}. (Invalid period kind {kind!r}.)")
    # Under decree09 a month runs 15th..14th and belongs to the month of its end.
    year, month = day.year, day.month
    if cutoff == "decree09" and day.day >= 15:
        year, month = _shift_month(year, month, 1)
    if kind == "year":
        return make_period("year", year, 1, cutoff)
    size = _MONTHS[kind]
    return make_period(kind, year, (month - 1) // size + 1, cutoff)


def _named(kind: str, start_year: int, start_index: int, cutoff: str) -> Iterator[Period]:
    per_year = 12 // _MONTHS[kind]
    year, index = start_year, start_index
    while True:
        yield make_period(kind, year, index, cutoff)
        index += 1
        if index > per_year:
            year, index = year + 1, 1


def periods_covering(
    start: dt.date, end: dt.date, kind: str, cutoff: str | None = None, partial: bool = False
) -> list[Period]:
    """All periods of ``kind`` (month, quarter, half, year) lying within ``start``..``end``.

    Used for trends. By default only periods entirely inside the range are
    returned; ``partial=True`` also keeps those that merely overlap it.

    >>> [p.code for p in periods_covering(dt.date(2021, 1, 1), dt.date(2021, 12, 31), "half")]
    ['2021-H1', '2021-H2']
    """
    cutoff = _check_cutoff(cutoff)
    start, end = _as_date(start), _as_date(end)
    if end < start:
        return []
    first = containing(start, kind, cutoff)
    out: list[Period] = []
    for p in _named(kind, first.year, first.index, cutoff):
        if p.start > end:
            break
        inside = p.start >= start and p.end <= end
        if inside or (partial and p.end >= start):
            out.append(p)
    return out


def months_in(period: str | Period, cutoff: str | None = None) -> list[Period]:
    """The months (under the period's cut-off) that overlap ``period``, in order.

    For named periods they tile the period exactly; for a date range the
    first and last month may reach outside it.

    >>> [m.code for m in months_in("2022-Q2")]
    ['2022-04', '2022-05', '2022-06']
    """
    p = parse_period(period, cutoff=cutoff)
    return periods_covering(p.start, p.end, "month", p.cutoff, partial=True)
