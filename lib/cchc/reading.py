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
import functools
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .config import HEADER_SEARCH_ROWS, MAX_CELLS, MAX_COLUMNS
from .contract import DATASETS, IGNORED_HEADERS, PERSONAL_HEADERS, Dataset
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
    root = raw_dir.resolve()
    for path in sorted(raw_dir.iterdir(), key=lambda p: p.name):
        if not path.is_file() or path.name.startswith(("~$", ".")):
            continue
        if path.suffix.lower() not in DATA_EXTENSIONS:
            continue
        if path.is_symlink() and root not in path.resolve().parents:
            notices.append(
                Problem(
                    "notice",
                    "Tệp là liên kết tượng trưng (symlink) tới một tệp ngoài thư mục dữ liệu; vẫn được đọc, "
                    "hãy chắc chắn đó là tệp xuất của đơn vị.",
                    "The file is a symbolic link to a file outside the data folder; it is read: make sure it "
                    "is the office's own export.",
                    file=path.name,
                    code="symlink",
                )
            )
        name = dataset_for_file(path)
        if name is None:
            notices.append(
                Problem(
                    "notice",
                    "Tên tệp không khớp bộ dữ liệu nào nên bị bỏ qua; tên tệp phải bắt đầu bằng "
                    + ", ".join(DATASETS)
                    + ".",
                    "File name matches no dataset; ignored. Names must start with one of "
                    + ", ".join(DATASETS)
                    + ".",
                    file=path.name,
                    code="unknown_file",
                )
            )
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


def _column_index(letters: str) -> int:
    """0-based index of a column name: ``A`` → 0, ``AA`` → 26."""
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _column_name(index: int) -> str:
    return _col_letter(index)


def _letters_from(first: int) -> str:
    """A character class of the column letters from index ``first`` (0 = ``A``) to ``Z``."""
    return f"[{chr(65 + first)}-Z]"


@functools.cache
def _columns_beyond(limit: int) -> re.Pattern[bytes]:
    """A pattern matching a cell reference ``r="XX1`` whose column index is ``limit`` or more (0-based).

    Every three-letter column (index 702 or more) matches whatever the limit.
    The pattern starts with the literal ``r="`` and uses character ranges, not
    alternatives, so the regular-expression engine skips quickly between
    candidates; a hit is confirmed by :func:`_in_cell_tag`.

    >>> bool(_columns_beyond(27).search(b'r="AB1"')), bool(_columns_beyond(28).search(b'r="AB1"'))
    (True, False)
    """
    parts = [r"[A-Z]{3}"]
    if limit <= 26:
        parts.append("[A-Z]{2}")
        if limit < 26:
            parts.append(_letters_from(limit))
    elif limit < 702:
        first, second = divmod(limit - 26, 26)
        parts.append(_letters_from(first) + _letters_from(second))
        if first < 25:
            parts.append(_letters_from(first + 1) + "[A-Z]")
    return re.compile(rb'r="(' + "|".join(parts).encode() + rb")\d")


def _in_cell_tag(text: bytes, position: int) -> bool:
    """Whether ``position`` lies inside a ``<c …>`` start tag (not in a cell's text)."""
    tag = text.rfind(b"<", 0, position)
    return (
        tag != -1
        and text.startswith((b"<c ", b"<c\t", b"<c\n", b"<c\r"), tag)
        and b">" not in text[tag:position]
        and text[position - 1 : position].isspace()
    )


@dataclass(frozen=True)
class SheetScan:
    """What one streaming pass over an ``.xlsx`` sheet's XML found."""

    rows: int
    #: 0-based index of a column past the limit that holds a cell, or None
    far_column: int | None
    #: {(row, column_index): "#REF!"} for error cells
    errors: dict[tuple[int, int], str]
    #: columns used: 1 + the largest column index holding a cell (up to the first far column)
    width: int = 0


