"""Turn a grid of raw cells into a typed frame, collecting every problem.

Each column kind of :mod:`cchc.contract` has one vectorised parser that
returns the typed values and a boolean mask of cells it rejected; the
rejected cells become :class:`~cchc.problems.Problem` rows naming file,
sheet, row, column and value. Nothing stops at the first problem: all
problems of a file are reported together.

Accepted forms (see ``docs/data-contract.md``):

- dates: real spreadsheet dates, or text ``dd/mm/yyyy``, ``d/m/yyyy``,
  ``dd-mm-yyyy``, ``dd.mm.yyyy``, ISO ``yyyy-mm-dd`` (a time part is
  ignored); never month-first;
- yes/no: Có/Không, x, ✓, 1/0, true/false, yes/no, đúng/sai; empty = no;
- numbers: spreadsheet numbers, or text in vi-VN form (``6.313.329.686``,
  ``94,35``) or plain (``1234.5``);
- text: NFC-normalised, stripped; empty = missing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .contract import KNOWN_STATUSES, PROVENANCE_COLUMNS, WITHDRAWN_STATUS, WITHDRAWN_WORDS, Column, Dataset
from .formatting import fmt_int
from .mapping import EMPTY, Mapping
from .problems import Problem
from .reading import CellError, Grid, Header, find_footer, is_blank, normalise_header

TRUE_WORDS = {"có", "co", "x", "✓", "✔", "1", "true", "yes", "y", "đúng", "đã ký", "đã ký số", "rồi"}
FALSE_WORDS = {"không", "khong", "0", "false", "no", "n", "sai", "chưa", "chưa ký", ""}
TOTAL_WORDS = {"tổng cộng", "tổng số", "tổng", "cộng", "total"}

_TIME = r"(?:[ T]+(\d{1,2})[:h](\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s*([AaPp][Mm]|SA|CH|sa|ch))?)?"
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})" + _TIME + "$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME + "$")
_TIME_FIRST = re.compile(r"^(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s+(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
#: Dates outside this window are typing mistakes (2099, 1899), not records.
DATE_WINDOW = (pd.Timestamp("1990-01-01"), pd.Timestamp("2060-12-31 23:59:59"))
_VI_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)$")


def _types(values: pd.Series) -> pd.Series:
    return values.map(type)


#: Cells looked at to guess whether a long column repeats its values.
DISTINCT_SAMPLE = 4096


def _mostly_distinct(values: pd.Series) -> bool:
    """Whether a long column is (almost) all distinct values, judged on an evenly spaced sample.

    An id column has a million distinct cells: factorising it to parse its
    distinct values would only add a pass. A sample of :data:`DISTINCT_SAMPLE`
    cells that is 90% distinct says so.
    """
    if len(values) <= 4 * DISTINCT_SAMPLE:
        return False
    sample = values.iloc[:: len(values) // DISTINCT_SAMPLE].astype(object)
    return sample.nunique(dropna=False) * 10 >= len(sample) * 9


def on_uniques(func):
    """Run a cell parser on the distinct cells only, then broadcast back.

    Spreadsheet columns repeat values (fields, units, dates), so parsing the
    distinct values and taking them back by code is many times faster than
    string operations on every cell. ``func`` must be elementwise: its result
    for a cell depends on that cell alone.
    """
    import functools

    @functools.wraps(func)
    def wrapper(values: pd.Series, *args, **kwargs):
        if len(values) < 64 or _mostly_distinct(values):
            return func(values, *args, **kwargs)
        codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
        if len(uniques) * 2 > len(values):
            return func(values, *args, **kwargs)
        has_na = (codes < 0).any()
        distinct = pd.Series(list(uniques) + ([None] if has_na else []), dtype=object)
        results = func(distinct, *args, **kwargs)
        codes = np.where(codes < 0, len(uniques), codes)

        def take(res: pd.Series) -> pd.Series:
            return pd.Series(
                res.to_numpy()[codes]
                if not isinstance(res.dtype, pd.api.extensions.ExtensionDtype)
                else res.array.take(codes),
                index=values.index,
                dtype=res.dtype,
            )

        if isinstance(results, tuple):
            return tuple(take(r) for r in results)
        return take(results)

    return wrapper


def _clean_string(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().replace("\u00a0", " ")


_CLEAN_STRINGS = np.frompyfunc(_clean_string, 1, 1)


def _clean_strings(values: pd.Series) -> pd.Series:
    """:func:`to_text` of a column holding only text and missing cells, in one pass."""
    cells = values.to_numpy(dtype=object, copy=True)
    present = np.flatnonzero(~pd.isna(cells))
    cleaned = _CLEAN_STRINGS(cells[present]).astype(object)
    cells[:] = pd.NA
    cells[present] = cleaned
    cells[present[cleaned == ""]] = pd.NA
    return pd.Series(pd.arrays.StringArray(cells), index=values.index)


@on_uniques
def to_text(values: pd.Series) -> pd.Series:
    """Cells as NFC, stripped ``string``; integral numbers lose their ``.0``.

    >>> to_text(pd.Series(["  Hà  Nội ", 12.0, "", None])).tolist()
    ['Hà  Nội', '12', <NA>, <NA>]
    """
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        return _clean_strings(values)
    kinds = _types(values)
    out = values.astype(object).copy()
    is_float = kinds.eq(float)
    if is_float.any():
        floats = pd.to_numeric(out[is_float], errors="coerce")
        integral = floats.notna() & (floats % 1 == 0)
        out.loc[floats.index[integral]] = floats[integral].astype("int64").astype(str)
    is_date = kinds.isin([dt.date, dt.datetime])
    if is_date.any():
        out.loc[is_date] = pd.to_datetime(out[is_date]).dt.strftime("%d/%m/%Y")
    text = out.where(out.notna(), "").astype(str).str.normalize("NFC").str.strip()
    text = text.str.replace("\u00a0", " ", regex=False)
    return text.mask(text.eq("")).astype("string")


@on_uniques
def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Typed date-times, a mask of rejected cells, and a hint code per rejected cell.

    The time of day is kept when the cell has one (a date-time cell, or text
    such as ``05/01/2022 14:35``, ``2022-01-05T14:35:00`` or ``14:35 05/01/2022``);
    a date alone is midnight. Hints: ``impossible`` (31/06/2022),
    ``month_first`` (06/31/2022), ``serial`` (an Excel serial number stored as
    a number or text), ``window`` (a year outside :data:`DATE_WINDOW`),
    ``format`` (anything else).
    """
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    hint = pd.Series("", index=values.index, dtype=object)
    kinds = _types(values)
    is_dt = kinds.isin([dt.date, dt.datetime, pd.Timestamp])
    if is_dt.any():
        result.loc[is_dt] = pd.to_datetime(values[is_dt], errors="coerce").dt.floor("s")
    text = to_text(values.where(~is_dt, None)).fillna("")
    is_number = kinds.isin([float, int]) & ~is_dt
    empty = text.eq("") & ~is_number
    candidates = ~is_dt & ~empty
    bad = pd.Series(False, index=values.index)
    if candidates.any():
        t = text[candidates]
        dmy = t.str.extract(_DMY)
        ymd = t.str.extract(_YMD)
        tfd = t.str.extract(_TIME_FIRST)

        def pick(d: int, y: int, f: int) -> pd.Series:
            return pd.to_numeric(dmy[d].fillna(ymd[y]).fillna(tfd[f]), errors="coerce")

        day, month, year = pick(0, 2, 3), pick(1, 1, 4), pick(2, 0, 5)
        hour = pick(3, 3, 0).fillna(0)
        half = dmy[6].fillna(ymd[6]).fillna("").str.upper()  # 02:35 PM / 02:35 CH (chiều)
        hour = hour.mask(half.isin(["PM", "CH"]) & (hour < 12), hour + 12)
        hour = hour.mask(half.isin(["AM", "SA"]) & (hour == 12), 0)
        minute = pick(4, 4, 1).fillna(0)
        second = pick(5, 5, 2).fillna(0)
        matched = day.notna()
        parts = pd.DataFrame(
            {"year": year, "month": month, "day": day, "hour": hour, "minute": minute, "second": second}
        )[matched]
        parsed = pd.to_datetime(parts, errors="coerce") if len(parts) else pd.Series(dtype="datetime64[ns]")
        ok = parsed.notna()
        result.loc[ok[ok].index] = parsed[ok]
        failed = t.index.difference(ok[ok].index)
        bad.loc[failed] = True
        hint.loc[failed] = "format"
        impossible = matched & ~ok.reindex(t.index, fill_value=False)
        hint.loc[impossible[impossible].index] = "impossible"
        month_first = impossible & (month > 12) & (day <= 12)
        hint.loc[month_first[month_first].index] = "month_first"
        serial = t.str.fullmatch(r"\d{5}(\.0+)?")
        hint.loc[serial[serial].index] = "serial"
    outside = result.notna() & ((result < DATE_WINDOW[0]) | (result > DATE_WINDOW[1]))
    if outside.any():
        bad = bad | outside
        hint = hint.mask(outside, "window")
        result = result.mask(outside)
    return result, bad, hint


