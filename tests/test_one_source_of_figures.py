"""One source for every figure: only the indicator layer computes.

The rendering modules (pages, charts, tables, the report's sentences,
narrative, annexes and writers, the landing and comparison pages, the 766
page) format what the indicator layer (``cchc.indicators``) gives them. This
test walks their syntax trees and fails on arithmetic over data there:

- calling the indicator engine again (``compute``, ``compare``, ``series``,
  ``task_indicators``) or the old ``ratio_pct``;
- aggregations (``.sum()``, ``.mean()``, ``.groupby()``, ``.value_counts()``,
  ``.nunique()``, ``pd.crosstab``, a ``.pivot_table`` that aggregates, the
  built-in ``sum`` …);
- divisions that make a rate (any division involving 100) or divide one
  value by another (a division by a literal number, e.g. a bar's half
  width, is layout);
- boolean masks over record columns of the data contract
  (``tasks[tasks["due_date"] < end]``: re-implementing an indicator's mask).

What remains is layout arithmetic (sizes, positions, column widths) and
consistency checks that only raise; each is listed in :data:`ALLOWED` with
its reason, and an entry that no longer matches anything fails the test too.
"""

from __future__ import annotations

import ast
from pathlib import Path

from cchc.contract import DATASETS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lib" / "cchc"

#: The rendering layer: every module that shows figures to a reader.
RENDERING = [
    "pages.py",
    "charts.py",
    "tables.py",
    "landing.py",
    "service_page.py",
    "unit_comparison.py",
    "report/sentences.py",
    "report/narrative.py",
    "report/annexes.py",
    "report/document.py",
    "report/html.py",
    "report/docx_writer.py",
    "report/figures.py",
]

ENGINE_CALLS = {
    "compute",
    "compare",
    "series",
    "task_indicators",
    "compute_prepared",
    "ratio_pct",
    "dossier_indicators",
    "document_indicators",
    "training_indicators",
}
AGGREGATIONS = {
    "sum",
    "mean",
    "median",
    "cumsum",
    "cumcount",
    "value_counts",
    "groupby",
    "agg",
    "aggregate",
    "nunique",
    "crosstab",
    "prod",
    "std",
    "var",
    "resample",
    "rolling",
    "pct_change",
    "diff",
}
#: Record-level columns of the data contract (not the indicator table's ``code``/``dimension``/``group``).
RECORD_COLUMNS = {c.name for d in DATASETS.values() for c in d.columns} - {"code", "value", "period"}

#: (module, function) -> why the arithmetic there is not a figure.
ALLOWED = {
    ("charts.py", "trend_chart"): "layout: how many x labels fit (thin the ticks)",
    ("charts.py", "_legend_above"): "layout: legend columns from the labels' lengths",
    ("charts.py", "_title_from_figure_edge"): "layout: characters per title line",
    ("tables.py", "html_table"): "the totals row of data-quality tables (files, rows, problem counts); "
    "indicator tables pass their totals from the indicator table",
    ("report/docx_writer.py", "annex_widths"): "layout: Word column widths from the text lengths",
    ("report/annexes.py", "check_identities"): "check only: raises when parts do not add up",
    ("report/annexes.py", "_check_totals_row"): "check only: raises when rows do not add up",
}


