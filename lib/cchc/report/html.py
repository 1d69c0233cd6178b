"""Render a :class:`~cchc.report.model.ReportDocument` as escaped HTML for the report page.

Every text — from spreadsheets, settings or the staff's narrative — goes
through :func:`html.escape`; only the emphasis already split into runs becomes
``<strong>``/``<em>``. The annex tables need two header rows plus the row of
column numbers, which the generic table helper does not draw, so they are
rendered here (vi-VN numbers, right-aligned, "-" for zero where the reference
writes it, totals row in bold).
"""

from __future__ import annotations

import html as _html
import itertools
import re

from .figures import integer, is_missing
from .model import BulletList, Heading, Paragraph, Placeholder, ReportDocument, Run, Table

_CSS = """
<style>
.cchc-report{font-family:"Times New Roman",Times,serif;font-size:14px;line-height:1.5;max-width:60em}
.cchc-report .hdr{display:flex;justify-content:space-between;gap:1em;text-align:center;flex-wrap:wrap}
.cchc-report .hdr div{flex:1 1 16em}
.cchc-report .rule{display:block;width:6em;margin:2px auto;border-top:1px solid #000}
.cchc-report p.doc-title{font-size:16px;font-weight:bold;text-align:center;text-indent:0;margin:1em 0 0}
.cchc-report h2{font-size:14px;margin:1em 0 .3em}
.cchc-report h3,.cchc-report h4{font-size:14px;margin:.8em 0 .3em}
.cchc-report p{text-align:justify;text-indent:2em;margin:.3em 0}
.cchc-report p.c{text-align:center;text-indent:0}
.cchc-report ul{list-style:none;padding-left:2em;margin:.3em 0}
.cchc-report ul li::before{content:"- "}
.cchc-report .notice{border-left:4px solid #c77700;background:#fff6e5;padding:.4em .8em;text-indent:0}
.cchc-report table.annex{border-collapse:collapse;margin:.5em 0;font-size:13px;overflow-wrap:normal;word-break:normal}
.cchc-report table.annex caption{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.cchc-report table.annex th,.cchc-report table.annex td{border:1px solid #000;padding:2px 6px}
.cchc-report table.annex td.num{text-align:right;white-space:nowrap}
.cchc-report table.annex tr.total td{font-weight:bold}
.cchc-report .end{display:flex;justify-content:space-between;gap:1em;flex-wrap:wrap;margin-top:1em}
.cchc-report .end .sign{text-align:center;font-weight:bold}
.cchc-report .annex-wrap{overflow-x:auto}
.cchc-report sup.fn a{text-decoration:none}
.cchc-report .footnotes{font-size:12px;border-top:1px solid #000;margin-top:1em;padding-top:.3em}
</style>
"""


def esc(text: object) -> str:
    """Escape any value for HTML text and attributes."""
    return _html.escape("" if text is None else str(text), quote=True)


