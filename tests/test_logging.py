"""Cron-friendly logging, and runs on data that does not reach the period.

``coverage_notice`` is checked on hand-made frames; the CLI end to end on a
copy of the sample without its 2023 dossier and document files (they then
stop on 31/12/2022 or earlier, while tasks and training reach 30/06/2023),
with a one-cell page instead of the eight report notebooks.
"""

from __future__ import annotations

import io
import re
import shutil
import warnings

import nbformat
import pytest

from cchc import cli, config
from cchc.periods import parse_period
from cchc.pipeline import CoverageError, RunLog, configure_logging, coverage_notice, release_logging
from frames import make_frame

STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d{4} (INFO|WARNING|ERROR) ")
needs_sample = pytest.mark.skipif(not any(config.RAW_DIR.glob("ho_so*")), reason="no sample data")


def frames(dossiers_last: str, documents_last: str) -> dict:
    ho_so = make_frame(
        "ho_so", [{"dossier_id": "A", "received_date": "2022-01-03", "resolved_date": dossiers_last}]
    )
    van_ban = make_frame(
        "van_ban",
        [
            {"doc_number": "1", "direction": "Đi", "form": "Giấy", "date": "2022-01-04"},
            {"doc_number": "2", "direction": "Đi", "form": "Giấy", "date": documents_last},
        ],
    )
    return {"ho_so": ho_so, "van_ban": van_ban}


# --- coverage_notice ---------------------------------------------------------------


def test_every_dataset_covering_the_period_gives_no_notice():
    assert coverage_notice(frames("2022-06-30", "2022-06-25"), parse_period("2022-H1")) == ("", [])


def test_a_period_after_every_dataset_ends_is_an_error_naming_each_coverage():
    with pytest.raises(CoverageError) as info:
        coverage_notice(frames("2022-05-10", "2022-06-30"), parse_period("2022-Q3"))
    text = str(info.value)
    assert info.value.exit_code == 2
    assert "Hồ sơ thủ tục hành chính (ho_so): 03/01/2022 – 10/05/2022" in text
    assert "(van_ban): 04/01/2022 – 30/06/2022" in text
    assert "bắt đầu sau ngày cuối cùng" in text and "starts after the last date" in text


def test_a_dataset_ending_inside_the_period_is_named_on_the_banner_and_in_the_log():
    banner, lines = coverage_notice(frames("2022-06-10", "2022-06-30"), parse_period("2022-H1"))
    assert "Hồ sơ thủ tục hành chính đến 10/06/2022" in banner and "van_ban" not in banner
    assert "dữ liệu cũ" not in banner  # 20 days before the end: partial, not stale
    (line,) = lines
    assert line.startswith("Hồ sơ thủ tục hành chính (ho_so) chỉ có số liệu đến 10/06/2022")


def test_a_few_quiet_days_at_the_end_are_not_reported():
    assert coverage_notice(frames("2022-06-24", "2022-06-30"), parse_period("2022-H1")) == ("", [])


def test_data_more_than_a_month_old_is_stale_a_loud_warning_and_an_error_when_strict():
    banner, lines = coverage_notice(frames("2022-05-29", "2022-06-30"), parse_period("2022-H1"))
    assert "(dữ liệu cũ)" in banner
    assert lines[0].startswith("DỮ LIỆU CŨ / STALE DATA: Hồ sơ thủ tục hành chính (ho_so)")
    with pytest.raises(CoverageError) as info:
        coverage_notice(frames("2022-05-29", "2022-06-30"), parse_period("2022-H1"), strict=True)
    assert "Dữ liệu cũ (ho_so)" in str(info.value) and "Stale data (ho_so)" in str(info.value)
    # exactly one month before the end is not yet stale
    banner, lines = coverage_notice(frames("2022-05-30", "2022-06-30"), parse_period("2022-H1"), strict=True)
    assert banner and not lines[0].startswith("DỮ LIỆU CŨ")


# --- the log stream -----------------------------------------------------------------


def test_every_line_of_every_message_is_time_stamped_on_one_stream():
    stream = io.StringIO()
    handler = configure_logging(stream)
    try:
        say = RunLog()
        say("một dòng")
        say.warning("cảnh báo\n(warning)")
        warnings.warn("a library warning", stacklevel=2)
    finally:
        release_logging(handler)
    lines = stream.getvalue().splitlines()
    assert len(lines) >= 4 and all(STAMP.match(line) for line in lines), lines
    assert "UserWarning: a library warning" in lines[3]  # and its source line, stamped too
    assert lines[1].endswith("WARNING cảnh báo") and lines[2].endswith("WARNING (warning)")
    assert all(STAMP.match(line) for line in say.lines)  # run.log: the same lines
    assert [line.split(" ", 2)[2] for line in say.lines] == [
        "INFO một dòng",
        "WARNING cảnh báo",
        "WARNING (warning)",
    ]


