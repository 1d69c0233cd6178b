"""The one chart style of the reports: palette, font, Vietnamese labels, vi-VN ticks.

Every chart function is pure: it takes the tidy indicator table of
:func:`cchc.indicators.compute` (columns ``code, dimension, group, value,
numerator, denominator, unit, label``) or a frame derived from it, and
returns a :class:`matplotlib.figure.Figure`. Figures are built with the
object-oriented API (``Figure(...)``), never through ``pyplot``, so nothing
is drawn twice in a notebook and no global figure state leaks between
pages. Notebooks call :func:`use_report_style` once, then ``display(fig)``.

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
from collections.abc import Callable, Sequence

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure  # no pyplot: no global figure state, works headless
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .formatting import fmt_number, fmt_pct

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
    "text": "#222222",
    "grid": "#d9dee4",
}

#: Colours for a sequence of unrelated categories (fields, units, forms…).
SERIES_COLORS = ["#1f5fa8", "#e0a030", "#2e8b57", "#8e44ad", "#c0392b", "#16a085",
                 "#7f8c8d", "#d35400", "#2c3e50", "#7fb0e0"]

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

DOSSIER_PARTS = ["hs_resolved_early", "hs_resolved_on_time", "hs_resolved_late",
                 "hs_pending_within_deadline", "hs_pending_overdue"]
TASK_PARTS = ["nv_completed_on_time", "nv_completed_late", "nv_in_progress_not_due",
              "nv_in_progress_no_deadline", "nv_in_progress_overdue"]
FORM_PARTS = {"Giấy": "paper", "Điện tử": "electronic", "Điện tử kèm giấy": "electronic_with_paper"}

#: Width of a full-width chart in inches; at the retina inline setting it is
#: rendered 2× for crisp output and scales down on phones.
WIDTH = 8.0

_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.edgecolor": PALETTE["grid"],
    "axes.labelcolor": PALETTE["text"],
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "grid.color": PALETTE["grid"],
    "xtick.color": PALETTE["text"],
    "ytick.color": PALETTE["text"],
    "legend.frameon": False,
    "legend.fontsize": 9,
    "figure.dpi": 96,
    "savefig.dpi": 96,
    "figure.facecolor": "white",
    "svg.fonttype": "none",
    "svg.hashsalt": "cchc",  # deterministic SVG ids
    # labels come from spreadsheets: "$…$" is text, never math or LaTeX
    "text.parse_math": False,
    "text.usetex": False,
}


def use_report_style(inline_format: str = "retina") -> None:
    """Apply the report's matplotlib style; configure crisp inline output.

    Called once at the top of every notebook. Outside IPython only the
    style is applied. ``inline_format`` is ``"retina"`` (PNG at 2×, the
    default) or ``"svg"``.
    """
    matplotlib.rcParams.update(_STYLE)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return
    if get_ipython() is None:
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    # bbox_inches="tight" trims the white margins; metadata without dates keeps output stable.
    set_matplotlib_formats(inline_format, bbox_inches="tight")


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
    wide = part.pivot_table(index="group", columns="code", values="value", aggfunc="first",
                            dropna=False)
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
    ax.text(0.5, 0.5, "Không có số liệu trong kỳ", ha="center", va="center",
            transform=ax.transAxes, color=PALETTE["neutral"], fontsize=11)
    ax.set_axis_off()
    return fig


def _bar_labels(ax, bars, values, percent: bool = False, inside: bool = False) -> None:
    texts = [fmt_pct(v) if percent else fmt_number(v, 0) for v in values]
    ax.bar_label(bars, labels=[t if not np.isnan(v) and v != 0 else "" for t, v in zip(texts, values)],
                 padding=2, fontsize=9, label_type="center" if inside else "edge",
                 color="white" if inside else PALETTE["text"])


def _height_for(n_rows: int) -> float:
    return max(2.2, 0.9 + 0.42 * n_rows)


def _plain_text(chart: Callable[..., Figure]) -> Callable[..., Figure]:
    """Make every text of the returned figure plain text (no math-text, no LaTeX).

    Unit, field and plan names come from spreadsheets; a name such as
    ``Ban $\\undefinedcommand$`` must be drawn as typed, not parsed (which
    fails and would stop the report), whatever the matplotlib settings.
    """
    @functools.wraps(chart)
    def plain(*args, **kwargs) -> Figure:
        fig = chart(*args, **kwargs)
        for text in fig.findobj(Text):
            text.set_parse_math(False)
            text.set_usetex(False)
        return fig

    return plain


# --------------------------------------------------------------------------- charts


@_plain_text
def dossier_status_chart(table: pd.DataFrame, title: str = "Tình hình giải quyết hồ sơ") -> Figure:
    """Bars of resolved early / on time / late and pending within deadline / overdue."""
    values = total_values(table, DOSSIER_PARTS)
    fig, ax = _new_figure(3.2)
    if values.fillna(0).sum() == 0:
        return _empty(fig, ax, title)
    names = [STATUS[c][0] for c in DOSSIER_PARTS]
    colors = [STATUS[c][1] for c in DOSSIER_PARTS]
    y = np.arange(len(names))
    bars = ax.barh(y, values.fillna(0).to_numpy(), color=colors)
    _bar_labels(ax, bars, values.fillna(0).to_numpy())
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(tick_formatter())
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Số hồ sơ")
    ax.set_title(title)
    return fig


@_plain_text
def stacked_status_chart(table: pd.DataFrame, dimension: str, codes: Sequence[str],
                         title: str, xlabel: str = "Số lượng", max_groups: int = 15) -> Figure:
    """Horizontal stacked bars: one bar per group of ``dimension``, parts = ``codes``.

    Used for dossiers by field or unit (early / on time / late / pending) and
    tasks by source or assigning plan. The largest ``max_groups`` groups are
    shown, the rest summed as ``Khác``.
    """
    wide = breakdown_values(table, dimension, codes).fillna(0)
    wide = wide[wide.sum(axis=1) > 0]
    fig, ax = _new_figure(_height_for(min(len(wide), max_groups + 1)) + 0.6)
    if wide.empty:
        return _empty(fig, ax, title)
    wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False).index]
    if len(wide) > max_groups:
        rest = wide.iloc[max_groups:].sum().rename("Khác")
        wide = pd.concat([wide.iloc[:max_groups], rest.to_frame().T])
    y = np.arange(len(wide))
    left = np.zeros(len(wide))
    for code in codes:
        name, color = STATUS.get(code, (_label_of(table, code, code), PALETTE["primary"]))
        vals = wide[code].to_numpy()
        bars = ax.barh(y, vals, left=left, color=color, label=name)
        big = vals >= wide.sum(axis=1).max() * 0.06
        ax.bar_label(bars, labels=[fmt_number(v, 0) if b else "" for v, b in zip(vals, big)],
                     label_type="center", fontsize=8, color="white")
        left += vals
    for yi, total in zip(y, left):
        ax.text(total, yi, " " + fmt_number(total, 0), va="center", fontsize=9)
    ax.set_yticks(y, [_shorten(str(g)) for g in wide.index])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(tick_formatter())
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(3, len(codes)),
              fontsize=8)
    ax.set_title(title, pad=28 if len(codes) <= 3 else 42)
    return fig


@_plain_text
def breakdown_bar_chart(table: pd.DataFrame, code: str, dimension: str, title: str | None = None,
                        percent: bool = False, max_groups: int = 15) -> Figure:
    """One indicator by the groups of a dimension, largest first, with data labels."""
    wide = breakdown_values(table, dimension, [code])[code].dropna()
    title = title or _label_of(table, code, code)
    fig, ax = _new_figure(_height_for(min(len(wide), max_groups)))
    if wide.empty:
        return _empty(fig, ax, title)
    wide = wide.sort_values(ascending=False).iloc[:max_groups]
    y = np.arange(len(wide))
    bars = ax.barh(y, wide.to_numpy(), color=PALETTE["primary"])
    _bar_labels(ax, bars, wide.to_numpy(), percent=percent)
    ax.set_yticks(y, [_shorten(str(g)) for g in wide.index])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(tick_formatter(percent))
    if percent:
        ax.set_xlim(0, 110)
    ax.set_title(title)
    return fig


@_plain_text
def share_chart(part: float, total: float, part_name: str, rest_name: str, title: str) -> Figure:
    """A donut: ``part`` of ``total`` (e.g. online dossiers among new ones)."""
    fig, ax = _new_figure(3.0, 5.0)
    if not total or np.isnan(total):
        return _empty(fig, ax, title)
    part = 0.0 if np.isnan(part) else float(part)
    rest = max(float(total) - part, 0.0)
    ax.pie([part, rest], colors=[PALETTE["primary"], PALETTE["grid"]], startangle=90,
           counterclock=False, wedgeprops={"width": 0.38})
    ax.text(0, 0, fmt_pct(100.0 * part / total), ha="center", va="center", fontsize=15,
            fontweight="bold", color=PALETTE["primary"])
    ax.legend([f"{part_name}: {fmt_number(part, 0)}", f"{rest_name}: {fmt_number(rest, 0)}"],
              loc="center left", bbox_to_anchor=(1.0, 0.5))
    ax.set_title(title)
    ax.set_aspect("equal")
    return fig


@_plain_text
def online_share_chart(table: pd.DataFrame, title: str = "Tỷ lệ hồ sơ nộp trực tuyến") -> Figure:
    """Share of new dossiers submitted online (``hs_new_online`` over ``hs_new``)."""
    values = total_values(table, ["hs_new_online", "hs_new"])
    return share_chart(values["hs_new_online"], values["hs_new"], "Trực tuyến",
                       "Trực tiếp, bưu chính", title)


@_plain_text
def monthly_flow_chart(flow: pd.DataFrame, title: str = "Hồ sơ theo tháng trong kỳ") -> Figure:
    """Grouped bars per month: dossiers received (new) and resolved.

    ``flow`` has columns ``month`` (label such as ``T1/2022``), ``received``
    and ``resolved``, in calendar order.
    """
    fig, ax = _new_figure(3.2)
    if flow.empty or flow[["received", "resolved"]].fillna(0).to_numpy().sum() == 0:
        return _empty(fig, ax, title)
    x = np.arange(len(flow))
    w = 0.4
    b1 = ax.bar(x - w / 2, flow["received"].fillna(0), w, color=PALETTE["primary"], label="Tiếp nhận mới")
    b2 = ax.bar(x + w / 2, flow["resolved"].fillna(0), w, color=PALETTE["good"], label="Đã giải quyết")
    _bar_labels(ax, b1, flow["received"].fillna(0).to_numpy())
    _bar_labels(ax, b2, flow["resolved"].fillna(0).to_numpy())
    ax.set_xticks(x, list(flow["month"]))
    ax.yaxis.set_major_formatter(tick_formatter())
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Số hồ sơ")
    ax.legend(loc="upper left", ncol=2)
    ax.set_title(title, pad=18)
    ax.margins(y=0.15)
    return fig


@_plain_text
def documents_form_chart(table: pd.DataFrame,
                         title: str = "Văn bản đi, đến theo hình thức") -> Figure:
    """Grouped bars: outgoing / incoming documents by form (paper, electronic, both)."""
    codes = [f"vb_{d}_{suffix}" for d in ("out", "in") for suffix in FORM_PARTS.values()]
    values = total_values(table, codes).fillna(0)
    fig, ax = _new_figure(3.4)
    if values.sum() == 0:
        return _empty(fig, ax, title)
    x = np.arange(2)
    w = 0.26
    for i, (name, suffix) in enumerate(FORM_PARTS.items()):
        vals = np.array([values[f"vb_out_{suffix}"], values[f"vb_in_{suffix}"]])
        bars = ax.bar(x + (i - 1) * w, vals, w, label=name,
                      color=[PALETTE["neutral"], PALETTE["primary"], PALETTE["secondary"]][i])
        _bar_labels(ax, bars, vals)
    ax.set_xticks(x, ["Văn bản đi", "Văn bản đến"])
    ax.yaxis.set_major_formatter(tick_formatter())
    ax.set_ylabel("Số văn bản")
    ax.legend(loc="upper left", ncol=3)
    ax.margins(y=0.18)
    ax.set_title(title, pad=18)
    return fig


@_plain_text
def training_plan_chart(table: pd.DataFrame, dimension: str = "training_type",
                        title: str = "Thực hiện kế hoạch đào tạo, bồi dưỡng") -> Figure:
    """Planned vs sent per training type, with the fulfilment rate as a label.

    Uses the breakdown rows of ``dimension`` when there are any, else the totals.
    """
    wide = breakdown_values(table, dimension, ["dt_planned", "dt_sent"]).fillna(0)
    wide = wide[wide.sum(axis=1) > 0]
    if wide.empty:
        tot = total_values(table, ["dt_planned", "dt_sent"]).fillna(0)
        wide = pd.DataFrame([tot.to_numpy()], columns=["dt_planned", "dt_sent"], index=["Tổng số"])
        wide = wide[wide.sum(axis=1) > 0]
    fig, ax = _new_figure(_height_for(2 * max(len(wide), 1)))
    if wide.empty:
        return _empty(fig, ax, title)
    y = np.arange(len(wide))
    h = 0.4
    b1 = ax.barh(y - h / 2, wide["dt_planned"], h, color=PALETTE["secondary"], label="Kế hoạch")
    b2 = ax.barh(y + h / 2, wide["dt_sent"], h, color=PALETTE["primary"], label="Đã cử đi học")
    _bar_labels(ax, b1, wide["dt_planned"].to_numpy())
    rates = np.where(wide["dt_planned"] > 0, 100.0 * wide["dt_sent"] / wide["dt_planned"].where(
        wide["dt_planned"] > 0), np.nan)
    ax.bar_label(b2, labels=[f"{fmt_number(s, 0)} ({fmt_pct(r)})" if not np.isnan(r) else fmt_number(s, 0)
                             for s, r in zip(wide["dt_sent"], rates)], padding=2, fontsize=9)
    ax.set_yticks(y, [_shorten(str(g)) for g in wide.index])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(tick_formatter())
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Số lượt người")
    ax.legend(loc="lower right")
    ax.margins(x=0.2)
    ax.set_title(title)
    return fig


@_plain_text
def trend_chart(series: pd.DataFrame, codes: Sequence[str], title: str | None = None,
                percent: bool | None = None) -> Figure:
    """Lines of one or more indicators across periods.

    ``series`` is tidy with columns ``period`` (label or code, in order),
    ``code`` and ``value`` (and optionally ``label``, ``unit``); only total
    rows are plotted.
    """
    data = series[series["code"].isin(codes)]
    if "dimension" in data.columns:
        data = _totals(data)
    order = list(dict.fromkeys(series["period"]))
    wide = data.pivot_table(index="period", columns="code", values="value", aggfunc="first",
                            dropna=False).reindex(index=order, columns=list(codes)).astype(float)
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
        ax.plot(x, wide[code].to_numpy(), marker="o", markersize=4, linewidth=2,
                color=SERIES_COLORS[i % len(SERIES_COLORS)], label=_shorten(name, 45))
    step = max(1, int(np.ceil(len(x) / 10)))
    ax.set_xticks(x[::step], [str(p) for p in wide.index[::step]], rotation=0)
    ax.yaxis.set_major_formatter(tick_formatter(bool(percent)))
    ax.grid(axis="y")
    if len(codes) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.15), ncol=2)
    ax.set_title(title)
    return fig


def _shorten(text: str, limit: int = 38) -> str:
    """Cut long category names so axes stay readable (full names are in the tables)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
