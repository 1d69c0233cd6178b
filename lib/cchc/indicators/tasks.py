"""Task indicators (``nv_``), as of the period end E (period start S).

In scope: assigned on or before E and not completed before S.
"""

from __future__ import annotations

import pandas as pd

from .engine import Factorized, NEVER, Evaluation, Groups, Prepared, days

FAMILY = "nhiem_vu"
DIMENSIONS = ("source", "assigning_doc")

RATES = {
    "nv_rate_completed": (("nv_completed",), ("nv_total",)),
    "nv_rate_completed_on_time": (("nv_completed_on_time",), ("nv_completed",)),
}


def prepare(frame: pd.DataFrame) -> Prepared:
    """Arrays of a ``nhiem_vu`` frame (the frame is not modified)."""
    text = Factorized(frame)
    return Prepared(
        FAMILY, len(frame),
        dates={"assigned": days(frame, "assigned_date"), "due": days(frame, "due_date"),
               "completed": days(frame, "completed_date")},
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
    }
    return Evaluation(counts, {}, known=asg <= e)

