"""Assemble the period's report in the reference's structure, as a neutral block model.

I. Công tác chỉ đạo, điều hành CCHC; II. Kết quả thực hiện (1 … 6); III. Đánh
giá chung; IV. Giải pháp, nhiệm vụ kỳ tới; "Nơi nhận", signature; annexes.
Each section takes the staff's narrative when the period's narrative file has
it, else the sentences generated from the indicators. Both the HTML page
(:mod:`cchc.report.html`) and the Word writer (:mod:`cchc.report.docx_writer`)
render the resulting :class:`~cchc.report.model.ReportDocument`.

``build_report`` computes the indicators; :func:`assemble` does the rest from
tidy indicator tables only, so it can be tested on hand-made tables.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..settings import ReportSettings
from . import sentences as S
from .annexes import all_annexes
from .model import Block, BulletList, Closing, Heading, Paragraph, ReportDocument, ReportHeader
from .narrative import Narrative, Resolver, load_narrative

#: Task sources whose tasks section I.5 of the reference reports on.
GOVERNMENT_SOURCES = ("Chính phủ", "Thủ tướng Chính phủ")

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

EMPTY_SECTION = "Trong {p}, chưa có nội dung báo cáo cho mục này."


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


def plan_groups(table: pd.DataFrame, settings: ReportSettings) -> list[str]:
    """The office's own plans among the tasks' ``assigning_doc`` groups.

    A plan is the office's when its symbol ends like the report's own symbol:
    report "BC-VP" -> plans "…/KH-VP".
    """
    suffix = settings.doc_symbol.split("-", 1)[1] if "-" in settings.doc_symbol else ""
    docs = pd.Series(S.groups(table, "nv_total", "assigning_doc"), dtype="string")
    if not suffix or docs.empty:
        return []
    mask = docs.str.contains(rf"/KH-{re.escape(suffix)}\b", regex=True)
    return docs[mask.fillna(False)].tolist()


def _paragraphs(lines: list[str]) -> list[Block]:
    return [Paragraph.of(s) for s in lines]


def overall_sentences(table: pd.DataFrame, period) -> list[str]:
    """Section III when staff wrote none: the headline rates in one sentence."""
    parts = []
    timely = S.value(table, "hs_rate_timely")
    if not pd.isna(timely):
        parts.append(f"tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn đạt {S.pct(timely, 2)}")
    done = S.value(table, "nv_rate_completed")
    if not pd.isna(done):
        parts.append(f"tỷ lệ nhiệm vụ được giao đã hoàn thành đạt {S.pct(done, 0)}")
    electronic = S.value(table, "vb_rate_electronic")
    if not pd.isna(electronic):
        parts.append(f"tỷ lệ văn bản điện tử đạt {S.pct(electronic, 0)}")
    if not parts:
        return []
    text = "; ".join(parts)
    return [f"Trong {S.period_phrase(period)}, {text}."]


def next_sentences(table: pd.DataFrame, period) -> list[str]:
    """Section IV when staff wrote none: what the figures leave to do."""
    out = []
    overdue_tasks = S._n(table, "nv_in_progress_overdue")
    doing = S._n(table, "nv_in_progress")
    if overdue_tasks:
        out.append(f"Tập trung hoàn thành {S.count2(overdue_tasks)} nhiệm vụ đã trễ hạn tính đến "
                   f"hết {S.period_phrase(period)}.")
    if doing > overdue_tasks:
        out.append(f"Tiếp tục thực hiện {S.count2(doing - overdue_tasks)} nhiệm vụ đang trong hạn "
                   f"tính đến hết {S.period_phrase(period)}.")
    overdue_dossiers = S._n(table, "hs_pending_overdue")
    if overdue_dossiers:
        out.append(f"Giải quyết dứt điểm {S.count2(overdue_dossiers)} hồ sơ quá hạn tính đến hết "
                   f"{S.period_phrase(period)}.")
    out.append("Tiếp tục triển khai các nhiệm vụ cải cách hành chính theo kế hoạch đã ban hành.")
    return out


def _generated(key: str, table: pd.DataFrame, gov: pd.DataFrame, period,
               settings: ReportSettings, plans: list[str]) -> list[Block]:
    office = settings.short_name
    figures = S.key_figure_sentences(table, period, key, office=office)
    if key == "mo_dau":
        return _paragraphs([f"{settings.short_name} báo cáo kết quả thực hiện công tác cải cách "
                            f"hành chính {period.label}, cụ thể như sau:"])
    if key == "I":
        return _paragraphs([
            *figures,
            *S.plan_sentences(table, period, plans),
            *S.task_sentences(gov, period, sources=GOVERNMENT_SOURCES,
                              assignee=assignee_of(settings)),
        ])
    if key == "II.2":
        items = S.dossier_field_items(table)
        lead = S.dossier_sentences(table, period, office=office)
        if items:
            lead[-1] += " Trong đó:"
        blocks: list[Block] = _paragraphs(lead)
        if items:
            blocks.append(BulletList.of(items))
        return blocks + _paragraphs(figures)
    if key == "II.4":
        return _paragraphs([*S.training_sentences(table, period, office=office), *figures])
    if key == "II.6":
        return _paragraphs([*S.document_sentences(table, period, office=office), *figures])
    if key == "III":
        return _paragraphs(overall_sentences(table, period) or figures)
    if key == "IV":
        return _paragraphs(next_sentences(table, period))
    if key == "ket_thuc":
        return _paragraphs([f"Trên đây là Báo cáo kết quả thực hiện công tác cải cách hành chính "
                            f"{period.label} của {settings.short_name}./."])
    return _paragraphs(figures or [EMPTY_SECTION.format(p=S.period_phrase(period))])


def make_resolver(table: pd.DataFrame, gov: pd.DataFrame, period,
                  settings: ReportSettings, plans: list[str]) -> Resolver:
    """Placeholders' sources: the tables, the catalogue and the generated sentences."""
    office = settings.short_name
    return Resolver(
        table=table,
        period=period,
        known_codes=_catalogue_codes(),
        sentences={
            "dossiers": lambda: S.dossier_sentences(table, period, office=office),
            "tasks": lambda: S.task_sentences(gov, period, sources=GOVERNMENT_SOURCES,
                                              assignee=assignee_of(settings)),
            "plans": lambda: S.plan_sentences(table, period, plans),
            "documents": lambda: S.document_sentences(table, period, office=office),
            "training": lambda: S.training_sentences(table, period, office=office),
        },
        lists={"dossier_fields": lambda: S.dossier_field_items(table)},
    )


