"""Personal data is never read: ``cchc.contract.PERSONAL_HEADERS`` is the guard, for real.

No accepted header of the contract is a personal-data header, and the office's mapping file
cannot map one onto a canonical column; the loader stops with an error naming the line.
(That a personal column in an export stays out of every frame, page and export is checked by
``test_real_export_rules.test_personal_data_is_never_read`` and ``test_real_exports``.)
"""

from __future__ import annotations

import pytest

from cchc import DataError, load_data
from cchc.contract import DATASETS, PERSONAL_HEADERS
from cchc.mapping import PERSONAL_KEYS, load_mapping
from cchc.reading import normalise_header
from rawfiles import HO_SO_HEADER, ho_so_row, write_csv


def test_no_accepted_header_is_a_personal_data_header():
    accepted = {
        (dataset.name, normalise_header(text))
        for dataset in DATASETS.values()
        for column in dataset.columns
        for text in (column.header, column.name, *column.aliases)
    }
    assert len(PERSONAL_KEYS) == len(PERSONAL_HEADERS)
    assert {(name, key) for name, key in accepted if key in PERSONAL_KEYS} == set()


@pytest.mark.parametrize("header", ["Họ và tên", "  SỐ ĐIỆN THOẠI ", "Số CMND/CCCD", "Địa chỉ"])
def test_the_mapping_file_cannot_map_a_personal_column(tmp_path, header):
    (tmp_path / "anh_xa.toml").write_text(
        f'[ho_so.columns]\n"Cơ quan thực hiện" = "unit"\n"{header}" = "procedure"\n', encoding="utf-8"
    )
    mapping, problems = load_mapping(tmp_path)
    assert mapping.column_aliases("ho_so") == {"Cơ quan thực hiện": "unit"}
    (problem,) = problems
    assert (problem.severity, problem.file, problem.row, problem.value) == ("error", "anh_xa.toml", 3, header)
    assert "dữ liệu cá nhân" in problem.message_vi and "personal data" in problem.message_en


def test_a_run_with_such_a_mapping_stops_before_reading_anything(tmp_path):
    folder = tmp_path / "raw"
    header = [*HO_SO_HEADER, "Họ tên người nộp"]
    write_csv(folder / "ho_so.csv", [header, [*ho_so_row(1), "Nguyễn Văn Bình"]])
    (folder / "anh_xa.toml").write_text(
        '[ho_so.columns]\n"Họ tên người nộp" = "procedure"\n', encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        load_data(folder, use_cache=False)
    problem = next(p for p in caught.value.problems if p.code == "mapping")
    assert problem.row == 2 and "Họ tên người nộp" in problem.format()
    assert not any("Nguyễn Văn Bình" in p.format() for p in caught.value.problems)
