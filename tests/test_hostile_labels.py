"""Hostile inputs on the page side (issue 14): math-text labels in charts, huge texts in tables."""

from __future__ import annotations

import io

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

from cchc import charts, pages
from cchc.tables import html_table

EVIL = r"Ban $\undefinedcommand$"


def _draw(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _hostile_table() -> pd.DataFrame:
    """Totals and breakdowns whose groups (units, fields, sources, plans…) are math-text."""
    rows = []
    for code in [
        *charts.DOSSIER_PARTS,
        *charts.TASK_PARTS,
        "hs_new",
        "hs_new_online",
        "vb_rate_electronic",
        "dt_planned",
        "dt_sent",
        "dt_rate_fulfilled",
        *[f"vb_{d}_{s}" for d in ("out", "in") for s in charts.FORM_PARTS.values()],
    ]:
        rows.append((code, "", "", 10.0))
        for dimension in ("unit", "field", "source", "assigning_doc", "training_type"):
            for i, name in enumerate([EVIL, "$$", r"$\frac{1}{$", "50$ và 60$"]):
                rows.append((code, dimension, f"{name} {i}", 3.0 + i))
    table = pd.DataFrame(rows, columns=["code", "dimension", "group", "value"])
    table["label"] = EVIL + " – " + table["code"]
    table["unit"] = ""
    return table


def _figures(table: pd.DataFrame) -> list[Figure]:
    flow = pd.DataFrame({"month": [EVIL, "$T2$", "T3/2022"], "received": [1, 2, 3], "resolved": [1, 1, 2]})
    trend = pd.DataFrame(
        {
            "code": ["hs_received", "hs_resolved"] * 2,
            "period": [EVIL, EVIL, "$x$", "$x$"],
            "label": [EVIL, "$y$"] * 2,
            "unit": ["hồ sơ"] * 4,
            "value": [1.0, 2.0, 3.0, 4.0],
        }
    )
    return [
        charts.dossier_status_chart(table, title=EVIL),
        charts.stacked_status_chart(table, "unit", charts.DOSSIER_PARTS, EVIL, xlabel="$x$"),
        charts.stacked_status_chart(table, "source", charts.TASK_PARTS, EVIL),
        charts.breakdown_bar_chart(table, "vb_rate_electronic", "unit", percent=True),
        charts.share_chart(3, 7, 30.0, EVIL, "$rest$", EVIL),
        charts.online_share_chart(table, title=EVIL),
        charts.documents_form_chart(table, title=EVIL),
        charts.training_plan_chart(table, title=EVIL),
        charts.monthly_flow_chart(flow, title=EVIL),
        charts.trend_chart(trend, ["hs_received", "hs_resolved"], EVIL),
    ]


@pytest.mark.parametrize("parse_math", [True, False], ids=["matplotlib-defaults", "report-style"])
def test_charts_draw_math_text_labels_as_plain_text(parse_math):
    table = _hostile_table()
    with matplotlib.rc_context({"text.parse_math": parse_math}):
        figures = _figures(table)
        assert len(figures) == 10
        for fig in figures:
            assert _draw(fig).startswith(b"\x89PNG")  # math-text parsing would raise ValueError
    first = figures[1]
    labels = [t.get_text() for t in first.axes[0].get_yticklabels()]
    assert any(label.startswith(EVIL) for label in labels), labels
    assert EVIL in [first.axes[0].get_title(loc=loc) for loc in ("left", "center", "right")]


def test_the_report_style_turns_math_text_off():
    with matplotlib.rc_context():
        charts.use_report_style()
        assert matplotlib.rcParams["text.parse_math"] is False
        assert matplotlib.rcParams["text.usetex"] is False


def test_a_10_mb_task_title_makes_a_small_page_with_a_note():
    title = "Nhiệm vụ " + "rất dài " * 1_310_720  # ~10 MB
    tasks = pd.DataFrame(
        {
            "title": [title, "Nhiệm vụ ngắn"],
            "unit": ["Phòng A", "Phòng B"],
            "assigned_date": pd.to_datetime(["2022-01-03", "2022-01-03"]),
            "due_date": pd.to_datetime(["2022-02-01", "2022-02-01"]),
            "completed_date": pd.to_datetime([None, None]),
        }
    )
    from cchc.indicators.views import overdue_tasks
    from cchc.periods import parse_period

    html = str(pages.overdue_table(overdue_tasks(tasks, parse_period("2022-H1"))))
    assert len(html) < 5_000
    assert "Nhiệm vụ ngắn" in html
    assert f"… (đã cắt ngắn; toàn văn {len(title):,} ký tự)".replace(",", ".") in html
    assert "rất dài " * 30 in html  # the first 300 characters are kept


def test_huge_values_in_the_data_quality_table_are_cut():
    problems = pd.DataFrame(
        {
            "severity": ["warning"],
            "file": ["a.csv"],
            "sheet": [""],
            "row": [3],
            "column": ["Nội dung"],
            "value": ["x" * 1_000_000],
            "message_vi": ["Giá trị lạ"],
            "message_en": ["Odd value"],
            "dataset": ["nhiem_vu"],
            "code": ["odd"],
        }
    )
    frame = pages.problems_table(problems)
    html = str(html_table(frame, formats={"Dòng": "int", "Giá trị": "text"}))
    assert len(html) < 5_000 and "đã cắt ngắn" in html


def test_texts_at_the_limit_are_kept_whole():
    frame = pd.DataFrame({"a": ["x" * pages.CELL_TEXT_LIMIT, None], "n": [1, 2]})
    out = pages.bounded_texts(frame)
    assert out["a"].iloc[0] == "x" * pages.CELL_TEXT_LIMIT and pd.isna(out["a"].iloc[1])
    assert out["n"].tolist() == [1, 2]


def test_hostile_texts_on_the_landing_page_stay_text():
    """Issue 12: the landing page (shell, notices, page list, downloads) escapes every text."""
    from html.parser import HTMLParser
    from types import SimpleNamespace

    from cchc.landing import landing_page
    from cchc.periods import parse_period

    evil = "<script>alert('x')</script>{{ 7*7 }}\""

    class Tags(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags, self.text = [], []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

        def handle_data(self, data):
            self.text.append(data)

    page = landing_page(
        parse_period("2022-H1"),
        [{"file": f"{evil}.html", "title": evil, "name": "x"}],
        SimpleNamespace(org_name=evil, notice=evil),
        evil,
        evil,
        [f"{evil}.docx"],
        banner=evil,
        links=((evil, evil),),
        lead="<p>lead</p>",
    )
    parsed = Tags()
    parsed.feed(page)
    assert "script" not in parsed.tags and "49" not in page
    text = "".join(parsed.text)
    assert text.count(evil) >= 8  # title, org, meta (date, unit), banner, notice, link, page, download
