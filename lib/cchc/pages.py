"""Small building blocks the report notebooks call, so the notebooks stay thin.

Everything that reaches HTML is escaped here (text from spreadsheets can
hold ``<script>``); notebooks only ``display`` what these functions return.
Functions are pure: frames in, frames or :class:`Html` out.

>>> str(notice("Chưa có <dữ liệu>"))
'<div class="notice">Chưa có &lt;dữ liệu&gt;</div>'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from . import catalogue
from .formatting import fmt_date, fmt_int, fmt_number, fmt_pct
from .indicators.views import FAMILY_OF_PREFIX
from .tables import Html, HtmlTable, html_table
from .templating import Card, Change, render

#: Longest text one cell of a page table shows; longer texts (a 10 MB task title…) are cut.
CELL_TEXT_LIMIT = 300
#: Rows of a long breakdown shown on the page; the full list is behind a ``<details>``.
LIST_PREVIEW = 12

#: Which datasets each page needs, and the Vietnamese name of each dataset.
DATASET_NAMES = {
    "ho_so": "hồ sơ thủ tục hành chính",
    "nhiem_vu": "nhiệm vụ được giao",
    "van_ban": "văn bản đi, đến",
    "dao_tao": "đào tạo, bồi dưỡng",
    "chi_tieu": "chỉ tiêu nhập tay",
}

#: Headers of the data-quality table (problems_frame columns → Vietnamese).
PROBLEM_HEADERS = {
    "severity": "Mức độ",
    "file": "Tệp",
    "sheet": "Trang tính",
    "row": "Dòng",
    "column": "Cột",
    "value": "Giá trị",
    "message_vi": "Nội dung",
}
SEVERITY_VI = {"error": "Lỗi", "warning": "Cảnh báo", "notice": "Thông báo"}

#: Indicator lists of each page (their labels and units come from the catalogue).
DOSSIER_CODES = [
    "hs_received",
    "hs_carried_over",
    "hs_new",
    "hs_new_online",
    "hs_resolved",
    "hs_resolved_early",
    "hs_resolved_on_time",
    "hs_resolved_late",
    "hs_resolved_late_by_time",
    "hs_pending",
    "hs_pending_within_deadline",
    "hs_pending_overdue",
    "hs_rate_early",
    "hs_rate_on_time",
    "hs_rate_late",
    "hs_rate_timely",
    "hs_rate_online",
]
TASK_CODES = [
    "nv_total",
    "nv_completed",
    "nv_completed_on_time",
    "nv_completed_late",
    "nv_in_progress",
    "nv_in_progress_overdue",
    "nv_in_progress_not_due",
    "nv_in_progress_no_deadline",
    "nv_rate_completed",
    "nv_rate_completed_on_time",
]
DOCUMENT_CODES = [
    "vb_out",
    "vb_out_signed",
    "vb_in",
    "vb_rate_electronic",
    "vb_rate_signed",
    "vb_units_electronic",
]
TRAINING_CODES = [
    "dt_planned",
    "dt_sent",
    "dt_rate_plan",
    "dt_sent_planned_in_period",
    "dt_sent_in_period",
    "dt_completed_in_period",
    "dt_unplanned",
]
#: A plan's progress over all its tasks as of the period's end (tasks page, by assigning_doc).
PLAN_COLUMNS = {
    "nv_plan_total": ("Tổng số nhiệm vụ của kế hoạch", "int"),
    "nv_plan_completed": ("Đã hoàn thành (lũy kế)", "int"),
    "nv_in_progress_overdue": ("Quá hạn", "int"),
    "nv_rate_plan": ("Tỷ lệ hoàn thành kế hoạch", "pct"),
}

#: Breakdown table columns: code → (short Vietnamese header, format).
DOSSIER_COLUMNS = {
    "hs_received": ("Tiếp nhận", "int"),
    "hs_resolved": ("Đã giải quyết", "int"),
    "hs_resolved_early": ("Trước hạn", "int"),
    "hs_resolved_on_time": ("Đúng hạn", "int"),
    "hs_resolved_late": ("Trễ hạn", "int"),
    "hs_pending": ("Đang giải quyết", "int"),
    "hs_pending_overdue": ("Quá hạn", "int"),
    "hs_rate_timely": ("Đúng hạn và trước hạn", "pct"),
}
TASK_COLUMNS = {
    "nv_total": ("Tổng số", "int"),
    "nv_completed_on_time": ("Hoàn thành đúng hạn", "int"),
    "nv_completed_late": ("Hoàn thành trễ hạn", "int"),
    "nv_in_progress_not_due": ("Đang thực hiện trong hạn", "int"),
    "nv_in_progress_no_deadline": ("Thường xuyên", "int"),
    "nv_in_progress_overdue": ("Quá hạn", "int"),
    "nv_rate_completed": ("Tỷ lệ hoàn thành", "pct"),
}
DOCUMENT_COLUMNS = {
    "vb_out": ("Văn bản đi", "int"),
    "vb_in": ("Văn bản đến", "int"),
    "vb_out_signed": ("Đi có ký số", "int"),
    "vb_rate_electronic": ("Tỷ lệ điện tử", "pct"),
    "vb_rate_signed": ("Tỷ lệ ký số", "pct"),
}
TRAINING_COLUMNS = {
    "dt_planned": ("Kế hoạch năm", "int"),
    "dt_sent": ("Đã cử đi (lũy kế từ đầu năm)", "int"),
    "dt_rate_plan": ("Tỷ lệ thực hiện (lũy kế)", "pct"),
    "dt_sent_in_period": ("Cử đi trong kỳ", "int"),
    "dt_completed_in_period": ("Hoàn thành trong kỳ", "int"),
}


# --------------------------------------------------------------------------- data helpers


def bounded_texts(frame: pd.DataFrame, limit: int = CELL_TEXT_LIMIT) -> pd.DataFrame:
    """``frame`` with every text cell longer than ``limit`` characters cut, with a note in the cell.

    A cut text keeps its first ``limit`` characters, then ``… (đã cắt ngắn; toàn
    văn N ký tự)``, so a page stays small whatever a spreadsheet holds and
    the reader knows the full text is in the data file.

    >>> bounded_texts(pd.DataFrame({"a": ["x" * 5, "ab"]}), limit=3)["a"].tolist()
    ['xxx… (đã cắt ngắn; toàn văn 5 ký tự)', 'ab']
    """
    out = frame.copy()
    for column in out.columns[
        out.dtypes.map(lambda d: pd.api.types.is_object_dtype(d) or pd.api.types.is_string_dtype(d))
    ]:
        lengths = out[column].str.len()
        long = lengths.gt(limit).fillna(False).astype(bool)
        if long.any():
            out[column] = out[column].astype(object)
            out.loc[long, column] = (
                out.loc[long, column].str.slice(0, limit)
                + "… (đã cắt ngắn; toàn văn "
                + lengths[long].astype("int64").map(fmt_int)
                + " ký tự)"
            )
    return out


def problems_table(problems: pd.DataFrame) -> pd.DataFrame:
    """The loader's warnings and notices with Vietnamese headers, warnings first."""
    order = {"error": 0, "warning": 1, "notice": 2}
    frame = problems.assign(_o=problems["severity"].map(order)).sort_values(
        ["_o", "file", "row"], kind="stable", na_position="first"
    )
    frame = frame[list(PROBLEM_HEADERS)].assign(
        severity=frame["severity"].map(SEVERITY_VI).fillna(frame["severity"]),
        row=frame["row"].astype("Int64"),
    )
    frame = bounded_texts(frame.rename(columns=PROBLEM_HEADERS).reset_index(drop=True))
    frame.attrs["caption"] = "Danh sách cảnh báo và thông báo, cảnh báo trước"
    return frame