def _place_date(settings: ReportSettings, issued: pd.Timestamp | None) -> str:
    place = settings.place or "……"
    if issued is None:
        return f"{place}, ngày      tháng      năm      "
    return f"{place}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}"


def assemble(table: pd.DataFrame, gov: pd.DataFrame, period, *, settings: ReportSettings,
             narrative: Narrative, issued: pd.Timestamp | None = None) -> ReportDocument:
    """The report from the period's tidy table and the government-tasks table."""
    plans = plan_groups(table, settings)
    body: list[Block] = []

    def section(key: str) -> list[Block]:
        return narrative.sections.get(key) or _generated(key, table, gov, period, settings, plans)

    body += section("mo_dau")
    for key in ("I", "II", "II.1", "II.2", "II.3", "II.4", "II.5", "II.6", "III", "IV"):
        level, default = SECTION_TITLES[key]
        title = narrative.titles.get(key)
        if title:
            prefix = default.split(" ", 1)[0]
            title = f"{prefix} {title}"
        body.append(Heading(level, title or default))
        if key != "II":
            body += section(key)
    body += section("ket_thuc")
    header = ReportHeader(
        superior_body=settings.superior_body,
        org_name=settings.org_name,
        number_symbol=f"Số: {settings.doc_number or '      '}/{settings.doc_symbol}",
        place_date=_place_date(settings, issued),
        title="BÁO CÁO",
        summary=f"Kết quả thực hiện công tác cải cách hành chính {period.label}",
        range_label=f"({period.range_label})",
    )
    closing = Closing(recipients=settings.recipients, signer_titles=settings.signer_titles,
                      signer_name=settings.signer_name)
    notices = [n for n in (settings.notice, *narrative.notices) if n]
    return ReportDocument(period_code=period.code, period_label=period.label, header=header,
                          body=body, closing=closing, annexes=list(all_annexes(table, period)),
                          notices=notices, issued=issued)


def government_tasks(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The tasks whose source is the Government or the Prime Minister."""
    tasks = frames["nhiem_vu"]
    return tasks[tasks["source"].isin(GOVERNMENT_SOURCES).fillna(False)]


def build_report(frames: Mapping[str, pd.DataFrame], period, *, settings: ReportSettings | None,
                 narrative_dir: Path | str | None, cutoff: str | None = None,
                 issued: pd.Timestamp | None = None) -> ReportDocument:
    """Compute the period's indicators and assemble its report.

    Parameters
    ----------
    frames : the validated frames of :func:`cchc.loading.load_data`.
    period : a period code ("2022-H1") or a :class:`cchc.periods.Period`.
    settings : the office's :class:`~cchc.settings.ReportSettings`; None = neutral defaults.
    narrative_dir : folder of ``<period-code>.md`` files (None or missing = generated text only).
    cutoff : date convention when ``period`` is a code ("calendar" or "decree09").
    issued : the date printed after the place; None leaves it blank for the signer.
    """
    from ..indicators import compute, task_indicators
    from ..periods import parse_period

    if isinstance(period, str):
        period = parse_period(period, cutoff=cutoff) if cutoff else parse_period(period)
    if settings is None:
        settings = ReportSettings(notice="Chưa có cấu hình báo cáo: dùng giá trị mặc định. "
                                         "(No report settings: neutral defaults used.)")
    table = compute(frames, period, breakdowns=True)
    gov = task_indicators(government_tasks(frames), period)
    plans = plan_groups(table, settings)
    resolver = make_resolver(table, gov, period, settings, plans)
    narrative = load_narrative(narrative_dir, period.code, resolver)
    return assemble(table, gov, period, settings=settings, narrative=narrative, issued=issued)
