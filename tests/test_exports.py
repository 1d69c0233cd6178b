"""indicators.csv / indicators.xlsx: exact columns, byte-identical reruns, no formula injection."""

from __future__ import annotations

import csv
import hashlib

import pandas as pd
from openpyxl import load_workbook

from cchc.exports import COLUMNS, number_text, safe_text, write_indicator_table
from cchc.indicators import compare, compute
from frames import make_frame


def _frames():
    return {
        "ho_so": make_frame(
            "ho_so",
            [
                dict(
                    dossier_id="1",
                    field='=HYPERLINK("x")',
                    received_date="2022-01-03",
                    due_date="2022-01-10",
                    resolved_date="2022-01-05",
                ),
                dict(
                    dossier_id="2",
                    field="Đất đai, nhà ở",
                    received_date="2022-02-03",
                    resolved_date="2022-02-03",
                ),
                dict(dossier_id="3", field="-1+2", received_date="2022-02-05"),
            ],
        ),
    }


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_files_columns_and_rerun_identity(tmp_path):
    table = compute(_frames(), "2022-H1")
    paths = write_indicator_table(table, tmp_path / "a")
    again = write_indicator_table(compute(_frames(), "2022-H1"), tmp_path / "b")
    assert [p.name for p in paths] == ["indicators.csv", "indicators.xlsx"]
    assert [_digest(p) for p in paths] == [_digest(p) for p in again]
    with open(paths[0], encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert (
        rows[0]
        == COLUMNS
        == ["code", "dimension", "group", "value", "numerator", "denominator", "unit", "label"]
    )
    assert len(rows) == len(table) + 1
    first = dict(zip(rows[0], rows[1]))
    assert first == {
        "code": "hs_received",
        "dimension": "",
        "group": "",
        "value": "3",
        "numerator": "",
        "denominator": "",
        "unit": "hồ sơ",
        "label": "Số hồ sơ tiếp nhận",
    }
    rate = next(dict(zip(rows[0], r)) for r in rows if r[0] == "hs_rate_early" and r[1] == "")
    assert (rate["value"], rate["numerator"], rate["denominator"]) == ("50", "1", "2")
    back = pd.read_csv(paths[0], keep_default_na=False)
    assert (back["code"] == table["code"]).all()


def test_full_precision_round_trips():
    assert number_text(100 * 534 / 566) == repr(100 * 534 / 566)
    assert float(number_text(100 * 534 / 566)) == 100 * 534 / 566
    assert number_text(566.0) == "566" and number_text(float("nan")) == ""


def test_formula_injection_is_neutralised(tmp_path):
    assert safe_text("=1+1") == "'=1+1" and safe_text("+84") == "'+84" and safe_text("@x") == "'@x"
    assert safe_text("-1") == "'-1" and safe_text("Đất đai") == "Đất đai" and safe_text(None) == ""
    csv_path, xlsx_path = write_indicator_table(compute(_frames(), "2022-H1"), tmp_path)
    text = csv_path.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'-1+2" in text
    assert '"Đất đai, nhà ở"' in text
    sheet = load_workbook(xlsx_path).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert '\'=HYPERLINK("x")' in values and "'-1+2" in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_xlsx_header_filter_and_numbers(tmp_path):
    table = compute(_frames(), "2022-H1")
    _, xlsx_path = write_indicator_table(table, tmp_path)
    book = load_workbook(xlsx_path)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header == [
        "Mã chỉ tiêu",
        "Chiều phân tổ",
        "Nhóm",
        "Giá trị",
        "Tử số",
        "Mẫu số",
        "Đơn vị tính",
        "Tên chỉ tiêu",
    ]
    assert sheet.auto_filter.ref == f"A1:H{len(table) + 1}"
    assert sheet["A2"].value == "hs_received" and sheet["D2"].value == 3
    assert book.properties.creator == "cchc"


def test_extra_columns_are_not_written(tmp_path):
    csv_path, _ = write_indicator_table(compare(_frames(), "2022-H1"), tmp_path)
    with open(csv_path, encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == COLUMNS
