"""Find raw files and read each into a grid of cells, locating its header row.

Nothing here interprets values: a *grid* is an object DataFrame of the cells
as the file holds them (``str``, ``float``, ``datetime.date`` … from
spreadsheets, ``str`` from CSV), with positional columns and an index equal
to the row number the spreadsheet shows (1-based). :mod:`cchc.validation`
turns grids into typed frames.

Raw files are only ever opened for reading.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .config import HEADER_SEARCH_ROWS
from .contract import DATASETS, Dataset
from .problems import Problem

SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_EXTENSIONS = (".csv",)
DATA_EXTENSIONS = SPREADSHEET_EXTENSIONS + CSV_EXTENSIONS


class ReadError(Exception):
    """A file cannot be read at all; carries the problems to report."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message_en for p in problems))


def normalise_header(text: object) -> str:
    """Key used to match header cells: NFC, case-folded, single spaces.

    >>> normalise_header("  Ngày   TIẾP nhận ")
    'ngày tiếp nhận'
    """
    s = unicodedata.normalize("NFC", str(text)).casefold()
    s = s.replace("\u00a0", " ")
    return " ".join(s.split())


def dataset_for_file(path: Path) -> str | None:
    """The dataset a file belongs to: the one whose name starts its file name.

    The name must be followed by the end of the stem or a separator, so
    ``ho_so_2022.xlsx`` is ``ho_so`` but ``ho_sox.xlsx`` is nothing.
    """
    stem = normalise_header(path.stem)
    for name in sorted(DATASETS, key=len, reverse=True):
        if stem == name or (stem.startswith(name) and stem[len(name)] in "_-. 0123456789"):
            return name
    return None


@dataclass(frozen=True)
class RawFile:
    """A data file found in the raw folder and the dataset its name assigns it to."""

    path: Path
    dataset: str


def discover(raw_dir: Path) -> tuple[list[RawFile], list[Problem]]:
    """Spreadsheet and CSV files at the top of ``raw_dir``, by dataset.

    Files are sorted by name so concatenation is deterministic. Data files
    whose name matches no dataset are ignored with a notice; other files
    (settings, narrative folders, README) are not data and pass silently.
    Office lock files (``~$…``) and hidden files are skipped.
    """
    files: list[RawFile] = []
    notices: list[Problem] = []
    if not raw_dir.is_dir():
        return files, notices
    for path in sorted(raw_dir.iterdir(), key=lambda p: p.name):
        if not path.is_file() or path.name.startswith(("~$", ".")):
            continue
        if path.suffix.lower() not in DATA_EXTENSIONS:
            continue
        name = dataset_for_file(path)
        if name is None:
            notices.append(Problem(
                "notice",
                "Tên tệp không khớp bộ dữ liệu nào nên bị bỏ qua; tên tệp phải bắt đầu bằng "
                + ", ".join(DATASETS) + ".",
                "File name matches no dataset; ignored. Names must start with one of "
                + ", ".join(DATASETS) + ".",
                file=path.name, code="unknown_file",
            ))
            continue
        files.append(RawFile(path, name))
    return files, notices


class CellError(str):
    """A spreadsheet error value (``#REF!``, ``#VALUE!``, ``#N/A`` …) in a cell.

    python-calamine reads error cells as empty strings; a broken formula in a
    due-date column would then silently mean "no time limit". The reader marks
    them with this type so validation reports them.
    """


