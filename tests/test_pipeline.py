"""The whole pipeline for 2022-H1 on the sample data, and its failures.

The session's shared run (``published``, tests/conftest.py) also proves that
every report notebook executes with the pipeline's parameters on the ``cchc``
kernel; the notebooks' own defaults are checked by
``test_notebooks_run_with_their_defaults``. Hostile spreadsheet text and a data
warning go through a run of the two pages that show them (``hostile``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cchc import config
from cchc.pipeline import RunError, find_notebooks, run_period

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = config.RAW_DIR
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"
EVIL = "<img src=x onerror=alert(1)>"
EXTRA_TASKS = (
    "Mã nhiệm vụ,Nội dung,Nguồn giao,Văn bản giao,Đơn vị chủ trì,Ngày giao,Hạn hoàn thành,Ngày hoàn thành\n"
    f'NV-TEST-1,"{EVIL}",UBND tỉnh,KH 1/KH-TEST,"<b>Phòng thử</b>",03/01/2022,31/03/2022,\n'
    "NV-TEST-2,Nhiệm vụ hoàn thành trước ngày giao,UBND tỉnh,KH 1/KH-TEST,Phòng thử,05/01/2022,,04/01/2022\n"
)

needs_sample = pytest.mark.skipif(not any(SAMPLE.glob("ho_so*")), reason="sample data not generated")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The sample plus tasks with HTML in their text and a date warning, through the task and
    data-quality pages (the pages that show them)."""
    base = tmp_path_factory.mktemp("pipeline")
    raw = base / "raw"
    shutil.copytree(SAMPLE, raw)
    (raw / "nhiem_vu_zz_test.csv").write_text(EXTRA_TASKS, encoding="utf-8")
    notebooks = _fixture_notebooks(
        base / "notebooks", ["02_nhiem_vu.ipynb", "07_chat_luong_du_lieu.ipynb"], source=config.NOTEBOOKS_DIR
    )
    out = base / "reports"
    lines: list[str] = []
    folder = run_period(
        "2022-H1", data_dir=raw, out_dir=out, jobs=2, notebooks_dir=notebooks, log=lines.append
    )
    return {"raw": raw, "out": out, "folder": folder, "lines": lines}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@needs_sample
def test_every_file_is_published(published):
    run = published
    folder = run["folder"]
    assert folder == run["out"] / "2022-H1"
    expected = {
        "index.html",
        "indicators.csv",
        "indicators.xlsx",
        "manifest.json",
        "run.log",
        "bao-cao-cchc-2022-H1.docx",
    }
    for nb in find_notebooks():
        expected |= {nb.name, nb.stem + ".html"}
    assert expected <= {p.name for p in folder.iterdir()}
    assert (run["out"] / "index.html").is_file()
    # published files get ordinary permissions (what the umask allows), not the 0600/0700 of
    # temporary files, so a web server on the intranet can read them
    mask = os.umask(0)
    os.umask(mask)
    assert all(p.stat().st_mode & 0o777 == 0o666 & ~mask for p in folder.iterdir())
    assert folder.stat().st_mode & 0o777 == 0o777 & ~mask
    assert not [p for p in run["out"].iterdir() if p.name.startswith((".tmp-", ".old-"))]
    # progress: one line per notebook with its duration
    done = [ln for ln in run["lines"] if re.match(r"\s+✓ \d\d_\w+\.ipynb \d+\.\d s$", ln)]
    assert len(done) == len(find_notebooks())


@needs_sample
def test_overview_shows_the_reference_figures(published):
    text = (published["folder"] / "01_tong_quan.html").read_text(encoding="utf-8")
    # the headline cards: value, then the unit in its own span
    for figure in (
        'class="value">566 <span class="unit">hồ sơ</span>',
        'class="value">94,35%<',
        'class="value">10.593 <span class="unit">văn bản</span>',
    ):
        assert figure in text
    assert "đã tiếp nhận 566 hồ sơ" in text
    assert "06 tháng đầu năm 2022" in text


@needs_sample
def test_pages_are_offline_without_code_or_tracebacks(published):
    run = published
    root_index = run["out"] / "index.html"
    for page in [*run["folder"].glob("*.html"), root_index]:
        text = page.read_text(encoding="utf-8")
        assert '<script src="http' not in text and "<script src='http" not in text
        assert not re.search(r"<(link|img|script)[^>]+(href|src)=[\"']?(https?:)?//", text), page.name
        assert "jp-InputArea" not in text and "input_area" not in text
        assert "Traceback" not in text and "Error:" not in text
        assert "require.js" not in text and "mathjax" not in text.lower()
        assert str(ROOT) not in text and str(run["raw"]) not in text, "no absolute paths"
        assert page.stat().st_size < 1_500_000, page.name
        parsed = _parse(page)
        assert any(t == "title" for t, _ in parsed.tags)
    html = (run["folder"] / "01_tong_quan.html").read_text(encoding="utf-8")
    assert "chỉ trên stderr" not in html
    assert 'period: str = "2022-H1"' not in html  # no parameters cell
    assert "<title>Tổng quan – 06 tháng đầu năm 2022" in html


