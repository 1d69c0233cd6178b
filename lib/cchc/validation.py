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

import numpy as np
import pandas as pd

from .contract import PROVENANCE_COLUMNS, Column, Dataset
from .problems import Problem
from .reading import CellError, Grid, is_blank, normalise_header

TRUE_WORDS = {"có", "co", "x", "✓", "✔", "1", "true", "yes", "y", "đúng", "đã ký", "đã ký số", "rồi"}
FALSE_WORDS = {"không", "khong", "0", "false", "no", "n", "sai", "chưa", "chưa ký", ""}
TOTAL_WORDS = {"tổng cộng", "tổng số", "tổng", "cộng", "total"}

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_VI_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)$")


def _types(values: pd.Series) -> pd.Series:
    return values.map(type)


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
        codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
        if len(uniques) * 2 > len(values) or len(values) < 64:
            return func(values, *args, **kwargs)
        has_na = (codes < 0).any()
        distinct = pd.Series(list(uniques) + ([None] if has_na else []), dtype=object)
        results = func(distinct, *args, **kwargs)
        codes = np.where(codes < 0, len(uniques), codes)

        def take(res: pd.Series) -> pd.Series:
            return pd.Series(res.to_numpy()[codes] if not isinstance(res.dtype, pd.api.extensions.ExtensionDtype)
                             else res.array.take(codes), index=values.index, dtype=res.dtype)

        if isinstance(results, tuple):
            return tuple(take(r) for r in results)
        return take(results)

    return wrapper


@on_uniques
def to_text(values: pd.Series) -> pd.Series:
    """Cells as NFC, stripped ``string``; integral numbers lose their ``.0``.

    >>> to_text(pd.Series(["  Hà  Nội ", 12.0, "", None])).tolist()
    ['Hà  Nội', '12', <NA>, <NA>]
    """
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
    """Typed dates, a mask of rejected cells, and a hint code per rejected cell.

    Hints: ``impossible`` (31/06/2022), ``month_first`` (06/31/2022),
    ``serial`` (an Excel serial number stored as a number or text),
    ``format`` (anything else).
    """
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    hint = pd.Series("", index=values.index, dtype=object)
    kinds = _types(values)
    is_dt = kinds.isin([dt.date, dt.datetime, pd.Timestamp])
    if is_dt.any():
        result.loc[is_dt] = pd.to_datetime(values[is_dt]).dt.normalize()
    text = to_text(values.where(~is_dt, None)).fillna("")
    is_number = kinds.isin([float, int]) & ~is_dt
    empty = text.eq("") & ~is_number
    candidates = ~is_dt & ~empty
    bad = pd.Series(False, index=values.index)
    if candidates.any():
        t = text[candidates]
        dmy = t.str.extract(_DMY)
        ymd = t.str.extract(_YMD)
        day = pd.to_numeric(dmy[0].fillna(ymd[2]), errors="coerce")
        month = pd.to_numeric(dmy[1].fillna(ymd[1]), errors="coerce")
        year = pd.to_numeric(dmy[2].fillna(ymd[0]), errors="coerce")
        matched = day.notna()
        parts = pd.DataFrame({"year": year, "month": month, "day": day})[matched]
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
def parse_enum(values: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    """Cells of an enumerated column to their canonical value, and a mask of values outside the set."""
    text = to_text(values)
    key = text.fillna("").map(normalise_header)
    lookup = {normalise_header(k): v for k, v in column.values.items()}
    lookup.update({normalise_header(v): v for v in column.values.values()})
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
    mask: pd.Series, raw: pd.Series, grid: Grid, column: Column, header: str, dataset: Dataset,
    vi: str, en: str, code: str,
) -> list[Problem]:
    rows = mask[mask].index
    values = to_text(raw.loc[rows]).fillna("")
    return [
        Problem("error", vi, en, file=grid.file, sheet=grid.sheet, row=int(r), column=header,
                value=str(v), dataset=dataset.name, code=code)
        for r, v in zip(rows, values)  # one per rejected cell: problems only
    ]


