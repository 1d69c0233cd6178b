"""Generated sentences: the reference's wording with hand-computed figures, and every branch.

The tables here are hand-made in the tidy shape of ``cchc.indicators.compute``
(code, dimension, group, value, …), so the wording is tested independently of
the indicator library. ``reference_table`` holds the reference report's
2022-H1 figures and is reused by the other report tests.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from cchc.periods import parse_period
from cchc.report import sentences as S

H1 = parse_period("2022-H1")
SEPT = parse_period("2022-09")
GOV = ["Chính phủ", "Thủ tướng Chính phủ"]
PLAN = "Kế hoạch số 1147/KH-VP"

UNITS = [
    "Phòng Tổng hợp",
    "Phòng Kinh tế",
    "Phòng Khoa giáo - Văn xã",
    "Phòng Nội chính",
    "Phòng Hành chính - Tổ chức",
    "Phòng Quản trị - Tài vụ",
    "Ban Tiếp công dân",
    "Trung tâm Phục vụ hành chính công",
    "Nhà ăn",
]


def tidy(rows: list[tuple]) -> pd.DataFrame:
    """(code, value) or (code, dimension, group, value) tuples -> a tidy table."""
    records = []
    for row in rows:
        code, dim, group, val = (row[0], "", "", row[1]) if len(row) == 2 else row
        unit = "%" if "_rate" in code else ("đồng" if code == "ct_it_spending" else "")
        records.append(
            {
                "code": code,
                "dimension": dim,
                "group": group,
                "value": float(val),
                "numerator": float("nan"),
                "denominator": float("nan"),
                "unit": unit,
                "label": code,
            }
        )
    return pd.DataFrame(records)


def dossier_rows(
    dim: str = "", group: str = "", received=0, early=0, on_time=0, late=0, within=0, overdue=0, carried=0
) -> list[tuple]:
    resolved = early + on_time + late
    pending = within + overdue
    assert received == resolved + pending
    rows = [
        ("hs_received", received),
        ("hs_carried_over", carried),
        ("hs_new", received - carried),
        ("hs_resolved", resolved),
        ("hs_resolved_early", early),
        ("hs_resolved_on_time", on_time),
        ("hs_resolved_late", late),
        ("hs_pending", pending),
        ("hs_pending_within_deadline", within),
        ("hs_pending_overdue", overdue),
        ("hs_resolved_timely", early + on_time),
    ]
    if pending:
        rows += [
            ("hs_rate_pending_within_deadline", 100 * within / pending),
            ("hs_rate_pending_overdue", 100 * overdue / pending),
        ]
    if resolved:
        rows += [
            ("hs_rate_early", 100 * early / resolved),
            ("hs_rate_on_time", 100 * on_time / resolved),
            ("hs_rate_late", 100 * late / resolved),
            ("hs_rate_timely", 100 * (early + on_time) / resolved),
        ]
    return [(c, dim, group, v) for c, v in rows]


def task_rows(
    dim: str = "", group: str = "", on_time=0, late=0, overdue=0, not_due=0, no_deadline=0, done_earlier=0
) -> list[tuple]:
    done = on_time + late
    doing = overdue + not_due + no_deadline
    total = done + doing
    rows = [
        ("nv_total", total),
        ("nv_completed", done),
        ("nv_completed_on_time", on_time),
        ("nv_completed_late", late),
        ("nv_in_progress", doing),
        ("nv_in_progress_overdue", overdue),
        ("nv_in_progress_not_due", not_due),
        ("nv_in_progress_no_deadline", no_deadline),
        ("nv_plan_total", total + done_earlier),
        ("nv_plan_completed", done + done_earlier),
    ]
    if total:
        rows.append(("nv_rate_completed", 100 * done / total))
    if total + done_earlier:
        rows.append(("nv_rate_plan", 100 * (done + done_earlier) / (total + done_earlier)))
    return [(c, dim, group, v) for c, v in rows]


def reference_table() -> pd.DataFrame:
    """The reference's 2022-H1 figures as an indicator table (with breakdowns)."""
    rows = dossier_rows(received=566, early=534, on_time=32)
    rows += dossier_rows("field", "Đất đai", received=127, early=120, on_time=7)
    rows += dossier_rows("field", "Xây dựng", received=13, early=13)
    rows += dossier_rows("field", "Tài nguyên và môi trường", received=426, early=401, on_time=25)
    rows += task_rows(on_time=30, late=8, overdue=9, not_due=40, no_deadline=6)
    rows += task_rows("source", "Chính phủ", on_time=8, late=3, overdue=4, not_due=25)
    rows += task_rows("source", "Thủ tướng Chính phủ", on_time=4, late=2, overdue=3, not_due=8)
    rows += task_rows("source", "UBND tỉnh", on_time=18, late=3, overdue=2, not_due=7, no_deadline=6)
    rows += task_rows("assigning_doc", PLAN, on_time=13, not_due=1)
    rows += task_rows("assigning_doc", "Kế hoạch số 248/KH-UBND", on_time=2, not_due=1)
    rows += [
        (c, "", "", v)
        for c, v in [
            ("vb_out", 10593),
            ("vb_out_paper", 0),
            ("vb_out_electronic", 8817),
            ("vb_out_electronic_with_paper", 1776),
            ("vb_in", 19260),
            ("vb_in_paper", 2684),
            ("vb_in_electronic", 12567),
            ("vb_in_electronic_with_paper", 4009),
            ("vb_out_signed", 10593),
            ("vb_rate_signed", 100.0),
            ("vb_units_electronic", 9),
            ("vb_out_electronic_total", 10593),
            ("vb_electronic", 27169),
            ("vb_units_electronic_province", 9),
            ("vb_units_electronic_district", 0),
            ("vb_units_electronic_commune", 0),
            ("vb_units_online", 9),
            ("vb_units_online_province", 9),
            ("vb_units_online_district", 0),
            ("vb_units_online_commune", 0),
            ("vb_rate_electronic", 100 * (8817 + 1776 + 12567 + 4009) / (10593 + 19260)),
        ]
    ]
    for i, unit in enumerate(UNITS):
        rows += [
            ("vb_out_electronic", "unit", unit, 900 + i),
            ("vb_in_electronic", "unit", unit, 1000),
            ("vb_out_electronic_with_paper", "unit", unit, 0),
            ("vb_in_electronic_with_paper", "unit", unit, 0),
        ]
    rows += [
        (c, "", "", v)
        for c, v in [
            ("dt_planned", 51),
            ("dt_sent", 30),
            ("dt_rate_plan", 100 * 30 / 51),
            ("dt_sent_in_period", 30),
            ("dt_unplanned", 0),
            ("ct_cchc_docs_issued", 16),
            ("ct_units_inspected", 5),
            ("ct_units_total", 9),
            ("ct_rate_units_inspected", 100 * 5 / 9),
            ("ct_propaganda_sessions", 1),
            ("ct_propaganda_attendees", 45),
            ("ct_legal_docs_issued", 12),
            ("ct_legal_docs_received", 269),
            ("ct_it_spending", 6313329686),
            ("ct_email_usage_rate", 100),
            ("ct_feedback_received", 0),
            ("ct_disciplined", 0),
        ]
    ]
    return tidy(rows)