@needs_sample
def test_spreadsheet_text_is_escaped(hostile):
    page = _parse(hostile["folder"] / "02_nhiem_vu.html")
    assert not any(tag == "img" and attrs.get("onerror") for tag, attrs in page.tags)
    assert not any(tag == "b" for tag, _ in page.tags)
    text = "".join(page.text)
    assert EVIL in text and "<b>Phòng thử</b>" in text


@needs_sample
def test_manifest_matches_the_inputs(published):
    run = published
    manifest = json.loads((run["folder"] / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["period"] == "2022-H1"
    assert manifest["package_version"]
    assert manifest["started"] <= manifest["finished"]
    inputs = {f["file"]: f["sha256"] for f in manifest["inputs"]}
    data_files = [
        p for p in run["raw"].iterdir() if p.is_file() and p.suffix.lower() in (".xlsx", ".xls", ".csv")
    ]
    assert set(inputs) == {p.name for p in data_files}
    for path in data_files:
        assert inputs[path.name] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [n["notebook"] for n in manifest["notebooks"]] == [p.name for p in find_notebooks()]
    assert all(n["seconds"] > 0 for n in manifest["notebooks"])
    outputs = {o["file"]: o["sha256"] for o in manifest["outputs"]}
    assert "bao-cao-cchc-2022-H1.docx" in manifest["exports"]
    for name in ("indicators.csv", "indicators.xlsx", "bao-cao-cchc-2022-H1.docx", "01_tong_quan.html"):
        assert outputs[name] == hashlib.sha256((run["folder"] / name).read_bytes()).hexdigest()
    landing = (run["folder"] / "index.html").read_text(encoding="utf-8")
    assert 'href="bao-cao-cchc-2022-H1.docx"' in landing
    log = (run["folder"] / "run.log").read_text(encoding="utf-8")
    assert "01_tong_quan.ipynb" in log


@needs_sample
def test_executed_notebooks_are_kept_as_the_audit_record(published):
    import nbformat

    nb = nbformat.read(published["folder"] / "01_tong_quan.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "2022-H1" in injected[0].source
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code")


def _fixture_notebooks(dest: Path, names: list[str], source: Path = FIXTURES) -> Path:
    dest.mkdir()
    for name in names:
        shutil.copy(source / name, dest / name)
    return dest


@needs_sample
def test_failed_notebook_names_notebook_cell_error_and_publishes_nothing(sample_raw, tmp_path):
    out = tmp_path / "reports"
    # a last good report, produced by the same pipeline with a notebook that works
    ok = _fixture_notebooks(tmp_path / "ok", ["01_ok.ipynb"])
    good = run_period(
        "2022-H1", data_dir=sample_raw, out_dir=out, jobs=1, notebooks_dir=ok, log=lambda _: None
    )
    before = {p.name: p.read_bytes() for p in good.iterdir()}
    bad = _fixture_notebooks(tmp_path / "bad", ["01_ok.ipynb", "02_fails.ipynb"])
    with pytest.raises(RunError) as info:
        run_period("2022-H1", data_dir=sample_raw, out_dir=out, jobs=2, notebooks_dir=bad, log=lambda _: None)
    message = str(info.value)
    assert "02_fails.ipynb" in message
    assert "ô số 3" in message and 'raise ValueError("dữ liệu hỏng")' in message
    assert "ValueError: dữ liệu hỏng" in message
    assert "Traceback" not in message
    assert {p.name: p.read_bytes() for p in good.iterdir()} == before
    assert not [p for p in out.iterdir() if p.name.startswith((".tmp-", ".old-"))]


def test_run_error_without_notebooks(tmp_path):
    with pytest.raises(RunError, match="Không tìm thấy trang báo cáo"):
        run_period("2022-H1", data_dir=tmp_path, out_dir=tmp_path / "out", notebooks_dir=tmp_path)


@needs_sample
def test_data_quality_page_lists_audit_warnings_with_file_and_row(hostile):
    page = _parse(hostile["folder"] / "07_chat_luong_du_lieu.html")
    text = " ".join(" ".join(page.text).split())
    assert "nhiem_vu_zz_test.csv" in text
    assert "Ngày hoàn thành (04/01/2022) trước ngày giao (05/01/2022)" in text
    assert "Cảnh báo" in text
    assert "Nhiệm vụ được giao (nhiem_vu)" in text  # the per-dataset summary
    assert any("1 cảnh báo" in line for line in hostile["lines"])
