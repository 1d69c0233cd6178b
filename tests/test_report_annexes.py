"""Annex tables: the reference's column layout and numbering; identities checked, never silent."""

from __future__ import annotations

import pandas as pd
import pytest

from cchc.indicators.documents import unit_level
from cchc.report.annexes import (
    AnnexError,
    all_annexes,
    check_identities,
    documents_annex,
    dossiers_annex,
    tasks_annex,
    units_annex,
)
from test_report_sentences import H1, dossier_rows, reference_table, task_rows, tidy


def test_documents_annex_is_the_reference_row():
    t = documents_annex(reference_table(), H1)
    assert t.title == "HỒ SƠ CÔNG VIỆC TRÊN MÔI TRƯỜNG MẠNG"
    assert t.subtitle == ("Kỳ báo cáo: 06 tháng đầu năm 2022", "(Từ ngày 01/01/2022 đến ngày 30/06/2022)")
    assert t.header_groups == (("Số lượng văn bản gửi", 4), ("Số lượng văn bản nhận", 4))
    assert (
        list(t.frame.columns)
        == [
            "Tổng số",
            "Văn bản giấy",
            "Văn bản điện tử không kèm văn bản giấy",
            "Văn bản điện tử kèm văn bản giấy",
        ]
        * 2
    )
    assert t.column_numbers == (
        "(1)=(2)+(3)+(4)",
        "(2)",
        "(3)",
        "(4)",
        "(5)=(6)+(7)+(8)",
        "(6)",
        "(7)",
        "(8)",
    )
    assert t.frame.iloc[0].tolist() == [10593, 0, 8817, 1776, 19260, 2684, 12567, 4009]
    assert t.zero_as_dash


def test_documents_annex_inconsistent_forms_raise():
    table = reference_table()
    table.loc[table["code"] == "vb_in_paper", "value"] = 2683.0
    with pytest.raises(AnnexError, match=r"19260 ≠ 2683 \+ 12567 \+ 4009"):
        documents_annex(table, H1)


def test_units_annex_by_level():
    table = reference_table()
    levels = {
        "vb_units_electronic": 11,
        "vb_units_electronic_province": 9,
        "vb_units_electronic_district": 1,
        "vb_units_electronic_commune": 1,
        "vb_units_online": 10,
        "vb_units_online_province": 9,
        "vb_units_online_district": 1,
        "vb_units_online_commune": 0,
    }
    for code, v in levels.items():
        table.loc[table["code"] == code, "value"] = float(v)
    t = units_annex(table, H1)
    assert t.frame.iloc[0].tolist() == [11, 9, 1, 1, 10, 9, 1, 0]
    assert t.header_groups[0] == ("Số lượng đơn vị đã gửi, nhận văn bản điện tử", 4)
    assert t.column_numbers == tuple(f"({i})" for i in range(1, 9))
    assert t.note == ""


def test_units_annex_notes_documents_without_a_unit():
    table = pd.concat(
        [reference_table(), tidy([("vb_electronic", "unit", "(Chưa xác định)", 7)])], ignore_index=True
    )
    assert "7 văn bản điện tử không ghi đơn vị" in units_annex(table, H1).note


def test_units_annex_disagreeing_with_total_raises():
    table = reference_table()
    table.loc[table["code"] == "vb_units_electronic", "value"] = 10.0
    with pytest.raises(AnnexError, match=r"Tổng số \(1\) = 10 ≠ 9 \+ 0 \+ 0"):
        units_annex(table, H1)


def test_unit_levels():
    names = pd.Series(
        [
            "Sở Nội vụ",
            "Phòng Nội vụ huyện Hòa Bình",
            "UBND thành phố Rạch Sỏi",
            "UBND phường Vĩnh Thanh",
            "UBND thị trấn Thứ Ba",
            "Trung tâm Phục vụ hành chính công",
        ]
    )
    assert unit_level(names).tolist() == [2, 3, 3, 4, 4, 2]


