"""The loader's rules for exports as real systems write them (issue 9), one rule per test.

End-to-end cases built like real exports, with figures computed independently,
are in ``tests/real_exports/`` (``test_real_exports.py``); these tests pin each
rule on the smallest file that shows it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest

from cchc import DataError, load_data
from cchc.audit import run_check
from cchc.loading import file_constants
from rawfiles import HO_SO_HEADER, ho_so_row, write_csv, write_xlsx

TASK_HEADER = [
    "STT",
    "Nội dung nhiệm vụ",
    "Cơ quan giao",
    "Văn bản giao",
    "Ngày giao",
    "Thời hạn",
    "Ngày hoàn thành",
]
TASKS = [
    [1, "Xây dựng kế hoạch CCHC", "UBND tỉnh", "01/KH-UBND", "05/01/2023", "31/03/2023", "20/03/2023"],
    [2, "Báo cáo định kỳ", "Văn phòng Chính phủ", "02/CV", "06/01/2023", "Thường xuyên", ""],
    [3, "Rà soát thủ tục", "UBND tỉnh", "03/KH-UBND", "07/01/2023", "Không thời hạn", ""],
]


def load(folder: Path):
    return load_data(folder, use_cache=False)


def codes(problems) -> list[str]:
    return [p.code for p in problems]


# --- layout: letterheads, two-row headers, column numbers, footers -----------


def one_stop_rows() -> list[list]:
    return [
        ["UBND TỈNH HẢI ĐÔNG", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["VĂN PHÒNG", None, None, None, "Độc lập - Tự do - Hạnh phúc"],
        [],
        ["SỔ THEO DÕI HỒ SƠ THỦ TỤC HÀNH CHÍNH"],
        [
            "STT",
            "Mã hồ sơ",
            "Tên thủ tục hành chính",
            "Lĩnh vực",
            "Họ tên người nộp",
            "Số điện thoại",
            "Hình thức nộp",
            "Thời gian",
            None,
            None,
            "Trạng thái",
        ],
        [None, None, None, None, None, None, None, "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả"],
        [f"({i})" for i in range(1, 12)],
        [
            1,
            "HS1",
            "Cấp phép",
            "Xây dựng",
            "Nguyễn Văn Bình",
            "0912345678",
            "Nộp trực tuyến",
            "05/01/2023 14:35",
            "10/01/2023 16:30",
            "10/01/2023 17:05",
            "Đã trả kết quả",
        ],
        [
            2,
            "HS2",
            "Cấp phép",
            "Xây dựng",
            "Trần Thị Cúc",
            "0987654321",
            "BCCI",
            dt.datetime(2023, 1, 5, 8, 0),
            dt.datetime(2023, 1, 10, 16, 30),
            "2023-01-10T16:00:00",
            "Công dân rút hồ sơ",
        ],
        [
            3,
            "HS3",
            "Đăng ký đất đai",
            "Đất đai",
            "Lê Văn Dũng",
            "0901111222",
            "Trực tiếp tại Bộ phận một cửa",
            "2023-01-06 09:15:00",
            "12/01/2023",
            "",
            "Đang xử lý",
        ],
        [],
        ["Tổng cộng: 3 hồ sơ"],
        [None, None, None, None, None, None, None, "Hải Đông, ngày 05 tháng 07 năm 2023"],
        [None, "NGƯỜI LẬP BIỂU", None, None, None, None, None, "THỦ TRƯỞNG ĐƠN VỊ"],
        [None, "(Ký, ghi rõ họ tên)", None, None, None, None, None, "(Ký tên, đóng dấu)"],
        [],
        [None, "Phạm Thị Én", None, None, None, None, None, "Hoàng Văn Giang"],
    ]


@pytest.fixture()
def one_stop(tmp_path) -> Path:
    folder = tmp_path / "raw"
    write_xlsx(folder / "ho_so_mot_cua.xlsx", one_stop_rows())
    return folder


def test_letterhead_two_row_header_column_numbers_and_footer(one_stop):
    data = load(one_stop)
    frame = data.frames["ho_so"]
    assert frame["dossier_id"].tolist() == ["HS1", "HS2", "HS3"]
    assert frame["source_row"].tolist() == [8, 9, 10]
    footer = [p for p in data.notices if p.code == "footer_rows"]
    assert len(footer) == 1 and footer[0].row == 12 and "dòng 12–17" in footer[0].message_vi
    assert frame["received_date"].tolist()[0] == pd.Timestamp("2023-01-05 14:35")


def test_wordings_of_channel_and_withdrawn(one_stop):
    frame = load(one_stop).frames["ho_so"]
    assert frame["channel"].tolist() == ["Trực tuyến", "Bưu chính", "Trực tiếp"]
    assert frame["status"].tolist() == ["Đã trả kết quả", "Rút hồ sơ", "Đang xử lý"]


def test_personal_data_is_never_read(one_stop):
    data = load(one_stop)
    cells = data.frames["ho_so"].astype(str).to_numpy().ravel().tolist()
    for secret in ("Nguyễn Văn Bình", "0912345678", "Phạm Thị Én", "Hoàng Văn Giang"):
        assert not any(secret in c for c in cells)
        assert not any(secret in p.format() for p in data.problems())


def test_time_rule_on_a_real_layout(one_stop):
    from cchc import compute, value_of

    table = compute(load(one_stop).frames, "2023-Q1")
    assert value_of(table, "hs_resolved") == 1  # HS2 withdrawn
    assert value_of(table, "hs_resolved_late") == 1  # HS1: 17:05 after 16:30 on the due day
    assert value_of(table, "hs_resolved_late_by_time") == 1
    assert value_of(table, "hs_withdrawn") == 1


@pytest.mark.parametrize("totals", ["Tổng cộng", "Tổng số: 140 lượt người", "Cộng: 12", "TỔNG CỘNG"])
def test_totals_wordings_end_the_data(tmp_path, totals):
    folder = tmp_path / "raw"
    write_xlsx(folder / "ho_so.xlsx", [HO_SO_HEADER, ho_so_row(1), ho_so_row(2), [totals, None, "", "2"]])
    data = load(folder)
    assert len(data.frames["ho_so"]) == 2
    assert codes(data.notices).count("footer_rows") == 1


def test_a_record_that_merely_starts_with_tong_is_data(tmp_path):
    folder = tmp_path / "raw"
    rows = [
        TASK_HEADER,
        *TASKS,
        [4, "Tổng hợp báo cáo CCHC quý", "UBND tỉnh", "04/CV", "08/01/2023", "31/01/2023", ""],
    ]
    write_xlsx(folder / "nhiem_vu.xlsx", rows)
    assert len(load(folder).frames["nhiem_vu"]) == 4


# --- ids ---------------------------------------------------------------------


def test_tasks_without_id_get_stable_content_ids(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_xlsx(a / "nhiem_vu_2023.xlsx", [TASK_HEADER, *TASKS])
    write_xlsx(b / "nhiem_vu_2023.xlsx", [TASK_HEADER, *reversed(TASKS)])
    first, second = load(a), load(b)
    assert set(first.frames["nhiem_vu"]["task_id"]) == set(second.frames["nhiem_vu"]["task_id"])
    assert first.frames["nhiem_vu"]["task_id"].str.startswith("nhiem_vu#").all()
    assert codes(first.notices).count("generated_ids") == 1


def test_no_deadline_words(tmp_path):
    write_xlsx(tmp_path / "r" / "nhiem_vu.xlsx", [TASK_HEADER, *TASKS])
    due = load(tmp_path / "r").frames["nhiem_vu"]["due_date"]
    assert due.isna().tolist() == [False, True, True]


def test_exact_duplicate_rows_without_ids_are_an_error(tmp_path):
    write_xlsx(tmp_path / "r" / "nhiem_vu.xlsx", [TASK_HEADER, *TASKS, TASKS[1]])
    with pytest.raises(DataError) as caught:
        load(tmp_path / "r")
    dup = [p for p in caught.value.problems if p.code == "duplicate_row"]
    assert [(p.row, "dòng 3" in p.message_vi) for p in dup] == [(5, True)]


def test_hr_list_without_staff_id(tmp_path):
    rows = [
        [
            "STT",
            "Họ và tên",
            "Ngày sinh",
            "Đơn vị",
            "Nội dung đào tạo",
            "Loại hình đào tạo",
            "Từ ngày",
            "Đến ngày",
        ],
        [1, "Ngô Thị Hoa", "01/02/1980", "Phòng A", "Kỹ năng số", "Bồi dưỡng", "03/04/2023", "05/04/2023"],
        [2, "Vũ Văn Khải", "11/12/1985", "Phòng B", "Kỹ năng số", "Bồi dưỡng", "03/04/2023", ""],
        ["Tổng số: 2 lượt người"],
    ]
    write_xlsx(tmp_path / "r" / "dao_tao.xlsx", rows)
    data = load(tmp_path / "r")
    frame = data.frames["dao_tao"]
    assert frame["sent_date"].notna().all() and frame["completed_date"].notna().tolist() == [True, False]
    assert "Ngô Thị Hoa" not in frame.astype(str).to_numpy().ravel()
    assert {"generated_ids", "footer_rows"} <= set(codes(data.notices))


def test_newest_export_wins_whatever_the_names(tmp_path):
    folder = tmp_path / "raw"
    # "a" is the newer export (dates reach further) but sorts first by name.
    write_csv(
        folder / "ho_so_a.csv",
        [
            HO_SO_HEADER,
            ho_so_row(1, resolved="15/01/2022"),
            ho_so_row(2, received="01/03/2022", status="Đã trả kết quả"),
        ],
    )
    write_csv(folder / "ho_so_b.csv", [HO_SO_HEADER, ho_so_row(1)])
    data = load(folder)
    frame = data.frames["ho_so"].set_index("dossier_id")
    assert frame.loc["HS0001", "source_file"] == "ho_so_a.csv"
    assert frame.loc["HS0001", "resolved_date"] == pd.Timestamp("2022-01-15")
    conflict = [p for p in data.warnings if p.code == "duplicate_id_conflict"]
    assert (
        len(conflict) == 1
        and "ho_so_a.csv" in conflict[0].message_vi
        and "ho_so_b.csv" in conflict[0].message_vi
    )


# --- documents: two registers --------------------------------------------------


def test_registers_take_direction_from_the_file_name_and_arrival_date(tmp_path):
    folder = tmp_path / "raw"
    write_xlsx(
        folder / "van_ban_di_2023.xlsx",
        [
            [
                "Số, ký hiệu văn bản",
                "Ngày tháng văn bản",
                "Loại văn bản",
                "Tên loại và trích yếu nội dung",
                "Đơn vị soạn thảo",
                "Hình thức",
                "Ký số",
            ],
            ["01/VP", "30/01/2023", "Công văn", "V/v A", "Phòng A", "Văn bản điện tử", "Có"],
            ["02/QĐ", "31/01/2023", "Quyết định", "V/v B", "", "Điện tử kèm bản giấy", "Có"],
        ],
    )
    write_xlsx(
        folder / "van_ban_den_2023.xlsx",
        [
            [
                "Ngày đến",
                "Số đến",
                "Tác giả",
                "Số, ký hiệu văn bản",
                "Ngày tháng văn bản",
                "Tên loại và trích yếu nội dung",
                "Đơn vị hoặc người nhận",
                "Hình thức",
            ],
            ["01/02/2023", 1, "Sở X", "10/SX", "30/01/2023", "V/v C", "Phòng A", "Văn bản giấy"],
        ],
    )
    frame = load(folder).frames["van_ban"].sort_values("date", ignore_index=True)
    assert frame["direction"].tolist() == ["Đi", "Đi", "Đến"]
    assert frame["date"].dt.strftime("%d/%m").tolist() == ["30/01", "31/01", "01/02"]
    assert frame["doc_type"].tolist()[:2] == ["Công văn", "Quyết định"]
    assert frame["form"].tolist() == ["Điện tử", "Điện tử kèm giấy", "Giấy"]


def test_file_constants():
    assert file_constants(Path("van_ban_di.xlsx"), "van_ban") == {"direction": "Đi"}
    assert file_constants(Path("VAN_BAN_DEN-2023.xls"), "van_ban") == {"direction": "Đến"}
    assert file_constants(Path("van_ban_2023.xlsx"), "van_ban") == {}
    assert file_constants(Path("ho_so_di.xlsx"), "ho_so") == {}


# --- mapping file -----------------------------------------------------------------

MAPPING = """[ho_so.columns]
"Cơ quan thực hiện" = "unit"

