"""Render a :class:`~cchc.report.model.ReportDocument` as escaped HTML for the report page.

The page is the template ``templates/components/report.html.j2`` (autoescape):
every text — from spreadsheets, settings or the staff's narrative — is
escaped; only the emphasis already split into runs becomes
``<strong>``/``<em>``. The annex tables need two header rows plus the row of
column numbers, which the generic table helper does not draw, so they have
their own component ``annex_table.html.j2`` (vi-VN numbers, right-aligned,
"-" for zero where the reference writes it, totals row in bold).
"""

from __future__ import annotations

import itertools

from ..templating import render
from .figures import integer, is_missing
from .model import BulletList, Heading, Paragraph, Placeholder, ReportDocument, Run, Table


class _Notes:
    """Footnotes met while building the view, numbered in order of reference."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def ref(self, text: str) -> int:
        self.texts.append(text)
        return len(self.texts)


def _runs(runs: tuple[Run, ...], notes: _Notes) -> list[dict]:
    """Runs as the template draws them (a footnote reference carries its number)."""
    return [
        {
            "text": r.text,
            "bold": r.bold,
            "italic": r.italic,
            "note": notes.ref(r.footnote) if r.footnote is not None else None,
        }
        for r in runs
    ]


def _cell(value: object, zero_as_dash: bool) -> tuple[str, bool]:
    """(text, numeric?) for one annex cell."""
    if isinstance(value, str):
        return value, False
    if is_missing(value):
        return "", True
    if zero_as_dash and float(value) == 0:
        return "-", True
    return integer(value), True


def _header_rows(table: Table) -> tuple[list[list[dict]], list[str]]:
    """The annex's header rows (grouped headers span their columns) and each column's full label."""
    columns = [str(c) for c in table.frame.columns]
    # each body cell names its column (group and header) for the stacked phone layout
    leaf_labels = [c.strip() for c in columns]
    if not table.header_groups:
        return [[{"text": c, "scope": "col", "colspan": 1, "rowspan": 1} for c in columns]], leaf_labels
    first: list[dict] = []
    second: list[dict] = []
    pos = 0
    for label, span in table.header_groups:
        inner = columns[pos : pos + span]
        if span == 1 and inner[0].strip() == label:
            first.append({"text": label, "scope": "col", "colspan": 1, "rowspan": 2})
        else:
            first.append({"text": label, "scope": "colgroup", "colspan": span, "rowspan": 1})
            second += [{"text": c.strip(), "scope": "col", "colspan": 1, "rowspan": 1} for c in inner]
            leaf_labels[pos : pos + span] = [f"{label} – {c.strip()}" for c in inner]
        pos += span
    return [first, second], leaf_labels


def _table_view(table: Table) -> dict:
    """An annex table as the template draws it: titles, header rows, column numbers, rows, totals."""
    header_rows, labels = _header_rows(table)
    n_rows = len(table.frame)
    rows = []
    for i, record in enumerate(table.frame.itertuples(index=False)):
        cells = [
            dict(zip(("text", "numeric"), _cell(value, table.zero_as_dash)), label=label)
            for value, label in zip(record, labels)
        ]
        rows.append({"total": bool(table.totals) and i == n_rows - 1, "cells": cells})
    return {
        "label": table.label,
        "attached": table.attached,
        "title": table.title,
        "subtitle": list(table.subtitle),
        "header_rows": header_rows,
        "column_numbers": list(table.column_numbers),
        "rows": rows,
        "note": table.note,
    }


def _block(block, notes: _Notes, heading_ids: itertools.count) -> dict | None:
    """One block as the template draws it; ``None`` for what the page does not show."""
    if isinstance(block, Heading):
        level = min(block.level + 1, 4)
        # every h2/h3 gets an id (muc-1, muc-2…) so the page lists it in its contents
        ident = f"muc-{next(heading_ids)}" if level in (2, 3) else ""
        return {"kind": "heading", "tag": f"h{level}", "id": ident, "text": block.text}
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "runs": _runs(block.runs, notes)}
    if isinstance(block, BulletList):
        return {"kind": "list", "entries": [_runs(i, notes) for i in block.items]}
    if isinstance(block, Table):
        return {"kind": "table", "table": _table_view(block)}
    if isinstance(block, Placeholder):
        return None  # staff notes are for the Word draft and the data-quality page only
    raise TypeError(f"unknown block {type(block).__name__}")


def render_table(table: Table) -> str:
    """An annex table: title, subtitle, grouped headers, column numbers, rows, totals."""
    return str(render("components/annex_table.html.j2", t=_table_view(table)))


def render_html(report: ReportDocument) -> str:
    """The whole report as one escaped HTML fragment (with its own scoped CSS)."""
    h, c = report.header, report.closing
    notes, ids = _Notes(), itertools.count(1)
    body = [b for b in (_block(x, notes, ids) for x in report.body) if b]
    annexes = [b for b in (_block(x, notes, ids) for x in report.annexes) if b]
    view = {
        "notices": list(report.notices),
        "superior_body": h.superior_body,
        "org_name": h.org_name,
        "number_symbol": h.number_symbol,
        "place_date": h.place_date,
        "title": h.title,
        "summary": h.summary,
        "range_label": h.range_label,
        "body": body,
        "annexes": annexes,
        "recipients": list(c.recipients),
        "signer_titles": list(c.signer_titles),
        "signer_name": c.signer_name,
        "footnotes": notes.texts,
    }
    return str(render("components/report.html.j2", report=view))