_ROW_REF = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_ERROR_CELL_B = re.compile(rb'<c\b([^>]*\bt="e"[^>]*)>(.*?)</c>', re.S)
_CELL_REF_B = re.compile(rb'\br="([A-Z]+)(\d+)"')
_CELL_VALUE_B = re.compile(rb"<v>([^<]*)</v>")


def _sheet_member(archive, sheet: str) -> str | None:
    import html as _html

    workbook = archive.read("xl/workbook.xml").decode("utf-8")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = dict(_REL_ENTRY.findall(rels))
    rel_id = next(
        (rid for name, rid in _SHEET_ENTRY.findall(workbook) if _html.unescape(name) == sheet), None
    )
    if rel_id is None or rel_id not in targets:
        return None
    target = targets[rel_id].lstrip("/")
    return target if target.startswith("xl/") else f"xl/{target}"


def _last_row(text: bytes, end: int) -> int:
    """Number of the last ``<row r="…">`` in ``text[:end]`` (rows are in ascending order), or 0."""
    start = text.rfind(b"<row", 0, end)
    while start != -1:
        found = _ROW_REF.match(text, start, end)
        if found:
            return int(found.group(1))
        start = text.rfind(b"<row", 0, start)
    return 0


def _widen(text: bytes, end: int, width: int, column_limit: int) -> tuple[int, int | None]:
    """Columns used after reading ``text[:end]``, given ``width`` so far, and the first column past the limit.

    Only references beyond the widest column seen so far are searched for, so
    a long sheet costs one quick regular-expression pass per block.
    """
    position = 0
    while True:  # one hit per widening: as many as the sheet has columns, at most
        hit = _columns_beyond(width).search(text, position, end)
        if hit is None:
            return width, None
        position = hit.end()
        if not _in_cell_tag(text, hit.start()):
            continue
        column = _column_index(hit.group(1).decode())
        width = max(width, column + 1)
        if column >= column_limit:
            return width, column


def scan_xlsx_sheet(path: Path, sheet: str, column_limit: int = MAX_COLUMNS) -> SheetScan | None:
    """Stream one ``.xlsx`` sheet's XML once: rows and columns used, a column past the limit, error cells.

    The sheet is read in 1 MB chunks (never decoded whole), so a sheet whose
    cells would not fit in memory is measured before anything allocates it.
    python-calamine reads error cells as empty strings; the error cells found
    here are marked so validation reports them. None when the file is not a
    readable zip workbook (calamine then reports the problem).
    """
    import zipfile

    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        return None
    with archive:
        try:
            member = _sheet_member(archive, sheet)
            if member is None:
                return None
            handle = archive.open(member)
        except (KeyError, OSError, zipfile.BadZipFile, UnicodeDecodeError):
            return None
        rows, width, far, errors = 0, 0, None, {}
        tail = b""
        with handle:
            while True:  # 1 MB chunks of the sheet XML
                chunk = handle.read(1 << 20)
                if not chunk:
                    break
                block = tail + chunk
                cut = block.rfind(b"<")
                cut = cut if cut > 0 else len(block)
                has_error = block.find(b't="e"') != -1
                if has_error:  # keep an unfinished error cell whole for the next chunk
                    open_error = block.rfind(b't="e"')
                    start = block.rfind(b"<c", 0, open_error)
                    if block.find(b"</c>", open_error) == -1 and start > 0:
                        cut = min(cut, start)
                tail = block[cut:]  # the block is searched up to ``cut``, never copied
                rows = max(rows, _last_row(block, cut))
                if far is None:
                    width, far = _widen(block, cut, width, column_limit)
                if has_error:
                    for attrs, inner in _ERROR_CELL_B.findall(block, 0, cut):
                        ref = _CELL_REF_B.search(attrs)
                        if ref:
                            value = _CELL_VALUE_B.search(inner)
                            errors[(int(ref.group(2)), _column_index(ref.group(1).decode()))] = (
                                value.group(1).decode("utf-8", "replace") if value else "#ERROR"
                            )
        return SheetScan(rows, far, errors, width)