[ho_so.values.channel]
"Qua ứng dụng Zalo" = "Trực tuyến"
"""


def test_mapping_file_maps_columns_and_values(tmp_path):
    folder = tmp_path / "raw"
    header = [*HO_SO_HEADER[:3], "Cơ quan thực hiện", *HO_SO_HEADER[4:]]
    write_csv(folder / "ho_so.csv", [header, ho_so_row(1, channel="Qua ứng dụng Zalo")])
    (folder / "anh_xa.toml").write_text(MAPPING, encoding="utf-8")
    frame = load(folder).frames["ho_so"]
    assert frame["unit"].tolist() == ["Trung tâm Phục vụ hành chính công"]
    assert frame["channel"].tolist() == ["Trực tuyến"]


@pytest.mark.parametrize(
    "text, line, words",
    [
        ('[ho_sox.columns]\n"A" = "unit"\n', 1, "Bộ dữ liệu 'ho_sox'"),
        ('[ho_so.columns]\n"A" = "unitx"\n', 2, "Cột chuẩn 'unitx'"),
        ('\n[ho_so.values.channel]\n"Zalo" = "Trực tuyếnx"\n', 3, "Giá trị chuẩn 'Trực tuyếnx'"),
        ('[ho_so.values.field]\n"A" = "B"\n', 1, "không nhận ánh xạ"),
    ],
)
def test_mapping_file_errors_name_the_line(tmp_path, text, line, words):
    folder = tmp_path / "raw"
    write_csv(folder / "ho_so.csv", [HO_SO_HEADER, ho_so_row(1)])
    (folder / "anh_xa.toml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load(folder)
    problem = next(p for p in caught.value.problems if p.code == "mapping")
    assert problem.file == "anh_xa.toml" and problem.row == line and words in problem.message_vi


# --- odd Excel files ---------------------------------------------------------------


def test_html_table_named_xls(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    cells = "".join(f"<th>{h}</th>" for h in HO_SO_HEADER)
    body = "".join(
        "<tr>" + "".join(f"<td>{v}</td>" for v in ho_so_row(i, resolved="15/01/2022")) + "</tr>"
        for i in (1, 2)
    )
    (folder / "ho_so.xls").write_text(
        '<html><head><meta charset="utf-8"></head><body><table>'
        f'<tr><td colspan="9">SỔ THEO DÕI HỒ SƠ</td></tr><tr>{cells}</tr>{body}</table></body></html>',
        encoding="utf-8",
    )
    frame = load(folder).frames["ho_so"]
    assert frame["dossier_id"].tolist() == ["HS0001", "HS0002"]
    assert frame["resolved_date"].notna().all()


def test_excel_2003_xml_named_xls(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    head = "".join(f'<Cell><Data ss:Type="String">{h}</Data></Cell>' for h in HO_SO_HEADER)
    row = (
        '<Cell><Data ss:Type="String">HS1</Data></Cell><Cell><Data ss:Type="String">Đất đai</Data></Cell>'
        '<Cell ss:Index="6"><Data ss:Type="DateTime">2022-01-05T14:35:00.000</Data></Cell>'
    )
    (folder / "ho_so.xls").write_text(
        '<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="ho_so"><Table>'
        f"<Row>{head}</Row><Row>{row}</Row></Table></Worksheet></Workbook>",
        encoding="utf-8",
    )
    frame = load(folder).frames["ho_so"]
    assert frame["received_date"].tolist() == [pd.Timestamp("2022-01-05 14:35")]


def test_garbage_xls_says_save_as_xlsx(tmp_path, capsys):
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "ho_so.xls").write_bytes(os.urandom(2048))
    assert run_check(folder) == 2
    out = capsys.readouterr().out
    assert ".xlsx" in out and "Cfb" not in out and "OLE" not in out


# --- limits and odd folders ---------------------------------------------------


def test_a_stray_far_cell_is_rejected_by_size_not_memory(tmp_path, capsys):
    folder = tmp_path / "raw"
    write_xlsx(folder / "ho_so.xlsx", [HO_SO_HEADER, ho_so_row(1)])
    import xlsxwriter

    book = xlsxwriter.Workbook(str(folder / "ho_so.xlsx"))
    sheet = book.add_worksheet()
    sheet.write(0, 0, "Mã hồ sơ")
    sheet.write(1048575, 16383, "x")
    book.close()
    assert run_check(folder) == 2
    out = capsys.readouterr().out
    assert "quá lớn" in out and "16.384 cột" in out


def test_a_csv_of_one_huge_line_is_rejected(tmp_path, capsys):
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "ho_so.csv").write_text("," * 200_000 + "\n", encoding="utf-8")
    assert run_check(folder) == 2
    assert "quá lớn" in capsys.readouterr().out


def test_symlink_to_outside_is_read_with_a_notice(tmp_path):
    outside = write_csv(tmp_path / "elsewhere" / "ho_so.csv", [HO_SO_HEADER, ho_so_row(1)])
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "ho_so.csv").symlink_to(outside)
    data = load(folder)
    assert len(data.frames["ho_so"]) == 1 and "symlink" in codes(data.notices)


# --- check: a dry run ------------------------------------------------------------


def test_near_miss_header_is_a_warning(tmp_path, capsys):
    folder = tmp_path / "raw"
    header = [*HO_SO_HEADER[:4], "Hình thức nộp hồ sơ qua", *HO_SO_HEADER[5:]]
    write_csv(folder / "ho_so.csv", [header, ho_so_row(1)])
    assert run_check(folder) == 1
    out = capsys.readouterr().out
    assert "Hình thức nộp hồ sơ qua" in out and "bị bỏ qua" in out


def test_unknown_status_values_are_one_warning_with_counts(tmp_path, capsys):
    folder = tmp_path / "raw"
    rows = [HO_SO_HEADER, *[ho_so_row(i, status="Chờ ký số") for i in range(3)], ho_so_row(9, status="Hủy")]
    write_csv(folder / "ho_so.csv", rows)
    assert run_check(folder) == 1
    out = capsys.readouterr().out
    assert "'Chờ ký số' (3)" in out and "'Hủy' (1)" in out


def test_many_bad_cells_are_one_grouped_line_and_all_go_to_csv(tmp_path, capsys):
    folder = tmp_path / "raw"
    rows = [
        HO_SO_HEADER,
        *[ho_so_row(i, channel="Công văn") for i in range(1, 48)],
        ho_so_row(99, channel="Fax"),
    ]
    write_csv(folder / "ho_so.csv", rows)
    errors = tmp_path / "loi.csv"
    assert run_check(folder, errors_csv=errors) == 2
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "Hình thức nộp" in x and x.startswith("Lỗi"))
    assert "48 ô/dòng" in line and "'Công văn' (47)" in line and "'Fax' (1)" in line
    assert "Các dòng đầu: 2, 3, 4, 5, 6 …" in line
    assert len(pd.read_csv(errors)) == 48


def test_empty_required_value_names_the_cell(tmp_path, capsys):
    folder = tmp_path / "raw"
    write_csv(folder / "ho_so.csv", [HO_SO_HEADER, ho_so_row(1), ho_so_row(2, field="")])
    assert run_check(folder) == 2
    out = capsys.readouterr().out
    assert "dòng 3, cột 'Lĩnh vực'" in out and "Thiếu giá trị ở cột bắt buộc" in out


def test_raw_files_are_not_modified(one_stop):
    before = {p.name: p.read_bytes() for p in one_stop.iterdir()}
    load(one_stop)
    assert {p.name: p.read_bytes() for p in one_stop.iterdir()} == before


def test_documents_with_an_empty_unit_do_not_break_the_units_annex():
    from cchc import compute
    from cchc.indicators.engine import UNKNOWN_GROUP
    from cchc.periods import parse_period
    from cchc.report.annexes import units_annex
    from frames import make_frame

    docs = make_frame(
        "van_ban",
        [
            dict(direction="Đi", date="2023-01-05", form="Điện tử", unit="Phòng A"),
            dict(direction="Đến", date="2023-01-06", form="Điện tử", unit=None),
        ],
    )
    table = compute({"van_ban": docs}, "2023-Q1")
    groups = table[(table["code"] == "vb_in") & (table["dimension"] == "unit")]
    assert UNKNOWN_GROUP in groups["group"].tolist()
    annex = units_annex(table, parse_period("2023-Q1"))
    assert annex.frame.iloc[0, 0] == 1
    assert "1 văn bản điện tử không ghi đơn vị" in annex.note and UNKNOWN_GROUP in annex.note


def test_vertically_merged_cells_belong_to_every_row_they_cover():
    from cchc.reading import fill_merged_down

    cells = pd.DataFrame(
        [["Lĩnh vực", "Mã"], ["Đất đai", "1"], ["", "2"], ["", "3"], ["Xây dựng", "4"]],
        dtype=object,
        index=range(1, 6),
    )
    merged = [((1, 0), (3, 0)), ((0, 0), (0, 1))]  # a vertical data merge and a horizontal title merge
    out = fill_merged_down(cells, merged)
    assert out[0].tolist() == ["Lĩnh vực", "Đất đai", "Đất đai", "Đất đai", "Xây dựng"]
    assert out[1].tolist() == cells[1].tolist()
    assert cells.at[3, 0] == ""  # input not mutated


def test_column_numbers_typed_as_numbers_are_not_data(tmp_path):
    folder = tmp_path / "raw"
    write_xlsx(folder / "ho_so.xlsx", [HO_SO_HEADER, list(range(1, 10)), ho_so_row(1)])
    frame = load(folder).frames["ho_so"]
    assert frame["dossier_id"].tolist() == ["HS0001"]


def test_missing_required_column_names_its_look_alike(tmp_path):
    folder = tmp_path / "raw"
    header = [*HO_SO_HEADER[:5], "Ngày tiếp nhân hồ sơ", *HO_SO_HEADER[6:]]
    write_csv(folder / "ho_so.csv", [header, ho_so_row(1)])
    with pytest.raises(DataError) as caught:
        load(folder)
    problem = next(p for p in caught.value.problems if p.code == "missing_column")
    assert "'Ngày tiếp nhân hồ sơ' có vẻ là cột này" in problem.message_vi


def test_the_same_tracker_exported_twice_counts_each_task_once(tmp_path):
    folder = tmp_path / "raw"
    write_xlsx(folder / "nhiem_vu_thang3.xlsx", [TASK_HEADER, *TASKS])
    write_xlsx(folder / "nhiem_vu_thang6.xlsx", [TASK_HEADER, *reversed(TASKS)])
    data = load(folder)
    assert len(data.frames["nhiem_vu"]) == 3
    assert "duplicate_id_same" in codes(data.notices)


def test_the_same_register_exported_twice_counts_each_document_once(tmp_path):
    folder = tmp_path / "raw"
    rows = [
        ["Ngày đến", "Số, ký hiệu văn bản", "Hình thức"],
        ["01/02/2023", "10/SX", "Văn bản giấy"],
        ["02/02/2023", "11/SX", "Văn bản điện tử"],
    ]
    write_xlsx(folder / "van_ban_den_quy1.xlsx", rows[:2])
    write_xlsx(folder / "van_ban_den_2023.xlsx", rows)
    data = load(folder)
    assert len(data.frames["van_ban"]) == 2
    assert "duplicate_id_same" in codes(data.notices)


def test_two_people_on_the_same_course_are_two_records(tmp_path):
    rows = [
        ["Họ và tên", "Ngày sinh", "Đơn vị", "Nội dung đào tạo", "Từ ngày", "Đến ngày"],
        ["Trần Thị Mai", "01/01/1980", "Phòng A", "Kỹ năng số", "03/04/2023", "05/04/2023"],
        ["Đỗ Văn Hùng", "02/02/1982", "Phòng A", "Kỹ năng số", "03/04/2023", "05/04/2023"],
    ]
    write_xlsx(tmp_path / "r" / "dao_tao.xlsx", rows)
    frame = load(tmp_path / "r").frames["dao_tao"]
    assert len(frame) == 2 and frame["staff_id"].nunique() == 2
    assert not frame.astype(str).apply(lambda c: c.str.contains("Mai|Hùng")).any().any()


def test_two_wordings_of_one_column_use_the_canonical_one(tmp_path):
    folder = tmp_path / "raw"
    header = [*HO_SO_HEADER, "Ngày trả kết quả", "Kết quả xử lý"]
    write_csv(folder / "ho_so.csv", [header, [*ho_so_row(1, resolved="10/01/2022"), "12/01/2022", "Đạt"]])
    data = load(folder)
    assert data.frames["ho_so"]["resolved_date"].tolist() == [pd.Timestamp("2022-01-10")]
    ignored = [p for p in data.warnings if p.code == "ignored_column"]
    assert {p.column for p in ignored} == {"Ngày trả kết quả", "Kết quả xử lý"}


def test_a_register_named_by_direction_reads_loai_as_the_document_type(tmp_path):
    folder = tmp_path / "raw"
    write_xlsx(
        folder / "van_ban_di.xlsx",
        [
            ["Số, ký hiệu", "Ngày tháng văn bản", "Loại", "Hình thức"],
            ["1/UBND", "03/01/2023", "Công văn", "Văn bản điện tử"],
        ],
    )
    frame = load(folder).frames["van_ban"]
    assert frame["direction"].tolist() == ["Đi"] and frame["doc_type"].tolist() == ["Công văn"]


@pytest.mark.parametrize(
    "footer",
    [
        [
            ["Tổng cộng: 2"],
            [],
            ["NGƯỜI LẬP", None, "KẾ TOÁN", None, "THỦ TRƯỞNG"],
            ["Nguyễn A", None, "Trần B", None, "Lê C"],
        ],
        [["Sơn Tây, ngày ... tháng ... năm 2023"]],
        [["TỔNG CỘNG TOÀN HUYỆN", None, None, None, None, None, None, None, "2"]],
        [["I", "Cộng", None, None, None, None, None, None, "2"]],
    ],
)
def test_more_footers(tmp_path, footer):
    folder = tmp_path / "raw"
    write_xlsx(folder / "ho_so.xlsx", [HO_SO_HEADER, ho_so_row(1), ho_so_row(2), *footer])
    data = load(folder)
    assert len(data.frames["ho_so"]) == 2 and "footer_rows" in codes(data.notices)


def test_html_rowspan_and_no_charset(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    head = "".join(f"<th>{h}</th>" for h in HO_SO_HEADER[:3])
    (folder / "ho_so.xls").write_bytes(
        (
            f"<table><tr>{head}<th>Ngày tiếp nhận</th><th>Đơn vị</th></tr>"
            "<tr><td>HS1</td><td rowspan=2>Đất đai</td><td>A</td><td>05/01/2023</td>"
            "<td rowspan=2>UBND xã A</td></tr>"
            "<tr><td>HS2</td><td>B</td><td>06/01/2023</td></tr></table>"
        ).encode()
    )
    frame = load(folder).frames["ho_so"]
    assert frame["field"].tolist() == ["Đất đai", "Đất đai"]
    assert frame["unit"].tolist() == ["UBND xã A", "UBND xã A"]


def test_times_with_am_pm():
    from cchc.validation import parse_dates

    values, _bad, _ = parse_dates(pd.Series(["05/01/2023 02:35:20 PM", "05/01/2023 3:10 CH"], dtype=object))
    assert values.tolist() == [pd.Timestamp("2023-01-05 14:35:20"), pd.Timestamp("2023-01-05 15:10")]


def test_excel_2003_xml_merge_down(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    head = "".join(
        f'<Cell><Data ss:Type="String">{h}</Data></Cell>' for h in ("Mã hồ sơ", "Lĩnh vực", "Ngày tiếp nhận")
    )
    rows = (
        '<Row><Cell><Data ss:Type="String">HS1</Data></Cell>'
        '<Cell ss:MergeDown="1"><Data ss:Type="String">Đất đai</Data></Cell>'
        '<Cell><Data ss:Type="String">05/01/2023</Data></Cell></Row>'
        '<Row><Cell><Data ss:Type="String">HS2</Data></Cell>'
        '<Cell ss:Index="3"><Data ss:Type="String">06/01/2023</Data></Cell></Row>'
    )
    (folder / "ho_so.xls").write_text(
        '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table>'
        f"<Row>{head}</Row>{rows}</Table></Worksheet></Workbook>",
        encoding="utf-8",
    )
    frame = load(folder).frames["ho_so"]
    assert frame["field"].tolist() == ["Đất đai", "Đất đai"]
    assert frame["received_date"].dt.day.tolist() == [5, 6]


def test_a_sheet_past_the_cell_limit_is_rejected_before_it_is_read(tmp_path, monkeypatch, capsys):
    """A small file that expands to many cells (18 million in the issue) is measured, not loaded."""
    import cchc.reading as reading

    monkeypatch.setattr(reading, "MAX_CELLS", 1_000)
    folder = tmp_path / "raw"
    write_xlsx(folder / "ho_so.xlsx", [HO_SO_HEADER, *[ho_so_row(i) + ["x"] * 11 for i in range(100)]])
    assert run_check(folder) == 2
    out = capsys.readouterr().out
    assert "quá lớn" in out and "ho_so.xlsx" in out
