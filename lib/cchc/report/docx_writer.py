"""Write a :class:`~cchc.report.model.ReportDocument` as a Word file (python-docx).

Presentation follows Nghị định 30/2020/NĐ-CP (Phụ lục I) for administrative
documents:

- A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm; page number
  centred in the header from page 2, continuing through the annexes;
- Times New Roman everywhere, with the East-Asian and complex-script font
  attributes set too so Word never substitutes another face for Vietnamese;
  the document language is Vietnamese (``w:lang`` vi-VN in the defaults and
  the styles), so Word checks spelling in Vietnamese;
- header block: a borderless two-column table of fixed widths (6 cm and
  10,5 cm), superior body (13 pt) and the issuing body (13 pt bold) with a
  short rule under it on the left, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (12 pt
  bold, on one line) and the motto (13 pt bold) with a rule as long as the
  motto on the right — rules are paragraph borders, not underlined spaces —
  then "Số: …/BC-VP" (13 pt) left and the place and date (14 pt italic) right;
- "BÁO CÁO" (14 pt bold, centred), its summary line (14 pt bold) and a short rule;
- body 14 pt, justified, first-line indent 1 cm, headings bold and kept with
  what follows; "[Cần bổ sung: …]" placeholders highlighted in yellow;
- footnotes (``[^1]`` in the narrative) as real Word footnotes (a footnotes
  part written here: python-docx has no footnote API);
- "Nơi nhận:" (12 pt bold italic) with its items (11 pt) left, the signature
  block (14 pt bold) right, in a borderless table whose row cannot break
  across pages, so the signature block is never split;
- annexes "Phụ lục I", "Phụ lục II" … with "(Kèm theo Báo cáo số …)" on
  landscape pages as Word tables with grouped headers repeated on every
  page, column widths following their content, the row of column numbers
  and a bold totals row.

The file is byte-reproducible: core properties are derived from the report
only (dates from the period's end, no clock, no user name) and the zip
entries carry that fixed timestamp, so identical inputs give identical files.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Mm, Pt

from .figures import integer, is_missing
from .model import BulletList, Heading, Paragraph, Placeholder, ReportDocument, Run, Table

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
BODY_PT = 14
PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}


# --------------------------------------------------------------------------- primitives


def set_run_font(
    run,
    size: float | None = None,
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    underline: bool | None = None,
) -> None:
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


def _set_lang(rpr) -> None:
    """``<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>`` on a run-properties element."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _style_defaults(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    # the document's language: the defaults and every style that sets one
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            rpr = rpr_default.find(qn("w:rPr"))
            if rpr is not None:
                _set_lang(rpr)
    _set_lang(style.element.get_or_add_rPr())
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)


def _para(
    container,
    text: str = "",
    size: float = BODY_PT,
    *,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    space_after: float = 0,
):
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    if text:
        set_run_font(p.add_run(text), size, bold=bold, italic=italic)
    return p


def _rule(container, width: Cm, available: Cm) -> None:
    """A centred horizontal rule ``width`` long: the top border of an empty 2-pt paragraph
    indented from both sides of the ``available`` width (a real line, not underlined spaces)."""
    p = container.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = p.paragraph_format
    side = Emu(max(int((available - width) / 2), 0))
    fmt.left_indent = fmt.right_indent = side
    fmt.space_before = Pt(3)
    fmt.line_spacing = Pt(3)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, val in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), val)
    borders.append(top)
    ppr.insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr"
    )
    set_run_font(p.add_run(""), 2)


