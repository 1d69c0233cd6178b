"""Training indicators (``dt_``); the plan year Y is the year of the period end E."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .engine import NEVER, Evaluation, Factorized, Groups, Prepared, days

FAMILY = "dao_tao"
DIMENSIONS = ("training_type",)
#: Plan year standing for "no plan year".
NO_PLAN = np.iinfo(np.int64).min

RATES = {"dt_rate_plan": (("dt_sent",), ("dt_planned",))}


def prepare(frame: pd.DataFrame) -> Prepared:
    """Arrays of a ``dao_tao`` frame (the frame is not modified)."""
    text = Factorized(frame)
    if "plan_year" in frame.columns:
        plan = pd.to_numeric(frame["plan_year"], errors="coerce").astype("Int64")
        plan_year = plan.fillna(NO_PLAN).to_numpy(dtype=np.int64)
    else:
        plan_year = np.full(len(frame), NO_PLAN, dtype=np.int64)
    return Prepared(
        FAMILY,
        len(frame),
        dates={"sent": days(frame, "sent_date"), "completed": days(frame, "completed_date")},
        numbers={"plan_year": plan_year},
        groups={d: Groups.of(text, d) for d in DIMENSIONS},
    )


def masks(p: Prepared, s: int, e: int, plan_year: int) -> Evaluation:
    """One mask per count code for the period [s, e] (day numbers) and plan year Y."""
    sent, done, plan = p.dates["sent"], p.dates["completed"], p.numbers["plan_year"]
    planned = plan == plan_year
    sent_in = (sent >= s) & (sent <= e)
    no_plan = plan == NO_PLAN
    counts = {
        "dt_planned": planned,
        "dt_sent": planned & (sent <= e),
        "dt_sent_planned_in_period": planned & sent_in,
        "dt_sent_in_period": sent_in,
        "dt_completed_in_period": (done >= s) & (done <= e),
        "dt_unplanned": sent_in & no_plan,
    }
    undated = (sent == NEVER) & (done == NEVER) & no_plan
    known = (sent <= e) | (done <= e) | (~no_plan & (plan <= plan_year)) | undated
    return Evaluation(counts, {}, known=known)