DATE_HINTS = {
    "impossible": ("ngày không có thật trên lịch", "not a real calendar date"),
    "month_first": (
        "có vẻ ghi tháng trước ngày (mm/dd/yyyy); hãy ghi ngày trước: dd/mm/yyyy",
        "looks month-first (mm/dd/yyyy); write day first: dd/mm/yyyy",
    ),
    "serial": (
        "là số sê-ri ngày của Excel lưu dạng số/văn bản; hãy định dạng ô là ngày (dd/mm/yyyy)",
        "an Excel date serial stored as a number or text; format the cell as a date (dd/mm/yyyy)",
    ),
    "window": (
        "năm nằm ngoài khoảng 1990–2060, có thể gõ nhầm năm",
        "the year is outside 1990–2060, probably mistyped",
    ),
    "format": (
        "không phải ngày hợp lệ; dùng ngày của bảng tính hoặc dd/mm/yyyy",
        "not a valid date; use a spreadsheet date or dd/mm/yyyy",
    ),
}


@on_uniques
def parse_bool(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Yes/no cells to ``bool`` (empty = False) and a mask of rejected cells."""
    kinds = _types(values)
    key = to_text(values).fillna("").map(normalise_header)
    is_bool = kinds.eq(bool)
    true = key.isin(TRUE_WORDS) | (is_bool & values.eq(True))
    false = key.isin(FALSE_WORDS) | (is_bool & values.eq(False))
    return true.astype(bool), ~(true | false)


@on_uniques
def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numeric cells to ``float64`` and a mask of rejected (non-empty, non-number) cells."""
    kinds = _types(values)
    is_num = kinds.isin([float, int]) & ~kinds.eq(bool)
    out = pd.Series(np.nan, index=values.index, dtype="float64")
    out.loc[is_num] = pd.to_numeric(values[is_num], errors="coerce")
    text = to_text(values.where(~is_num, None)).fillna("").str.replace(" ", "", regex=False)
    text = text.str.replace(r"(đồng|đ|%)$", "", regex=True)
    vi = text.str.match(_VI_THOUSANDS)
    plain = text.str.match(_PLAIN_NUMBER)
    converted = text.where(~vi, text.str.replace(".", "", regex=False)).str.replace(",", ".", regex=False)
    parsed = pd.to_numeric(converted.where(vi | plain), errors="coerce")
    out = out.where(is_num, parsed)
    bad = text.ne("") & out.isna()
    return out, bad


def parse_years(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Year cells to ``Int64`` (1900–2100) and a mask of rejected cells."""
    numbers, bad = parse_numbers(values)
    invalid = numbers.notna() & ((numbers % 1 != 0) | (numbers < 1900) | (numbers > 2100))
    return numbers.where(~invalid).astype("Int64"), bad | invalid


@on_uniques
def parse_enum(
    values: pd.Series, column: Column, extra: dict[str, str] | None = None
) -> tuple[pd.Series, pd.Series]:
    """Cells of an enumerated column to their canonical value, and a mask of values outside the set.

    ``extra`` adds the office's own wordings (``anh_xa.toml``).
    """
    text = to_text(values)
    key = text.fillna("").map(normalise_header)
    lookup = {normalise_header(k): v for k, v in column.values.items()}
    lookup.update({normalise_header(v): v for v in column.values.values()})
    lookup.update({normalise_header(k): v for k, v in (extra or {}).items()})
    mapped = key.map(lookup)
    bad = text.notna() & mapped.isna()
    return mapped.astype("string"), bad


def parse_periods(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Period codes (``2022-H1``…) checked with :func:`cchc.periods.parse_period`."""
    from .periods import parse_period  # local: periods is a sibling module

    text = to_text(values)
    unique = text.dropna().unique()
    canonical: dict[str, str | None] = {}
    for code in unique:  # distinct codes only: a handful
        try:
            period = parse_period(str(code))
            canonical[code] = None if period.kind == "relative" else period.code
        except Exception:
            canonical[code] = None
    for code in list(canonical):
        if canonical[code] is not None and str(code).casefold().startswith(("previous", "year-to")):
            canonical[code] = None
    mapped = text.map(canonical)
    bad = text.notna() & mapped.isna()
    return mapped.astype("string"), bad


def _problem_rows(
    mask: pd.Series,
    raw: pd.Series,
    grid: Grid,
    column: Column,
    header: str,
    dataset: Dataset,
    vi: str,
    en: str,
    code: str,
) -> list[Problem]:
    rows = mask[mask].index
    values = to_text(raw.loc[rows]).fillna("")
    return [
        Problem(
            "error",
            vi,
            en,
            file=grid.file,
            sheet=grid.sheet,
            row=int(r),
            column=header,
            value=str(v),
            dataset=dataset.name,
            code=code,
        )
        for r, v in zip(rows, values)  # one per rejected cell: problems only
    ]


def _plural_rows(rows: list[int]) -> str:
    return f"{rows[0]}" if len(rows) == 1 else f"{rows[0]}–{rows[-1]}"


@dataclass(frozen=True)
class FileContext:
    """What a file's name and the office's mapping file say about how to read it."""

    #: canonical column -> value for every record, when the file has no such column
    #: (``direction`` of a ``van_ban_di`` register)
    constants: dict[str, str] = field(default_factory=dict)
    #: the office's ``anh_xa.toml``
    mapping: Mapping = EMPTY


def _normalise_status(text: pd.Series, extra: dict[str, str]) -> pd.Series:
    lookup = {normalise_header(w): WITHDRAWN_STATUS for w in WITHDRAWN_WORDS}
    lookup.update({normalise_header(k): v for k, v in extra.items()})
    key = text.fillna("").map(normalise_header)
    return text.mask(key.isin(lookup), key.map(lookup)).astype("string")


def _status_warning(
    status: pd.Series, extra: dict[str, str], grid: Grid, header: str, dataset: Dataset
) -> list[Problem]:
    known = {normalise_header(w) for w in (*KNOWN_STATUSES, *WITHDRAWN_WORDS, *extra)}
    counts = status.dropna().value_counts()
    unknown = counts[~counts.index.map(lambda v: normalise_header(v) in known)]
    if unknown.empty:
        return []
    listed = "; ".join(f"'{v}' ({fmt_int(n)})" for v, n in unknown.head(10).items())
    more = f"; … và {len(unknown) - 10} giá trị khác" if len(unknown) > 10 else ""
    more_en = f"; … and {len(unknown) - 10} more values" if len(unknown) > 10 else ""
    return [
        Problem(
            "warning",
            f"Trạng thái không có trong danh mục: {listed}{more}. Hồ sơ có các trạng thái này được tính "
            f"là chưa rút; nếu đó là cách ghi khác của '{WITHDRAWN_STATUS}', hãy khai báo trong anh_xa.toml "
            f"([ho_so.values.status]).",
            f"Status values not in the known list: {listed}{more_en}. Dossiers with them count as not "
            f"withdrawn; if one is another wording of '{WITHDRAWN_STATUS}', declare it in anh_xa.toml "
            "([ho_so.values.status]).",
            file=grid.file,
            sheet=grid.sheet,
            column=header,
            value=str(unknown.index[0]),
            dataset=dataset.name,
            code="unknown_status",
        )
    ]


def _hex(hashes: np.ndarray, index: pd.Index) -> pd.Series:
    return pd.Series(np.char.mod("%016x", hashes.astype(np.uint64)), index=index, dtype="string")


def _content_ids(frame: pd.DataFrame, dataset: Dataset) -> pd.Series:
    """A stable id per record from its dataset and content, never its row.

    Re-sorting a sheet changes nothing, and the same record in two exports
    (an older and a newer tracker) gets the same id, so it is counted once.
    """
    content = frame[[c.name for c in dataset.columns if not c.unique]].astype("string")
    hashes = pd.util.hash_pandas_object(content, index=False).to_numpy()
    return (dataset.name + "#" + _hex(hashes, frame.index)).astype("string")


#: Headers of an HR list that identify a person; read only to tell people apart.
PERSON_HEADERS = ("họ và tên", "họ tên", "họ, tên", "họ và tên cán bộ")
BIRTH_HEADERS = ("ngày sinh", "năm sinh", "ngày, tháng, năm sinh", "ngày tháng năm sinh")


def person_keys(body: pd.DataFrame, header: Header) -> pd.Series | None:
    """A pseudonymous person key per row from the name (and birth date) columns, or None.

    HR lists have no staff id; two people on the same course would otherwise
    look like one duplicated row. The name is hashed at once and never kept,
    so it cannot reach a frame, the cache or anything published.
    """
    wanted = {
        k: [pos for pos, text in header.unmapped if normalise_header(text) in k]
        for k in (PERSON_HEADERS, BIRTH_HEADERS)
    }
    names, births = wanted[PERSON_HEADERS], wanted[BIRTH_HEADERS]
    if not names:
        return None
    parts = pd.DataFrame({"name": to_text(body[names[0]]).fillna("").str.casefold()})
    if births:
        parts["birth"] = to_text(body[births[0]]).fillna("")
    hashes = pd.util.hash_pandas_object(parts, index=False).to_numpy()
    return ("CB#" + _hex(hashes, body.index)).astype("string")


def typed_frame(
    grid: Grid, header: Header, dataset: Dataset, context: FileContext | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Typed frame for one grid (contract columns + provenance) and its problems.

    Rows after the header (and after a row of column numbers) that are
    entirely blank are dropped; the footer below the data (totals, the
    place-and-date line, signatures) is dropped with one notice. A file with
    no id column gets ids made from its name and each record's content.
    """
    context = context or FileContext()
    problems: list[Problem] = []
    body = grid.cells.loc[header.data_row :]
    positions = {name: pos for pos, name in header.mapping.items()}
    # rows blank in the mapped columns, then among those the rows blank everywhere
    blank_mapped = is_blank(body[list(header.mapping)] if header.mapping else body.iloc[:, :0])
    unmapped = [c for c in body.columns if c not in header.mapping]
    blank = blank_mapped.copy()
    if blank.any() and unmapped:
        blank[blank] = is_blank(body.loc[blank, unmapped])
    body, blank_mapped = _keep(body, ~blank), blank_mapped[~blank]
    footer = find_footer(body)
    if footer is not None:
        dropped = [int(r) for r in body.index[body.index >= footer]]
        problems.append(
            Problem(
                "notice",
                f"Bỏ qua {len(dropped)} dòng cuối bảng không phải dữ liệu (dòng tổng cộng, địa danh – ngày "
                f"tháng, chức danh và chữ ký): dòng {_plural_rows(dropped)}.",
                f"Skipped {len(dropped)} rows below the data that are not records (totals, place and date, "
                f"signatures): rows {_plural_rows(dropped)}.",
                file=grid.file,
                sheet=grid.sheet,
                row=dropped[0],
                dataset=dataset.name,
                code="footer_rows",
            )
        )
        above = body.index < footer
        body, blank_mapped = body[above], blank_mapped[above]
    body = _keep(body, ~blank_mapped)
    headers = dict(header.labels)
    extra_values = {name: context.mapping.value_map(dataset.name, name) for name in positions}

    out: dict[str, pd.Series] = {}
    for column in dataset.columns:
        if column.name not in positions:
            if column.name in context.constants:
                out[column.name] = pd.Series(
                    context.constants[column.name], index=body.index, dtype=column.dtype
                )
            elif column.kind == "bool":
                out[column.name] = pd.Series(False, index=body.index)
            else:
                out[column.name] = pd.Series(None, index=body.index, dtype=column.dtype)
            continue
        raw = body[positions[column.name]]
        label = headers[column.name]
        broken = (
            _types(raw).eq(CellError)
            if grid.error_columns is None or positions[column.name] in grid.error_columns
            else None
        )
        if broken is not None and broken.any():
            problems += _problem_rows(
                broken,
                raw,
                grid,
                column,
                label,
                dataset,
                "Ô công thức bị lỗi; hãy sửa công thức hoặc nhập giá trị.",
                "A formula cell holds an error; fix the formula or type the value.",
                "formula_error",
            )
            raw = raw.mask(broken, None)
        if column.empty_words:
            words = {normalise_header(w) for w in column.empty_words}
            raw = raw.mask(to_text(raw).fillna("").map(normalise_header).isin(words), None)
        if column.kind in ("text",):
            values = to_text(raw)
            if dataset.name == "ho_so" and column.name == "status":
                problems += _status_warning(values, extra_values[column.name], grid, label, dataset)
                values = _normalise_status(values, extra_values[column.name])
        elif column.kind == "date":
            values, bad, hint = parse_dates(raw)
            for code, (vi, en) in DATE_HINTS.items():
                sel = bad & hint.eq(code)
                if sel.any():
                    problems += _problem_rows(
                        sel,
                        raw,
                        grid,
                        column,
                        label,
                        dataset,
                        f"Ngày không hợp lệ: {vi}.",
                        f"Invalid date: {en}.",
                        f"date_{code}",
                    )
        elif column.kind == "bool":
            values, bad = parse_bool(raw)
            problems += _problem_rows(
                bad,
                raw,
                grid,
                column,
                label,
                dataset,
                "Không phải giá trị có/không (dùng Có/Không, x, 1/0).",
                "Not a yes/no value (use Có/Không, x, 1/0).",
                "bool",
            )
        elif column.kind == "number":
            values, bad = parse_numbers(raw)
            problems += _problem_rows(
                bad, raw, grid, column, label, dataset, "Không phải số.", "Not a number.", "number"
            )
        elif column.kind == "year":
            values, bad = parse_years(raw)
            problems += _problem_rows(
                bad,
                raw,
                grid,
                column,
                label,
                dataset,
                "Không phải năm hợp lệ (1900–2100).",
                "Not a valid year (1900–2100).",
                "year",
            )
        elif column.kind == "enum":
            values, bad = parse_enum(raw, column, extra_values[column.name])
            accepted = " / ".join(dict.fromkeys(column.values.values()))
            problems += _problem_rows(
                bad,
                raw,
                grid,
                column,
                label,
                dataset,
                f"Giá trị không thuộc danh mục cho phép ({accepted}).",
                f"Value outside the accepted set ({accepted}).",
                "enum",
            )
        elif column.kind == "period":
            values, bad = parse_periods(raw)
            problems += _problem_rows(
                bad,
                raw,
                grid,
                column,
                label,
                dataset,
                "Không phải mã kỳ báo cáo hợp lệ (ví dụ 2022, 2022-H1, 2022-Q3, 2022-9M, 2022-09).",
                "Not a valid period code (e.g. 2022, 2022-H1, 2022-Q3, 2022-9M, 2022-09).",
                "period",
            )
        else:  # pragma: no cover - the contract only uses the kinds above
            raise ValueError(column.kind)
        if column.required:
            missing = values.isna() if column.kind != "bool" else pd.Series(False, index=body.index)
            problems += _problem_rows(
                missing & ~_already(problems, body.index, label),
                raw,
                grid,
                column,
                label,
                dataset,
                "Thiếu giá trị ở cột bắt buộc.",
                "Missing value in a required column.",
                "required",
            )
        out[column.name] = values

    for column in dataset.columns:  # a column standing in for an absent one (doc_date for date)
        if column.fallback and column.name not in positions and column.fallback in positions:
            out[column.name] = out[column.fallback]
            if column.required:
                label = headers[column.fallback]
                missing = out[column.name].isna()
                problems += _problem_rows(
                    missing & ~_already(problems, body.index, label),
                    body[positions[column.fallback]],
                    grid,
                    column,
                    label,
                    dataset,
                    "Thiếu giá trị ở cột bắt buộc.",
                    "Missing value in a required column.",
                    "required",
                )

    if dataset.name == "dao_tao" and "staff_id" not in positions:
        people = person_keys(body, header)
        if people is not None:
            out["staff_id"] = people
    frame = pd.DataFrame(out, index=body.index)
    for column in dataset.columns:
        if frame[column.name].dtype != column.dtype:
            frame[column.name] = frame[column.name].astype(column.dtype)
    frame["source_file"] = pd.Series(grid.file, index=frame.index, dtype="string")
    frame["source_sheet"] = pd.Series(grid.sheet, index=frame.index, dtype="string")
    frame["source_row"] = frame.index.to_numpy(dtype="int64")
    frame.index = pd.RangeIndex(len(frame))

    id_column = dataset.id_column
    generated = id_column is not None and id_column not in positions
    content_keyed = generated or (dataset.name == "dao_tao" and "staff_id" not in positions)
    if generated and len(frame):
        frame[id_column] = _content_ids(frame, dataset)
    if content_keyed and len(frame):
        problems.append(
            Problem(
                "notice",
                "Tệp không có cột mã nên mỗi dòng được nhận diện theo nội dung của nó (với danh sách cán bộ: "
                "họ tên và ngày sinh, chỉ dùng để phân biệt người, không lưu lại); sắp xếp lại trang tính "
                "không làm thay đổi kết quả.",
                "The file has no id column, so each record is identified by its content (in a staff list: "
                "the name and birth date, used only to tell people apart and never kept); re-sorting the "
                "sheet changes nothing.",
                file=grid.file,
                sheet=grid.sheet,
                dataset=dataset.name,
                code="generated_ids",
            )
        )
        content = frame[dataset.column_names]
        dup = content.duplicated(keep=False)
        if dup.any():
            firsts = (
                frame[dup]
                .groupby(dataset.column_names, dropna=False, observed=True)["source_row"]
                .transform("min")
            )
            repeated = frame[dup & content.duplicated(keep="first")]
            for idx, rec in repeated.iterrows():  # duplicated records only
                first = int(firsts.loc[idx])
                problems.append(
                    Problem(
                        "error",
                        f"Dòng trùng hoàn toàn với dòng {first} (tệp không có cột mã để phân biệt); hãy xóa "
                        "một dòng.",
                        f"Row is an exact duplicate of row {first} (the file has no id column to tell them "
                        "apart); delete one of them.",
                        file=grid.file,
                        sheet=grid.sheet,
                        row=int(rec["source_row"]),
                        dataset=dataset.name,
                        code="duplicate_row",
                    )
                )
    elif id_column and id_column in positions and len(frame):
        ids = frame[id_column]
        dup = ids.notna() & ids.duplicated(keep=False)
        if dup.any():
            firsts = frame[dup].groupby(id_column, observed=True)["source_row"].min()
            for _, rec in frame[dup & ids.duplicated(keep="first")].iterrows():  # duplicates only
                first = int(firsts[rec[id_column]])
                problems.append(
                    Problem(
                        "error",
                        f"Mã bị trùng: đã có ở dòng {first}.",
                        f"Duplicate id: already on row {first}.",
                        file=grid.file,
                        sheet=grid.sheet,
                        row=int(rec["source_row"]),
                        column=headers[id_column],
                        value=str(rec[id_column]),
                        dataset=dataset.name,
                        code="duplicate_id",
                    )
                )
    return frame, problems


def _keep(body: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """``body[rows]``, without copying a long sheet when every row is kept."""
    return body if rows.all() else body[rows]


def _already(problems: list[Problem], index: pd.Index, header: str) -> pd.Series:
    """Rows already reported for this column (so a bad value is not also 'missing')."""
    rows = {p.row for p in problems if p.column == header and p.severity == "error"}
    return pd.Series(index.isin(list(rows)), index=index)


def empty_frame(dataset: Dataset) -> pd.DataFrame:
    """A frame with the dataset's columns and dtypes and no rows."""
    data = {c.name: pd.Series(dtype=c.dtype) for c in dataset.columns}
    data["source_file"] = pd.Series(dtype="string")
    data["source_sheet"] = pd.Series(dtype="string")
    data["source_row"] = pd.Series(dtype="int64")
    frame = pd.DataFrame(data)
    assert list(frame.columns) == dataset.column_names + list(PROVENANCE_COLUMNS)
    return frame


def nfc(text: str) -> str:
    """``text`` in Unicode NFC (composed) form."""
    return unicodedata.normalize("NFC", text)
