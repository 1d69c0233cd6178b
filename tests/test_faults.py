"""Faults during a run, privacy of the published reports (issue 6).

Privacy and path checks read the session's shared run of the sample
(``published``, tests/conftest.py). The faults (a SIGKILL halfway, two runs
started together, a failing page, an unwritable output folder, SIGTERM) are
about the pipeline's safety, not the pages: they run ``cchc`` on the sample
with tiny notebooks (seconds each) against a copy of that published report as
the last good one. Every fault checks that the raw data is byte-for-byte
unchanged and the last good report untouched. Two runs giving the same output
is checked by ``test_run_safety.test_a_file_added_mid_run_reaches_no_output``.

The module is skipped until the pipeline's building blocks are in the tree
(periods, indicators, exports, the sample generator and the notebooks).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from cchc import config
from cchc.pipeline import find_notebooks

NEEDED = ("cchc.periods", "cchc.indicators", "cchc.exports", "cchc.sample", "cchc.pipeline")
MISSING = [m for m in NEEDED if importlib.util.find_spec(m) is None]
NOTEBOOKS = find_notebooks()  # the published pages (not the exploration notebook)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(MISSING) or not NOTEBOOKS,
        reason=f"pipeline not complete yet (missing: {MISSING or 'notebooks'})",
    ),
]
PERIOD = "2022-H1"
# `cchc` with its notebook folder replaced by tiny pages (argv[1]); the rest of argv as usual
CCHC_WITH_NOTEBOOKS = (
    "import sys\nfrom pathlib import Path\nfrom cchc import config, cli\n"
    "config.NOTEBOOKS_DIR = Path(sys.argv[1])\nsys.exit(cli.main(sys.argv[2:]))"
)
# a tiny page that sleeps for $CCHC_TEST_SLEEP seconds (0 when unset), so a run can be hit mid-way
SLEEPER = "import os, time\ntime.sleep(float(os.environ.get('CCHC_TEST_SLEEP', '0')))"
TINY_PAGES = ("01_a", "02_b", "03_c")


def tree_hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def cli(*args: str, notebooks: Path, env: dict | None = None, cwd: Path | None = None) -> subprocess.Popen:
    """Start ``cchc`` on ``notebooks`` in its own session (so a SIGKILL can reach its kernels too)."""
    return subprocess.Popen(
        [sys.executable, "-c", CCHC_WITH_NOTEBOOKS, str(notebooks), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


def run_cli(
    *args: str, notebooks: Path, env: dict | None = None, cwd: Path | None = None, timeout: float = 300
):
    proc = cli(*args, notebooks=notebooks, env=env, cwd=cwd)
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out + err


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".tmp-", ".old-")))


@pytest.fixture(scope="module")
def world(tmp_path_factory, published):
    """The sample data and its hashes, tiny pages, and a reports root holding a copy of the
    shared published report as the last good one."""
    from test_run_safety import notebook

    base = tmp_path_factory.mktemp("faults")
    raw = published["raw"]
    notebooks = base / "notebooks"
    for name in TINY_PAGES:
        notebook(notebooks, f"{name}.ipynb", SLEEPER)
    reports = base / "reports"
    shutil.copytree(published["out"], reports, ignore=shutil.ignore_patterns(".lock"))
    return {
        "base": base,
        "raw": raw,
        "raw_hashes": tree_hashes(raw),
        "reports": reports,
        "notebooks": notebooks,
        "published": tree_hashes(reports / PERIOD),
    }


def assert_raw_unchanged(world) -> None:
    assert tree_hashes(world["raw"]) == world["raw_hashes"]


# --- privacy and paths ------------------------------------------------------------


def published_texts(folder: Path) -> dict[str, str]:
    """Text of every published file: HTML, CSV, JSON, logs, notebooks, and the XML inside XLSX/DOCX."""
    texts = {}
    for p in folder.rglob("*"):
        if p.suffix in (".html", ".csv", ".json", ".log", ".ipynb"):
            texts[str(p)] = p.read_text(encoding="utf-8", errors="replace")
        elif p.suffix in (".xlsx", ".docx"):
            with zipfile.ZipFile(p) as z:
                texts[str(p)] = "\n".join(
                    z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")
                )
    return texts


def test_staff_names_never_appear_in_published_files(published):
    import pandas as pd

    # Read straight from the raw file: the loader never reads personal columns at all.
    raw = pd.read_csv(published["raw"] / "dao_tao.csv", sep=";", dtype=str)
    names = raw["Họ và tên"].dropna().unique().tolist()
    assert names, "the sample should hold staff names to test this"
    texts = published_texts(published["folder"])
    assert {Path(k).suffix for k in texts} >= {".html", ".csv", ".xlsx", ".docx", ".ipynb"}
    leaks = [(Path(k).name, n) for k, v in texts.items() for n in names if n in v]
    assert not leaks, leaks[:5]


def test_published_html_and_notebooks_hold_no_absolute_path_of_the_machine(published):
    forbidden = [
        str(published["out"].parent),
        str(published["raw"]),
        "/work/",
        "/root/",
        str(Path.home()) + "/",
        str(config.PROJECT_ROOT),
    ]
    for path in published["folder"].rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        found = [f for f in forbidden if f in text]
        assert not found, (path.name, found)
    # The executed notebooks (audit record) name the data folder relative to notebooks/ and
    # carry no absolute path: not the project's, not the home folder, not papermill's own.
    for path in published["folder"].rglob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
        source = "".join(injected[0]["source"])
        assert 'data_dir = "/' not in source and 'output_dir = "/' not in source, source
        meta = nb["metadata"]["papermill"]
        assert meta["input_path"] == f"notebooks/{path.name}" and meta["output_path"] == path.name
        text = path.read_text(encoding="utf-8")
        found = [f for f in (str(config.PROJECT_ROOT), str(Path.home()) + "/", '"/tmp/') if f in text]
        assert not found, (path.name, found)


# --- faults -------------------------------------------------------------------------


def test_sigkill_halfway_leaves_the_previous_report_and_the_next_run_succeeds(world):
    reports = world["reports"]
    proc = cli(
        "run",
        "--period",
        PERIOD,
        "--data",
        str(world["raw"]),
        "--out",
        str(reports),
        notebooks=world["notebooks"],
        env={"CCHC_TEST_SLEEP": "120"},
        cwd=world["base"],
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(p.name.startswith(".tmp-") for p in reports.iterdir()):
        time.sleep(0.05)  # wait until the run is building its staging folder
    assert proc.poll() is None, "the run finished before it could be killed"
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGKILL)  # the run and the kernels it started
    proc.communicate(timeout=60)
    assert tree_hashes(reports / PERIOD) == world["published"]
    code, out = run_cli(
        "run",
        "--period",
        PERIOD,
        "--data",
        str(world["raw"]),
        "--out",
        str(reports),
        notebooks=world["notebooks"],
        cwd=world["base"],
    )
    assert code == 0, out
    assert (reports / PERIOD / "index.html").is_file()
    assert leftovers(reports) == []
    assert_raw_unchanged(world)


def test_two_runs_started_together_never_mix_a_folder(world):
    out = world["base"] / "reports-concurrent"
    procs = [
        cli(
            "run",
            "--period",
            PERIOD,
            "--data",
            str(world["raw"]),
            "--out",
            str(out),
            notebooks=world["notebooks"],
            env={"CCHC_TEST_SLEEP": "1"},
            cwd=world["base"],
        )
        for _ in range(2)
    ]
    results = [(p.wait(timeout=300), "".join(p.communicate())) for p in procs]
    for code, text in results:
        assert code == 0 or (code == 1 and "Một lần chạy khác" in text and "Another run" in text), text
        assert "Traceback" not in text
    assert any(code == 0 for code, _ in results)
    folder = out / PERIOD
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest  # one complete folder: every page its manifest lists is there
    for stem in TINY_PAGES:
        assert (folder / (stem + ".html")).is_file(), stem
    assert leftovers(out) == []
    assert_raw_unchanged(world)


def test_a_notebook_that_raises_publishes_nothing_and_names_notebook_cell_and_error(world, tmp_path):
    import nbformat

    from cchc.pipeline import RunError, run_period

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": config.KERNEL_NAME, "display_name": "cchc", "language": "python"}
    params = nbformat.v4.new_code_cell(
        "period = '2022-H1'\ndata_dir = ''\noutput_dir = ''\nunit = ''\ncutoff = 'calendar'"
    )
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Trang lỗi"),
        params,
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("raise ValueError('lỗi thử nghiệm')"),
    ]
    nbformat.write(nb, notebooks / "99_loi.ipynb")
    before = tree_hashes(world["reports"])
    with pytest.raises(RunError) as info:
        run_period(
            PERIOD,
            data_dir=world["raw"],
            out_dir=world["reports"],
            jobs=1,
            cutoff="calendar",
            today=None,
            log=lambda line: None,
            notebooks_dir=notebooks,
        )
    text = str(info.value)
    for part in ("99_loi.ipynb", "ValueError", "lỗi thử nghiệm", "Không xuất bản", "Nothing was published"):
        assert part in text, text
    assert "ô số" in text and "cell" in text
    after = {k: v for k, v in tree_hashes(world["reports"]).items() if not k.startswith(".lock")}
    assert after == {k: v for k, v in before.items() if not k.startswith(".lock")}
    assert leftovers(world["reports"]) == []
    assert_raw_unchanged(world)


def test_unwritable_output_folder_is_a_clear_error_and_nothing_is_written(world, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")  # root ignores permissions: a file in the way is portable
    code, out = run_cli(
        "run",
        "--period",
        PERIOD,
        "--data",
        str(world["raw"]),
        "--out",
        str(blocker / "reports"),
        notebooks=world["notebooks"],
        cwd=tmp_path,
    )
    assert code != 0
    assert "Traceback" not in out
    assert "Không tạo được thư mục báo cáo" in out or "Không ghi được" in out, out
    assert "Cannot" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]
    assert blocker.read_text(encoding="utf-8") == "x"
    assert_raw_unchanged(world)


def test_sigterm_of_cchc_run_stops_cleanly_with_no_process_left(world):
    import psutil

    reports = world["reports"]
    published = tree_hashes(reports / PERIOD)  # earlier tests may have republished it
    proc = cli(
        "run",
        "--period",
        PERIOD,
        "--data",
        str(world["raw"]),
        "--out",
        str(reports),
        notebooks=world["notebooks"],
        env={"CCHC_TEST_SLEEP": "120"},
        cwd=world["base"],
    )
    deadline = time.monotonic() + 120
    kernels: list = []
    while time.monotonic() < deadline and not kernels:
        family = psutil.Process(proc.pid).children(recursive=True)
        kernels = [p for p in family if "ipykernel" in " ".join(p.cmdline())]
        time.sleep(0.05)  # wait until notebooks are running in kernels
    assert kernels and proc.poll() is None, "the run finished before it could be stopped"
    family = psutil.Process(proc.pid).children(recursive=True)
    os.kill(proc.pid, signal.SIGTERM)  # the run only, as a service manager or `kill` would
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err
    assert "Đã dừng theo yêu cầu (SIGTERM)" in err and "Stopped on request (SIGTERM)" in err
    assert "Traceback" not in err

    def running(p):
        try:
            return p.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return False

    deadline = time.monotonic() + 10  # the resource tracker exits once it sees the run gone
    while any(running(p) for p in family) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [" ".join(p.cmdline()) for p in family if running(p)] == []
    assert tree_hashes(reports / PERIOD) == published
    assert leftovers(reports) == []
    assert_raw_unchanged(world)
