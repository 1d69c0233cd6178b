"""Document indicators (``vb_``): documents dated in the period [S, E].

Units are counted by level too (the reference's annex on units working on
the network): :func:`unit_level` tells a provincial department's unit (2), a
district's (3) and a commune's People's Committee (4) apart by the unit's name.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .engine import Evaluation, Factorized, Groups, Prepared, days, equals, flag

FAMILY = "van_ban"
DIMENSIONS = ("unit",)
OUT, IN = "Đi", "Đến"
PAPER, ELECTRONIC, ELECTRONIC_WITH_PAPER = "Giấy", "Điện tử", "Điện tử kèm giấy"

RATES = {
    "vb_rate_electronic": (("vb_electronic",), ("vb_out", "vb_in")),
    "vb_rate_signed": (("vb_out_signed",), ("vb_out_electronic_total",)),
}
#: Unit levels (:func:`unit_level`) and the suffix of their distinct-unit codes.
LEVELS = {2: "province", 3: "district", 4: "commune"}
_COMMUNE = r"^(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+(?:xã|phường|thị trấn)\b"
_DISTRICT = r"\b(?:huyện|thị xã|thành phố)\b"


def unit_level(names: pd.Series) -> pd.Series:
    """Level of each unit by its name: 2 = sở, ngành cấp tỉnh, 3 = cấp huyện, 4 = cấp xã.

    "UBND xã/phường/thị trấn …" is a commune; a name that mentions a district,
    town or city ("Phòng Nội vụ huyện …", "UBND thành phố …") is district
    level; anything else belongs to a provincial department or agency.

    >>> unit_level(pd.Series(["Phòng Tổng hợp", "UBND huyện An Lạc", "UBND xã Tân Phú"])).tolist()
    [2, 3, 4]
    """
    lower = names.astype("string").fillna("").str.lower().str.strip()
    level = pd.Series(2, index=names.index)
    level = level.mask(lower.str.contains(_DISTRICT, regex=True), 3)
    return level.mask(lower.str.contains(_COMMUNE, regex=True), 4)


def prepare(frame: pd.DataFrame) -> Prepared:
    """Arrays of a ``van_ban`` frame (the frame is not modified)."""
    text = Factorized(frame)
    codes, labels = text.codes("unit")
    levels = np.append(unit_level(pd.Series(labels, dtype="string")).to_numpy(dtype=np.int64), 0)
    signed = (
        frame["signed"].fillna(False).to_numpy(dtype=bool)
        if "signed" in frame.columns
        else np.zeros(len(frame), dtype=bool)
    )
    return Prepared(
        FAMILY,
        len(frame),
        dates={"date": days(frame, "date")},
        flags={
            "out": flag(text, "direction", equals(OUT)),
            "in": flag(text, "direction", equals(IN)),
            "paper": flag(text, "form", equals(PAPER)),
            "electronic": flag(text, "form", equals(ELECTRONIC)),
            "electronic_with_paper": flag(text, "form", equals(ELECTRONIC_WITH_PAPER)),
            "signed": signed,
        },
        groups={d: Groups.of(text, d) for d in DIMENSIONS},
        keys={"unit": codes},
        numbers={"unit_level": levels[codes]},  # code -1 (no unit) picks the trailing 0
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
        "vb_out_electronic_total": out & electronic_any,
        "vb_electronic": (out | inn) & electronic_any,
        "vb_out_signed": out & electronic_any & f["signed"],
    }
    unit, level = p.keys["unit"], p.numbers["unit_level"]
    exchanged, online = (out | inn) & electronic_any, out & electronic_any
    distinct = {"vb_units_electronic": (exchanged, unit), "vb_units_online": (online, unit)}
    for lv, name in LEVELS.items():
        distinct[f"vb_units_electronic_{name}"] = (exchanged & (level == lv), unit)
        distinct[f"vb_units_online_{name}"] = (online & (level == lv), unit)
    return Evaluation(counts, distinct, known=date <= e)
