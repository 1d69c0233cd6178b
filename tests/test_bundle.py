"""The period bundle (issue 12): every figure of a report computed once, saved, read back equal.

The bundle's frames are the indicator layer's own (the same table as
``compute``, the same comparison as ``compare``); ``cchc run`` computes the
period's table once per report, writes the Word report from the bundle and
the notebooks only read it.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pandas as pd
import pytest

import cchc
from cchc.indicators import bundle as bundle_module
from cchc.indicators import views
from cchc.indicators.bundle import FRAMES, build_bundle, load_bundle, page_bundle, save_bundle
from cchc.loading import empty_frame, load_data
from cchc.periods import parse_period
from test_run_safety import PERIOD, SAMPLE, needs_sample, notebook

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def frames():
    return load_data(SAMPLE).frames


@pytest.fixture(scope="module")
def h1(frames):
    return build_bundle(frames, PERIOD)


def _assert_same(a, b):
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True, obj=name)
    for name in ("period_code", "cutoff", "unit", "missing", "staff_notes", "report_html", "docx_name"):
        assert getattr(a, name) == getattr(b, name), name


@needs_sample
@pytest.mark.parametrize("code", [PERIOD, "2022-09", "2025-Q1", "2020-Q4"])
def test_a_saved_bundle_reads_back_equal_with_its_dtypes(frames, tmp_path, code):
    built = build_bundle(frames, code, missing=["dao_tao"])
    folder = save_bundle(built, tmp_path / "b")
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{n}.parquet" for n in FRAMES] + ["bundle.json"]
    )
    _assert_same(built, load_bundle(folder))


def test_a_bundle_of_empty_data_reads_back_equal(tmp_path):
    empty = {name: empty_frame(name) for name in ("ho_so", "nhiem_vu", "van_ban", "dao_tao", "chi_tieu")}
    built = build_bundle(empty, PERIOD, unit="Phòng A")
    assert built.overdue.empty and list(built.actions["count"]) == [0, 0]
    assert set(built.gaps["gap"]) == {"none"}
    _assert_same(built, load_bundle(save_bundle(built, tmp_path / "b")))


@needs_sample
def test_the_bundle_holds_the_indicator_layers_own_figures(frames, h1):
    p = parse_period(PERIOD)
    pd.testing.assert_frame_equal(h1.table, cchc.compute(frames, p))
    pd.testing.assert_frame_equal(h1.comparison, cchc.compare(frames, p, breakdowns=False))
    pd.testing.assert_frame_equal(h1.trend, views.trend_frame(frames, p))
    pd.testing.assert_frame_equal(h1.flow, views.monthly_flow(frames, p))
    pd.testing.assert_frame_equal(h1.government, views.government_table(frames, p))
    assert len(h1.overdue) == cchc.value_of(h1.table, "nv_in_progress_overdue") == 12
    assert list(h1.actions["count"]) == [
        cchc.value_of(h1.table, "hs_pending_overdue"),
        cchc.value_of(h1.table, "nv_in_progress_overdue"),
    ]
    assert h1.flow["received"].sum() == cchc.value_of(h1.table, "hs_new")
    assert h1.period == p and h1.plan_year_map()["1147/KH-VP"] == 2022


@needs_sample
def test_a_units_bundle_scores_no_key_figure(frames):
    unit = "Phòng Tư pháp"
    office = build_bundle(frames, PERIOD)
    mine = build_bundle(views.filter_unit(frames, unit), PERIOD, unit=unit)
    key = mine.scorecard["source"].str.startswith("ct_")
    assert key.any() and mine.scorecard.loc[key, "points"].isna().all()
    assert office.scorecard.loc[key, "points"].notna().any()


@needs_sample
def test_a_page_opened_on_its_own_builds_the_bundle_and_the_report(frames, tmp_path):
    alone = page_bundle("", str(SAMPLE), PERIOD)
    pd.testing.assert_frame_equal(alone.table, cchc.compute(frames, PERIOD))
    assert "đã tiếp nhận 566 hồ sơ" in alone.report_html and alone.docx_name == ""
    assert bundle_module.report_file(alone, tmp_path) == f"bao-cao-cchc-{PERIOD}.docx"
    assert (tmp_path / f"bao-cao-cchc-{PERIOD}.docx").is_file()
    folder = save_bundle(bundle_module.attach_report(alone, alone.report, "r.docx", ["note"]), tmp_path / "b")
    again = page_bundle(str(folder), "", "ignored")
    assert again.docx_name == "r.docx" and again.staff_notes == ["note"] and again.report is None
    assert bundle_module.report_file(again, tmp_path / "nowhere") == "r.docx"  # the run wrote it


# --------------------------------------------------------------------------- compute once

COMPUTING_CALLS = {
    "compute",
    "compare",
    "series",
    "build_report",
    "load_page_data",
    "trend_frame",
    "monthly_flow",
    "action_items",
    "overdue_tasks",
    "scorecard",
    "task_indicators",
}


def _calls(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("0[1-9]_*.ipynb")), ids=lambda p: p.name)
def test_pages_only_format_the_bundle(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "page_bundle" in _calls(source)
    found = _calls(source) & COMPUTING_CALLS
    if path.name == "07_chat_luong_du_lieu.ipynb":  # the files read and the data-quality findings
        found -= {"load_page_data"}
    assert not found, f"{path.name} computes: {sorted(found)}"


def _count_table_computations(monkeypatch) -> list[tuple[str, bool]]:
    """Record every ``compute_prepared(period, breakdowns)`` of this process."""
    from cchc.indicators import comparison, table

    calls: list[tuple[str, bool]] = []
    original = table.compute_prepared

    def counting(prepared, period, breakdowns=True):
        calls.append((period.code, breakdowns))
        return original(prepared, period, breakdowns)

    for module in (table, comparison, bundle_module):
        monkeypatch.setattr(module, "compute_prepared", counting)
    return calls


BUNDLE_CELL = (
    "import cchc\nb = cchc.page_bundle(bundle, data_dir, period, unit, cutoff, snapshot)\n"
    "assert b.docx_name and b.report_html and b.report is None, 'read, not computed'\n"
    "print('received', cchc.value_of(b.table, 'hs_received'))"
)


@needs_sample
@pytest.mark.slow
@pytest.mark.parametrize("by", [None, "unit"])
def test_a_run_computes_the_period_table_once_per_report(tmp_path, monkeypatch, by):
    from cchc.pipeline import run_period
    from cchc.snapshot import known_units

    calls = _count_table_computations(monkeypatch)
    notebooks = tmp_path / "notebooks"
    notebook(notebooks, "01_a.ipynb", BUNDLE_CELL)
    folder = run_period(
        PERIOD,
        data_dir=SAMPLE,
        out_dir=tmp_path / "reports",
        jobs=1,
        notebooks_dir=notebooks,
        by=by,
        log=lambda _: None,
    )
    reports = 1 + (len(known_units(load_data(SAMPLE).frames)) if by else 0)
    assert calls.count((PERIOD, True)) == reports  # the period's table: once per report
    assert calls.count((PERIOD, False)) == 0  # the comparison reuses it
    p = parse_period(PERIOD)
    assert calls.count((p.previous().code, False)) == calls.count((p.year_earlier().code, False)) == reports
    assert "received 566" in (folder / "01_a.ipynb").read_text(encoding="utf-8")
    assert (folder / f"bao-cao-cchc-{PERIOD}.docx").is_file()  # written by the pipeline, from the bundle
    assert not (folder / bundle_module.BUNDLE_DIR).exists()  # private, like .snapshot


def test_views_live_in_the_indicator_layer():
    from cchc import pages

    for name in (
        "overdue_tasks",
        "action_items",
        "monthly_flow",
        "trend_frame",
        "trend_window",
        "uncovered_datasets",
    ):
        assert not hasattr(pages, name), f"pages.{name} computes: it belongs to cchc.indicators.views"
        assert hasattr(views, name)
