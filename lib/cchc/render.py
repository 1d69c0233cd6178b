"""Executed notebook → one self-contained HTML page (nbconvert with the ``cchc`` template).

The template (``templates/cchc``) carries the page shell, the style sheet
and the header/footer facts; :func:`render_html` adds the page's table of
contents built from its ``<h2>``/``<h3>`` headings.
"""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

from .templating import render

__all__ = ["TEMPLATE_DIR", "TEMPLATE_NAME", "page_title", "render_html", "table_of_contents"]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "cchc"


class _Headings(HTMLParser):
    """Collect ``<h2>``/``<h3>`` headings that carry an ``id`` (for the table of contents)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[int, str, str]] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3"):
            ident = dict(attrs).get("id")
            if ident:
                self._open, self._text = (int(tag[1]), ident), []
        elif tag == "a" and self._open and "anchor-link" in (dict(attrs).get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "a" and self._skip:
            self._skip -= 1
        elif tag in ("h2", "h3") and self._open:
            self.items.append((self._open[0], self._open[1], "".join(self._text).strip()))
            self._open = None

    def handle_data(self, data):
        if self._open and not self._skip:
            self._text.append(data)


def table_of_contents(body: str) -> str:
    """An ``<ol>`` linking the page's h2/h3 headings; empty when there are fewer than two."""
    parser = _Headings()
    parser.feed(body)
    items = parser.items
    if len(items) < 2:
        return ""
    # runs of consecutive headings of one kind: the h3 runs are nested lists
    runs = [
        (sub, [(ident, text) for _, ident, text in group])
        for sub, group in itertools.groupby(items, key=lambda item: item[0] == 3)
    ]
    return str(render("components/toc.html.j2", runs=runs))


def page_title(nb) -> str:
    """The page title: the first markdown heading of the notebook."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


def _drop_title(nb):
    """Copy of ``nb`` without its leading ``# title`` line (the page header shows it)."""
    import copy

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = cell.source.splitlines()
            if lines and lines[0].startswith("# "):
                cell.source = "\n".join(lines[1:]).strip()
            break
    return nb


def render_html(nb, page: dict) -> str:
    """Render an executed notebook to one self-contained HTML page.

    ``page`` holds the header and footer facts (``title``, ``period_label``,
    ``range_label``, ``org_name``, ``generated``, ``files``, ``version``,
    ``notice``, ``unit``, ``index_href``); ``title`` defaults to the
    notebook's first heading.
    """
    page = dict(page)
    page.setdefault("title", page_title(nb))
    body, _ = _exporter().from_notebook_node(_drop_title(nb), resources={"cchc": page})
    toc = table_of_contents(body)
    if toc:
        return body.replace("<!--cchc:toc-->", toc, 1)
    return re.sub(r"<nav[^>]*><!--cchc:toc--></nav>\n?", "", body, count=1)


_EXPORTER = None


def _exporter():
    """One HTML exporter per process (template loading is the slow part)."""
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter

        _EXPORTER = HTMLExporter(
            template_name=TEMPLATE_NAME,
            extra_template_basedirs=[str(TEMPLATE_DIR)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            # validate once after all preprocessors, not after each (each
            # validation compiles the JSON schema again: ~70 ms apiece)
            optimistic_validation=True,
        )
    return _EXPORTER
