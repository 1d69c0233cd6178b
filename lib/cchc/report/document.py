"""Assemble the period's report in the reference's structure, as a neutral block model.

I. Công tác chỉ đạo, điều hành CCHC; II. Kết quả thực hiện (1 … 6); III. Đánh
giá chung; IV. Giải pháp, nhiệm vụ kỳ tới; "Nơi nhận", signature; annexes.
Each section takes the staff's narrative when the period's narrative file has
it, else the sentences generated from the indicators. Both the HTML page
(:mod:`cchc.report.html`) and the Word writer (:mod:`cchc.report.docx_writer`)
render the resulting :class:`~cchc.report.model.ReportDocument`.

``build_report`` reads the period bundle (:mod:`cchc.indicators.bundle`, where
every figure is computed once); :func:`assemble` does the rest from tidy
indicator tables only, so it can be tested on hand-made tables.

Data coverage: a family whose dataset has no record in the period (its data
ends before the period starts, or starts after it ends) gets one sentence
saying so instead of sentences of zeros; a period the data covers only in
part says up to which day the figures go (:mod:`cchc.coverage`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..indicators.views import GOVERNMENT_SOURCES
from ..service_index import load_service_index
from ..service_page import service_sentences
from ..settings import ReportSettings
from . import sentences as S
from .annexes import all_annexes
from .model import (
    Block,
    BulletList,
    Closing,
    Heading,
    Paragraph,
    Placeholder,
    ReportDocument,
    ReportHeader,
    Table,
)
from .narrative import Narrative, Resolver, load_narrative

#: Default section headings (level, text) in report order.
SECTION_TITLES: dict[str, tuple[int, str]] = {
    "I": (1, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"),
    "II": (1, "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH"),
    "II.1": (2, "1. Cải cách thể chế"),
    "II.2": (2, "2. Cải cách thủ tục hành chính"),
    "II.3": (2, "3. Cải cách tổ chức bộ máy"),
    "II.4": (2, "4. Cải cách chế độ công vụ"),
    "II.5": (2, "5. Cải cách tài chính công"),
    "II.6": (2, "6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
    "III": (1, "III. ĐÁNH GIÁ CHUNG"),
    "IV": (1, "IV. GIẢI PHÁP, NHIỆM VỤ KỲ TỚI"),
}

#: What the office must still write in a section without narrative or figures (Word draft only).
EMPTY_SECTION = "nội dung mục {title} {p}"

#: Dataset each generated family of sentences comes from, and how prose names it.
FAMILY_DATASETS = {
    "ho_so": "hồ sơ thủ tục hành chính",
    "nhiem_vu": "nhiệm vụ được giao",
    "van_ban": "văn bản đi, đến",
    "dao_tao": "đào tạo, bồi dưỡng",
}
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _catalogue_codes() -> frozenset[str]:
    from ..config import CATALOGUE_FILE

    try:
        return frozenset(pd.read_csv(CATALOGUE_FILE, usecols=["code"])["code"].astype(str))
    except (OSError, ValueError):
        return frozenset()


def assignee_of(settings: ReportSettings) -> str:
    """How prose names the body tasks are assigned to: "UBND TỈNH KIÊN HÒA" -> "UBND tỉnh"."""
    body = settings.superior_body.strip()
    m = re.match(r"^(UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(TỈNH|THÀNH PHỐ)\b", body, re.IGNORECASE)
    if m:
        return f"UBND {m.group(2).lower()}"
    return body


def plan_groups(
    table: pd.DataFrame,
    settings: ReportSettings,
    plan_years: Mapping[str, int] | None = None,
    year: int | None = None,
) -> list[str]:
    """The office's own plans among the tasks' ``assigning_doc`` groups, for the period's year.

    A plan is the office's when its symbol ends like the report's own symbol:
    report "BC-VP" -> plans "…/KH-VP". With ``plan_years`` (plan -> the year
    it is for, :func:`cchc.indicators.tasks.plan_years`) and ``year``, only
    the plans of that year are kept (a 2023 plan signed in December 2022 is
    not the 2022 plan).
    """
    suffix = settings.doc_symbol.split("-", 1)[1] if "-" in settings.doc_symbol else ""
    docs = pd.Series(S.groups(table, "nv_total", "assigning_doc"), dtype="string")
    if not suffix or docs.empty:
        return []
    mask = docs.str.contains(rf"/KH-{re.escape(suffix)}\b", regex=True).fillna(False)
    if plan_years is not None and year is not None:
        mask &= docs.map(lambda d: plan_years.get(d) == year).astype(bool)
    return docs[mask].tolist()


def _paragraphs(lines: list[str]) -> list[Block]:
    return [Paragraph.of(s) for s in lines]


def _changes(comparison: pd.DataFrame | None, code: str) -> list[tuple[float, str]]:
    """(change in points, "so với kỳ trước" …) for a rate, like with like only.

    For a year the previous period is the same period last year: one change,
    not two identical ones. Missing comparisons (data not reaching back) are
    left out.
    """
    if comparison is None or comparison.empty:
        return []
    rows = comparison[(comparison["code"] == code) & S._blank(comparison["dimension"])]
    if rows.empty:
        return []
    row = rows.iloc[0]
    same = str(row.get("previous_period", "")) == str(row.get("year_earlier_period", ""))
    out = []
    for col, words in (("change", "so với kỳ trước"), ("year_earlier_change", "so với cùng kỳ năm trước")):
        delta = row.get(col)
        if S.is_missing(delta) or (col == "year_earlier_change" and same):
            continue
        out.append((float(delta), "so với cùng kỳ năm trước" if same else words))
    return out


def _points(delta: float, code: str) -> str:
    return S.pct(abs(delta), S.rate_decimals(code)).rstrip("%")


def _rate_assessment(
    comparison, code: str, statement: str, name: str, good: list[str], bad: list[str]
) -> None:
    """The rate's statement (with its rises) to strengths, its falls to shortcomings."""
    changes = [(d, w) for d, w in _changes(comparison, code) if _points(d, code) != "0"]
    rises = [f"tăng {_points(d, code)} điểm phần trăm {w}" for d, w in changes if d > 0]
    falls = [f"giảm {_points(d, code)} điểm phần trăm {w}" for d, w in changes if d < 0]
    good.append(statement + (" (" + " và ".join(rises) + ")" if rises else "") + ".")
    if falls:
        bad.append(f"{name} {' và '.join(falls)}.")