def gov_table() -> pd.DataFrame:
    """Tasks of the Government and the Prime Minister (57 / 17 / 12 / 5 / 40 / 7)."""
    return tidy(task_rows(on_time=12, late=5, overdue=7, not_due=33))


# --------------------------------------------------------------------------- reference wording


def test_dossier_sentence_is_the_reference_sentence():
    (sentence,) = S.dossier_sentences(reference_table(), H1)
    assert sentence == (
        "Trong 06 tháng đầu năm 2022, Văn phòng đã tiếp nhận 566 hồ sơ. Trong đó: Tổng số hồ sơ "
        "đã giải quyết 566 hồ sơ (trước hạn 534 hồ sơ, tỷ lệ 94,35%; đúng hạn 32 hồ sơ, tỷ lệ "
        "5,65%; trễ hạn 0 hồ sơ, tỷ lệ 0%), số hồ sơ đang giải quyết: không phát sinh."
    )


def test_task_sentence_has_the_reference_figures():
    (sentence,) = S.task_sentences(gov_table(), H1, sources=GOV)
    assert sentence == (
        "Trong 06 tháng đầu năm 2022, có 57 nhiệm vụ của UBND tỉnh được Chính phủ, Thủ tướng "
        "Chính phủ giao, 17 nhiệm vụ đã hoàn thành (trong đó 12 nhiệm vụ hoàn thành đúng hạn, "
        "05 nhiệm vụ hoàn thành trễ hạn), 40 nhiệm vụ đang thực hiện (trong đó 07 nhiệm vụ đã "
        "quá hạn)."
    )


def test_plan_sentence_13_of_14_is_93_percent():
    (sentence,) = S.plan_sentences(reference_table(), H1, [PLAN])
    assert sentence == (
        "Tính đến ngày 30/06/2022, kết quả thực hiện Kế hoạch số 1147/KH-VP "
        "đạt 93% kế hoạch (13/14 nhiệm vụ), còn 01 nhiệm vụ đang thực hiện."
    )