def test_dossiers_annex_rows_and_totals():
    t = dossiers_annex(reference_table(), H1)
    assert t.totals
    assert t.column_numbers[:3] == ("(A)", "(1)=(2)+(6)", "(2)=(3)+(4)+(5)")
    assert t.frame["Lĩnh vực"].tolist() == ["Tài nguyên và môi trường", "Đất đai", "Xây dựng", "Tổng cộng"]
    assert t.frame.iloc[-1, 1:].tolist() == [566, 566, 534, 32, 0, 0, 0, 0]
    assert t.frame.iloc[1, 1:].tolist() == [127, 127, 120, 7, 0, 0, 0, 0]


def test_dossier_rows_that_miss_the_total_raise():
    table = reference_table()
    table = table[~((table["dimension"] == "field") & (table["group"] == "Xây dựng"))]
    with pytest.raises(AnnexError, match="hs_received: tổng các dòng 553 ≠ tổng kỳ 566"):
        dossiers_annex(table, H1)


def test_dossier_row_breaking_its_identity_raises():
    table = tidy(dossier_rows(received=5, early=5) + dossier_rows("field", "A", received=5, early=5))
    table.loc[table["code"] == "hs_resolved_early", "value"] = 4.0
    with pytest.raises(AnnexError, match="dòng 'A'"):
        dossiers_annex(table, H1)


def test_tasks_annex_by_source():
    t = tasks_annex(reference_table(), H1)
    assert t.header_groups == (
        ("Nguồn giao", 1),
        ("Tổng số nhiệm vụ", 1),
        ("Đã hoàn thành", 3),
        ("Đang thực hiện", 4),
    )
    rows = t.frame.set_index("Nguồn giao")
    assert rows.loc["Chính phủ"].tolist() == [40, 11, 8, 3, 29, 4, 25, 0]
    assert rows.loc["Tổng cộng"].tolist() == [93, 38, 30, 8, 55, 9, 40, 6]
    gov = rows.loc["Chính phủ"] + rows.loc["Thủ tướng Chính phủ"]
    assert gov.tolist()[:6] == [57, 17, 12, 5, 40, 7]


def test_empty_period_gives_zero_tables():
    tables = all_annexes(tidy(task_rows() + dossier_rows()), H1)
    assert [t.frame.iloc[-1, -1] for t in tables] == [0, 0, 0, 0]
    assert tables[2].frame["Lĩnh vực"].tolist() == ["Tổng cộng"]


def test_every_identity_holds_on_the_reference_table():
    for t in all_annexes(reference_table(), H1):
        numeric = t.frame.select_dtypes("number")
        for _j, label in enumerate(t.column_numbers):
            if "=" not in label:
                continue
            parts = [int(x) for x in label.split("=")[1].replace("(", "").replace(")", "").split("+")]
            total_idx = int(label.split("=")[0].strip("()"))
            offset = t.frame.shape[1] - numeric.shape[1]
            cols = numeric.columns
            assert (numeric.iloc[:, total_idx - 1] == sum(numeric.iloc[:, p - 1] for p in parts)).all(), (
                t.title,
                label,
                list(cols),
            )
            assert offset in (0, 1)


def test_check_identities_lists_every_failure():
    frame = pd.DataFrame({"t": [3, 4], "a": [1, 2], "b": [1, 2]}, index=["x", "y"])
    with pytest.raises(AnnexError) as err:
        check_identities(frame, [("t", ["a", "b"])], "T")
    assert "dòng 'x'" in str(err.value) and "dòng 'y'" not in str(err.value)


def test_task_annex_words_match_the_rest_of_the_report():
    """Completed late is "Trễ hạn", open past the deadline is "Quá hạn", as in the sentences."""
    from cchc.report.annexes import tasks_annex
    from test_report_sentences import H1, reference_table

    t = tasks_annex(reference_table(), H1)
    completed = list(t.frame.columns[3:5])
    in_progress = list(t.frame.columns[6:9])
    assert completed == ["Đúng hạn", "Trễ hạn"]
    assert in_progress == ["Quá hạn", "Chưa đến hạn", "Không có thời hạn"]
