"""Every unit in one run (issue 13): ``cchc run --unit all`` publishes the office's report, one
report per unit and a comparison page, all or nothing.

Tiny notebooks (seconds each) on the bundled sample, as the run-safety tests do.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from cchc import cli
from cchc.indicators import compute, value_of
from cchc.indicators.views import filter_unit
from cchc.loading import load_data
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
    folder = run_period(
        PERIOD, data_dir=SAMPLE, out_dir=reports, jobs=2, notebooks_dir=notebooks, by="unit", log=lines.append
    )
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
    assert hidden(reports) == []  # no staging folder left
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
        assert row["overdue"] == value_of(table, "hs_pending_overdue") + value_of(
            table, "nv_in_progress_overdue"
        )
    rated = [r["on_time"] for r in ranking if r["on_time"] is not None]
    assert rated == sorted(rated, reverse=True)
    assert all(r["on_time"] is None for r in ranking[len(rated) :])  # nothing resolved: last
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
        run_period(
            PERIOD,
            data_dir=SAMPLE,
            out_dir=reports,
            jobs=2,
            notebooks_dir=notebooks,
            by="unit",
            log=lambda _: None,
        )
    assert "lỗi riêng của đơn vị" in info.value.message_vi
    after = {p.name: files_of(p) for p in reports.iterdir() if not p.name.startswith(".") and p.is_dir()}
    assert after == before
    assert hidden(reports) == []


@pytest.mark.parametrize("by", ["unit", "field"])
def test_cli_by_conflicts_with_one_unit(tmp_path, capsys, by):
    """``--unit U --by …`` is refused before anything is read or written (in-process, through cli.main)."""
    raw = tiny_data(tmp_path / "raw")
    out = tmp_path / "r"
    code = cli.main(
        ["run", "--period", PERIOD, "--data", str(raw), "--out", str(out), "--unit", "Phòng A", "--by", by]
    )
    err = capsys.readouterr().err
    assert code == 2 and "không cả hai" in err and "Traceback" not in err
    assert not (out / PERIOD).exists()


def test_unit_folder_names_are_safe():
    tricky = ["../..", "Phòng/Ban", "Phòng Đào tạo", "Phòng  đào tạo", "..", "/"]
    names = [folder_name(PERIOD, u, tricky) for u in tricky]
    assert len(set(names)) == len(names)
    for name in names:
        assert re.fullmatch(r"2022-H1-[a-z0-9-]+", name), name


# ------------------------------------------------------------------------------- every field (--by field)

FIELDS = ["Đất đai", "Hộ tịch/Chứng thực", "..", "Đất  đai"]  # '/', '..', and a slug clash
FIELD_PAGE = (
    "from cchc.snapshot import load_page_data\n"
    "d = load_page_data(data_dir, snapshot)\n"
    "f = d.frames['ho_so']\n"
    "print('fields=' + repr(sorted(set(f['field'].dropna()))) + ' rows=' + str(len(f))"
    " + ' chi_tieu=' + str(len(d.frames['chi_tieu'])) + ' unit=' + repr(unit))"
)


def tiny_data(folder: Path) -> Path:
    """Six dossiers of four fields in 2022-H1, and one key figure (the office's satisfaction rate)."""
    from rawfiles import write_csv

    header = ["Mã hồ sơ", "Lĩnh vực", "Đơn vị", "Thủ tục", "Ngày tiếp nhận", "Hạn xử lý", "Ngày trả kết quả"]
    write_csv(
        folder / "ho_so.csv",
        [
            header,
            ["1", FIELDS[0], "Phòng A", "P1", "03/01/2022", "20/01/2022", "10/01/2022"],
            ["2", FIELDS[0], "Phòng B", "P1", "04/01/2022", "20/01/2022", "25/01/2022"],
            ["3", FIELDS[1], "Phòng A", "P2", "05/01/2022", "20/01/2022", "15/01/2022"],
            ["4", FIELDS[2], "Phòng A", "P3", "06/01/2022", "20/06/2022", "20/05/2022"],
            ["5", FIELDS[3], "Phòng B", "P4", "07/05/2022", "20/07/2022", ""],
            ["6", FIELDS[3], "Phòng B", "P4", "08/06/2022", "20/06/2022", "21/06/2022"],
        ],
    )
    write_csv(
        folder / "chi_tieu.csv",
        [
            ["Kỳ báo cáo", "Mã chỉ tiêu", "Tên chỉ tiêu", "Giá trị"],
            [PERIOD, "ct_satisfaction_rate", "Tỷ lệ hài lòng", "95"],
        ],
    )
    return folder


def field_notebooks(folder: Path) -> Path:
    notebook(folder, "01_a.ipynb", UNIT_CELL)
    notebook(folder, "03_ho_so.ipynb", FIELD_PAGE)
    notebook(folder, "09_chi_so_phuc_vu.ipynb", FIELD_PAGE)
    return folder


@pytest.fixture(scope="module")
def by_field(tmp_path_factory):
    from cchc.pipeline import run_period

    tmp = tmp_path_factory.mktemp("fields")
    raw = tiny_data(tmp / "raw")
    reports = tmp / "reports"
    folder = run_period(
        PERIOD,
        data_dir=raw,
        out_dir=reports,
        jobs=2,
        notebooks_dir=field_notebooks(tmp / "nb"),
        by="field",
        log=lambda _: None,
    )
    return {"folder": folder, "reports": reports, "raw": raw, "tmp": tmp}


def test_field_folder_names_are_safe_distinct_and_apart_from_units():
    from cchc.by_unit import field_folder_name

    names = [field_folder_name(PERIOD, f, FIELDS) for f in FIELDS]
    assert len(set(names)) == len(names)
    assert names[0] != names[3]  # "Đất đai" and "Đất  đai": same slug, both hashed
    for name in names:
        assert re.fullmatch(r"2022-H1\.linh-vuc-[a-z0-9-]+", name), name
    assert names[1].startswith("2022-H1.linh-vuc-ho-tich-chung-thuc")
    assert re.fullmatch(r"2022-H1\.linh-vuc-[0-9a-f]{8}", names[2])  # '..': no letter, a hash only
    assert not any(n == folder_name(PERIOD, u, FIELDS) for n in names for u in FIELDS)


def test_one_report_per_field_with_the_dossier_pages_only(by_field):
    from cchc.by_unit import field_folder_name

    reports = by_field["reports"]
    assert by_field["folder"] == reports / PERIOD
    assert (reports / PERIOD / "01_a.ipynb").is_file()  # the office: every page
    for field in FIELDS:
        name = field_folder_name(PERIOD, field, FIELDS)
        folder = reports / name
        assert (folder / REPORT_MARKER).is_file() and (folder / "index.html").is_file(), field
        assert sorted(p.name for p in folder.glob("*.ipynb")) == ["03_ho_so.ipynb", "09_chi_so_phuc_vu.ipynb"]
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["field"] == field and manifest["unit"] == ""
        executed = (folder / "03_ho_so.ipynb").read_text(encoding="utf-8")
        rows = {FIELDS[0]: 2, FIELDS[1]: 1, FIELDS[2]: 1, FIELDS[3]: 2}[field]
        # only the field's dossiers; the office's key figures are not the field's
        assert f"fields={[field]!r} rows={rows} chi_tieu=0 unit=''" in executed
        table = pd.read_csv(folder / "indicators.csv", encoding="utf-8-sig", keep_default_na=False)
        totals = table[table["dimension"] == ""].set_index("code")["value"]
        assert totals["ct_satisfaction_rate"] == "" and float(totals["hs_received"]) == rows
        landing = (folder / "index.html").read_text(encoding="utf-8")
        assert "Lĩnh vực:" in landing and f'href="../{PERIOD}/index.html"' in landing
        assert "nhiệm vụ quá hạn" not in landing  # a field has dossiers only
    assert hidden(reports) == []


def test_landing_pages_list_every_field(by_field):
    from cchc.by_unit import field_folder_name

    reports = by_field["reports"]
    office = (reports / PERIOD / "index.html").read_text(encoding="utf-8")
    root = (reports / "index.html").read_text(encoding="utf-8")
    assert "Báo cáo theo lĩnh vực" in office
    for field in FIELDS:
        name = field_folder_name(PERIOD, field, FIELDS)
        assert f'href="../{name}/index.html"' in office, field
        assert f'href="{name}/index.html"' in root, field
    assert "Lĩnh vực: Đất đai" in root
    assert "Báo cáo theo đơn vị" not in office  # --by field alone: no unit reports


def test_a_failure_in_one_field_replaces_no_report(by_field):
    from cchc.pipeline import run_period

    reports = by_field["reports"]
    before = {p.name: files_of(p) for p in reports.iterdir() if not p.name.startswith(".") and p.is_dir()}
    notebooks = by_field["tmp"] / "failing"
    notebook(
        notebooks,
        "03_ho_so.ipynb",
        FIELD_PAGE,
        f"assert sorted(set(f['field'].dropna())) != [{FIELDS[1]!r}], 'lỗi riêng của lĩnh vực'",
    )
    with pytest.raises(RunError) as info:
        run_period(
            PERIOD,
            data_dir=by_field["raw"],
            out_dir=reports,
            jobs=2,
            notebooks_dir=notebooks,
            by="field",
            log=lambda _: None,
        )
    assert "lỗi riêng của lĩnh vực" in info.value.message_vi
    after = {p.name: files_of(p) for p in reports.iterdir() if not p.name.startswith(".") and p.is_dir()}
    assert after == before
    assert hidden(reports) == []


def test_units_and_fields_in_one_run(tmp_path):
    from cchc.by_unit import field_folder_name
    from cchc.pipeline import run_period

    raw = tiny_data(tmp_path / "raw")
    notebooks = tmp_path / "nb"
    notebook(notebooks, "03_ho_so.ipynb", FIELD_PAGE)
    reports = tmp_path / "reports"
    run_period(
        PERIOD,
        data_dir=raw,
        out_dir=reports,
        jobs=2,
        notebooks_dir=notebooks,
        by=("unit", "field"),
        log=lambda _: None,
    )
    names = {p.name for p in reports.iterdir() if p.is_dir() and not p.name.startswith(".")}
    units = ["Phòng A", "Phòng B"]
    assert names == {
        PERIOD,
        f"{PERIOD}.don-vi",
        *(folder_name(PERIOD, u, units) for u in units),
        *(field_folder_name(PERIOD, f, FIELDS) for f in FIELDS),
    }
    office = (reports / PERIOD / "index.html").read_text(encoding="utf-8")
    assert "Báo cáo theo đơn vị" in office and "Báo cáo theo lĩnh vực" in office


def test_fields_are_listed_in_vietnamese_order():
    from cchc.by_unit import known_fields

    names = ["Y tế", "Đất đai", None, "Đầu tư", "Công thương", "Y tế", ""]
    frames = {"ho_so": pd.DataFrame({"field": names})}
    assert known_fields(frames) == ["Công thương", "Đất đai", "Đầu tư", "Y tế"]
    assert known_fields({}) == []
