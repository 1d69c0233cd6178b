"""The indicator catalogue: one row per indicator code, read once from ``catalogue.csv``.

Columns: ``code`` (stable identifier), ``family`` (the dataset it comes from:
``ho_so``, ``nhiem_vu``, ``van_ban``, ``dao_tao``, ``chi_tieu``), ``label``
(Vietnamese, as reports word it), ``unit`` (``hồ sơ``, ``%``, ``đồng`` …),
``definition`` (English, exactly as implemented), ``parts`` (space-separated
codes whose sum equals this total, empty when none), ``decimals`` (for
rates: the decimals every page, sentence and table shows; one rule per rate)
and ``rising`` (whether a rise is ``good``, ``bad`` or ``neutral`` news: cards
and charts colour a change green, red or grey from it; volumes are neutral).

The catalogue feeds the indicator table's labels, the documentation
(``docs/indicators.md``, via :func:`markdown_table`), the reports and the
data-quality checks.

>>> label("hs_received"), unit("hs_rate_early")
('Số hồ sơ tiếp nhận', '%')
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

import pandas as pd

from . import config

COLUMNS = ("code", "family", "label", "unit", "definition", "parts", "decimals", "rising")
#: Values of the ``rising`` column.
RISING = ("good", "bad", "neutral")
#: Family order used by the docs and the indicator table.
FAMILIES = ("ho_so", "nhiem_vu", "van_ban", "dao_tao", "chi_so_766", "chi_tieu")


@functools.cache
def _read(path: str) -> pd.DataFrame:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    frame = pd.DataFrame(rows, columns=list(COLUMNS)).fillna("")
    for column in COLUMNS:
        frame[column] = frame[column].astype(str).str.strip()
    if frame["code"].duplicated().any():
        dupes = sorted(set(frame.loc[frame["code"].duplicated(), "code"]))
        raise ValueError(f"Duplicate codes in {path}: {dupes}")
    unknown = frame.loc[~frame["rising"].isin(RISING), "code"]
    if len(unknown):
        raise ValueError(
            f"Column 'rising' of {path} must be one of {RISING} for every code; "
            f"it is not for: {sorted(unknown)}"
        )
    return frame


def load_catalogue(path: Path | str | None = None) -> pd.DataFrame:
    """The catalogue as a DataFrame (a fresh copy; the file is read once per process)."""
    return _read(str(path or config.CATALOGUE_FILE)).copy()


def _lookup(column: str) -> dict[str, str]:
    frame = _read(str(config.CATALOGUE_FILE))
    return dict(zip(frame["code"], frame[column]))


def label(code: str) -> str:
    """Vietnamese label of ``code`` (the code itself when it is not catalogued)."""
    return _lookup("label").get(code, code)


def unit(code: str) -> str:
    """Unit of ``code`` (empty when it is not catalogued)."""
    return _lookup("unit").get(code, "")


def definition(code: str) -> str:
    """English definition of ``code`` (empty when it is not catalogued)."""
    return _lookup("definition").get(code, "")


def decimals(code: str, default: int = 2) -> int:
    """Decimals a rate is shown with (the catalogue's ``decimals`` column), else ``default``.

    >>> decimals("hs_rate_early"), decimals("nv_rate_completed")
    (2, 0)
    """
    text = _lookup("decimals").get(code, "")
    return int(text) if text.isdigit() else default


def rising(code: str) -> str:
    """Whether a rise of ``code`` is ``"good"``, ``"bad"`` or ``"neutral"`` news (neutral if unknown).

    >>> rising("hs_rate_early"), rising("hs_pending_overdue"), rising("hs_received")
    ('good', 'bad', 'neutral')
    """
    return _lookup("rising").get(code, "neutral")


def codes(family: str | None = None) -> list[str]:
    """Codes in catalogue order, optionally of one family."""
    frame = _read(str(config.CATALOGUE_FILE))
    if family is not None:
        frame = frame[frame["family"] == family]
    return list(frame["code"])


def parts() -> dict[str, tuple[str, ...]]:
    """Every total and the codes that add up to it (from the ``parts`` column)."""
    frame = _read(str(config.CATALOGUE_FILE))
    frame = frame[frame["parts"] != ""]
    return {c: tuple(p.split()) for c, p in zip(frame["code"], frame["parts"])}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(family: str | None = None) -> str:
    """The catalogue (or one family of it) as a Markdown table for ``docs/indicators.md``.

    >>> markdown_table("dao_tao").splitlines()[0]
    '| code | label | unit | definition | parts | decimals | rising |'
    """
    frame = load_catalogue()
    if family is not None:
        frame = frame[frame["family"] == family]
    lines = [
        "| code | label | unit | definition | parts | decimals | rising |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in frame.itertuples(index=False):  # one line per catalogue row (~100), not per record
        parts_text = " + ".join(f"`{p}`" for p in row.parts.split())
        lines.append(
            f"| `{row.code}` | {_cell(row.label)} | {_cell(row.unit)} | "
            f"{_cell(row.definition)} | {parts_text} | {row.decimals} | {row.rising} |"
        )
    return "\n".join(lines) + "\n"


_BLOCK = re.compile(r"(<!-- catalogue:(\w+) -->\n)(.*?)(<!-- /catalogue -->)", re.S)


def render_docs(text: str) -> str:
    """``text`` with every ``<!-- catalogue:FAMILY -->…<!-- /catalogue -->`` block regenerated.

    ``docs/indicators.md`` keeps its prose by hand; its tables come from
    here, and a test checks the file is up to date
    (``python -m cchc.catalogue docs/indicators.md`` rewrites it).
    """
    return _BLOCK.sub(lambda m: m[1] + markdown_table(m[2]) + m[4], text)


def update_docs(path: Path | str) -> bool:
    """Regenerate the catalogue tables in ``path``; True when the file changed."""
    path = Path(path)
    old = path.read_text(encoding="utf-8")
    new = render_docs(old)
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old


if __name__ == "__main__":  # pragma: no cover
    import sys

    for name in sys.argv[1:] or [str(config.PROJECT_ROOT / "docs" / "indicators.md")]:
        print(name, "updated" if update_docs(name) else "up to date")
