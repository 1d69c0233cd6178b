"""The report's generated sentences, in the reference's wording, from an indicator table.

Every function takes the tidy indicator table of :func:`cchc.indicators.compute`
(columns ``code, dimension, group, value, numerator, denominator, unit, label``)
and the period, never raw frames, and returns finished Vietnamese sentences.
The period's label appears in every sentence ("Trong 06 tháng đầu năm 2022,
…"). Sentences adapt to the data: a part that is empty is left out instead of
writing "trong đó 0 nhiệm vụ", and a family with no records says so in one
plain sentence. The dossier sentence keeps the reference's formula, which
states the late and overdue counts even when they are zero (that zero is the
statement leadership looks for: no late dossier); a rate over nothing (0/0)
reads "không phát sinh", never "0%".

One word, one meaning: *trễ hạn* is done after the deadline (dossiers
resolved late, tasks completed late), *quá hạn* is still open past the
deadline (pending dossiers, tasks in progress).

>>> import pandas as pd
>>> from types import SimpleNamespace
>>> p = SimpleNamespace(code="2022-H1", label="06 tháng đầu năm 2022")
>>> t = pd.DataFrame({"code": ["nv_total", "nv_completed", "nv_completed_on_time",
...     "nv_completed_late", "nv_in_progress", "nv_in_progress_overdue"],
...     "dimension": "", "group": "", "value": [57.0, 17, 12, 5, 40, 7]})
>>> task_sentences(t, p, sources=["Chính phủ", "Thủ tướng Chính phủ"])[0]
'Trong 06 tháng đầu năm 2022, có 57 nhiệm vụ của UBND tỉnh được Chính phủ, Thủ tướng Chính phủ giao, 17 nhiệm vụ đã hoàn thành (trong đó 12 nhiệm vụ hoàn thành đúng hạn, 05 nhiệm vụ hoàn thành trễ hạn), 40 nhiệm vụ đang thực hiện (trong đó 07 nhiệm vụ đã quá hạn).'
"""  # noqa: E501 - long text kept whole (doctest output, narrative, JavaScript)

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .. import catalogue
from ..formatting import vi_sort_key
from .figures import count2, integer, is_missing, money, pct, rate_decimals

__all__ = [
    "KEY_FIGURE_SENTENCES",
    "document_sentences",
    "dossier_field_items",
    "dossier_sentences",
    "groups",
    "key_figure_sentences",
    "lower_first",
    "period_phrase",
    "plan_sentences",
    "task_sentences",
    "training_sentences",
    "value",
]


# --------------------------------------------------------------------------- lookups


def _blank(series: pd.Series) -> pd.Series:
    return series.isna() | (series.astype("string").fillna("") == "")


def value(table: pd.DataFrame, code: str, dimension: str = "", group: str = "") -> float:
    """The value of ``code`` (optionally for one breakdown group); NaN when absent.

    Same contract as :func:`cchc.indicators.value_of`; kept here so the report
    only depends on the tidy table's shape.
    """
    if table is None or table.empty:
        return math.nan
    mask = table["code"] == code
    if dimension:
        mask &= (table["dimension"] == dimension) & (table["group"] == group)
    else:
        mask &= _blank(table["dimension"])
    hits = table.loc[mask.fillna(False), "value"]
    if hits.empty:
        return math.nan
    return float(hits.iloc[0]) if not is_missing(hits.iloc[0]) else math.nan


def groups(table: pd.DataFrame, code: str, dimension: str) -> list[str]:
    """The groups of ``dimension`` for which ``code`` has a row, in table order."""
    if table is None or table.empty:
        return []
    mask = (table["code"] == code) & (table["dimension"] == dimension)
    return [str(g) for g in table.loc[mask.fillna(False), "group"].drop_duplicates()]


def _n(table: pd.DataFrame, code: str, dimension: str = "", group: str = "") -> int:
    """A count, missing as 0 (a family with no records has no rows)."""
    v = value(table, code, dimension, group)
    return 0 if is_missing(v) else round(v)