def assessment_blocks(
    table: pd.DataFrame,
    period,
    comparison: pd.DataFrame | None = None,
    uncovered: frozenset[str] = frozenset(),
) -> list[Block]:
    """Section III when staff wrote none: strengths and shortcomings read from the figures.

    Strengths: the timely dossier rate, the tasks completed, electronic
    documents, each with its rise against the previous period and the same
    period last year when the data reaches back. Shortcomings: dossiers
    resolved late or pending past their deadline, tasks completed late or
    open past their deadline, rates that fell. Families whose data does not
    cover the period are left out; with none covered, the office must write
    the section (a placeholder in the Word draft).
    """
    good: list[str] = []
    bad: list[str] = []
    if "ho_so" not in uncovered and S._n(table, "hs_resolved"):
        timely = S.value(table, "hs_rate_timely")
        _rate_assessment(
            comparison,
            "hs_rate_timely",
            f"Hồ sơ thủ tục hành chính được giải quyết kịp thời, tỷ lệ hồ sơ giải quyết trước hạn "
            f"và đúng hạn đạt {S.pct(timely, S.rate_decimals('hs_rate_timely'))}",
            "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn",
            good,
            bad,
        )
        late = S._n(table, "hs_resolved_late")
        overdue = S._n(table, "hs_pending_overdue")
        if late:
            bad.append(f"Còn {S.count2(late)} hồ sơ giải quyết trễ hạn.")
        if overdue:
            bad.append(
                f"Còn {S.count2(overdue)} hồ sơ đang giải quyết đã quá hạn tính đến {S.end_phrase(period)}."
            )
    if "nhiem_vu" not in uncovered and S._n(table, "nv_total"):
        done = S._n(table, "nv_completed")
        on_time = S._n(table, "nv_completed_on_time")
        if done:
            good.append(
                f"Đã hoàn thành {S.count2(done)} nhiệm vụ được giao, trong đó "
                f"{S.count2(on_time)} nhiệm vụ hoàn thành đúng hạn."
            )
        late = S._n(table, "nv_completed_late")
        overdue = S._n(table, "nv_in_progress_overdue")
        if late:
            bad.append(f"Có {S.count2(late)} nhiệm vụ hoàn thành trễ hạn.")
        if overdue:
            bad.append(
                f"Còn {S.count2(overdue)} nhiệm vụ đang thực hiện đã quá hạn tính đến {S.end_phrase(period)}."
            )
    if "van_ban" not in uncovered and S._n(table, "vb_out") + S._n(table, "vb_in"):
        rate = S.value(table, "vb_rate_electronic")
        if not S.is_missing(rate):
            _rate_assessment(
                comparison,
                "vb_rate_electronic",
                f"Việc gửi, nhận văn bản điện tử được duy trì, tỷ lệ văn bản điện tử đạt "
                f"{S.pct(rate, S.rate_decimals('vb_rate_electronic'))}",
                "Tỷ lệ văn bản điện tử",
                good,
                bad,
            )
    if not good and not bad:
        return [
            Placeholder(f"đánh giá chung {S.period_phrase(period)} (chưa có số liệu để tự động đánh giá)")
        ]
    blocks: list[Block] = []
    if good:
        blocks += [Heading(3, "a) Ưu điểm"), BulletList.of(good)]
    blocks.append(Heading(3, ("b) " if good else "a) ") + "Tồn tại, hạn chế"))
    if bad:
        blocks.append(BulletList.of(bad))
    elif not uncovered:
        blocks.append(Paragraph.of("Trong kỳ, không có hồ sơ, nhiệm vụ trễ hạn hoặc quá hạn."))
    else:
        blocks.append(Placeholder("tồn tại, hạn chế (một phần số liệu chưa bao phủ kỳ báo cáo)"))
    return blocks