def _source(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _mentions_100(node: ast.AST) -> bool:
    return any(
        isinstance(n, ast.Constant) and n.value in (100, 100.0) and not isinstance(n.value, bool)
        for n in ast.walk(node)
    )


def _is_number(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    )


def _is_path_join(node: ast.BinOp) -> bool:
    """``folder / "name"``, ``root / name`` with a path-like left side: not arithmetic."""
    sides = (node.left, node.right)
    if any(
        isinstance(s, (ast.JoinedStr,)) or (isinstance(s, ast.Constant) and isinstance(s.value, str))
        for s in sides
    ):
        return True
    text = ast.unparse(node.left).lower()
    return any(word in text for word in ("path", "dir", "folder", "root", "staging", "out"))


def _string_constants(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def violations(module: str, tree: ast.Module) -> list[tuple[str, int, str, str]]:
    """(module, line, function, what) for every banned pattern in ``tree``."""
    found: list[tuple[str, int, str, str]] = []

    class Walker(ast.NodeVisitor):
        def __init__(self) -> None:
            self.stack: list[str] = []

        def _scope(self, node):
            self.stack.append(node.name)
            self.generic_visit(node)
            self.stack.pop()

        visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scope

        def report(self, node: ast.AST, what: str) -> None:
            function = self.stack[-1] if self.stack else "<module>"
            found.append((module, node.lineno, function, what))

        def visit_Call(self, node: ast.Call) -> None:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ENGINE_CALLS:
                self.report(node, f"calls the engine: {ast.unparse(node)[:70]}")
            elif isinstance(func, ast.Attribute) and name in AGGREGATIONS:
                self.report(node, f"aggregates: {ast.unparse(node)[:70]}")
            elif isinstance(func, ast.Attribute) and name == "count" and not node.args:
                self.report(node, f"counts: {ast.unparse(node)[:70]}")
            elif isinstance(func, ast.Attribute) and name == "pivot_table":
                how = {k.arg: k.value for k in node.keywords}.get("aggfunc")
                if not (isinstance(how, ast.Constant) and how.value == "first"):
                    self.report(node, f"aggregates (pivot_table): {ast.unparse(node)[:70]}")
            elif (
                isinstance(func, ast.Name)
                and name == "sum"
                and node.args
                and not isinstance(node.args[0], (ast.List, ast.Tuple))
            ):
                self.report(node, f"sums: {ast.unparse(node)[:70]}")
            self.generic_visit(node)

        def visit_BinOp(self, node: ast.BinOp) -> None:
            division = isinstance(node.op, (ast.Div, ast.FloorDiv)) and not _is_path_join(node)
            if division and (_mentions_100(node) or not (_is_number(node.left) or _is_number(node.right))):
                self.report(node, f"divides: {ast.unparse(node)[:70]}")
            self.generic_visit(node)

        def visit_Subscript(self, node: ast.Subscript) -> None:
            mask = node.slice
            is_mask = (
                isinstance(mask, ast.Compare)
                or (isinstance(mask, ast.BinOp) and isinstance(mask.op, (ast.BitAnd, ast.BitOr)))
                or (isinstance(mask, ast.UnaryOp) and isinstance(mask.op, ast.Invert))
            )
            if is_mask and _string_constants(mask) & RECORD_COLUMNS:
                self.report(node, f"masks records: {ast.unparse(node)[:70]}")
            self.generic_visit(node)

    Walker().visit(tree)
    return found


def test_rendering_modules_compute_no_figure():
    found = [v for m in RENDERING if (PACKAGE / m).exists() for v in violations(m, _source(PACKAGE / m))]
    banned = [v for v in found if (v[0], v[2]) not in ALLOWED]
    assert not banned, (
        "arithmetic over data outside the indicator layer (move it to cchc.indicators):\n"
        + "\n".join(f"  {m}:{line} in {fn}(): {what}" for m, line, fn, what in banned)
    )
    used = {(m, fn) for m, _, fn, _ in found}
    stale = sorted(set(ALLOWED) - used)
    assert not stale, f"allowed entries that match nothing any more (remove them): {stale}"


def test_the_walker_catches_what_it_must():
    sample = ast.parse(
        "def f(table, frames, end):\n"
        "    a = compute(frames, end)\n"
        "    b = table['value'].sum()\n"
        "    c = 100 * x / y\n"
        "    d = x / y\n"
        "    t = frames['nhiem_vu']\n"
        "    e = t[t['due_date'] < end]\n"
        "    g = table[table['code'] == 'hs_received']\n"
        "    h = w / 2\n"
        "    i = root / 'index.html'\n"
    )
    whats = [what.split(":")[0] for *_, what in violations("x.py", sample)]
    assert whats == ["calls the engine", "aggregates", "divides", "divides", "masks records"]
