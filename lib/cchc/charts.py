"""The one chart style of the reports: palette, font, Vietnamese labels, vi-VN ticks.

Every chart function is pure: it takes the tidy indicator table of
:func:`cchc.indicators.compute` (columns ``code, dimension, group, value,
numerator, denominator, unit, label``) or a frame derived from it, and
returns a :class:`matplotlib.figure.Figure`. Figures are built with the
object-oriented API (``Figure(...)``), never through ``pyplot``, so nothing
is drawn twice in a notebook and no global figure state leaks between
pages. Notebooks call :func:`use_report_style` once, then ``display(fig)``:
the figure shows as inline SVG (text stays text, so it is sharp on a phone
and on paper) inside a ``<figure>`` with a Vietnamese text alternative
(:func:`describe`: what the chart shows and the values it plots).

Sizes are chosen for a phone: a chart is :data:`WIDTH` inches wide and no
text is smaller than :data:`MIN_FONT` points, so on a 375-px screen, where a
chart is drawn about 357 CSS px wide, its smallest text is still at least
11 CSS px; printed at its natural size it is at least 9 pt.

Category names shown in legends (``Trước hạn``, ``Đúng hạn``…) are the
short forms of the catalogue labels; titles default to catalogue labels
carried in the table's ``label`` column.

>>> import pandas as pd
>>> t = pd.DataFrame({"code": ["hs_resolved_early", "hs_resolved_on_time", "hs_resolved_late",
...                            "hs_pending_within_deadline", "hs_pending_overdue"],
...                   "dimension": "", "group": "", "value": [534.0, 32, 0, 0, 0]})
>>> fig = dossier_status_chart(t)
>>> fig.axes[0].get_title()
'Tình hình giải quyết hồ sơ'
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import textwrap
from collections.abc import Callable, Sequence

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure  # no pyplot: no global figure state, works headless
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator
from matplotlib.transforms import blended_transform_factory

from .formatting import fmt_number, fmt_pct
from .indicators.shaping import ranked_groups

#: The report palette: one blue family for neutral figures, green for good,
#: amber for "watch", red for late / overdue, grey for "no deadline".
PALETTE = {
    "primary": "#1f5fa8",
    "secondary": "#7fb0e0",
    "good": "#2e8b57",
    "good_light": "#8fcf9f",
    "watch": "#e0a030",
    "bad": "#c0392b",
    "neutral": "#9aa5b1",
    "muted": "#5b6670",
    "volume": "#6b7580",
    "text": "#222222",
    "grid": "#d9dee4",
}

#: Colours for a sequence of unrelated categories (fields, units, forms…).
SERIES_COLORS = [
    "#1f5fa8",
    "#e0a030",
    "#2e8b57",
    "#8e44ad",
    "#c0392b",
    "#16a085",
    "#7f8c8d",
    "#d35400",
    "#2c3e50",
    "#7fb0e0",
]

#: Short Vietnamese legend names and colours of status parts.
STATUS = {
    "hs_resolved_early": ("Trước hạn", PALETTE["good"]),
    "hs_resolved_on_time": ("Đúng hạn", PALETTE["good_light"]),
    "hs_resolved_late": ("Trễ hạn", PALETTE["bad"]),
    "hs_pending_within_deadline": ("Đang giải quyết trong hạn", PALETTE["secondary"]),
    "hs_pending_overdue": ("Đang giải quyết quá hạn", PALETTE["watch"]),
    "nv_completed_on_time": ("Hoàn thành đúng hạn", PALETTE["good"]),
    "nv_completed_late": ("Hoàn thành trễ hạn", PALETTE["watch"]),
    "nv_in_progress_not_due": ("Đang thực hiện trong hạn", PALETTE["secondary"]),
    "nv_in_progress_no_deadline": ("Thường xuyên (không thời hạn)", PALETTE["neutral"]),
    "nv_in_progress_overdue": ("Đang thực hiện quá hạn", PALETTE["bad"]),
}

DOSSIER_PARTS = [
    "hs_resolved_early",
    "hs_resolved_on_time",
    "hs_resolved_late",
    "hs_pending_within_deadline",
    "hs_pending_overdue",
]
TASK_PARTS = [
    "nv_completed_on_time",
    "nv_completed_late",
    "nv_in_progress_not_due",
    "nv_in_progress_no_deadline",
    "nv_in_progress_overdue",
]
FORM_PARTS = {"Giấy": "paper", "Điện tử": "electronic", "Điện tử kèm giấy": "electronic_with_paper"}

#: Width of a full-width chart in inches (324 pt): drawn at most this wide, and
#: shrunk to the screen on phones.
WIDTH = 4.5
#: The smallest text of any chart, in points (tick labels, legends, data labels).
MIN_FONT = 11
#: Longest category name on an axis (full names are in the tables).
LABEL_LIMIT = 26

_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": MIN_FONT,
    "axes.titlesize": 12.5,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": MIN_FONT,
    "xtick.labelsize": MIN_FONT,
    "ytick.labelsize": MIN_FONT,
    "axes.edgecolor": PALETTE["grid"],
    "axes.labelcolor": PALETTE["text"],
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "grid.color": PALETTE["grid"],
    "xtick.color": PALETTE["text"],
    "ytick.color": PALETTE["text"],
    "legend.frameon": False,
    "legend.fontsize": MIN_FONT,
    "figure.dpi": 96,
    "savefig.dpi": 96,
    "figure.facecolor": "white",
    "svg.fonttype": "none",
    "svg.hashsalt": "cchc",  # deterministic SVG ids
    # labels come from spreadsheets: "$…$" is text, never math or LaTeX
    "text.parse_math": False,
    "text.usetex": False,
}


def use_report_style(inline_format: str = "svg") -> None:
    """Apply the report's matplotlib style; configure how notebooks show figures.

    Called once at the top of every notebook. Outside IPython only the
    style is applied. ``inline_format`` is ``"svg"`` (the default: each
    figure is shown by :func:`figure_html`, inline SVG with its text
    alternative) or ``"retina"`` (PNG at 2×, for exploring in JupyterLab).
    """
    matplotlib.rcParams.update(_STYLE)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return
    shell = get_ipython()
    if shell is None:
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    formatters = shell.display_formatter.formatters
    if inline_format == "svg":
        set_matplotlib_formats("svg", bbox_inches="tight")
        formatters["image/svg+xml"].pop(Figure, None)  # the HTML below carries the SVG once
        formatters["text/html"].for_type(Figure, figure_html)
        return
    formatters["text/html"].pop(Figure, None)
    # bbox_inches="tight" trims the white margins.
    set_matplotlib_formats(inline_format, bbox_inches="tight")


def _fitted_svg(fig: Figure, tries: int = 4) -> str:
    """SVG text of ``fig`` at most :data:`WIDTH` wide once trimmed.

    Data labels past the last bar or a wide legend make the trimmed drawing
    wider than the figure, which would shrink its text on a phone; the
    figure is then narrowed by the excess and drawn again.
    """
    limit = WIDTH * 72 + 2  # points
    for _ in range(tries):
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        svg = buffer.getvalue()
        width = float(re.search(r'width="([\d.]+)pt"', svg).group(1))
        if width <= limit:
            break
        fig.set_figwidth(max(fig.get_figwidth() - (width - limit) / 72 - 0.05, 2.5))
    return svg


def figure_svg(fig: Figure) -> str:
    """``fig`` as an ``<svg>`` element to put inline in HTML (text kept as text).

    No XML prologue, no metadata (so the output is reproducible), element ids
    prefixed with a hash of the drawing so several charts on one page never
    share an id, and a font list that falls back to the reader's sans-serif.
    """
    svg = _fitted_svg(fig)
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)
    prefix = "c" + hashlib.sha1(svg.encode("utf-8")).hexdigest()[:8] + "-"
    svg = re.sub(r'\bid="', f'id="{prefix}', svg)
    svg = re.sub(r"url\(#", f"url(#{prefix}", svg)
    svg = re.sub(r'href="#', f'href="#{prefix}', svg)
    return svg.replace("font-family: 'DejaVu Sans'", "font-family: 'DejaVu Sans', Roboto, Arial, sans-serif")


def figure_html(fig: Figure) -> str:
    """``fig`` as a ``<figure>``: inline SVG labelled with :func:`describe`, the text visible on demand."""
    from .templating import Markup, render

    rest = figure_svg(fig).split("<svg ", 1)[1]  # the element's attributes and content
    return str(render("components/figure.html.j2", text=describe(fig), svg_rest=Markup(rest)))


def _value_text(ax, value: float, percent: bool) -> str:
    if np.isnan(value):
        return "không có số liệu"
    if percent:
        return fmt_pct(value)
    return fmt_number(value, 0 if float(value).is_integer() else 2)


def _is_percent(axis) -> bool:
    try:
        return str(axis.get_major_formatter()(50, 0)).endswith("%")
    except (TypeError, ValueError):  # pragma: no cover - a formatter that needs more context
        return False


def _bar_series(ax) -> list[str]:
    """One sentence part per bar series: its name and each category's value."""
    parts = []
    for n, bars in enumerate(ax.containers):
        horizontal = getattr(bars, "orientation", "vertical") == "horizontal"
        axis = ax.yaxis if horizontal else ax.xaxis
        percent = _is_percent(ax.xaxis if horizontal else ax.yaxis)
        ticks = {
            round(float(t), 6): lab.get_text() for t, lab in zip(axis.get_ticklocs(), axis.get_ticklabels())
        }
        values = []
        for patch in bars.patches:
            if horizontal:
                centre, value = patch.get_y() + patch.get_height() / 2, patch.get_width()
            else:
                centre, value = patch.get_x() + patch.get_width() / 2, patch.get_height()
            near = min(ticks, key=lambda t: abs(t - centre)) if ticks else None
            name = ticks.get(near, "") if near is not None and abs(near - centre) < 0.5 else ""
            values.append(f"{name} {_value_text(ax, value, percent)}".strip())
        label = str(bars.get_label() or "")
        head = "" if label.startswith("_") else f"{label}: "
        if not head and len(ax.containers) > 1:
            head = f"Dãy {n + 1}: "
        parts.append(head + "; ".join(values))
    return parts


