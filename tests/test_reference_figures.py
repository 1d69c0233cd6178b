"""End to end: the bundled sample for 2022-H1 gives the reference report's figures.

Reference: /work/shared/reference/bao-cao-cchc-6-thang-dau-nam-2022.md (issue 2's
2022-H1 list, issue 3's "End to end"). Figures are checked as numbers and as the
report writes them (vi-VN).
"""

from __future__ import annotations

import pytest

from cchc import config
from cchc.formatting import fmt_count2, fmt_int, fmt_money, fmt_pct
from cchc.indicators import compute, task_indicators, value_of

pytestmark = pytest.mark.skipif(
    not (config.RAW_DIR / "ho_so_2022.xlsx").exists(), reason="sample data not generated"
)


@pytest.fixture(scope="module")
def frames(sample_data):
    return sample_data.frames  # the session's load of a copy of data/raw (tests/conftest.py)


@pytest.fixture(scope="module")
def table(frames):
    return compute(frames, "2022-H1", cutoff="calendar")


def test_dossiers(table):
    v = lambda code, *a: value_of(table, code, *a)  # noqa: E731
    assert v("hs_received") == 566 and v("hs_carried_over") == 0 and v("hs_new") == 566
    assert v("hs_resolved") == 566
    assert (v("hs_resolved_early"), v("hs_resolved_on_time"), v("hs_resolved_late")) == (534, 32, 0)
    assert (v("hs_pending"), v("hs_pending_within_deadline"), v("hs_pending_overdue")) == (0, 0, 0)
    assert fmt_pct(v("hs_rate_early")) == "94,35%"
    assert fmt_pct(v("hs_rate_on_time")) == "5,65%"
    assert fmt_pct(v("hs_rate_late")) == "0%"
    assert v("hs_received", "field", "Đất đai") == 127 and v("hs_resolved", "field", "Đất đai") == 127
    assert v("hs_resolved_late", "field", "Đất đai") == 0
    assert v("hs_received", "field", "Xây dựng") == 13 and v("hs_resolved_late", "field", "Xây dựng") == 0
    invest = v("hs_received", "field", "Đầu tư")  # "Lĩnh vực đầu tư không phát sinh hồ sơ"
    assert invest == 0 or invest != invest  # zero, or the field never appears


def test_tasks_from_the_government(frames):
    nv = frames["nhiem_vu"]
    gov = task_indicators(nv[nv["source"].isin(["Chính phủ", "Thủ tướng Chính phủ"])], "2022-H1")
    got = [
        value_of(gov, c)
        for c in (
            "nv_total",
            "nv_completed",
            "nv_completed_on_time",
            "nv_completed_late",
            "nv_in_progress",
            "nv_in_progress_overdue",
        )
    ]
    assert got == [57, 17, 12, 5, 40, 7]
    assert [fmt_count2(x) for x in got] == ["57", "17", "12", "05", "40", "07"]


def test_tasks_by_plan(table):
    v = lambda code, doc: value_of(table, code, "assigning_doc", doc)  # noqa: E731
    assert (v("nv_total", "1147/KH-VP"), v("nv_completed", "1147/KH-VP")) == (14, 13)
    assert fmt_pct(v("nv_rate_completed", "1147/KH-VP"), 0) == "93%"
    assert (
        v("nv_total", "248/KH-UBND"),
        v("nv_completed", "248/KH-UBND"),
        v("nv_in_progress_not_due", "248/KH-UBND"),
    ) == (3, 2, 1)
    assert (v("nv_total", "39/KH-UBND"), v("nv_in_progress", "39/KH-UBND")) == (5, 5)
    assert (v("nv_total", "174/KH-UBND"), v("nv_in_progress_no_deadline", "174/KH-UBND")) == (13, 13)


def test_documents(table):
    v = lambda code: value_of(table, code)  # noqa: E731
    assert [
        fmt_int(v(c)) for c in ("vb_out", "vb_out_paper", "vb_out_electronic", "vb_out_electronic_with_paper")
    ] == ["10.593", "0", "8.817", "1.776"]
    assert [
        fmt_int(v(c)) for c in ("vb_in", "vb_in_paper", "vb_in_electronic", "vb_in_electronic_with_paper")
    ] == ["19.260", "2.684", "12.567", "4.009"]
    assert v("vb_out_signed") == 10593 and v("vb_rate_signed") == 100
    assert v("vb_units_electronic") == 9


def test_training(table):
    assert (value_of(table, "dt_sent"), value_of(table, "dt_planned")) == (30, 51)
    assert fmt_pct(value_of(table, "dt_rate_plan"), 0) == "59%"


def test_key_figures(table):
    v = lambda code: value_of(table, code)  # noqa: E731
    expected = {
        "ct_cchc_docs_issued": 16,
        "ct_units_inspected": 5,
        "ct_units_total": 9,
        "ct_legal_docs_issued": 12,
        "ct_legal_docs_received": 269,
        "ct_procedures_total": 372,
        "ct_procedure_fields": 66,
        "ct_procedures_new": 40,
        "ct_procedures_amended": 14,
        "ct_procedures_abolished": 54,
        "ct_web_posts": 422,
        "ct_web_news": 397,
        "ct_web_articles": 25,
        "ct_iso_items_done": 9,
        "ct_iso_items_total": 21,
        "ct_satisfaction_rate": 100,
        "ct_staff_quota": 101,
        "ct_staff_admin": 61,
        "ct_staff_public_service": 19,
        "ct_staff_contract_service": 2,
        "ct_staff_contract_68": 19,
    }
    assert {c: v(c) for c in expected} == expected
    assert fmt_money(v("ct_it_spending")) == "6.313.329.686 đồng"
    assert f"{fmt_count2(v('ct_units_inspected'))}/{fmt_count2(v('ct_units_total'))}" == "05/09"
    assert f"{fmt_count2(v('ct_iso_items_done'))}/{v('ct_iso_items_total'):.0f}" == "09/21"
