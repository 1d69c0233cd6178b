"""``series``: trends by unit and by field, and periods after a dataset's data ends.

Hand-computed on five dossiers and two documents:

====  ========  ==========  ===========  ==========
id    unit      field       received     resolved
====  ========  ==========  ===========  ==========
A     Phòng 1   Đất đai     10/01/2022   01/02/2022
B     Phòng 1   Xây dựng    20/03/2022   (pending)
C     Phòng 2   Đất đai     05/05/2022   20/05/2022
D     Phòng 2   Đất đai     02/06/2022   (pending)
====  ========  ==========  ===========  ==========

The dossier data ends on 02/06/2022 (its last activity date). Documents
run to 15/09/2022. As of 2022-Q1: A and B received (2), A resolved (1). As
of 2022-Q2: B carried over, C and D new (3 received), C resolved (1). In
2022-Q3 nobody recorded dossiers: without coverage B and D would be counted
as 2 "carried over" and pending; the series leaves them empty.
"""

from __future__ import annotations

import math

import pandas as pd

from cchc import series, value_of
from frames import make_frame


def dossier_frames() -> dict[str, pd.DataFrame]:
    ho_so = make_frame(
        "ho_so",
        [
            {
                "dossier_id": "A",
                "unit": "Phòng 1",
                "field": "Đất đai",
                "procedure": "P1",
                "received_date": "2022-01-10",
                "due_date": "2022-02-10",
                "resolved_date": "2022-02-01",
            },
            {
                "dossier_id": "B",
                "unit": "Phòng 1",
                "field": "Xây dựng",
                "procedure": "P2",
                "received_date": "2022-03-20",
                "due_date": "2022-04-20",
            },
            {
                "dossier_id": "C",
                "unit": "Phòng 2",
                "field": "Đất đai",
                "procedure": "P1",
                "received_date": "2022-05-05",
                "due_date": "2022-05-25",
                "resolved_date": "2022-05-20",
            },
            {
                "dossier_id": "D",
                "unit": "Phòng 2",
                "field": "Đất đai",
                "procedure": "P1",
                "received_date": "2022-06-02",
                "due_date": "2022-07-02",
            },
        ],
    )
    van_ban = make_frame(
        "van_ban",
        [
            {
                "doc_number": "V1",
                "direction": "Đi",
                "form": "Điện tử",
                "date": "2022-02-01",
                "unit": "Phòng 1",
                "signed": True,
            },
            {
                "doc_number": "V2",
                "direction": "Đi",
                "form": "Điện tử",
                "date": "2022-09-15",
                "unit": "Phòng 2",
                "signed": True,
            },
        ],
    )
    return {"ho_so": ho_so, "van_ban": van_ban}


def at(s: pd.DataFrame, period: str, code: str, dimension: str = "", group: str = "") -> float:
    return value_of(s[s["period"] == period], code, dimension, group)


def test_totals_by_quarter_are_the_hand_counts():
    s = series(dossier_frames(), ["2022-Q1", "2022-Q2"])
    assert at(s, "2022-Q1", "hs_received") == 2 and at(s, "2022-Q1", "hs_resolved") == 1
    assert at(s, "2022-Q2", "hs_received") == 3 and at(s, "2022-Q2", "hs_carried_over") == 1
    assert at(s, "2022-Q2", "hs_resolved") == 1 and at(s, "2022-Q2", "hs_pending") == 2


def test_breakdowns_give_trends_by_unit_and_by_field():
    s = series(dossier_frames(), ["2022-Q1", "2022-Q2"], breakdowns=True)
    assert at(s, "2022-Q1", "hs_received", "unit", "Phòng 1") == 2
    # no row for Phòng 2 in Q1: a group is listed once it has a record as of the period end
    assert not ((s["period"] == "2022-Q1") & (s["group"] == "Phòng 2") & (s["code"] == "hs_received")).any()
    assert at(s, "2022-Q2", "hs_received", "unit", "Phòng 1") == 1  # B, carried over
    assert at(s, "2022-Q2", "hs_received", "unit", "Phòng 2") == 2  # C and D
    assert at(s, "2022-Q1", "hs_received", "field", "Đất đai") == 1
    assert at(s, "2022-Q2", "hs_received", "field", "Đất đai") == 2
    assert at(s, "2022-Q2", "hs_received", "field", "Xây dựng") == 1
    assert at(s, "2022-Q1", "vb_out", "unit", "Phòng 1") == 1


def test_without_breakdowns_there_are_totals_only():
    s = series(dossier_frames(), ["2022-Q1"])
    assert (s["dimension"] == "").all()


def test_quarters_after_the_data_ends_are_empty_not_carried_over():
    s = series(dossier_frames(), ["2022-Q2", "2022-Q3", "2022-Q4"], breakdowns=True)
    q3 = s[s["period"] == "2022-Q3"]
    dossiers = q3[q3["code"].str.startswith("hs_")]
    assert len(dossiers) and dossiers[["value", "numerator", "denominator"]].isna().all().all()
    assert math.isnan(at(s, "2022-Q3", "hs_received", "unit", "Phòng 2"))
    assert math.isnan(at(s, "2022-Q4", "hs_pending"))
    # the partly covered quarter keeps its values; documents still reach Q3 (V2 on 15/09)
    assert at(s, "2022-Q2", "hs_pending") == 2
    assert at(s, "2022-Q3", "vb_out") == 1
    # the documents end in September: Q4 is empty for them too
    assert math.isnan(at(s, "2022-Q4", "vb_out"))


def test_months_before_the_data_starts_are_empty_too():
    s = series(dossier_frames(), ["2021-12", "2022-01"])
    assert math.isnan(at(s, "2021-12", "hs_received"))
    assert at(s, "2022-01", "hs_received") == 1
