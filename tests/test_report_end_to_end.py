"""2022-H1 on the bundled sample data: the report reads like the reference, in HTML and Word.

The raw folder is copied into tmp_path so the loader's cache is written there, not in data/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from cchc.indicators.bundle import build_bundle
from cchc.report import build_report, render_html, write_docx
from cchc.settings import load_report_settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw"

KEY_SENTENCES = [
    "Trong 06 tháng đầu năm 2022, Văn phòng đã tiếp nhận 566 hồ sơ. Trong đó: Tổng số hồ sơ đã "
    "giải quyết 566 hồ sơ (trước hạn 534 hồ sơ, tỷ lệ 94,35%; đúng hạn 32 hồ sơ, tỷ lệ 5,65%; trễ "
    "hạn 0 hồ sơ, tỷ lệ 0%), số hồ sơ đang giải quyết: không phát sinh.",
    "có 57 nhiệm vụ của UBND tỉnh được Chính phủ, Thủ tướng Chính phủ giao, 17 nhiệm vụ đã hoàn "
    "thành (trong đó 12 nhiệm vụ hoàn thành đúng hạn, 05 nhiệm vụ hoàn thành trễ hạn), 40 nhiệm vụ "
    "đang thực hiện (trong đó 07 nhiệm vụ đã quá hạn).",
    "kết quả thực hiện đạt 93% kế hoạch năm (13/14 nhiệm vụ). Còn 01 nhiệm vụ",
    "đã phát hành 10.593 văn bản đi",
    "tiếp nhận 19.260 văn bản đến",
    "30/51 lượt công chức, viên chức",
    "đạt 59% kế hoạch",
    "đối tượng được kiểm tra gồm 05/09 đơn vị",
    "đạt tỷ lệ 55,6%",
    "đã ban hành 16 văn bản liên quan công tác cải cách hành chính",
    "ban hành 12 văn bản quy phạm pháp luật",
    "đã tiếp nhận 269 văn bản quy phạm pháp luật",
    "tổng mức đầu tư từ ngân sách chi cho mua sắm trang thiết bị, phần mềm là: 6.313.329.686 đồng",
    "Lĩnh vực đất đai (tổng số tiếp nhận 127 hồ sơ, đã giải quyết đúng hạn 127 hồ sơ, không có hồ "
    "sơ trễ hạn)",
    "Lĩnh vực xây dựng (tổng số tiếp nhận 13 hồ sơ, đã giải quyết đúng hạn 13 hồ sơ, không có hồ sơ trễ hạn)",
]


def _copy_spreadsheets(dest: Path, *, with_settings: bool) -> Path:
    dest.mkdir(parents=True)
    for f in SAMPLE.iterdir():
        if f.suffix.lower() in (".xlsx", ".csv"):
            shutil.copy2(f, dest / f.name)
    if with_settings:
        shutil.copy2(SAMPLE / "bao_cao.toml", dest / "bao_cao.toml")
        shutil.copytree(SAMPLE / "narrative", dest / "narrative")
    return dest


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    return _copy_spreadsheets(tmp_path_factory.mktemp("sample") / "raw", with_settings=True)


@pytest.fixture(scope="module")
def frames(sample_data):
    return sample_data.frames  # the session's load of the same sample (tests/conftest.py)


@pytest.fixture(scope="module")
def report(frames, raw):
    return build_report(
        build_bundle(frames, "2022-H1"), settings=load_report_settings(raw), narrative_dir=raw / "narrative"
    )


@pytest.fixture(scope="module")
def docx_text(report, tmp_path_factory) -> str:
    path = write_docx(report, tmp_path_factory.mktemp("out") / "bao-cao-cchc-2022-H1.docx")
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.mark.parametrize("sentence", KEY_SENTENCES)
def test_html_and_docx_have_the_reference_sentences(report, docx_text, sentence):
    assert sentence in render_html(report)
    assert sentence in docx_text


def test_structure_and_header(report):
    text = report.text()
    for heading in [
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
        "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
        "1. Cải cách thể chế",
        "2. Cải cách thủ tục hành chính (TTHC)",
        "3. Cải cách tổ chức bộ máy",
        "4. Cải cách chế độ công vụ",
        "5. Cải cách tài chính công",
        "6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. GIẢI PHÁP THỰC HIỆN CÁC NHIỆM VỤ ĐƯỢC GIAO HOÀN THÀNH TRONG 6 THÁNG CUỐI NĂM 2022",
    ]:
        assert heading in text
    assert report.header.org_name == "VĂN PHÒNG UBND TỈNH KIÊN HÒA"
    assert report.header.range_label == "(Từ ngày 01/01/2022 đến ngày 30/06/2022)"
    assert report.notices == []


def test_annexes_match_the_reference(report):
    docs, units, dossiers, tasks = report.annexes
    assert docs.frame.iloc[0].tolist() == [10593, 0, 8817, 1776, 19260, 2684, 12567, 4009]
    assert units.frame.iloc[0].tolist() == [9, 9, 0, 0, 9, 9, 0, 0]
    assert dossiers.frame.iloc[-1, 1:].tolist()[:5] == [566, 566, 534, 32, 0]
    by_source = tasks.frame.set_index("Nguồn giao")
    gov = by_source.loc["Chính phủ"] + by_source.loc["Thủ tướng Chính phủ"]
    assert gov.tolist()[:6] == [57, 17, 12, 5, 40, 7]


def test_every_annex_identity_holds(report):
    for t in report.annexes:
        numeric = t.frame.select_dtypes("number")
        for label in t.column_numbers:
            if "=" in label:
                total, parts = label.split("=")
                idx = [int(x.strip("()")) - 1 for x in parts.split("+")]
                col = int(total.strip("()")) - 1
                assert (numeric.iloc[:, col] == numeric.iloc[:, idx].sum(axis=1)).all(), t.title
        if t.totals:
            assert (numeric.iloc[:-1].sum() == numeric.iloc[-1]).all(), t.title


def test_folder_with_only_spreadsheets_renders_with_notices(frames, tmp_path):
    raw = _copy_spreadsheets(tmp_path / "raw", with_settings=False)
    report = build_report(
        build_bundle(frames, "2022-H1"), settings=load_report_settings(raw), narrative_dir=raw / "narrative"
    )
    assert len(report.notices) == 1 and "bao_cao.toml" in report.notices[0]
    assert len(report.staff_notes) == 1 and "2022-H1.md" in report.staff_notes[0]
    assert "2022-H1.md" not in render_html(report)  # a staff note, not for leadership
    assert any("2022-H1.md" in m for m in report.staff_messages())
    html = render_html(report)
    assert "CƠ QUAN BÁO CÁO" in html and "Văn phòng" not in report.header.org_name
    assert "đã tiếp nhận 566 hồ sơ" in html
    path = write_docx(report, tmp_path / "r.docx")
    assert "bao_cao.toml" in Document(str(path)).paragraphs[0].text


def test_a_month_reads_naturally(frames, raw):
    report = build_report(
        build_bundle(frames, "2022-09"), settings=load_report_settings(raw), narrative_dir=raw / "narrative"
    )
    text = report.text()
    assert "Trong tháng 9/2022, " in text
    assert "trong đó 0 nhiệm vụ" not in text and " tỷ lệ -" not in text
    assert "Trong tháng 9/2022, Văn phòng" in text
    assert len(report.annexes) == 4


@pytest.mark.slow
def test_notebook_runs_and_writes_the_docx(raw, tmp_path):
    papermill = pytest.importorskip("papermill")
    out = tmp_path / "out"
    out.mkdir()
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "08_bao_cao.ipynb"),
        str(tmp_path / "nb.ipynb"),
        parameters={"data_dir": str(raw), "output_dir": str(out)},
        kernel_name="cchc",
        cwd=str(ROOT / "notebooks"),
        progress_bar=False,
    )
    assert (out / "bao-cao-cchc-2022-H1.docx").is_file()


@pytest.fixture(scope="module")
def other(frames, raw):
    """Reports of other period kinds on the sample (no narrative file for them)."""
    settings = load_report_settings(raw)
    return {
        code: build_report(build_bundle(frames, code), settings=settings, narrative_dir=raw / "narrative")
        for code in ("2022-Q3", "2022-9M", "2022", "2024-Q1", "2022-02-10..2022-04-20", "2021-H2")
    }


@pytest.mark.slow
def test_plan_progress_counts_all_tasks_of_the_year_s_plan(other):
    # 13 of the 14 tasks of plan 1147/KH-VP were done in H1: Q3 and 9M say 13/14, not 0/01
    for code in ("2022-Q3", "2022-9M"):
        assert "Kế hoạch số 1147/KH-VP đạt 93% kế hoạch (13/14 nhiệm vụ)" in other[code].text()
    year = other["2022"].text()
    assert "1216/KH-VP" not in year  # the 2023 plan, signed 30/12/2022, is not the 2022 plan
    assert "Kế hoạch số 1147/KH-VP đạt 100% kế hoạch (14/14 nhiệm vụ)" in year


@pytest.mark.slow
def test_training_in_a_quarter_is_year_to_date_with_the_quarter_beside_it(other):
    text = other["2022-Q3"].text()
    assert (
        "Lũy kế từ đầu năm đến ngày 30/09/2022, Văn phòng đã cử đi đào tạo, bồi dưỡng 36/51 "
        "lượt công chức, viên chức, đạt 71% kế hoạch năm; riêng quý III/2022 đã cử 06 lượt"
    ) in text
    assert "Trong quý III/2022, Văn phòng đã cử đi đào tạo" not in text


@pytest.mark.slow
def test_wording_for_any_period(other):
    q3 = other["2022-Q3"]
    text = q3.text()
    assert "Quý III" not in text.split("PHỤ LỤC")[0].replace("QUÝ IV", "")  # lower case in prose
    assert "IV. GIẢI PHÁP, NHIỆM VỤ TRỌNG TÂM QUÝ IV/2022" in text
    assert "nhiệm vụ đang trong hạn" in text and "nhiệm vụ thường xuyên (không có thời hạn)" in text
    assert "hoàn thành quá hạn" not in text and "đã trễ hạn)" not in text
    openings = [b.text for b in q3.body if hasattr(b, "runs") and b.text.startswith("Trong quý III/2022,")]
    assert len(openings) <= 5  # one per section at most, not one per sentence
    assert "IV. GIẢI PHÁP, NHIỆM VỤ TRỌNG TÂM NĂM 2023" in other["2022"].text()
    assert "IV. GIẢI PHÁP, NHIỆM VỤ TRỌNG TÂM QUÝ IV/2022" in other["2022-9M"].text()
    h2 = other["2021-H2"].text()
    assert "Đến ngày 31/12/2021" in h2 and "Đến cuối" not in h2
    assert "Đoàn Kiểm tra công tác cải cách hành chính năm 2021;" in h2
    custom = other["2022-02-10..2022-04-20"]
    assert custom.header.summary.endswith("từ ngày 10/02/2022 đến ngày 20/04/2022")
    assert custom.header.range_label == ""
    assert custom.text().count("từ ngày 10/02/2022 đến ngày 20/04/2022") >= 1
    assert "Từ ngày 10/02/2022 đến ngày 20/04/2022" not in custom.header.summary


@pytest.mark.slow
def test_no_zeros_stated_for_a_period_the_data_does_not_cover(other):
    report = other["2024-Q1"]
    text = report.text()
    assert "tiếp nhận mới 0 hồ sơ" not in text and "đã tiếp nhận" not in text
    assert (
        "Số liệu hồ sơ thủ tục hành chính hiện chỉ có đến ngày 30/06/2023, chưa bao gồm quý I/2024"
    ) in text
    assert "nhiệm vụ đang thực hiện" not in text and "Kế hoạch số" not in text
    assert all(t.note for t in report.annexes)  # every annex says its data misses the period
    assert "Đoàn Kiểm tra công tác cải cách hành chính năm 2024;" in report.closing.recipients
    html = render_html(report)
    assert "Cần bổ sung" not in html
    assert report.placeholders  # the office must write section III itself
