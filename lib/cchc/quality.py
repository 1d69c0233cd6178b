"""Domain checks beyond the data contract: suspicious but usable records.

The contract (:mod:`cchc.validation`) rejects what cannot be read. The
checks here look at *validated* frames and flag records that read fine but
are probably wrong: a dossier resolved before it was received, a task
completed before it was assigned, dates in the future or before 2000, a time
limit of more than a year, a key figure entered twice with different values,
key figures whose parts do not add up to their total.

Each finding is a :class:`~cchc.problems.Problem` with severity ``warning``:
the run goes on, ``cchc check`` exits 1, and the data-quality page lists
them with file, sheet and row (from the frames' provenance columns), the
column as the contract names it, the value, a Vietnamese message and an
English gloss, and a stable ``code``:

==========================  ===================================================
code                        rule
==========================  ===================================================
resolved_before_received    ``ho_so``: ``resolved_date < received_date``
due_before_received         ``ho_so``: ``due_date < received_date``
long_time_limit             ``ho_so``: ``due_date - received_date > 365`` days
completed_before_assigned   ``nhiem_vu``: ``completed_date < assigned_date``
future_date                 an event date after ``today`` (deadlines excluded)
date_before_2000            any date before 01/01/2000
key_figure_conflict         ``chi_tieu``: same period and code, another value
parts_mismatch              ``chi_tieu``: parts (catalogue ``parts``) != total
==========================  ===================================================

Every rule is a boolean mask over a whole frame; :class:`Problem` objects are
built only for the flagged rows. Inputs are never mutated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .config import CATALOGUE_FILE
from .contract import DATASETS
from .problems import Problem

#: Longest plausible statutory time limit for a dossier, in days.
MAX_TIME_LIMIT_DAYS = 365

#: Dates before this are almost certainly typing errors (``02/01/1922``).
EARLIEST_PLAUSIBLE = pd.Timestamp("2000-01-01")

#: Date columns that hold deadlines: legitimately in the future.
DEADLINE_COLUMNS = {("ho_so", "due_date"), ("nhiem_vu", "due_date")}

#: Order in which rules are reported for one cell.
RULE_ORDER = (
    "resolved_before_received",
    "due_before_received",
    "long_time_limit",
    "completed_before_assigned",
    "future_date",
    "date_before_2000",
    "key_figure_conflict",
    "parts_mismatch",
)


def audit_frames(
    frames: Mapping[str, pd.DataFrame],
    *,
    today: dt.date | None = None,
    parts: Mapping[str, Sequence[str]] | None = None,
) -> list[Problem]:
    """Warnings about suspicious records in validated frames.

    Parameters
    ----------
    frames
        Validated frames by dataset name (``LoadedData.frames``): canonical
        columns plus ``source_file``, ``source_sheet``, ``source_row``.
        Missing datasets or columns simply skip the rules that need them.
    today
        Reference date for "in the future" (default: the real date).
    parts
        Total code -> its part codes, for the parts-add-up check (default:
        the ``parts`` column of ``catalogue.csv``).

    Returns
    -------
    list of Problem
        Severity ``warning``, sorted by dataset, file, row, rule.

    Examples
    --------
    >>> ho_so = pd.DataFrame({
    ...     "dossier_id": ["A"], "received_date": [pd.Timestamp("2022-03-10")],
    ...     "due_date": [pd.NaT], "resolved_date": [pd.Timestamp("2022-03-01")],
    ...     "source_file": ["ho_so.xlsx"], "source_sheet": ["ho_so"], "source_row": [2]})
    >>> [p.code for p in audit_frames({"ho_so": ho_so}, today=dt.date(2023, 1, 1))]
    ['resolved_before_received']
    """
    today_ts = pd.Timestamp(today if today is not None else dt.date.today())
    parts = catalogue_parts() if parts is None else parts
    problems: list[Problem] = []
    ho_so = _frame(frames, "ho_so")
    if ho_so is not None:
        problems += _dossier_rules(ho_so)
    nhiem_vu = _frame(frames, "nhiem_vu")
    if nhiem_vu is not None:
        problems += _before(
            nhiem_vu,
            "nhiem_vu",
            "completed_date",
            "assigned_date",
            "completed_before_assigned",
            "Ngày hoàn thành ({a}) trước ngày giao ({b}).",
            "Completed ({a}) before it was assigned ({b}).",
        )
    for name in DATASETS:
        frame = _frame(frames, name)
        if frame is not None:
            problems += _date_range_rules(frame, name, today_ts)
    chi_tieu = _frame(frames, "chi_tieu")
    if chi_tieu is not None:
        problems += _key_figure_conflicts(chi_tieu)
        problems += _parts_mismatch(chi_tieu, parts)
    order = {name: i for i, name in enumerate(DATASETS)}
    rule = {code: i for i, code in enumerate(RULE_ORDER)}
    problems.sort(
        key=lambda p: (
            order.get(p.dataset, 99),
            p.file,
            p.sheet,
            p.row if p.row is not None else -1,
            rule.get(p.code, 99),
            p.column,
        )
    )
    return problems


@lru_cache(maxsize=4)
def _read_parts(path: Path, mtime_ns: int) -> dict[str, tuple[str, ...]]:
    catalogue = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "parts" not in catalogue.columns:
        return {}
    if "family" in catalogue.columns:
        catalogue = catalogue[catalogue["family"].str.strip().eq("chi_tieu")]
    catalogue = catalogue[catalogue["parts"].str.strip().ne("")]
    return {code.strip(): tuple(p.split()) for code, p in zip(catalogue["code"], catalogue["parts"])}


def catalogue_parts(path: Path | str | None = None) -> dict[str, tuple[str, ...]]:
    """Key-figure totals and their parts, from the ``parts`` column of the catalogue.

    Only ``chi_tieu`` codes are kept (indicators computed from records add up
    by construction). The file is re-read when it changes.

    >>> catalogue_parts()["ct_web_posts"]
    ('ct_web_news', 'ct_web_articles')
    """
    file = Path(path) if path is not None else CATALOGUE_FILE
    return dict(_read_parts(file, file.stat().st_mtime_ns))


# --- helpers ----------------------------------------------------------------


def _frame(frames: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame | None:
    frame = frames.get(name)
    if frame is None or len(frame) == 0:
        return None
    return frame


def _header(dataset: str, column: str) -> str:
    return DATASETS[dataset].column(column).header


def _fmt_dates(values: pd.Series) -> pd.Series:
    """dd/mm/yyyy text, as users write dates."""
    return values.dt.strftime("%d/%m/%Y").fillna("")


def _fmt_numbers(values: pd.Series) -> pd.Series:
    """Numbers as the reference writes them: 6.313.329.686; 94,35."""

    def one(x: float) -> str:  # applied to flagged values only
        if pd.isna(x):
            return ""
        if float(x).is_integer():
            return f"{int(x):,}".replace(",", ".")
        whole, frac = f"{x:.6f}".rstrip("0").split(".")
        return f"{int(whole):,}".replace(",", ".") + "," + frac

    return values.map(one)


def _provenance(frame: pd.DataFrame, column: str) -> pd.Series:
    if column in frame.columns:
        return frame[column].astype(object).where(frame[column].notna(), "")
    return pd.Series("", index=frame.index, dtype=object)


def _build(
    frame: pd.DataFrame,
    mask: pd.Series,
    dataset: str,
    column: str,
    values: pd.Series,
    vi: pd.Series | str,
    en: pd.Series | str,
    code: str,
) -> list[Problem]:
    """Problems for the rows of ``frame`` where ``mask`` holds (only those rows)."""
    mask = pd.Series(np.asarray(mask, dtype=bool), index=frame.index)
    if not mask.any():
        return []
    sel = frame.index[mask]
    files = _provenance(frame, "source_file").loc[sel]
    sheets = _provenance(frame, "source_sheet").loc[sel]
    if "source_row" in frame.columns:
        rows = frame["source_row"].loc[sel].astype(object).where(frame["source_row"].loc[sel].notna(), None)
    else:
        rows = pd.Series(None, index=sel, dtype=object)
    vals = values.loc[sel].astype(str)
    vi_s = vi.loc[sel] if isinstance(vi, pd.Series) else pd.Series(vi, index=sel)
    en_s = en.loc[sel] if isinstance(en, pd.Series) else pd.Series(en, index=sel)
    header = _header(dataset, column)
    return [
        Problem(
            "warning",
            m_vi,
            m_en,
            file=str(f),
            sheet=str(s),
            row=None if r is None else int(r),
            column=header,
            value=v,
            dataset=dataset,
            code=code,
        )
        for f, s, r, v, m_vi, m_en in zip(files, sheets, rows, vals, vi_s, en_s)
    ]


def _has(frame: pd.DataFrame, *columns: str) -> bool:
    return all(c in frame.columns for c in columns)


def _before(
    frame: pd.DataFrame, dataset: str, later: str, earlier: str, code: str, vi: str, en: str
) -> list[Problem]:
    """Flag rows where ``later`` (the event that must come second) precedes ``earlier``."""
    if not _has(frame, later, earlier):
        return []
    a, b = frame[later], frame[earlier]
    mask = (a < b).fillna(False)
    if not mask.any():
        return []
    a_txt, b_txt = _fmt_dates(a[mask]), _fmt_dates(b[mask])
    msg_vi = _fill(vi, a_txt, b_txt)
    msg_en = _fill(en, a_txt, b_txt)
    return _build(frame, mask, dataset, later, a_txt, msg_vi, msg_en, code)


def _fill(template: str, a: pd.Series, b: pd.Series) -> pd.Series:
    """``template`` with ``{a}`` and ``{b}`` replaced row by row (vectorised)."""
    head, rest = template.split("{a}")
    middle, tail = rest.split("{b}")
    return head + a + middle + b + tail


# --- rules ------------------------------------------------------------------


def _dossier_rules(ho_so: pd.DataFrame) -> list[Problem]:
    problems = _before(
        ho_so,
        "ho_so",
        "resolved_date",
        "received_date",
        "resolved_before_received",
        "Ngày có kết quả ({a}) trước ngày tiếp nhận ({b}).",
        "Resolved ({a}) before it was received ({b}).",
    )
    problems += _before(
        ho_so,
        "ho_so",
        "due_date",
        "received_date",
        "due_before_received",
        "Ngày hẹn trả ({a}) trước ngày tiếp nhận ({b}).",
        "Due ({a}) before it was received ({b}).",
    )
    if _has(ho_so, "due_date", "received_date"):
        days = (ho_so["due_date"] - ho_so["received_date"]).dt.days
        mask = (days > MAX_TIME_LIMIT_DAYS).fillna(False)
        if mask.any():
            n = days[mask].astype("int64").astype(str)
            received = _fmt_dates(ho_so.loc[mask, "received_date"])
            vi = (
                "Thời hạn giải quyết "
                + n
                + " ngày (từ ngày tiếp nhận "
                + received
                + f") dài hơn {MAX_TIME_LIMIT_DAYS} ngày; kiểm tra lại ngày hẹn trả."
            )
            en = (
                "Time limit of "
                + n
                + " days (received "
                + received
                + f") is longer than {MAX_TIME_LIMIT_DAYS} days; check the due date."
            )
            problems += _build(
                ho_so,
                mask,
                "ho_so",
                "due_date",
                _fmt_dates(ho_so.loc[mask, "due_date"]),
                vi,
                en,
                "long_time_limit",
            )
    return problems


def _date_range_rules(frame: pd.DataFrame, dataset: str, today: pd.Timestamp) -> list[Problem]:
    problems: list[Problem] = []
    today_txt = today.strftime("%d/%m/%Y")
    for column in DATASETS[dataset].columns:  # a few date columns per dataset
        if column.kind != "date" or column.name not in frame.columns:
            continue
        values = pd.to_datetime(frame[column.name])
        if (dataset, column.name) not in DEADLINE_COLUMNS:
            future = (values > today).fillna(False)
            problems += _build(
                frame,
                future,
                dataset,
                column.name,
                _fmt_dates(values[future]),
                f"Ngày ở tương lai (sau ngày chạy {today_txt}).",
                f"Date in the future (after the run date {today_txt}).",
                "future_date",
            )
        old = (values < EARLIEST_PLAUSIBLE).fillna(False)
        problems += _build(
            frame,
            old,
            dataset,
            column.name,
            _fmt_dates(values[old]),
            "Ngày trước năm 2000, có thể nhập sai năm.",
            "Date before 2000; the year is probably mistyped.",
            "date_before_2000",
        )
    return problems


def _key_figure_conflicts(chi_tieu: pd.DataFrame) -> list[Problem]:
    """Rows whose (period, code) was already given, earlier, with another value.

    The first row of each (period, code) in frame order is the reference;
    every later row with a different value is flagged, naming the first.
    Repeating the same value is harmless and not flagged.
    """
    if not _has(chi_tieu, "period", "code", "value"):
        return []
    keyed = chi_tieu["period"].notna() & chi_tieu["code"].notna()
    frame = chi_tieu[keyed]
    if frame.empty:
        return []
    keys = [frame["period"].astype(str), frame["code"].astype(str)]
    first_value = frame["value"].groupby(keys, sort=False).transform("first")
    differs = ~np.isclose(
        frame["value"].to_numpy(float), first_value.to_numpy(float), rtol=1e-9, atol=1e-9, equal_nan=True
    )
    mask = pd.Series(differs, index=frame.index)
    if not mask.any():
        return []
    first_file = (
        _provenance(frame, "source_file").astype(str).groupby(keys, sort=False).transform("first")[mask]
    )
    first_row = (
        _provenance(frame, "source_row").astype(str).groupby(keys, sort=False).transform("first")[mask]
    )
    first_txt = _fmt_numbers(first_value[mask])
    period, code = frame.loc[mask, "period"].astype(str), frame.loc[mask, "code"].astype(str)
    vi = (
        "Chỉ tiêu "
        + code
        + " kỳ "
        + period
        + " được nhập hai lần với giá trị khác nhau: đã có "
        + first_txt
        + " ở tệp "
        + first_file.astype(str)
        + " dòng "
        + first_row
        + "."
    )
    en = (
        "Key figure "
        + code
        + " for "
        + period
        + " given twice with different values: already "
        + first_txt
        + " in file "
        + first_file.astype(str)
        + " row "
        + first_row
        + "."
    )
    return _build(
        frame,
        mask,
        "chi_tieu",
        "value",
        _fmt_numbers(frame.loc[mask, "value"]),
        vi,
        en,
        "key_figure_conflict",
    )


def _parts_mismatch(chi_tieu: pd.DataFrame, parts: Mapping[str, Sequence[str]]) -> list[Problem]:
    """Totals that differ from the sum of their parts, per period.

    Checked only when the total and every part are present for the period.
    When a code is given twice for a period, its last row is used (the same
    "newest wins" rule as ids across files; the conflict has its own warning).
    """
    if not parts or not _has(chi_tieu, "period", "code", "value"):
        return []
    keyed = chi_tieu[chi_tieu["period"].notna() & chi_tieu["code"].notna()]
    if keyed.empty:
        return []
    last = keyed.drop_duplicates(subset=["period", "code"], keep="last")
    wide = last.pivot(index="period", columns="code", values="value")
    problems: list[Problem] = []
    for total, components in parts.items():  # one iteration per catalogue total, not per record
        needed = [total, *components]
        if not all(c in wide.columns for c in needed):
            continue
        block = wide[needed].dropna()
        if block.empty:
            continue
        sums = block[list(components)].sum(axis=1)
        bad = ~np.isclose(block[total].to_numpy(float), sums.to_numpy(float), rtol=1e-9, atol=1e-6)
        if not bad.any():
            continue
        flagged = block[bad]
        detail = pd.Series("", index=flagged.index, dtype=object)
        for i, c in enumerate(components):  # a handful of parts
            detail = detail + (" + " if i else "") + c + " " + _fmt_numbers(flagged[c])
        rows = last[last["code"].eq(total) & last["period"].isin(flagged.index)]
        sum_txt = _fmt_numbers(sums[bad]).reindex(rows["period"]).set_axis(rows.index)
        det = detail.reindex(rows["period"]).set_axis(rows.index)
        total_txt = _fmt_numbers(rows["value"])
        vi = (
            "Tổng "
            + total
            + " = "
            + total_txt
            + " nhưng các thành phần cộng lại = "
            + sum_txt
            + " ("
            + det
            + ")."
        )
        en = "Total " + total + " = " + total_txt + " but its parts add up to " + sum_txt + " (" + det + ")."
        problems += _build(
            rows, pd.Series(True, index=rows.index), "chi_tieu", "value", total_txt, vi, en, "parts_mismatch"
        )
    return problems
