"""``.xls`` files that are not Excel binaries: HTML tables and Excel 2003 XML.

Many web systems (one-stop portals, e-office) "export to Excel" by writing an
HTML table or an Excel 2003 XML Spreadsheet and naming it ``.xls``. Excel
opens both with a warning; python-calamine cannot. This module recognises
them by their first bytes and reads their cells, so they go in as they are.

Merged cells behave as in a real workbook: the value sits in the first cell
of the span and the others are empty (``colspan``/``ss:MergeAcross`` add
empty cells; ``rowspan``/``ss:MergeDown`` leave the cells below empty).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

_SS = "urn:schemas-microsoft-com:office:spreadsheet"


def sniff(path: Path) -> str | None:
    """``"html"``, ``"xml2003"`` or None (a real binary or zip workbook)."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if head.startswith((b"\xd0\xcf\x11\xe0", b"PK")):
        return None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"\xff\xfe") or text.startswith(b"\xfe\xff"):
        text = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore").lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in text and b"<workbook" in text:
        return "xml2003"
    if (
        text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<?xml", b"<head", b"<body"))
        or b"<table" in text
    ):
        return "html"
    return None


def _decode_html(data: bytes) -> str:
    """HTML bytes as text: a BOM, else the declared charset, else UTF-8, else Windows-1258."""
    import re

    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    declared = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", data[:4096])
    encodings = [declared.group(1).decode("ascii")] if declared else []
    for encoding in (*encodings, "utf-8", "cp1258"):
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def _fill_spans(row: list[object], below: dict[int, tuple[int, object]]) -> None:
    """Append to ``row`` the values merged down into its next columns from rows above."""
    while len(row) in below:
        left, value = below[len(row)]
        row.append(value)
        if left <= 1:
            del below[len(row) - 1]
        else:
            below[len(row) - 1] = (left - 1, value)


def read_html_rows(path: Path, max_cells: int) -> tuple[list[str], list[list[object]]]:
    """Rows of the largest ``<table>`` of an HTML file (one "sheet" per table).

    ``colspan`` adds empty cells after the value (a horizontal merge);
    ``rowspan`` repeats the value in the rows below (a vertical merge, read like
    :func:`cchc.reading.fill_merged_down` reads one in a workbook), so columns
    never shift.
    """
    import re

    import lxml.html

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", _decode_html(path.read_bytes()))
    root = lxml.html.document_fromstring(text)
    tables = root.findall(".//table")
    if not tables:
        return [], []
    best = max(tables, key=lambda t: len(t.findall(".//tr")))
    rows: list[list[object]] = []
    below: dict[int, tuple[int, object]] = {}  # column -> (rows still covered, value)
    cells_seen = 0
    for tr in best.iter("tr"):  # rows of the one table read: bounded by max_cells below
        row: list[object] = []

        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            _fill_spans(row, below)
            text = " ".join(cell.text_content().split())
            across = cell.get("colspan", "1")
            down = cell.get("rowspan", "1")
            across = min(int(across), 512) if across.isdigit() and int(across) > 0 else 1
            down = min(int(down), 100_000) if down.isdigit() and int(down) > 0 else 1
            if down > 1:
                below[len(row)] = (down - 1, text)
            row.append(text)
            row.extend([""] * (across - 1))
        _fill_spans(row, below)
        rows.append(row)
        cells_seen += len(row)
        if cells_seen > max_cells:
            raise OverflowError(cells_seen)
    names = [f"Bảng {i + 1}" for i in range(len(tables))]
    return names, rows


def read_xml2003_rows(
    path: Path, max_cells: int, prefer: str | None = None
) -> tuple[list[str], str, list[list[object]]]:
    """Sheet names, the sheet read, and its rows from an Excel 2003 XML Spreadsheet.

    The sheet named ``prefer`` (case-insensitive) is read if present, else the first.
    Cells are typed as the file types them: ``Number`` → float, ``DateTime`` →
    :class:`datetime.datetime`, ``Boolean`` → bool, anything else → str.
    """
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    sheets = root.findall(f"{{{_SS}}}Worksheet")
    names = [ws.get(f"{{{_SS}}}Name", f"Sheet{i + 1}") for i, ws in enumerate(sheets)]
    if not sheets:
        return names, "", []
    pick = 0
    if prefer:
        for i, name in enumerate(names):
            if name.strip().casefold() == prefer.casefold():
                pick = i
    table = sheets[pick].find(f"{{{_SS}}}Table")
    rows: list[list[object]] = []
    if table is None:
        return names, names[pick], rows
    cells_seen = 0
    below: dict[int, tuple[int, object]] = {}  # column -> (rows still covered, value): MergeDown
    for row_el in table.findall(f"{{{_SS}}}Row"):  # rows of one sheet: bounded by max_cells
        index = row_el.get(f"{{{_SS}}}Index")
        if index and index.isdigit():
            while len(rows) < int(index) - 1:
                rows.append([])
        row: list[object] = []

        for cell in row_el.findall(f"{{{_SS}}}Cell"):
            _fill_spans(row, below)
            at = cell.get(f"{{{_SS}}}Index")
            if at and at.isdigit():
                while len(row) < int(at) - 1:
                    row.append("")
                    _fill_spans(row, below)
            data = cell.find(f"{{{_SS}}}Data")
            value = _typed(data)
            down = cell.get(f"{{{_SS}}}MergeDown")
            if down and down.isdigit() and int(down) > 0:
                below[len(row)] = (min(int(down), 100_000), value)
            row.append(value)
            across = cell.get(f"{{{_SS}}}MergeAcross")
            if across and across.isdigit():
                row.extend([""] * min(int(across), 512))
        _fill_spans(row, below)
        rows.append(row)
        cells_seen += len(row)
        if cells_seen > max_cells:
            raise OverflowError(cells_seen)
    return names, names[pick], rows


def _typed(data) -> object:
    if data is None:
        return ""
    text = "".join(data.itertext())
    kind = data.get(f"{{{_SS}}}Type", "String")
    if kind == "Number":
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "DateTime":
        try:
            return dt.datetime.fromisoformat(text.rstrip("Z").split(".")[0])
        except ValueError:
            return text
    if kind == "Boolean":
        return text.strip() in ("1", "true", "True")
    return text
