"""Measure a published period's main pages in Chromium: the evidence table of issue 11.

Usage::

    .venv/bin/python bench/measure_pages.py REPORT_DIR [--before OLD_REPORT_DIR]

``REPORT_DIR`` is a period folder (``reports/2022-H1``). For the overview,
dossier, tasks, trend and report pages it prints a Markdown table of:

- the page's size, and its height at 375 px;
- the smallest chart text at 375 px, in CSS px, and printed on A4, in pt
  (inline SVG text is measured; the raster charts of older versions are
  estimated from their smallest label, 8 pt in a PNG drawn at 2x, marked ≈);
- the widest table against the viewport at 375 px and 1280 px, and the
  number of tables whose key columns (:data:`KEY_COLUMNS`) are off-screen;
- the A4 PDF's page count, the widest printed table against the printable
  width, and the pages whose last text is a heading or caption.

With ``--before`` each cell reads ``before → after``, the second folder
being the "before" (e.g. a run of an older commit built in a throwaway
worktree). It uses the browser set-up of ``tests/test_browser.py`` (system
Chromium through Playwright, every network request blocked); the PDFs are
written to a temporary folder, or to ``--pdf-dir``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_browser import (
    CHROMIUM,
    EVIDENCE_PAGES,
    KEY_COLUMNS,
    MEASURE_JS,
    PRINTABLE_WIDTH,
    headings_ending_pages,
    open_page,
    page_texts,
    printed,
)

#: CSS px to pt (1 px = 1/96 in, 1 pt = 1/72 in).
PT = 0.75


def _chart_text(facts: dict) -> tuple[float | None, bool]:
    """Smallest chart text in CSS px and whether it is an estimate (raster charts only)."""
    svg, image = facts["svgText"], facts["imageText"]
    if image is not None and (svg is None or image < svg):
        return image, True
    return svg, False


def measure_page(browser, path: Path, pdf_dir: Path) -> dict:
    """The evidence figures of one page."""
    row: dict = {"kb": path.stat().st_size / 1024}
    for width in (375, 1280):
        page, _, _ = open_page(browser, path, width)
        try:
            facts = page.evaluate(MEASURE_JS)
            height = page.evaluate("document.documentElement.scrollHeight")
        finally:
            page.context.close()
        row[f"table{width}"] = max((t["width"] for t in facts["tables"]), default=None)
        row[f"vw{width}"] = facts["vw"]
        row[f"hidden{width}"] = sum(1 for t in facts["tables"] if t["hidden"])
        if width == 375:
            row["chart_px"], row["chart_px_est"] = _chart_text(facts)
            row["height375"] = height
    facts = printed(browser, path, pdf_dir / f"{path.stem}.pdf")
    chart, estimated = _chart_text(facts)
    row["chart_pt"], row["chart_pt_est"] = (chart * PT if chart is not None else None), estimated
    row["pdf_pages"] = facts["pages"]
    row["table_print"] = max((t["width"] for t in facts["tables"]), default=None)
    row["heading_ends"] = (
        len(headings_ending_pages(page_texts(facts["pdf"]), facts["headings"]))
        if shutil.which("pdftotext")
        else None
    )
    return row


def measure(folder: Path, browser, pdf_dir: Path) -> dict[str, dict]:
    """Figures of each page of :data:`EVIDENCE_PAGES` found in ``folder``, by short name."""
    return {
        name: measure_page(browser, folder / f"{stem}.html", pdf_dir)
        for stem, name in EVIDENCE_PAGES.items()
        if (folder / f"{stem}.html").exists()
    }


def _cells(row: dict | None) -> list[str]:
    """One page's figures as table cells (``–`` for a page that does not exist)."""
    if row is None:
        return ["–"] * (len(HEADERS) - 1)

    def num(value, fmt="{:.0f}", estimate=False, unit=""):
        return "none" if value is None else ("≈" if estimate else "") + fmt.format(value) + unit

    return [
        num(row["kb"]),
        f"{row['height375']:,}",
        num(row["chart_px"], "{:.1f}", row["chart_px_est"], " px"),
        num(row["chart_pt"], "{:.1f}", row["chart_pt_est"], " pt"),
        f"{num(row['table375'])} / {row['vw375']}",
        str(row["hidden375"]),
        f"{num(row['table1280'])} / {row['vw1280']}",
        str(row["hidden1280"]),
        str(row["pdf_pages"]),
        f"{num(row['table_print'])} / {PRINTABLE_WIDTH:.0f}",
        "n/a" if row["heading_ends"] is None else str(row["heading_ends"]),
    ]


HEADERS = [
    "page",
    "size (KB)",
    "height at 375 px (px)",
    "smallest chart text, 375 px",
    "smallest chart text, A4",
    "widest table / viewport, 375 px",
    "tables with key columns off-screen, 375 px",
    "widest table / viewport, 1280 px",
    "tables with key columns off-screen, 1280 px",
    "A4 pages",
    "widest printed table / printable width (px)",
    "printed pages ending with a heading",
]


def table(after: dict[str, dict], before: dict[str, dict] | None = None) -> str:
    """The Markdown evidence table; with ``before``, each cell is ``before → after``."""
    lines = ["| " + " | ".join(HEADERS) + " |", "|---|" + "---:|" * (len(HEADERS) - 1)]
    for name in EVIDENCE_PAGES.values():
        if name not in after and (before is None or name not in before):
            continue
        new = _cells(after.get(name))
        cells = (
            new
            if before is None
            else [old if old == cur else f"{old} → {cur}" for old, cur in zip(_cells(before.get(name)), new)]
        )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report_dir", type=Path, help="a published period folder (reports/2022-H1)")
    parser.add_argument("--before", type=Path, help="the same period published by an older version")
    parser.add_argument("--pdf-dir", type=Path, help="keep the A4 PDFs here")
    args = parser.parse_args(argv)
    if CHROMIUM is None:
        print("Chromium is not installed (apt-get install -y chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        pdf_dir = args.pdf_dir or Path(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            (pdf_dir / "after").mkdir(parents=True, exist_ok=True)
            after = measure(args.report_dir, browser, pdf_dir / "after")
            before = None
            if args.before:
                (pdf_dir / "before").mkdir(parents=True, exist_ok=True)
                before = measure(args.before, browser, pdf_dir / "before")
        finally:
            browser.close()
    print(table(after, before))
    print(
        f"\nKey columns: headers matching /{KEY_COLUMNS.pattern}/i and each table's first column. "
        f"Printable width: A4 less 12 mm side margins ({PRINTABLE_WIDTH:.0f} CSS px)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
