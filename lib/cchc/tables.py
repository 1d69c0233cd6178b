"""DataFrame → HTML table for the report pages: vi-VN numbers, totals row, escaped text.

The table is the component ``templates/components/table.html.j2``; every
cell and header is HTML-escaped by its autoescape, so a task titled
``<img src=x onerror=alert(1)>`` shows as text. Figures are right-aligned
(class ``num`` plus an inline style so the table also reads well in
JupyterLab, where the report CSS is absent).

>>> import pandas as pd
>>> t = html_table(pd.DataFrame({"Lĩnh vực": ["Đất đai", "<b>x</b>"], "Hồ sơ": [10593, 2]}),
...                total_label="Tổng cộng")
>>> "10.595" in t.html and "&lt;b&gt;x&lt;/b&gt;" in t.html
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .formatting import fmt_date, fmt_int, fmt_money, fmt_number, fmt_pct
from .templating import render

#: Column formats understood by :func:`html_table`.
FORMATS = ("text", "int", "number", "pct", "money", "date", "figure")
#: ``figure``: text already formatted as a number (mixed units in one column), right-aligned.
NUMERIC_FORMATS = ("int", "number", "pct", "money", "figure")
#: Tables wider than this many columns are stacked (one card per row) on a phone.
STACK_COLUMNS = 3


@dataclass(frozen=True)
class Html:
    """A fragment of already-escaped HTML (a table, cards, prose) that notebooks ``display``."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __html__(self) -> str:
        """Safe HTML for the templates (a fragment is inserted as is, not escaped again)."""
        return self.html

    def __str__(self) -> str:
        return self.html


#: What :func:`html_table` returns (a table is one kind of fragment).
HtmlTable = Html


def infer_format(column: pd.Series) -> str:
    """``date`` for datetimes, ``int`` for whole numbers, ``number`` for other numbers, else ``text``."""
    if pd.api.types.is_datetime64_any_dtype(column):
        return "date"
    if pd.api.types.is_bool_dtype(column):
        return "text"
    if pd.api.types.is_numeric_dtype(column):
        values = pd.to_numeric(column, errors="coerce").dropna().to_numpy(dtype=float)
        return "int" if np.all(np.mod(values, 1) == 0) else "number"
    return "text"


def format_cell(value, fmt: str, zero_as_dash: bool = False) -> str:
    """One value as vi-VN text (not yet escaped); empty for missing values."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if fmt in ("text", "figure"):
        return str(value)
    if fmt == "date":
        return fmt_date(value)
    number = float(value)
    if zero_as_dash and number == 0:
        return "-"
    if fmt == "int":
        return fmt_int(number)
    if fmt == "pct":
        return fmt_pct(number)
    if fmt == "money":
        return fmt_money(number)
    return fmt_number(number)


def format_frame(
    frame: pd.DataFrame, formats: Mapping[str, str] | None = None, zero_as_dash: bool = False
) -> pd.DataFrame:
    """Every cell of ``frame`` as vi-VN text (a new frame; the input is not changed)."""
    formats = {c: (formats or {}).get(c) or infer_format(frame[c]) for c in frame.columns}
    unknown = {f for f in formats.values()} - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown column format(s) {sorted(unknown)}; use one of {FORMATS}")
    return pd.DataFrame(
        {c: [format_cell(v, formats[c], zero_as_dash) for v in frame[c].tolist()] for c in frame.columns},
        index=frame.index,
    )


def html_table(
    frame: pd.DataFrame,
    *,
    formats: Mapping[str, str] | None = None,
    total_label: str | None = None,
    total_columns: Sequence[str] | None = None,
    total_values: Mapping[str, object] | None = None,
    caption: str | None = None,
    caption_hidden: bool = False,
    zero_as_dash: bool = False,
    empty_text: str = "Không có dữ liệu.",
    css_class: str = "cchc-table",
    preview_rows: int | None = None,
    links: Mapping[str, Mapping[str, str]] | None = None,
) -> HtmlTable:
    """Render ``frame`` (column names are the Vietnamese headers) as an HTML table.

    Header cells carry ``scope="col"`` and every body cell its column's
    header in ``data-label``: a table of more than :data:`STACK_COLUMNS`
    columns gets the class ``stack``, which the report CSS lays out on a
    phone as one card per row (header: value), so no column hides behind a
    sideways scrollbar.

    Parameters
    ----------
    formats
        Column → one of :data:`FORMATS`; inferred when absent.
    total_label
        When given, a totals row is appended whose first cell is this label
        and whose ``total_columns`` (default: every ``int`` or ``money``
        column) hold the column sums. Rates must not be summed: give their
        total through ``total_values`` (e.g. the period's overall rate).
    caption
        What the table lists (``<caption>``, read first by a screen reader);
        defaults to ``frame.attrs["caption"]``, which the page helpers that
        build a frame for a notebook set.
    caption_hidden
        Keep the caption for screen readers only (``visually-hidden``): for a
        caption that repeats the heading right above the table.
    zero_as_dash
        Write 0 as ``-`` as annex tables do.
    preview_rows
        A long list (more rows than this) shows its first ``preview_rows``
        rows (the caller orders them, largest first) and the totals; the
        complete table follows inside a ``<details>``.
    links
        Column → {cell text → address}: those cells link to the address
        (e.g. each unit's name to its report).
    """
    columns = list(frame.columns)
    caption = caption if caption is not None else frame.attrs.get("caption")
    fmts = {c: (formats or {}).get(c) or infer_format(frame[c]) for c in columns}
    body = format_frame(frame, fmts, zero_as_dash)
    heads = [
        {"label": str(c), "numeric": fmts[c] in NUMERIC_FORMATS, "links": (links or {}).get(c, {})}
        for c in columns
    ]
    rows = body.to_numpy(dtype=object).tolist() if len(columns) else [[] for _ in range(len(body))]
    totals = None
    if total_label is not None and not frame.empty:
        summed = (
            list(total_columns)
            if total_columns is not None
            else [c for c in columns if fmts[c] in ("int", "money")]
        )
        sums: dict[str, object] = {c: pd.to_numeric(frame[c], errors="coerce").sum() for c in summed}
        sums.update(total_values or {})
        totals = [
            format_cell(sums[c], fmts[c], zero_as_dash) if c in sums else (total_label if i == 0 else "")
            for i, c in enumerate(columns)
        ]
    preview = None if preview_rows is None or len(frame) <= preview_rows else preview_rows
    shown = f"{fmt_int(preview_rows)} dòng đầu trong {fmt_int(len(frame))} dòng" if preview else ""
    return HtmlTable(
        str(
            render(
                "components/table.html.j2",
                columns=heads,
                rows=rows,
                totals=totals,
                caption=caption,
                caption_hidden=caption_hidden,
                empty_text=empty_text,
                css_class=css_class + (" stack" if len(columns) > STACK_COLUMNS else ""),
                preview=preview,
                preview_caption=f"{caption} ({shown})" if caption else shown.capitalize(),
                summary=f"Xem đầy đủ {fmt_int(len(frame))} dòng",
            )
        )
    )
