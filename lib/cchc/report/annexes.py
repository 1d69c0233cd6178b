"""The report's annex tables, in the reference's exact column layout, identities checked.

Each builder takes the tidy indicator table (``code, dimension, group, value,
…``) and returns a :class:`~cchc.report.model.Table`. Before returning, every
identity the column numbers announce (``(1)=(2)+(3)+(4)``…) is checked on every
row, and the totals row against the period's totals; a table that does not add
up raises :class:`AnnexError` naming the table, row and figures, so a wrong
table is never printed silently.
"""

from __future__ import annotations

import pandas as pd

from ..formatting import fmt_int, vi_sort_key
from ..indicators import value_of
from ..indicators.documents import LEVELS
from ..indicators.engine import UNKNOWN_GROUP
from .model import Table


class AnnexError(ValueError):
    """An annex table whose figures do not add up (Vietnamese message, English gloss)."""


# --------------------------------------------------------------------------- helpers


def _blank(series: pd.Series) -> pd.Series:
    return series.isna() | (series.astype("string").fillna("") == "")


def _totals(table: pd.DataFrame, codes: list[str]) -> pd.Series:
    """Period totals of ``codes`` (0 where absent), indexed by code."""
    rows = table[table["code"].isin(codes) & _blank(table["dimension"])]
    return rows.drop_duplicates("code").set_index("code")["value"].reindex(codes).fillna(0).astype("int64")


def _by_group(table: pd.DataFrame, codes: list[str], dimension: str) -> pd.DataFrame:
    """One row per group of ``dimension``, one column per code (0 where absent)."""
    rows = table[table["code"].isin(codes) & (table["dimension"] == dimension)]
    wide = rows.pivot_table(index="group", columns="code", values="value", aggfunc="first")
    return wide.reindex(columns=codes).fillna(0).astype("int64")


def _vi_index(index: pd.Index) -> pd.Index:
    """Sort key for ``sort_index``: Vietnamese alphabetical order of the labels."""
    ranks = {label: i for i, label in enumerate(sorted(index, key=vi_sort_key))}
    return pd.Index([ranks[label] for label in index])


def check_identities(frame: pd.DataFrame, identities: list[tuple[str, list[str]]], title: str) -> None:
    """Raise :class:`AnnexError` when a row breaks ``total == sum(parts)``.

    ``identities`` are (total column, [part columns]) by column label; every
    failing row is listed.
    """
    problems = []
    for total, parts in identities:
        diff = frame[total] - frame[parts].sum(axis=1)
        bad = frame.index[diff.ne(0)]
        problems.extend(
            f"dòng {label!r}: {total} = {frame.at[label, total]} ≠ "
            f"{' + '.join(str(frame.at[label, p]) for p in parts)} ({' + '.join(parts)})"
            for label in bad
        )
    if problems:
        raise AnnexError(
            f"Phụ lục “{title}”: số liệu không khớp — "
            + "; ".join(problems)
            + f". (Annex {title!r}: totals do not equal the sum of their parts.)"
        )


def _check_totals_row(body: pd.DataFrame, totals: pd.Series, title: str) -> None:
    """The sum of the group rows must equal the period's totals."""
    summed = body.sum(axis=0)
    bad = [c for c in body.columns if summed[c] != totals[c]]
    if bad:
        detail = "; ".join(f"{c}: tổng các dòng {summed[c]} ≠ tổng kỳ {totals[c]}" for c in bad)
        raise AnnexError(
            f"Phụ lục “{title}”: dòng tổng cộng không khớp — {detail}. "
            f"(Annex {title!r}: rows do not add up to the period totals.)"
        )


def _subtitle(period) -> tuple[str, ...]:
    return (f"Kỳ báo cáo: {period.label}", f"({period.range_label})")


# --------------------------------------------------------------------------- documents

DOC_TITLE = "HỒ SƠ CÔNG VIỆC TRÊN MÔI TRƯỜNG MẠNG"
_DOC_FORMS = ("Văn bản giấy", "Văn bản điện tử không kèm văn bản giấy", "Văn bản điện tử kèm văn bản giấy")


