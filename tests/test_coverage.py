"""Dataset coverage: first and last activity day, and how a period is (not) covered."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from cchc.coverage import COVERAGE_COLUMNS, coverage_gaps, covers_any, dataset_coverage
from frames import make_frame

D = dt.date


def test_deadlines_are_not_activity():
    tasks = make_frame(
        "nhiem_vu",
        [dict(task_id="1", title="x", source="y", assigned_date="2022-01-05", due_date="2025-12-31")],
    )
    row = dataset_coverage({"nhiem_vu": tasks}).iloc[0]
    assert (row["first"], row["last"]) == (D(2022, 1, 5), D(2022, 1, 5))


def test_gaps_by_kind():
    cov = pd.DataFrame(
        [
            ["a", "A", 1, D(2021, 1, 1), D(2023, 6, 30)],
            ["b", "B", 0, None, None],
            ["c", "C", 3, D(2021, 1, 1), D(2022, 5, 1)],
            ["d", "D", 3, D(2021, 1, 1), D(2021, 5, 1)],
            ["e", "E", 3, D(2023, 1, 1), D(2023, 5, 1)],
        ],
        columns=COVERAGE_COLUMNS,
    )
    gaps = coverage_gaps(cov, D(2022, 1, 1), D(2022, 6, 30))
    assert dict(zip(gaps["dataset"], gaps["gap"])) == {
        "b": "none",
        "c": "partial",
        "d": "after",
        "e": "before",
    }
    assert covers_any(cov, D(2022, 1, 1), D(2022, 6, 30))
    assert not covers_any(cov.iloc[[1, 3]], D(2022, 1, 1), D(2022, 6, 30))
