"""Chart style module: pure functions, Vietnamese labels, vi-VN ticks, one palette."""

from __future__ import annotations

import io

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from cchc import charts


def _table(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["code", "dimension", "group", "value"])
    frame["label"] = frame["code"]
    frame["unit"] = ""
    return frame


DOSSIERS = _table(
    [
        ("hs_resolved_early", "", "", 534),
        ("hs_resolved_on_time", "", "", 32),
        ("hs_resolved_late", "", "", 0),
        ("hs_pending_within_deadline", "", "", 3),
        ("hs_pending_overdue", "", "", 1),
        ("hs_resolved_early", "field", "Đất đai", 120),
        ("hs_resolved_on_time", "field", "Đất đai", 7),
        ("hs_resolved_early", "field", "Xây dựng", 13),
        ("hs_resolved_late", "field", "Xây dựng", 2),
        ("hs_new", "", "", 10_593),
        ("hs_new_online", "", "", 8_817),
        ("hs_new_offline", "", "", 1_776),
        ("hs_rate_online", "", "", 100 * 8_817 / 10_593),
    ]
)


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts + ax.get_yticklabels() + ax.get_xticklabels()]


def _draw(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def test_dossier_status_chart_has_vietnamese_categories_and_data_labels():
    fig = charts.dossier_status_chart(DOSSIERS)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title() == "Tình hình giải quyết hồ sơ"
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [
        "Trước hạn",
        "Đúng hạn",
        "Trễ hạn",
        "Đang giải quyết trong hạn",
        "Đang giải quyết quá hạn",
    ]
    heights = [p.get_width() for p in ax.patches]
    assert heights == [534, 32, 0, 3, 1]
    assert [t.get_text() for t in ax.texts] == ["534", "32", "", "3", "1"]
    assert _draw(fig).startswith(b"\x89PNG")


def test_ticks_are_vi_vn():
    fmt = charts.tick_formatter()
    assert fmt(10593, 0) == "10.593"
    assert fmt(2.5, 0) == "2,5"
    assert charts.tick_formatter(percent=True)(50, 0) == "50%"


def test_stacked_chart_orders_groups_and_totals():
    fig = charts.stacked_status_chart(
        DOSSIERS, "field", ["hs_resolved_early", "hs_resolved_on_time", "hs_resolved_late"], "Theo lĩnh vực"
    )
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Đất đai", "Xây dựng"]
    totals = sorted(t.get_text().strip() for t in ax.texts if t.get_text().startswith(" "))
    assert totals == ["127", "15"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Trước hạn", "Đúng hạn", "Trễ hạn"]


def test_online_share_chart_shows_the_rate():
    fig = charts.online_share_chart(DOSSIERS)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "83,23%" in texts  # 8817 / 10593


def test_empty_data_gives_a_notice_not_an_error():
    empty = _table([])
    for fig in (
        charts.dossier_status_chart(empty),
        charts.documents_form_chart(empty),
        charts.training_plan_chart(empty),
        charts.online_share_chart(empty),
        charts.stacked_status_chart(empty, "source", charts.TASK_PARTS, "x"),
        charts.breakdown_bar_chart(empty, "vb_out", "unit", "x"),
    ):
        assert "Không có số liệu trong kỳ" in [t.get_text() for t in fig.axes[0].texts]
        _draw(fig)


def test_documents_chart_groups_by_direction_and_form():
    table = _table(
        [
            ("vb_out_paper", "", "", 0),
            ("vb_out_electronic", "", "", 8817),
            ("vb_out_electronic_with_paper", "", "", 1776),
            ("vb_in_paper", "", "", 2684),
            ("vb_in_electronic", "", "", 12567),
            ("vb_in_electronic_with_paper", "", "", 4009),
        ]
    )
    fig = charts.documents_form_chart(table)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Văn bản đi", "Văn bản đến"]
    assert sorted(p.get_height() for p in ax.patches) == sorted([0, 8817, 1776, 2684, 12567, 4009])


def test_training_chart_labels_the_fulfilment_rate():
    table = _table(
        [
            ("dt_planned", "training_type", "Lý luận chính trị", 51),
            ("dt_sent", "training_type", "Lý luận chính trị", 30),
            ("dt_rate_plan", "training_type", "Lý luận chính trị", 100 * 30 / 51),
        ]
    )
    fig = charts.training_plan_chart(table)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "30 (58,82%)" in texts


def test_monthly_flow_and_trend_charts():
    flow = pd.DataFrame({"month": ["T1/2022", "T2/2022"], "received": [10, 20], "resolved": [8, 0]})
    fig = charts.monthly_flow_chart(flow)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["T1/2022", "T2/2022"]
    assert charts.describe(fig).startswith(
        "Biểu đồ: Hồ sơ theo tháng trong kỳ. "
        "Tiếp nhận mới: T1/2022 10; T2/2022 20. "
        "Đã giải quyết: T1/2022 8; T2/2022 0."
    )
    series = pd.DataFrame(
        {
            "period": ["Quý I/2022", "Quý II/2022"] * 2,
            "code": ["hs_rate_early"] * 2 + ["hs_rate_late"] * 2,
            "value": [90.0, 94.35, 1.0, 0.0],
            "label": ["Sớm"] * 2 + ["Trễ"] * 2,
            "unit": "%",
        }
    )
    fig = charts.trend_chart(series, ["hs_rate_early", "hs_rate_late"])
    ax = fig.axes[0]
    assert len(ax.lines) == 2
    assert list(ax.lines[0].get_ydata()) == [90.0, 94.35]
    assert ax.yaxis.get_major_formatter()(50, 0) == "50%"


def test_style_uses_a_font_with_vietnamese_glyphs():
    charts.use_report_style()
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans"]
    from matplotlib import font_manager

    path = font_manager.findfont("DejaVu Sans", fallback_to_default=False)
    from matplotlib.ft2font import FT2Font

    font = FT2Font(path)
    assert all(font.get_char_index(ord(ch)) for ch in "ảẫậđơưữỹ")


def test_inputs_are_not_changed():
    before = DOSSIERS.copy()
    charts.stacked_status_chart(DOSSIERS, "field", charts.DOSSIER_PARTS, "x")
    charts.dossier_status_chart(DOSSIERS)
    pd.testing.assert_frame_equal(DOSSIERS, before)


def test_charts_are_inline_svg_with_a_vietnamese_text_alternative():
    fig = charts.stacked_status_chart(
        DOSSIERS, "field", ["hs_resolved_early", "hs_resolved_on_time", "hs_resolved_late"], "Theo lĩnh vực"
    )
    text = charts.describe(fig)
    assert text.startswith("Biểu đồ: Theo lĩnh vực.")
    assert "Đất đai" in text and "Trễ hạn:" in text
    page = charts.figure_html(fig)
    assert page.startswith('<figure class="chart"><svg role="img" aria-label="Biểu đồ: Theo lĩnh vực.')
    assert "<?xml" not in page and "<metadata>" not in page and "<image" not in page
    assert "Số liệu của biểu đồ" in page
    again = charts.stacked_status_chart(
        DOSSIERS, "field", ["hs_resolved_early", "hs_resolved_on_time", "hs_resolved_late"], "Theo lĩnh vực"
    )
    assert page == charts.figure_html(again)  # reproducible: no date, ids from the drawing


def test_chart_text_stays_readable_when_shrunk_to_a_phone():
    """At 357 CSS px (a 375-px screen less the page padding) every text is >= 11 CSS px."""
    import re

    figs = [
        charts.stacked_status_chart(
            DOSSIERS,
            "field",
            ["hs_resolved_early", "hs_resolved_on_time", "hs_resolved_late"],
            "Theo lĩnh vực",
        ),
        charts.online_share_chart(DOSSIERS),
    ]
    for fig in figs:
        svg = charts.figure_svg(fig)
        width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
        sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
        assert sizes and min(sizes) * 357 / width >= 11, (width, min(sizes))


def _overlapping_texts(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of the figure's texts whose drawn boxes overlap by more than 1 px."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    boxes = [
        (t.get_text(), t.get_window_extent(renderer))
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip()
    ]
    return [
        (a, b)
        for i, (a, r) in enumerate(boxes)
        for b, s in boxes[i + 1 :]
        if min(r.x1, s.x1) - max(r.x0, s.x0) > 1 and min(r.y1, s.y1) - max(r.y0, s.y0) > 1
    ]


def test_monthly_chart_texts_do_not_overlap_for_a_quarter_a_half_and_a_year():
    """Month names and both values of every month stay apart, at 11 CSS px or more on a phone."""
    import re

    for months in (3, 6, 12):
        flow = pd.DataFrame(
            {
                "month": [f"T{m}/2022" for m in range(1, months + 1)],
                "received": [12_345 - 700 * m for m in range(months)],
                "resolved": [10_593 + 150 * m for m in range(months)],
            }
        )
        fig = charts.monthly_flow_chart(flow)
        assert not _overlapping_texts(fig), months
        texts = [t.get_text() for t in fig.axes[0].texts]
        assert "12.345" in texts and "10.593" in texts  # every value is written
        svg = charts.figure_svg(fig)
        width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
        sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
        assert min(sizes) * 357 / width >= 11, (months, width)


def test_a_percent_axis_ends_at_100_with_every_value_written_inside_it():
    rates = [100.0, 99.5, 94.35, 50.0, 49.9, 3.2]
    table = _table([("vb_rate_electronic", "unit", f"Đơn vị {i}", v) for i, v in enumerate(rates)])
    fig = charts.breakdown_bar_chart(table, "vb_rate_electronic", "unit", percent=True)
    ax = fig.axes[0]
    assert ax.get_xlim() == (0.0, 100.0)
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "100%"
    assert [t.get_text() for t in ax.texts] == ["100%", "99,5%", "94,35%", "50%", "49,9%", "3,2%"]
    assert not _overlapping_texts(fig)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    right = ax.get_window_extent(renderer).x1
    assert all(t.get_window_extent(renderer).x1 <= right + 1 for t in ax.texts)  # none past 100%
    inside = [t for t in ax.texts if t.get_text() in ("100%", "99,5%")]
    assert all(t.get_color() == "white" for t in inside)  # the bar is dark green