def test_plan_progress_in_a_later_quarter_counts_the_tasks_done_before_it():
    """Q3: 1 task open at the start of Q3 and still open, 13 done in H1 -> 13/14, not 0/1."""
    q3 = tidy(task_rows("assigning_doc", PLAN, not_due=1, done_earlier=13))
    (sentence,) = S.plan_sentences(q3, parse_period("2022-Q3"), [PLAN])
    assert sentence == (
        "Tính đến ngày 30/09/2022, kết quả thực hiện Kế hoạch số 1147/KH-VP "
        "đạt 93% kế hoạch (13/14 nhiệm vụ), còn 01 nhiệm vụ đang thực hiện."
    )


def test_training_in_a_quarter_is_year_to_date_with_the_quarter_beside_it():
    table = tidy(
        [
            ("dt_planned", 51),
            ("dt_sent", 36),
            ("dt_rate_plan", 100 * 36 / 51),
            ("dt_sent_planned_in_period", 6),
            ("dt_sent_in_period", 18),
            ("dt_unplanned", 12),
        ]
    )
    first, extra = S.training_sentences(table, parse_period("2022-Q3"))
    assert first == (
        "Lũy kế từ đầu năm đến ngày 30/09/2022, Văn phòng đã cử đi đào tạo, bồi dưỡng "
        "36/51 lượt công chức, viên chức, đạt 71% kế hoạch năm; riêng quý III/2022 đã "
        "cử 06 lượt theo kế hoạch."
    )
    assert extra.startswith("Trong quý III/2022, Văn phòng cử thêm 12 lượt")


def test_zero_over_zero_is_not_arisen_never_zero_percent():
    table = tidy(dossier_rows(received=4, early=4))
    (sentence,) = S.dossier_sentences(table, H1)
    assert "không phát sinh" in sentence and "tỷ lệ 0%; quá hạn" not in sentence
    pending = tidy(dossier_rows(received=5, early=0, within=5))
    assert S._share(table, "hs_rate_pending_overdue", 0) == "không phát sinh"
    assert S._share(pending, "hs_rate_pending_overdue", 5) == "0%"


def test_names_are_kept_as_written_and_fields_sorted_the_vietnamese_way():
    rows = dossier_rows(received=3, early=3)
    for name in ["Xây dựng", "Đầu tư", "Giáo dục và Đào tạo", "Đất đai"]:
        rows += dossier_rows("field", name, received=1, early=1)
    items = S.dossier_field_items(tidy(rows))
    assert [i.split(" (")[0] for i in items] == [
        "Lĩnh vực đất đai",
        "Lĩnh vực đầu tư",
        "Lĩnh vực Giáo dục và Đào tạo",
        "Lĩnh vực xây dựng",
    ]


def test_training_sentence_30_of_51_is_59_percent():
    assert S.training_sentences(reference_table(), H1) == [
        "Trong 06 tháng đầu năm 2022, Văn phòng đã cử đi đào tạo, bồi dưỡng 30/51 lượt công "
        "chức, viên chức, đạt 59% kế hoạch."
    ]


def test_document_sentences_leave_out_the_empty_paper_form():
    first, signed, units = S.document_sentences(reference_table(), H1)
    assert first == (
        "Trong 06 tháng đầu năm 2022, Văn phòng đã phát hành 10.593 văn bản đi (văn bản điện tử "
        "8.817, văn bản điện tử kèm văn bản giấy 1.776) và tiếp nhận 19.260 văn bản đến (văn bản "
        "giấy 2.684, văn bản điện tử 12.567, văn bản điện tử kèm văn bản giấy 4.009)."
    )
    assert "tỷ lệ 100%" in signed
    assert "có 09 đơn vị" in units


def test_key_figures_inspection_ratio_and_money():
    table = reference_table()
    first = S.key_figure_sentences(table, H1, "I")
    assert any("05/09 đơn vị, đạt tỷ lệ 55,6%" in s for s in first)
    assert any("01 buổi tuyên truyền" in s and "45 lượt" in s for s in first)
    it = S.key_figure_sentences(table, H1, "II.6")
    assert any("6.313.329.686 đồng" in s for s in it)
    assert any("là 100%." in s for s in it)
    assert S.key_figure_sentences(table, H1, "II.2") == [
        "Trong 06 tháng đầu năm 2022, Văn phòng không phát sinh phản ánh, kiến nghị về quy định hành chính."
    ]
    # a sentence whose figures are not all entered is left out
    assert not any("sáng kiến" in s for s in first)


def test_field_items():
    items = S.dossier_field_items(reference_table())
    assert (
        "Lĩnh vực đất đai (tổng số tiếp nhận 127 hồ sơ, đã giải quyết đúng hạn 127 hồ sơ, "
        "không có hồ sơ trễ hạn)" in items
    )
    assert (
        "Lĩnh vực xây dựng (tổng số tiếp nhận 13 hồ sơ, đã giải quyết đúng hạn 13 hồ sơ, "
        "không có hồ sơ trễ hạn)" in items
    )