@dataclass
class Grid:
    """Cells of one sheet: positional columns, index = spreadsheet row number."""

    cells: pd.DataFrame
    file: str
    sheet: str
    #: Every sheet of the workbook (for messages when the wrong one was read).
    sheets: tuple[str, ...] = ()
    #: Grid columns that may hold a :class:`CellError`; None when not known (look in every column).
    error_columns: frozenset[int] | None = None


def _file_problem(path: Path, vi: str, en: str, sheet: str = "", code: str = "unreadable") -> ReadError:
    return ReadError([Problem("error", vi, en, file=path.name, sheet=sheet, code=code)])


def read_grid(path: Path, dataset: Dataset) -> Grid:
    """Read one file's relevant sheet (or the CSV) into a :class:`Grid`."""
    suffix = path.suffix.lower()
    try:
        with open(path, "rb") as handle:
            handle.read(1)
    except OSError as exc:
        raise _file_problem(
            path,
            f"Không mở được tệp để đọc: {exc.strerror}.",
            f"Cannot open the file for reading: {exc.strerror}.",
        ) from None
    if path.stat().st_size == 0:
        raise _file_problem(path, "Tệp rỗng (0 byte).", "The file is empty (0 bytes).", code="empty_file")
    if suffix in CSV_EXTENSIONS:
        return _read_csv(path)
    from .legacy_excel import sniff

    kind = sniff(path) if suffix in (".xls", ".xlsx") else None
    if kind is not None:
        return _read_markup(path, dataset, kind)
    return _read_spreadsheet(path, dataset)


def _too_large(path: Path, rows: int, columns: int, sheet: str = "") -> ReadError:
    from .formatting import fmt_int

    return _file_problem(
        path,
        f"Vùng dữ liệu quá lớn: {fmt_int(rows)} dòng × {fmt_int(columns)} cột (giới hạn "
        f"{fmt_int(MAX_COLUMNS)} cột và {fmt_int(MAX_CELLS)} ô). Nếu có ô lạc ở xa (ví dụ ô cuối "
        "trang tính), hãy xóa các dòng/cột thừa rồi lưu lại; nếu dữ liệu thật sự lớn, hãy tách tệp.",
        f"The data area is too large: {rows:,} rows × {columns:,} columns (limits: {MAX_COLUMNS} "
        f"columns, {MAX_CELLS:,} cells). If a stray cell sits far away (e.g. the sheet's last cell), "
        "delete the extra rows/columns and save again; if the data really is that large, split the file.",
        sheet=sheet,
        code="too_large",
    )


def _check_size(path: Path, rows: int, columns: int, sheet: str = "") -> None:
    if columns > MAX_COLUMNS or rows * max(columns, 1) > MAX_CELLS:
        raise _too_large(path, rows, columns, sheet)


def _read_markup(path: Path, dataset: Dataset, kind: str) -> Grid:
    """An ``.xls`` that is really an HTML table or an Excel 2003 XML Spreadsheet."""
    from .legacy_excel import read_html_rows, read_xml2003_rows

    try:
        if kind == "html":
            names, rows = read_html_rows(path, MAX_CELLS)
            sheet = names[0] if names else ""
        else:
            names, sheet, rows = read_xml2003_rows(path, MAX_CELLS, prefer=dataset.name)
    except OverflowError:
        raise _too_large(path, MAX_CELLS, 1) from None
    except Exception as exc:
        raise _save_as_xlsx(path, exc) from None
    if not rows:
        raise _save_as_xlsx(path, ValueError("no table"))
    width = max(len(r) for r in rows)
    _check_size(path, len(rows), width, sheet)
    cells = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    cells.index = pd.RangeIndex(1, len(cells) + 1)
    return Grid(cells, path.name, sheet if kind == "xml2003" else "", tuple(names))


