"""Task indicators (``nv_``), as of the period end E (period start S).

In scope: assigned on or before E and not completed before S. The
``nv_plan_`` codes ignore S: a plan's progress counts every task assigned on
or before E, including those completed in earlier periods.
"""

from __future__ import annotations

import pandas as pd

from .engine import NEVER, Evaluation, Factorized, Groups, Prepared, days

FAMILY = "nhiem_vu"
DIMENSIONS = ("source", "assigning_doc")

RATES = {
    "nv_rate_completed": (("nv_completed",), ("nv_total",)),
    "nv_rate_completed_on_time": (("nv_completed_on_time",), ("nv_completed",)),
    "nv_rate_plan": (("nv_plan_completed",), ("nv_plan_total",)),
}


def prepare(frame: pd.DataFrame) -> Prepared:
    """Arrays of a ``nhiem_vu`` frame (the frame is not modified)."""
    text = Factorized(frame)
    return Prepared(
        FAMILY,
        len(frame),
        dates={
            "assigned": days(frame, "assigned_date"),
            "due": days(frame, "due_date"),
            "completed": days(frame, "completed_date"),
        },
        groups={d: Groups.of(text, d) for d in DIMENSIONS},
    )


def masks(p: Prepared, s: int, e: int) -> Evaluation:
    """One mask per count code for the period [s, e] (day numbers)."""
    asg, due, done = p.dates["assigned"], p.dates["due"], p.dates["completed"]
    has_due = due != NEVER
    scope = (asg <= e) & ~(done < s)
    completed = scope & (done <= e)
    progress = scope & (done > e)
    counts = {
        "nv_total": scope,
        "nv_completed": completed,
        "nv_completed_on_time": completed & (~has_due | (done <= due)),
        "nv_completed_late": completed & has_due & (done > due),
        "nv_in_progress": progress,
        "nv_in_progress_overdue": progress & has_due & (due < e),
        "nv_in_progress_not_due": progress & has_due & (due >= e),
        "nv_in_progress_no_deadline": progress & ~has_due,
        "nv_plan_total": asg <= e,
        "nv_plan_completed": (asg <= e) & (done <= e),
    }
    return Evaluation(counts, {}, known=asg <= e)


def plan_years(frame: pd.DataFrame) -> pd.Series:
    """The year each plan (``assigning_doc``) is for: the year most of its tasks are due.

    A plan for 2023 is often signed in late December 2022; its tasks fall due
    in 2023, so the due dates, not the signing date, name its year. A plan
    without any due date takes the year of its first assignment. Ties go to
    the earlier year.

    >>> f = pd.DataFrame({"assigning_doc": ["A", "A", "A", "B"],
    ...     "assigned_date": pd.to_datetime(["2022-12-30"] * 3 + ["2022-02-01"]),
    ...     "due_date": pd.to_datetime(["2023-03-31", "2023-09-30", "2022-12-31", None])})
    >>> plan_years(f).to_dict()
    {'A': 2023, 'B': 2022}
    """
    if frame.empty or "assigning_doc" not in frame.columns:
        return pd.Series(dtype="int64")
    docs = frame["assigning_doc"].astype("string")
    due = pd.to_datetime(frame.get("due_date"), errors="coerce").dt.year
    assigned = pd.to_datetime(frame.get("assigned_date"), errors="coerce").dt.year
    years = pd.DataFrame({"doc": docs, "due": due, "assigned": assigned}).dropna(subset=["doc"])
    by_due = (
        years.dropna(subset=["due"])
        .groupby(["doc", "due"])
        .size()
        .reset_index(name="n")
        .sort_values(["doc", "n", "due"], ascending=[True, False, True])
        .drop_duplicates("doc")
        .set_index("doc")["due"]
    )
    first = years.dropna(subset=["assigned"]).groupby("doc")["assigned"].min()
    return by_due.combine_first(first).astype("int64")