def _fixed_widths(table, widths: list) -> None:
    """Fixed layout with the given column widths (grid and every cell), so Word and
    LibreOffice draw the same columns."""
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width.twips if hasattr(width, "twips") else Emu(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _row_cannot_split(row, *, header: bool = False) -> None:
    """A table row that never breaks across pages; ``header`` repeats it on every page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


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

#: Header block column widths (the text width is 16,5 cm).
HEADER_LEFT, HEADER_RIGHT = Cm(6.0), Cm(10.5)


def _header(document, report: ReportDocument) -> None:
    h = report.header
    table = document.add_table(rows=2, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, [HEADER_LEFT, HEADER_RIGHT])
    left, right = table.rows[0].cells
    if h.superior_body:
        _first_paragraph(left, h.superior_body, 13)
        _para(left, h.org_name, 13, bold=True)
    else:
        _first_paragraph(left, h.org_name, 13, bold=True)
    _rule(left, Cm(2.2), HEADER_LEFT)
    motto = _first_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    motto.paragraph_format.left_indent = motto.paragraph_format.right_indent = Cm(-0.15)
    _para(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    _rule(right, Cm(6.0), HEADER_RIGHT)
    number, place = table.rows[1].cells
    _first_paragraph(number, h.number_symbol, 13)
    _first_paragraph(place, h.place_date, 14, italic=True)
    for row in table.rows:
        _row_cannot_split(row)
    _para(document, "", space_after=6)
    _para(document, h.title, 14, bold=True)
    _para(document, h.summary, 14, bold=True)
    if h.range_label:
        _para(document, h.range_label, 14, bold=True)
    _rule(document, Cm(4), PAGE_W - MARGINS["left"] - MARGINS["right"])  # under the summary


class _Footnotes:
    """The document's footnotes part, created when the first footnote is met.

    Ids -1 and 0 are Word's separator and continuation separator (no
    footnote mark in them); the report's notes are numbered from 1.
    """

    def __init__(self, document) -> None:
        self.document = document
        self.notes: list[str] = []

    def reference(self, paragraph, text: str, size: float = BODY_PT) -> None:
        self.notes.append(text)
        run = paragraph.add_run()
        set_run_font(run, size)
        run.font.superscript = True
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(len(self.notes)))
        run._r.append(ref)

    def xml(self) -> bytes:
        def esc(t: str) -> str:
            return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

        font = (
            f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
            f'<w:lang w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}"/>'
        )
        parts = [
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {nsdecls("w")}>',
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
            'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
            'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
            "</w:r></w:p></w:footnote>",
        ]
        for n, text in enumerate(self.notes, start=1):
            parts.append(
                f'<w:footnote w:id="{n}"><w:p><w:pPr><w:jc w:val="both"/></w:pPr>'
                f'<w:r><w:rPr>{font}<w:vertAlign w:val="superscript"/><w:sz w:val="20"/></w:rPr>'
                f'<w:footnoteRef/></w:r><w:r><w:rPr>{font}<w:sz w:val="20"/></w:rPr>'
                f'<w:t xml:space="preserve"> {esc(text)}</w:t></w:r></w:p></w:footnote>'
            )
        parts.append("</w:footnotes>")
        return "".join(parts).encode("utf-8")

    def attach(self) -> None:
        """Add the footnotes part (and the settings' separator references) when there are notes."""
        if not self.notes:
            return
        doc_part = self.document.part
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.xml(), doc_part.package)
        doc_part.relate_to(part, RT.FOOTNOTES)
        settings = self.document.settings.element
        if settings.find(qn("w:footnotePr")) is None:
            pr = OxmlElement("w:footnotePr")
            for fid in ("-1", "0"):
                el = OxmlElement("w:footnote")
                el.set(qn("w:id"), fid)
                pr.append(el)
            anchor = next(
                (
                    settings.find(qn(t))
                    for t in ("w:endnotePr", "w:compat", "w:rsids", "m:mathPr", "w:themeFontLang")
                    if settings.find(qn(t)) is not None
                ),
                None,
            )
            if anchor is not None:
                anchor.addprevious(pr)
            else:
                settings.append(pr)


def _runs_into(
    paragraph, runs: tuple[Run, ...], size: float = BODY_PT, notes: _Footnotes | None = None
) -> None:
    for r in runs:
        if r.footnote is not None and notes is not None:
            notes.reference(paragraph, r.footnote, size)
            continue
        set_run_font(paragraph.add_run(r.text), size, bold=r.bold or None, italic=r.italic or None)


def _body_paragraph(document, runs: tuple[Run, ...], prefix: str = "", notes: _Footnotes | None = None):
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = p.paragraph_format
    fmt.first_line_indent = Cm(1)
    fmt.space_before = Pt(6)
    fmt.line_spacing = 1.1
    if prefix:
        set_run_font(p.add_run(prefix), BODY_PT)
    _runs_into(p, runs, notes=notes)
    return p


def _placeholder(document, block: Placeholder):
    """ "[Cần bổ sung: …]" in bold italic on a yellow highlight: the office still has to write it."""
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.first_line_indent = Cm(1)
    p.paragraph_format.space_before = Pt(6)
    run = p.add_run(block.marker)
    set_run_font(run, BODY_PT, bold=True, italic=True)
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
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
    _fixed_widths(table, [Cm(7.5), Cm(9.0)])
    _row_cannot_split(table.rows[0])
    left, right = table.rows[0].cells
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


def _cell_text(
    cell, text: str, size: float, *, bold: bool = False, italic: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER
) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    set_run_font(p.add_run(text), size, bold=bold, italic=italic)