def _totals(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["dimension"].astype("string").fillna("") == ""]


#: Dataset of an indicator code's prefix (the caption of a key-figure table names it).
CODE_DATASETS = {"hs": "ho_so", "nv": "nhiem_vu", "vb": "van_ban", "dt": "dao_tao"}


def indicator_rows(table: pd.DataFrame, codes: Sequence[str]) -> pd.DataFrame:
    """Total rows of ``codes`` (in that order) as ``Chỉ tiêu, Giá trị, Đơn vị tính``, formatted.

    The frame's ``attrs["caption"]`` (the caption :func:`cchc.tables.html_table`
    gives it) names the dataset of the codes: ``Các chỉ tiêu về hồ sơ thủ tục hành chính``.
    """
    totals = table[table["dimension"].astype("string").fillna("") == ""].drop_duplicates("code")
    rows = totals.set_index("code").reindex(list(codes)).dropna(subset=["label"])
    frame = pd.DataFrame(
        {
            "Chỉ tiêu": rows["label"].to_numpy(),
            "Giá trị": [format_value(v, u, c) for v, u, c in zip(rows["value"], rows["unit"], rows.index)],
            "Đơn vị tính": rows["unit"].fillna("").to_numpy(),
        }
    )
    datasets = {CODE_DATASETS.get(str(c).split("_", 1)[0]) for c in codes}
    name = DATASET_NAMES.get(datasets.pop()) if len(datasets) == 1 else None
    frame.attrs["caption"] = f"Các chỉ tiêu về {name}" if name else "Các chỉ tiêu trong kỳ"
    return frame