def _line_series(ax) -> list[str]:
    percent = _is_percent(ax.yaxis)
    names = [t.get_text() for t in ax.get_xticklabels()]
    locs = list(ax.get_xticks())
    parts = []
    for line in ax.lines:
        label = str(line.get_label() or "")
        xs, ys = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
        if len(xs) < 2 and label.startswith("_"):
            continue
        values = []
        for x, y in zip(xs, ys):
            where = names[locs.index(x)] if x in locs and locs.index(x) < len(names) else ""
            values.append(
                f"{where} {_value_text(ax, y, percent)}".strip() if where else _value_text(ax, y, percent)
            )
        parts.append(("" if label.startswith("_") else f"{label}: ") + "; ".join(values))
    return parts


def describe(fig: Figure) -> str:
    """The Vietnamese text alternative of a chart: what it shows and the values it plots.

    Read from the figure itself (title, axis labels, legend names, the bars'
    lengths, the lines' points, the texts drawn on a donut), so it always
    agrees with the drawing.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"code": ["hs_resolved_early", "hs_resolved_on_time"],
    ...                   "dimension": "", "group": "", "value": [534.0, 32]})
    >>> describe(dossier_status_chart(t))[:80]
    'Biểu đồ: Tình hình giải quyết hồ sơ. Trước hạn 534; Đúng hạn 32; Trễ hạn 0; Đang'
    """
    sentences = []
    for ax in fig.axes:
        title = ax.get_title() or ax.get_title("left")
        sentences.append(f"Biểu đồ: {title}." if title else "Biểu đồ.")
        if not ax.axison and not ax.patches:
            sentences.extend(t.get_text() + "." for t in ax.texts if t.get_text().strip())
            continue
        parts = _bar_series(ax) + _line_series(ax)
        if not parts:  # a donut: its centre figure and its legend carry the values
            legend = ax.get_legend()
            texts = [t.get_text() for t in ax.texts]
            texts += [t.get_text() for t in legend.get_texts()] if legend else []
            parts = [t for t in texts if t.strip()]
        unit = ax.get_xlabel() or ax.get_ylabel()
        sentences.extend(p + "." for p in parts)
        if unit:
            sentences.append(f"Đơn vị: {unit.lower()}.")
    return " ".join(sentences)


