"""Dossier indicators (``hs_``), as of the period end E (period start S).

Withdrawn dossiers (status ``Rút hồ sơ``) are left out of everything except
``hs_withdrawn``. In scope: received on or before E and not resolved before
S. Timeliness compares calendar days, then, on the due day, the time of day
when both the due and the resolution carry one (as one-stop systems do). See
``docs/indicators.md`` for every definition.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..contract import WITHDRAWN_STATUS
from .engine import Evaluation, Factorized, Groups, Prepared, days, equals, flag, seconds_of_day

FAMILY = "ho_so"
DIMENSIONS = ("field", "unit")
ONLINE_CHANNEL = "Trực tuyến"

RATES = {
    "hs_rate_early": (("hs_resolved_early",), ("hs_resolved",)),
    "hs_rate_on_time": (("hs_resolved_on_time",), ("hs_resolved",)),
    "hs_rate_late": (("hs_resolved_late",), ("hs_resolved",)),
    "hs_rate_timely": (("hs_resolved_early", "hs_resolved_on_time"), ("hs_resolved",)),
    "hs_rate_online": (("hs_new_online",), ("hs_new",)),
    "hs_rate_on_track": (
        ("hs_resolved_early", "hs_resolved_on_time", "hs_pending_within_deadline"),
        ("hs_received",),
    ),
    "hs_rate_pending_within_deadline": (("hs_pending_within_deadline",), ("hs_pending",)),
    "hs_rate_pending_overdue": (("hs_pending_overdue",), ("hs_pending",)),
}


def prepare(frame: pd.DataFrame) -> Prepared:
    """Arrays of a ``ho_so`` frame (the frame is not modified)."""
    text = Factorized(frame)
    return Prepared(
        FAMILY,
        len(frame),
        dates={
            "received": days(frame, "received_date"),
            "due": days(frame, "due_date"),
            "resolved": days(frame, "resolved_date"),
        },
        flags={
            "withdrawn": flag(text, "status", equals(WITHDRAWN_STATUS)),
            "online": flag(text, "channel", equals(ONLINE_CHANNEL)),
        },
        numbers={
            "due_time": seconds_of_day(frame, "due_date"),
            "resolved_time": seconds_of_day(frame, "resolved_date"),
        },
        groups={d: Groups.of(text, d) for d in DIMENSIONS},
    )


def masks(p: Prepared, s: int, e: int) -> Evaluation:
    """One mask per count code for the period [s, e] (day numbers)."""
    rec, due, res = p.dates["received"], p.dates["due"], p.dates["resolved"]
    withdrawn = p.flags["withdrawn"]
    has_due = due != np.iinfo(np.int64).max
    scope = ~withdrawn & (rec <= e) & ~(res < s)
    new = scope & (rec >= s)
    resolved = scope & (res <= e)
    pending = scope & (res > e)
    overdue = pending & has_due & (due < e)
    due_time, res_time = p.numbers["due_time"], p.numbers["resolved_time"]
    # On the due day, a resolution after the due time is late when both carry a time.
    after_due_time = (res == due) & (due_time > 0) & (res_time > 0) & (res_time > due_time)
    late_by_time = resolved & has_due & after_due_time
    counts = {
        "hs_received": scope,
        "hs_carried_over": scope & (rec < s),
        "hs_new": new,
        "hs_new_online": new & p.flags["online"],
        "hs_new_offline": new & ~p.flags["online"],
        "hs_resolved": resolved,
        "hs_resolved_early": resolved & has_due & (res < due),
        "hs_resolved_on_time": resolved & (~has_due | ((res == due) & ~after_due_time)),
        "hs_resolved_late": resolved & has_due & ((res > due) | after_due_time),
        "hs_resolved_late_by_time": late_by_time,
        "hs_resolved_timely": resolved & ~(has_due & ((res > due) | after_due_time)),
        "hs_pending": pending,
        "hs_pending_within_deadline": pending & ~overdue,
        "hs_pending_overdue": overdue,
        "hs_withdrawn": withdrawn & (rec >= s) & (rec <= e),
    }
    return Evaluation(counts, {}, known=rec <= e)