def status_table(
    table: pd.DataFrame,
    dimension: str,
    columns: Mapping[str, tuple[str, str]],
    group_header: str,
    caption: str | None = None,
    preview_rows: int | None = LIST_PREVIEW,
) -> HtmlTable:
    """A breakdown as an HTML table with a totals row taken from the period totals.

    The totals row holds the table's own total rows (not column sums), so
    rates are the overall rates and records without a group still count.
    The caption defaults to "Theo <group header>"; a list longer than
    ``preview_rows`` shows its largest groups, the full list in a ``<details>``.
    """
    headers = {code: header for code, (header, _fmt) in columns.items()}
    frame = breakdown_table(table, dimension, headers, group_header)
    totals = _totals(table).drop_duplicates("code").set_index("code")["value"]
    return html_table(
        frame,
        formats={header: fmt for header, fmt in columns.values()} | {group_header: "text"},
        total_label="Tổng cộng",
        total_columns=[],
        total_values={headers[c]: totals.get(c) for c in columns if c in totals.index},
        empty_text="Không có số liệu trong kỳ.",
        caption=caption or f"Theo {group_header[:1].lower()}{group_header[1:]}",
        preview_rows=preview_rows,
    )


def breakdown_table(
    table: pd.DataFrame, dimension: str, columns: Mapping[str, str], group_header: str
) -> pd.DataFrame:
    """One row per group of ``dimension``, one column per code (``columns``: code → header)."""
    part = table[(table["dimension"].astype("string") == dimension) & table["code"].isin(list(columns))]
    if part.empty:
        return pd.DataFrame(columns=[group_header, *columns.values()])
    wide = part.pivot_table(index="group", columns="code", values="value", aggfunc="first")
    wide = wide.reindex(columns=list(columns)).rename(columns=dict(columns))
    first = next(iter(columns.values()))
    wide = wide.sort_values(first, ascending=False, kind="stable")
    return bounded_texts(wide.rename_axis(group_header).reset_index())


# --------------------------------------------------------------------------- formatting