def next_title(period) -> str:
    """Section IV's default title naming the next period: "… QUÝ IV/2022", "… NĂM 2023"."""
    following = period.following() if hasattr(period, "following") else None
    if following is None or following.kind == "range":
        return SECTION_TITLES["IV"][1]
    return f"IV. GIẢI PHÁP, NHIỆM VỤ TRỌNG TÂM {following.base_label.upper()}"


def next_sentences(table: pd.DataFrame, period, uncovered: frozenset[str] = frozenset()) -> list[str]:
    """Section IV when staff wrote none: what the figures leave to do in the next period.

    Tasks past their deadline, tasks still in time and regular tasks with no
    deadline are named separately.
    """
    following = period.following() if hasattr(period, "following") else None
    when = (
        f"trong {S.period_phrase(following)}"
        if following is not None and following.kind != "range"
        else "trong kỳ tới"
    )
    out = []
    if "nhiem_vu" not in uncovered:
        overdue = S._n(table, "nv_in_progress_overdue")
        not_due = S._n(table, "nv_in_progress_not_due")
        regular = S._n(table, "nv_in_progress_no_deadline")
        if overdue:
            out.append(
                f"Tập trung hoàn thành dứt điểm {S.count2(overdue)} nhiệm vụ đã quá hạn "
                f"tính đến {S.end_phrase(period)}."
            )
        if not_due:
            out.append(
                f"Tiếp tục thực hiện {S.count2(not_due)} nhiệm vụ đang trong hạn, bảo đảm "
                f"hoàn thành đúng thời hạn được giao."
            )
        if regular:
            out.append(f"Duy trì thực hiện {S.count2(regular)} nhiệm vụ thường xuyên (không có thời hạn).")
    if "ho_so" not in uncovered:
        overdue_dossiers = S._n(table, "hs_pending_overdue")
        if overdue_dossiers:
            out.append(
                f"Giải quyết dứt điểm {S.count2(overdue_dossiers)} hồ sơ quá hạn tính đến "
                f"{S.end_phrase(period)}."
            )
    out.append(f"Tiếp tục triển khai các nhiệm vụ cải cách hành chính theo kế hoạch đã ban hành {when}.")
    return out


def coverage_notes(gaps: pd.DataFrame | None, period) -> dict[str, str]:
    """Dataset -> the sentence saying how the data covers the period (only for gaps).

    "none"/"after"/"before": the dataset has no record in the period, so its
    sentences are replaced; "partial": the data ends inside the period.
    """
    notes: dict[str, str] = {}
    if gaps is None or gaps.empty:
        return notes
    from ..formatting import fmt_date

    for row in gaps.to_dict("records"):  # one row per dataset (at most four)
        name, gap = row["dataset"], row["gap"]
        what = FAMILY_DATASETS.get(name)
        if what is None:
            continue
        if gap == "none":
            notes[name] = f"Chưa có số liệu {what} để tổng hợp cho {S.period_phrase(period)}."
        elif gap == "after":
            notes[name] = (
                f"Số liệu {what} hiện chỉ có đến ngày {fmt_date(row['last'])}, chưa "
                f"bao gồm {S.period_phrase(period)}; chưa có số liệu để báo cáo."
            )
        elif gap == "before":
            notes[name] = (
                f"Số liệu {what} bắt đầu từ ngày {fmt_date(row['first'])}, sau "
                f"{S.period_phrase(period)}; chưa có số liệu để báo cáo."
            )
        else:
            notes[name] = (
                f"Số liệu {what} hiện chỉ có đến ngày {fmt_date(row['last'])}; các "
                f"số liệu dưới đây tính đến ngày đó."
            )
    return notes


