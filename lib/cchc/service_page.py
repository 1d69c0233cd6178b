"""What the "Chỉ số phục vụ (766)" page and the report section show: cards and tables, formatted.

The figures come from :mod:`cchc.indicators.scorecard` (rates from the
indicator table, scored against the settings of :mod:`cchc.service_index`);
this module only formats them (vi-VN numbers, "không tính được từ dữ liệu"
for what the data cannot support, never 0) and escapes every text.
"""

from __future__ import annotations

import pandas as pd

from .formatting import fmt_number, fmt_pct
from .indicators.scorecard import NOT_COMPUTABLE, biggest_losses, group_totals, overall, scorecard
from .service_index import ServiceIndexSettings, load_service_index
from .tables import Html, HtmlTable, html_table
from .templating import Card, Change, render

#: Columns of the sub-indicator table.
CARD_HEADERS = [
    "Nhóm",
    "Mã",
    "Chỉ số thành phần",
    "Giá trị",
    "Mục tiêu",
    "Điểm tối đa",
    "Điểm đạt",
    "Điểm bị mất",
]


def points_text(value) -> str:
    """Points as the page writes them: ``19,39``, ``6``; ``–`` when not computable.

    >>> points_text(19.389), points_text(6.0), points_text(float("nan"))
    ('19,39', '6', '–')
    """
    if value is None or pd.isna(value):
        return "–"
    return fmt_number(float(value), 2, trim=True)


def total_text(points, computable_points) -> str:
    """``"35,39 / 36 điểm tính được"`` (points earned / points of the computable sub-indicators).

    >>> total_text(35.3895, 36.0)
    '35,39 / 36 điểm tính được'
    >>> total_text(float("nan"), 0.0)
    '0 / 0 điểm tính được'
    """
    earned = 0.0 if pd.isna(points) else float(points)
    computable = fmt_number(float(computable_points), 2, trim=True)
    return f"{fmt_number(earned, 2, trim=True)} / {computable} điểm tính được"


def _rate_texts(card: pd.DataFrame) -> list[str]:
    return [fmt_pct(v, 2) if ok else NOT_COMPUTABLE for v, ok in zip(card["value"], card["computable"])]


def summary_cards(card: pd.DataFrame, settings: ServiceIndexSettings) -> Html:
    """One card for the total and one per group: points earned over points computable."""
    total = overall(card).iloc[0]
    groups = group_totals(card, settings)
    not_done = int(total["n_not_computable"])
    cards = [
        Card(
            "Tổng điểm (trên 100 điểm của Bộ chỉ số)",
            total_text(total["points"], total["computable_points"]),
            code="766",
            changes=(Change(f"{not_done} chỉ số thành phần {NOT_COMPUTABLE}"),),
        )
    ]
    for code, label, max_points, points, computable, n, n_computable in zip(
        groups["group_code"],
        groups["group_label"],
        groups["max_points"],
        groups["points"],
        groups["computable_points"],
        groups["n"],
        groups["n_computable"],
    ):  # five groups
        value = total_text(points, computable) if n_computable else NOT_COMPUTABLE
        cards.append(
            Card(
                f"{label} ({points_text(max_points)} điểm)",
                value,
                code=str(code),
                changes=(Change(f"{n_computable}/{n} chỉ số tính được"),),
            )
        )
    return Html(str(render("components/cards.html.j2", cards=cards, css_class="cards")))


def scorecard_frame(card: pd.DataFrame) -> pd.DataFrame:
    """The sub-indicators of one card (one breakdown group), formatted, in settings order."""
    return pd.DataFrame(
        {
            "Nhóm": card["group_label"].to_numpy(),
            "Mã": card["code"].to_numpy(),
            "Chỉ số thành phần": card["label"].to_numpy(),
            "Giá trị": _rate_texts(card),
            "Mục tiêu": [fmt_pct(t, 0 if float(t).is_integer() else 2) for t in card["target"]],
            "Điểm tối đa": [points_text(v) for v in card["max_points"]],
            "Điểm đạt": [points_text(v) for v in card["points"]],
            "Điểm bị mất": [points_text(v) for v in card["points_lost"]],
        },
        columns=CARD_HEADERS,
    )


def scorecard_table(card: pd.DataFrame) -> HtmlTable:
    """Every sub-indicator with value, target, points and points lost."""
    return html_table(
        scorecard_frame(card),
        formats={c: "figure" for c in CARD_HEADERS[3:]} | {c: "text" for c in CARD_HEADERS[:3]},
        caption="Các chỉ số thành phần",
        caption_hidden=True,
    )


def losses_table(card: pd.DataFrame) -> HtmlTable:
    """Computable sub-indicators that lost points, the biggest loss first."""
    lost = biggest_losses(card)
    lost = lost[lost["points_lost"] > 0]
    return html_table(
        scorecard_frame(lost),
        formats={c: "figure" for c in CARD_HEADERS[3:]} | {c: "text" for c in CARD_HEADERS[:3]},
        caption="Chỉ số thành phần bị mất điểm, mất nhiều nhất trước",
        empty_text="Không có chỉ số thành phần tính được nào bị mất điểm.",
    )


