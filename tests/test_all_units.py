"""Every unit in one run (issue 13): ``cchc run --unit all`` publishes the office's report, one
report per unit and a comparison page, all or nothing.

Tiny notebooks (seconds each) on the bundled sample, as the run-safety tests do.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cchc import config, executor
from cchc.indicators import compute, value_of
from cchc.loading import load_data
from cchc.indicators.views import filter_unit
from cchc.publish import REPORT_MARKER, RunError, folder_name
from cchc.snapshot import known_units
from test_run_safety import PERIOD, SAMPLE, files_of, hidden, needs_sample, notebook

pytestmark = pytest.mark.slow

UNIT_CELL = "print('unit=' + repr(unit))"


@pytest.fixture(scope="module")
def units():
    return known_units(load_data(SAMPLE).frames)


@pytest.fixture(scope="module")
def published(tmp_path_factory, units):
    from cchc.pipeline import run_period

    tmp = tmp_path_factory.mktemp("all")
    notebooks = tmp / "notebooks"
    notebook(notebooks, "01_a.ipynb", UNIT_CELL)
    reports = tmp / "reports"
    lines = []
    folder = run_period(PERIOD, data_dir=SAMPLE, out_dir=reports, jobs=2, notebooks_dir=notebooks,
                        by="unit", log=lines.append)
    return {"folder": folder, "reports": reports, "lines": lines, "notebooks": notebooks}


@needs_sample
def test_office_units_and_comparison_are_published(published, units):
    reports = published["reports"]
    assert published["folder"] == reports / PERIOD
    names = [folder_name(PERIOD, u, units) for u in units]
    for name in [PERIOD, *names, f"{PERIOD}.don-vi"]:
        assert (reports / name / "index.html").is_file(), name
        assert (reports / name / REPORT_MARKER).is_file(), name
    for unit, name in zip(units, names):
        manifest = json.loads((reports / name / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["unit"] == unit
        executed = (reports / name / "01_a.ipynb").read_text(encoding="utf-8")
        assert f"unit={unit!r}" in executed
    assert hidden(reports) == []                      # no staging folder left
    assert all("/" not in n and ".." not in n and n.isascii() for n in names)


@needs_sample
def test_landing_pages_list_every_unit(published, units):
    reports = published["reports"]
    office = (reports / PERIOD / "index.html").read_text(encoding="utf-8")
    root = (reports / "index.html").read_text(encoding="utf-8")
    for unit in units:
        href = f"../{folder_name(PERIOD, unit, units)}/index.html"
        assert f'href="{href}"' in office, unit
        assert f'href="{folder_name(PERIOD, unit, units)}/index.html"' in root, unit
    assert f'href="../{PERIOD}.don-vi/index.html"' in office
    assert "So sánh các đơn vị" in root


@needs_sample
def test_comparison_ranks_units_with_the_units_own_figures(published, units):
    reports = published["reports"]
    manifest = json.loads((reports / f"{PERIOD}.don-vi" / "manifest.json").read_text(encoding="utf-8"))
    ranking = manifest["ranking"]
    assert sorted(r["unit"] for r in ranking) == sorted(units)
    frames = load_data(SAMPLE).frames
    for row in ranking:
        table = compute(filter_unit(frames, row["unit"]), PERIOD)
        timely = value_of(table, "hs_rate_timely")
        assert (row["on_time"] is None) == (timely != timely)
        if row["on_time"] is not None:
            assert row["on_time"] == pytest.approx(timely)
        assert row["overdue"] == value_of(table, "hs_pending_overdue") + value_of(table, "nv_in_progress_overdue")
    rated = [r["on_time"] for r in ranking if r["on_time"] is not None]
    assert rated == sorted(rated, reverse=True)
    assert all(r["on_time"] is None for r in ranking[len(rated):])   # nothing resolved: last
    page = (reports / f"{PERIOD}.don-vi" / "index.html").read_text(encoding="utf-8")
    assert 'class="cards"' in page and "Xếp hạng các đơn vị" in page
    first = ranking[0]["unit"]
    assert f'<a href="../{folder_name(PERIOD, first, units)}/index.html">' in page


@needs_sample
def test_a_failure_in_one_unit_replaces_no_report(published, units, tmp_path):
    from cchc.pipeline import run_period

    reports = published["reports"]
    before = {p.name: files_of(p) for p in reports.iterdir() if not p.name.startswith(".") and p.is_dir()}
    notebooks = tmp_path / "notebooks"
    victim = units[-1]
    notebook(notebooks, "01_a.ipynb", UNIT_CELL, f"assert unit != {victim!r}, 'lỗi riêng của đơn vị'")
    with pytest.raises(RunError) as info:
        run_period(PERIOD, data_dir=SAMPLE, out_dir=reports, jobs=2, notebooks_dir=notebooks, by="unit",
                   log=lambda _: None)
    assert "lỗi riêng của đơn vị" in info.value.message_vi
    after = {p.name: files_of(p) for p in reports.iterdir() if not p.name.startswith(".") and p.is_dir()}
    assert after == before
    assert hidden(reports) == []


@needs_sample
def test_cli_unit_all_and_conflicting_options(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "cchc.cli", "run", "--period", PERIOD, "--data", str(SAMPLE),
                           "--out", str(tmp_path / "r"), "--unit", "Phòng Kinh tế", "--by", "unit"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 2 and "không cả hai" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "r" / PERIOD).exists()


def test_unit_folder_names_are_safe():
    tricky = ["../..", "Phòng/Ban", "Phòng Đào tạo", "Phòng  đào tạo", "..", "/"]
    names = [folder_name(PERIOD, u, tricky) for u in tricky]
    assert len(set(names)) == len(names)
    for name in names:
        assert re.fullmatch(r"2022-H1-[a-z0-9-]+", name), name


def test_a_kernel_that_fails_to_start_is_started_again_but_a_dead_kernel_is_not():
    import types

    job = {"input": "i", "output": "o", "parameters": {}, "kernel": "k", "cwd": "."}
    calls = []

    def port_race(*args, **kwargs):
        calls.append(1)
        if len(calls) <= executor.KERNEL_START_RETRIES:
            raise RuntimeError("Kernel died before replying to kernel_info")

    executor._execute(types.SimpleNamespace(execute_notebook=port_race), job)
    assert len(calls) == executor.KERNEL_START_RETRIES + 1

    calls.clear()

    def always(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("Kernel died before replying to kernel_info")

    with pytest.raises(RuntimeError):
        executor._execute(types.SimpleNamespace(execute_notebook=always), job)
    assert len(calls) == executor.KERNEL_START_RETRIES + 1

    calls.clear()

    def died_mid_run(*args, **kwargs):  # cells may have run: never repeated
        calls.append(1)
        raise RuntimeError("Kernel died")

    with pytest.raises(RuntimeError):
        executor._execute(types.SimpleNamespace(execute_notebook=died_mid_run), job)
    assert len(calls) == 1
