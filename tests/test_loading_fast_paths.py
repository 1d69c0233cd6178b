"""The fast paths of the loader give exactly what the general ones give (issue 12, 1M dossiers).

Speed itself is measured by ``bench/bench_large_sheet.py``, never here; these
tests pin the results of the shortcuts: the one-pass sheet scan, ``is_blank``
on the rows still blank, text columns cleaned in one pass, id-like columns not
factorised, and the cache read straight from Arrow.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.contract import DATASETS
from cchc.loading import load_data
from cchc.reading import _col_letter, _column_index, _columns_beyond, is_blank, scan_xlsx_sheet
from cchc.validation import DISTINCT_SAMPLE, parse_dates, to_text
from rawfiles import HO_SO_HEADER, ho_so_row, write_xlsx


def reference_text(values: pd.Series) -> pd.Series:
    """``to_text`` of text cells spelt out with the general string operations."""
    text = values.astype(object).where(values.notna(), "").astype(str)
    text = text.str.normalize("NFC").str.strip().str.replace("\u00a0", " ", regex=False)
    return text.mask(text.eq("")).astype("string")


@pytest.mark.parametrize("limit", [0, 1, 5, 25, 26, 27, 51, 52, 100, 511, 512, 700, 701, 702])
def test_column_pattern_matches_exactly_the_columns_from_the_limit(limit):
    pattern = _columns_beyond(limit)
    for index in range(0, 2000):
        hit = pattern.search(f'r="{_col_letter(index)}7"'.encode())
        assert bool(hit) == (index >= limit), (limit, index)
        if hit:
            assert _column_index(hit.group(1).decode()) == index


def test_scan_measures_rows_and_columns_in_one_pass_and_ignores_lookalike_text(tmp_path):
    import xlsxwriter

    path = tmp_path / "ho_so.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})  # inline strings: text in the sheet XML
    sheet = book.add_worksheet("ho_so")
    for row, cells in enumerate(
        [HO_SO_HEADER, ho_so_row(1), ['ghi chú r="ZZZ9" trong ô', "x"], [None] * 3 + ["y"]]
    ):
        sheet.write_row(row, 0, cells)
    book.close()
    with zipfile.ZipFile(path) as archive:
        assert b'r="ZZZ9"' in archive.read("xl/worksheets/sheet1.xml")
    scan = scan_xlsx_sheet(path, "ho_so")
    assert (scan.rows, scan.width, scan.far_column, scan.errors) == (4, len(HO_SO_HEADER), None, {})
    assert scan_xlsx_sheet(path, "ho_so", column_limit=4).far_column == 4


def test_scan_finds_error_cells_and_a_far_column(tmp_path):
    import xlsxwriter

    path = tmp_path / "ho_so.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("ho_so")
    sheet.write_row(0, 0, ["Mã hồ sơ", "Ngày hẹn trả"])
    sheet.write_formula(1, 1, "=1/0", None, "#DIV/0!")
    sheet.write(40, 700, "x")
    book.close()
    with zipfile.ZipFile(path) as archive:
        assert b't="e"' in archive.read("xl/worksheets/sheet1.xml")
    scan = scan_xlsx_sheet(path, "ho_so")
    assert scan.errors == {(2, 1): "#DIV/0!"} and scan.rows == 41
    assert scan.far_column == 700 and scan.width == 701


def test_is_blank_examines_the_rows_still_blank():
    cells = pd.DataFrame(
        [
            ["", None, 1.0],
            [" ", "x", None],
            [float("nan"), " \u00a0", None],
            ["None", "nan", pd.NaT],
            [None, None, 0.0],
            [None, None, None],
        ],
        dtype=object,
    )
    assert is_blank(cells).tolist() == [False, False, True, True, False, True]
    assert is_blank(cells.iloc[:, :0]).tolist() == [True] * 6 and is_blank(cells.iloc[:0]).tolist() == []


TEXTS = st.lists(
    st.one_of(st.none(), st.text(alphabet=" \u00a0\t\nae\u0301\u0300ĐđHồ sơ0.", max_size=8)), max_size=40
)


@given(TEXTS)
@settings(max_examples=60, deadline=None)
def test_text_columns_are_cleaned_in_one_pass_as_by_the_string_operations(cells):
    values = pd.Series(cells, dtype=object)
    pd.testing.assert_series_equal(to_text(values), reference_text(values))


def test_an_id_like_column_skips_factorising_and_gives_the_same_text_and_dates():
    rows = 8 * DISTINCT_SAMPLE
    ids = pd.Series([f" HS{i:07d} " for i in range(rows)], dtype=object, index=range(2, rows + 2))
    pd.testing.assert_series_equal(to_text(ids), reference_text(ids))
    start = dt.datetime(2022, 1, 1)
    stamps = pd.Series([start + dt.timedelta(minutes=i) for i in range(rows)], dtype=object)
    dates, bad, _ = parse_dates(stamps)
    assert not bad.any() and dates.iloc[-1] == pd.Timestamp(start + dt.timedelta(minutes=rows - 1))


def test_cache_gives_the_cold_frames_with_the_same_dtypes(tmp_path):
    folder = tmp_path / "raw"
    fields = ["Đất đai", "Xây dựng", "Tư pháp"]
    rows = [ho_so_row(i, field=fields[i % 3], status="" if i % 5 else "Đã rút") for i in range(1, 97)]
    rows[3][2] = None  # a procedure missing among repeated ones
    write_xlsx(folder / "ho_so.xlsx", [HO_SO_HEADER, *rows])
    cold = load_data(folder)
    warm = load_data(folder)
    assert warm.from_cache and not cold.from_cache
    for name in DATASETS:
        pd.testing.assert_frame_equal(cold.frames[name], warm.frames[name], check_exact=True)
        assert cold.frames[name].dtypes.to_dict() == warm.frames[name].dtypes.to_dict()
    frame = warm.frames["ho_so"]
    assert frame["procedure"].isna().sum() == 1 and frame["field"].value_counts().tolist() == [32] * 3
    assert unicodedata.is_normalized("NFC", frame["field"].iloc[0])
    assert isinstance(frame["dossier_id"].array, pd.arrays.StringArray)
    assert np.array_equal(frame["source_row"].to_numpy(), np.arange(2, 98))
