"""Write the indicator table as ``indicators.csv`` (UTF-8) and ``indicators.xlsx`` for analysts.

Both files are byte-identical from one run to the next for the same table:
rows keep the table's order, numbers are written the same way every time
(whole numbers without decimals, others with the shortest text that reads
back to the same float), and the workbook has fixed document properties
(xlsxwriter already stamps its zip entries with a fixed date).

Text that a spreadsheet would take for a formula (starting with ``=``,
``+``, ``-`` or ``@``) gets a leading apostrophe in both files, so a group
name typed into a source spreadsheet can never run as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

import pandas as pd
import xlsxwriter

COLUMNS = ["code", "dimension", "group", "value", "numerator", "denominator", "unit", "label"]
NUMERIC = ("value", "numerator", "denominator")
#: Vietnamese headers of the workbook (the CSV keeps the canonical English names).
HEADERS_VI = {
    "code": "Mã chỉ tiêu",
    "dimension": "Chiều phân tổ",
    "group": "Nhóm",
    "value": "Giá trị",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "unit": "Đơn vị tính",
    "label": "Tên chỉ tiêu",
}
FORMULA_PREFIXES = ("=", "+", "-", "@")
CSV_NAME, XLSX_NAME = "indicators.csv", "indicators.xlsx"
#: Fixed workbook properties (a changing creation time would change the bytes).
XLSX_PROPERTIES = {
    "title": "Chỉ tiêu cải cách hành chính",
    "subject": "Bảng chỉ tiêu (indicators)",
    "author": "cchc",
    "company": "",
    "comments": "Tạo bởi cchc",
    "created": dt.datetime(2000, 1, 1, 0, 0, 0),
}


def safe_text(value) -> str:
    """Text cell content with formula injection neutralised (``'=1+1``); empty for NA."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def number_text(value) -> str:
    """A number as the CSV writes it: ``566``, ``94.34628975265018``; empty for NaN."""
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    if math.isinf(number):
        return "inf" if number > 0 else "-inf"
    if number.is_integer() and abs(number) < 2**53:
        return str(int(number))
    return repr(number)


def _columns(table: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"indicator table lacks columns {missing}")
    return table[COLUMNS]


def write_csv(table: pd.DataFrame, path: Path) -> Path:
    """``indicators.csv``: UTF-8, comma-separated, ``\\n`` line ends, header ``code,…,label``."""
    frame = _columns(table)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in frame.itertuples(index=False, name=None):  # a few thousand indicator rows
            writer.writerow([number_text(v) if c in NUMERIC else safe_text(v) for c, v in zip(COLUMNS, row)])
    return path


def write_xlsx(table: pd.DataFrame, path: Path) -> Path:
    """``indicators.xlsx``: Vietnamese header row, numbers as numbers, an autofilter, frozen header."""
    frame = _columns(table)
    workbook = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": False}
    )
    try:
        workbook.set_properties(dict(XLSX_PROPERTIES))
        sheet = workbook.add_worksheet("Chỉ tiêu")
        bold = workbook.add_format({"bold": True})
        widths = {
            "code": 30,
            "dimension": 14,
            "group": 28,
            "value": 14,
            "numerator": 10,
            "denominator": 10,
            "unit": 12,
            "label": 60,
        }
        for j, column in enumerate(COLUMNS):
            sheet.write_string(0, j, HEADERS_VI[column], bold)
            sheet.set_column(j, j, widths[column])
        for i, row in enumerate(frame.itertuples(index=False, name=None), start=1):
            for j, (column, value) in enumerate(zip(COLUMNS, row)):
                if column in NUMERIC:
                    if value is not None and not pd.isna(value) and not math.isinf(float(value)):
                        sheet.write_number(i, j, float(value))
                else:
                    text = safe_text(value)
                    if text:
                        sheet.write_string(i, j, text)
        sheet.autofilter(0, 0, max(len(frame), 1), len(COLUMNS) - 1)
        sheet.freeze_panes(1, 0)
    finally:
        workbook.close()
    return path


def write_indicator_table(table: pd.DataFrame, out_dir: Path | str) -> list[Path]:
    """Write ``indicators.csv`` and ``indicators.xlsx`` into ``out_dir`` (created if needed).

    Only the columns ``code, dimension, group, value, numerator,
    denominator, unit, label`` are written, in the table's row order.
    Returns the two paths.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [write_csv(table, out / CSV_NAME), write_xlsx(table, out / XLSX_NAME)]