def tick_formatter(percent: bool = False) -> FuncFormatter:
    """A tick formatter writing vi-VN numbers (``10.593``, ``94,35%``)."""
    if percent:
        return FuncFormatter(lambda x, _pos: fmt_pct(x, 0))
    return FuncFormatter(lambda x, _pos: fmt_number(x, 0 if float(x).is_integer() else 1))


# --------------------------------------------------------------------------- helpers


def _totals(table: pd.DataFrame) -> pd.DataFrame:
    dim = table["dimension"].astype("string").fillna("")
    return table[dim == ""]


def total_values(table: pd.DataFrame, codes: Sequence[str]) -> pd.Series:
    """Total (no breakdown) value of each code, in order; missing codes give NaN."""
    totals = _totals(table).drop_duplicates("code").set_index("code")["value"]
    return pd.to_numeric(totals.reindex(list(codes)), errors="coerce").astype(float)


def breakdown_values(table: pd.DataFrame, dimension: str, codes: Sequence[str]) -> pd.DataFrame:
    """Groups of ``dimension`` as rows, ``codes`` as columns (NaN where absent)."""
    part = table[(table["dimension"].astype("string") == dimension) & table["code"].isin(codes)]
    wide = part.pivot_table(index="group", columns="code", values="value", aggfunc="first", dropna=False)
    return wide.reindex(columns=list(codes)).astype(float)


