"""Indicator-table views for charts: groups ranked by size, the small ones summed as "Khác".

A chart with one bar per group shows at most a dozen or so groups; the rest
are summed into one "Khác" bar here, in the indicator layer, so the chart
only draws what it is given (and its text alternative states the same sums).

>>> import pandas as pd
>>> wide = pd.DataFrame({"a": [5, 1, 0, 2], "b": [1, 1, 0, 0]}, index=["x", "y", "z", "w"])
>>> ranked = ranked_groups(wide, max_groups=2)
>>> ranked.parts.to_dict("index")
{'x': {'a': 5, 'b': 1}, 'w': {'a': 2, 'b': 0}, 'Khác': {'a': 1, 'b': 1}}
>>> ranked.totals.tolist()
[6, 2, 2]
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

OTHER_GROUP = "Khác"


@dataclass(frozen=True)
class RankedGroups:
    """Parts by group (largest total first, "Khác" last) and each group's total of the parts."""

    parts: pd.DataFrame
    totals: pd.Series


def ranked_groups(wide: pd.DataFrame, max_groups: int = 15, other: str = OTHER_GROUP) -> RankedGroups:
    """Groups (rows of ``wide``) with a non-zero total, largest first; beyond ``max_groups``,
    the rest summed as one ``other`` row. Missing values count as 0; ``wide`` is not modified.

    Ties keep the order of ``wide`` (the Vietnamese alphabetical order of the table).
    """
    parts = wide.fillna(0)
    totals = parts.sum(axis=1)
    keep = totals > 0
    parts, totals = parts[keep], totals[keep]
    order = totals.sort_values(ascending=False, kind="stable").index
    parts, totals = parts.loc[order], totals.loc[order]
    if len(parts) > max_groups:
        rest = parts.iloc[max_groups:].sum().rename(other)
        parts = pd.concat([parts.iloc[:max_groups], rest.to_frame().T])
        totals = parts.sum(axis=1)
    return RankedGroups(parts, totals)
