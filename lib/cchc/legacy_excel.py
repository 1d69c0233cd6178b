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
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<?xml", b"<head", b"<body")) \
            or b"<table" in text:
        return "html"
    return None


def read_html_rows(path: Path, max_cells: int) -> tuple[list[str], list[list[object]]]:
    """Rows of the largest ``<table>`` of an HTML file (one "sheet" per table)."""
    import lxml.html

    tree = lxml.html.parse(str(path))
    tables = tree.getroot().findall(".//table") if tree.getroot() is not None else []
    if not tables:
        return [], []
    best = max(tables, key=lambda t: len(t.findall(".//tr")))
    rows: list[list[object]] = []
    cells_seen = 0
    for tr in best.iter("tr"):  # rows of the one table read: bounded by max_cells below
        row: list[object] = []
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            text = " ".join(cell.text_content().split())
            row.append(text)
            span = cell.get("colspan")
            extra = int(span) - 1 if span and span.isdigit() else 0
            row.extend([""] * min(extra, 512))
        rows.append(row)
        cells_seen += len(row)
        if cells_seen > max_cells:
            raise OverflowError(cells_seen)
    names = [f"Bảng {i + 1}" for i in range(len(tables))]
    return names, rows


def read_xml2003_rows(path: Path, max_cells: int, prefer: str | None = None
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
    for row_el in table.findall(f"{{{_SS}}}Row"):  # rows of one sheet: bounded by max_cells
        index = row_el.get(f"{{{_SS}}}Index")
        if index and index.isdigit():
            while len(rows) < int(index) - 1:
                rows.append([])
        row: list[object] = []
        for cell in row_el.findall(f"{{{_SS}}}Cell"):
            at = cell.get(f"{{{_SS}}}Index")
            if at and at.isdigit():
                row.extend([""] * max(0, int(at) - 1 - len(row)))
            data = cell.find(f"{{{_SS}}}Data")
            row.append(_typed(data))
            across = cell.get(f"{{{_SS}}}MergeAcross")
            if across and across.isdigit():
                row.extend([""] * min(int(across), 512))
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
