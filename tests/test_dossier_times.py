"""Dossier timeliness with times of day (issue 9, point 3), on hand-made records.

Due 15/03/2022 16:30 unless said otherwise; period 2022-Q1. Counted by hand:
early 1 (A), on time 4 (B, C, D, G), late 3 (E, F, H), of which by time 1 (E).
"""

from __future__ import annotations

import pytest

from cchc.indicators import compute, value_of
from frames import make_frame

DUE = "2022-03-15 16:30"
DOSSIERS = [
    dict(dossier_id="A", received_date="2022-03-01", due_date=DUE, resolved_date="2022-03-14 09:00"),
    dict(dossier_id="B", received_date="2022-03-01", due_date=DUE, resolved_date="2022-03-15 16:00"),
    dict(dossier_id="C", received_date="2022-03-01", due_date=DUE, resolved_date="2022-03-15"),
    dict(dossier_id="D", received_date="2022-03-01", due_date=DUE, resolved_date="2022-03-15 16:30"),
    dict(dossier_id="E", received_date="2022-03-01", due_date=DUE, resolved_date="2022-03-15 17:05"),
    dict(dossier_id="F", received_date="2022-03-01", due_date=DUE, resolved_date="2022-03-16 08:00"),
    # No due time: a resolution late in the due day is on time.
    dict(dossier_id="G", received_date="2022-03-01", due_date="2022-03-15", resolved_date="2022-03-15 23:00"),
    dict(dossier_id="H", received_date="2022-03-01", due_date="2022-03-15", resolved_date="2022-03-16"),
]
EXPECTED = {
    "hs_resolved": 8,
    "hs_resolved_early": 1,
    "hs_resolved_on_time": 4,
    "hs_resolved_late": 3,
    "hs_resolved_late_by_time": 1,
}


@pytest.fixture()
def table():
    frame = make_frame("ho_so", [{"field": "Đất đai", **d} for d in DOSSIERS])
    return compute({"ho_so": frame}, "2022-Q1")


def test_time_rule_counts(table):
    assert {code: value_of(table, code) for code in EXPECTED} == EXPECTED


def test_parts_still_sum_to_resolved(table):
    parts = sum(value_of(table, c) for c in ("hs_resolved_early", "hs_resolved_on_time", "hs_resolved_late"))
    assert parts == value_of(table, "hs_resolved")


def test_without_times_the_whole_day_rule_holds():
    day_only = [
        {**d, "due_date": d["due_date"][:10], "resolved_date": d["resolved_date"][:10], "field": "Đất đai"}
        for d in DOSSIERS
    ]
    table = compute({"ho_so": make_frame("ho_so", day_only)}, "2022-Q1")
    assert value_of(table, "hs_resolved_late_by_time") == 0
    assert value_of(table, "hs_resolved_early") == 1
    assert value_of(table, "hs_resolved_on_time") == 5  # B C D E G: on the due day
    assert value_of(table, "hs_resolved_late") == 2  # F H
