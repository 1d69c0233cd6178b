"""The period's CCHC report: sentences, narrative, annexes, the block model, HTML and Word.

Public entry points::

    from cchc.report import build_report, render_html, write_docx
    bundle = cchc.build_bundle(data.frames, "2022-H1")   # every figure, computed once
    report = build_report(bundle, settings=settings, narrative_dir="data/raw/narrative")
    html = render_html(report)
    write_docx(report, "bao-cao-cchc-2022-H1.docx")
    report.staff_messages()       # notes and "[Cần bổ sung: …]" for run.log, not for the HTML

Before a run: ``validate_narratives("data/raw", "2022-H1")`` lists the problems of
the period's narrative file, one line each (empty when fine).
"""

from __future__ import annotations

from .annexes import AnnexError
from .document import assemble, build_report
from .docx_writer import write_docx
from .html import render_html
from .model import ReportDocument
from .narrative import NarrativeError, validate_narratives

__all__ = [
    "AnnexError",
    "NarrativeError",
    "ReportDocument",
    "assemble",
    "build_report",
    "render_html",
    "validate_narratives",
    "write_docx",
]
