"""The page comparing the office's units for a period (``cchc run --unit all``).

Units are ranked by the on-time rate of their resolved dossiers, their
overdue items (dossiers pending past their due date plus tasks in progress
past their deadline) and the share of their new dossiers submitted online.
Every figure is read from the units' own indicator tables (the same
:func:`cchc.indicators.compute` each unit's report uses), so the page and the
unit reports always agree. The page uses the report pages' stylesheet,
cards and colours.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .formatting import fmt_int, fmt_pct
from .indicators import value_of
from .tables import Html, HtmlTable, html_table
from .templating import Card, Change, render

#: Figures of the comparison: column -> (indicator codes summed, Vietnamese header).
FIGURES = {
    "on_time": (("hs_rate_timely",), "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn"),
    "resolved": (("hs_resolved",), "Hồ sơ đã giải quyết"),
    "overdue": (("hs_pending_overdue", "nv_in_progress_overdue"), "Hồ sơ, nhiệm vụ quá hạn"),
    "online": (("hs_rate_online",), "Tỷ lệ hồ sơ nộp trực tuyến"),
    "new": (("hs_new",), "Hồ sơ tiếp nhận mới"),
}
HEADERS = {"rank": "Hạng", "unit": "Đơn vị", **{k: v[1] for k, v in FIGURES.items()}, "link": "Báo cáo"}


def comparison_frame(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per unit: on-time rate, resolved, overdue items, online share, new dossiers.

    ``tables`` maps a unit to its indicator table (totals used). Rows are
    ranked: highest on-time rate first (a unit with nothing resolved last),
    then fewest overdue items, then highest online share, then the unit name.

    >>> t = lambda timely, overdue: pd.DataFrame({"code": ["hs_rate_timely", "hs_pending_overdue"],
    ...     "dimension": ["", ""], "group": ["", ""], "value": [timely, overdue]})
    >>> comparison_frame({"A": t(90.0, 1.0), "B": t(95.0, 4.0), "C": t(90.0, 0.0)})["unit"].tolist()
    ['B', 'C', 'A']
    """
    units = list(tables)
    data = {"unit": units}
    for column, (codes, _header) in FIGURES.items():
        values = np.array([[value_of(tables[u], c) for c in codes] for u in units], dtype=float)
        if values.size == 0:
            data[column] = np.array([], dtype=float)
        elif len(codes) == 1:
            data[column] = values[:, 0]
        else:  # a count absent from a table (no such record) is 0
            data[column] = np.nansum(values, axis=1)
    frame = pd.DataFrame(data)
    frame = frame.sort_values(
        ["on_time", "overdue", "online", "unit"],
        ascending=[False, True, False, True],
        na_position="last",
        kind="stable",
    ).reset_index(drop=True)
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    return frame


def _pct(value) -> str:
    return "–" if pd.isna(value) else fmt_pct(float(value), 2)


def comparison_table(frame: pd.DataFrame, links: Mapping[str, str]) -> HtmlTable:
    """The ranking as an HTML table; ``links`` maps a unit to its report folder."""
    shown = pd.DataFrame(
        {
            HEADERS["rank"]: frame["rank"].to_numpy(),
            HEADERS["unit"]: frame["unit"].to_numpy(),
            HEADERS["on_time"]: [_pct(v) for v in frame["on_time"]],
            HEADERS["resolved"]: frame["resolved"].to_numpy(),
            HEADERS["overdue"]: frame["overdue"].to_numpy(),
            HEADERS["online"]: [_pct(v) for v in frame["online"]],
            HEADERS["new"]: frame["new"].to_numpy(),
        }
    )
    # each unit's name links to its report
    return html_table(
        shown,
        formats={
            HEADERS["rank"]: "int",
            HEADERS["unit"]: "text",
            HEADERS["on_time"]: "figure",
            HEADERS["resolved"]: "int",
            HEADERS["overdue"]: "int",
            HEADERS["online"]: "figure",
            HEADERS["new"]: "int",
        },
        empty_text="Không có đơn vị nào trong dữ liệu.",
        links={HEADERS["unit"]: links},
    )


def summary_cards(frame: pd.DataFrame) -> Html:
    """Cards: the best and the lowest on-time rate, the most overdue items, the best online share."""
    cards = []
    rated = frame[frame["on_time"].notna()]
    if not rated.empty:
        best, worst = rated.iloc[0], rated.iloc[-1]
        cards.append(("Đúng hạn cao nhất", _pct(best["on_time"]), best["unit"], "up"))
        cards.append(("Đúng hạn thấp nhất", _pct(worst["on_time"]), worst["unit"], "down"))
    if not frame.empty:
        most = frame.sort_values("overdue", ascending=False, kind="stable").iloc[0]
        cards.append(
            (
                "Nhiều hồ sơ, nhiệm vụ quá hạn nhất",
                fmt_int(most["overdue"]),
                most["unit"],
                "down" if most["overdue"] > 0 else "flat",
            )
        )
    online = frame[frame["online"].notna()].sort_values("online", ascending=False, kind="stable")
    if not online.empty:
        top = online.iloc[0]
        cards.append(("Tỷ lệ nộp trực tuyến cao nhất", _pct(top["online"]), top["unit"], "up"))
    return Html(
        str(
            render(
                "components/cards.html.j2",
                css_class="cards",
                cards=[
                    Card(label, value, changes=(Change("", str(unit), kind),))
                    for label, value, unit, kind in cards
                ],
            )
        )
    )