def _save_as_xlsx(path: Path, exc: Exception) -> ReadError:
    return _file_problem(
        path,
        "Không đọc được tệp: đây không phải tệp Excel hợp lệ (có thể là trang web hoặc tệp hỏng được "
        "đặt đuôi .xls). Hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại dạng .xlsx "
        "(File > Save As > Excel Workbook).",
        "Cannot read the file: it is not a valid Excel workbook (maybe a web page or a damaged file "
        f"named .xls; {type(exc).__name__}). Open it in Excel or LibreOffice and save it as .xlsx.",
    )


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
        scan = scan_xlsx_sheet(path, sheet) if path.suffix.lower() in (".xlsx", ".xlsm") else None
        if scan is not None:  # cells actually used, measured before calamine allocates them
            if scan.far_column is not None:
                raise _too_large(path, scan.rows, scan.far_column + 1, sheet)
            _check_size(path, scan.rows, scan.width, sheet)
        handle = workbook.get_sheet_by_name(sheet)
        end = handle.end
        if end is not None:
            _check_size(path, end[0] + 1, end[1] + 1, sheet)
        rows = handle.to_python(skip_empty_area=False)
        merged = list(handle.merged_cell_ranges or [])
    except ReadError:
        raise
    except Exception as exc:
        return _read_spreadsheet_fallback(path, dataset, exc)
    finally:
        workbook.close()
    cells = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(dtype=object)
    cells.index = pd.RangeIndex(1, len(cells) + 1)
    cells = fill_merged_down(cells, merged)
    errors = scan.errors if scan is not None else {}
    for (row, column), value in errors.items():
        if row in cells.index and column in cells.columns:
            cells.at[row, column] = CellError(value)
    return Grid(
        cells,
        path.name,
        sheet,
        tuple(names),
        frozenset(column for _, column in errors) if scan is not None else None,
    )


def fill_merged_down(
    cells: pd.DataFrame, merged: list[tuple[tuple[int, int], tuple[int, int]]]
) -> pd.DataFrame:
    """Give every row of a vertically merged range its top cell's value.

    A register kept by hand often merges a field's "Lĩnh vực" cell down over
    all its dossiers; the value belongs to every row it covers. Horizontal
    merges (a title, a parent header, a totals row) are left as they are: their
    value stays in the first column only. ``merged`` holds 0-based
    ``((first_row, first_col), (last_row, last_col))`` ranges, as
    python-calamine gives them.
    """
    vertical = [(r0, r1, c0) for (r0, c0), (r1, c1) in merged if r1 > r0 and c0 == c1]
    if not vertical:
        return cells
    out = cells.copy()
    for r0, r1, column in vertical:  # merged ranges, not records
        if column in out.columns and r0 + 1 in out.index:
            out.loc[r0 + 2 : r1 + 1, column] = out.at[r0 + 1, column]
    return out


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
    if head.startswith(b"PK"):
        raise _file_problem(
            path,
            f"Không đọc được tệp bảng tính (tệp hỏng hoặc sai định dạng): {type(first_error).__name__}. "
            "Hãy mở lại bằng Excel hoặc LibreOffice rồi lưu dạng .xlsx.",
            "Cannot read the spreadsheet (damaged file or wrong format): "
            f"{type(first_error).__name__}. Open it again in Excel or LibreOffice and save it as .xlsx.",
        )
    raise _save_as_xlsx(path, first_error)


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
    lines = text.splitlines() or [""]
    width = max(line.count(sep) for line in lines) + 1
    _check_size(path, len(lines), width)
    try:
        cells = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            names=range(width),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            quoting=csv.QUOTE_MINIMAL,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise _file_problem(
            path, f"Không phân tích được tệp CSV: {exc}.", f"Cannot parse the CSV: {exc}."
        ) from None
    cells = cells.astype(object)
    cells.index = pd.RangeIndex(1, len(cells) + 1)
    return Grid(cells, path.name, "")


def _alias_rank(dataset: Dataset) -> dict[str, int]:
    """How canonical each accepted header is: the contract header first, then its aliases in order."""
    rank: dict[str, int] = {}
    for col in dataset.columns:
        for i, text in enumerate((col.header, col.name, *col.aliases)):
            rank.setdefault(normalise_header(text), i)
    return rank


