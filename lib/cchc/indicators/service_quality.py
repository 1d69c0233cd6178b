"""Service-quality indicators (``pv_``) of Quyết định 766/QĐ-TTg, from the dossier records.

They share the scope of the dossier family (:mod:`.dossiers`): withdrawn
dossiers are left out; "new" dossiers are those received in [S, E];
"resolved" those resolved in [S, E]. The three optional yes/no columns
(``digitised``, ``e_result``, ``paid_online``) count only where recorded: a
dossier is *recorded* for a column when its cell says ``Có`` or ``Không``, or
when it is empty in a file that fills that column for other rows (an empty
cell there means "no"). ``Không áp dụng`` (no fee to pay, …) and files that
never fill the column are not recorded, so a rate without any recorded
dossier is empty ("không tính được từ dữ liệu"), never 0. See
``docs/chi-so-766.md`` and ``docs/indicators.md``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..contract import WITHDRAWN_STATUS
from .engine import Evaluation, Factorized, Groups, Prepared, days, equals, flag

FAMILY = "chi_so_766"
#: The dataset these indicators are computed from.
DATASET = "ho_so"
DIMENSIONS = ("field", "unit")
ONLINE_CHANNEL = "Trực tuyến"
YES, NO = "Có", "Không"
#: Optional yes/no columns and the flag names they become.
YES_NO_COLUMNS = ("digitised", "e_result", "paid_online")

RATES = {
    "pv_rate_procedures_online": (("pv_procedures_online",), ("pv_procedures_active",)),
    "pv_rate_digitised": (("pv_new_digitised",), ("pv_new_digitised_recorded",)),
    "pv_rate_e_result": (("pv_resolved_e_result",), ("pv_resolved_e_result_recorded",)),
    "pv_rate_paid_online": (("pv_new_paid_online",), ("pv_new_payment_recorded",)),
}


def recorded(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """``(yes, recorded)`` boolean arrays of one optional yes/no column.

    A row is recorded when its value is ``Có`` or ``Không``, or when it is
    empty and its file (``source_file``) has at least one non-empty value in
    the column. ``Không áp dụng`` is never recorded.

    >>> f = pd.DataFrame({"paid_online": pd.array(["Có", None, None, "Không áp dụng"], dtype="string"),
    ...                   "source_file": ["a.xlsx", "a.xlsx", "b.xlsx", "a.xlsx"]})
    >>> [a.tolist() for a in recorded(f, "paid_online")]
    [[True, False, False, False], [True, True, False, False]]
    """
    n = len(frame)
    if column not in frame.columns or n == 0:
        return np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    values = frame[column].astype("string")
    filled = values.notna().to_numpy(dtype=bool)
    if "source_file" in frame.columns:
        files = frame["source_file"].astype("string").fillna("")
        file_fills = pd.Series(filled, index=frame.index).groupby(files.to_numpy()).transform("any")
        file_fills = file_fills.to_numpy(dtype=bool)
    else:
        file_fills = np.full(n, bool(filled.any()))
    yes = values.eq(YES).fillna(False).to_numpy(dtype=bool)
    no = values.eq(NO).fillna(False).to_numpy(dtype=bool) | (~filled & file_fills)
    return yes, yes | no


def prepare(frame: pd.DataFrame) -> Prepared:
    """Arrays of a ``ho_so`` frame for the ``pv_`` indicators (the frame is not modified)."""
    text = Factorized(frame)
    flags = {
        "withdrawn": flag(text, "status", equals(WITHDRAWN_STATUS)),
        "online": flag(text, "channel", equals(ONLINE_CHANNEL)),
    }
    for column in YES_NO_COLUMNS:
        flags[column], flags[column + "_recorded"] = recorded(frame, column)
    procedure, _labels = text.codes("procedure")
    return Prepared(
        FAMILY,
        len(frame),
        dates={"received": days(frame, "received_date"), "resolved": days(frame, "resolved_date")},
        flags=flags,
        groups={d: Groups.of(text, d) for d in DIMENSIONS},
        keys={"procedure": procedure},
    )


def masks(p: Prepared, s: int, e: int) -> Evaluation:
    """One mask per count code (and the distinct-procedure counts) for the period [s, e]."""
    rec, res = p.dates["received"], p.dates["resolved"]
    f = p.flags
    scope = ~f["withdrawn"] & (rec <= e) & ~(res < s)
    new = scope & (rec >= s)
    resolved = scope & (res <= e)
    counts = {
        "pv_new_digitised_recorded": new & f["digitised_recorded"],
        "pv_new_digitised": new & f["digitised"],
        "pv_resolved_e_result_recorded": resolved & f["e_result_recorded"],
        "pv_resolved_e_result": resolved & f["e_result"],
        "pv_new_payment_recorded": new & f["paid_online_recorded"],
        "pv_new_paid_online": new & f["paid_online"],
    }
    procedure = p.keys["procedure"]
    distinct = {
        "pv_procedures_active": (new, procedure),
        "pv_procedures_online": (new & f["online"], procedure),
    }
    return Evaluation(counts, distinct, known=rec <= e)
