"""Never a wrong or lost report (issue 14): one snapshot per run, clean stops, true messages, --unit.

Fault tests use tiny notebooks written here (seconds each) on the bundled
sample; only the snapshot test runs the real report notebooks once.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import nbformat
import pandas as pd
import psutil
import pytest

from cchc import config
from cchc.publish import REPORT_MARKER, RunError

pytestmark = pytest.mark.slow
SAMPLE = config.RAW_DIR
needs_sample = pytest.mark.skipif(not any(SAMPLE.glob("ho_so*")), reason="sample data not generated")
PERIOD = "2022-H1"
TIMESTAMP = re.compile(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}(:\d{2})?")
PARAMS = (
    'period: str = "2022-H1"  # period\ndata_dir: str = "../data/raw"  # data\n'
    'output_dir: str = "."  # output\nunit: str = ""  # unit\ncutoff: str = "calendar"  # dates\n'
    'snapshot: str = ""  # snapshot'
)


def notebook(folder: Path, name: str, *cells: str, title: str = "Trang thử") -> Path:
    """Write a small report notebook (title, parameters, ``cells``) into ``folder``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": config.KERNEL_NAME, "display_name": "cchc", "language": "python"}
    params = nbformat.v4.new_code_cell(PARAMS)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}"),
        params,
        *[nbformat.v4.new_code_cell(c) for c in cells],
    ]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    nbformat.write(nb, path)
    return path


def last_good(root: Path) -> dict[str, bytes]:
    """Publish a marked 'last good' report under ``root/2022-H1``; return its files."""
    folder = root / PERIOD
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("last good", encoding="utf-8")
    (folder / REPORT_MARKER).write_text("", encoding="utf-8")
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def hidden(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".tmp-", ".old-", ".v-")))


# --- item 1: one snapshot per run --------------------------------------------------------------

EXTRA_UNIT = "Phòng thêm giữa chừng XYZ"
EXTRA_TASKS = (
    "Mã nhiệm vụ,Nội dung,Nguồn giao,Văn bản giao,Đơn vị chủ trì,Ngày giao,Hạn hoàn thành,Ngày hoàn thành\n"
    + "".join(
        f"NV-MID-{i},Nhiệm vụ thêm giữa chừng {i},UBND tỉnh,KH 9/KH-MID,{EXTRA_UNIT},03/01/2022,31/03/2022,\n"
        for i in range(25)
    )
)
CHANGED_ORG = "CƠ QUAN ĐỔI GIỮA CHỪNG XYZ"


def _texts(folder: Path) -> dict[str, str]:
    texts = {}
    for p in folder.iterdir():
        if p.suffix in (".html", ".csv", ".json", ".log", ".ipynb"):
            texts[p.name] = p.read_text(encoding="utf-8")
        elif p.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(p) as z:
                texts[p.name] = "\n".join(
                    z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")
                )
    return texts