def annex_widths(table: Table, available: float) -> list[float]:
    """Column widths (same unit as ``available``) following their content.

    Needs are in characters: a text column (names of fields or sources) needs
    its longest name, at most 36 characters (longer names wrap); a figure
    column its widest figure, its header's longest word (headers wrap between
    words, never inside one) plus a margin, and its column-number
    label "(2)=(3)+(4)+(5)", at least 6. ``available`` is shared in
    proportion to the needs.
    """
    from .figures import integer as _int

    needs = []
    for j, name in enumerate(table.frame.columns):
        values = table.frame.iloc[:, j]
        header_word = max((len(w) for w in str(name).split()), default=1) + 2
        if len(values) and all(isinstance(v, str) for v in values):
            need = max(min(max(len(v) for v in values), 36), header_word)
        else:
            widest = max((len(_int(v)) for v in values), default=1) + 2
            need = max(widest, header_word, len(table.column_numbers[j]) + 1, 6)
        needs.append(need)
    total = sum(needs)
    return [available * n / total for n in needs]


def _annex(document, table: Table) -> None:
    if table.label:
        _para(document, table.label, 13, bold=True).paragraph_format.keep_with_next = True
    if table.attached:
        _para(document, table.attached, 13, italic=True).paragraph_format.keep_with_next = True
    _para(document, table.title, 13, bold=True).paragraph_format.keep_with_next = True
    for line in table.subtitle:
        _para(document, line, 13, italic=True).paragraph_format.keep_with_next = True
    _para(document, "", space_after=6).paragraph_format.keep_with_next = True
    columns = [str(c) for c in table.frame.columns]
    n_cols = len(columns)
    header_rows = 3 if table.header_groups else 2
    word = document.add_table(rows=header_rows + len(table.frame), cols=n_cols)
    word.style = "Table Grid"
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    available = PAGE_H - Mm(20) - Mm(15)
    _fixed_widths(word, [Emu(int(w)) for w in annex_widths(table, int(available))])
    for k in range(header_rows):
        _row_cannot_split(word.rows[k], header=True)
    size = 11
    if table.header_groups:
        pos = 0
        for label, span in table.header_groups:
            inner = columns[pos : pos + span]
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
                _cell_text(
                    word.cell(header_rows + i, j), value, size, bold=bold, align=WD_ALIGN_PARAGRAPH.LEFT
                )
                continue
            if is_missing(value):
                text = ""
            elif table.zero_as_dash and float(value) == 0:
                text = "-"
            else:
                text = integer(value)
            _cell_text(
                word.cell(header_rows + i, j),
                text,
                size,
                bold=bold,
                align=WD_ALIGN_PARAGRAPH.RIGHT if text != "-" else WD_ALIGN_PARAGRAPH.CENTER,
            )
    if table.note:
        _para(document, table.note, 12, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)


def fixed_time(report: ReportDocument) -> dt.datetime:
    """The one timestamp of the file (metadata and zip entries): the issue date when set,
    else the period's last day; never the clock."""
    stamp = report.issued if report.issued is not None else report.period_end
    if stamp is None:
        return dt.datetime(2000, 1, 1)
    return dt.datetime(max(stamp.year, 1980), stamp.month, stamp.day)


def _core_properties(document, report: ReportDocument) -> None:
    props = document.core_properties
    when = fixed_time(report)
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
    notes = _Footnotes(document)
    for notice in [*report.notices, *report.staff_notes]:
        _para(document, notice, 11, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _header(document, report)
    for block in report.body:
        if isinstance(block, Heading):
            _heading(document, block)
        elif isinstance(block, Paragraph):
            _body_paragraph(document, block.runs, notes=notes)
        elif isinstance(block, BulletList):
            for item in block.items:
                _body_paragraph(document, item, prefix="- ", notes=notes)
        elif isinstance(block, Placeholder):
            _placeholder(document, block)
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
            # the page number shows on every annex page and keeps counting
            annex_section.different_first_page_header_footer = False
        if isinstance(block, Table):
            _annex(document, block)
        elif isinstance(block, Heading):
            _heading(document, block)
        elif isinstance(block, Paragraph):
            _body_paragraph(document, block.runs, notes=notes)
        elif isinstance(block, Placeholder):
            _placeholder(document, block)
    notes.attach()
    _core_properties(document, report)
    return document


def _reproducible(blob: bytes, when: dt.datetime) -> bytes:
    """The .docx zip rewritten with every entry stamped ``when`` (same order, same content)."""
    out = io.BytesIO()
    stamp = (when.year, when.month, when.day, 0, 0, 0)
    with (
        zipfile.ZipFile(io.BytesIO(blob)) as src,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def docx_bytes(report: ReportDocument) -> bytes:
    """The report's .docx as bytes, identical for identical reports."""
    buffer = io.BytesIO()
    build_docx(report).save(buffer)
    return _reproducible(buffer.getvalue(), fixed_time(report))


def write_docx(report: ReportDocument, path: Path | str) -> Path:
    """Save the report as ``path`` (.docx, byte-reproducible) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(docx_bytes(report))
    return path