def documents_annex(table: pd.DataFrame, period) -> Table:
    """Documents sent and received by form: the reference's eight columns (1)…(8)."""
    codes = [
        f"vb_{d}{s}" for d in ("out", "in") for s in ("", "_paper", "_electronic", "_electronic_with_paper")
    ]
    values = _totals(table, codes)
    columns = [
        "Tổng số (gửi)",
        *(f"{f} (gửi)" for f in _DOC_FORMS),
        "Tổng số (nhận)",
        *(f"{f} (nhận)" for f in _DOC_FORMS),
    ]
    frame = pd.DataFrame([values.to_numpy()], columns=columns, index=["Tổng số"])
    check_identities(frame, [(columns[0], columns[1:4]), (columns[4], columns[5:8])], DOC_TITLE)
    frame.columns = ["Tổng số", *_DOC_FORMS, "Tổng số", *_DOC_FORMS]
    return Table(
        title=DOC_TITLE,
        subtitle=_subtitle(period),
        frame=frame.reset_index(drop=True),
        header_groups=(("Số lượng văn bản gửi", 4), ("Số lượng văn bản nhận", 4)),
        column_numbers=("(1)=(2)+(3)+(4)", "(2)", "(3)", "(4)", "(5)=(6)+(7)+(8)", "(6)", "(7)", "(8)"),
        zero_as_dash=True,
    )


# --------------------------------------------------------------------------- units

UNITS_TITLE = "SỐ LƯỢNG ĐƠN VỊ XỬ LÝ VĂN BẢN TRÊN MÔI TRƯỜNG MẠNG CỦA SỞ, NGÀNH, UBND HUYỆN, THÀNH PHỐ"
_LEVELS = (
    "Các phòng, ban và tương đương thuộc sở, ngành cấp tỉnh",
    "Các phòng, ban và tương đương thuộc UBND cấp huyện",
    "UBND cấp xã",
)


def units_annex(table: pd.DataFrame, period) -> Table:
    """Units that exchanged electronic documents (1)–(4) and that handled work online (5)–(8).

    The catalogue's ``vb_units_electronic`` (a unit that sent or received at
    least one electronic document) and ``vb_units_online`` (a unit that issued
    at least one electronic outgoing document), each split by the unit's level
    (:func:`cchc.indicators.documents.unit_level`); the splits must add up.
    """
    levels = [f"_{name}" for name in LEVELS.values()]
    codes = [f"vb_units_{kind}{level}" for kind in ("electronic", "online") for level in ("", *levels)]
    counts = _totals(table, codes).reindex(codes).fillna(0).astype("int64").tolist()
    # Documents with no unit form the group "(Chưa xác định)": not a unit, so never counted here.
    no_unit = value_of(table, "vb_electronic", "unit", UNKNOWN_GROUP)
    unknown = 0 if pd.isna(no_unit) else int(no_unit)
    columns = ["Tổng số (1)", *(f"{c} (1)" for c in _LEVELS), "Tổng số (5)", *(f"{c} (5)" for c in _LEVELS)]
    frame = pd.DataFrame([counts], columns=columns, index=["Tổng số"])
    check_identities(frame, [(columns[0], columns[1:4]), (columns[4], columns[5:8])], UNITS_TITLE)
    frame.columns = ["Tổng số", *_LEVELS, "Tổng số", *_LEVELS]
    return Table(
        title=UNITS_TITLE,
        subtitle=_subtitle(period),
        frame=frame.reset_index(drop=True),
        header_groups=(
            ("Số lượng đơn vị đã gửi, nhận văn bản điện tử", 4),
            ("Số lượng đơn vị đã xử lý công việc trên môi trường mạng", 4),
        ),
        column_numbers=("(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"),
        zero_as_dash=True,
        note=(
            f"Ghi chú: {fmt_int(unknown)} văn bản điện tử không ghi đơn vị thuộc nhóm "
            f"“{UNKNOWN_GROUP}”, không được tính là một đơn vị."
            if unknown
            else ""
        ),
    )


# --------------------------------------------------------------------------- dossiers

DOSSIER_TITLE = "KẾT QUẢ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH THEO LĨNH VỰC"
_HS = [
    "hs_received",
    "hs_resolved",
    "hs_resolved_early",
    "hs_resolved_on_time",
    "hs_resolved_late",
    "hs_pending",
    "hs_pending_within_deadline",
    "hs_pending_overdue",
]
_HS_LABELS = [
    "Số hồ sơ tiếp nhận",
    "Tổng số",
    "Trước hạn",
    "Đúng hạn",
    "Trễ hạn",
    "Tổng số ",
    "Trong hạn",
    "Quá hạn",
]