def _label_of(table: pd.DataFrame, code: str, default: str) -> str:
    if "label" not in table.columns:
        return default
    labels = table.loc[table["code"] == code, "label"].dropna()
    return str(labels.iloc[0]) if len(labels) else default


def _new_figure(height: float, width: float = WIDTH) -> tuple[Figure, object]:
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    return fig, ax


def _empty(fig: Figure, ax, title: str) -> Figure:
    ax.set_title(title)
    ax.text(
        0.5,
        0.5,
        "Không có số liệu trong kỳ",
        ha="center",
        va="center",
        transform=ax.transAxes,
        color=PALETTE["muted"],
        fontsize=MIN_FONT + 1,
    )
    ax.set_axis_off()
    return fig


def _bar_labels(ax, bars, values, percent: bool = False, inside: bool = False) -> None:
    texts = [fmt_pct(v) if percent else fmt_number(v, 0) for v in values]
    ax.bar_label(
        bars,
        labels=[t if not np.isnan(v) and v != 0 else "" for t, v in zip(texts, values)],
        padding=2,
        fontsize=MIN_FONT,
        label_type="center" if inside else "edge",
        color="white" if inside else PALETTE["text"],
    )


def _percent_labels(ax, bars, values, color: str) -> None:
    """Value labels of bars on a 0–100 % axis, never past its end.

    A bar of half the axis or more carries its label inside, at its end, in
    the ink that reads on ``color``; a shorter bar has it just past its end,
    where at least half the axis is free.
    """
    inside = values >= 50
    for patch, value, within in zip(bars.patches, values, inside):
        if np.isnan(value) or value == 0:
            continue
        ax.annotate(
            fmt_pct(value),
            (patch.get_width(), patch.get_y() + patch.get_height() / 2),
            xytext=(-4 if within else 2, 0),
            textcoords="offset points",
            va="center",
            ha="right" if within else "left",
            fontsize=MIN_FONT,
            color=_ink_on(color) if within else PALETTE["text"],
        )


def _height_for(n_rows: int) -> float:
    return max(2.2, 0.9 + 0.42 * n_rows)