class _Notes:
    """Footnotes met while rendering, numbered in order of first reference."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def ref(self, text: str) -> str:
        self.texts.append(text)
        n = len(self.texts)
        return f'<sup class="fn" id="fnref-{n}"><a href="#fn-{n}">{n}</a></sup>'

    def html(self) -> str:
        if not self.texts:
            return ""
        items = "".join(f'<li id="fn-{n}">{esc(t)} <a href="#fnref-{n}">↩</a></li>'
                        for n, t in enumerate(self.texts, start=1))
        return f'<section class="footnotes"><ol>{items}</ol></section>'


def _runs(runs: tuple[Run, ...], notes: "_Notes | None" = None) -> str:
    out = []
    for r in runs:
        if r.footnote is not None and notes is not None:
            out.append(notes.ref(r.footnote))
            continue
        text = esc(r.text)
        if r.italic:
            text = f"<em>{text}</em>"
        if r.bold:
            text = f"<strong>{text}</strong>"
        out.append(text)
    return "".join(out)


def _cell(value: object, zero_as_dash: bool) -> tuple[str, bool]:
    """(escaped text, numeric?) for one annex cell."""
    if isinstance(value, str):
        return esc(value), False
    if is_missing(value):
        return "", True
    if zero_as_dash and float(value) == 0:
        return "-", True
    return esc(integer(value)), True


def render_table(table: Table) -> str:
    """An annex table: title, subtitle, grouped headers, column numbers, rows, totals."""
    parts = [f'<p class="c"><strong>{esc(table.label)}</strong></p>'] if table.label else []
    if table.attached:
        parts.append(f'<p class="c"><em>{esc(table.attached)}</em></p>')
    parts.append(f'<p class="c"><strong>{esc(table.title)}</strong></p>')
    parts += [f'<p class="c"><em>{esc(s)}</em></p>' for s in table.subtitle]
    parts.append(f'<div class="annex-wrap"><table class="annex stack"><caption>{esc(table.title)}'
                 "</caption><thead>")
    columns = [str(c) for c in table.frame.columns]
    # each body cell names its column (group and header) for the stacked phone layout
    leaf_labels = [c.strip() for c in columns]
    if table.header_groups:
        row, pos = [], 0
        for label, span in table.header_groups:
            inner = columns[pos:pos + span]
            if span == 1 and inner[0].strip() == label:
                row.append(f'<th scope="col" rowspan="2">{esc(label)}</th>')
            else:
                row.append(f'<th scope="colgroup" colspan="{span}">{esc(label)}</th>')
                leaf_labels[pos:pos + span] = [f"{label} – {c.strip()}" for c in inner]
            pos += span
        parts.append("<tr>" + "".join(row) + "</tr>")
        second, pos = [], 0
        for label, span in table.header_groups:
            inner = columns[pos:pos + span]
            if not (span == 1 and inner[0].strip() == label):
                second += [f'<th scope="col">{esc(c.strip())}</th>' for c in inner]
            pos += span
        parts.append("<tr>" + "".join(second) + "</tr>")
    else:
        parts.append("<tr>" + "".join(f'<th scope="col">{esc(c)}</th>' for c in columns) + "</tr>")
    parts.append("<tr>" + "".join(f"<th>{esc(n)}</th>" for n in table.column_numbers) + "</tr>")
    parts.append("</thead><tbody>")
    n_rows = len(table.frame)
    for i, record in enumerate(table.frame.itertuples(index=False)):
        cls = ' class="total"' if table.totals and i == n_rows - 1 else ""
        cells = []
        for value, label in zip(record, leaf_labels):
            text, numeric = _cell(value, table.zero_as_dash)
            cls = ' class="num"' if numeric else ""
            cells.append(f'<td{cls} data-label="{esc(label)}">{text}</td>')
        parts.append(f"<tr{cls}>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table></div>")
    if table.note:
        parts.append(f"<p><em>{esc(table.note)}</em></p>")
    return "\n".join(parts)


def _block(block, notes: "_Notes | None" = None) -> str:
    if isinstance(block, Heading):
        tag = f"h{min(block.level + 1, 4)}"
        return f"<{tag}>{esc(block.text)}</{tag}>"
    if isinstance(block, Paragraph):
        return f"<p>{_runs(block.runs, notes)}</p>"
    if isinstance(block, BulletList):
        return "<ul>" + "".join(f"<li>{_runs(i, notes)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, Table):
        return render_table(block)
    if isinstance(block, Placeholder):
        return ""  # staff notes are for the Word draft and the data-quality page only
    raise TypeError(f"unknown block {type(block).__name__}")


def render_html(report: ReportDocument) -> str:
    """The whole report as one escaped HTML fragment (with its own scoped CSS)."""
    h = report.header
    out = [_CSS, '<div class="cchc-report">']
    out += [f'<p class="notice">{esc(n)}</p>' for n in report.notices]
    out.append('<div class="hdr"><div>')
    if h.superior_body:
        out.append(f"{esc(h.superior_body)}<br>")
    out.append(f'<strong>{esc(h.org_name)}</strong><span class="rule"></span>'
               f"{esc(h.number_symbol)}</div>")
    out.append('<div><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br>'
               '<strong>Độc lập - Tự do - Hạnh phúc</strong><span class="rule"></span>'
               f"<em>{esc(h.place_date)}</em></div></div>")
    # the page's own header holds the one <h1>; the document title is styled like the Word file's
    out.append(f'<p class="doc-title">{esc(h.title)}</p>')
    out.append(f'<p class="c"><strong>{esc(h.summary)}</strong></p>')
    if h.range_label:
        out.append(f'<p class="c"><strong>{esc(h.range_label)}</strong></p>')
    notes = _Notes()
    out += [x for x in (_block(b, notes) for b in report.body) if x]
    c = report.closing
    out.append('<div class="end"><div><strong><em>Nơi nhận:</em></strong><br>'
               + "<br>".join(f"- {esc(r)}" for r in c.recipients) + "</div>")
    out.append('<div class="sign">' + "<br>".join(esc(t) for t in c.signer_titles)
               + "<br><br><br>" + esc(c.signer_name) + "</div></div>")
    out.append(notes.html())
    if report.annexes:
        out.append("<hr>")
        out += [x for x in (_block(b, notes) for b in report.annexes) if x]
    out.append("</div>")
    return _numbered_headings("\n".join(out))


def _numbered_headings(text: str) -> str:
    """Give every ``<h2>``/``<h3>`` an id (``muc-1``, ``muc-2``…) so the page lists them in its contents."""
    counter = itertools.count(1)
    return re.sub(r"<(h[23])>", lambda m: f'<{m[1]} id="muc-{next(counter)}">', text)