def header_aliases(dataset: Dataset, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Normalised header text -> canonical column name, for one dataset.

    ``extra`` adds the office's own wordings (from ``anh_xa.toml``).
    """
    out: dict[str, str] = {}
    for col in dataset.columns:
        for text in (col.header, col.name, *col.aliases):
            out[normalise_header(text)] = col.name
    for text, name in (extra or {}).items():
        out[normalise_header(text)] = name
    return out


_FOOTNOTE = re.compile(r"\s*(\(\*\)|\*)$")
_COLUMN_NUMBER = re.compile(r"^[(\[]?\s*(\d{1,3}(\.0)?|[a-z])\s*[)\]]?$")


_TRAILING_NOTE = re.compile(r"\s*\((ngày|giờ|ngày, giờ|ngày giờ|ngày/tháng/năm|dd/mm/yyyy|bộ|số)[^)]*\)$")


def _header_key(value: object) -> str:
    """Normalised header: a footnote mark, a colon and a unit note such as ``(ngày, giờ)`` dropped.

    >>> _header_key("Nhận hồ sơ (ngày, giờ)")
    'nhận hồ sơ'
    """
    text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else value
    key = _FOOTNOTE.sub("", normalise_header(text)).rstrip(":").strip()
    return _TRAILING_NOTE.sub("", key)


@dataclass(frozen=True)
class Header:
    """Where a sheet's header is and what its columns mean.

    ``first_row``..``last_row`` is the header (two rows when a parent cell is
    merged over children); data starts after ``data_row - 1``, past a row of
    column numbers ``(1) (2) …`` if there is one.
    """

    first_row: int
    last_row: int
    data_row: int
    #: grid column -> canonical column name
    mapping: dict[int, str]
    #: canonical column name -> header text as the sheet shows it
    labels: dict[str, str]
    #: (grid column, header text) of non-empty header cells that map to nothing
    unmapped: tuple[tuple[int, str], ...] = ()


def _row_keys(grid: Grid, row: int) -> list[str]:
    if row not in grid.cells.index:
        return [""] * grid.cells.shape[1]
    return [_header_key(v) for v in grid.cells.loc[row].tolist()]


def _is_column_number_row(grid: Grid, row: int) -> bool:
    if row not in grid.cells.index:
        return False
    texts = [normalise_header(v) for v in grid.cells.loc[row].tolist()]
    texts = [t for t in texts if t not in ("", "none", "nan")]
    return len(texts) >= 2 and all(_COLUMN_NUMBER.match(t) for t in texts)


def locate_header(
    grid: Grid,
    dataset: Dataset,
    *,
    extra_aliases: dict[str, str] | None = None,
    implied: frozenset[str] = frozenset(),
) -> tuple[Header | None, list[Problem]]:
    """Find the header (one row, or two when a parent is merged over children) and map columns.

    The header is the row (or pair of rows) among the first
    :data:`HEADER_SEARCH_ROWS` that recognises the most contract columns; in a
    pair, a child cell's name wins over its parent's, and a cell merged over both
    rows is read from the upper one. ``implied`` names columns supplied another
    way (the direction of a ``van_ban_di`` file), so their absence is no error.
    Problems: no header row, a duplicated header, a missing required column.
    """
    extra = dict(extra_aliases or {})
    if "direction" in implied:  # a register named van_ban_di/den: its "Loại" is the document type
        extra = {"Loại": "doc_type", **extra}
    aliases = header_aliases(dataset, extra)
    rank = _alias_rank(dataset)
    rows = list(grid.cells.index[:HEADER_SEARCH_ROWS])
    keys = {r: _row_keys(grid, r) for r in rows}
    problems: list[Problem] = []
    best: tuple[int, int, int] | None = None  # (hits, prefer single, -row)
    best_span = (0, 0)
    for r in rows:  # at most HEADER_SEARCH_ROWS rows
        single = {aliases[k] for k in keys[r] if k in aliases}
        score = (len(single), 1, -r)
        if single and (best is None or score > best):
            best, best_span = score, (r, r)
        if r + 1 in keys:
            below = keys[r + 1]
            combined = {aliases.get(b) or aliases.get(a) for a, b in zip(keys[r], below)} - {None}
            if len(combined) > len(single) and any(b in aliases for b in below):
                score = (len(combined), 0, -r)
                if best is None or score > best:
                    best, best_span = score, (r, r + 1)
    if best is None:
        required = ", ".join(f"'{c.header}'" for c in dataset.columns if c.required)
        others = [s for s in grid.sheets if s != grid.sheet]
        hint_vi = hint_en = ""
        if others:
            listed = ", ".join(f"'{s}'" for s in others)
            hint_vi = (
                f" Tệp còn các trang tính {listed}: nếu dữ liệu nằm ở đó, hãy đặt tên trang tính "
                f"là '{dataset.name}'."
            )
            hint_en = (
                f" The workbook also has sheets {listed}: if the data is there, name that sheet "
                f"'{dataset.name}'."
            )
        problems.append(
            Problem(
                "error",
                f"Không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} dòng đầu; cần các cột {required}."
                + hint_vi,
                f"No header row found in the first {HEADER_SEARCH_ROWS} rows; required columns: {required}."
                + hint_en,
                file=grid.file,
                sheet=grid.sheet,
                dataset=dataset.name,
                code="no_header",
            )
        )
        return None, problems
    first, last = best_span
    upper = grid.cells.loc[first].tolist()
    lower = grid.cells.loc[last].tolist() if last != first else [None] * len(upper)
    mapping: dict[int, str] = {}
    labels: dict[str, str] = {}
    unmapped: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    seen_key: dict[str, str] = {}
    for position, (top, bottom) in enumerate(zip(upper, lower)):
        candidates = (
            [(bottom, _header_key(bottom)), (top, _header_key(top))]
            if last != first
            else [(top, _header_key(top))]
        )
        name = raw = key = None
        for text, k in candidates:
            if k in aliases:
                name, raw, key = aliases[k], text, k
                break
        if name is None:
            shown = next((str(t).strip() for t, k in candidates if k), "")
            if shown:
                unmapped.append((int(grid.cells.columns[position]), shown))
            continue
        column = int(grid.cells.columns[position])
        if name in seen and key == seen_key[name]:
            problems.append(
                Problem(
                    "error",
                    f"Cột tiêu đề bị trùng: '{raw}' xuất hiện hai lần (cột {_col_letter(seen[name])} và "
                    f"{_col_letter(column)}).",
                    f"Duplicated header: '{raw}' appears twice (columns {_col_letter(seen[name])} and "
                    f"{_col_letter(column)}).",
                    file=grid.file,
                    sheet=grid.sheet,
                    row=int(last),
                    column=str(raw).strip(),
                    dataset=dataset.name,
                    code="duplicate_header",
                )
            )
            continue
        if name in seen:  # two wordings of one column (e.g. "Ngày có kết quả" and "Ngày trả kết quả")
            keep_new = rank.get(key, 99) < rank.get(seen_key[name], 99)
            kept = " ".join(str(raw).split()) if keep_new else labels[name]
            dropped, dropped_col = (
                (labels[name], seen[name]) if keep_new else (" ".join(str(raw).split()), column)
            )
            problems.append(
                Problem(
                    "warning",
                    f"Hai cột cùng nghĩa '{name}': dùng cột '{kept}', bỏ qua cột '{dropped}' (cột "
                    f"{_col_letter(dropped_col)}). Nếu cần cột kia, hãy khai báo trong anh_xa.toml.",
                    f"Two columns mean '{name}': using '{kept}', ignoring '{dropped}' (column "
                    f"{_col_letter(dropped_col)}). Declare the other in anh_xa.toml if it is the one.",
                    file=grid.file,
                    sheet=grid.sheet,
                    row=int(last),
                    column=dropped,
                    dataset=dataset.name,
                    code="ignored_column",
                )
            )
            if not keep_new:
                continue
            del mapping[seen[name]]
        seen[name] = column
        seen_key[name] = key
        mapping[column] = name
        labels[name] = " ".join(str(raw).split())
    present = set(mapping.values()) | set(implied)
    header = Header(first, last, last + 1, mapping, labels, tuple(unmapped))
    looks_like = {column: text for text, _, column in near_miss_headers(header, dataset, extra_aliases)}
    for col in dataset.columns:
        if col.required and col.name not in present and not (col.fallback and col.fallback in present):
            near = looks_like.get(col.name)
            problems.append(
                Problem(
                    "error",
                    f"Thiếu cột bắt buộc '{col.header}' ({col.name}) ở dòng tiêu đề."
                    + (
                        f" Cột '{near}' có vẻ là cột này nhưng viết khác: hãy sửa tiêu đề hoặc khai báo "
                        f'trong anh_xa.toml: [{dataset.name}.columns] "{near}" = "{col.name}".'
                        if near
                        else ""
                    )
                    + (
                        " Với sổ văn bản, hãy đặt tên tệp van_ban_di… (văn bản đi) hoặc van_ban_den… "
                        "(văn bản đến)."
                        if col.name == "direction"
                        else ""
                    ),
                    f"Missing required column '{col.header}' ({col.name}) in the header row."
                    + (
                        f" Column '{near}' looks like it but is spelt differently: fix the header or declare "
                        f'it in anh_xa.toml: [{dataset.name}.columns] "{near}" = "{col.name}".'
                        if near
                        else ""
                    )
                    + (
                        " For a register, name the file van_ban_di… (outgoing) or van_ban_den… (incoming)."
                        if col.name == "direction"
                        else ""
                    ),
                    file=grid.file,
                    sheet=grid.sheet,
                    row=int(last),
                    column=col.header,
                    dataset=dataset.name,
                    code="missing_column",
                )
            )
    data_row = last + 1
    while data_row <= last + 2 and _is_column_number_row(grid, data_row):
        data_row += 1
    return Header(first, last, data_row, mapping, labels, tuple(unmapped)), problems


#: Normalised header texts never read and never warned about (personal data, row numbers …).
QUIET_HEADERS = frozenset(normalise_header(h) for h in (*PERSONAL_HEADERS, *IGNORED_HEADERS))


def near_miss_headers(
    header: Header, dataset: Dataset, extra_aliases: dict[str, str] | None = None
) -> list[tuple[str, str, str]]:
    """Unmapped headers that look like a contract column: ``(header, closest alias, column)``.

    A header is a near miss when it is at least 80% similar to an accepted
    spelling of a column the file does not already have, or contains one.
    Personal-data and bookkeeping headers (STT, Ghi chú …) are never near misses.
    """
    import difflib

    aliases = header_aliases(dataset, extra_aliases)
    have = set(header.mapping.values())
    open_aliases = {k: v for k, v in aliases.items() if v not in have and len(k) >= 4}
    found = []
    for _, text in header.unmapped:  # header cells: a few dozen at most
        key = _header_key(text)
        if not key or key in QUIET_HEADERS:
            continue
        best = max(open_aliases, key=lambda a: difflib.SequenceMatcher(None, key, a).ratio(), default=None)
        if best is None:
            continue
        ratio = difflib.SequenceMatcher(None, key, best).ratio()
        contained = [
            a for a in open_aliases if len(a) >= 6 and (a + " ") in (key + " ") and key.startswith(a)
        ]
        if ratio >= 0.8:
            found.append((text, best, open_aliases[best]))
        elif contained:
            alias = max(contained, key=len)
            found.append((text, alias, open_aliases[alias]))
    return found


def _col_letter(position: object) -> str:
    n = int(position) + 1
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _blank_cell(value: object) -> bool:
    """Whether one non-missing cell is empty: ``""``, whitespace, or the text ``None``/``nan``."""
    return str(value).strip() in ("", "None", "nan")


_BLANK_CELLS = np.frompyfunc(_blank_cell, 1, 1)


def is_blank(cells: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is empty (``""``, ``None``, NaN or whitespace).

    Columns are examined left to right on the rows still blank so far, so a
    long sheet whose first column is filled costs one pass over that column.

    >>> is_blank(pd.DataFrame([["", None], [" ", "x"], [float("nan"), "  "]], dtype=object)).tolist()
    [True, False, True]
    """
    blank = np.ones(len(cells), dtype=bool)
    for position in range(cells.shape[1]):  # a handful of columns, not records
        rows = np.flatnonzero(blank)
        if not len(rows):
            break
        values = cells.iloc[:, position].to_numpy(dtype=object)[rows]
        missing = pd.isna(values)
        empty = missing.copy()
        present = np.flatnonzero(~missing)
        if len(present):
            empty[present] = _BLANK_CELLS(values[present]).astype(bool)
        blank[rows] = empty
    return blank


_TOTALS = re.compile(
    r"^(tổng cộng\b|tổng số\b|(tổng|cộng|total)(\s*[:(\d]|$|\s+(\d|lượt|hồ sơ|văn bản"
    r"|nhiệm vụ|người|toàn|chung)))"
)
_PLACE_DATE = re.compile(r"ngày[\s.…_/-]*\d{0,2}[\s.…_/-]*tháng[\s.…_/-]*\d{0,2}[\s.…_/-]*năm[\s.…_/-]*\d{4}")
#: A leading cell that only numbers a row (``1``, ``I``, ``a)``) before a totals word.
_ROW_LABEL = re.compile(r"^([ivxlc]+|\d{1,4}|[a-z])[.)]?$")
_SIGNATURE = re.compile(
    r"^(người lập( biểu| bảng| sổ)?|người ghi sổ|người kiểm tra|người tổng hợp|thủ trưởng( đơn vị| cơ quan)?"
    r"|lãnh đạo( đơn vị| cơ quan)?|xác nhận của|chánh văn phòng|phó chánh văn phòng|giám đốc|phó giám đốc"
    r"|trưởng phòng|phó trưởng phòng|(kt|tl|tm|q|ttl)\s?\.|\(ký|ký tên|đã ký|nơi nhận)"
)
#: How many trailing non-blank rows are examined for a footer.
FOOTER_SCAN_ROWS = 40


def find_footer(body: pd.DataFrame) -> int | None:
    """Row number where the footer below the data starts, or None.

    ``body`` is the non-blank rows after the header (index = spreadsheet row
    numbers). The footer is the block at the bottom made of a totals row
    (``Tổng cộng``, ``Tổng số: 140 lượt người``, ``Cộng: 12`` …), a
    place-and-date line (``Hải Đông, ngày 05 tháng 01 năm 2024``), signature
    titles (``NGƯỜI LẬP BIỂU``, ``THỦ TRƯỞNG ĐƠN VỊ``, ``(Ký, ghi rõ họ tên)``)
    and sparse rows among them (the signers' names, at most five cells); it
    starts at its first such marker row. Only the last :data:`FOOTER_SCAN_ROWS` rows are read.
    """
    tail = body.tail(FOOTER_SCAN_ROWS)
    start = None
    for row_number, row in tail[::-1].iterrows():  # bottom-up, at most FOOTER_SCAN_ROWS rows
        texts = [normalise_header(v) for v in row.tolist()]
        texts = [t for t in texts if t not in ("", "none", "nan")]
        first = texts[0] if texts else ""
        if len(texts) > 1 and _ROW_LABEL.match(first):
            first = texts[1]
        joined = " ".join(texts)
        sparse = len(texts) <= 5
        marker = bool(
            _TOTALS.match(first)
            or _PLACE_DATE.search(joined)
            or (sparse and any(_SIGNATURE.match(t) for t in texts))
        )
        if marker:
            start = int(row_number)
        elif len(texts) > 5:
            break
    return start
