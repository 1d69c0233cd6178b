"""The Word document read back with python-docx: page, margins, fonts, header block, annexes."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cchc.report import write_docx
from cchc.report.document import assemble
from cchc.report.narrative import Narrative
from cchc.settings import ReportSettings
from test_report_sentences import H1, gov_table, reference_table

SETTINGS = ReportSettings(
    org_name="VĂN PHÒNG UBND TỈNH KIÊN HÒA", superior_body="UBND TỈNH KIÊN HÒA", place="Kiên Hòa",
    doc_symbol="BC-VP", signer_titles=("KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),
    signer_name="Trần Minh Khoa", recipients=("Sở Nội vụ;", "Lưu: VT."), short_name="Văn phòng")


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory):
    report = assemble(reference_table(), gov_table(), H1, settings=SETTINGS,
                      narrative=Narrative(path=None))
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
    assert motto.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and freedom.text == "Độc lập - Tự do - Hạnh phúc"
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
    assert ("trước hạn 534 hồ sơ, tỷ lệ 94,35%; đúng hạn 32 hồ sơ, tỷ lệ 5,65%; trễ hạn 0 hồ sơ, "
            "tỷ lệ 0%") in body.text
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
    assert [c.text for c in docs.rows[0].cells] == ["Số lượng văn bản gửi"] * 4 + ["Số lượng văn bản nhận"] * 4
    assert [c.text for c in docs.rows[1].cells][:2] == ["Tổng số", "Văn bản giấy"]
    assert [c.text for c in docs.rows[3].cells] == ["10.593", "-", "8.817", "1.776",
                                                    "19.260", "2.684", "12.567", "4.009"]
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
    report = assemble(reference_table(), gov_table(), H1, settings=SETTINGS,
                      narrative=Narrative(path=None))
    again = Document(str(write_docx(report, tmp_path / "again.docx"))).core_properties
    first = Document(str(docx_path)).core_properties
    for attr in ("title", "subject", "author", "created", "modified", "last_modified_by", "revision"):
        assert getattr(first, attr) == getattr(again, attr), attr
    assert first.author == "VĂN PHÒNG UBND TỈNH KIÊN HÒA"


def test_renders_to_pdf_when_libreoffice_is_present(docx_path, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office:
        pytest.skip("LibreOffice (soffice) is not on PATH: PDF rendering not checked")
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(docx_path)], check=True, timeout=180, capture_output=True)
    pdf = tmp_path / "bao-cao.pdf"
    assert pdf.is_file() and pdf.read_bytes()[:4] == b"%PDF"