def _uncovered(gaps: pd.DataFrame | None) -> frozenset[str]:
    if gaps is None or gaps.empty:
        return frozenset()
    return frozenset(gaps.loc[gaps["gap"].isin(["none", "after", "before"]), "dataset"])


@dataclasses.dataclass(frozen=True)
class _Context:
    """What the generated sections are written from."""

    table: pd.DataFrame
    gov: pd.DataFrame
    period: object
    settings: ReportSettings
    plans: list[str]
    comparison: pd.DataFrame | None = None
    notes: Mapping[str, str] = dataclasses.field(default_factory=dict)
    uncovered: frozenset[str] = frozenset()
    #: The Quyết định 766 settings (:mod:`cchc.service_index`); None = the shipped defaults.
    service_index: object = None


def _family(ctx: _Context, dataset: str, sentences) -> list[str]:
    """A family's sentences, or only the coverage note when its data misses the period."""
    note = ctx.notes.get(dataset)
    if dataset in ctx.uncovered:
        return [note] if note else []
    return ([note] if note else []) + list(sentences())


def family_sentences(ctx: _Context) -> dict[str, object]:
    """The named generated sentences (also what ``{{sentence:…}}`` placeholders insert)."""
    table, gov, period, office = ctx.table, ctx.gov, ctx.period, ctx.settings.short_name
    return {
        "dossiers": lambda: _family(ctx, "ho_so", lambda: S.dossier_sentences(table, period, office=office)),
        "tasks": lambda: _family(
            ctx,
            "nhiem_vu",
            lambda: S.task_sentences(
                gov, period, sources=GOVERNMENT_SOURCES, assignee=assignee_of(ctx.settings)
            ),
        ),
        "plans": lambda: [] if "nhiem_vu" in ctx.uncovered else S.plan_sentences(table, period, ctx.plans),
        "documents": lambda: _family(
            ctx, "van_ban", lambda: S.document_sentences(table, period, office=office)
        ),
        "training": lambda: _family(
            ctx, "dao_tao", lambda: S.training_sentences(table, period, office=office)
        ),
        "chi_so_766": lambda: (
            [] if "ho_so" in ctx.uncovered else service_sentences(table, period, ctx.service_index, office)
        ),
    }


def _generated(key: str, ctx: _Context) -> list[Block]:
    table, period, settings = ctx.table, ctx.period, ctx.settings
    office = settings.short_name
    named = family_sentences(ctx)
    figures = S.key_figure_sentences(table, period, key, office=office)
    if key == "mo_dau":
        return _paragraphs(
            [
                f"{settings.short_name} báo cáo kết quả thực hiện công tác cải cách "
                f"hành chính {period_name(period)}, cụ thể như sau:"
            ]
        )
    if key == "I":
        return _paragraphs([*figures, *named["plans"](), *named["tasks"]()])
    if key == "II.2":
        if "ho_so" in ctx.uncovered:
            return _paragraphs([*named["dossiers"](), *figures])
        items = S.dossier_field_items(table)
        lead = named["dossiers"]()
        if items:
            lead[-1] += " Trong đó:"
        blocks: list[Block] = _paragraphs(lead)
        if items:
            blocks.append(BulletList.of(items))
        return blocks + _paragraphs([*figures, *named["chi_so_766"]()])
    if key == "II.4":
        return _paragraphs([*named["training"](), *figures])
    if key == "II.6":
        return _paragraphs([*named["documents"](), *figures])
    if key == "III":
        return assessment_blocks(table, period, ctx.comparison, ctx.uncovered) + _paragraphs(figures)
    if key == "IV":
        return _paragraphs(next_sentences(table, period, ctx.uncovered))
    if key == "ket_thuc":
        return _paragraphs(
            [
                f"Trên đây là Báo cáo kết quả thực hiện công tác cải cách hành chính "
                f"{period_name(period)} của {settings.short_name}./."
            ]
        )
    if figures:
        return _paragraphs(figures)
    title = SECTION_TITLES[key][1].split(" ", 1)[1]
    return [Placeholder(EMPTY_SECTION.format(title=f"“{title}”", p=S.period_phrase(period)))]


