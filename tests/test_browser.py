"""Every published page in a real browser: system Chromium driven by Playwright.

One shared 2022-H1 run of the sample data is loaded from disk, with every
network request blocked, at a phone width (375 px) and a desktop width
(1280 px); the report page and the overview are printed to A4 PDF.
Screenshots and PDFs are kept in :data:`ARTIFACTS` (printed in the test
output) for a reviewer to look at.

Run alone::

    .venv/bin/python -m pytest tests/test_browser.py -q

``bench/measure_pages.py`` uses the same set-up to print the evidence
figures of a published period (page size, chart text, widest table, A4 pages).

The tests are skipped, with the reason, only when no Chromium is installed
(``apt-get install -y chromium``); Playwright never downloads a browser. The
checks that read a printed page's text use ``pdftotext`` (poppler-utils) and
are skipped, with the reason, without it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Where screenshots and PDFs go (``$CCHC_BROWSER_ARTIFACTS`` overrides it).
ARTIFACTS = Path(os.environ.get("CCHC_BROWSER_ARTIFACTS", ROOT / "build" / "browser-artifacts"))
WIDTHS = (375, 1280)
#: Smallest readable chart text, CSS px, at 375 px.
MIN_CHART_TEXT = 11.0
#: Smallest readable chart text on paper, pt (1 CSS px prints as 0.75 pt).
MIN_PRINTED_CHART_PT = 9.0
#: A4 (210 mm) less the 12 mm side margins of ``@page`` in report.css, in CSS px (96 px/in).
PRINTABLE_WIDTH = (210 - 2 * 12) / 25.4 * 96
#: Headers a leader needs: they must be on screen without scrolling sideways.
KEY_COLUMNS = re.compile(r"trễ hạn|quá hạn|tỷ lệ|tổng số", re.IGNORECASE)
#: The pages named in the issue's evidence table (notebook file stem → short name).
EVIDENCE_PAGES = {
    "01_tong_quan": "overview",
    "03_ho_so": "dossiers",
    "02_nhiem_vu": "tasks",
    "06_xu_huong": "trend",
    "08_bao_cao": "report",
}
#: Top and bottom margin of ``@page`` in report.css, pt.
PAGE_MARGIN_PT = 15 / 25.4 * 72
#: The report page's letterhead starts its first printed page, as in the Word file.
LETTERHEAD = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


#: Texts that must never end a printed page: the headings, table captions and the provenance
#: footer's title, as shown in print.
HEADINGS_JS = r"""
() => [...document.querySelectorAll('h1, h2, h3, h4, h5, caption, footer.provenance > p:first-child')]
  .filter(h => h.getClientRects().length).map(h => h.innerText.trim()).filter(Boolean)
"""


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
  // chart texts drawn over each other (each chart on its own)
  const overlaps = [];
  for (const svg of document.querySelectorAll('svg')) {
    const boxes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
        .map(t => [t.textContent.trim(), t.getBoundingClientRect()]);
    boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, s]) => {
      if (Math.min(r.right, s.right) - Math.max(r.left, s.left) > 1
          && Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top) > 1)
        overlaps.push([(svg.getAttribute('aria-label') || '').slice(0, 60), a + ' / ' + b]);
    }));
  }
  return {vw, scrollWidth: document.documentElement.scrollWidth, overlaps,
          svgText: texts.length ? Math.min(...texts) : null,
          imageText: images.length ? Math.min(...images) : null,
          charts: document.querySelectorAll('svg').length + images.length,
          tables};
}
""".replace("KEY", KEY_COLUMNS.pattern)  # noqa: E501 - long text kept whole (doctest output, narrative, JavaScript)


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
"""  # noqa: E501 - long text kept whole (doctest output, narrative, JavaScript)


#: Tables without a caption, or with a header cell without ``scope`` (page footer included).
UNLABELLED_TABLES_JS = r"""
() => [...document.querySelectorAll('table')]
  .filter(t => !t.caption || [...t.querySelectorAll('th')].some(th => !th.hasAttribute('scope')))
  .map(t => (t.caption ? 'scope: ' : 'caption: ')
            + [...t.querySelectorAll('th')].map(th => th.textContent.trim()).join(' | ').slice(0, 60))
