"""One rule for paths: explicit argument, then CCHC_* variable, then the project's folder
(from the project root, never the current folder); relative paths as the user means them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cchc import config
from cchc.loading import load_data

ROOT = config.PROJECT_ROOT
BIN = Path(sys.executable).parent
needs_sample = pytest.mark.skipif(not any(config.RAW_DIR.glob("ho_so*")), reason="no sample data")


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """The current folder is an unrelated one; no CCHC_* variable is set."""
    for name in (config.ENV_DATA, config.ENV_REPORTS):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_absolute_paths_are_kept(elsewhere):
    assert config.resolve_path(elsewhere / "x") == elsewhere / "x"
    assert config.resolve_path("~/x") == Path.home() / "x"


def test_a_relative_path_that_exists_here_is_taken_from_the_current_folder(elsewhere):
    (elsewhere / "data" / "raw").mkdir(parents=True)
    assert config.resolve_path("data/raw") == (elsewhere / "data" / "raw").resolve()


def test_a_relative_path_missing_here_is_taken_from_the_project_root(elsewhere):
    assert config.resolve_path("data/raw") == ROOT / "data" / "raw"
    assert config.resolve_path("no/such/folder") == ROOT / "no" / "such" / "folder"


def test_a_new_output_folder_is_made_where_the_user_is(elsewhere):
    assert config.resolve_path("site", output=True) == elsewhere.resolve() / "site"
    assert config.reports_folder("site") == elsewhere.resolve() / "site"
    assert config.notebook_output_folder("out") == elsewhere.resolve() / "out"
    # an input that is not here is looked for in the project
    assert config.resolve_path("site") == ROOT / "site"
    # an output whose parent is not here either goes under the project root
    assert config.resolve_path("no/such/site", output=True) == ROOT / "no" / "such" / "site"


def test_defaults_come_from_the_project_root_not_the_current_folder(elsewhere):
    (elsewhere / "data" / "raw").mkdir(parents=True)  # a decoy in the current folder
    (elsewhere / "reports").mkdir()
    assert config.data_folder() == ROOT / "data" / "raw"
    assert config.data_folder("") == ROOT / "data" / "raw"  # the notebooks' empty default
    assert config.reports_folder() == ROOT / "reports"
    assert config.notebook_output_folder("") == ROOT / "reports" / "notebook-output"


def test_variables_come_before_the_project_folders_and_arguments_before_variables(elsewhere, monkeypatch):
    monkeypatch.setenv(config.ENV_DATA, str(elsewhere / "env-data"))
    monkeypatch.setenv(config.ENV_REPORTS, str(elsewhere / "env-reports"))
    assert config.data_folder() == elsewhere / "env-data"
    assert config.reports_folder() == elsewhere / "env-reports"
    assert config.notebook_output_folder() == elsewhere / "env-reports" / "notebook-output"
    assert config.data_folder(elsewhere / "arg") == elsewhere / "arg"
    assert config.reports_folder(str(elsewhere / "arg")) == elsewhere / "arg"


def test_every_variable_is_documented_in_docs_reports():
    text = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    names = [getattr(config, n) for n in dir(config) if n.startswith("ENV_")]
    assert len(names) == 5
    for name in [*names, "CCHC_DEBUG"]:
        assert f"`{name}`" in text, name


@needs_sample
def test_load_data_with_the_readme_path_works_from_another_folder(elsewhere):
    data = load_data("data/raw")
    assert data.raw_dir == ROOT / "data" / "raw"
    assert len(data.frames["ho_so"]) > 500


@needs_sample
def test_load_data_follows_cchc_data(elsewhere, monkeypatch):
    monkeypatch.setenv(config.ENV_DATA, str(config.RAW_DIR))
    assert load_data().raw_dir == config.RAW_DIR


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


@pytest.mark.slow
@needs_sample
def test_papermill_runs_a_page_from_any_folder_with_its_defaults(tmp_path):
    result = subprocess.run(
        [
            str(BIN / "papermill"),
            str(ROOT / "notebooks" / "03_ho_so.ipynb"),
            "out.ipynb",
            "-p",
            "period",
            "2022-Q3",
            "--no-progress-bar",
        ],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "out.ipynb").is_file()


@pytest.mark.slow
@needs_sample
def test_the_report_page_writes_its_word_file_under_cchc_reports(tmp_path):
    result = subprocess.run(
        [
            str(BIN / "papermill"),
            str(ROOT / "notebooks" / "08_bao_cao.ipynb"),
            "out.ipynb",
            "--no-progress-bar",
        ],
        cwd=tmp_path,
        env=_env(CCHC_REPORTS=str(tmp_path / "reports")),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "reports" / "notebook-output" / "bao-cao-cchc-2022-H1.docx").is_file()


@pytest.mark.slow
@needs_sample
def test_cchc_run_from_another_folder_says_which_folders_it_uses(tmp_path):
    """Started from /tmp-like folder without --data/--out: the project's data, CCHC_REPORTS out.

    The period is past the sample's end, so the run stops (exit 2) before any notebook."""
    result = subprocess.run(
        [str(BIN / "cchc"), "run", "--period", "2030-Q1"],
        cwd=tmp_path,
        env=_env(CCHC_REPORTS=str(tmp_path / "out")),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2, result.stderr
    first = result.stderr.splitlines()[0]
    assert "dữ liệu: data/raw;" in first  # named relative to the project: run.log is published
    assert f"báo cáo ghi vào: {tmp_path / 'out'}" in first
    assert not (tmp_path / "reports").exists() and not (tmp_path / "data").exists()