def _title_from_figure_edge(ax) -> None:
    """Start the title at the figure's left edge, wrapped to the figure's width.

    A left-aligned axes title starts where the plot starts, after the
    category names, so a long title would run past the right edge and widen
    the drawing (its text then shrinks on a phone).
    """
    # the report style puts titles on the left: matplotlib keeps that one apart from ``ax.title``
    drawn = [t for t in (getattr(ax, "_left_title", None), ax.title) if t is not None and t.get_text()]
    if not drawn:
        return
    title = drawn[0]
    title.set_text(textwrap.fill(title.get_text(), int((WIDTH * 72 - 10) / (12.5 * 0.62))))
    title.set_transform(blended_transform_factory(ax.figure.transFigure, ax.transAxes) + ax.titleOffsetTrans)
    title.set_x(0.01)
    title.set_horizontalalignment("left")


def _plain_text(chart: Callable[..., Figure]) -> Callable[..., Figure]:
    """Make every text of the returned figure plain text (no math-text, no LaTeX).

    Unit, field and plan names come from spreadsheets; a name such as
    ``Ban $\\undefinedcommand$`` must be drawn as typed, not parsed (which
    fails and would stop the report), whatever the matplotlib settings.
    Titles start at the figure's left edge (:func:`_title_from_figure_edge`).
    """

    @functools.wraps(chart)
    def plain(*args, **kwargs) -> Figure:
        fig = chart(*args, **kwargs)
        for text in fig.findobj(Text):
            text.set_parse_math(False)
            text.set_usetex(False)
        for ax in fig.axes:
            _title_from_figure_edge(ax)
        return fig

    return plain


# --------------------------------------------------------------------------- charts


@_plain_text
def dossier_status_chart(table: pd.DataFrame, title: str = "Tình hình giải quyết hồ sơ") -> Figure:
    """Bars of resolved early / on time / late and pending within deadline / overdue."""
    values = total_values(table, DOSSIER_PARTS)
    fig, ax = _new_figure(3.2)
    if not values.fillna(0).any():
        return _empty(fig, ax, title)
    names = [STATUS[c][0] for c in DOSSIER_PARTS]
    colors = [STATUS[c][1] for c in DOSSIER_PARTS]
    y = np.arange(len(names))
    bars = ax.barh(y, values.fillna(0).to_numpy(), color=colors)
    _bar_labels(ax, bars, values.fillna(0).to_numpy())
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.margins(x=0.15)
    ax.xaxis.set_major_formatter(tick_formatter())
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.set_xlabel("Số hồ sơ")
    ax.set_title(title)
    return fig


@_plain_text
def stacked_status_chart(
    table: pd.DataFrame,
    dimension: str,
    codes: Sequence[str],
    title: str,
    xlabel: str = "Số lượng",
    max_groups: int = 15,
) -> Figure:
    """Horizontal stacked bars: one bar per group of ``dimension``, parts = ``codes``.

    Used for dossiers by field or unit (early / on time / late / pending) and
    tasks by source or assigning plan. The largest ``max_groups`` groups are
    shown, the rest summed as ``Khác``.
    """
    ranked = ranked_groups(breakdown_values(table, dimension, codes), max_groups)
    wide = ranked.parts
    fig, ax = _new_figure(_height_for(len(wide)) + 0.6)
    if wide.empty:
        return _empty(fig, ax, title)
    y = np.arange(len(wide))
    left = np.zeros(len(wide))
    for code in codes:
        name, color = STATUS.get(code, (_label_of(table, code, code), PALETTE["primary"]))
        vals = wide[code].to_numpy()
        bars = ax.barh(y, vals, left=left, color=color, label=name)
        big = vals >= ranked.totals.max() * 0.14  # layout: a value label fits inside its segment
        ax.bar_label(
            bars,
            labels=[fmt_number(v, 0) if b else "" for v, b in zip(vals, big)],
            label_type="center",
            fontsize=MIN_FONT,
            color=_ink_on(color),
        )
        left += vals
    for yi, total in zip(y, ranked.totals):
        ax.text(total, yi, " " + fmt_number(total, 0), va="center", fontsize=MIN_FONT)
    ax.set_yticks(y, [_shorten(str(g)) for g in wide.index])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(tick_formatter())
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.set_xlabel(xlabel)
    ax.margins(x=0.12)
    _legend_above(ax, title)
    return fig


