"""The Quyết định 766/QĐ-TTg scorecard: each sub-indicator's rate scored against its target.

Scoring (the decision's rule): a rate at or above its target earns the
sub-indicator's full points; below it, ``points × rate ÷ target``. A
sub-indicator whose rate the data cannot give (no source code, or its rate
is empty: no dossier in the denominator, no key figure entered) is
*not computable*: its points are empty, never 0, and the total reads
"x / y điểm tính được" (points earned / points of the computable
sub-indicators) beside the 100 of the whole index.

Rates come from the indicator table (:func:`cchc.indicators.compute`), so
every figure has one source; this module only scores them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..service_index import TOTAL_POINTS, ServiceIndexSettings

#: What users read for a sub-indicator the data cannot support.
NOT_COMPUTABLE = "không tính được từ dữ liệu"
_TEXT = ("dimension", "group", "group_code", "group_label", "code", "label", "source")
CARD_COLUMNS = [
    "dimension",
    "group",
    "group_code",
    "group_label",
    "code",
    "label",
    "source",
    "value",
    "target",
    "max_points",
    "points",
    "points_lost",
    "computable",
    "is_default",
]


def score(value, target, max_points) -> np.ndarray:
    """Points earned: full at or above ``target``, else ``max_points × value ÷ target``; NaN when
    ``value`` is NaN (not computable).

    >>> score([95.0, 30.0, 60.0, float("nan")], [100.0, 50.0, 50.0, 90.0], [20.0, 6.0, 6.0, 6.0]).tolist()
    [19.0, 3.6, 6.0, nan]
    """
    value = np.asarray(value, dtype=float)
    target = np.asarray(target, dtype=float)
    max_points = np.asarray(max_points, dtype=float)
    with np.errstate(invalid="ignore"):
        earned = np.where(value >= target, max_points, max_points * np.clip(value, 0.0, None) / target)
    return np.where(np.isnan(value), np.nan, earned)


def scorecard(
    table: pd.DataFrame,
    settings: ServiceIndexSettings,
    year: int,
    dimension: str = "",
    key_figures: bool = True,
) -> pd.DataFrame:
    """Every sub-indicator scored, for the totals (``dimension=""``) or each group of a breakdown.

    Parameters
    ----------
    table
        The period's indicator table (:func:`cchc.indicators.compute`).
    settings
        :func:`cchc.service_index.load_service_index`.
    year
        The year whose targets apply (the period's end year).
    dimension
        ``""`` for the office, or ``"unit"`` / ``"field"``: one block of
        sub-indicators per group of that breakdown (key figures, entered for
        the office only, are not computable for a unit or a field).
    key_figures
        False for a table filtered to one unit (``--unit``): the key figures
        it still holds are the whole office's, so sub-indicators read from
        them are not computable for the unit.

    Returns
    -------
    DataFrame
        :data:`CARD_COLUMNS`, sub-indicators in settings order within each
        group: ``value`` (the rate, %), ``target``, ``max_points``,
        ``points`` and ``points_lost`` (NaN when not computable).
    """
    items = settings.items_frame(year)
    rows = table[table["dimension"].astype("string").fillna("") == dimension]
    sourced = rows[rows["code"].isin(set(items["source"]))]
    groups = [""] if dimension == "" else list(dict.fromkeys(sourced["group"].astype(str)))
    if not groups:  # a breakdown without any dossier (a unit that handles none)
        return pd.DataFrame({c: pd.Series(dtype=object if c in _TEXT else float) for c in CARD_COLUMNS})
    card = pd.concat([items.assign(group=g) for g in groups], ignore_index=True)
    found = (
        rows[["code", "group", "value"]].drop_duplicates(["code", "group"]).rename(columns={"code": "source"})
    )
    card = card.merge(found, on=["source", "group"], how="left", sort=False)
    card["value"] = card["value"].astype(float)
    if not key_figures:
        card.loc[card["source"].str.startswith("ct_"), "value"] = np.nan
    card["dimension"] = dimension
    card["points"] = score(card["value"], card["target"], card["max_points"])
    card["points_lost"] = card["max_points"] - card["points"]
    card["computable"] = card["points"].notna()
    return card[CARD_COLUMNS]


def group_totals(card: pd.DataFrame, settings: ServiceIndexSettings) -> pd.DataFrame:
    """Per breakdown group and index group: points earned, points of the computable
    sub-indicators, the group's full points, and how many sub-indicators are computable."""
    order = {g.code: i for i, g in enumerate(settings.groups)}
    out = card.assign(
        computable_points=card["max_points"].where(card["computable"], 0.0),
        n=1,
        n_computable=card["computable"].astype(int),
    )
    out = out.groupby(["group", "group_code", "group_label"], sort=False, as_index=False).agg(
        points=("points", lambda s: s.sum(min_count=1)),
        computable_points=("computable_points", "sum"),
        max_points=("max_points", "sum"),
        n=("n", "sum"),
        n_computable=("n_computable", "sum"),
    )
    out["points_lost"] = out["computable_points"] - out["points"].fillna(0.0)
    out["rank"] = out["group_code"].map(order)
    return out.sort_values(["group", "rank"], kind="stable").drop(columns="rank").reset_index(drop=True)


def overall(card: pd.DataFrame) -> pd.DataFrame:
    """Per breakdown group: points earned, points computable, points lost, the sub-indicators
    that cannot be computed and the index total (100).

    >>> c = pd.DataFrame({"group": ["", ""], "points": [19.0, np.nan], "max_points": [20.0, 6.0],
    ...                   "computable": [True, False]})
    >>> overall(c)[["points", "computable_points", "points_lost", "n_not_computable"]].iloc[0].tolist()
    [19.0, 20.0, 1.0, 1]
    """
    out = card.assign(
        computable_points=card["max_points"].where(card["computable"], 0.0),
        not_computable=~card["computable"].astype(bool),
    )
    out = out.groupby("group", sort=False, as_index=False).agg(
        points=("points", "sum"),
        computable_points=("computable_points", "sum"),
        n_not_computable=("not_computable", "sum"),
    )
    out["points_lost"] = out["computable_points"] - out["points"]
    out["total_points"] = TOTAL_POINTS
    return out


def biggest_losses(card: pd.DataFrame) -> pd.DataFrame:
    """Computable sub-indicators, the most points lost first (ties in settings order)."""
    return card[card["computable"]].sort_values("points_lost", ascending=False, kind="stable")