@needs_sample
def test_a_file_added_mid_run_reaches_no_output(tmp_path, monkeypatch, published):
    """A file added (and the settings changed) right after the load changes no output.

    The output is also that of the session's shared run of the same sample (``published``),
    up to the time stamps: two runs give the same indicators and pages.
    """
    import shutil

    from cchc import snapshot
    from cchc.indicators import compute
    from cchc.loading import load_data
    from cchc.periods import parse_period
    from cchc.pipeline import run_period

    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE, raw)
    expected = compute(load_data(raw, use_cache=False).frames, parse_period(PERIOD))
    nv_total = float(expected.query("code == 'nv_total' and dimension == ''")["value"].iloc[0])
    original = snapshot.write_snapshot

    def write_then_change_the_raw_folder(*args, **kwargs):
        folder = original(*args, **kwargs)
        (raw / "nhiem_vu_zz_mid_run.csv").write_text(EXTRA_TASKS, encoding="utf-8")
        settings = raw / "bao_cao.toml"
        settings.write_text(
            settings.read_text(encoding="utf-8").replace("VĂN PHÒNG UBND TỈNH KIÊN HÒA", CHANGED_ORG),
            encoding="utf-8",
        )
        return folder

    monkeypatch.setattr(snapshot, "write_snapshot", write_then_change_the_raw_folder)
    folder = run_period(PERIOD, data_dir=raw, out_dir=tmp_path / "reports", jobs=2, log=lambda _: None)

    assert (raw / "nhiem_vu_zz_mid_run.csv").is_file()  # the change did happen during the run
    table = pd.read_csv(folder / "indicators.csv")
    total = table[(table["code"] == "nv_total") & table["dimension"].isna()]["value"].iloc[0]
    assert float(total) == nv_total
    texts = _texts(folder)
    assert {
        "03_ho_so.html",
        "02_nhiem_vu.html",
        "07_chat_luong_du_lieu.html",
        "indicators.csv",
        f"bao-cao-cchc-{PERIOD}.docx",
        "manifest.json",
    } <= set(texts)
    for name, text in texts.items():
        for needle in (EXTRA_UNIT, "nhiem_vu_zz_mid_run.csv", "KH 9/KH-MID", CHANGED_ORG):
            assert needle not in text, (name, needle)
    docx = texts[f"bao-cao-cchc-{PERIOD}.docx"]
    assert "VĂN PHÒNG UBND TỈNH KIÊN HÒA" in docx
    manifest = json.loads(texts["manifest.json"])
    assert sorted(f["file"] for f in manifest["inputs"]) == sorted(
        p.name for p in SAMPLE.iterdir() if p.suffix in (".xlsx", ".csv")
    )
    assert [t["file"] for t in manifest["input_texts"]] == ["bao_cao.toml", f"narrative/{PERIOD}.md"]
    assert not any(p.name.startswith(".snapshot") for p in folder.rglob("*"))
    shared = published["folder"]
    for name in ("indicators.csv", "indicators.xlsx"):
        assert (folder / name).read_bytes() == (shared / name).read_bytes(), name
    pages = sorted(p.name for p in shared.glob("*.html"))
    assert pages and pages == sorted(p.name for p in folder.glob("*.html"))
    for name in pages:
        a = TIMESTAMP.sub("<t>", (shared / name).read_text(encoding="utf-8"))
        b = TIMESTAMP.sub("<t>", (folder / name).read_text(encoding="utf-8"))
        assert a == b, name
    # the next run sees the new file everywhere
    monkeypatch.setattr(snapshot, "write_snapshot", original)


def test_the_snapshot_reads_back_what_was_loaded(tmp_path):
    from cchc.loading import LoadedData, SourceFile
    from cchc.loading import empty_frame as typed_empty
    from cchc.problems import Problem
    from cchc.snapshot import InputTexts, load_page_data, report_inputs, write_snapshot

    frames = {name: typed_empty(name) for name in ("ho_so", "nhiem_vu", "van_ban", "dao_tao", "chi_tieu")}
    data = LoadedData(
        frames,
        [SourceFile(Path("/x/ho_so.xlsx"), "ho_so", "ab" * 32, 10, 0)],
        Path("/x"),
        ["dao_tao"],
        [Problem("notice", "vi", "en", code="c")],
        [],
    )
    texts = InputTexts(
        {"bao_cao.toml": 'ten_co_quan = "CƠ QUAN A"\n'.encode(), "narrative/2022-H1.x.md": b"# I\n"},
        "narrative/2022-H1.x.md",
    )
    folder = write_snapshot(tmp_path / "snap", data, texts, "2022-H1")
    back = load_page_data("../data/raw", str(folder))
    assert [f.to_dict() for f in back.files] == [f.to_dict() for f in data.files]
    assert back.files[0].path == Path("../data/raw/ho_so.xlsx")
    assert back.missing == ["dao_tao"] and back.notices[0].code == "c"
    for name, frame in frames.items():
        assert back.frames[name].dtypes.to_dict() == frame.dtypes.to_dict(), name
    settings, narrative = report_inputs("../data/raw", str(folder), "2022-H1", "Phòng X")
    assert settings.org_name == "CƠ QUAN A"
    assert (narrative / "2022-H1.md").read_bytes() == b"# I\n"


