"""Write a :class:`~cchc.report.model.ReportDocument` as a Word file (python-docx).

Presentation follows Nghị định 30/2020/NĐ-CP (Phụ lục I) for administrative
documents:

- A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm; page number
  centred in the header from page 2;
- Times New Roman everywhere, with the East-Asian and complex-script font
  attributes set too so Word never substitutes another face for Vietnamese;
- header block: a borderless two-column table, superior body (13 pt) and the
  issuing body (13 pt bold) with a short rule on the left, the national motto
  (12 pt bold upper case / 13 pt bold) with a short rule on the right, then
  "Số: …/BC-VP" (13 pt) left and the place and date (14 pt italic) right;
- "BÁO CÁO" (14 pt bold, centred) and its summary line (14 pt bold);
- body 14 pt, justified, first-line indent 1 cm, headings bold;
- "Nơi nhận:" (12 pt bold italic) with its items (11 pt) left, the signature
  block (14 pt bold) right, in a borderless table;
- annexes on landscape pages as Word tables with grouped headers, the row of
  column numbers and a bold totals row.

Core properties are derived from the report only (no clock, no user name), so
writing the same report twice gives the same metadata.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .figures import integer, is_missing
from .model import BulletList, Heading, Paragraph, ReportDocument, Run, Table

FONT = "Times New Roman"
BODY_PT = 14
PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}


# --------------------------------------------------------------------------- primitives

def set_run_font(run, size: float | None = None, *, bold: bool | None = None,
                 italic: bool | None = None, underline: bool | None = None) -> None:
    """Times New Roman for every script (ascii, hAnsi, eastAsia, cs) plus size/emphasis."""
    run.font.name = FONT
    rfonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic
    if underline is not None:
        run.font.underline = underline


def _style_defaults(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)


def _para(container, text: str = "", size: float = BODY_PT, *, bold: bool = False,
          italic: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER, space_after: float = 0):
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    if text:
        set_run_font(p.add_run(text), size, bold=bold, italic=italic)
    return p


def _rule(cell, width_chars: int = 14) -> None:
    """A short centred rule (underlined non-breaking spaces), as under the issuing body."""
    p = cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(p.add_run("\u00a0" * width_chars), 6, underline=True)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _first_paragraph(cell, text: str, size: float, **kw):
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        set_run_font(p.add_run(text), size, **kw)
    return p


def _page_number(section) -> None:
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    set_run_font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)


# --------------------------------------------------------------------------- parts

def _header(document, report: ReportDocument) -> None:
    h = report.header
    table = document.add_table(rows=2, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(10)
    if h.superior_body:
        _first_paragraph(left, h.superior_body, 13)
        _para(left, h.org_name, 13, bold=True)
    else:
        _first_paragraph(left, h.org_name, 13, bold=True)
    _rule(left, 14)
    _first_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    _para(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    _rule(right, 30)
    number, place = table.rows[1].cells
    _first_paragraph(number, h.number_symbol, 13)
    _first_paragraph(place, h.place_date, 14, italic=True)
    _para(document, "", space_after=6)
    _para(document, h.title, 14, bold=True)
    _para(document, h.summary, 14, bold=True)
    _para(document, h.range_label, 14, bold=True)
    _rule(document, 20)  # short rule under the summary


def _runs_into(paragraph, runs: tuple[Run, ...], size: float = BODY_PT) -> None:
    for r in runs:
        set_run_font(paragraph.add_run(r.text), size, bold=r.bold or None, italic=r.italic or None)


def _body_paragraph(document, runs: tuple[Run, ...], prefix: str = ""):
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = p.paragraph_format
    fmt.first_line_indent = Cm(1)
    fmt.space_before = Pt(6)
    fmt.line_spacing = 1.1
    if prefix:
        set_run_font(p.add_run(prefix), BODY_PT)
    _runs_into(p, runs)
    return p


def _heading(document, block: Heading) -> None:
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.first_line_indent = Cm(1)
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.keep_with_next = True
    set_run_font(p.add_run(block.text), BODY_PT, bold=True, italic=block.level >= 3 or None)


def _closing(document, report: ReportDocument) -> None:
    c = report.closing
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(8), Cm(8.5)
    p = left.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    set_run_font(p.add_run("Nơi nhận:"), 12, bold=True, italic=True)
    for item in c.recipients:
        _para(left, f"- {item}", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for title in c.signer_titles:
        if first:
            _first_paragraph(right, title, 14, bold=True)
            first = False
        else:
            _para(right, title, 14, bold=True)
    for _ in range(4):
        _para(right, "")
    _para(right, c.signer_name, 14, bold=True)


def _cell_text(cell, text: str, size: float, *, bold: bool = False, italic: bool = False,
               align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    set_run_font(p.add_run(text), size, bold=bold, italic=italic)


def _annex(document, table: Table) -> None:
    _para(document, table.title, 13, bold=True)
    for line in table.subtitle:
        _para(document, line, 13, italic=True)
    _para(document, "", space_after=6)
    columns = [str(c) for c in table.frame.columns]
    n_cols = len(columns)
    header_rows = 3 if table.header_groups else 2
    word = document.add_table(rows=header_rows + len(table.frame), cols=n_cols)
    word.style = "Table Grid"
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = 11
    if table.header_groups:
        pos = 0
        for label, span in table.header_groups:
            inner = columns[pos:pos + span]
            top = word.cell(0, pos)
            if span == 1 and inner[0].strip() == label:
                top.merge(word.cell(1, pos))
                _cell_text(top, label, size, bold=True)
            else:
                if span > 1:
                    top = top.merge(word.cell(0, pos + span - 1))
                _cell_text(top, label, size, bold=True)
                for j, name in enumerate(inner):
                    _cell_text(word.cell(1, pos + j), name.strip(), size, bold=True)
            pos += span
    else:
        for j, name in enumerate(columns):
            _cell_text(word.cell(0, j), name, size, bold=True)
    numbers_row = header_rows - 1
    for j, number in enumerate(table.column_numbers):
        _cell_text(word.cell(numbers_row, j), number, size, italic=True)
    last = len(table.frame) - 1
    for i, record in enumerate(table.frame.itertuples(index=False)):
        bold = table.totals and i == last
        for j, value in enumerate(record):
            if isinstance(value, str):
                _cell_text(word.cell(header_rows + i, j), value, size, bold=bold,
                           align=WD_ALIGN_PARAGRAPH.LEFT)
                continue
            if is_missing(value):
                text = ""
            elif table.zero_as_dash and float(value) == 0:
                text = "-"
            else:
                text = integer(value)
            _cell_text(word.cell(header_rows + i, j), text, size, bold=bold,
                       align=WD_ALIGN_PARAGRAPH.RIGHT if text != "-" else WD_ALIGN_PARAGRAPH.CENTER)
    if table.note:
        _para(document, table.note, 12, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)


def _core_properties(document, report: ReportDocument) -> None:
    props = document.core_properties
    stamp = report.issued if report.issued is not None else None
    when = (dt.datetime(stamp.year, stamp.month, stamp.day) if stamp is not None
            else dt.datetime(2000, 1, 1))
    props.title = f"{report.header.title} {report.header.summary}"
    props.subject = f"Báo cáo cải cách hành chính {report.period_label}"
    props.author = report.header.org_name
    props.last_modified_by = report.header.org_name
    props.keywords = f"CCHC; {report.period_code}"
    props.comments = "Tạo bởi cchc"
    props.category = "Báo cáo"
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1


# --------------------------------------------------------------------------- entry point

def build_docx(report: ReportDocument):
    """The report as a python-docx ``Document`` (not yet saved)."""
    document = Document()
    _style_defaults(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_W, PAGE_H
    for side, size in MARGINS.items():
        setattr(section, f"{side}_margin", size)
    _page_number(section)
    for notice in report.notices:
        _para(document, notice, 11, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _header(document, report)
    for block in report.body:
        if isinstance(block, Heading):
            _heading(document, block)
        elif isinstance(block, Paragraph):
            _body_paragraph(document, block.runs)
        elif isinstance(block, BulletList):
            for item in block.items:
                _body_paragraph(document, item, prefix="- ")
        elif isinstance(block, Table):
            _annex(document, block)
    _para(document, "", space_after=6)
    _closing(document, report)
    for k, block in enumerate(report.annexes):
        if k == 0 or isinstance(block, Table):
            annex_section = document.add_section(WD_SECTION.NEW_PAGE)
            annex_section.orientation = WD_ORIENT.LANDSCAPE
            annex_section.page_width, annex_section.page_height = PAGE_H, PAGE_W
            annex_section.top_margin = annex_section.bottom_margin = Mm(20)
            annex_section.left_margin, annex_section.right_margin = Mm(20), Mm(15)
        if isinstance(block, Table):
            _annex(document, block)
        elif isinstance(block, Heading):
            _heading(document, block)
        elif isinstance(block, Paragraph):
            _body_paragraph(document, block.runs)
    _core_properties(document, report)
    return document


def write_docx(report: ReportDocument, path: Path | str) -> Path:
    """Save the report as ``path`` (.docx) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_docx(report).save(str(path))
    return path
