"""The data contract: every reading rule and every error case."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from cchc.contract import DATASETS
from cchc.loading import empty_frame, load_data
from cchc.problems import DataError
from cchc.reading import dataset_for_file, normalise_header
from rawfiles import HO_SO_HEADER, ho_so_row, write_csv, write_xlsx


def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir(exist_ok=True)
    return folder


def errors_of(folder: Path) -> list:
    with pytest.raises(DataError) as info:
        load_data(folder, use_cache=False)
    return [p for p in info.value.problems if p.severity == "error"]


# --- files and datasets -----------------------------------------------------


def test_file_names_map_to_datasets():
    assert dataset_for_file(Path("ho_so_2022.xlsx")) == "ho_so"
    assert dataset_for_file(Path("HO_SO.csv")) == "ho_so"
    assert dataset_for_file(Path("van_ban-2023.xlsx")) == "van_ban"
    assert dataset_for_file(Path("ho_sox.xlsx")) is None
    assert dataset_for_file(Path("bao_cao.xlsx")) is None


def test_no_file_at_all_is_an_error_not_an_empty_report(tmp_path):
    with pytest.raises(DataError) as caught:
        load_data(raw(tmp_path), use_cache=False)
    assert [p.code for p in caught.value.problems] == ["no_data_files"]
    assert "không có tệp nào được nhận ra" in caught.value.format()


def test_missing_datasets_give_empty_typed_frames_and_notices(tmp_path):
    folder = raw(tmp_path)
    write_csv(folder / "ho_so.csv", [HO_SO_HEADER, ho_so_row(1)])
    data = load_data(folder, use_cache=False)
    assert data.missing == [n for n in DATASETS if n != "ho_so"]
    for name in data.missing:
        pd.testing.assert_frame_equal(data.frames[name], empty_frame(name))
    assert {p.code for p in data.notices} == {"missing_dataset"}


def test_unknown_spreadsheet_is_ignored_with_a_notice_and_other_files_silently(tmp_path):
    folder = raw(tmp_path)
    write_csv(folder / "thong_ke.csv", [["a"], ["1"]])
    write_csv(folder / "ho_so.csv", [HO_SO_HEADER, ho_so_row(1)])
    (folder / "bao_cao.toml").write_text('ten_co_quan = "X"\n', encoding="utf-8")
    (folder / "narrative").mkdir()
    data = load_data(folder, use_cache=False)
    unknown = [p for p in data.notices if p.code == "unknown_file"]
    assert [p.file for p in unknown] == ["thong_ke.csv"]


# --- headers ----------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "Ngày tiếp nhận",
        "NGÀY TIẾP NHẬN",
        "  ngày   tiếp  nhận ",
        "received_date",
        unicodedata.normalize("NFD", "Ngày tiếp nhận"),
        "Ngày nhận",
    ],
)
def test_header_variants(tmp_path, variant):
    folder = raw(tmp_path)
    header = HO_SO_HEADER.copy()
    header[5] = variant
    write_xlsx(folder / "ho_so.xlsx", [header, ho_so_row(1)])
    frame = load_data(folder, use_cache=False).frames["ho_so"]
    assert frame.loc[0, "received_date"] == pd.Timestamp("2022-01-05")


def test_english_canonical_headers_and_ignored_columns(tmp_path):
    folder = raw(tmp_path)
    write_csv(
        folder / "ho_so.csv",
        [
            ["STT", "dossier_id", "field", "received_date", "Ghi chú"],
            ["1", "A1", "Xây dựng", "2022-03-01", "bỏ qua"],
        ],
    )
    frame = load_data(folder, use_cache=False).frames["ho_so"]
    assert list(frame.columns[: len(DATASETS["ho_so"].columns)]) == DATASETS["ho_so"].column_names
    assert frame.loc[0, "dossier_id"] == "A1"
    assert pd.isna(frame.loc[0, "procedure"])


def test_header_below_title_rows_and_row_numbers_as_spreadsheet_shows(tmp_path):
    folder = raw(tmp_path)
    rows = [["VĂN PHÒNG UBND TỈNH"], ["DANH SÁCH HỒ SƠ"], [], HO_SO_HEADER, ho_so_row(1), ho_so_row(2)]
    write_xlsx(folder / "ho_so.xlsx", rows)
    frame = load_data(folder, use_cache=False).frames["ho_so"]
    assert frame["source_row"].tolist() == [5, 6]
    assert frame["source_file"].tolist() == ["ho_so.xlsx"] * 2


def test_sheet_named_after_dataset_wins_over_first_sheet(tmp_path):
    folder = raw(tmp_path)
    write_xlsx(folder / "ho_so.xlsx", [HO_SO_HEADER, ho_so_row(7)], sheet="ho_so", first=("Hướng dẫn",))
    data = load_data(folder, use_cache=False)
    assert data.frames["ho_so"]["dossier_id"].tolist() == ["HS0007"]
    assert data.frames["ho_so"]["source_sheet"].tolist() == ["ho_so"]


# --- values -----------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        dt.date(2022, 3, 4),
        "04/03/2022",
        "4/3/2022",
        "04-03-2022",
        "04.03.2022",
        "2022-03-04",
        "04/03/2022 00:00:00",
    ],
)
def test_date_forms(tmp_path, cell):
    folder = raw(tmp_path)
    write_xlsx(folder / "ho_so.xlsx", [HO_SO_HEADER, ho_so_row(1, received=cell)])
    frame = load_data(folder, use_cache=False).frames["ho_so"]
    assert frame.loc[0, "received_date"] == pd.Timestamp("2022-03-04")
    assert frame["received_date"].dtype == "datetime64[ns]"


def test_empty_dates_are_nat(tmp_path):
    folder = raw(tmp_path)
    write_xlsx(folder / "ho_so.xlsx", [HO_SO_HEADER, ho_so_row(1, due="", resolved="")])
    frame = load_data(folder, use_cache=False).frames["ho_so"]
    assert frame["due_date"].isna().all() and frame["resolved_date"].isna().all()


@pytest.mark.parametrize(
    "cell,expected",
    [
        ("Có", True),
        ("có", True),
        ("x", True),
        ("X", True),
        ("✓", True),
        ("1", True),
        (1, True),
        ("true", True),
        ("TRUE", True),
        ("yes", True),
        (True, True),
        ("Không", False),
        ("0", False),
        (0, False),
        ("false", False),
        ("no", False),
        ("", False),
        (False, False),
    ],
)
def test_yes_no_forms(tmp_path, cell, expected):
    folder = raw(tmp_path)
    write_xlsx(
        folder / "van_ban.xlsx",
        [["Loại", "Ngày", "Hình thức", "Ký số"], ["Đi", "01/02/2022", "Điện tử", cell]],
    )
    frame = load_data(folder, use_cache=False).frames["van_ban"]
    assert frame.loc[0, "signed"] is expected or bool(frame.loc[0, "signed"]) is expected


def test_enums_accept_variants_and_store_canonical_values(tmp_path):
    folder = raw(tmp_path)
    write_csv(
        folder / "van_ban.csv",
        [
            ["Loại", "Ngày", "Hình thức"],
            ["Văn bản đi", "01/02/2022", "điện tử kèm giấy"],
            ["ĐẾN", "01/02/2022", "Giấy"],
        ],
    )
    frame = load_data(folder, use_cache=False).frames["van_ban"]
    assert frame["direction"].tolist() == ["Đi", "Đến"]
    assert frame["form"].tolist() == ["Điện tử kèm giấy", "Giấy"]


def test_text_is_nfc_and_stripped_and_integral_numbers_lose_decimal(tmp_path):
    folder = raw(tmp_path)
    nfd = unicodedata.normalize("NFD", "  Đất đai ")
    write_xlsx(folder / "ho_so.xlsx", [HO_SO_HEADER, [1234.0, nfd, None, None, None, "05/01/2022"]])
    frame = load_data(folder, use_cache=False).frames["ho_so"]
    assert frame.loc[0, "field"] == "Đất đai"
    assert unicodedata.is_normalized("NFC", frame.loc[0, "field"])
    assert frame.loc[0, "dossier_id"] == "1234"


def test_key_figures_numbers_and_periods(tmp_path):
    folder = raw(tmp_path)
    write_csv(
        folder / "chi_tieu.csv",
        [
            ["Kỳ báo cáo", "Mã chỉ tiêu", "Tên chỉ tiêu", "Giá trị", "Đơn vị tính"],
            ["2022-H1", "ct_it_spending", "Chi CNTT", "6.313.329.686", "đồng"],
            ["2022-h1", "ct_satisfaction_rate", "Hài lòng", "94,35", "%"],
            ["2022-Q3", "ct_web_posts", "Tin bài", "422", ""],
        ],
        sep=";",
    )
    frame = load_data(folder, use_cache=False).frames["chi_tieu"]
    assert frame["value"].tolist() == [6313329686.0, 94.35, 422.0]
    assert frame["period"].tolist() == ["2022-H1", "2022-H1", "2022-Q3"]


def test_training_plan_year(tmp_path):
    folder = raw(tmp_path)
    write_csv(
        folder / "dao_tao.csv",
        [
            ["Mã cán bộ", "Nội dung đào tạo", "Năm kế hoạch", "Ngày cử đi"],
            ["CB1", "Lý luận chính trị", "2022", "08/03/2022"],
            ["CB2", "Tin học", "", ""],
        ],
    )
    frame = load_data(folder, use_cache=False).frames["dao_tao"]
    assert frame["plan_year"].dtype == "Int64"
    assert frame["plan_year"].tolist()[0] == 2022 and pd.isna(frame["plan_year"].tolist()[1])


# --- CSV --------------------------------------------------------------------


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("sep", [",", ";"])
def test_csv_with_and_without_bom_comma_or_semicolon(tmp_path, bom, sep):
    folder = raw(tmp_path)
    write_csv(folder / "ho_so.csv", [HO_SO_HEADER, ho_so_row(1)], sep=sep, bom=bom)
    frame = load_data(folder, use_cache=False).frames["ho_so"]
    assert frame.loc[0, "dossier_id"] == "HS0001"
    assert frame.loc[0, "field"] == "Đất đai"


def test_csv_utf16_with_bom_is_read(tmp_path):
    folder = raw(tmp_path)
    text = "\n".join(",".join(r) for r in [HO_SO_HEADER, ho_so_row(1)]) + "\n"
    (folder / "ho_so.csv").write_bytes(text.encode("utf-16"))
    assert load_data(folder, use_cache=False).frames["ho_so"].loc[0, "field"] == "Đất đai"


def test_csv_in_windows_1258_is_a_clear_error(tmp_path):
    folder = raw(tmp_path)
    text = "Mã hồ sơ,Lĩnh vực,Ngày tiếp nhận\nA1,Đất đai,01/02/2022\n"
    (folder / "ho_so.csv").write_bytes(encode_cp1258(text))
    (error,) = errors_of(folder)
    assert error.file == "ho_so.csv"
    assert "UTF-8" in error.message_vi and "Windows-1258" in error.message_vi


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 bytes as Vietnamese Windows software writes them (base + tone mark)."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            for i, mark in enumerate(marks):
                try:
                    head = unicodedata.normalize("NFC", base + mark).encode("cp1258")
                    rest = "".join(marks[:i] + marks[i + 1 :]).encode("cp1258")
                except UnicodeEncodeError:
                    continue
                out += head + rest
                break
            else:
                out += (base + "".join(marks)).encode("cp1258")
    return out


# --- concatenation ------------------------------------------------------------


def test_files_of_one_dataset_are_concatenated_in_name_order(tmp_path):
    folder = raw(tmp_path)
    write_csv(folder / "ho_so_2023.csv", [HO_SO_HEADER, ho_so_row(3)])
    write_xlsx(folder / "ho_so_2022.xlsx", [HO_SO_HEADER, ho_so_row(1), ho_so_row(2)])
    data = load_data(folder, use_cache=False)
    assert data.frames["ho_so"]["dossier_id"].tolist() == ["HS0001", "HS0002", "HS0003"]
    assert [(f.path.name, f.rows) for f in data.files] == [("ho_so_2022.xlsx", 2), ("ho_so_2023.csv", 1)]
    assert data.files[0].sha256 == hashlib.sha256((folder / "ho_so_2022.xlsx").read_bytes()).hexdigest()


def test_same_id_in_two_files_identical_is_kept_once_different_is_a_warning(tmp_path):
    folder = raw(tmp_path)
    write_csv(folder / "ho_so_a.csv", [HO_SO_HEADER, ho_so_row(1), ho_so_row(2)])
    write_csv(folder / "ho_so_b.csv", [HO_SO_HEADER, ho_so_row(1), ho_so_row(2, field="Xây dựng")])
    data = load_data(folder, use_cache=False)
    frame = data.frames["ho_so"]
    assert frame["dossier_id"].tolist() == ["HS0001", "HS0002"]
    assert frame.set_index("dossier_id").loc["HS0002", "field"] == "Xây dựng"
    (warning,) = data.warnings
    assert warning.value == "HS0002" and warning.file == "ho_so_a.csv" and "ho_so_b.csv" in warning.message_vi


def test_trailing_empty_rows_and_totals_row_are_not_records(tmp_path):
    folder = raw(tmp_path)
    write_xlsx(
        folder / "ho_so.xlsx",
        [
            HO_SO_HEADER,
            ho_so_row(1),
            [],
            [],
            ["Tổng cộng", None, None, None, None, None, None, None, "1"],
            [],
        ],
    )
    data = load_data(folder, use_cache=False)
    assert len(data.frames["ho_so"]) == 1
    assert any(p.code == "footer_rows" and p.row == 5 for p in data.notices)


# --- errors -----------------------------------------------------------------


def test_missing_required_column_names_file_sheet_row_and_column(tmp_path):
    folder = raw(tmp_path)
    write_xlsx(
        folder / "ho_so.xlsx",
        [["Tiêu đề"], ["Mã hồ sơ", "Thủ tục", "Ngày tiếp nhận"], ["1", "x", "01/01/2022"]],
    )
    (error,) = errors_of(folder)
    assert (error.file, error.sheet, error.row, error.column) == ("ho_so.xlsx", "Sheet1", 2, "Lĩnh vực")
    assert "Thiếu cột bắt buộc" in error.message_vi and "Missing required column" in error.message_en


def test_no_header_row(tmp_path):
    folder = raw(tmp_path)
    write_csv(folder / "ho_so.csv", [["a", "b"], ["1", "2"]])
    (error,) = errors_of(folder)
    assert error.code == "no_header" and error.file == "ho_so.csv"


def test_duplicated_header(tmp_path):
    folder = raw(tmp_path)
    write_csv(folder / "ho_so.csv", [[*HO_SO_HEADER, "Lĩnh vực"], [*ho_so_row(1), "x"]])
    (error,) = errors_of(folder)
    assert error.code == "duplicate_header" and error.row == 1 and error.column == "Lĩnh vực"


@pytest.mark.parametrize(
    "value,code",
    [
        ("31/06/2022", "date_impossible"),
        ("06/31/2022", "date_month_first"),
        ("44562", "date_serial"),
        ("ngày mai", "date_format"),
        ("2022/06/30", "date_format"),
    ],
)
def test_bad_dates_name_file_sheet_row_column_and_value(tmp_path, value, code):
    folder = raw(tmp_path)
    write_xlsx(
        folder / "ho_so.xlsx",
        [["DANH SÁCH"], HO_SO_HEADER, ho_so_row(1), ho_so_row(2, due=value)],
        sheet="ho_so",
    )
    (error,) = errors_of(folder)
    assert (error.file, error.sheet, error.row, error.column, error.value) == (
        "ho_so.xlsx",
        "ho_so",
        4,
        "Ngày hẹn trả",
        value,
    )
    assert error.code == code
    text = error.format()
    for part in ("ho_so.xlsx", "dòng 4", "Ngày hẹn trả", value, "row 4"):
        assert part in text


def test_duplicate_id_in_one_file(tmp_path):
    folder = raw(tmp_path)
    write_csv(folder / "ho_so.csv", [HO_SO_HEADER, ho_so_row(1), ho_so_row(2), ho_so_row(1)])
    (error,) = errors_of(folder)
    assert (error.row, error.column, error.value, error.code) == (4, "Mã hồ sơ", "HS0001", "duplicate_id")
    assert "dòng 2" in error.message_vi


def test_value_outside_enumeration(tmp_path):
    folder = raw(tmp_path)
    write_csv(folder / "ho_so.csv", [HO_SO_HEADER, ho_so_row(1, channel="Fax")])
    (error,) = errors_of(folder)
    assert (error.row, error.column, error.value) == (2, "Hình thức nộp", "Fax")
    assert "Trực tuyến" in error.message_vi


def test_bad_yes_no_number_year_and_period(tmp_path):
    folder = raw(tmp_path)
    write_csv(
        folder / "van_ban.csv",
        [["Loại", "Ngày", "Hình thức", "Ký số"], ["Đi", "01/02/2022", "Giấy", "có lẽ"]],
    )
    write_csv(
        folder / "chi_tieu.csv",
        [
            ["Kỳ báo cáo", "Mã chỉ tiêu", "Tên chỉ tiêu", "Giá trị"],
            ["2022-H3", "a", "b", "1"],
            ["2022", "a", "b", "nhiều"],
        ],
    )
    write_csv(
        folder / "dao_tao.csv", [["Mã cán bộ", "Nội dung đào tạo", "Năm kế hoạch"], ["CB1", "x", "20222"]]
    )
    errors = errors_of(folder)
    found = {(e.file, e.row, e.column, e.value) for e in errors}
    assert found == {
        ("van_ban.csv", 2, "Ký số", "có lẽ"),
        ("chi_tieu.csv", 2, "Kỳ báo cáo", "2022-H3"),
        ("chi_tieu.csv", 3, "Giá trị", "nhiều"),
        ("dao_tao.csv", 2, "Năm kế hoạch", "20222"),
    }


def test_missing_required_value(tmp_path):
    folder = raw(tmp_path)
    write_csv(folder / "ho_so.csv", [HO_SO_HEADER, ho_so_row(1, field="")])
    (error,) = errors_of(folder)
    assert (error.row, error.column, error.code) == (2, "Lĩnh vực", "required")


def test_unreadable_and_empty_files(tmp_path):
    folder = raw(tmp_path)
    (folder / "ho_so.xlsx").write_bytes(b"PK\x03\x04 this is not a zip")
    (folder / "van_ban.csv").write_bytes(b"")
    errors = errors_of(folder)
    assert {(e.file, e.code) for e in errors} == {("ho_so.xlsx", "unreadable"), ("van_ban.csv", "empty_file")}


def test_all_problems_of_all_files_are_reported_together(tmp_path):
    folder = raw(tmp_path)
    write_csv(
        folder / "ho_so.csv",
        [
            HO_SO_HEADER,
            ho_so_row(1, received="31/02/2022"),
            ho_so_row(2, channel="Fax"),
            ho_so_row(3, due="32/01/2022"),
        ],
    )
    errors = errors_of(folder)
    assert [e.row for e in errors] == [2, 3, 4]


def test_raw_files_are_never_written(tmp_path):
    folder = raw(tmp_path)
    write_xlsx(folder / "ho_so.xlsx", [HO_SO_HEADER, ho_so_row(1)])
    write_csv(folder / "van_ban.csv", [["Loại", "Ngày", "Hình thức"], ["Đi", "31/06/2022", "Giấy"]])
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    with pytest.raises(DataError):
        load_data(folder)
    (folder / "van_ban.csv").unlink()
    del before["van_ban.csv"]
    load_data(folder)
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    assert before == after


# --- cache ------------------------------------------------------------------


def test_cache_hit_and_invalidation(tmp_path):
    folder = raw(tmp_path)
    write_xlsx(folder / "ho_so.xlsx", [HO_SO_HEADER, ho_so_row(1)])
    first = load_data(folder)
    assert not first.from_cache
    caches = list((tmp_path / "processed").glob("cache-*"))
    assert len(caches) == 1 and (caches[0] / "ho_so.parquet").is_file()

    second = load_data(folder)
    assert second.from_cache
    for name in DATASETS:
        pd.testing.assert_frame_equal(first.frames[name], second.frames[name])
    assert [f.to_dict() for f in first.files] == [f.to_dict() for f in second.files]
    assert first.notices == second.notices

    write_xlsx(folder / "ho_so.xlsx", [HO_SO_HEADER, ho_so_row(1), ho_so_row(2)])
    third = load_data(folder)
    assert not third.from_cache and len(third.frames["ho_so"]) == 2
    assert len(list((tmp_path / "processed").glob("cache-*"))) == 1

    write_csv(folder / "ho_so_2.csv", [HO_SO_HEADER, ho_so_row(3)])
    assert not load_data(folder).from_cache


def test_damaged_cache_is_rebuilt(tmp_path):
    folder = raw(tmp_path)
    write_xlsx(folder / "ho_so.xlsx", [HO_SO_HEADER, ho_so_row(1)])
    load_data(folder)
    (cache,) = (tmp_path / "processed").glob("cache-*")
    (cache / "ho_so.parquet").write_bytes(b"garbage")
    again = load_data(folder)
    assert not again.from_cache and again.frames["ho_so"]["dossier_id"].tolist() == ["HS0001"]


def test_normalise_header():
    assert normalise_header(unicodedata.normalize("NFD", " Mã  HỒ SƠ ")) == "mã hồ sơ"