@_plain_text
def breakdown_bar_chart(
    table: pd.DataFrame,
    code: str,
    dimension: str,
    title: str | None = None,
    percent: bool = False,
    max_groups: int = 15,
) -> Figure:
    """One indicator by the groups of a dimension, largest first, with data labels."""
    wide = breakdown_values(table, dimension, [code])[code].dropna()
    title = title or _label_of(table, code, code)
    fig, ax = _new_figure(_height_for(min(len(wide), max_groups)))
    if wide.empty:
        return _empty(fig, ax, title)
    wide = wide.sort_values(ascending=False).iloc[:max_groups]
    y = np.arange(len(wide))
    values = wide.to_numpy()
    color = meaning_color(code)
    bars = ax.barh(y, values, color=color)
    ax.set_yticks(y, [_shorten(str(g)) for g in wide.index])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(tick_formatter(percent))
    if percent:
        _percent_labels(ax, bars, values, color)
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_locator(FixedLocator([0, 50, 100]))  # room between ticks on a phone
    else:
        _bar_labels(ax, bars, values)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.margins(x=0.18)
    ax.set_title(title)
    return fig


@_plain_text
def share_chart(part: float, rest: float, rate: float, part_name: str, rest_name: str, title: str) -> Figure:
    """A donut: ``part`` and ``rest`` (counts), ``rate`` (the catalogue's percent) in the middle."""
    fig, ax = _new_figure(3.6)
    if np.isnan(rate):
        return _empty(fig, ax, title)
    part = 0.0 if np.isnan(part) else float(part)
    rest = 0.0 if np.isnan(rest) else float(rest)
    ax.pie(
        [part, rest],
        colors=[PALETTE["primary"], PALETTE["grid"]],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.38},
    )
    ax.text(
        0,
        0,
        fmt_pct(rate),
        ha="center",
        va="center",
        fontsize=15,
        fontweight="bold",
        color=PALETTE["primary"],
    )
    ax.legend(
        [f"{part_name}: {fmt_number(part, 0)}", f"{rest_name}: {fmt_number(rest, 0)}"],
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
    )
    ax.set_title(title)
    ax.set_aspect("equal")
    return fig


@_plain_text
def online_share_chart(table: pd.DataFrame, title: str = "Tỷ lệ hồ sơ nộp trực tuyến") -> Figure:
    """Share of new dossiers submitted online (``hs_new_online``, ``hs_new_offline``, ``hs_rate_online``)."""
    values = total_values(table, ["hs_new_online", "hs_new_offline", "hs_rate_online"])
    return share_chart(
        values["hs_new_online"],
        values["hs_new_offline"],
        values["hs_rate_online"],
        "Trực tuyến",
        "Trực tiếp, bưu chính",
        title,
    )


@_plain_text
def monthly_flow_chart(flow: pd.DataFrame, title: str = "Hồ sơ theo tháng trong kỳ") -> Figure:
    """Paired horizontal bars per month, top to bottom: dossiers received (new) and resolved.

    ``flow`` has columns ``month`` (label such as ``T1/2022``), ``received``
    and ``resolved``, in calendar order. Months run down the side so every
    month keeps its name and both values (at the bars' ends) whatever the
    number of months: side by side, twelve months' labels would not fit a
    phone-wide chart.
    """
    fig, ax = _new_figure(max(2.2, 1.0 + 0.55 * len(flow)))  # two labelled bars a month
    if flow.empty or not flow[["received", "resolved"]].fillna(0).to_numpy().any():
        return _empty(fig, ax, title)
    received, resolved = flow["received"].fillna(0).to_numpy(), flow["resolved"].fillna(0).to_numpy()
    y = np.arange(len(flow))
    h = 0.4
    b1 = ax.barh(y - h / 2, received, h, color=PALETTE["primary"], label="Tiếp nhận mới")
    b2 = ax.barh(y + h / 2, resolved, h, color=PALETTE["good"], label="Đã giải quyết")
    _bar_labels(ax, b1, received)
    _bar_labels(ax, b2, resolved)
    ax.set_yticks(y, list(flow["month"]))
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(tick_formatter())
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.set_xlabel("Số hồ sơ")
    ax.margins(x=0.2)
    _legend_above(ax, title)
    return fig