def breakdown_frame(card: pd.DataFrame, group_header: str) -> pd.DataFrame:
    """One row per unit (or field): points, points lost and the sub-indicator that costs most.

    Rows: the most points lost first, then Vietnamese order of the group (the
    order the table already has).
    """
    if card.empty:
        return pd.DataFrame(columns=[group_header, "Điểm đạt", "Điểm bị mất", "Mất nhiều điểm nhất"])
    totals = overall(card)
    worst = biggest_losses(card).drop_duplicates("group")
    worst = worst[worst["points_lost"] > 0].set_index("group")
    names = worst["code"] + " " + worst["label"] + " (−" + worst["points_lost"].map(points_text) + ")"
    totals = totals.sort_values("points_lost", ascending=False, kind="stable")
    return pd.DataFrame(
        {
            group_header: totals["group"].to_numpy(),
            "Điểm đạt": [total_text(p, c) for p, c in zip(totals["points"], totals["computable_points"])],
            "Điểm bị mất": [points_text(v) for v in totals["points_lost"]],
            "Mất nhiều điểm nhất": names.reindex(totals["group"]).fillna("–").to_numpy(),
        }
    )


def breakdown_table(card: pd.DataFrame, group_header: str) -> HtmlTable:
    """:func:`breakdown_frame` as an HTML table."""
    frame = breakdown_frame(card, group_header)
    return html_table(
        frame,
        formats={
            group_header: "text",
            "Điểm đạt": "figure",
            "Điểm bị mất": "figure",
            "Mất nhiều điểm nhất": "text",
        },
        caption=f"Điểm theo {group_header[:1].lower()}{group_header[1:]}",
        empty_text="Không có số liệu trong kỳ.",
    )


def scorecard_markdown(card: pd.DataFrame, title: str) -> str:
    """One card as Markdown: a heading with the total, then every sub-indicator (``cchc scorecard``).

    >>> c = pd.DataFrame({"group": [""], "group_label": ["Tiến độ"], "code": ["2.1"], "label": ["Đúng hạn"],
    ...                   "value": [95.0], "target": [100.0], "max_points": [20.0], "points": [19.0],
    ...                   "points_lost": [1.0], "computable": [True]})
    >>> lines = scorecard_markdown(c, "2022-H1").splitlines()
    >>> lines[0], lines[3]
    ('### 2022-H1: 19 / 20 điểm tính được', '| 2.1 | Đúng hạn | 95% | 100% | 20 | 19 | 1 |')
    """
    total = overall(card).iloc[0]
    frame = scorecard_frame(card).drop(columns="Nhóm")
    lines = [
        f"### {title}: {total_text(total['points'], total['computable_points'])}",
        "| " + " | ".join(frame.columns) + " |",
        "|" + "---|" * len(frame.columns),
    ]
    cells = frame.astype(str)
    rows = "| " + cells[frame.columns[0]]
    for column in frame.columns[1:]:  # seven columns, every row at once
        rows = rows + " | " + cells[column]
    return "\n".join([*lines, *(rows + " |")])


def sources_note(settings: ServiceIndexSettings) -> str:
    """Which settings files the targets come from, and which values are unconfirmed defaults."""
    files = ", ".join(p.name for p in settings.sources)
    defaults = [i.code for i in settings.items if i.is_default]
    text = (
        f"Điểm, mục tiêu và nguồn số liệu theo Quyết định 766/QĐ-TTg ngày 23/6/2022, cấu hình trong "
        f"{files}. Đạt hoặc vượt mục tiêu được đủ điểm; thấp hơn được điểm × tỷ lệ ÷ mục tiêu. "
        f"Chỉ số mà dữ liệu của cơ quan không có ghi “{NOT_COMPUTABLE}” và không tính vào tổng."
    )
    if defaults:
        text += (
            " Các chỉ số " + ", ".join(defaults) + " dùng điểm hoặc mục tiêu mặc định chưa đối chiếu "
            "được với văn bản gốc (xem docs/chi-so-766.md)."
        )
    return text


def summary_sentence(card: pd.DataFrame, label: str, office: str = "cơ quan") -> str:
    """One sentence for the report: the total and the sub-indicator that costs most.

    >>> c = pd.DataFrame({"group": ["", ""], "code": ["2.1", "3.3"], "label": ["Đúng hạn", "Trực tuyến"],
    ...                   "points": [19.0, 3.0], "max_points": [20.0, 6.0], "points_lost": [1.0, 3.0],
    ...                   "computable": [True, True]})
    >>> summary_sentence(c, "06 tháng đầu năm 2022", "Văn phòng")
    'Theo Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg), trong 06 tháng đầu năm 2022 Văn phòng tự đánh giá đạt 22 / 26 điểm tính được từ dữ liệu; mất nhiều điểm nhất ở chỉ số “Trực tuyến” (mất 3 điểm).'
    """  # noqa: E501 - long text kept whole (doctest output, narrative, JavaScript)
    total = overall(card).iloc[0]
    text = (
        f"Theo Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg), trong {label} {office} "
        f"tự đánh giá đạt {total_text(total['points'], total['computable_points'])} từ dữ liệu"
    )
    lost = biggest_losses(card)
    lost = lost[lost["points_lost"] > 0]
    if not lost.empty:
        worst = lost.iloc[0]
        lost_points = points_text(worst["points_lost"])
        text += f"; mất nhiều điểm nhất ở chỉ số “{worst['label']}” (mất {lost_points} điểm)"
    return text + "."


def service_sentences(
    table: pd.DataFrame, period, settings: ServiceIndexSettings | None = None, office: str = "cơ quan"
) -> list[str]:
    """The report's scorecard sentence for the period (section II.2, ``{{sentence:chi_so_766}}``).

    ``settings`` None uses the shipped defaults. No sentence when no
    sub-indicator is computable (nothing to say rather than "0 / 0").
    """
    settings = settings if settings is not None else load_service_index(None)
    card = scorecard(table, settings, period.end.year)
    if not card["computable"].any():
        return []
    label = str(period.label)
    return [summary_sentence(card, label[:1].lower() + label[1:], office)]
