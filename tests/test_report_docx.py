"""The Word document read back with python-docx: page, margins, fonts, header block, annexes."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from cchc.report import render_html, write_docx
from cchc.report.document import assemble
from cchc.report.model import Paragraph
from cchc.report.narrative import Narrative
from cchc.settings import ReportSettings
from test_report_sentences import H1, gov_table, reference_table

SETTINGS = ReportSettings(
    org_name="VĂN PHÒNG UBND TỈNH KIÊN HÒA",
    superior_body="UBND TỈNH KIÊN HÒA",
    place="Kiên Hòa",
    doc_symbol="BC-VP",
    signer_titles=("KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),
    signer_name="Trần Minh Khoa",
    recipients=("Sở Nội vụ;", "Lưu: VT."),
    short_name="Văn phòng",
)


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory):
    report = assemble(reference_table(), gov_table(), H1, settings=SETTINGS, narrative=Narrative(path=None))
    return write_docx(report, tmp_path_factory.mktemp("docx") / "bao-cao.docx")


@pytest.fixture(scope="module")
def doc(docx_path):
    return Document(str(docx_path))


def runs_of(paragraphs):
    return [r for p in paragraphs for r in p.runs if r.text.strip()]


def assert_tnr(run, size, bold=None, italic=None):
    assert run.font.name == "Times New Roman", run.text
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman", run.text
    assert run.font.size == Pt(size), (run.text, run.font.size)
    if bold is not None:
        assert bool(run.font.bold) is bold, run.text
    if italic is not None:
        assert bool(run.font.italic) is italic, run.text


def test_page_a4_and_margins(doc):
    s = doc.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.1) and abs(s.page_height - Mm(297)) < Mm(0.1)
    twip = 635  # Word stores lengths in twentieths of a point: allow one unit of rounding
    assert Mm(20) - twip <= s.top_margin <= Mm(25) and Mm(20) - twip <= s.bottom_margin <= Mm(25)
    assert Mm(30) - twip <= s.left_margin <= Mm(35) and Mm(15) - twip <= s.right_margin <= Mm(20)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and Pt(13) <= normal.font.size <= Pt(14)


def test_header_block(doc):
    header = doc.tables[0]
    left, right = header.rows[0].cells
    superior, org = runs_of(left.paragraphs)
    assert superior.text == "UBND TỈNH KIÊN HÒA" and org.text == "VĂN PHÒNG UBND TỈNH KIÊN HÒA"
    assert_tnr(superior, 13, bold=False)
    assert_tnr(org, 13, bold=True)
    motto, freedom = runs_of(right.paragraphs)
    assert (
        motto.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and freedom.text == "Độc lập - Tự do - Hạnh phúc"
    )
    assert_tnr(motto, 12, bold=True)
    assert_tnr(freedom, 13, bold=True)
    number, place = header.rows[1].cells
    assert number.text.startswith("Số:") and number.text.endswith("/BC-VP")
    (place_run,) = runs_of(place.paragraphs)
    assert place_run.text.startswith("Kiên Hòa, ngày")
    assert_tnr(place_run, 14, italic=True)
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None and all(e.get(qn("w:val")) == "nil" for e in borders)


def test_title_summary_and_body(doc):
    paragraphs = doc.paragraphs
    title = next(p for p in paragraphs if p.text == "BÁO CÁO")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert_tnr(title.runs[0], 14, bold=True)
    summary = next(p for p in paragraphs if p.text.startswith("Kết quả thực hiện công tác"))
    assert summary.text == "Kết quả thực hiện công tác cải cách hành chính 06 tháng đầu năm 2022"
    heading = next(p for p in paragraphs if p.text.startswith("I. CÔNG TÁC CHỈ ĐẠO"))
    assert_tnr(heading.runs[0], 14, bold=True)
    body = next(p for p in paragraphs if "Văn phòng đã tiếp nhận 566 hồ sơ" in p.text)
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert_tnr(body.runs[0], 14)
    assert (
        "trước hạn 534 hồ sơ, tỷ lệ 94,35%; đúng hạn 32 hồ sơ, tỷ lệ 5,65%; trễ hạn 0 hồ sơ, tỷ lệ 0%"
    ) in body.text
    text = "\n".join(p.text for p in paragraphs)
    assert "17 nhiệm vụ đã hoàn thành (trong đó 12 nhiệm vụ hoàn thành đúng hạn, 05 nhiệm vụ" in text
    assert "30/51 lượt công chức, viên chức, đạt 59% kế hoạch" in text


def test_recipients_and_signature(doc):
    closing = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    left, right = closing.rows[0].cells
    label, *items = runs_of(left.paragraphs)
    assert_tnr(label, 12, bold=True, italic=True)
    assert [i.text for i in items] == ["- Sở Nội vụ;", "- Lưu: VT."]
    for item in items:
        assert_tnr(item, 11)
    signer = runs_of(right.paragraphs)
    assert [r.text for r in signer] == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Trần Minh Khoa"]
    for r in signer:
        assert_tnr(r, 14, bold=True)


def test_annex_tables(doc):
    tables = [t for t in doc.tables if len(t.rows) >= 4]
    docs = next(t for t in tables if any(c.text == "(1)=(2)+(3)+(4)" for c in t.rows[2].cells))
    assert [c.text for c in docs.rows[0].cells] == ["Số lượng văn bản gửi"] * 4 + [
        "Số lượng văn bản nhận"
    ] * 4
    assert [c.text for c in docs.rows[1].cells][:2] == ["Tổng số", "Văn bản giấy"]
    assert [c.text for c in docs.rows[3].cells] == [
        "10.593",
        "-",
        "8.817",
        "1.776",
        "19.260",
        "2.684",
        "12.567",
        "4.009",
    ]
    dossiers = next(t for t in tables if t.rows[2].cells[1].text == "(1)=(2)+(6)")
    assert dossiers.rows[0].cells[0].text == "Lĩnh vực"
    total = dossiers.rows[-1]
    assert [c.text for c in total.cells] == ["Tổng cộng", "566", "566", "534", "32", "0", "0", "0", "0"]
    assert all(r.font.bold for c in total.cells for p in c.paragraphs for r in p.runs)
    tasks = next(t for t in tables if t.rows[2].cells[1].text == "(1)=(2)+(5)")
    assert tasks.rows[-1].cells[0].text == "Tổng cộng"
    landscape = doc.sections[-1]
    assert landscape.page_width > landscape.page_height


def test_core_properties_are_deterministic(docx_path, tmp_path):
    report = assemble(reference_table(), gov_table(), H1, settings=SETTINGS, narrative=Narrative(path=None))
    again = Document(str(write_docx(report, tmp_path / "again.docx"))).core_properties
    first = Document(str(docx_path)).core_properties
    for attr in ("title", "subject", "author", "created", "modified", "last_modified_by", "revision"):
        assert getattr(first, attr) == getattr(again, attr), attr
    assert first.author == "VĂN PHÒNG UBND TỈNH KIÊN HÒA"


def test_docx_is_byte_reproducible_and_stamped_with_the_period_end(docx_path, tmp_path):
    report = assemble(reference_table(), gov_table(), H1, settings=SETTINGS, narrative=Narrative(path=None))
    again = write_docx(report, tmp_path / "again.docx")
    assert again.read_bytes() == docx_path.read_bytes()
    with zipfile.ZipFile(docx_path) as z:
        assert {i.date_time for i in z.infolist()} == {(2022, 6, 30, 0, 0, 0)}
    props = Document(str(docx_path)).core_properties
    assert props.created.date() == dt.date(2022, 6, 30) == props.modified.date()


def test_document_language_is_vietnamese(doc):
    styles = doc.styles.element
    langs = [el.get(qn("w:val")) for el in styles.iter(qn("w:lang"))]
    assert langs and set(langs) == {"vi-VN"}
    default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert default.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    assert doc.styles["Normal"].element.rPr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"


def _top_border(paragraph):
    bdr = paragraph._p.pPr.find(qn("w:pBdr")) if paragraph._p.pPr is not None else None
    return None if bdr is None else bdr.find(qn("w:top"))


def test_header_rules_are_real_lines_and_columns_fixed(doc):
    header = doc.tables[0]
    left, right = header.rows[0].cells
    for cell in (left, right):
        rules = [p for p in cell.paragraphs if _top_border(p) is not None]
        assert len(rules) == 1, cell.text
        assert _top_border(rules[0]).get(qn("w:val")) == "single"
        assert not any(r.font.underline for p in cell.paragraphs for r in p.runs)
    # the motto's rule is as long as the motto (6 cm), the issuer's a short one (2,2 cm)
    right_rule = next(p for p in right.paragraphs if _top_border(p) is not None)
    inner = Cm(10.5) - right_rule.paragraph_format.left_indent - right_rule.paragraph_format.right_indent
    assert abs(inner - Cm(6)) < Cm(0.05)
    layout = header._tbl.tblPr.find(qn("w:tblLayout"))
    assert layout is not None and layout.get(qn("w:type")) == "fixed"
    grid = [int(c.get(qn("w:w"))) for c in header._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid == [Cm(6).twips, Cm(10.5).twips]
    assert all(abs(c.width - Cm(6)) < Cm(0.01) for c in header.columns[0].cells)


def test_signature_row_cannot_break_and_annex_headers_repeat(doc):
    closing = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    assert closing.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    annexes = [t for t in doc.tables if len(t.rows) >= 4]
    assert len(annexes) == 4
    for table in annexes:
        heads = [
            i
            for i, r in enumerate(table.rows)
            if r._tr.trPr is not None and r._tr.trPr.find(qn("w:tblHeader")) is not None
        ]
        assert heads in ([0, 1], [0, 1, 2])  # the header rows, and only them
    headings = [p for p in doc.paragraphs if p.text.startswith(("I. ", "II. ", "III. ", "IV. "))]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)


def test_annexes_numbered_with_the_report_they_attach_to(doc):
    text = [p.text for p in doc.paragraphs]
    assert [t for t in text if t.startswith("Phụ lục ")] == [
        "Phụ lục I",
        "Phụ lục II",
        "Phụ lục III",
        "Phụ lục IV",
    ]
    assert text.count("(Kèm theo Báo cáo số …/BC-VP ngày …/…/…)") == 4
    for section in doc.sections[1:]:
        assert section.different_first_page_header_footer is False  # page numbers on every page
        assert section.header.is_linked_to_previous


def test_placeholders_in_the_word_draft_only(tmp_path):
    report = assemble(reference_table(), gov_table(), H1, settings=SETTINGS, narrative=Narrative(path=None))
    assert any("Cải cách tổ chức bộ máy" in p for p in report.placeholders)  # II.3: no figures
    html = render_html(report)
    assert "Cần bổ sung" not in html and "Cần bổ sung" not in report.text()
    doc = Document(str(write_docx(report, tmp_path / "d.docx")))
    marks = [r for p in doc.paragraphs for r in p.runs if r.text.startswith("[Cần bổ sung:")]
    assert len(marks) == len(report.placeholders)
    assert all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in marks)


def test_footnotes_are_real_word_footnotes(tmp_path):
    notes = {"1": "Báo cáo số 219/BC-UBND ngày 27/6/2022 của UBND tỉnh."}
    narrative = Narrative(
        path=None, sections={"II.1": [Paragraph.of("Đã triển khai kế hoạch[^1] đúng tiến độ.", notes)]}
    )
    report = assemble(reference_table(), gov_table(), H1, settings=SETTINGS, narrative=narrative)
    path = write_docx(report, tmp_path / "fn.docx")
    with zipfile.ZipFile(path) as z:
        footnotes = z.read("word/footnotes.xml").decode("utf-8")
        body = z.read("word/document.xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
    assert "Báo cáo số 219/BC-UBND ngày 27/6/2022 của UBND tỉnh." in footnotes
    assert 'w:type="separator"' in footnotes and "footnotes.xml" in rels
    assert '<w:footnoteReference w:id="1"/>' in body
    html = render_html(report)
    assert 'href="#fn-1"' in html and "219/BC-UBND" in html.split('class="footnotes"')[1]


def _pdf_pages(office: str, docx: list, out) -> dict:
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(out), *map(str, docx)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    pages = {}
    for path in docx:
        pdf = out / (path.stem + ".pdf")
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
        ).stdout
        pages[path.stem] = text.split("\f")
    return pages


@pytest.mark.slow
def test_pdf_signature_block_on_one_page_and_motto_on_one_line(tmp_path):
    """Rendered by LibreOffice with bodies of growing length, so that the closing falls
    across a page end in some of them: the signature block always stays on one page."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice (soffice) or pdftotext is not installed: PDF layout not checked")
    filler = "Văn phòng tiếp tục triển khai các nhiệm vụ cải cách hành chính theo kế hoạch. " * 3
    paths = []
    for k in range(0, 14, 2):
        narrative = Narrative(path=None, sections={"IV": [Paragraph.of(filler)] * k})
        report = assemble(reference_table(), gov_table(), H1, settings=SETTINGS, narrative=narrative)
        paths.append(write_docx(report, tmp_path / f"r{k:02d}.docx"))
    pages = _pdf_pages(office, paths, tmp_path)
    for name, texts in pages.items():
        first = texts[0]
        assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in first.splitlines()), name
        signed = [i for i, t in enumerate(texts) if "Trần Minh Khoa" in t]
        titled = [i for i, t in enumerate(texts) if "PHÓ CHÁNH VĂN PHÒNG" in t]
        received = [i for i, t in enumerate(texts) if "Nơi nhận:" in t]
        assert signed == titled == received and len(signed) == 1, (name, signed, titled, received)
        assert any("Phụ lục IV" in t for t in texts[signed[0] + 1 :]), name
