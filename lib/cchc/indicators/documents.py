"""Document indicators (``vb_``): documents dated in the period [S, E]."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .engine import Factorized, Evaluation, Groups, Prepared, days, equals, flag

FAMILY = "van_ban"
DIMENSIONS = ("unit",)
OUT, IN = "Đi", "Đến"
PAPER, ELECTRONIC, ELECTRONIC_WITH_PAPER = "Giấy", "Điện tử", "Điện tử kèm giấy"

RATES = {
    "vb_rate_electronic": (("vb_out_electronic", "vb_out_electronic_with_paper",
                            "vb_in_electronic", "vb_in_electronic_with_paper"), ("vb_out", "vb_in")),
    "vb_rate_signed": (("vb_out_signed",), ("vb_out_electronic", "vb_out_electronic_with_paper")),
}


def prepare(frame: pd.DataFrame) -> Prepared:
    """Arrays of a ``van_ban`` frame (the frame is not modified)."""
    text = Factorized(frame)
    signed = (frame["signed"].fillna(False).to_numpy(dtype=bool) if "signed" in frame.columns
              else np.zeros(len(frame), dtype=bool))
    return Prepared(
        FAMILY, len(frame),
        dates={"date": days(frame, "date")},
        flags={"out": flag(text, "direction", equals(OUT)), "in": flag(text, "direction", equals(IN)),
               "paper": flag(text, "form", equals(PAPER)),
               "electronic": flag(text, "form", equals(ELECTRONIC)),
               "electronic_with_paper": flag(text, "form", equals(ELECTRONIC_WITH_PAPER)),
               "signed": signed},
        groups={d: Groups.of(text, d) for d in DIMENSIONS},
        keys={"unit": text.codes("unit")[0]},
    )


def masks(p: Prepared, s: int, e: int) -> Evaluation:
    """One mask per count code for the period [s, e] (day numbers)."""
    date, f = p.dates["date"], p.flags
    inside = (date >= s) & (date <= e)
    out, inn = inside & f["out"], inside & f["in"]
    electronic_any = f["electronic"] | f["electronic_with_paper"]
    counts = {
        "vb_out": out,
        "vb_out_paper": out & f["paper"],
        "vb_out_electronic": out & f["electronic"],
        "vb_out_electronic_with_paper": out & f["electronic_with_paper"],
        "vb_in": inn,
        "vb_in_paper": inn & f["paper"],
        "vb_in_electronic": inn & f["electronic"],
        "vb_in_electronic_with_paper": inn & f["electronic_with_paper"],
        "vb_out_signed": out & electronic_any & f["signed"],
    }
    distinct = {"vb_units_electronic": ((out | inn) & electronic_any, p.keys["unit"])}
    return Evaluation(counts, distinct, known=date <= e)
