"""Every indicator code on small hand-made frames, with hand-computed figures.

The edges of issue 3: resolved exactly on the due date, due exactly on E,
received before S and resolved after E, resolved on S, no due date,
withdrawn, a task completed after E, records dated after E.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from cchc import catalogue
from cchc.indicators import (
    TABLE_COLUMNS,
    UNKNOWN_GROUP,
    compare,
    compute,
    document_indicators,
    dossier_indicators,
    key_figures,
    series,
    task_indicators,
    training_indicators,
    value_of,
)
from frames import empty_frames, make_frame

WD = "Rút hồ sơ"

# Period 2022-Q1: S = 01/01/2022, E = 31/03/2022.
DOSSIERS = [
    dict(
        dossier_id="A",
        field="Đất đai",
        received_date="2021-12-20",
        due_date="2022-01-10",
        resolved_date="2022-01-05",
        channel="Trực tiếp",
    ),  # carried, early
    dict(dossier_id="B", field="Tư pháp", received_date="2021-12-01", resolved_date="2021-12-30"),  # out
    dict(
        dossier_id="C",
        field="Đất đai",
        received_date="2021-12-15",
        due_date="2022-01-01",
        resolved_date="2022-01-01",
    ),  # on S and on due: on time
    dict(
        dossier_id="D",
        field="Đất đai",
        received_date="2022-01-10",
        due_date="2022-01-20",
        resolved_date="2022-01-25",
        channel="Trực tuyến",
    ),  # new, late, online
    dict(
        dossier_id="E",
        field="Xây dựng",
        received_date="2022-02-01",
        resolved_date="2022-02-10",
        channel="Trực tiếp",
    ),  # no due date: on time
    dict(
        dossier_id="F",
        field="Xây dựng",
        received_date="2022-03-01",
        due_date="2022-03-31",
        channel="Trực tuyến",
    ),  # due on E: within deadline
    dict(dossier_id="G", field="Xây dựng", received_date="2022-03-05", due_date="2022-03-20"),  # overdue
    dict(
        dossier_id="H",
        field="Xây dựng",
        received_date="2021-11-01",
        due_date="2022-02-01",
        resolved_date="2022-04-05",
    ),  # carried, resolved after E
    dict(dossier_id="I", field="Xây dựng", received_date="2022-03-10"),  # pending, no due date
    dict(
        dossier_id="J",
        field="Đầu tư",
        received_date="2022-04-02",
        due_date="2022-04-10",
        resolved_date="2022-04-03",
    ),  # after E
    dict(
        dossier_id="K", field="Đất đai", received_date="2022-02-02", resolved_date="2022-02-03", status=WD
    ),  # withdrawn in period
    dict(dossier_id="L", field="Đất đai", received_date="2021-12-01", status=WD),  # withdrawn before S
    dict(
        dossier_id="M",
        received_date="2022-03-31",
        due_date="2022-04-10",
        resolved_date="2022-03-31",
        channel="Bưu chính",
        status="Đã trả kết quả",
    ),  # received & resolved on E
    dict(dossier_id="N", field="Tư pháp", received_date="2021-10-05", resolved_date="2021-10-06"),  # 2021-Q4
]
DOSSIER_EXPECTED = {
    "hs_received": 9,
    "hs_carried_over": 3,
    "hs_new": 6,
    "hs_new_online": 2,
    "hs_new_offline": 4,
    "hs_resolved": 5,
    "hs_resolved_early": 2,
    "hs_resolved_on_time": 2,
    "hs_resolved_late": 1,
    "hs_resolved_late_by_time": 0,
    "hs_pending": 4,
    "hs_pending_within_deadline": 2,
    "hs_pending_overdue": 2,
    "hs_withdrawn": 1,
    "hs_rate_early": 40.0,
    "hs_rate_on_time": 40.0,
    "hs_rate_late": 20.0,
    "hs_rate_timely": 80.0,
    "hs_rate_online": 100 * 2 / 6,
    "hs_rate_on_track": 100 * 6 / 9,
    "hs_resolved_timely": 4,  # early 2 + on time 2
    "hs_rate_pending_within_deadline": 50.0,
    "hs_rate_pending_overdue": 50.0,  # F, I of F, G, H, I
}

TASKS = [
    dict(
        task_id="T1",
        title="a",
        source="Chính phủ",
        assigning_doc="1147/KH-VP",
        assigned_date="2021-12-01",
        due_date="2022-01-31",
        completed_date="2022-01-31",
    ),  # completed on due date
    dict(
        task_id="T2", title="b", source="Văn phòng", assigned_date="2021-11-01", completed_date="2021-12-31"
    ),  # completed before S
    dict(
        task_id="T3",
        title="c",
        source="Chính phủ",
        assigned_date="2022-01-05",
        due_date="2022-02-01",
        completed_date="2022-02-05",
    ),  # late
    dict(
        task_id="T4", title="d", source="UBND tỉnh", assigned_date="2022-02-01", completed_date="2022-03-01"
    ),  # no deadline: on time
    dict(task_id="T5", title="e", source="Chính phủ", assigned_date="2022-02-01", due_date="2022-03-15"),
    dict(
        task_id="T6",
        title="f",
        source="UBND tỉnh",
        assigned_date="2022-03-01",
        due_date="2022-03-31",
        completed_date="2022-04-10",
    ),  # completed after E, due on E
    dict(task_id="T7", title="g", source="UBND tỉnh", assigned_date="2022-01-01"),  # regular task
    dict(task_id="T8", title="h", source="Thủ tướng Chính phủ", assigned_date="2022-04-01"),  # after E
    dict(
        task_id="T9",
        title="i",
        source="UBND tỉnh",
        assigned_date="2021-12-20",
        due_date="2022-01-05",
        completed_date="2022-01-01",
    ),  # completed on S
]
TASK_EXPECTED = {
    "nv_total": 7,
    "nv_completed": 4,
    "nv_completed_on_time": 3,
    "nv_completed_late": 1,
    "nv_in_progress": 3,
    "nv_in_progress_overdue": 1,
    "nv_in_progress_not_due": 1,
    "nv_in_progress_no_deadline": 1,
    "nv_rate_completed": 100 * 4 / 7,
    "nv_rate_completed_on_time": 75.0,
    # a plan's progress ignores S: T1-T7 and T9 assigned by E (8); T1, T2, T3, T4, T9 completed by E
    "nv_plan_total": 8,
    "nv_plan_completed": 5,
    "nv_rate_plan": 62.5,
}

DOCUMENTS = [
    dict(direction="Đi", date="2022-01-05", form="Điện tử", signed=True, unit="P.TH"),
    dict(direction="Đi", date="2022-02-05", form="Điện tử kèm giấy", signed=False, unit="P.KT"),
    dict(direction="Đi", date="2022-03-31", form="Giấy", signed=True, unit="P.TH"),  # on E; paper
    dict(direction="Đến", date="2022-01-01", form="Điện tử", unit="P.KT"),  # on S
    dict(direction="Đến", date="2022-02-10", form="Giấy", unit="P.QT"),
    dict(direction="Đến", date="2022-03-01", form="Điện tử kèm giấy"),  # no unit
    dict(direction="Đi", date="2021-12-31", form="Điện tử", signed=True, unit="P.XX"),  # before S
    dict(direction="Đến", date="2022-04-01", form="Điện tử", unit="P.YY"),  # after E
]
DOCUMENT_EXPECTED = {
    "vb_out": 3,
    "vb_out_paper": 1,
    "vb_out_electronic": 1,
    "vb_out_electronic_with_paper": 1,
    "vb_in": 3,
    "vb_in_paper": 1,
    "vb_in_electronic": 1,
    "vb_in_electronic_with_paper": 1,
    "vb_out_signed": 1,
    "vb_rate_electronic": 100 * 4 / 6,
    "vb_rate_signed": 50.0,
    "vb_units_electronic": 2,
    # P.TH (electronic) and P.KT (electronic with paper) sent; P.KT and a unit-less one received
    "vb_out_electronic_total": 2,
    "vb_electronic": 4,
    "vb_units_online": 2,  # P.TH and P.KT issued an electronic document
    # neither name says district or commune: both are provincial units
    "vb_units_electronic_province": 2,
    "vb_units_electronic_district": 0,
    "vb_units_electronic_commune": 0,
    "vb_units_online_province": 2,
    "vb_units_online_district": 0,
    "vb_units_online_commune": 0,
}

# Period 2022-H1 (S = 01/01/2022, E = 30/06/2022), plan year 2022.
TRAINING = [
    dict(
        staff_id="1",
        course="x",
        training_type="Bồi dưỡng",
        plan_year=2022,
        sent_date="2022-03-01",
        completed_date="2022-03-10",
    ),
    dict(staff_id="2", course="x", training_type="Đào tạo", plan_year=2022, sent_date="2022-06-30"),  # on E
    dict(staff_id="3", course="x", training_type="Bồi dưỡng", plan_year=2022, sent_date="2022-07-01"),
    dict(staff_id="4", course="x", training_type="Bồi dưỡng", plan_year=2022),  # not sent
    dict(staff_id="5", course="x", sent_date="2022-02-01", completed_date="2022-06-30"),  # unplanned
    dict(
        staff_id="6",
        course="x",
        training_type="Đào tạo",
        plan_year=2021,
        sent_date="2021-12-01",
        completed_date="2022-01-10",
    ),
    dict(staff_id="7", course="x", training_type="Đào tạo", plan_year=2022, sent_date="2021-12-20"),
]
TRAINING_EXPECTED = {
    "dt_planned": 5,
    "dt_sent": 3,
    "dt_rate_plan": 60.0,
    "dt_sent_in_period": 3,
    "dt_completed_in_period": 3,
    "dt_unplanned": 1,
    # staff 1 and 2; staff 7 (planned 2022) was sent in 2021, before S
    "dt_sent_planned_in_period": 2,
}

KEY_FIGURES = [
    dict(period="2022-H1", code="ct_web_posts", label="Tin bài", value=400.0),
    dict(period="2022-H1", code="ct_web_posts", label="Tin bài", value=422.0),  # last one wins
    dict(period="2022-H1", code="ct_it_spending", label="Chi CNTT", value=6313329686.0, unit="đồng"),
    dict(period="2022-H2", code="ct_web_posts", label="Tin bài", value=999.0),
    dict(period="2022-H1", code="ct_local_extra", label="Chỉ tiêu riêng", value=7.0, unit="cái"),
]


@pytest.fixture()
def frames():
    return {
        "ho_so": make_frame("ho_so", DOSSIERS),
        "nhiem_vu": make_frame("nhiem_vu", TASKS),
        "van_ban": make_frame("van_ban", DOCUMENTS),
        "dao_tao": make_frame("dao_tao", TRAINING),
        "chi_tieu": make_frame("chi_tieu", KEY_FIGURES),
    }


def _totals(table: pd.DataFrame) -> dict[str, float]:
    t = table[table["dimension"] == ""]
    return dict(zip(t["code"], t["value"]))


def _check(got: dict[str, float], expected: dict[str, float]):
    for code, value in expected.items():
        assert got[code] == pytest.approx(value, abs=1e-12), code


def test_dossiers_every_code(frames):
    _check(_totals(compute(frames, "2022-Q1", cutoff="calendar")), DOSSIER_EXPECTED)


def test_tasks_every_code(frames):
    _check(_totals(compute(frames, "2022-Q1", cutoff="calendar")), TASK_EXPECTED)


def test_documents_every_code(frames):
    _check(_totals(compute(frames, "2022-Q1", cutoff="calendar")), DOCUMENT_EXPECTED)


def test_training_every_code(frames):
    _check(_totals(compute(frames, "2022-H1", cutoff="calendar")), TRAINING_EXPECTED)


def test_units_are_counted_by_level_from_their_names():
    docs = make_frame(
        "van_ban",
        [
            dict(direction="Đi", date="2022-01-05", form="Điện tử", unit="Sở Nội vụ"),
            dict(direction="Đến", date="2022-01-06", form="Điện tử", unit="Phòng Nội vụ huyện An Lạc"),
            dict(direction="Đi", date="2022-01-07", form="Điện tử kèm giấy", unit="UBND huyện An Lạc"),
            dict(direction="Đến", date="2022-01-08", form="Điện tử kèm giấy", unit="UBND xã Tân Phú"),
            dict(direction="Đi", date="2022-01-09", form="Giấy", unit="UBND phường Vĩnh Thanh"),  # paper only
            dict(direction="Đi", date="2022-01-10", form="Điện tử", unit="Sở Nội vụ"),  # counted once
        ],
    )
    t = compute({**empty_frames(), "van_ban": docs}, "2022-Q1", cutoff="calendar")
    got = {c: value_of(t, c) for c in catalogue.codes("van_ban") if c.startswith("vb_units")}
    assert got == {
        "vb_units_electronic": 4,
        "vb_units_electronic_province": 1,
        "vb_units_electronic_district": 2,
        "vb_units_electronic_commune": 1,
        "vb_units_online": 2,
        "vb_units_online_province": 1,
        "vb_units_online_district": 1,
        "vb_units_online_commune": 0,
    }


def test_every_computed_catalogue_code_is_tested():
    tested = {*DOSSIER_EXPECTED, *TASK_EXPECTED, *DOCUMENT_EXPECTED, *TRAINING_EXPECTED}
    computed = {c for f in ("ho_so", "nhiem_vu", "van_ban", "dao_tao") for c in catalogue.codes(f)}
    assert tested == computed


def test_rates_carry_numerator_and_denominator(frames):
    t = compute(frames, "2022-Q1", breakdowns=False, cutoff="calendar")
    row = t[t["code"] == "hs_rate_on_track"].iloc[0]
    assert (row["numerator"], row["denominator"]) == (6.0, 9.0)
    row = t[t["code"] == "hs_received"].iloc[0]
    assert math.isnan(row["numerator"]) and math.isnan(row["denominator"])


def test_key_figures_pass_through_for_the_matching_period(frames):
    t = compute(frames, "2022-H1", cutoff="calendar")
    assert value_of(t, "ct_web_posts") == 422.0
    assert value_of(t, "ct_it_spending") == 6313329686.0
    assert math.isnan(value_of(t, "ct_staff_quota"))  # catalogued, not entered
    extra = t[t["code"] == "ct_local_extra"].iloc[0]
    assert (extra["value"], extra["label"], extra["unit"]) == (7.0, "Chỉ tiêu riêng", "cái")
    posts = t[t["code"] == "ct_web_posts"].iloc[0]
    assert posts["label"] == catalogue.label("ct_web_posts") and posts["unit"] == "tin bài"
    assert value_of(compute(frames, "2022-H2", cutoff="calendar"), "ct_web_posts") == 999.0
    assert value_of(key_figures(frames["chi_tieu"], "2022-H1"), "ct_web_posts") == 422.0


def test_dossier_breakdown_by_field(frames):
    t = compute(frames, "2022-Q1", cutoff="calendar")
    by = t[t["dimension"] == "field"]
    # "Đầu tư" only has a dossier after E: not listed. "Tư pháp" exists before S: listed with zeros.
    # Groups in Vietnamese alphabetical order (đ after d, before t), not by code point.
    assert list(dict.fromkeys(by["group"])) == ["Đất đai", "Tư pháp", "Xây dựng", UNKNOWN_GROUP]
    assert value_of(t, "hs_received", "field", "Đất đai") == 3
    assert value_of(t, "hs_resolved_late", "field", "Đất đai") == 1
    assert value_of(t, "hs_withdrawn", "field", "Đất đai") == 1
    assert value_of(t, "hs_pending", "field", "Xây dựng") == 4
    assert value_of(t, "hs_pending_overdue", "field", "Xây dựng") == 2
    assert value_of(t, "hs_resolved_early", "field", UNKNOWN_GROUP) == 1
    assert value_of(t, "hs_received", "field", "Tư pháp") == 0
    assert math.isnan(value_of(t, "hs_rate_early", "field", "Tư pháp"))
    assert value_of(t, "hs_rate_early", "field", "Đất đai") == pytest.approx(100 / 3)
    for code in ("hs_received", "hs_resolved", "hs_pending", "hs_new_online"):
        assert by.loc[by["code"] == code, "value"].sum() == value_of(t, code)


def test_task_breakdowns_by_source_and_assigning_doc(frames):
    t = compute(frames, "2022-Q1", cutoff="calendar")
    assert value_of(t, "nv_total", "source", "Chính phủ") == 3
    assert value_of(t, "nv_in_progress_overdue", "source", "Chính phủ") == 1
    assert value_of(t, "nv_total", "source", "UBND tỉnh") == 4
    assert value_of(t, "nv_total", "source", "Văn phòng") == 0
    assert "Thủ tướng Chính phủ" not in set(t["group"])  # only assigned after E
    assert value_of(t, "nv_rate_completed", "assigning_doc", "1147/KH-VP") == 100.0
    assert value_of(t, "nv_total", "assigning_doc", UNKNOWN_GROUP) == 6


def test_document_breakdown_by_unit(frames):
    t = compute(frames, "2022-Q1", cutoff="calendar")
    assert value_of(t, "vb_out", "unit", "P.TH") == 2
    assert value_of(t, "vb_units_electronic", "unit", "P.TH") == 1
    assert value_of(t, "vb_units_electronic", "unit", "P.QT") == 0
    assert value_of(t, "vb_units_electronic", "unit", UNKNOWN_GROUP) == 0
    assert value_of(t, "vb_in", "unit", UNKNOWN_GROUP) == 1
    assert value_of(t, "vb_out", "unit", "P.XX") == 0
    assert math.isnan(value_of(t, "vb_out", "unit", "P.YY"))


def test_training_breakdown_by_type(frames):
    t = compute(frames, "2022-H1", cutoff="calendar")
    assert value_of(t, "dt_planned", "training_type", "Bồi dưỡng") == 3
    assert value_of(t, "dt_sent", "training_type", "Bồi dưỡng") == 1
    assert value_of(t, "dt_unplanned", "training_type", UNKNOWN_GROUP) == 1


def test_family_functions_work_on_filtered_frames(frames):
    nv = frames["nhiem_vu"]
    gov = task_indicators(nv[nv["source"].isin(["Chính phủ", "Thủ tướng Chính phủ"])], "2022-Q1")
    assert value_of(gov, "nv_total") == 3 and value_of(gov, "nv_completed_late") == 1
    assert set(gov["code"]) == set(catalogue.codes("nhiem_vu"))
    by = dossier_indicators(frames["ho_so"], "2022-Q1", by=["unit"])
    assert set(by["dimension"]) == {"", "unit"}
    assert value_of(document_indicators(frames["van_ban"], "2022-Q1"), "vb_out") == 3
    assert value_of(training_indicators(frames["dao_tao"], "2022-H1"), "dt_sent") == 3
    with pytest.raises(ValueError):
        dossier_indicators(frames["ho_so"], "2022-Q1", by=["source"])


def test_table_shape_order_and_labels(frames):
    t = compute(frames, "2022-Q1", cutoff="calendar")
    assert list(t.columns) == TABLE_COLUMNS
    totals = t[t["dimension"] == ""]
    assert (totals.index == range(len(totals))).all()  # totals first
    assert list(totals["code"])[:3] == ["hs_received", "hs_carried_over", "hs_new"]
    assert not totals["code"].duplicated().any()
    assert t.loc[t["code"] == "hs_rate_early", "label"].iloc[0] == "Tỷ lệ hồ sơ giải quyết trước hạn"
    assert set(t.loc[t["code"].str.startswith("hs_rate"), "unit"]) == {"%"}
    assert not t.duplicated(["code", "dimension", "group"]).any()
    assert t["value"].dtype == np.float64


def test_missing_and_empty_datasets_give_zero_counts_and_empty_rates():
    for frames in ({}, empty_frames()):
        t = compute(frames, "2022-H1", cutoff="calendar")
        totals = _totals(t)
        assert totals["hs_received"] == 0 and totals["vb_out"] == 0 and totals["dt_planned"] == 0
        assert totals["vb_units_electronic"] == 0
        assert math.isnan(totals["hs_rate_early"]) and math.isnan(totals["nv_rate_completed"])
        assert math.isnan(totals["ct_web_posts"])
        assert (t["dimension"] == "").all()  # no group exists


def test_inputs_are_not_mutated(frames):
    before = {k: v.copy() for k, v in frames.items()}
    compute(frames, "2022-Q1")
    compare(frames, "2022-Q1")
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(frame, before[name])


def test_compute_accepts_a_relative_code(frames):
    import datetime as dt

    a = compute(frames, "previous-quarter", today=dt.date(2022, 4, 5), cutoff="calendar")
    pd.testing.assert_frame_equal(a, compute(frames, "2022-Q1", cutoff="calendar"))


def test_decree09_moves_the_window(frames):
    # 2022-Q1 under decree09: 15/12/2021-14/03/2022.
    t = _totals(compute(frames, "2022-Q1", cutoff="decree09"))
    assert t["hs_new"] == 7  # A, C, D, E, F, G, I received 15/12/2021..14/03/2022 (M: after E)
    assert t["hs_carried_over"] == 2  # B (resolved 30/12, now inside the period) and H
    assert t["hs_resolved"] == 5  # A, B, C, D, E
    assert t["hs_pending_overdue"] == 1  # H: due 01/02 < 14/03; G is due 20/03, after E
    assert t["hs_pending_within_deadline"] == 3  # F, G, I


def test_series(frames):
    s = series(frames, ["2021-Q4", "2022-Q1"], cutoff="calendar")
    assert list(s.columns) == ["period", *TABLE_COLUMNS, "period_label"]
    assert list(dict.fromkeys(s["period"])) == ["2021-Q4", "2022-Q1"]
    assert set(s["period_label"]) == {"Quý IV/2021", "Quý I/2022"}
    q1 = s[s["period"] == "2022-Q1"].drop(columns=["period", "period_label"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(q1, compute(frames, "2022-Q1", breakdowns=False, cutoff="calendar"))
    # 2021-Q4: A, B, C, H, N in scope (L withdrawn); B and N resolved; A, C, H pending.
    assert value_of(s[s["period"] == "2021-Q4"], "hs_received") == 5
    assert value_of(s[s["period"] == "2021-Q4"], "hs_resolved") == 2
    assert series(frames, []).empty


def test_compare(frames):
    c = compare(frames, "2022-Q1", cutoff="calendar")
    for column in (
        "previous_period",
        "previous_value",
        "change",
        "year_earlier_period",
        "year_earlier_value",
        "year_earlier_change",
        "comparable",
        "year_earlier_comparable",
    ):
        assert column in c.columns
    row = c[(c["code"] == "hs_received") & (c["dimension"] == "")].iloc[0]
    assert row["previous_period"] == "2021-Q4" and row["previous_value"] == 5 and row["change"] == 4
    assert bool(row["comparable"])
    # the dossiers start in October 2021: 2021-Q1 is not covered
    assert row["year_earlier_period"] == "2021-Q1"
    assert not bool(row["year_earlier_comparable"])
    assert math.isnan(row["year_earlier_value"]) and math.isnan(row["year_earlier_change"])
    rate = c[(c["code"] == "hs_rate_timely") & (c["dimension"] == "")].iloc[0]
    assert rate["previous_value"] == 100.0 and rate["change"] == pytest.approx(-20.0)  # points
    # a group absent in the previous period had zero of every count
    g = c[(c["code"] == "hs_received") & (c["group"] == UNKNOWN_GROUP) & (c["dimension"] == "field")].iloc[0]
    assert g["previous_value"] == 0 and g["change"] == 1
    # key figures: comparable only when entered for the compared period
    kf = c[c["code"] == "ct_web_posts"].iloc[0]
    assert not bool(kf["comparable"]) and math.isnan(kf["change"])
    h2 = compare(frames, "2022-H2", cutoff="calendar")
    kf = h2[h2["code"] == "ct_web_posts"].iloc[0]
    assert bool(kf["comparable"]) and kf["previous_value"] == 422.0 and kf["change"] == 577.0


def test_value_of_absent_is_nan(frames):
    t = compute(frames, "2022-Q1")
    assert math.isnan(value_of(t, "hs_nope"))
    assert math.isnan(value_of(t, "hs_received", "field", "Không có"))


def test_comparable_follows_the_cutoff_month():
    """Data must reach the compared period's first month, as the period's cut-off counts months."""
    from cchc.indicators.comparison import _reaches
    from cchc.periods import parse_period

    q4_decree = parse_period("2021-Q4", cutoff="decree09")  # 15/09/2021 – 14/12/2021
    assert _reaches(dt.date(2021, 9, 15), q4_decree)
    assert _reaches(dt.date(2021, 10, 5), q4_decree)  # inside its first month 15/09–14/10
    assert not _reaches(dt.date(2021, 10, 15), q4_decree)
    q4 = parse_period("2021-Q4")  # 01/10/2021 – 31/12/2021
    assert _reaches(dt.date(2021, 10, 25), q4) and not _reaches(dt.date(2021, 11, 1), q4)
    assert not _reaches(None, q4)


def test_plan_progress_counts_every_task_of_the_plan_as_of_the_period_end():
    """A plan of 4 tasks: 2 done in H1, 1 done in Q3, 1 open. Q3 says 3/4, not 0/1 or 1/2."""
    plan = [
        dict(
            task_id=f"P{i}",
            title="p",
            source="Văn phòng",
            assigning_doc="1147/KH-VP",
            assigned_date="2021-12-31",
            due_date="2022-09-30",
            completed_date=done,
        )
        for i, done in enumerate(["2022-02-01", "2022-05-01", "2022-08-01", None])
    ]
    frames = {"nhiem_vu": make_frame("nhiem_vu", plan)}
    q3 = compute(frames, "2022-Q3")
    assert value_of(q3, "nv_total", "assigning_doc", "1147/KH-VP") == 2  # open at the start of Q3
    assert value_of(q3, "nv_plan_total", "assigning_doc", "1147/KH-VP") == 4
    assert value_of(q3, "nv_plan_completed", "assigning_doc", "1147/KH-VP") == 3
    assert value_of(q3, "nv_rate_plan", "assigning_doc", "1147/KH-VP") == 75.0
    h1 = compute(frames, "2022-H1")
    assert value_of(h1, "nv_plan_completed") == 2 and value_of(h1, "nv_rate_plan") == 50.0


def test_plan_years_come_from_the_due_dates():
    from cchc.indicators.tasks import plan_years

    rows = [
        dict(
            task_id="A1",
            title="a",
            assigning_doc="1216/KH-VP",
            assigned_date="2022-12-30",
            due_date="2023-03-31",
        ),
        dict(
            task_id="A2",
            title="a",
            assigning_doc="1216/KH-VP",
            assigned_date="2022-12-30",
            due_date="2023-06-30",
        ),
        dict(
            task_id="B1",
            title="b",
            assigning_doc="1147/KH-VP",
            assigned_date="2021-12-31",
            due_date="2022-01-31",
        ),
        dict(task_id="C1", title="c", assigning_doc="5/KH-VP", assigned_date="2021-02-01"),
    ]
    years = plan_years(make_frame("nhiem_vu", rows))
    assert years.to_dict() == {"1147/KH-VP": 2022, "1216/KH-VP": 2023, "5/KH-VP": 2021}


def test_training_period_share_versus_year_to_date():
    """Plan 2022: 3 sent in H1, 2 more in Q3. Q3: year to date 5/6, the quarter's own 2."""
    rows = [
        dict(staff_id=str(i), course="x", plan_year=2022, sent_date=d)
        for i, d in enumerate(["2022-01-10", "2022-03-01", "2022-06-30", "2022-07-01", "2022-09-30", None])
    ]
    t = compute({"dao_tao": make_frame("dao_tao", rows)}, "2022-Q3")
    assert value_of(t, "dt_sent") == 5 and value_of(t, "dt_planned") == 6
    assert value_of(t, "dt_sent_planned_in_period") == 2
    assert value_of(t, "dt_rate_plan") == pytest.approx(100 * 5 / 6)


def test_a_key_figure_rate_is_computed_from_the_two_figures_entered():
    entered = make_frame(
        "chi_tieu",
        [
            dict(period="2022-H1", code="ct_units_inspected", label="x", value=5.0),
            dict(period="2022-H1", code="ct_units_total", label="x", value=9.0),
            dict(period="2022-H2", code="ct_units_inspected", label="x", value=0.0),
            dict(period="2022-H2", code="ct_units_total", label="x", value=0.0),
        ],
    )
    h1 = key_figures(entered, "2022-H1")
    row = h1[h1["code"] == "ct_rate_units_inspected"].iloc[0]
    assert (row["value"], row["numerator"], row["denominator"]) == (100 * 5 / 9, 5.0, 9.0)
    assert math.isnan(value_of(key_figures(entered, "2022-H2"), "ct_rate_units_inspected"))  # 0 of 0
    assert math.isnan(value_of(key_figures(entered, "2023"), "ct_rate_units_inspected"))  # not entered
