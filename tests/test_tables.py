"""HTML tables: vi-VN numbers, right-aligned figures, totals, escaping."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.tables import format_cell, html_table, infer_format


class _Cells(HTMLParser):
    """Rows of cell texts, and every tag seen, from an HTML table."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.tags: list[str] = []
        self.num_cells: list[str] = []
        self._cell: list[str] | None = None
        self._num = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = []
            self._num = "num" in (dict(attrs).get("class") or "")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell)
            self.rows[-1].append(text)
            if self._num:
                self.num_cells.append(text)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _parse(html: str) -> _Cells:
    p = _Cells()
    p.feed(html)
    return p


def test_numbers_dates_and_totals_in_vi_vn_form():
    frame = pd.DataFrame(
        {
            "Lĩnh vực": ["Đất đai", "Xây dựng"],
            "Tiếp nhận": [10_000, 593],
            "Tỷ lệ": [94.3463, 5.6537],
            "Hạn": pd.to_datetime(["2022-06-30", "2022-01-05"]),
        }
    )
    table = html_table(
        frame, formats={"Tỷ lệ": "pct"}, total_label="Tổng cộng", total_values={"Tỷ lệ": 100.0}
    )
    cells = _parse(table.html)
    assert cells.rows[0] == ["Lĩnh vực", "Tiếp nhận", "Tỷ lệ", "Hạn"]
    assert cells.rows[1] == ["Đất đai", "10.000", "94,35%", "30/06/2022"]
    assert cells.rows[2] == ["Xây dựng", "593", "5,65%", "05/01/2022"]
    assert cells.rows[3] == ["Tổng cộng", "10.593", "100%", ""]
    # figures (and their headers) are right-aligned; text is not
    assert "10.593" in cells.num_cells and "Đất đai" not in cells.num_cells
    assert 'style="text-align:right' in table.html
    assert table._repr_html_() == table.html


def test_text_from_spreadsheets_is_escaped():
    evil = "<img src=x onerror=alert(1)>"
    table = html_table(pd.DataFrame({"Nội dung": [evil], evil: [1]}), caption=evil)
    cells = _parse(table.html)
    assert "img" not in cells.tags
    assert cells.rows[1][0] == evil
    assert cells.rows[0][1] == evil


def test_empty_frame_shows_a_message_and_no_totals():
    table = html_table(
        pd.DataFrame({"Nội dung": pd.Series([], dtype="string"), "Số": pd.Series([], dtype="int64")}),
        total_label="Tổng cộng",
        empty_text="Không có nhiệm vụ quá hạn.",
    )
    cells = _parse(table.html)
    assert cells.rows[-1] == ["Không có nhiệm vụ quá hạn."]
    assert "Tổng cộng" not in table.html


def test_zero_as_dash_and_missing_values():
    table = html_table(
        pd.DataFrame({"Giấy": [0, 2684], "Ghi chú": [None, "x"]}), formats={"Giấy": "int"}, zero_as_dash=True
    )
    cells = _parse(table.html)
    assert cells.rows[1] == ["-", ""]
    assert cells.rows[2] == ["2.684", "x"]


def test_infer_format():
    assert infer_format(pd.Series([1.0, 2.0])) == "int"
    assert infer_format(pd.Series([1.5, 2.0])) == "number"
    assert infer_format(pd.Series(["a"])) == "text"
    assert infer_format(pd.Series(pd.to_datetime(["2022-01-01"]))) == "date"
    assert infer_format(pd.Series([True])) == "text"


def test_unknown_format_is_rejected():
    with pytest.raises(ValueError, match="unknown column format"):
        html_table(pd.DataFrame({"a": [1]}), formats={"a": "roman"})


def test_input_frame_is_not_changed():
    frame = pd.DataFrame({"a": ["x"], "b": [1]})
    before = frame.copy()
    html_table(frame, total_label="Tổng")
    pd.testing.assert_frame_equal(frame, before)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_any_text_round_trips_through_the_html(text):
    cells = _parse(html_table(pd.DataFrame({"c": [text]}), formats={"c": "text"}).html)
    assert cells.rows[1] == [text.replace("\r\n", "\n").replace("\r", "\n")] or cells.rows[1] == [text]
    assert cells.tags.count("td") == 1


def test_format_cell_money():
    assert format_cell(6_313_329_686, "money") == "6.313.329.686 đồng"


def test_wide_tables_stack_on_a_phone_and_long_lists_are_summarised():
    frame = pd.DataFrame(
        {
            "Lĩnh vực": [f"LV {i}" for i in range(30)],
            "Tiếp nhận": range(30),
            "Trễ hạn": [0] * 30,
            "Quá hạn": [1] * 30,
            "Tỷ lệ": [50.0] * 30,
        }
    )
    out = html_table(
        frame, formats={"Tỷ lệ": "pct"}, caption="Theo lĩnh vực", preview_rows=10, total_label="Tổng cộng"
    ).html
    assert 'class="cchc-table stack"' in out
    assert '<th scope="col"' in out and 'data-label="Trễ hạn"' in out
    preview, full = out.split("<details", 1)
    assert preview.count("<tbody><tr>") == 1 and preview.split("<tbody>")[1].count("<tr>") == 10
    assert "<caption>Theo lĩnh vực (10 dòng đầu trong 30 dòng)</caption>" in preview
    assert "Xem đầy đủ 30 dòng" in full and full.split("<tbody>")[1].count("<tr>") == 30
    assert "Tổng cộng" in preview and "Tổng cộng" in full
    narrow = html_table(frame[["Lĩnh vực", "Tiếp nhận"]]).html
    assert "stack" not in narrow and "<details" not in narrow


def test_linked_cells_escape_their_address_and_text():
    evil = '"><script>alert(1)</script>'
    table = html_table(
        pd.DataFrame({"Đơn vị": [evil, "Phòng B"]}), links={"Đơn vị": {evil: f"../{evil}/index.html"}}
    )
    cells = _parse(table.html)
    assert "script" not in cells.tags and cells.tags.count("a") == 1  # only the listed unit links
    assert cells.rows[1] == [evil] and cells.rows[2] == ["Phòng B"]
    assert 'href="../&#34;&gt;&lt;script&gt;' in table.html


def test_a_fragment_is_inserted_as_html_and_a_template_expression_as_text():
    """An :class:`Html` fragment is safe markup for the templates; ``{{ … }}`` in data stays text."""
    from cchc.tables import Html
    from cchc.templating import render

    inner = html_table(pd.DataFrame({"c": ["{{ 7 * 7 }}"]}))
    outer = str(render("components/landing_lead.html.j2", cards=inner, action=Html("<b>x</b>")))
    assert inner.html in outer and "<b>x</b>" in outer
    assert "{{ 7 * 7 }}" in outer and "49" not in outer


def test_caption_comes_from_the_frame_and_can_be_for_screen_readers_only():
    frame = pd.DataFrame({"Lĩnh vực": ["Đất đai"], "Hồ sơ": [10593]})
    frame.attrs["caption"] = "Hồ sơ theo lĩnh vực"
    assert "<caption>Hồ sơ theo lĩnh vực</caption>" in html_table(frame).html
    assert "<caption>Khác</caption>" in html_table(frame, caption="Khác").html
    hidden = html_table(frame, caption="Theo lĩnh vực", caption_hidden=True).html
    assert '<caption class="visually-hidden">Theo lĩnh vực</caption>' in hidden
    assert "<caption" not in html_table(pd.DataFrame({"A": [1]})).html