def typed_frame(
    grid: Grid, header_row: int, mapping: dict[int, str], dataset: Dataset
) -> tuple[pd.DataFrame, list[Problem]]:
    """Typed frame for one grid (contract columns + provenance) and its problems.

    Rows after the header row that are entirely blank are dropped; a final
    row that only says "Tổng cộng" (a totals row) is dropped with a notice.
    """
    problems: list[Problem] = []
    body = grid.cells.loc[grid.cells.index > header_row]
    positions = {name: pos for pos, name in mapping.items()}
    mapped = body[[pos for pos in mapping]] if mapping else body.iloc[:, :0]
    keep = ~is_blank(mapped)
    body = body[keep]
    headers = {name: str(grid.cells.at[header_row, pos]).strip() for name, pos in positions.items()}

    # A totals row at the bottom ("Tổng cộng" in its first non-empty cell): not a record.
    if len(body):
        tail = body.tail(3)
        for r, row in tail.iterrows():  # at most three rows
            texts = [normalise_header(v) for v in row.tolist() if str(v).strip() not in ("", "None", "nan")]
            if texts and texts[0] in TOTAL_WORDS:
                problems.append(Problem(
                    "notice", "Dòng tổng cộng cuối bảng được bỏ qua.", "Totals row at the bottom ignored.",
                    file=grid.file, sheet=grid.sheet, row=int(r), dataset=dataset.name,
                    code="totals_row",
                ))
                body = body.drop(index=r)

    out: dict[str, pd.Series] = {}
    for column in dataset.columns:
        if column.name not in positions:
            out[column.name] = pd.Series(pd.array([None] * len(body), dtype=column.dtype),
                                         index=body.index) if column.kind != "bool" else \
                pd.Series(False, index=body.index)
            continue
        raw = body[positions[column.name]]
        header = headers[column.name]
        broken = _types(raw).eq(CellError)
        if broken.any():
            problems += _problem_rows(broken, raw, grid, column, header, dataset,
                                      "Ô công thức bị lỗi; hãy sửa công thức hoặc nhập giá trị.",
                                      "A formula cell holds an error; fix the formula or type the value.",
                                      "formula_error")
            raw = raw.mask(broken, None)
        if column.kind in ("text",):
            values = to_text(raw)
        elif column.kind == "date":
            values, bad, hint = parse_dates(raw)
            for code, (vi, en) in DATE_HINTS.items():
                sel = bad & hint.eq(code)
                if sel.any():
                    problems += _problem_rows(sel, raw, grid, column, header, dataset,
                                              f"Ngày không hợp lệ: {vi}.", f"Invalid date: {en}.",
                                              f"date_{code}")
        elif column.kind == "bool":
            values, bad = parse_bool(raw)
            problems += _problem_rows(bad, raw, grid, column, header, dataset,
                                      "Không phải giá trị có/không (dùng Có/Không, x, 1/0).",
                                      "Not a yes/no value (use Có/Không, x, 1/0).", "bool")
        elif column.kind == "number":
            values, bad = parse_numbers(raw)
            problems += _problem_rows(bad, raw, grid, column, header, dataset,
                                      "Không phải số.", "Not a number.", "number")
        elif column.kind == "year":
            values, bad = parse_years(raw)
            problems += _problem_rows(bad, raw, grid, column, header, dataset,
                                      "Không phải năm hợp lệ (1900–2100).",
                                      "Not a valid year (1900–2100).", "year")
        elif column.kind == "enum":
            values, bad = parse_enum(raw, column)
            accepted = " / ".join(dict.fromkeys(column.values.values()))
            problems += _problem_rows(bad, raw, grid, column, header, dataset,
                                      f"Giá trị không thuộc danh mục cho phép ({accepted}).",
                                      f"Value outside the accepted set ({accepted}).", "enum")
        elif column.kind == "period":
            values, bad = parse_periods(raw)
            problems += _problem_rows(bad, raw, grid, column, header, dataset,
                                      "Không phải mã kỳ báo cáo hợp lệ (ví dụ 2022, 2022-H1, 2022-Q3, "
                                      "2022-9M, 2022-09).",
                                      "Not a valid period code (e.g. 2022, 2022-H1, 2022-Q3, 2022-9M, "
                                      "2022-09).", "period")
        else:  # pragma: no cover - the contract only uses the kinds above
            raise ValueError(column.kind)
        if column.required:
            missing = values.isna() if column.kind != "bool" else pd.Series(False, index=body.index)
            problems += _problem_rows(missing & ~_already(problems, body.index, header), raw, grid,
                                      column, header, dataset,
                                      "Thiếu giá trị ở cột bắt buộc.",
                                      "Missing value in a required column.", "required")
        out[column.name] = values

    frame = pd.DataFrame(out, index=body.index)
    for column in dataset.columns:
        frame[column.name] = frame[column.name].astype(column.dtype)
    frame["source_file"] = pd.Series(grid.file, index=frame.index, dtype="string")
    frame["source_sheet"] = pd.Series(grid.sheet, index=frame.index, dtype="string")
    frame["source_row"] = frame.index.astype("int64")
    frame = frame.reset_index(drop=True)

    if dataset.id_column and dataset.id_column in positions and len(frame):
        ids = frame[dataset.id_column]
        dup = ids.notna() & ids.duplicated(keep=False)
        if dup.any():
            firsts = frame[dup].groupby(dataset.id_column, observed=True)["source_row"].min()
            for _, rec in frame[dup & ids.duplicated(keep="first")].iterrows():
                first = int(firsts[rec[dataset.id_column]])
                problems.append(Problem(
                    "error",
                    f"Mã bị trùng: đã có ở dòng {first}.",
                    f"Duplicate id: already on row {first}.",
                    file=grid.file, sheet=grid.sheet, row=int(rec["source_row"]),
                    column=headers[dataset.id_column], value=str(rec[dataset.id_column]),
                    dataset=dataset.name, code="duplicate_id",
                ))
    return frame, problems


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
