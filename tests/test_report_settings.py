"""The office's report settings (bao_cao.toml): types checked, key and file named, period texts."""

from __future__ import annotations

import pytest

from cchc.periods import parse_period
from cchc.settings import ReportSettings, SettingsError, load_report_settings

GOOD = """ten_co_quan = "VĂN PHÒNG UBND TỈNH KIÊN HÒA"
chuc_vu_ky = ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
noi_nhan = ["Đoàn Kiểm tra công tác cải cách hành chính năm {nam};", "Lưu: VT."]
so = 12
"""


def write(tmp_path, text: str):
    (tmp_path / "bao_cao.toml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "line, key, got",
    [
        ("chuc_vu_ky = 5", "chuc_vu_ky", "số 5"),
        ('ten_co_quan = ["A", "B"]', "ten_co_quan", "danh sách"),
        ("nguoi_ky = true", "nguoi_ky", "đúng/sai"),
        ('noi_nhan = ["Sở Nội vụ;", 3]', "noi_nhan", "số 3"),
        ("noi_nhan = []", "noi_nhan", "danh sách"),
        ("so = 1.5", "so", "số 1.5"),
        ('dia_danh = { ten = "x" }', "dia_danh", "bảng"),
    ],
)
def test_a_wrong_type_names_the_key_and_the_file(tmp_path, line, key, got):
    write(tmp_path, line + "\n")
    with pytest.raises(SettingsError) as err:
        load_report_settings(tmp_path)
    message = str(err.value)
    assert str(tmp_path / "bao_cao.toml") in message
    assert f"khóa “{key}”" in message and f"key '{key}'" in message and got in message
    assert "Traceback" not in message


def test_every_wrong_key_is_reported_at_once(tmp_path):
    write(tmp_path, 'chuc_vu_ky = 5\nten_co_quan = ["A", "B"]\n')
    with pytest.raises(SettingsError) as err:
        load_report_settings(tmp_path)
    assert "chuc_vu_ky" in str(err.value) and "ten_co_quan" in str(err.value)


def test_an_unknown_field_in_a_text_is_an_error(tmp_path):
    write(tmp_path, 'noi_nhan = ["Đoàn Kiểm tra năm {year};"]\n')
    with pytest.raises(SettingsError, match=r"\{year\}"):
        load_report_settings(tmp_path)


def test_period_bound_texts_follow_the_period(tmp_path):
    settings = load_report_settings(write(tmp_path, GOOD))
    assert settings.doc_number == "12"
    q1_2023 = settings.for_period(parse_period("2023-Q1"))
    assert q1_2023.recipients[0] == "Đoàn Kiểm tra công tác cải cách hành chính năm 2023;"
    assert settings.for_period(parse_period("2022")).recipients[0].endswith("năm 2022;")
    custom = ReportSettings(recipients=("Báo cáo {ky};",)).for_period(parse_period("2022-Q3"))
    assert custom.recipients == ("Báo cáo quý III/2022;",)


def test_shipped_settings_carry_no_fixed_year():
    from cchc import config

    settings = load_report_settings(config.RAW_DIR)
    for year in ("2021", "2022", "2023"):
        assert not any(year in r for r in settings.recipients), settings.recipients
    assert any("2024" in r for r in settings.for_period(parse_period("2024-Q1")).recipients)