# --------------------------------------------------------------------------- adapting to the data


def test_month_with_late_and_pending_dossiers_and_carry_over():
    table = tidy(dossier_rows(received=20, early=9, on_time=5, late=2, within=3, overdue=1, carried=4))
    (sentence,) = S.dossier_sentences(table, SEPT)
    assert sentence.startswith(
        "Trong tháng 9/2022, Văn phòng đã tiếp nhận 20 hồ sơ (kỳ trước "
        "chuyển sang 04 hồ sơ, tiếp nhận mới 16 hồ sơ)."
    )
    assert (
        "trước hạn 09 hồ sơ, tỷ lệ 56,25%; đúng hạn 05 hồ sơ, tỷ lệ 31,25%; trễ hạn 02 hồ sơ, "
        "tỷ lệ 12,5%" not in sentence
    )  # two decimals always
    assert "trễ hạn 02 hồ sơ, tỷ lệ 12,50%" in sentence
    assert "(trong hạn 03 hồ sơ, tỷ lệ 75%; quá hạn 01 hồ sơ, tỷ lệ 25%)" in sentence


def test_no_dossier_and_nothing_resolved():
    assert S.dossier_sentences(tidy([]), SEPT) == ["Trong tháng 9/2022, Văn phòng không tiếp nhận hồ sơ nào."]
    (sentence,) = S.dossier_sentences(tidy(dossier_rows(received=3, within=3)), SEPT)
    assert "Chưa có hồ sơ nào được giải quyết, số hồ sơ đang giải quyết 03 hồ sơ" in sentence
    assert "tỷ lệ -" not in sentence


@pytest.mark.parametrize(
    "kw, expected",
    [
        (
            dict(on_time=4, not_due=2),
            "có 06 nhiệm vụ của UBND tỉnh được Chính phủ, Thủ tướng Chính phủ giao, 04 nhiệm vụ đã hoàn "
            "thành đúng hạn, 02 nhiệm vụ đang thực hiện.",
        ),
        (
            dict(late=3),
            "có 03 nhiệm vụ của UBND tỉnh được Chính phủ, Thủ tướng Chính phủ giao, 03 nhiệm vụ đã hoàn "
            "thành trễ hạn.",
        ),
        (
            dict(overdue=2, not_due=1),
            "có 03 nhiệm vụ của UBND tỉnh được Chính phủ, Thủ tướng Chính phủ giao, chưa có nhiệm vụ nào "
            "hoàn thành, cả 03 nhiệm vụ đang thực hiện (trong đó 02 nhiệm vụ đã quá hạn).",
        ),
        (
            dict(on_time=1, overdue=2),
            "có 03 nhiệm vụ của UBND tỉnh được Chính phủ, Thủ tướng Chính phủ giao, 01 nhiệm vụ đã hoàn "
            "thành đúng hạn, 02 nhiệm vụ đang thực hiện, tất cả đã quá hạn.",
        ),
    ],
)
def test_task_branches_have_no_empty_clause(kw, expected):
    (sentence,) = S.task_sentences(tidy(task_rows(**kw)), SEPT, sources=GOV)
    assert sentence == "Trong tháng 9/2022, " + expected
    assert not re.search(r"(?<![0-9.])0 nhiệm vụ", sentence)


def test_no_task_and_no_assignee():
    assert S.task_sentences(tidy([]), SEPT, sources=["Chính phủ"], assignee="") == [
        "Trong tháng 9/2022, không có nhiệm vụ nào được Chính phủ giao."
    ]


def test_training_without_plan_and_unplanned():
    table = tidy([("dt_planned", 0), ("dt_sent", 0), ("dt_sent_in_period", 2), ("dt_unplanned", 2)])
    assert S.training_sentences(table, SEPT) == [
        "Trong tháng 9/2022, Văn phòng cử thêm 02 lượt đi đào tạo, bồi dưỡng ngoài kế hoạch."
    ]
    assert S.training_sentences(tidy([]), SEPT) == [
        "Trong tháng 9/2022, Văn phòng không cử công chức, viên chức đi đào tạo, bồi dưỡng."
    ]


def test_period_phrases():
    for label, phrase in [
        ("Năm 2022", "năm 2022"),
        ("Quý I/2022", "quý I/2022"),
        ("Từ ngày 15/01/2022 đến ngày 31/03/2022", "thời gian từ ngày 15/01/2022 đến ngày 31/03/2022"),
    ]:
        assert S.period_phrase(SimpleNamespace(label=label)) == phrase
