"""Narrative files: sections, placeholders filled and formatted, errors with file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from cchc.report.document import assemble, make_resolver
from cchc.report.model import BulletList, Heading, Paragraph
from cchc.report.narrative import NarrativeError, Resolver, load_narrative, parse_narrative
from cchc.settings import ReportSettings
from test_report_sentences import H1, gov_table, reference_table

SETTINGS = ReportSettings(
    org_name="VĂN PHÒNG UBND TỈNH KIÊN HÒA",
    superior_body="UBND TỈNH KIÊN HÒA",
    place="Kiên Hòa",
    doc_symbol="BC-VP",
    short_name="Văn phòng",
)
ROOT = Path(__file__).resolve().parents[1]


def resolver() -> Resolver:
    table = reference_table()
    return make_resolver(table, gov_table(), H1, SETTINGS, ["Kế hoạch số 1147/KH-VP"])


def texts(blocks) -> list[str]:
    out = []
    for b in blocks:
        if isinstance(b, (Heading, Paragraph)):
            out.append(b.text)
        elif isinstance(b, BulletList):
            out.extend("".join(r.text for r in item if r.footnote is None) for item in b.items)
    return out


def test_placeholders_are_filled_with_vi_vn_figures():
    text = """# I
Đã ban hành {{ct_cchc_docs_issued}} văn bản; kiểm tra {{ct_units_inspected}}/{{ct_units_total}} đơn vị, đạt tỷ lệ {{ct_units_inspected/ct_units_total}}.
Tiếp nhận {{hs_received}} hồ sơ, trước hạn {{hs_rate_early}}, đúng hạn {{ hs_rate_on_time | decimals=1 }}.

# II.6
Chi {{ct_it_spending}}; văn bản đi {{vb_out}}; **kế hoạch** {{nv_rate_completed|assigning_doc=Kế hoạch số 1147/KH-VP}} ({{nv_completed|assigning_doc=Kế hoạch số 1147/KH-VP}}/{{nv_total|assigning_doc=Kế hoạch số 1147/KH-VP}}).
"""  # noqa: E501 - long text kept whole (doctest output, narrative, JavaScript)
    n = parse_narrative(text, resolver(), path="x.md")
    (first,) = texts(n.sections["I"])
    assert first == (
        "Đã ban hành 16 văn bản; kiểm tra 05/09 đơn vị, đạt tỷ lệ 55,6%. Tiếp nhận 566 "
        "hồ sơ, trước hạn 94,35%, đúng hạn 5,7%."
    )
    (para,) = n.sections["II.6"]
    assert para.text == "Chi 6.313.329.686 đồng; văn bản đi 10.593; kế hoạch 93% (13/14)."
    assert para.runs[1].bold and para.runs[1].text == "kế hoạch"


def test_sections_headings_lists_and_generated_sentences():
    text = """<!-- ghi chú
nhiều dòng -->
# Mở đầu
Mở đầu {{period_label}} ({{period_range}}).

# II. KẾT QUẢ
# II.2. Cải cách thủ tục hành chính (TTHC)
## a) Hồ sơ
{{sentence:dossiers}} Trong đó:

{{list:dossier_fields}}
- mục *nghiêng*
  tiếp dòng
Đoạn <b>không</b> phải HTML.

# IV. GIẢI PHÁP 6 THÁNG CUỐI NĂM 2022
1. Việc một;
"""
    n = parse_narrative(text, resolver(), path="x.md")
    assert texts(n.sections["mo_dau"]) == [
        "Mở đầu 06 tháng đầu năm 2022 (Từ ngày 01/01/2022 đến ngày 30/06/2022)."
    ]
    blocks = n.sections["II.2"]
    assert blocks[0] == Heading(3, "a) Hồ sơ")
    assert blocks[1].text.startswith("Trong 06 tháng đầu năm 2022, Văn phòng đã tiếp nhận 566 hồ sơ.")
    assert blocks[1].text.endswith("Trong đó:")
    assert isinstance(blocks[2], BulletList) and len(blocks[2].items) == 3
    assert texts([blocks[3]]) == ["mục nghiêng tiếp dòng"]
    assert blocks[3].items[0][1].italic
    assert blocks[4].text == "Đoạn <b>không</b> phải HTML."
    assert n.titles == {"II.2": "Cải cách thủ tục hành chính (TTHC)", "IV": "GIẢI PHÁP 6 THÁNG CUỐI NĂM 2022"}


def test_errors_name_file_line_and_placeholder():
    text = """# I
Dòng đúng {{hs_received}}.
Sai {{hs_recieved}} và {{nv_total|assigning_doc=Kế hoạch không có}}.