def format_value(value, unit: str | None, code: str = "") -> str:
    """A figure as the report writes it: ``94,35%`` for rates (the catalogue's decimals for
    ``code``), ``10.593`` for counts."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "–"
    if unit == "%":
        from .catalogue import decimals

        return fmt_pct(float(value), decimals(code) if code else 2)
    if float(value).is_integer():
        return fmt_int(float(value))
    return fmt_number(float(value), 2, trim=True)


#: Cumulative (year-to-date) codes: compared only with the same point of the previous year.
YEAR_TO_DATE_CODES = frozenset(
    {"dt_planned", "dt_sent", "dt_rate_plan", "nv_plan_total", "nv_plan_completed", "nv_rate_plan"}
)


def change_text(change, unit: str | None, code: str = "") -> str:
    """``▲ 12`` / ``▼ 1,2 điểm %`` / ``= 0``; ``–`` when not comparable."""
    if change is None or pd.isna(change):
        return "–"
    change = float(change)
    arrow = "▲" if change > 0 else "▼" if change < 0 else "="
    size = abs(change)
    if unit == "%":
        from .catalogue import decimals

        return f"{arrow} {fmt_number(size, decimals(code) if code else 2, trim=True)} điểm %"
    return f"{arrow} {fmt_int(size) if size.is_integer() else fmt_number(size, 2, trim=True)}"


def _direction(change) -> str:
    if change is None or pd.isna(change) or float(change) == 0:
        return "flat"
    return "up" if float(change) > 0 else "down"


# --------------------------------------------------------------------------- HTML fragments


def headline_cards(
    comparison: pd.DataFrame, codes: Sequence[str], previous_label: str = "", year_earlier_label: str = ""
) -> Html:
    """Cards of headline indicators with the change vs the previous period and a year earlier.

    ``comparison`` is the table of :func:`cchc.indicators.compare` (total
    rows used). Rates show the change in percentage points; a missing
    comparison (data not reaching back) shows ``–``.
    """
    totals = comparison[comparison["dimension"].astype("string").fillna("") == ""]
    totals = totals.drop_duplicates("code").set_index("code")
    cards = []
    for code in codes:
        if code not in totals.index:
            continue
        row = totals.loc[code]
        unit = row.get("unit")
        unit = None if pd.isna(unit) else str(unit)
        # the catalogue says whether a rise is good (green ▲), bad (red ▲) or neutral (grey)
        css = "change" + {"bad": " inverse", "neutral": " neutral"}.get(catalogue.rising(code), "")
        prev, year = row.get("change"), row.get("year_earlier_change")
        # like with like: a year-to-date figure only against the same point last year, and
        # one line when the previous period is the same period last year (a year)
        same = bool(previous_label) and previous_label == year_earlier_label
        skip_prev = code in YEAR_TO_DATE_CODES or same
        year_words = "so với kỳ trước, cùng kỳ năm trước" if same else "so với cùng kỳ năm trước"
        changes = (
            []
            if skip_prev
            else [
                Change(
                    f" so với kỳ trước{' (' + previous_label + ')' if previous_label else ''}",
                    change_text(prev, unit, code),
                    _direction(prev),
                    css,
                )
            ]
        )
        changes.append(
            Change(
                f" {year_words}{' (' + year_earlier_label + ')' if year_earlier_label else ''}",
                change_text(year, unit, code),
                _direction(year),
                css,
            )
        )
        cards.append(
            Card(
                str(row["label"]),
                format_value(row["value"], unit, code),
                None if unit == "%" else unit,
                code,
                changes=tuple(changes),
            )
        )
    return Html(str(render("components/cards.html.j2", cards=cards, css_class="cards")))


def notice(text: str, kind: str = "") -> Html:
    """A highlighted Vietnamese notice (escaped)."""
    return Html(str(render("components/notice.html.j2", text=text, kind=kind, role="")))


def download_link(file_name: str, text: str) -> Html:
    """A download link to a file published next to the page (the Word report); not printed."""
    return Html(str(render("components/download.html.j2", file_name=file_name, text=text)))


def missing_notice(missing: Iterable[str], needed: Iterable[str]) -> Html:
    """The "dataset missing" notice for a page; empty when all it needs is there."""
    absent = [d for d in needed if d in set(missing)]
    if not absent:
        return Html("")
    names = ", ".join(f"{DATASET_NAMES.get(d, d)} ({d})" for d in absent)
    return notice(
        f"Chưa có dữ liệu {names}: không có tệp nào trong thư mục dữ liệu đầu vào, "
        "nên phần tương ứng của trang này để trống."
    )


def prose(*paragraphs: str) -> Html:
    """Paragraphs of text (escaped)."""
    return Html(str(render("components/prose.html.j2", paragraphs=paragraphs)))


def heading(text: str, ident: str, level: int = 2) -> Html:
    """A section heading with an id (it then appears in the page's table of contents)."""
    return Html(str(render("components/heading.html.j2", text=text, ident=ident, level=int(level))))


#: Headers of the overdue-task list (:func:`cchc.indicators.views.overdue_tasks` columns).
OVERDUE_HEADERS = {
    "title": "Nội dung",
    "unit": "Đơn vị chủ trì",
    "due_date": "Hạn hoàn thành",
    "days": "Số ngày quá hạn",
}


def overdue_table(overdue: pd.DataFrame) -> HtmlTable:
    """The overdue-task list (:func:`cchc.indicators.views.overdue_tasks`) as an HTML table.

    Titles are escaped by the table component.
    """
    frame = bounded_texts(overdue[list(OVERDUE_HEADERS)].rename(columns=OVERDUE_HEADERS))
    return html_table(
        frame,
        formats={"Hạn hoàn thành": "date", "Số ngày quá hạn": "int"},
        caption="Danh sách nhiệm vụ quá hạn chưa hoàn thành",
        empty_text="Không có nhiệm vụ quá hạn.",
    )


def provenance_rows(files: Iterable) -> list[dict]:
    """Input files for the provenance footer: name, dataset, rows (vi-VN), SHA-256 (no paths)."""
    rows = []
    for f in files:
        d = f.to_dict() if hasattr(f, "to_dict") else dict(f)
        rows.append(
            {
                "file": d["file"],
                "dataset": d["dataset"],
                "rows": d.get("rows", 0),
                "rows_text": fmt_int(d.get("rows", 0)),
                "sha256": d["sha256"],
            }
        )
    return sorted(rows, key=lambda r: r["file"])


def date_text(value) -> str:
    """A date as ``dd/mm/yyyy``."""
    return fmt_date(value)


def _value(table: pd.DataFrame, code: str):
    rows = _totals(table)
    found = rows.loc[rows["code"] == code, "value"]
    return float(found.iloc[0]) if len(found) and not pd.isna(found.iloc[0]) else math.nan


def coverage_notice(gaps: pd.DataFrame, period) -> Html:
    """One notice naming each dataset that does not cover the period and how far its data goes."""
    if gaps is None or gaps.empty:
        return Html("")
    parts = []
    for row in gaps.to_dict("records"):  # one row per dataset (at most four)
        name = DATASET_NAMES.get(row["dataset"], row["dataset"])
        if row["last"] is None:
            parts.append(f"{name}: chưa có số liệu")
        elif row["gap"] == "partial":
            parts.append(f"{name}: số liệu chỉ đến ngày {fmt_date(row['last'])}")
        else:
            parts.append(
                f"{name}: số liệu từ {fmt_date(row['first'])} đến {fmt_date(row['last'])}, không có trong kỳ"
            )
    return notice(
        f"Dữ liệu chưa bao phủ trọn {period.phrase} — "
        + "; ".join(parts)
        + ". Các số liệu này không được nêu như kết quả của kỳ.",
        "warning",
    )


def covered_codes(codes: Sequence[str], gaps: pd.DataFrame | None) -> list[str]:
    """``codes`` without those of datasets that have no record in the period."""
    if gaps is None or gaps.empty:
        return list(codes)
    missing = set(gaps.loc[gaps["gap"].isin(["none", "after", "before"]), "dataset"])
    return [c for c in codes if FAMILY_OF_PREFIX.get(c[:3]) not in missing]


def overview_prose(table: pd.DataFrame, period, gaps: pd.DataFrame | None = None) -> Html:
    """Short Vietnamese sentences summing up the period (families without data, or whose data
    has no record in the period (``gaps``), are skipped)."""
    v = {
        code: _value(table, code)
        for code in (
            "hs_received",
            "hs_resolved",
            "hs_resolved_early",
            "hs_rate_early",
            "hs_resolved_on_time",
            "hs_rate_on_time",
            "hs_resolved_late",
            "hs_rate_late",
            "hs_pending",
            "hs_pending_overdue",
            "nv_total",
            "nv_completed",
            "nv_in_progress_overdue",
            "vb_out",
            "vb_in",
            "vb_rate_electronic",
            "dt_planned",
            "dt_sent",
        )
    }

    def n(code: str) -> str:
        return format_value(v[code], None)

    def r(code: str) -> str:
        return format_value(v[code], "%", code)

    skip = {c[:3] for c in v if not covered_codes([c], gaps)}
    v = {c: (math.nan if c[:3] in skip else x) for c, x in v.items()}
    sentences = []
    if not math.isnan(v["hs_received"]):
        sentences.append(
            f"Trong {period.phrase}, đã tiếp nhận {n('hs_received')} hồ sơ; đã giải quyết "
            f"{n('hs_resolved')} hồ sơ (trước hạn {n('hs_resolved_early')}, tỷ lệ {r('hs_rate_early')}; "
            f"đúng hạn {n('hs_resolved_on_time')}, tỷ lệ {r('hs_rate_on_time')}; trễ hạn "
            f"{n('hs_resolved_late')}, tỷ lệ {r('hs_rate_late')}); đang giải quyết {n('hs_pending')} "
            f"hồ sơ, trong đó quá hạn {n('hs_pending_overdue')}."
        )
    if not math.isnan(v["nv_total"]):
        sentences.append(
            f"Nhiệm vụ được giao: {n('nv_total')} nhiệm vụ, đã hoàn thành {n('nv_completed')}; "
            f"{n('nv_in_progress_overdue')} nhiệm vụ đang thực hiện đã quá hạn."
        )
    if not math.isnan(v["vb_out"]):
        sentences.append(
            f"Văn bản đi {n('vb_out')}, văn bản đến {n('vb_in')}; tỷ lệ văn bản điện tử "
            f"{r('vb_rate_electronic')}."
        )
    if not math.isnan(v["dt_planned"]):
        sentences.append(
            f"Đào tạo, bồi dưỡng: lũy kế từ đầu năm đã cử {n('dt_sent')}/{n('dt_planned')} lượt "
            f"người theo kế hoạch năm."
        )
    return prose(*sentences)


def documents_annex(table: pd.DataFrame, period) -> Html:
    """The annex table "Hồ sơ công việc trên môi trường mạng" (documents by direction and form).

    Columns (1)=(2)+(3)+(4) for documents sent and (5)=(6)+(7)+(8) for
    documents received, zeros written ``-`` as the reference annex does.
    """
    from .tables import format_cell

    codes = [
        "vb_out",
        "vb_out_paper",
        "vb_out_electronic",
        "vb_out_electronic_with_paper",
        "vb_in",
        "vb_in_paper",
        "vb_in_electronic",
        "vb_in_electronic_with_paper",
    ]
    forms = [
        "Tổng số",
        "Văn bản giấy",
        "Văn bản điện tử không kèm văn bản giấy",
        "Văn bản điện tử kèm văn bản giấy",
    ]
    labels = [f"{d} – {f}" for d in ("Văn bản gửi", "Văn bản nhận") for f in forms]
    cells = [
        {"label": label, "text": format_cell(_value(table, c), "int", True)}
        for c, label in zip(codes, labels)
    ]
    numbers = ["(1)=(2)+(3)+(4)", "(2)", "(3)", "(4)", "(5)=(6)+(7)+(8)", "(6)", "(7)", "(8)"]
    return Html(
        str(
            render(
                "components/documents_annex.html.j2",
                forms=forms * 2,
                numbers=numbers,
                cells=cells,
                period_label=period.label,
                range_label=period.range_label,
            )
        )
    )


def staff_notes_list(notes: Iterable[str]) -> Html:
    """The report's staff notes (missing narrative, ``[Cần bổ sung: …]`` sections) as a list.

    They belong to the staff who write the report, so they are shown here
    (the data-quality page) and in ``run.log``, never on leadership pages.
    """
    notes = list(notes)
    if not notes:
        return notice("Báo cáo không còn mục nào cần cán bộ bổ sung.")
    return Html(str(render("components/list.html.j2", items=notes, css_class="staff-notes")))


def files_table(files: Iterable) -> HtmlTable:
    """The input files read (name, dataset, rows, SHA-256), no paths."""
    rows = provenance_rows(files)
    frame = pd.DataFrame(
        {
            "Tệp": [r["file"] for r in rows],
            "Bộ dữ liệu": [f"{DATASET_NAMES.get(r['dataset'], r['dataset'])} ({r['dataset']})" for r in rows],
            "Số dòng": [r["rows"] for r in rows],
            "SHA-256": [r["sha256"][:16] + "…" for r in rows],
        }
    )
    return html_table(
        frame,
        formats={"Số dòng": "int"},
        total_label="Tổng cộng",
        caption="Tệp dữ liệu đã đọc",
        caption_hidden=True,
        empty_text="Không có tệp dữ liệu nào.",
    )


def dataset_summary(summary: pd.DataFrame) -> HtmlTable:
    """Per dataset: files, records, warnings, notices (from :func:`cchc.audit.summary_frame`)."""
    frame = pd.DataFrame(
        {
            "Bộ dữ liệu": summary["title"].astype("string")
            + " ("
            + summary["dataset"].astype("string")
            + ")",
            "Số tệp": summary["files"],
            "Số dòng": summary["records"],
            "Cảnh báo": summary["warnings"],
            "Thông báo": summary["notices"],
        }
    )
    return html_table(
        frame,
        formats={c: "int" for c in ("Số tệp", "Số dòng", "Cảnh báo", "Thông báo")},
        total_label="Tổng cộng",
        caption="Số cảnh báo, thông báo theo bộ dữ liệu",
    )


def trend_notice(trend: pd.DataFrame, period) -> Html:
    """What the trend shows: its first and last period, and whether the reported period is in it."""
    if trend.empty:
        return notice("Chưa có số liệu để vẽ xu hướng. (No data to draw trends from.)", "warning")
    order = list(dict.fromkeys(trend["period"]))
    text = f"Xu hướng từ {order[0]} đến {order[-1]}."
    if period is not None and not trend["reported"].any():
        text += f" Dữ liệu chưa bao phủ trọn kỳ báo cáo ({period.phrase}): kỳ này không có trên biểu đồ."
    elif period is not None:
        text += f" Phần tô màu là kỳ báo cáo ({period.phrase})."
    return notice(text)


def mark_reported(fig, trend: pd.DataFrame):
    """Shade the reported period's columns on a trend chart (``charts.trend_chart``'s figure)."""
    if fig is None or trend.empty or "reported" not in trend.columns or not fig.axes:
        return fig
    order = list(dict.fromkeys(trend["period"]))
    marked = set(trend.loc[trend["reported"].astype(bool), "period"])
    idx = [i for i, label in enumerate(order) if label in marked]
    if idx:
        ax = fig.axes[0]
        ax.axvspan(min(idx) - 0.4, max(idx) + 0.4, color="#f2c14e", alpha=0.25, zorder=0, label="Kỳ báo cáo")
    return fig


#: Caption of the trend page's table.
TREND_CAPTION = "Các chỉ tiêu qua các kỳ, mỗi chỉ tiêu theo đơn vị tính của nó"


def trend_table(trend: pd.DataFrame) -> HtmlTable:
    """Every indicator (rows, catalogue labels) by period (columns), each in its own unit.

    An indicator with no value in any period (its data is not kept by quarter,
    or not at all) is left out: a row of dashes says nothing.
    """
    if trend.empty:
        return html_table(
            pd.DataFrame({"Chỉ tiêu": pd.Series([], dtype="string")}),
            caption=TREND_CAPTION,
            empty_text="Không có số liệu.",
        )
    data = _totals(trend) if "dimension" in trend.columns else trend
    order = list(dict.fromkeys(data["period"]))
    codes = list(dict.fromkeys(data.loc[data["value"].notna(), "code"]))
    text = data.assign(
        _text=[format_value(v, u, c) for v, u, c in zip(data["value"], data["unit"], data["code"])]
    )
    wide = text.pivot_table(index="code", columns="period", values="_text", aggfunc="first")
    wide = wide.reindex(index=codes, columns=order).fillna("–")
    labels = data.drop_duplicates("code").set_index("code")["label"].reindex(codes)
    wide.insert(0, "Chỉ tiêu", labels.to_numpy())
    frame = wide.reset_index(drop=True)
    frame.columns = [str(c) for c in frame.columns]
    return html_table(
        frame,
        formats={c: ("text" if c == "Chỉ tiêu" else "figure") for c in frame.columns},
        caption=TREND_CAPTION,
        css_class="cchc-table series",
    )


# --------------------------------------------------------------------------- landing pages

#: Key figures leading a period's landing page (4–6 cards).
LANDING_CODES = [
    "hs_received",
    "hs_rate_timely",
    "nv_total",
    "nv_rate_completed",
    "vb_rate_electronic",
    "dt_rate_plan",
]


def action_block(items: pd.DataFrame, page_links: Mapping[str, str] | None = None) -> Html:
    """The red "Cần xử lý" block: overdue dossiers and tasks, count and the oldest of each."""
    links = page_links or {}
    # one line per kind (two: dossiers and tasks), not per record
    lines = [
        {
            "kind": kind,
            "count": fmt_int(count) if count else "",
            "href": links.get(kind, ""),
            "oldest": oldest if len(oldest) <= 120 else oldest[:119] + "…",
            "due": date_text(due) if count else "",
            "days": fmt_int(days) if count else "",
        }
        for kind, count, oldest, due, days in zip(
            items["kind"], items["count"], items["oldest"], items["due"], items["days"]
        )
    ]
    return Html(
        str(render("components/action.html.j2", items=lines, urgent=bool((items["count"] > 0).any())))
    )


def key_cards(table: pd.DataFrame, codes: Sequence[str] = tuple(LANDING_CODES)) -> Html:
    """Cards of the period's key figures (value and unit, from the indicator table)."""
    totals = _totals(table).drop_duplicates("code").set_index("code")
    cards = []
    for code in codes:
        if code not in totals.index:
            continue
        row = totals.loc[code]
        unit = None if pd.isna(row.get("unit")) else str(row.get("unit"))
        cards.append(
            Card(
                catalogue.label(code),
                format_value(row["value"], unit, code),
                None if unit == "%" else unit,
                code,
                f"card {catalogue.rising(code)}",
            )
        )
    return Html(str(render("components/cards.html.j2", cards=cards, css_class="cards key")))
