"""Snapshot tests of the HTML components (issue 12): a tiny canonical input → the expected HTML.

Each case renders one component from a small input (with hostile texts:
``<script>``, quotes, ``&``, ``{{ }}``) and compares it with
``tests/snapshots/<case>.html``. A change to a template or a helper that
changes the HTML fails here and shows the difference.

After an intended change, rewrite the snapshots, read the diff, and commit
them with the change::

    CCHC_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_component_snapshots.py -q
    git diff tests/snapshots/
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from cchc import pages, unit_comparison
from cchc.periods import parse_period
from cchc.publish import html_page
from cchc.render import table_of_contents
from cchc.report.html import render_table
from cchc.report.model import Table
from cchc.tables import html_table

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("CCHC_UPDATE_SNAPSHOTS") == "1"
EVIL = "<script>alert('x')</script> & \"{{ 7*7 }}\""
H1 = parse_period("2022-H1")


def _comparison() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["hs_received", "hs_rate_early", "hs_resolved_late"],
            "dimension": ["", "", ""],
            "group": ["", "", ""],
            "value": [566.0, 94.3463, 2.0],
            "unit": ["hồ sơ", "%", "hồ sơ"],
            "label": ["Số hồ sơ tiếp nhận", EVIL, "Số hồ sơ trễ hạn"],
            "change": [66.0, -1.2, float("nan")],
            "year_earlier_change": [-10.0, 0.0, 1.0],
        }
    )


def _indicator_table() -> pd.DataFrame:
    codes = ["hs_received", "hs_rate_timely", "nv_total", "vb_out", "vb_out_paper", "vb_in"]
    return pd.DataFrame(
        {
            "code": codes,
            "dimension": [""] * 6,
            "group": [""] * 6,
            "value": [566.0, 99.6466, 160.0, 10593.0, 0.0, 8204.0],
            "unit": ["hồ sơ", "%", "nhiệm vụ", "văn bản", "văn bản", "văn bản"],
        }
    )


def _ranking() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rank": [1, 2],
            "unit": [EVIL, "Phòng B"],
            "on_time": [100.0, float("nan")],
            "resolved": [12, 0],
            "overdue": [0, 3],
            "online": [50.0, 12.5],
            "new": [4, 1],
        }
    )


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"Đơn vị": [EVIL, "Phòng 'A'", "Phòng B"], "Hồ sơ": [10593, 2, 0], "Tỷ lệ": [94.3463, 50.0, 0.0]}
    )


def _shell() -> str:
    page = html_page(
        "Báo cáo <thử>",
        "<p>Nội dung</p>",
        'Văn phòng & "Sở"',
        period_label="Quý I/2022",
        range_label="Từ ngày 01/01/2022 đến ngày 31/03/2022",
        generated="01/04/2022 08:00",
        unit=EVIL,
    )
    # the style sheet has its own owner; the snapshot is the shell around it
    return re.sub(r"(?s)<style>.*?</style>", "<style>…</style>", page.replace(_version(), "X.Y"))


def _version() -> str:
    import cchc

    return cchc.__version__


CASES = {
    "notice": lambda: pages.notice(EVIL, "warning"),
    "prose": lambda: pages.prose("a < b", "", EVIL),
    "heading": lambda: pages.heading(EVIL, "muc-1", 3),
    "download_link": lambda: pages.download_link("bao-cao 'x'.docx", EVIL),
    "staff_notes": lambda: pages.staff_notes_list([EVIL, "Mục 2"]),
    "table_totals": lambda: html_table(
        _frame(),
        formats={"Tỷ lệ": "pct"},
        total_label="Tổng cộng",
        total_values={"Tỷ lệ": 94.2},
        caption=EVIL,
        zero_as_dash=True,
    ),
    "table_preview": lambda: html_table(_frame(), preview_rows=2, caption="Danh sách"),
    "table_empty": lambda: html_table(_frame().iloc[0:0], empty_text=EVIL),
    "table_links": lambda: html_table(_frame()[["Đơn vị"]], links={"Đơn vị": {EVIL: "../a 'b'/index.html"}}),
    "headline_cards": lambda: pages.headline_cards(
        _comparison(),
        ["hs_received", "hs_rate_early", "hs_resolved_late", "nv_total"],
        previous_label="Quý IV/2021",
        year_earlier_label=EVIL,
    ),
    "key_cards": lambda: pages.key_cards(_indicator_table()),
    "action_block": lambda: pages.action_block(
        pd.DataFrame(
            {
                "kind": ["hồ sơ", "nhiệm vụ"],
                "count": [0, 12],
                "oldest": ["", EVIL + "x" * 130],
                "due": [pd.NaT, pd.Timestamp("2021-04-21")],
                "days": [float("nan"), 435.0],
            }
        ),
        {"nhiệm vụ": "02_nhiem_vu.html"},
    ),
    "table_of_contents": lambda: table_of_contents(
        '<h3 id="a">Trước</h3><h2 id="b">Một <a class="anchor-link" href="#b">¶</a></h2><h3 id="c">'
        '&lt;script&gt;</h3><h3 id="d">Hai &amp; ba</h3><h2 id="e">Bốn</h2><h2>không id</h2>'
    ),
    "documents_annex": lambda: pages.documents_annex(_indicator_table(), H1),
    "report_annex": lambda: render_table(
        Table(
            title=EVIL,
            frame=pd.DataFrame(
                {"Lĩnh vực": ["Đất đai", "Tổng cộng"], "Tổng số ": [127, 127], "Đúng hạn": [0, 0]}
            ),
            column_numbers=("(1)", "(2)", "(3)"),
            header_groups=(("Lĩnh vực", 1), ("Đã giải quyết", 2)),
            subtitle=("Kỳ báo cáo: 6 tháng",),
            totals=True,
            note="Ghi chú <b>",
            label="Phụ lục I",
            attached="(Kèm theo Báo cáo số …)",
        )
    ),
    "comparison_cards": lambda: unit_comparison.summary_cards(_ranking()),
    "comparison_table": lambda: unit_comparison.comparison_table(_ranking(), {EVIL: "../u1/index.html"}),
    "page_shell": _shell,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_component_matches_its_snapshot(case):
    html = str(CASES[case]())
    path = SNAPSHOTS / f"{case}.html"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(html + "\n", encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with CCHC_UPDATE_SNAPSHOTS=1 (see module docstring)"
    assert html + "\n" == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_component_escapes_hostile_text(case):
    html = str(CASES[case]())
    assert "<script>" not in html and "{{" not in html.replace("{{ 7*7 }}", "")
    assert "49" not in html  # the template engine never evaluates a label


def test_every_snapshot_has_a_case():
    """A snapshot left behind by a renamed case is an error, not dead weight."""
    assert sorted(p.stem for p in SNAPSHOTS.glob("*.html")) == sorted(CASES)