@_plain_text
def documents_form_chart(table: pd.DataFrame, title: str = "Văn bản đi, đến theo hình thức") -> Figure:
    """Grouped bars: outgoing / incoming documents by form (paper, electronic, both)."""
    codes = [f"vb_{d}_{suffix}" for d in ("out", "in") for suffix in FORM_PARTS.values()]
    values = total_values(table, codes).fillna(0)
    fig, ax = _new_figure(3.4)
    if not values.any():
        return _empty(fig, ax, title)
    x = np.arange(2)
    w = 0.26
    for i, (name, suffix) in enumerate(FORM_PARTS.items()):
        vals = np.array([values[f"vb_out_{suffix}"], values[f"vb_in_{suffix}"]])
        bars = ax.bar(
            x + (i - 1) * w,
            vals,
            w,
            label=name,
            color=[PALETTE["neutral"], PALETTE["primary"], PALETTE["secondary"]][i],
        )
        _bar_labels(ax, bars, vals)
    ax.set_xticks(x, ["Văn bản đi", "Văn bản đến"])
    ax.yaxis.set_major_formatter(tick_formatter())
    ax.set_ylabel("Số văn bản")
    ax.margins(y=0.18)
    _legend_above(ax, title)
    return fig


@_plain_text
def training_plan_chart(
    table: pd.DataFrame,
    dimension: str = "training_type",
    title: str = "Thực hiện kế hoạch đào tạo, bồi dưỡng",
) -> Figure:
    """Planned vs sent per training type, with the fulfilment rate as a label.

    Uses the breakdown rows of ``dimension`` when there are any, else the totals.
    """
    codes = ["dt_planned", "dt_sent", "dt_rate_plan"]
    wide = breakdown_values(table, dimension, codes)
    wide = wide[wide[["dt_planned", "dt_sent"]].fillna(0).to_numpy().any(axis=1)]
    if wide.empty:
        wide = total_values(table, codes).to_frame("Tổng số").T
        wide = wide[wide[["dt_planned", "dt_sent"]].fillna(0).to_numpy().any(axis=1)]
    fig, ax = _new_figure(_height_for(2 * max(len(wide), 1)))
    if wide.empty:
        return _empty(fig, ax, title)
    planned, sent = wide["dt_planned"].fillna(0), wide["dt_sent"].fillna(0)
    y = np.arange(len(wide))
    h = 0.4
    b1 = ax.barh(y - h / 2, planned, h, color=PALETTE["secondary"], label="Kế hoạch")
    b2 = ax.barh(y + h / 2, sent, h, color=PALETTE["primary"], label="Đã cử đi học")
    _bar_labels(ax, b1, planned.to_numpy())
    ax.bar_label(
        b2,
        labels=[
            f"{fmt_number(s, 0)} ({fmt_pct(r)})" if not np.isnan(r) else fmt_number(s, 0)
            for s, r in zip(sent, wide["dt_rate_plan"])
        ],
        padding=2,
        fontsize=MIN_FONT,
    )
    ax.set_yticks(y, [_shorten(str(g)) for g in wide.index])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(tick_formatter())
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.set_xlabel("Số lượt người")
    ax.margins(x=0.35)
    _legend_above(ax, title)
    return fig