"""


def open_page(browser, path: Path, width: int, media: str = "screen"):
    """Load ``path`` at ``width`` px with every network request blocked.

    Returns ``(page, requests, errors)``: the URLs the page asked for beyond
    itself and the console errors / uncaught exceptions it raised.
    """
    context = browser.new_context(
        viewport={"width": width, "height": 800}, offline=True, java_script_enabled=True
    )
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


def printed(browser, path: Path, pdf_path: Path) -> dict:
    """Print ``path`` to A4 ``pdf_path``; return its page count and facts of its print layout.

    The facts are :data:`MEASURE_JS`'s (tables, smallest chart text in CSS px)
    and the headings shown in print (:data:`HEADINGS_JS`).
    """
    page, _, _ = open_page(browser, path, round(PRINTABLE_WIDTH), media="print")
    try:
        pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
        pdf_path.write_bytes(pdf)
        facts = {**page.evaluate(MEASURE_JS), "headings": page.evaluate(HEADINGS_JS)}
    finally:
        page.context.close()
    return {**facts, "pages": pdf_pages(pdf), "pdf": pdf_path}


def page_texts(pdf_path: Path) -> list[str]:
    """The text of each page of a PDF as laid out (``pdftotext -layout``), one string a page."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def text_in_margins(pdf_path: Path) -> list[tuple[int, str]]:
    """``(page number, word)`` for each word drawn in a page's top or bottom margin.

    Nothing is printed there: a word (or the mark above a capital, Ủ) found
    there spilled over a page break. Read with ``pdftotext -bbox``.
    """
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", xml, re.S), 1):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        for y_min, y_max, word in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', page):
            if float(y_min) < PAGE_MARGIN_PT - 1 or float(y_max) > height - PAGE_MARGIN_PT + 1:
                found.append((number, word))
    return found


def _words(text: str) -> str:
    return " ".join(text.split())


def headings_ending_pages(texts: list[str], headings: list[str]) -> list[tuple[int, str]]:
    """``(page number, heading)`` for each page whose last text is a whole heading or caption.

    A heading can wrap: the last one, two or three lines of the page, joined,
    are compared with each heading's text (whitespace normalised).
    """
    wanted = {_words(h) for h in headings} - {""}
    ending = []
    for number, text in enumerate(texts, 1):
        lines = [_words(line) for line in text.splitlines() if line.strip()]
        for k in range(1, min(3, len(lines)) + 1):
            if (tail := " ".join(lines[-k:])) in wanted:
                ending.append((number, tail))
                break
    return ending


# --------------------------------------------------------------------------- tests

CHROMIUM = chromium_path()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Chromium is not installed (apt-get install -y chromium); the browser tests need it",
    ),
]


@pytest.fixture(scope="session")
def published(published) -> Path:
    """The session's shared 2022-H1 run of the sample (tests/conftest.py): its period folder."""
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
    return [*sorted(folder.glob("*.html")), folder.parent / "index.html"]


@pytest.fixture(scope="session")
def loaded(published, browser, artifacts) -> dict:
    """Facts of every page at each width, with a full-page screenshot of each."""
    facts = {}
    for path in _pages(published):
        name = "root-index" if path.parent != published else path.stem
        for width in WIDTHS:
            page, requests, errors = open_page(browser, path, width)
            try:
                page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=True)
                facts[name, width] = {
                    **page.evaluate(MEASURE_JS),
                    **page.evaluate(CONTRAST_JS),
                    "unlabelled": page.evaluate(UNLABELLED_TABLES_JS),
                    "requests": requests,
                    "errors": errors,
                    "bytes": path.stat().st_size,
                }
            finally:
                page.context.close()
    return facts


@pytest.fixture(scope="session")
def prints(published, browser, artifacts) -> dict:
    """Every page printed to A4 PDF (kept in the artefacts folder), with its print-layout facts."""
    names = {path: "root-index" if path.parent != published else path.stem for path in _pages(published)}
    return {name: printed(browser, path, artifacts / f"{name}-A4.pdf") for path, name in names.items()}


def test_every_page_is_loaded(loaded, published):
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
    small = {
        k[0]: round(f["svgText"], 1)
        for k, f in loaded.items()
        if k[1] == 375 and f["svgText"] is not None and f["svgText"] < MIN_CHART_TEXT
    }
    assert not small
    assert loaded["03_ho_so", 375]["charts"] > 0


#: The monthly dossier chart, the densest one (charts.monthly_flow_chart): checked on its own.
MONTHLY_CHART = "Biểu đồ: Hồ sơ theo tháng trong kỳ"


def _overlaps(loaded, monthly: bool) -> dict:
    return {
        k: found[:5]
        for k, f in loaded.items()
        if (found := [o for o in f["overlaps"] if o[0].startswith(MONTHLY_CHART) == monthly])
    }


def test_chart_texts_do_not_overlap(loaded):
    assert not _overlaps(loaded, monthly=False)


def test_monthly_chart_texts_do_not_overlap(loaded):
    assert not _overlaps(loaded, monthly=True)


def test_key_columns_of_every_table_are_visible(loaded):
    hidden = {(k, t["caption"]): t["hidden"] for k, f in loaded.items() for t in f["tables"] if t["hidden"]}
    assert not hidden