_SHEET_ENTRY = re.compile(r'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_REL_ENTRY = re.compile(r'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_ERROR_CELL = re.compile(r'<c\b([^>]*\bt="e"[^>]*)>(.*?)</c>', re.S)
_CELL_REF = re.compile(r'\br="([A-Z]+)(\d+)"')
_CELL_VALUE = re.compile(r"<v>([^<]*)</v>")


def xlsx_error_cells(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """``{(row, column_index): "#REF!"}`` for the error cells of one ``.xlsx`` sheet."""
    import html as _html
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            workbook = archive.read("xl/workbook.xml").decode("utf-8")
            rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
            targets = dict(_REL_ENTRY.findall(rels))
            rel_id = next((rid for name, rid in _SHEET_ENTRY.findall(workbook)
                           if _html.unescape(name) == sheet), None)
            if rel_id is None or rel_id not in targets:
                return {}
            target = targets[rel_id].lstrip("/")
            member = target if target.startswith("xl/") else f"xl/{target}"
            xml = archive.read(member).decode("utf-8")
    except (KeyError, OSError, zipfile.BadZipFile, UnicodeDecodeError):
        return {}
    if 't="e"' not in xml:
        return {}
    found: dict[tuple[int, int], str] = {}
    for attrs, inner in _ERROR_CELL.findall(xml):
        ref = _CELL_REF.search(attrs)
        if not ref:
            continue
        letters, row = ref.groups()
        column = 0
        for ch in letters:
            column = column * 26 + (ord(ch) - 64)
        value = _CELL_VALUE.search(inner)
        found[(int(row), column - 1)] = value.group(1) if value else "#ERROR"
    return found


@dataclass
class Grid:
    """Cells of one sheet: positional columns, index = spreadsheet row number."""

    cells: pd.DataFrame
    file: str
    sheet: str
    #: Every sheet of the workbook (for messages when the wrong one was read).
    sheets: tuple[str, ...] = ()


def _file_problem(path: Path, vi: str, en: str, sheet: str = "", code: str = "unreadable") -> ReadError:
    return ReadError([Problem("error", vi, en, file=path.name, sheet=sheet, code=code)])


def read_grid(path: Path, dataset: Dataset) -> Grid:
    """Read one file's relevant sheet (or the CSV) into a :class:`Grid`."""
    suffix = path.suffix.lower()
    try:
        with open(path, "rb") as handle:
            handle.read(1)
    except OSError as exc:
        raise _file_problem(path, f"Không mở được tệp để đọc: {exc.strerror}.",
                            f"Cannot open the file for reading: {exc.strerror}.") from None
    if path.stat().st_size == 0:
        raise _file_problem(path, "Tệp rỗng (0 byte).", "The file is empty (0 bytes).", code="empty_file")
    if suffix in CSV_EXTENSIONS:
        return _read_csv(path)
    return _read_spreadsheet(path, dataset)


def _pick_sheet(names: list[str], dataset: Dataset) -> str:
    for name in names:
        if normalise_header(name) == dataset.name:
            return name
    return names[0]


def _read_spreadsheet(path: Path, dataset: Dataset) -> Grid:
    import python_calamine as pc

    try:
        workbook = pc.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types for damaged files
        return _read_spreadsheet_fallback(path, dataset, exc)
    try:
        names = list(workbook.sheet_names)
        if not names:
            raise _file_problem(path, "Tệp không có trang tính nào.", "The workbook has no sheet.")
        sheet = _pick_sheet(names, dataset)
        rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except ReadError:
        raise
    except Exception as exc:
        return _read_spreadsheet_fallback(path, dataset, exc)
    finally:
        workbook.close()
    cells = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(dtype=object)
    cells.index = pd.RangeIndex(1, len(cells) + 1)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        for (row, column), value in xlsx_error_cells(path, sheet).items():
            if row in cells.index and column in cells.columns:
                cells.at[row, column] = CellError(value)
    return Grid(cells, path.name, sheet, tuple(names))


def _read_spreadsheet_fallback(path: Path, dataset: Dataset, first_error: Exception) -> Grid:
    """openpyxl, only when calamine cannot open an ``.xlsx``; else a clear error."""
    head = path.read_bytes()[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0") and path.suffix.lower() in (".xlsx", ".xlsm"):
        raise _file_problem(
            path,
            "Tệp được bảo vệ bằng mật khẩu (mã hóa) hoặc không phải định dạng .xlsx; hãy gỡ mật khẩu "
            "rồi lưu lại dạng .xlsx.",
            "The workbook is password-protected (encrypted) or not really .xlsx; remove the password "
            "and save it again as .xlsx.",
            code="encrypted",
        )
    if path.suffix.lower() in (".xlsx", ".xlsm") and head.startswith(b"PK"):
        try:
            import openpyxl

            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = _pick_sheet(wb.sheetnames, dataset)
                rows = [list(r) for r in wb[sheet].iter_rows(values_only=True)]
            finally:
                wb.close()
            cells = pd.DataFrame(rows, dtype=object).fillna("")
            cells.index = pd.RangeIndex(1, len(cells) + 1)
            return Grid(cells, path.name, sheet, tuple(wb.sheetnames))
        except Exception:
            pass
    raise _file_problem(
        path,
        f"Không đọc được tệp bảng tính (tệp hỏng hoặc sai định dạng): {type(first_error).__name__}.",
        f"Cannot read the spreadsheet (damaged file or wrong format): {first_error}.",
    )


def _decode_csv(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _file_problem(
            path,
            f"Tệp CSV không phải mã UTF-8 (byte lỗi ở dòng {line}; có thể là Windows-1258 hoặc "
            "TCVN3). Hãy lưu lại bằng 'CSV UTF-8'.",
            f"The CSV is not UTF-8 (bad byte on line {line}; maybe Windows-1258 or TCVN3). "
            "Save it again as 'CSV UTF-8'.",
            code="encoding",
        ) from None


def _read_csv(path: Path) -> Grid:
    text = _decode_csv(path)
    head = text[:20000].splitlines()[:HEADER_SEARCH_ROWS] or [""]
    sample = "\n".join(head)
    counts = {sep: sample.count(sep) for sep in (";", ",", "\t")}
    sep = max(counts, key=counts.get) if max(counts.values()) else ","
    width = max(line.count(sep) for line in text.splitlines() or [""]) + 1
    try:
        cells = pd.read_csv(
            io.StringIO(text), sep=sep, header=None, names=range(width), dtype=str,
            keep_default_na=False, na_filter=False, skip_blank_lines=False,
            quoting=csv.QUOTE_MINIMAL, engine="c",
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise _file_problem(path, f"Không phân tích được tệp CSV: {exc}.",
                            f"Cannot parse the CSV: {exc}.") from None
    cells = cells.astype(object)
    cells.index = pd.RangeIndex(1, len(cells) + 1)
    return Grid(cells, path.name, "")


def header_aliases(dataset: Dataset) -> dict[str, str]:
    """Normalised header text -> canonical column name, for one dataset."""
    out: dict[str, str] = {}
    for col in dataset.columns:
        for text in (col.header, col.name, *col.aliases):
            out[normalise_header(text)] = col.name
    return out


_FOOTNOTE = re.compile(r"\s*(\(\*\)|\*)$")


def locate_header(grid: Grid, dataset: Dataset) -> tuple[int | None, dict[int, str], list[Problem]]:
    """Find the header row in the first rows and map grid columns to canonical names.

    Returns ``(header_row_number, {grid_column: canonical}, problems)``;
    the row is the one among the first :data:`HEADER_SEARCH_ROWS` with the
    most recognised header cells. Problems: no header row, a duplicated
    header, a missing required column.
    """
    aliases = header_aliases(dataset)
    top = grid.cells.head(HEADER_SEARCH_ROWS)
    problems: list[Problem] = []
    best_row, best_hits = None, 0
    for row_number, row in top.iterrows():  # at most 15 rows
        keys = [_FOOTNOTE.sub("", normalise_header(v)) for v in row.tolist()]
        hits = len({aliases[k] for k in keys if k in aliases})
        if hits > best_hits:
            best_row, best_hits = row_number, hits
    if best_row is None:
        required = ", ".join(f"'{c.header}'" for c in dataset.columns if c.required)
        others = [s for s in grid.sheets if s != grid.sheet]
        hint_vi = hint_en = ""
        if others:
            listed = ", ".join(f"'{s}'" for s in others)
            hint_vi = (f" Tệp còn các trang tính {listed}: nếu dữ liệu nằm ở đó, hãy đặt tên trang tính "
                       f"là '{dataset.name}'.")
            hint_en = (f" The workbook also has sheets {listed}: if the data is there, name that sheet "
                       f"'{dataset.name}'.")
        problems.append(Problem(
            "error",
            f"Không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} dòng đầu; cần các cột {required}."
            + hint_vi,
            f"No header row found in the first {HEADER_SEARCH_ROWS} rows; required columns: {required}."
            + hint_en,
            file=grid.file, sheet=grid.sheet, dataset=dataset.name, code="no_header",
        ))
        return None, {}, problems
    mapping: dict[int, str] = {}
    seen: dict[str, object] = {}
    header_cells = grid.cells.loc[best_row]
    for position, raw in header_cells.items():
        key = _FOOTNOTE.sub("", normalise_header(raw))
        name = aliases.get(key)
        if name is None:
            continue
        if name in seen:
            problems.append(Problem(
                "error",
                f"Cột tiêu đề bị trùng: '{raw}' xuất hiện hai lần (cột {_col_letter(seen[name])} và "
                f"{_col_letter(position)}).",
                f"Duplicated header: '{raw}' appears twice (columns {_col_letter(seen[name])} and "
                f"{_col_letter(position)}).",
                file=grid.file, sheet=grid.sheet, row=int(best_row), column=str(raw),
                dataset=dataset.name, code="duplicate_header",
            ))
            continue
        seen[name] = position
        mapping[int(position)] = name
    for col in dataset.columns:
        if col.required and col.name not in mapping.values():
            problems.append(Problem(
                "error",
                f"Thiếu cột bắt buộc '{col.header}' ({col.name}) ở dòng tiêu đề.",
                f"Missing required column '{col.header}' ({col.name}) in the header row.",
                file=grid.file, sheet=grid.sheet, row=int(best_row), column=col.header,
                dataset=dataset.name, code="missing_column",
            ))
    return int(best_row), mapping, problems


def _col_letter(position: object) -> str:
    n = int(position) + 1
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def is_blank(cells: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is empty (``""``, ``None`` or whitespace).

    Whitespace is tested on each column's distinct values only (fast on
    long sheets whose columns repeat values).
    """
    if cells.empty:
        return np.ones(len(cells), dtype=bool)
    blank = np.ones(len(cells), dtype=bool)
    for _, column in cells.items():  # a handful of columns, not records
        codes, uniques = pd.factorize(column.astype(object), use_na_sentinel=True)
        empty_unique = np.array([str(u).strip() in ("", "None", "nan") for u in uniques] + [True])
        blank &= empty_unique[np.where(codes < 0, len(uniques), codes)]
    return blank