@_plain_text
def trend_chart(
    series: pd.DataFrame, codes: Sequence[str], title: str | None = None, percent: bool | None = None
) -> Figure:
    """Lines of one or more indicators across periods.

    ``series`` is tidy with columns ``period`` (label or code, in order),
    ``code`` and ``value`` (and optionally ``label``, ``unit``); only total
    rows are plotted.
    """
    data = series[series["code"].isin(codes)]
    if "dimension" in data.columns:
        data = _totals(data)
    order = list(dict.fromkeys(series["period"]))
    wide = (
        data.pivot_table(index="period", columns="code", values="value", aggfunc="first", dropna=False)
        .reindex(index=order, columns=list(codes))
        .astype(float)
    )
    if title is None:
        title = _label_of(data, codes[0], codes[0]) if len(codes) == 1 else "Diễn biến qua các kỳ"
    if percent is None and "unit" in data.columns:
        percent = bool((data["unit"] == "%").all()) and len(data) > 0
    fig, ax = _new_figure(3.0)
    if wide.isna().all().all():
        return _empty(fig, ax, title)
    x = np.arange(len(wide))
    for i, code in enumerate(codes):
        name = _label_of(data, code, code)
        color = meaning_color(code) if len(codes) == 1 else SERIES_COLORS[i % len(SERIES_COLORS)]
        ax.plot(
            x,
            wide[code].to_numpy(),
            marker="o",
            markersize=4,
            linewidth=2,
            color=color,
            label=_shorten(name, 40),
        )
    longest = max((len(str(p)) for p in wide.index), default=1)
    step = max(1, int(np.ceil(len(x) / max(1, 260 // (longest * 6.6 + 10)))))
    ax.set_xticks(x[::step], [str(p) for p in wide.index[::step]], rotation=0)
    ax.yaxis.set_major_formatter(tick_formatter(bool(percent)))
    ax.grid(axis="y")
    if len(codes) > 1:
        _legend_above(ax, title)
    else:
        ax.set_title(title)
    return fig


def meaning_color(code: str) -> str:
    """The colour of one indicator: green when a rise is good, red when bad, grey for volumes.

    >>> meaning_color("hs_rate_early"), meaning_color("hs_pending_overdue"), meaning_color("hs_received")
    ('#2e8b57', '#c0392b', '#6b7580')
    """
    from .catalogue import rising

    return {"good": PALETTE["good"], "bad": PALETTE["bad"]}.get(rising(code), PALETTE["volume"])


def _ink_on(color: str) -> str:
    """White or dark text, whichever contrasts more with ``color`` (WCAG): a data label inside a bar.

    >>> _ink_on("#2e8b57"), _ink_on("#8fcf9f")
    ('white', '#222222')
    """

    def luminance(c: str) -> float:  # WCAG relative luminance (constants: 1/12.92, 1/1.055)
        linear = [
            v * 0.0773993808 if v <= 0.03928 else ((v + 0.055) * 0.9478672986) ** 2.4
            for v in matplotlib.colors.to_rgb(c)
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    # contrast with white, 1.05 / (L + .05), against contrast with the dark ink, (L + .05) / (Ld + .05)
    back = luminance(color) + 0.05
    return "white" if 1.05 * (luminance(PALETTE["text"]) + 0.05) >= back * back else PALETTE["text"]


def _legend_above(ax, title: str) -> None:
    """The legend between the title and the plot, in as many columns as fit the width.

    A legend inside the plot hides bars on a narrow chart; below it, it
    collides with the axis label. Names wider than half the chart go one per line.
    """
    handles, names = ax.get_legend_handles_labels()
    if not handles:
        ax.set_title(title)
        return
    em = MIN_FONT * 0.62  # average advance of DejaVu Sans, in points
    width = WIDTH * 72 - 20
    if sum(len(n) * em + 30 for n in names) <= width:
        ncol = len(names)
    elif max(len(n) for n in names) * em + 30 <= width / 2:
        ncol = 2
    else:
        ncol = 1
    rows = int(np.ceil(len(names) / ncol))
    ax.figure.set_figheight(ax.figure.get_figheight() + rows * 0.24)
    ax.legend(
        handles,
        names,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=ncol,
        bbox_transform=blended_transform_factory(ax.figure.transFigure, ax.transAxes),
        borderaxespad=0.2,
        columnspacing=1.0,
        handlelength=1.2,
    )
    ax.set_title(title, pad=rows * MIN_FONT * 1.55 + 8)


def _shorten(text: str, limit: int = LABEL_LIMIT) -> str:
    """Cut long category names so axes stay readable (full names are in the tables)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