# --- end to end through the CLI ------------------------------------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    base = tmp_path_factory.mktemp("logging")
    raw = base / "raw"
    shutil.copytree(config.RAW_DIR, raw, ignore=shutil.ignore_patterns("ho_so_2023.csv", "van_ban_2023.xlsx"))
    notebooks = base / "notebooks"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": config.KERNEL_NAME, "display_name": "cchc", "language": "python"}
    params = nbformat.v4.new_code_cell(
        'period: str = "2022-H1"  # period\ndata_dir: str = ""  # data\noutput_dir: str = ""  # out\n'
        'unit: str = ""  # unit\ncutoff: str = "calendar"  # cutoff'
    )
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Trang thử"),
        params,
        nbformat.v4.new_code_cell("import cchc\nprint(len(cchc.load_data(data_dir).frames['ho_so']))"),
    ]
    nbformat.write(nb, notebooks / "01_thu.ipynb")
    return {"raw": raw, "notebooks": notebooks, "out": base / "reports"}


def _run(world, monkeypatch, capsys, *extra: str) -> tuple[int, str, str]:
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", world["notebooks"])
    code = cli.main(
        [
            "run",
            "--period",
            "2023-H1",
            "--data",
            str(world["raw"]),
            "--out",
            str(world["out"]),
            "--jobs",
            "1",
            *extra,
        ]
    )
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.slow
@needs_sample
def test_strict_run_on_stale_data_exits_2_and_publishes_nothing(world, monkeypatch, capsys):
    code, out, err = _run(world, monkeypatch, capsys, "--strict")
    assert code == 2, err
    assert out == ""
    lines = err.splitlines()
    assert all(STAMP.match(line) for line in lines), lines
    assert any("DỮ LIỆU CŨ / STALE DATA: Hồ sơ thủ tục hành chính (ho_so)" in line for line in lines)
    assert any("Stale data (ho_so, van_ban)" in line for line in lines)
    assert lines[-1].endswith(
        "Kết thúc: mã thoát 2; không xuất bản báo cáo mới (exit status 2; nothing new was published)"
    )
    assert not (world["out"] / "2023-H1").exists()


@pytest.mark.slow
@needs_sample
def test_a_run_on_stale_data_warns_in_the_log_and_on_every_page_and_ends_with_its_status(
    world, monkeypatch, capsys
):
    code, out, err = _run(world, monkeypatch, capsys)
    assert code == 0, err
    assert out == ""
    lines = err.splitlines()
    assert all(STAMP.match(line) for line in lines), lines
    warnings = [line for line in lines if " WARNING " in line]
    assert len(warnings) == 2 and all("DỮ LIỆU CŨ / STALE DATA" in w for w in warnings)
    assert re.search(
        r"\(ho_so\) chỉ có số liệu đến \d\d/\d\d/202[23], trước ngày cuối kỳ 30/06/2023", warnings[0]
    ), warnings[0]
    assert "(van_ban)" in warnings[1]
    folder = world["out"] / "2023-H1"
    count = sum(1 for f in folder.iterdir() if f.is_file())
    assert lines[-1].endswith(
        f"Kết thúc: mã thoát 0; đã xuất bản {count} tệp vào {folder} "
        f"(exit status 0; published {count} files in {folder})"
    )
    for page in ("index.html", "01_thu.html"):
        html = (folder / page).read_text(encoding="utf-8")
        assert 'class="notice coverage"' in html, page
        assert "Số liệu chưa phủ hết kỳ báo cáo" in html and "Hồ sơ thủ tục hành chính đến " in html
    log = (folder / "run.log").read_text(encoding="utf-8")
    assert "WARNING DỮ LIỆU CŨ / STALE DATA" in log
    assert '"coverage_notice": "Số liệu chưa phủ hết' in (folder / "manifest.json").read_text(
        encoding="utf-8"
    )


@pytest.mark.slow
@needs_sample
def test_a_run_from_another_folder_reads_relative_data_there_and_writes_under_cchc_reports(
    world, monkeypatch, capsys
):
    base = world["raw"].parent
    monkeypatch.chdir(base)
    monkeypatch.setenv(config.ENV_REPORTS, str(base / "env-reports"))
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", world["notebooks"])
    code = cli.main(["run", "--period", "2022-H1", "--data", "raw", "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 0, err
    lines = err.splitlines()
    assert f"dữ liệu: raw; báo cáo ghi vào: {base / 'env-reports'}" in lines[0]  # data as given
    folder = base / "env-reports" / "2022-H1"
    assert (folder / "index.html").is_file()
    assert "đã xuất bản" in lines[-1] and str(folder) in lines[-1]
    assert not (config.PROJECT_ROOT / "reports" / "2022-H1" / "01_thu.html").exists()