def period_name(period) -> str:
    """The period after "kết quả … cải cách hành chính": "quý III/2022", "từ ngày … đến ngày …"."""
    phrase = S.period_phrase(period)
    return phrase[len("thời gian ") :] if phrase.startswith("thời gian ") else phrase


_OPENERS = ("", "Bên cạnh đó, ", "", "Cũng trong kỳ, ", "", "Ngoài ra, ")


def vary_openings(blocks: list[Block], period) -> list[Block]:
    """Keep "Trong ‹kỳ›, " on the first generated sentence of a section only.

    Later sentences of the section open on their subject ("Văn phòng đã …"),
    or with a linking phrase, in turn, so the report does not read as a list
    of sentences all starting with the period.
    """
    lead = f"Trong {S.period_phrase(period)}, "
    out: list[Block] = []
    seen = 0
    for block in blocks:
        if isinstance(block, Paragraph) and block.text.startswith(lead) and len(block.runs) == 1:
            if seen:
                rest = block.text[len(lead) :]
                opener = _OPENERS[(seen - 1) % len(_OPENERS)]
                text = opener + rest if opener else rest[:1].upper() + rest[1:]
                block = Paragraph.of(text[:1].upper() + text[1:])
            seen += 1
        out.append(block)
    return out


def make_resolver(
    table: pd.DataFrame,
    gov: pd.DataFrame,
    period,
    settings: ReportSettings,
    plans: list[str],
    *,
    gaps: pd.DataFrame | None = None,
    service_index=None,
) -> Resolver:
    """Placeholders' sources: the tables, the catalogue and the generated sentences."""
    ctx = _Context(
        table,
        gov,
        period,
        settings,
        plans,
        notes=coverage_notes(gaps, period),
        uncovered=_uncovered(gaps),
        service_index=service_index,
    )
    return Resolver(
        table=table,
        period=period,
        known_codes=_catalogue_codes(),
        sentences=family_sentences(ctx),
        lists={"dossier_fields": lambda: [] if "ho_so" in ctx.uncovered else S.dossier_field_items(table)},
    )


def _place_date(settings: ReportSettings, issued: pd.Timestamp | None) -> str:
    place = settings.place or "……"
    if issued is None:
        return f"{place}, ngày      tháng      năm      "
    return f"{place}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}"


def number_annexes(
    annexes: list[Table], settings: ReportSettings, issued: pd.Timestamp | None
) -> list[Table]:
    """ "Phụ lục I", "Phụ lục II" … with "(Kèm theo Báo cáo số …/BC-VP ngày …)" on each annex."""
    number = settings.doc_number or "…"
    day = f"{issued.day:02d}/{issued.month:02d}/{issued.year}" if issued is not None else "…/…/…"
    attached = f"(Kèm theo Báo cáo số {number}/{settings.doc_symbol} ngày {day})"
    return [
        dataclasses.replace(t, label=f"Phụ lục {_ROMAN[i] if i < len(_ROMAN) else i + 1}", attached=attached)
        for i, t in enumerate(annexes)
    ]


