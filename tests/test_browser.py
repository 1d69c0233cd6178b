"""Every published page in a real browser: system Chromium driven by Playwright.

One shared 2022-H1 run of the sample data is loaded from disk, with every
network request blocked, at a phone width (375 px) and a desktop width
(1280 px); the report page and the overview are printed to A4 PDF.
Screenshots and PDFs are kept in :data:`ARTIFACTS` (printed in the test
output) for a reviewer to look at.

Run alone::

    .venv/bin/python -m pytest tests/test_browser.py -q

Measure the figures of a published period (page size, smallest chart text
at 375 px, widest table against the viewport, A4 page count)::

    .venv/bin/python tests/test_browser.py reports/2022-H1

The tests are skipped, with the reason, only when no Chromium is installed
(``apt-get install -y chromium``); Playwright never downloads a browser.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Where screenshots and PDFs go (``$CCHC_BROWSER_ARTIFACTS`` overrides it).
ARTIFACTS = Path(os.environ.get("CCHC_BROWSER_ARTIFACTS", ROOT / "build" / "browser-artifacts"))
WIDTHS = (375, 1280)
#: Smallest readable chart text, CSS px, at 375 px.
MIN_CHART_TEXT = 11.0
#: A4 (210 mm) less the 12 mm side margins of ``@page`` in report.css, in CSS px (96 px/in).
PRINTABLE_WIDTH = (210 - 2 * 12) / 25.4 * 96
#: Headers a leader needs: they must be on screen without scrolling sideways.
KEY_COLUMNS = re.compile(r"trễ hạn|quá hạn|tỷ lệ|tổng số", re.IGNORECASE)
#: The pages named in the issue's evidence table (notebook file stem → short name).
EVIDENCE_PAGES = {"01_tong_quan": "overview", "03_ho_so": "dossiers", "02_nhiem_vu": "tasks",
                  "06_xu_huong": "trend", "08_bao_cao": "report"}
PRINTED = ("01_tong_quan", "08_bao_cao")


def chromium_path() -> str | None:
    """The system Chromium (``$CCHC_CHROMIUM`` first), or None when none is installed."""
    for name in (os.environ.get("CCHC_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        found = name and shutil.which(name)
        if found:
            return found
    return None


#: Facts about the loaded page, measured by the browser itself.
MEASURE_JS = r"""
() => {
  const vw = document.documentElement.clientWidth;
  const texts = [];
  for (const t of document.querySelectorAll('svg text')) {
    if (!t.textContent.trim()) continue;
    const m = t.getScreenCTM();
    if (!m) continue;
    texts.push(parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b));
  }
  // Raster charts (before issue 11): retina PNGs drawn at 2x; their smallest text is 8 pt.
  const images = [];
  for (const img of document.querySelectorAll('img')) {
    if (!img.naturalWidth) continue;
    images.push(8 * 96 / 72 * img.getBoundingClientRect().width / (img.naturalWidth / 2));
  }
  const tables = [];
  for (const table of document.querySelectorAll('main table')) {
    const r = table.getBoundingClientRect();
    if (r.width === 0) continue;  // inside a closed <details>
    const heads = [...table.querySelectorAll('thead th')];
    const off = el => { const b = el.getBoundingClientRect(); return b.right > vw + 1 || b.left < -1; };
    // shown headers (a stacked table hides them) and, in the first row, the cells of key columns
    const hidden = heads.filter((th, i) => th.getBoundingClientRect().width > 0
        && (i === 0 || /KEY/i.test(th.textContent)) && off(th)).map(th => th.textContent.trim());
    const first = table.querySelector('tbody tr');
    for (const td of first ? first.querySelectorAll('td[data-label]') : []) {
      const label = td.dataset.label;
      if ((td === first.cells[0] || new RegExp('KEY', 'i').test(label))
          && (td.getBoundingClientRect().width === 0 || off(td))) hidden.push(label);
    }
    const anywhere = [...table.querySelectorAll('th, td')].some(
        c => getComputedStyle(c).overflowWrap === 'anywhere' || getComputedStyle(c).wordBreak === 'break-all');
    tables.push({caption: (table.caption ? table.caption.textContent : heads.map(h => h.textContent).join(' | ')).slice(0, 80),
                 width: r.width, right: r.right, hidden, anywhere});
  }
  return {vw, scrollWidth: document.documentElement.scrollWidth,
          svgText: texts.length ? Math.min(...texts) : null,
          imageText: images.length ? Math.min(...images) : null,
          charts: document.querySelectorAll('svg').length + images.length,
          tables};
}
""".replace("KEY", KEY_COLUMNS.pattern)


#: Contrast of every text of the cards, the action block, tables, captions and header meta.
CONTRAST_JS = r"""
() => {
  const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  const sel = '.card *, section.action *, main table th, main table td, caption, .cchc-header .meta, summary, p.download a';
  for (const el of document.querySelectorAll(sel)) {
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    if (!el.getClientRects().length) continue;
    const a = lum(rgb(getComputedStyle(el).color).slice(0, 3)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) low.push([el.textContent.trim().slice(0, 30), Math.round(ratio * 100) / 100]);
  }
  const small = [];
  for (const el of document.querySelectorAll('ul.pages a, nav.toc a, section.action a, summary, p.download a, .cchc-header .meta a')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.height < 24) small.push([el.textContent.trim().slice(0, 30), r.height]);
  }
  return {low, small};
}
"""


def open_page(browser, path: Path, width: int, media: str = "screen"):
    """Load ``path`` at ``width`` px with every network request blocked.

    Returns ``(page, requests, errors)``: the URLs the page asked for beyond
    itself and the console errors / uncaught exceptions it raised.
    """
    context = browser.new_context(viewport={"width": width, "height": 800}, offline=True,
                                  java_script_enabled=True)
    page = context.new_page()
    url = path.resolve().as_uri()
    requests: list[str] = []
    errors: list[str] = []

    def route(r):
        if r.request.url != url:
            requests.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.emulate_media(media=media)
    page.goto(url, wait_until="load")
    return page, requests, errors


def pdf_pages(pdf: bytes) -> int:
    """Number of pages of a PDF Chromium printed."""
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def printed(browser, path: Path, pdf_path: Path) -> tuple[int, list[dict]]:
    """Print ``path`` to A4 ``pdf_path``; return its page count and the tables as laid out for print."""
    page, _, _ = open_page(browser, path, round(PRINTABLE_WIDTH), media="print")
    try:
        pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
        pdf_path.write_bytes(pdf)
        tables = page.evaluate(MEASURE_JS)["tables"]
    finally:
        page.context.close()
    return pdf_pages(pdf), tables


def measure(folder: Path, browser, shots: Path | None = None) -> list[dict]:
    """The evidence figures of each page of :data:`EVIDENCE_PAGES` in ``folder``."""
    rows = []
    for stem, name in EVIDENCE_PAGES.items():
        path = folder / f"{stem}.html"
        if not path.exists():
            continue
        page, _, _ = open_page(browser, path, 375)
        facts = page.evaluate(MEASURE_JS)
        page.context.close()
        chart = [v for v in (facts["svgText"], facts["imageText"]) if v is not None]
        widest = max((t["width"] for t in facts["tables"]), default=0)
        pages, _ = printed(browser, path, (shots or Path("/tmp")) / f"{stem}-measure.pdf")
        rows.append({"page": name, "kb": path.stat().st_size / 1024,
                     "chart_px": min(chart) if chart else None, "table_px": widest,
                     "viewport": facts["vw"], "pdf_pages": pages})
    return rows


def format_rows(rows: list[dict]) -> str:
    """The evidence table as Markdown."""
    out = ["| page | size (KB) | smallest chart text at 375 px | widest table / viewport (375 px) "
           "| A4 pages |", "|---|---:|---:|---:|---:|"]
    for r in rows:
        chart = f"{r['chart_px']:.1f} px" if r["chart_px"] is not None else "no chart"
        out.append(f"| {r['page']} | {r['kb']:.0f} | {chart} | {r['table_px']:.0f} / {r['viewport']} "
                   f"| {r['pdf_pages']} |")
    return "\n".join(out)


# --------------------------------------------------------------------------- tests

CHROMIUM = chromium_path()
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                                 "(apt-get install -y chromium); the browser tests need it")]


@pytest.fixture(scope="session")
def site(published) -> Path:
    """The shared 2022-H1 run of the sample (tests/conftest.py): its period folder."""
    return published["folder"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    print(f"\nbrowser artefacts (screenshots, PDFs): {ARTIFACTS}")
    return ARTIFACTS


def _pages(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.html")) + [folder.parent / "index.html"]


@pytest.fixture(scope="session")
def loaded(site, browser, artifacts) -> dict:
    """Facts of every page at each width, with a full-page screenshot of each."""
    facts = {}
    for path in _pages(site):
        name = "root-index" if path.parent != site else path.stem
        for width in WIDTHS:
            page, requests, errors = open_page(browser, path, width)
            try:
                page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=True)
                facts[name, width] = {**page.evaluate(MEASURE_JS), **page.evaluate(CONTRAST_JS),
                                      "requests": requests, "errors": errors,
                                      "bytes": path.stat().st_size}
            finally:
                page.context.close()
    return facts


def test_every_page_is_loaded(loaded, site):
    names = {n for n, _ in loaded}
    assert {"index", "root-index", *EVIDENCE_PAGES} <= names


def test_no_network_request_and_no_console_error(loaded):
    bad = {k: (f["requests"], f["errors"]) for k, f in loaded.items() if f["requests"] or f["errors"]}
    assert not bad


def test_no_horizontal_overflow(loaded):
    wide = {k: (f["scrollWidth"], f["vw"]) for k, f in loaded.items() if f["scrollWidth"] > f["vw"]}
    assert not wide


def test_every_page_is_at_most_500_kb(loaded):
    big = {k[0]: f["bytes"] for k, f in loaded.items() if f["bytes"] > 500 * 1024}
    assert not big


def test_charts_are_vector_with_text_of_at_least_11_px_on_a_phone(loaded):
    raster = {k[0]: f["imageText"] for k, f in loaded.items() if f["imageText"] is not None}
    assert not raster, "charts must be inline SVG, not images"
    small = {k[0]: round(f["svgText"], 1) for k, f in loaded.items()
             if k[1] == 375 and f["svgText"] is not None and f["svgText"] < MIN_CHART_TEXT}
    assert not small
    assert loaded["03_ho_so", 375]["charts"] > 0


def test_key_columns_of_every_table_are_visible(loaded):
    hidden = {(k, t["caption"]): t["hidden"] for k, f in loaded.items() for t in f["tables"]
              if t["hidden"]}
    assert not hidden


def test_no_letter_by_letter_breaking_in_tables(loaded):
    broken = {(k, t["caption"]) for k, f in loaded.items() for t in f["tables"] if t["anywhere"]}
    assert not broken


def test_text_contrast_and_tap_targets(loaded):
    low = {k: f["low"][:5] for k, f in loaded.items() if f["low"]}
    assert not low, "contrast below 4.5:1"
    small = {k: f["small"][:5] for k, f in loaded.items() if f["small"]}
    assert not small, "tap targets under 24 px"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_landing_pages_lead_with_key_figures_and_what_needs_action(site):
    import pandas as pd

    figures = pd.read_csv(site / "indicators.csv", dtype={"dimension": str})
    totals = figures[figures["dimension"].fillna("") == ""].set_index("code")["value"]
    overdue_tasks = int(totals["nv_in_progress_overdue"])
    for page in (site / "index.html", site.parent / "index.html"):
        text = _text(page)
        cards = re.findall(r'<div class="card (good|bad|neutral)"', text)
        assert 4 <= len(cards) <= 6, page
        assert text.index('class="cards key"') < text.index('id="can-xu-ly"') < text.index("Các ")
        assert f"{overdue_tasks} nhiệm vụ quá hạn" in text
        assert 'class="card neutral" data-code="hs_received"' in text  # a volume is neutral


def test_report_page_has_one_h1_contents_and_the_word_link(site):
    text = _text(site / "08_bao_cao.html")
    assert text.count("<h1") == 1
    toc = re.search(r'<nav[^>]*class="toc"[^>]*>(.*?)</nav>', text, re.S).group(1)
    assert toc.count("<li>") >= 4 and 'href="#muc-1"' in toc
    assert 'href="bao-cao-cchc-2022-H1.docx"' in text


@pytest.mark.parametrize("stem", PRINTED)
def test_printed_a4_tables_fit_the_printable_width(site, browser, artifacts, stem):
    pages, tables = printed(browser, site / f"{stem}.html", artifacts / f"{stem}-A4.pdf")
    assert pages >= 1
    too_wide = [(t["caption"], round(t["width"])) for t in tables if t["right"] > PRINTABLE_WIDTH + 1]
    assert not too_wide


if __name__ == "__main__":  # the evidence table of a published period
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        sys.exit("Chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        print(format_rows(measure(Path(sys.argv[1]), b)))
        b.close()