Tốt {{hs_new}}, sai {{sentence:khong_co}} {{vb_out|decimals=x}} {{nv_total|khong=1}}.
# V. Mục lạ
"""
    with pytest.raises(NarrativeError) as err:
        parse_narrative(text, resolver(), path="data/raw/narrative/2022-H1.md")
    problems = err.value.problems
    assert [(line, what) for _, line, what, _ in problems] == [
        (3, "{{hs_recieved}}"),
        (3, "{{nv_total|assigning_doc=Kế hoạch không có}}"),
        (5, "{{sentence:khong_co}}"),
        (5, "{{vb_out|decimals=x}}"),
        (5, "{{nv_total|khong=1}}"),
        (6, "V. Mục lạ"),
    ]
    message = str(err.value)
    assert (
        "data/raw/narrative/2022-H1.md, dòng 3: không rõ mã chỉ tiêu hs_recieved “{{hs_recieved}}”" in message
    )
    assert "dòng 6" in message


def test_text_before_any_section_is_an_error():
    with pytest.raises(NarrativeError, match="dòng 1"):
        parse_narrative("Văn bản lạc chỗ\n# I\nx\n", resolver(), path="a.md")


def test_known_code_without_value_gives_ellipsis_and_notice():
    n = parse_narrative("# I\nCó {{ct_initiatives_registered}} sáng kiến.\n", resolver(), path="a.md")
    assert texts(n.sections["I"]) == ["Có … sáng kiến."]
    assert n.notices == ["a.md, dòng 2: chưa có số liệu cho {{ct_initiatives_registered}}"]


def test_missing_file_gives_notice_and_generated_sections(tmp_path):
    n = load_narrative(tmp_path, "2022-H1", resolver())
    assert n.sections == {} and "2022-H1.md" in n.notices[0]
    report = assemble(reference_table(), gov_table(), H1, settings=SETTINGS, narrative=n)
    assert any("2022-H1.md" in x for x in report.staff_notes)
    assert "Văn phòng đã tiếp nhận 566 hồ sơ" in report.text()


def test_narrative_replaces_only_its_sections():
    n = parse_narrative(
        "# II.5\nLời văn tài chính công.\n# IV. KẾ HOẠCH QUÝ III\nViệc tới.\n", resolver(), path="a.md"
    )
    report = assemble(reference_table(), gov_table(), H1, settings=SETTINGS, narrative=n)
    text = report.text()
    assert "Lời văn tài chính công." in text and "IV. KẾ HOẠCH QUÝ III" in text
    assert "5. Cải cách tài chính công" in text
    assert "Có 57 nhiệm vụ" in text  # section I generated (opening varied)


def test_shipped_narrative_parses_with_reference_figures():
    """The 2022-H1 file shipped in data/raw uses only known placeholders."""
    path = ROOT / "data" / "raw" / "narrative" / "2022-H1.md"
    table = reference_table()
    extra = pd.DataFrame(
        {
            "code": ["nv_total", "nv_completed", "nv_in_progress", "nv_rate_completed"] * 4
            + ["nv_in_progress_not_due"] * 4,
            "dimension": "assigning_doc",
            "group": ["1147/KH-VP"] * 4
            + ["174/KH-UBND"] * 4
            + ["39/KH-UBND"] * 4
            + ["248/KH-UBND"] * 4
            + ["1147/KH-VP", "174/KH-UBND", "39/KH-UBND", "248/KH-UBND"],
            "value": [14, 13, 1, 100 * 13 / 14, 13, 0, 13, 0, 5, 0, 5, 0, 3, 2, 1, 100 * 2 / 3, 1, 0, 5, 1],
        }
    )
    table = pd.concat([table, extra], ignore_index=True)
    res = make_resolver(table, gov_table(), H1, SETTINGS, ["1147/KH-VP"])
    n = parse_narrative(path.read_text(encoding="utf-8"), res, path=str(path))
    body = "\n".join(texts([b for blocks in n.sections.values() for b in blocks]))
    assert "kết quả thực hiện đạt 93% kế hoạch năm (13/14 nhiệm vụ). Còn 01 nhiệm vụ" in body
    assert "gồm 05/09 đơn vị" in body and "đạt tỷ lệ 55,6%" in body
    assert "30/51 lượt công chức, viên chức, đạt 59% kế hoạch" in body
    assert "6.313.329.686 đồng" in body
    runs = [
        r
        for blocks in n.sections.values()
        for b in blocks
        for r in (
            b.runs if isinstance(b, Paragraph) else [x for item in getattr(b, "items", ()) for x in item]
        )
    ]
    notes = [r.footnote for r in runs if r.footnote]
    assert len(notes) == 16  # the reference's sixteen footnotes
    assert notes[12].startswith("Công văn số 1655/VP-HCTC ngày 08/3/2022")


def test_html_escapes_narrative_and_keeps_emphasis():
    from cchc.report import render_html

    n = parse_narrative(
        "# II.5\n**Đậm** và <script>alert(1)</script> & *nghiêng*\n- <img src=x>\n", resolver(), path="a.md"
    )
    html = render_html(assemble(reference_table(), gov_table(), H1, settings=SETTINGS, narrative=n))
    assert "<strong>Đậm</strong> và &lt;script&gt;alert(1)&lt;/script&gt; &amp; <em>nghiêng</em>" in html
    assert "<li>&lt;img src=x&gt;</li>" in html
    assert "<script" not in html
    # numeric annex cells are right-aligned and carry their column's name for the phone layout
    assert re.search(r'<td class="num" data-label="[^"]+">10\.593</td>', html)
    assert re.search(r'<td class="num" data-label="[^"]+">-</td>', html)


def test_decimals_out_of_range_is_one_clear_error_among_others():
    text = "# I\nA {{hs_rate_early|decimals=28}} B {{hs_recieved}}.\nC {{hs_rate_early|decimals=28}}.\n"
    with pytest.raises(NarrativeError) as err:
        parse_narrative(text, resolver(), path="data/raw/narrative/2022-H1.md")
    message = str(err.value)
    assert "dòng 2: decimals phải là số nguyên từ 0 đến 4 “28” “{{hs_rate_early|decimals=28}}”" in message
    assert "không rõ mã chỉ tiêu hs_recieved" in message
    lines = message.splitlines()[1:]
    assert len(lines) == len(set(lines)) == 3  # every problem listed, each once


def test_validate_narratives_before_a_run_names_the_path_as_given(tmp_path, monkeypatch):
    from cchc.report.narrative import validate_narratives

    folder = tmp_path / "data" / "narrative"
    folder.mkdir(parents=True)
    (folder / "2022-Q3.md").write_text(
        "# I\nX {{hs_rate_early|decimals=28}} {{hs_recieved}} {{sentence:tasks}}"
        " {{nv_total|assigning_doc=Bất kỳ}}[^a].\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    problems = validate_narratives("data", "2022-Q3")
    assert [p.split(":", 1)[0] for p in problems] == ["data/narrative/2022-Q3.md, dòng 2"] * 3
    assert any("decimals" in p for p in problems) and any("hs_recieved" in p for p in problems)
    assert any("[^a]" in p for p in problems)
    assert validate_narratives("data", "2022-Q4") == []  # no file: nothing to check
    (folder / "2022-Q4.md").write_text("# I\nĐúng {{hs_received}}.\n", encoding="utf-8")
    assert validate_narratives("data", "2022-Q4") == []


def test_a_huge_narrative_is_refused_at_once_and_a_large_one_parses_in_linear_time(tmp_path):
    import time

    from cchc.report.narrative import MAX_BYTES

    huge = tmp_path / "2022-H1.md"
    huge.write_text("# I\n" + "Đoạn văn {{hs_received}}.\n" * 300_000, encoding="utf-8")  # ~8 MB
    started = time.perf_counter()
    with pytest.raises(NarrativeError, match="tệp quá lớn"):
        load_narrative(tmp_path, "2022-H1", resolver())
    assert time.perf_counter() - started < 1
    line = "Văn phòng tiếp nhận {{hs_received}} hồ sơ, {{nv_total|assigning_doc=Kế hoạch số 1147/KH-VP}}.\n"
    body = "# I\n" + line * ((MAX_BYTES - 100) // len(line.encode("utf-8")))
    started = time.perf_counter()
    n = parse_narrative(body, resolver(), path="big.md")
    assert time.perf_counter() - started < 5
    assert len(n.sections["I"]) == 1
    unclosed = "# I\n" + "<!-- x\n" * 20_000
    started = time.perf_counter()
    parse_narrative(unclosed, resolver(), path="c.md")
    assert time.perf_counter() - started < 2


def test_footnotes_are_parsed_with_their_text():
    text = (
        "# II.1\nĐã ban hành kế hoạch[^1] và báo cáo[^kq].\n\n[^1]: Kế hoạch số 22/KH-UBND.\n"
        "[^kq]: Có {{hs_received}} hồ sơ.\n"
    )
    n = parse_narrative(text, resolver(), path="a.md")
    (para,) = n.sections["II.1"]
    notes = [r.footnote for r in para.runs if r.footnote]
    assert notes == ["Kế hoạch số 22/KH-UBND.", "Có 566 hồ sơ."]
    assert para.text == "Đã ban hành kế hoạch và báo cáo."


def test_period_label_is_lower_case_inside_a_sentence():
    from cchc.periods import parse_period

    res = make_resolver(reference_table(), gov_table(), parse_period("2022-Q3"), SETTINGS, [])
    n = parse_narrative(
        "# I\n{{period_label}} có nhiều việc. Trong {{period_label}}, đã làm.\n", res, path="a.md"
    )
    assert texts(n.sections["I"]) == ["Quý III/2022 có nhiều việc. Trong quý III/2022, đã làm."]
