"""Write tiny raw input files for tests (xlsx via XlsxWriter, CSV by hand)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter


def write_xlsx(
    path: Path,
    rows: list[list],
    *,
    sheet: str = "Sheet1",
    extra_sheets: tuple[str, ...] = (),
    first: tuple[str, ...] = (),
) -> Path:
    """Write ``rows`` (cells: str, number, date/datetime, None) to one sheet.

    ``first`` names sheets written before the data sheet (e.g. instructions);
    ``extra_sheets`` after it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for name in first:
        workbook.add_worksheet(name).write(0, 0, "Hướng dẫn nhập liệu")
    ws = workbook.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, (dt.date, dt.datetime)):
                if not isinstance(value, dt.datetime):
                    value = dt.datetime(value.year, value.month, value.day)
                ws.write_datetime(r, c, value, date_format)
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value)
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, str(value))
    for name in extra_sheets:
        workbook.add_worksheet(name).write(0, 0, "khác")
    workbook.close()
    return path


def write_csv(
    path: Path, rows: list[list], *, sep: str = ",", bom: bool = False, encoding: str = "utf-8"
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(sep.join("" if v is None else str(v) for v in row) for row in rows) + "\n"
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path


HO_SO_HEADER = [
    "Mã hồ sơ",
    "Lĩnh vực",
    "Thủ tục",
    "Đơn vị",
    "Hình thức nộp",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày có kết quả",
    "Trạng thái",
]


def ho_so_row(
    i: int,
    received="05/01/2022",
    due="20/01/2022",
    resolved="",
    field="Đất đai",
    channel="Trực tuyến",
    status="",
) -> list:
    return [
        f"HS{i:04d}",
        field,
        "Thủ tục A",
        "Trung tâm Phục vụ hành chính công",
        channel,
        received,
        due,
        resolved,
        status,
    ]