def _with_totals(
    body: pd.DataFrame,
    totals: pd.Series,
    label_col: str,
    title: str,
    labels: list[str],
    identities: list[tuple[str, list[str]]],
) -> pd.DataFrame:
    body = body.sort_values(body.columns[0], ascending=False, kind="stable")
    _check_totals_row(body, totals, title)
    full = pd.concat([body, totals.to_frame("Tổng cộng").T.astype("int64")])
    full.columns = labels
    check_identities(full, identities, title)
    full.index.name = label_col
    return full.reset_index()


def dossiers_annex(table: pd.DataFrame, period) -> Table:
    """Dossiers by field: received (1)=(2)+(6); resolved (2)=(3)+(4)+(5); pending (6)=(7)+(8)."""
    body = _by_group(table, _HS, "field").sort_index(key=_vi_index)
    full = _with_totals(
        body,
        _totals(table, _HS),
        "Lĩnh vực",
        DOSSIER_TITLE,
        _HS_LABELS,
        [
            (_HS_LABELS[0], [_HS_LABELS[1], _HS_LABELS[5]]),
            (_HS_LABELS[1], _HS_LABELS[2:5]),
            (_HS_LABELS[5], _HS_LABELS[6:8]),
        ],
    )
    return Table(
        title=DOSSIER_TITLE,
        subtitle=_subtitle(period),
        frame=full,
        header_groups=(
            ("Lĩnh vực", 1),
            ("Số hồ sơ tiếp nhận", 1),
            ("Số hồ sơ đã giải quyết", 4),
            ("Số hồ sơ đang giải quyết", 3),
        ),
        column_numbers=(
            "(A)",
            "(1)=(2)+(6)",
            "(2)=(3)+(4)+(5)",
            "(3)",
            "(4)",
            "(5)",
            "(6)=(7)+(8)",
            "(7)",
            "(8)",
        ),
        totals=True,
        zero_as_dash=False,
    )


# --------------------------------------------------------------------------- tasks

TASK_TITLE = "KẾT QUẢ THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO THEO NGUỒN GIAO"
_NV = [
    "nv_total",
    "nv_completed",
    "nv_completed_on_time",
    "nv_completed_late",
    "nv_in_progress",
    "nv_in_progress_overdue",
    "nv_in_progress_not_due",
    "nv_in_progress_no_deadline",
]
#: "Trễ hạn" = completed after the deadline, "Quá hạn" = still open past it (one word, one meaning,
#: as on the tasks page and in the sentences).
_NV_LABELS = [
    "Tổng số nhiệm vụ",
    "Tổng số",
    "Đúng hạn",
    "Trễ hạn",
    "Tổng số ",
    "Quá hạn",
    "Chưa đến hạn",
    "Không có thời hạn",
]


def tasks_annex(table: pd.DataFrame, period) -> Table:
    """Tasks by source: total (1)=(2)+(5); completed (2)=(3)+(4); in progress (5)=(6)+(7)+(8)."""
    body = _by_group(table, _NV, "source").sort_index(key=_vi_index)
    full = _with_totals(
        body,
        _totals(table, _NV),
        "Nguồn giao",
        TASK_TITLE,
        _NV_LABELS,
        [
            (_NV_LABELS[0], [_NV_LABELS[1], _NV_LABELS[4]]),
            (_NV_LABELS[1], _NV_LABELS[2:4]),
            (_NV_LABELS[4], _NV_LABELS[5:8]),
        ],
    )
    return Table(
        title=TASK_TITLE,
        subtitle=_subtitle(period),
        frame=full,
        header_groups=(
            ("Nguồn giao", 1),
            ("Tổng số nhiệm vụ", 1),
            ("Đã hoàn thành", 3),
            ("Đang thực hiện", 4),
        ),
        column_numbers=(
            "(A)",
            "(1)=(2)+(5)",
            "(2)=(3)+(4)",
            "(3)",
            "(4)",
            "(5)=(6)+(7)+(8)",
            "(6)",
            "(7)",
            "(8)",
        ),
        totals=True,
        zero_as_dash=False,
    )


def all_annexes(table: pd.DataFrame, period) -> list[Table]:
    """The four annexes in the report's order."""
    return [
        documents_annex(table, period),
        units_annex(table, period),
        dossiers_annex(table, period),
        tasks_annex(table, period),
    ]