def assemble(
    table: pd.DataFrame,
    gov: pd.DataFrame,
    period,
    *,
    settings: ReportSettings,
    narrative: Narrative,
    issued: pd.Timestamp | None = None,
    comparison: pd.DataFrame | None = None,
    gaps: pd.DataFrame | None = None,
    plan_years: Mapping[str, int] | None = None,
    service_index=None,
) -> ReportDocument:
    """The report from the period's tidy table and the government-tasks table.

    ``comparison`` (:func:`cchc.indicators.compare`, totals) feeds section III's
    changes; ``gaps`` (:func:`cchc.coverage.coverage_gaps`) the coverage
    sentences; ``plan_years`` restricts the plans reported to the period's year;
    ``service_index`` the Quyết định 766 settings of section II.2's scorecard sentence.
    """
    year = getattr(getattr(period, "end", None), "year", None)
    plans = plan_groups(table, settings, plan_years, year)
    settings = settings.for_period(period) if hasattr(settings, "for_period") else settings
    ctx = _Context(
        table,
        gov,
        period,
        settings,
        plans,
        comparison,
        coverage_notes(gaps, period),
        _uncovered(gaps),
        service_index,
    )
    body: list[Block] = []

    def section(key: str) -> list[Block]:
        written = narrative.sections.get(key)
        return written if written else vary_openings(_generated(key, ctx), period)

    body += section("mo_dau")
    for key in ("I", "II", "II.1", "II.2", "II.3", "II.4", "II.5", "II.6", "III", "IV"):
        level, default = SECTION_TITLES[key]
        if key == "IV":
            default = next_title(period)
        title = narrative.titles.get(key)
        if title:
            prefix = default.split(" ", 1)[0]
            title = f"{prefix} {title}"
        body.append(Heading(level, title or default))
        if key != "II":
            body += section(key)
    body += section("ket_thuc")
    is_range = getattr(period, "kind", "") == "range"
    header = ReportHeader(
        superior_body=settings.superior_body,
        org_name=settings.org_name,
        number_symbol=f"Số: {settings.doc_number or '      '}/{settings.doc_symbol}",
        place_date=_place_date(settings, issued),
        title="BÁO CÁO",
        summary=f"Kết quả thực hiện công tác cải cách hành chính {period_name(period)}",
        range_label="" if is_range else f"({period.range_label})",
    )
    closing = Closing(
        recipients=settings.recipients, signer_titles=settings.signer_titles, signer_name=settings.signer_name
    )
    notices = [n for n in (settings.notice,) if n]
    staff = [n for n in narrative.notices if n]  # for the Word draft, run.log and data quality
    annexes = number_annexes(list(all_annexes(table, period)), settings, issued)
    annexes = [_annex_coverage(t, ctx) for t in annexes]
    return ReportDocument(
        period_code=period.code,
        period_label=period.label,
        header=header,
        body=body,
        closing=closing,
        annexes=annexes,
        notices=notices,
        staff_notes=staff,
        issued=issued,
        period_end=getattr(period, "end", None),
    )


_ANNEX_DATASETS = {
    "HỒ SƠ CÔNG VIỆC": "van_ban",
    "SỐ LƯỢNG ĐƠN VỊ": "van_ban",
    "KẾT QUẢ GIẢI QUYẾT HỒ SƠ": "ho_so",
    "KẾT QUẢ THỰC HIỆN NHIỆM VỤ": "nhiem_vu",
}


def _annex_coverage(table: Table, ctx: _Context) -> Table:
    """An annex whose dataset misses the period carries the coverage sentence as its note."""
    dataset = next((d for prefix, d in _ANNEX_DATASETS.items() if table.title.startswith(prefix)), None)
    note = ctx.notes.get(dataset) if dataset else None
    return dataclasses.replace(table, note=note) if note else table


def build_report(
    bundle,
    *,
    settings: ReportSettings | None,
    narrative_dir: Path | str | None,
    issued: pd.Timestamp | None = None,
) -> ReportDocument:
    """Assemble the report of a period bundle (:func:`cchc.indicators.bundle.build_bundle`).

    Nothing is computed here: the indicator table, the comparison, the
    government tasks' table, the coverage gaps and the plans' years all come
    from the bundle, so the report states the very figures of the pages.

    Parameters
    ----------
    bundle : the period's :class:`~cchc.indicators.bundle.PeriodBundle`.
    settings : the office's :class:`~cchc.settings.ReportSettings`; None = neutral defaults.
    narrative_dir : folder of ``<period-code>.md`` files (None or missing = generated text only).
    issued : the date printed after the place; None leaves it blank for the signer.
    """
    period = bundle.period
    if settings is None:
        settings = ReportSettings(
            notice="Chưa có cấu hình báo cáo: dùng giá trị mặc định. "
            "(No report settings: neutral defaults used.)"
        )
    table, gov, gaps = bundle.table, bundle.government, bundle.gaps
    years = bundle.plan_year_map()
    plans = plan_groups(table, settings, years, period.end.year)
    # the 766 scorecard: shipped defaults, overridden by [chi_so_766] of the settings file read
    service_index = load_service_index(settings.source.parent if settings.source else None)
    resolver = make_resolver(
        table, gov, period, settings.for_period(period), plans, gaps=gaps, service_index=service_index
    )
    narrative = load_narrative(narrative_dir, period.code, resolver)
    return assemble(
        table,
        gov,
        period,
        settings=settings,
        narrative=narrative,
        issued=issued,
        comparison=bundle.comparison,
        gaps=gaps,
        plan_years=years,
        service_index=service_index,
    )
