"""Key figures (``ct_``): the hand-entered ``chi_tieu`` rows of the matching period code.

Every catalogued ``ct_`` code is listed (empty when not entered for the
period) so tables have the same rows from one period to the next; codes
entered but not catalogued keep their own label and unit. When a code is
entered twice for a period the last row wins (the order of the files).
The catalogue's derived key-figure rates (:data:`RATES`) are computed from the
two entered figures they divide, never entered.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import catalogue
from .engine import TABLE_COLUMNS, percent_of

FAMILY = "chi_tieu"
#: Rates derived from two entered figures: code -> (numerator code, denominator code).
RATES = {"ct_rate_units_inspected": ("ct_units_inspected", "ct_units_total")}


def key_figure_rows(chi_tieu: pd.DataFrame | None, period_code: str) -> pd.DataFrame:
    """Tidy rows (totals only) of the key figures entered for ``period_code``."""
    cat = catalogue.load_catalogue()
    cat = cat[cat["family"] == FAMILY]
    codes = list(cat["code"])
    labels = dict(zip(cat["code"], cat["label"]))
    units = dict(zip(cat["code"], cat["unit"]))
    values: dict[str, float] = {}
    if chi_tieu is not None and len(chi_tieu) and {"period", "code", "value"} <= set(chi_tieu.columns):
        period = chi_tieu["period"].astype("string").str.strip()
        rows = chi_tieu[(period == period_code).fillna(False).to_numpy(dtype=bool)]
        rows = rows[rows["code"].notna()]
        rows = rows.assign(code=rows["code"].astype(str).str.strip()).drop_duplicates("code", keep="last")
        for code, label, unit in zip(
            rows["code"],
            rows.get("label", pd.Series(pd.NA, index=rows.index)),
            rows.get("unit", pd.Series(pd.NA, index=rows.index)),
        ):
            if code not in labels:  # a handful of uncatalogued codes at most
                codes.append(code)
                labels[code] = "" if pd.isna(label) else str(label)
                units[code] = "" if pd.isna(unit) else str(unit)
        values = dict(zip(rows["code"], pd.to_numeric(rows["value"], errors="coerce").astype(float)))
    n = len(codes)
    numerators = {c: values.get(num, np.nan) for c, (num, _) in RATES.items()}
    denominators = {c: values.get(den, np.nan) for c, (_, den) in RATES.items()}
    values.update({c: percent_of(numerators[c], denominators[c]) for c in RATES})
    return pd.DataFrame(
        {
            "code": np.array(codes, dtype=object),
            "dimension": np.full(n, "", dtype=object),
            "group": np.full(n, "", dtype=object),
            "value": np.array([values.get(c, np.nan) for c in codes], dtype=float),
            "numerator": np.array([numerators.get(c, np.nan) for c in codes], dtype=float),
            "denominator": np.array([denominators.get(c, np.nan) for c in codes], dtype=float),
            "unit": np.array([units[c] for c in codes], dtype=object),
            "label": np.array([labels[c] for c in codes], dtype=object),
        },
        columns=TABLE_COLUMNS,
    )