def test_no_letter_by_letter_breaking_in_tables(loaded):
    broken = {(k, t["caption"]) for k, f in loaded.items() for t in f["tables"] if t["anywhere"]}
    assert not broken


def test_every_table_has_a_caption_and_scoped_headers(loaded):
    unlabelled = {k[0]: f["unlabelled"][:4] for k, f in loaded.items() if k[1] == 375 and f["unlabelled"]}
    assert not unlabelled


def test_text_contrast_and_tap_targets(loaded):
    low = {k: f["low"][:5] for k, f in loaded.items() if f["low"]}
    assert not low, "contrast below 4.5:1"
    small = {k: f["small"][:5] for k, f in loaded.items() if f["small"]}
    assert not small, "tap targets under 24 px"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_landing_pages_lead_with_key_figures_and_what_needs_action(published):
    import pandas as pd

    figures = pd.read_csv(published / "indicators.csv", dtype={"dimension": str})
    totals = figures[figures["dimension"].fillna("") == ""].set_index("code")["value"]
    overdue_tasks = int(totals["nv_in_progress_overdue"])
    for page in (published / "index.html", published.parent / "index.html"):
        text = _text(page)
        cards = re.findall(r'<div class="card (good|bad|neutral)"', text)
        assert 4 <= len(cards) <= 6, page
        assert text.index('class="cards key"') < text.index('id="can-xu-ly"') < text.index("Các ")
        assert f"{overdue_tasks} nhiệm vụ quá hạn" in text
        assert 'class="card neutral" data-code="hs_received"' in text  # a volume is neutral


def test_report_page_has_one_h1_contents_and_the_word_link(published):
    text = _text(published / "08_bao_cao.html")
    assert text.count("<h1") == 1
    toc = re.search(r'<nav[^>]*class="toc"[^>]*>(.*?)</nav>', text, re.S).group(1)
    assert toc.count("<li>") >= 4 and 'href="#muc-1"' in toc
    assert 'href="bao-cao-cchc-2022-H1.docx"' in text


NO_PDFTOTEXT = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext is not installed (apt-get install -y poppler-utils); it reads the PDFs",
)


def test_every_page_prints(prints):
    assert {"index", "root-index", *EVIDENCE_PAGES} <= set(prints)
    assert all(p["pages"] >= 1 for p in prints.values())


def test_printed_a4_tables_fit_the_printable_width(prints):
    too_wide = {
        (name, t["caption"]): round(t["width"])
        for name, p in prints.items()
        for t in p["tables"]
        if t["right"] > PRINTABLE_WIDTH + 1
    }
    assert not too_wide


def test_printed_chart_text_is_at_least_9_pt(prints):
    small = {
        name: round(p["svgText"] * 0.75, 1)
        for name, p in prints.items()
        if p["svgText"] is not None and p["svgText"] * 0.75 < MIN_PRINTED_CHART_PT
    }
    assert not small
    assert prints["03_ho_so"]["svgText"] is not None


def test_headings_ending_pages_finds_a_stranded_heading():
    pages = ["Kết quả\n  160 nhiệm vụ\n\n   Theo nguồn\n   giao  \n", "UBND tỉnh 66\n", "Tổng 160\n"]
    assert headings_ending_pages(pages, ["Kết quả", "Theo nguồn giao", "Tổng 160"]) == [
        (1, "Theo nguồn giao"),
        (3, "Tổng 160"),
    ]
    assert headings_ending_pages(pages, ["Kết quả", "nguồn giao"]) == []  # part of a heading


@NO_PDFTOTEXT
def test_no_printed_page_ends_with_a_heading(prints):
    stranded = {
        name: ending
        for name, p in prints.items()
        if (ending := headings_ending_pages(page_texts(p["pdf"]), p["headings"]))
    }
    assert not stranded, "a heading or caption ends a printed page, apart from its content"


@NO_PDFTOTEXT
def test_nothing_is_printed_in_the_page_margins(prints):
    spilled = {name: found[:5] for name, p in prints.items() if (found := text_in_margins(p["pdf"]))}
    assert not spilled


@NO_PDFTOTEXT
def test_report_page_prints_from_its_letterhead(prints, published):
    first = page_texts(prints["08_bao_cao"]["pdf"])[0]
    assert LETTERHEAD in next(_words(line) for line in first.splitlines() if line.strip())
    title = re.search(
        r'<header class="cchc-header">.*?<h1[^>]*>(.*?)</h1>', _text(published / "08_bao_cao.html"), re.S
    ).group(1)
    assert _words(re.sub(r"<[^>]+>", "", title)) not in _words(first)  # no web header