def test_a_unit_report_reads_the_units_narrative_or_none_never_the_offices(tmp_path):
    from cchc.snapshot import report_inputs, unit_narrative_name

    raw = tmp_path / "raw"
    (raw / "narrative").mkdir(parents=True)
    (raw / "narrative" / "2022-H1.md").write_text("office", encoding="utf-8")
    _settings, folder = report_inputs(raw, "", "2022-H1", "Phòng Tư pháp")
    assert folder is None
    name = unit_narrative_name("2022-H1", "Phòng Tư pháp")
    assert name == "2022-H1.phong-tu-phap.md"
    (raw / "narrative" / name).write_text("unit", encoding="utf-8")
    _settings, folder = report_inputs(raw, "", "2022-H1", "Phòng Tư pháp")
    assert (folder / "2022-H1.md").read_text(encoding="utf-8") == "unit"
    assert report_inputs(raw, "", "2022-H1", "")[1] == raw / "narrative"


def test_known_units_are_office_units_and_key_figures_stay_whole():
    from cchc.indicators.views import filter_unit
    from cchc.snapshot import known_units

    frames = {
        "ho_so": pd.DataFrame({"unit": ["Phòng A", "Phòng B", None]}),
        "chi_tieu": pd.DataFrame({"code": ["ct_a", "ct_b"], "unit": ["%", "đơn vị"]}),
    }
    assert known_units(frames) == ["Phòng A", "Phòng B"]
    out = filter_unit(frames, "Phòng A")
    assert out["ho_so"]["unit"].tolist() == ["Phòng A"]
    assert out["chi_tieu"] is frames["chi_tieu"]


# --- items 3 and 5: clean stops, nothing written after a failure, true messages -----------------

WRITER = textwrap.dedent("""
    import time
    from pathlib import Path
    out = Path(output_dir)
    (out / "started-{name}").write_text("x")
    for i in range(3000):  # a page that keeps writing (and would re-create a deleted folder)
        out.mkdir(parents=True, exist_ok=True)
        (out / "late-{name}.docx").write_text(str(i))
        time.sleep(0.05)
""")

RUNNER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from cchc.pipeline import RunError, run_period
    try:
        run_period("2022-H1", data_dir=Path(sys.argv[1]), out_dir=Path(sys.argv[2]), jobs=2,
                   notebooks_dir=Path(sys.argv[3]), lock_timeout=5, log=lambda line: None)
    except RunError as exc:
        print(exc, file=sys.stderr)
        sys.exit(exc.exit_code)
