"""The run's pre-flight: settings and narrative checked before any notebook runs; staff notes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cchc import config
from cchc.indicators.bundle import build_bundle
from cchc.pages import staff_notes_list
from cchc.periods import parse_period
from cchc.pipeline import RunError, preflight_report


@pytest.fixture(scope="module")
def bundles(sample_data):
    """The period bundles the pre-flight reads (every figure computed once, by the run)."""
    frames = sample_data.frames
    return {code: build_bundle(frames, parse_period(code)) for code in ("2022-H1", "2022-Q3")}


@pytest.fixture()
def raw(tmp_path):
    folder = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR / "narrative", folder / "narrative")
    shutil.copy(config.RAW_DIR / "bao_cao.toml", folder / "bao_cao.toml")
    return folder


def test_a_narrative_error_stops_the_run_naming_the_file_as_given(raw, bundles):
    (raw / "narrative" / "2022-H1.md").write_text(
        "# I\n\nCó {{hs_received|decimals=28}} hồ sơ.\n", encoding="utf-8"
    )
    with pytest.raises(RunError) as caught:
        preflight_report(raw, Path("du_lieu"), parse_period("2022-H1"), bundles["2022-H1"], None)
    assert caught.value.exit_code == 2
    assert "du_lieu/narrative/2022-H1.md" in str(caught.value) and "chưa trang nào" in str(caught.value)


def test_a_setting_of_the_wrong_type_stops_the_run(raw, bundles):
    import re

    text = (raw / "bao_cao.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^chuc_vu_ky\s*=.*$", "chuc_vu_ky = 5", text)
    (raw / "bao_cao.toml").write_text(text, encoding="utf-8")
    with pytest.raises(RunError) as caught:
        preflight_report(raw, None, parse_period("2022-H1"), bundles["2022-H1"], None)
    assert caught.value.exit_code == 2 and "chuc_vu_ky" in str(caught.value)


def test_staff_notes_name_what_the_office_must_still_write(raw, bundles):
    notes = preflight_report(raw, None, parse_period("2022-Q3"), bundles["2022-Q3"], None)
    assert any("narrative/2022-Q3.md" in n for n in notes)
    assert any(n.startswith("[Cần bổ sung:") for n in notes)
    assert preflight_report(raw, None, parse_period("2022-H1"), bundles["2022-H1"], None) == []
    html = str(staff_notes_list(["<b>x</b>"]))
    assert "&lt;b&gt;" in html