# --------------------------------------------------------------------------- wording


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the word is an acronym ("TTHC")."""
    if len(text) >= 2 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def name_in_sentence(name: str) -> str:
    """A field or unit name inside a sentence: "Đất đai" -> "đất đai", but a name that
    carries capitals of its own stays as written ("Giáo dục và Đào tạo", "Lao động -
    Thương binh và Xã hội").

    >>> name_in_sentence("Đất đai"), name_in_sentence("Giáo dục và Đào tạo")
    ('đất đai', 'Giáo dục và Đào tạo')
    """
    text = str(name).strip()
    if any(ch.isupper() for ch in text[1:]):
        return text
    return lower_first(text)


def end_phrase(period) -> str:
    """ "ngày 30/09/2022" (the period's last day); the period phrase when it has no dates."""
    end = getattr(period, "end", None)
    if end is None:
        return period_phrase(period)
    return f"ngày {end.day:02d}/{end.month:02d}/{end.year}"


def is_year_to_date(period) -> bool:
    """True when the period starts after its year does (a quarter, a month, H2…): a figure
    counted from the start of the year is then cumulative, not the period's own."""
    start, end = getattr(period, "start", None), getattr(period, "end", None)
    if start is None or end is None:
        return False
    from ..periods import containing

    return start > containing(end, "year", getattr(period, "cutoff", None)).start


def period_phrase(period) -> str:
    """The period as it follows "Trong": "06 tháng đầu năm 2022", "quý I/2022",
    "tháng 9/2022", "năm 2022", "thời gian từ ngày 15/01/2022 đến ngày 31/03/2022"."""
    label = str(period.label).strip()
    if label.lower().startswith("từ ngày"):
        return "thời gian " + label[0].lower() + label[1:]
    return label[0].lower() + label[1:] if label else label


def _trong(period) -> str:
    return "Trong " + period_phrase(period)


def _join_and(items: Sequence[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


NOT_ARISEN = "không phát sinh"


def _share(table: pd.DataFrame, rate_code: str, total: int) -> str:
    """The catalogue rate ``rate_code`` as text: "không phát sinh" when its base ``total`` is 0."""
    if total == 0:
        return NOT_ARISEN
    return pct(value(table, rate_code), rate_decimals(rate_code))


# --------------------------------------------------------------------------- dossiers


def dossier_sentences(table: pd.DataFrame, period, *, office: str = "Văn phòng") -> list[str]:
    """The dossier paragraph of section II.2 (received, resolved, pending, with rates).

    Rates of resolved dossiers are over resolved (``hs_rate_*``); rates of
    pending dossiers are over pending. Counts and rates are the catalogue's
    ``hs_`` codes; rates are shown with two decimals, whole values without.
    """
    received = _n(table, "hs_received")
    if received == 0:
        return [f"{_trong(period)}, {office} không tiếp nhận hồ sơ nào."]
    carried = _n(table, "hs_carried_over")
    new = _n(table, "hs_new")
    head = f"{_trong(period)}, {office} đã tiếp nhận {count2(received)} hồ sơ"
    if carried:
        head += f" (kỳ trước chuyển sang {count2(carried)} hồ sơ, tiếp nhận mới {count2(new)} hồ sơ)"
    head += "."
    resolved = _n(table, "hs_resolved")
    pending = _n(table, "hs_pending")
    if resolved:
        parts = []
        for code, word in (("early", "trước hạn"), ("on_time", "đúng hạn"), ("late", "trễ hạn")):
            c = _n(table, f"hs_resolved_{code}")
            shown = _share(table, f"hs_rate_{code}", resolved)
            parts.append(f"{word} {count2(c)} hồ sơ, tỷ lệ {shown}")
        resolved_text = f"Tổng số hồ sơ đã giải quyết {count2(resolved)} hồ sơ ({'; '.join(parts)})"
    else:
        resolved_text = "Chưa có hồ sơ nào được giải quyết"
    within = _n(table, "hs_pending_within_deadline")
    overdue = _n(table, "hs_pending_overdue")
    pending_text = (
        f"số hồ sơ đang giải quyết {count2(pending)} hồ sơ "
        f"(trong hạn {count2(within)} hồ sơ, tỷ lệ "
        f"{_share(table, 'hs_rate_pending_within_deadline', pending)}; "
        f"quá hạn {count2(overdue)} hồ sơ, tỷ lệ {_share(table, 'hs_rate_pending_overdue', pending)})"
        if pending
        else f"số hồ sơ đang giải quyết: {NOT_ARISEN}"
    )
    return [f"{head} Trong đó: {resolved_text}, {pending_text}."]


def dossier_field_items(table: pd.DataFrame, dimension: str = "field") -> list[str]:
    """One bullet per field: "Lĩnh vực đất đai (tổng số tiếp nhận 127 hồ sơ, …)"."""
    items = []
    for g in groups(table, "hs_received", dimension):
        received = _n(table, "hs_received", dimension, g)
        timely = _n(table, "hs_resolved_timely", dimension, g)
        late = _n(table, "hs_resolved_late", dimension, g)
        pending = _n(table, "hs_pending", dimension, g)
        overdue = _n(table, "hs_pending_overdue", dimension, g)
        if received == 0:
            items.append(f"Lĩnh vực {name_in_sentence(g)} không phát sinh hồ sơ")
            continue
        clauses = [f"tổng số tiếp nhận {count2(received)} hồ sơ"]
        if timely:
            clauses.append(f"đã giải quyết đúng hạn {count2(timely)} hồ sơ")
        clauses.append(f"trễ hạn {count2(late)} hồ sơ" if late else "không có hồ sơ trễ hạn")
        if pending:
            text = f"đang giải quyết {count2(pending)} hồ sơ"
            if overdue:
                text += f" (trong đó {count2(overdue)} hồ sơ quá hạn)"
            clauses.append(text)
        items.append(f"Lĩnh vực {name_in_sentence(g)} ({', '.join(clauses)})")
    return sorted(items, key=vi_sort_key)


# --------------------------------------------------------------------------- tasks


def _task_status(table: pd.DataFrame, dimension: str = "", group: str = "") -> str:
    """ ", 17 nhiệm vụ đã hoàn thành (…), 40 nhiệm vụ đang thực hiện (…)" for a task table."""
    total = _n(table, "nv_total", dimension, group)
    done = _n(table, "nv_completed", dimension, group)
    on_time = _n(table, "nv_completed_on_time", dimension, group)
    late = _n(table, "nv_completed_late", dimension, group)
    doing = _n(table, "nv_in_progress", dimension, group)
    overdue = _n(table, "nv_in_progress_overdue", dimension, group)
    clauses = []
    if done == 0:
        clauses.append("chưa có nhiệm vụ nào hoàn thành")
    elif on_time and late:
        clauses.append(
            f"{count2(done)} nhiệm vụ đã hoàn thành (trong đó {count2(on_time)} nhiệm vụ "
            f"hoàn thành đúng hạn, {count2(late)} nhiệm vụ hoàn thành trễ hạn)"
        )
    elif late:
        clauses.append(f"{count2(done)} nhiệm vụ đã hoàn thành trễ hạn")
    else:
        clauses.append(f"{count2(done)} nhiệm vụ đã hoàn thành đúng hạn")
    if doing:
        text = f"{count2(doing)} nhiệm vụ đang thực hiện"
        if doing == total:
            text = f"cả {count2(doing)} nhiệm vụ đang thực hiện"
        if overdue:
            text += (
                f" (trong đó {count2(overdue)} nhiệm vụ đã quá hạn)"
                if overdue < doing
                else ", tất cả đã quá hạn"
            )
        clauses.append(text)
    return ", ".join(clauses)


def task_sentences(
    table: pd.DataFrame, period, *, sources: Sequence[str], assignee: str = "UBND tỉnh"
) -> list[str]:
    """Tasks assigned by the given sources (the table is computed on those tasks only).

    ``assignee`` names who the tasks were assigned to ("UBND tỉnh"); empty
    leaves the "của …" clause out.
    """
    who = _join_and(list(sources)).replace(" và ", ", ") if sources else "cấp trên"
    of = f" của {assignee}" if assignee else ""
    total = _n(table, "nv_total")
    if total == 0:
        return [f"{_trong(period)}, không có nhiệm vụ nào{of} được {who} giao."]
    return [f"{_trong(period)}, có {count2(total)} nhiệm vụ{of} được {who} giao, {_task_status(table)}."]


def plan_sentences(table: pd.DataFrame, period, plans: Sequence[str]) -> list[str]:
    """Progress of each plan (tasks by ``assigning_doc``) over all its tasks as of the period's
    end (``nv_plan_*``): "Tính đến ngày 30/09/2022, kết quả thực hiện Kế hoạch số 1147/KH-VP
    đạt 93% kế hoạch (13/14 nhiệm vụ)"."""
    out = []
    for plan in plans:
        total = _n(table, "nv_plan_total", "assigning_doc", plan)
        if total == 0:
            continue
        done = _n(table, "nv_plan_completed", "assigning_doc", plan)
        rate = value(table, "nv_rate_plan", "assigning_doc", plan)
        name = f"Kế hoạch số {plan}" if plan[:1].isdigit() else plan
        text = (
            f"Tính đến {end_phrase(period)}, kết quả thực hiện {name} đạt "
            f"{pct(rate, rate_decimals('nv_rate_plan'))} kế hoạch "
            f"({count2(done)}/{count2(total)} nhiệm vụ)"
        )
        doing = _n(table, "nv_in_progress", "assigning_doc", plan)
        overdue = _n(table, "nv_in_progress_overdue", "assigning_doc", plan)
        if doing:
            text += f", còn {count2(doing)} nhiệm vụ đang thực hiện"
            if overdue:
                text += f" (trong đó {count2(overdue)} nhiệm vụ đã quá hạn)"
        out.append(text + ".")
    return out


# --------------------------------------------------------------------------- documents

_FORMS = (
    ("paper", "văn bản giấy"),
    ("electronic", "văn bản điện tử"),
    ("electronic_with_paper", "văn bản điện tử kèm văn bản giấy"),
)


def _forms(table: pd.DataFrame, direction: str) -> str:
    parts = [
        f"{label} {integer(_n(table, f'vb_{direction}_{key}'))}"
        for key, label in _FORMS
        if _n(table, f"vb_{direction}_{key}")
    ]
    return f" ({', '.join(parts)})" if len(parts) > 1 else ""


def document_sentences(table: pd.DataFrame, period, *, office: str = "Văn phòng") -> list[str]:
    """Documents sent and received by form, the signed rate and the units online."""
    out_n, in_n = _n(table, "vb_out"), _n(table, "vb_in")
    if out_n == 0 and in_n == 0:
        return [f"{_trong(period)}, chưa có số liệu văn bản đi, đến."]
    clauses = []
    if out_n:
        clauses.append(f"phát hành {integer(out_n)} văn bản đi{_forms(table, 'out')}")
    if in_n:
        clauses.append(f"tiếp nhận {integer(in_n)} văn bản đến{_forms(table, 'in')}")
    sentences = [f"{_trong(period)}, {office} đã {' và '.join(clauses)}."]
    electronic_out = _n(table, "vb_out_electronic_total")
    if electronic_out:
        signed = _n(table, "vb_out_signed")
        rate = value(table, "vb_rate_signed")
        if signed == electronic_out:
            sentences.append(
                f"{_trong(period)}, tất cả văn bản đi điện tử đều được ký số, "
                f"tỷ lệ {pct(rate, rate_decimals('vb_rate_signed'))}."
            )
        else:
            sentences.append(
                f"{_trong(period)}, {integer(signed)}/{integer(electronic_out)} văn bản đi "
                f"điện tử được ký số, tỷ lệ {pct(rate, rate_decimals('vb_rate_signed'))}."
            )
    units = _n(table, "vb_units_electronic")
    if units:
        sentences.append(
            f"{_trong(period)}, có {count2(units)} đơn vị gửi, nhận văn bản điện tử trên môi trường mạng."
        )
    return sentences


# --------------------------------------------------------------------------- training


def training_sentences(table: pd.DataFrame, period, *, office: str = "Văn phòng") -> list[str]:
    """Training plan fulfilment: "đã cử đi đào tạo, bồi dưỡng 30/51 lượt …, đạt 59% kế hoạch".

    The plan's figures count from the start of the year; for a period that
    starts later (a quarter, a month, the second half) they are written as
    "lũy kế từ đầu năm", with the period's own figure beside them.
    """
    planned = _n(table, "dt_planned")
    sent = _n(table, "dt_sent")
    unplanned = _n(table, "dt_unplanned")
    sentences = []
    if planned:
        rate = value(table, "dt_rate_plan")
        shown = pct(rate, rate_decimals("dt_rate_plan"))
        if sent and is_year_to_date(period):
            own = _n(table, "dt_sent_planned_in_period")
            own_text = (
                f"riêng {period_phrase(period)} đã cử {count2(own)} lượt theo kế hoạch"
                if own
                else f"riêng {period_phrase(period)} chưa cử thêm lượt nào theo kế hoạch"
            )
            sentences.append(
                f"Lũy kế từ đầu năm đến {end_phrase(period)}, {office} đã cử đi đào tạo, "
                f"bồi dưỡng {count2(sent)}/{count2(planned)} lượt công chức, viên chức, "
                f"đạt {shown} kế hoạch năm; {own_text}."
            )
        elif sent:
            sentences.append(
                f"{_trong(period)}, {office} đã cử đi đào tạo, bồi dưỡng "
                f"{count2(sent)}/{count2(planned)} lượt công chức, viên chức, "
                f"đạt {shown} kế hoạch."
            )
        else:
            sentences.append(
                f"{_trong(period)}, {office} chưa cử công chức, viên chức đi đào tạo, "
                f"bồi dưỡng theo kế hoạch ({count2(planned)} lượt theo kế hoạch)."
            )
    elif _n(table, "dt_sent_in_period") == 0:
        sentences.append(f"{_trong(period)}, {office} không cử công chức, viên chức đi đào tạo, bồi dưỡng.")
    if unplanned:
        sentences.append(
            f"{_trong(period)}, {office} cử thêm {count2(unplanned)} lượt đi đào tạo, "
            f"bồi dưỡng ngoài kế hoạch."
        )
    return sentences


# --------------------------------------------------------------------------- key figures


@dataclass(frozen=True)
class KeyFigureSentence:
    """A sentence made from hand-entered key figures.

    ``template`` uses ``{p}`` (the period phrase), ``{end}`` ("ngày 31/12/2021", for
    stock figures), ``{office}`` and one field
    per code (formatted by the code's unit); it is used only when every code
    in ``codes`` has a value. ``zero`` is used instead when the first code is 0.
    ``rates`` are catalogue rates derived from the codes (``{ct_rate_…}`` fields);
    a rate of nothing (its base is 0) reads "không phát sinh".
    """

    section: str
    codes: tuple[str, ...]
    template: str
    zero: str = ""
    rates: tuple[str, ...] = ()


KEY_FIGURE_SENTENCES: tuple[KeyFigureSentence, ...] = (
    KeyFigureSentence(
        "I",
        ("ct_cchc_docs_issued",),
        "Trong {p}, {office} đã ban hành {ct_cchc_docs_issued} văn bản liên quan "
        "công tác cải cách hành chính.",
        "Trong {p}, {office} chưa ban hành văn bản mới về công tác cải cách hành chính.",
    ),
    KeyFigureSentence(
        "I",
        ("ct_units_inspected", "ct_units_total"),
        "Trong {p}, đối tượng được kiểm tra công tác cải cách hành chính gồm "
        "{ct_units_inspected}/{ct_units_total} đơn vị, đạt tỷ lệ {ct_rate_units_inspected}.",
        "Trong {p}, {office} chưa tổ chức kiểm tra công tác cải cách hành chính tại các đơn vị.",
        rates=("ct_rate_units_inspected",),
    ),
    KeyFigureSentence(
        "I",
        ("ct_propaganda_sessions", "ct_propaganda_attendees"),
        "Trong {p}, {office} đã tổ chức {ct_propaganda_sessions} buổi tuyên truyền, "
        "phổ biến về cải cách hành chính với {ct_propaganda_attendees} lượt người tham dự.",
        "Trong {p}, {office} chưa tổ chức buổi tuyên truyền tập trung về cải cách hành chính.",
    ),
    KeyFigureSentence(
        "I",
        ("ct_initiatives_registered", "ct_initiatives_cchc"),
        "Trong {p}, {office} có {ct_initiatives_registered} sáng kiến cơ sở được đăng ký, "
        "trong đó có {ct_initiatives_cchc} giải pháp liên quan công tác cải cách hành chính.",
    ),
    KeyFigureSentence(
        "II.1",
        ("ct_legal_docs_issued",),
        "Trong {p}, {office} phối hợp với các sở chuyên môn thẩm định trình UBND tỉnh "
        "ban hành {ct_legal_docs_issued} văn bản quy phạm pháp luật.",
        "Trong {p}, không có văn bản quy phạm pháp luật được trình ban hành.",
    ),
    KeyFigureSentence(
        "II.1",
        ("ct_legal_docs_received",),
        "Trong {p}, {office} đã tiếp nhận {ct_legal_docs_received} văn bản quy phạm "
        "pháp luật của Trung ương và các tỉnh ban hành và kịp thời triển khai đến các "
        "sở, ngành, huyện, thành phố theo quy định.",
    ),
    KeyFigureSentence(
        "II.2",
        ("ct_procedures_total", "ct_procedure_fields"),
        "Đến {end}, có {ct_procedure_fields} lĩnh vực với {ct_procedures_total} thủ tục "
        "hành chính được công khai theo cơ chế một cửa.",
    ),
    KeyFigureSentence(
        "II.2",
        ("ct_procedures_new", "ct_procedures_abolished"),
        "Trong {p}, đã công bố mới {ct_procedures_new} thủ tục và bãi bỏ "
        "{ct_procedures_abolished} thủ tục hành chính.",
    ),
    KeyFigureSentence(
        "II.2",
        ("ct_feedback_received",),
        "Trong {p}, {office} đã tiếp nhận {ct_feedback_received} phản ánh, kiến nghị về quy định hành chính.",
        "Trong {p}, {office} không phát sinh phản ánh, kiến nghị về quy định hành chính.",
    ),
    KeyFigureSentence(
        "II.2",
        ("ct_feedback_accounts",),
        "Trong {p}, {office} duy trì {ct_feedback_accounts} tài khoản trên Cổng Dịch vụ "
        "công quốc gia để tiếp nhận, xử lý phản ánh, kiến nghị.",
    ),
    KeyFigureSentence(
        "II.3",
        ("ct_org_departments", "ct_org_boards", "ct_org_centres", "ct_org_public_units"),
        "Đến {end}, {office} có {ct_org_departments} phòng, {ct_org_boards} ban, "
        "{ct_org_centres} trung tâm và {ct_org_public_units} đơn vị sự nghiệp.",
    ),
    KeyFigureSentence(
        "II.3",
        (
            "ct_staff_quota",
            "ct_staff_admin",
            "ct_staff_public_service",
            "ct_staff_contract_service",
            "ct_staff_contract_68",
        ),
        "Đến {end}, tổng số biên chế được giao là {ct_staff_quota} người, trong đó "
        "{ct_staff_admin} biên chế hành chính; {ct_staff_public_service} biên chế sự "
        "nghiệp; {ct_staff_contract_service} hợp đồng lao động trong đơn vị sự nghiệp và "
        "{ct_staff_contract_68} hợp đồng lao động theo Nghị định số 68/2000/NĐ-CP.",
    ),
    KeyFigureSentence(
        "II.4",
        ("ct_appointment_decisions", "ct_appointment_cases"),
        "Trong {p}, đã ban hành {ct_appointment_decisions} quyết định điều động, bổ "
        "nhiệm, bổ nhiệm lại cho {ct_appointment_cases} trường hợp.",
    ),
    KeyFigureSentence(
        "II.4",
        ("ct_salary_raise_early", "ct_salary_raise_regular"),
        "Trong {p}, đã nâng lương trước hạn cho {ct_salary_raise_early} trường hợp, "
        "nâng lương thường xuyên cho {ct_salary_raise_regular} trường hợp.",
    ),
    KeyFigureSentence(
        "II.4",
        ("ct_disciplined",),
        "Trong {p}, có {ct_disciplined} cán bộ, công chức, viên chức bị kỷ luật.",
        "Trong {p}, không có cán bộ, công chức, viên chức bị kỷ luật.",
    ),
    KeyFigureSentence(
        "II.6",
        ("ct_it_trainees_province", "ct_it_trainees_district"),
        "Trong {p}, đã tập huấn, hướng dẫn sử dụng hệ thống thông tin báo cáo cho "
        "{ct_it_trainees_province} đại biểu cấp tỉnh và {ct_it_trainees_district} đại "
        "biểu cấp huyện.",
    ),
    KeyFigureSentence(
        "II.6",
        ("ct_public_services_integrated",),
        "Trong {p}, đã tích hợp {ct_public_services_integrated} dịch vụ công lên Cổng Dịch vụ công quốc gia.",
    ),
    KeyFigureSentence(
        "II.6",
        ("ct_web_posts", "ct_web_news", "ct_web_articles"),
        "Trong {p}, Trang thông tin điện tử đã đăng tải {ct_web_posts} tin, bài (trong đó "
        "{ct_web_news} tin, {ct_web_articles} bài).",
    ),
    KeyFigureSentence(
        "II.6",
        ("ct_it_spending",),
        "Trong {p}, tổng mức đầu tư từ ngân sách chi cho mua sắm trang thiết bị, phần "
        "mềm là: {ct_it_spending}.",
    ),
    KeyFigureSentence(
        "II.6",
        ("ct_email_usage_rate",),
        "Trong {p}, tỷ lệ sử dụng hộp thư điện tử công vụ tại {office} là {ct_email_usage_rate}.",
    ),
    KeyFigureSentence(
        "II.6",
        ("ct_iso_items_done", "ct_iso_items_total"),
        "Trong {p}, {office} đã thực hiện được {ct_iso_items_done}/{ct_iso_items_total} "
        "nội dung của kế hoạch ISO 9001:2015 đúng tiến độ.",
    ),
    KeyFigureSentence(
        "II.6",
        ("ct_satisfaction_rate",),
        "Trong {p}, tỷ lệ hài lòng của tổ chức, cá nhân đạt {ct_satisfaction_rate}.",
    ),
)


def _fmt_key(code: str, v: float) -> str:
    """A key figure by its catalogue unit: money, percent or a count."""
    unit = catalogue.unit(code)
    if unit == "đồng":
        return money(v)
    if unit == "%":
        return pct(v, rate_decimals(code))
    return count2(v)


def key_figure_sentences(
    table: pd.DataFrame, period, section: str, *, office: str = "Văn phòng"
) -> list[str]:
    """The key-figure sentences of one section whose figures are all present."""
    out = []
    for spec in KEY_FIGURE_SENTENCES:
        if spec.section != section:
            continue
        values = {c: value(table, c) for c in spec.codes}
        if any(is_missing(v) for v in values.values()):
            continue
        fields = {c: _fmt_key(c, v) for c, v in values.items()}
        fields.update(p=period_phrase(period), office=office, end=end_phrase(period))
        for rate in spec.rates:
            v = value(table, rate)
            fields[rate] = NOT_ARISEN if is_missing(v) else _fmt_key(rate, v)
        template = spec.zero if (spec.zero and values[spec.codes[0]] == 0) else spec.template
        text = template.format(**fields)
        out.append(text[0].upper() + text[1:])
    return out
