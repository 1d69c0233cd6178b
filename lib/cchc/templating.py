"""The one way cchc renders HTML: Jinja2 templates with autoescape.

Every page and fragment (cards, tables, notices, the "Cần xử lý" block, the
table of contents, the report) is a template under ``templates/``:

- ``templates/cchc/`` — the page shell. ``index.html.j2`` is the nbconvert
  template of the notebook pages; ``page.html.j2`` the shell of the other
  pages (root index, a period's index, the units' comparison). Both include
  the same partials (``shell_head``, ``shell_header``, ``shell_footer``) and
  the one style sheet ``report.css``.
- ``templates/components/`` — the fragments the Python helpers render.

Texts are escaped by the template engine (autoescape); a value that is
already HTML (a fragment rendered by another component) is passed as
:class:`markupsafe.Markup` (what :func:`render` returns and what
:class:`~cchc.tables.Html` converts to through ``__html__``). No other module
escapes or assembles markup by hand (``tests/test_code_conventions.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

__all__ = ["TEMPLATES", "Card", "Change", "Markup", "environment", "rebase_links", "render"]

#: Folder of every template (the nbconvert template ``cchc`` is a sub-folder).
TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The process-wide Jinja2 environment: autoescape on, undefined names are errors.

    Templates are found by name in ``templates/cchc`` (the shell partials,
    shared with nbconvert, which knows that folder as the template ``cchc``)
    and then ``templates`` (``components/…``).
    """
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(TEMPLATES / "cchc"), str(TEMPLATES)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
    )


def render(name: str, /, **context) -> Markup:
    """Render the template ``name`` (e.g. ``"components/notice.html.j2"``) as safe HTML."""
    return Markup(environment().get_template(name).render(**context))


def rebase_links(fragment: str, folder: str) -> str:
    """``fragment`` (HTML) with its relative links made relative to the parent of ``folder``.

    A period's landing lead links ``03_ho_so.html``; the root index shows
    the same fragment, so its links become ``<folder>/03_ho_so.html``.
    Absolute links, ``/…`` and ``#…`` are kept.
    """
    prefix = f'href="{escape(folder)}/'
    return re.sub(r'href="(?![a-z]+:|/|#)', lambda _: prefix, fragment)


@dataclass(frozen=True)
class Change:
    """One line under a card's value: an optional arrowed figure, then words.

    ``direction`` (``up``, ``down``, ``flat``, or a kind such as ``good``)
    is the class of the figure's ``<span>``; without a ``figure`` the line
    is the words alone.
    """

    text: str
    figure: str | None = None
    direction: str = ""
    css_class: str = "change"


@dataclass(frozen=True)
class Card:
    """One figure card: label, value (and its unit) and change lines."""

    label: str
    value: str
    unit: str | None = None
    code: str | None = None
    css_class: str = "card"
    changes: tuple[Change, ...] = field(default_factory=tuple)