""")


def _start_writing_run(tmp_path: Path):
    notebooks = tmp_path / "notebooks"
    for name in ("01_a", "02_b", "03_c"):
        notebook(notebooks, f"{name}.ipynb", WRITER.replace("{name}", name))
    reports = tmp_path / "reports"
    good = last_good(reports)
    proc = subprocess.Popen(
        [sys.executable, "-c", RUNNER, str(SAMPLE), str(reports), str(notebooks)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    staging = None
    while time.monotonic() < deadline:
        found = [p for p in reports.glob(".tmp-2022-H1-*") if len(list(p.glob("started-*"))) >= 2]
        if found:
            staging = found[0]
            break
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    assert staging is not None, "the pages never started"
    family = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
    assert len(family) >= 5, family  # the run, 2 workers, 2 kernels (and the resource tracker)
    return proc, reports, staging, good, family


def _alive(procs) -> list:
    def running(p):
        try:
            return p.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return False

    return [p for p in procs if running(p)]


def _wait_gone(procs, timeout=15.0) -> list:
    deadline = time.monotonic() + timeout
    while _alive(procs) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _alive(procs)


@needs_sample
def test_sigterm_stops_the_run_cleanly_and_leaves_nothing_running(tmp_path):
    proc, reports, staging, good, family = _start_writing_run(tmp_path)
    os.kill(proc.pid, signal.SIGTERM)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Đã dừng theo yêu cầu (SIGTERM)" in err and "Stopped on request (SIGTERM)" in err, err
    assert "báo cáo đã có được giữ nguyên" in err and "Traceback" not in err
    assert _wait_gone(family, timeout=2) == []  # every worker and kernel was gone before exit
    time.sleep(1.0)  # a surviving page would re-create the staging folder by now
    assert not staging.exists()
    assert hidden(reports) == []
    assert files_of(reports / PERIOD) == good


@needs_sample
def test_sigkill_of_the_run_leaves_no_process_and_the_last_good_report(tmp_path):
    proc, reports, staging, good, family = _start_writing_run(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)  # the run only: its workers must notice on their own
    proc.communicate(timeout=60)
    assert _wait_gone(family) == []
    before = {p.name: p.stat().st_mtime_ns for p in staging.iterdir()}
    time.sleep(1.0)
    assert {p.name: p.stat().st_mtime_ns for p in staging.iterdir()} == before  # nothing writes
    assert files_of(reports / PERIOD) == good
    # the next run cleans the leftover up
    from cchc.publish import output_lock, recover_and_clean

    with output_lock(reports, timeout=5):
        recover_and_clean(reports)
    assert hidden(reports) == []


@needs_sample
def test_a_failed_page_stops_the_others_before_the_staging_folder_is_deleted(tmp_path):
    from cchc.pipeline import run_period

    notebooks = tmp_path / "notebooks"
    notebook(notebooks, "01_writer.ipynb", WRITER.replace("{name}", "01"))
    notebook(notebooks, "02_fails.ipynb", "import time\ntime.sleep(3)\nraise ValueError('hỏng')")
    reports = tmp_path / "reports"
    good = last_good(reports)
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with pytest.raises(RunError) as info:
        run_period(
            PERIOD, data_dir=SAMPLE, out_dir=reports, jobs=2, notebooks_dir=notebooks, log=lambda _: None
        )
    text = str(info.value)
    assert "02_fails.ipynb" in text and "báo cáo đã có được giữ nguyên" in text
    assert "the previous report is unchanged" in text
    started = [
        p
        for p in _alive(psutil.Process().children(recursive=True))
        if p.pid not in before and "resource_tracker" not in " ".join(p.cmdline())
    ]
    assert started == []  # workers and kernels were stopped before run_period returned
    time.sleep(1.0)
    assert hidden(reports) == []  # the writer did not re-create its folder
    assert files_of(reports / PERIOD) == good


@needs_sample
def test_a_failure_after_the_swap_says_the_new_report_is_published(tmp_path, monkeypatch):
    from cchc import pipeline

    notebooks = tmp_path / "notebooks"
    notebook(notebooks, "01_ok.ipynb", "print('ok')")
    reports = tmp_path / "reports"
    last_good(reports)

    def disk_full(root, org_name=""):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "write_root_index", disk_full)
    with pytest.raises(RunError) as info:
        pipeline.run_period(
            PERIOD, data_dir=SAMPLE, out_dir=reports, jobs=1, notebooks_dir=notebooks, log=lambda _: None
        )
    text = str(info.value)
    assert "Báo cáo mới ĐÃ được xuất bản" in text and "The new report IS published" in text, text
    assert "No space left on device" in text and "index.html" in text
    assert "giữ nguyên" not in text and "unchanged" not in text
    assert (reports / PERIOD / "manifest.json").is_file()  # the new report is the live one
    assert (reports / PERIOD / "01_ok.html").is_file()


@needs_sample
def test_a_period_folder_cchc_did_not_make_is_refused_before_any_work(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebook(notebooks, "01_ok.ipynb", "print('ok')")
    reports = tmp_path / "reports"
    (reports / PERIOD).mkdir(parents=True)
    (reports / PERIOD / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    from cchc.pipeline import run_period

    with pytest.raises(RunError) as info:
        run_period(
            PERIOD, data_dir=SAMPLE, out_dir=reports, jobs=1, notebooks_dir=notebooks, log=lambda _: None
        )
    assert info.value.exit_code == 2
    assert str(reports / PERIOD) in str(info.value)
    assert files_of(reports / PERIOD) == {"ghi-chu.txt": "của tôi".encode()}
    assert hidden(reports) == []


# --- items 8 and 9: --unit and the run log ------------------------------------------------------


@needs_sample
def test_an_unknown_unit_is_an_error_listing_the_known_units(tmp_path):
    from cchc.loading import load_data
    from cchc.snapshot import known_units

    units = known_units(load_data(SAMPLE).frames)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "cchc.cli",
            "run",
            "--period",
            PERIOD,
            "--data",
            str(SAMPLE),
            "--out",
            str(tmp_path / "reports"),
            "--unit",
            "Phòng không có",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Không có đơn vị 'Phòng không có'" in proc.stderr and "Unknown unit" in proc.stderr
    assert all(u in proc.stderr for u in units) and len(units) >= 2
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "reports" / f"{PERIOD}-phong-khong-co").exists()


@needs_sample
def test_a_unit_run_uses_the_units_narrative_and_the_log_names_no_absolute_path(tmp_path):
    import shutil

    from cchc.loading import load_data
    from cchc.pipeline import run_period
    from cchc.snapshot import known_units, unit_narrative_name

    raw = tmp_path / "data" / "raw"
    shutil.copytree(SAMPLE, raw)
    units = known_units(load_data(raw).frames)
    unit = units[0]
    (raw / "narrative" / unit_narrative_name(PERIOD, unit, units)).write_text(
        "# Mở đầu\n\nLời văn riêng của đơn vị XYZ.\n", encoding="utf-8"
    )
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(config.NOTEBOOKS_DIR / "08_bao_cao.ipynb", notebooks)
    folder = run_period(
        PERIOD,
        data_dir=raw,
        out_dir=tmp_path / "reports",
        unit=unit,
        jobs=1,
        notebooks_dir=notebooks,
        log=lambda _: None,
    )
    page = (folder / "08_bao_cao.html").read_text(encoding="utf-8")
    assert "Lời văn riêng của đơn vị XYZ." in page
    office = (raw / "narrative" / f"{PERIOD}.md").read_text(encoding="utf-8")
    first_paragraph = next(
        line
        for line in office.splitlines()[1:]
        if line.strip() and not line.startswith(("#", "<!--", "-")) and "{{" not in line
    )
    assert first_paragraph[:60] not in page
    log = (folder / "run.log").read_text(encoding="utf-8")
    assert str(raw) not in log and str(tmp_path) not in log
    assert "dữ liệu: ../data/raw" in log
    # a unit without its own narrative: generated sentences, not the office's narrative
    other = run_period(
        PERIOD,
        data_dir=raw,
        out_dir=tmp_path / "reports",
        unit=units[1],
        jobs=1,
        notebooks_dir=notebooks,
        log=lambda _: None,
    )
    assert other != folder
    page = (other / "08_bao_cao.html").read_text(encoding="utf-8")
    assert first_paragraph[:60] not in page and "Lời văn riêng của đơn vị XYZ." not in page


@needs_sample
def test_cli_refuses_a_lock_symlink_and_a_foreign_period_folder(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (reports / ".lock").symlink_to(victim)
    command = [
        sys.executable,
        "-m",
        "cchc.cli",
        "run",
        "--period",
        PERIOD,
        "--data",
        str(SAMPLE),
        "--out",
        str(reports),
    ]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 1 and "symbolic link" in proc.stderr and "Traceback" not in proc.stderr
    assert victim.read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in reports.iterdir()) == [".lock"]
    (reports / ".lock").unlink()
    (reports / PERIOD).mkdir()
    (reports / PERIOD / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    proc = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert str(reports / PERIOD) in proc.stderr and "không phải báo cáo do cchc tạo" in proc.stderr
    assert files_of(reports / PERIOD) == {"ghi-chu.txt": "của tôi".encode()}
    assert hidden(reports) == []
