"""The Quyết định 766 scorecard: pv_ indicators, settings (defaults, office overrides, errors), scoring.

Every expected number below is counted by hand from the rows written in the test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cchc import catalogue
from cchc.indicators import compute, value_of
from cchc.indicators.scorecard import NOT_COMPUTABLE, biggest_losses, group_totals, overall, score, scorecard
from cchc.loading import load_data
from cchc.service_index import ServiceIndexError, load_service_index
from frames import empty_frames, make_frame
from rawfiles import write_csv

PERIOD = "2022-H1"


def dossier(i, received="2022-02-01", resolved=None, due="2022-03-01", **extra):
    row = {
        "dossier_id": f"HS{i}",
        "field": extra.pop("field", "Đất đai"),
        "received_date": received,
        "resolved_date": resolved,
        "due_date": due,
    }
    row.update(extra)
    return row


def frames_with(rows):
    frames = empty_frames()
    frames["ho_so"] = make_frame("ho_so", rows)
    return frames


# ------------------------------------------------------------------------------- pv_ indicators


def test_digitised_rate_counts_recorded_dossiers_only():
    rows = [
        dossier(1, digitised="Có", source_file="a.xlsx"),
        dossier(2, digitised="Có", source_file="a.xlsx"),
        dossier(3, source_file="a.xlsx"),  # empty in a file that fills it: "Không"
        dossier(4, digitised="Không", source_file="a.xlsx"),
        dossier(5, digitised="Không áp dụng", source_file="a.xlsx"),  # not recorded
        dossier(6, source_file="b.xlsx"),  # file b never fills it: not recorded
        dossier(7, received="2021-12-20", digitised="Có", source_file="a.xlsx"),  # carried over: not new
        dossier(8, digitised="Có", status="Rút hồ sơ", source_file="a.xlsx"),  # withdrawn
    ]
    table = compute(frames_with(rows), PERIOD)
    assert value_of(table, "pv_new_digitised_recorded") == 4  # HS1, HS2, HS3, HS4
    assert value_of(table, "pv_new_digitised") == 2  # HS1, HS2
    assert value_of(table, "pv_rate_digitised") == 50.0


def test_e_result_among_resolved_and_payment_among_new():
    rows = [
        dossier(1, resolved="2022-02-10", e_result="Có", paid_online="Có"),
        dossier(2, resolved="2022-02-11", e_result="Không", paid_online="Không"),
        dossier(3, resolved="2022-02-12", e_result="Có", paid_online="Không áp dụng"),
        dossier(4, e_result="Có", paid_online="Có"),  # not resolved: no e-result figure
    ]
    table = compute(frames_with(rows), PERIOD)
    assert value_of(table, "pv_resolved_e_result_recorded") == 3
    assert value_of(table, "pv_resolved_e_result") == 2
    assert value_of(table, "pv_rate_e_result") == pytest.approx(200 / 3)
    assert value_of(table, "pv_new_payment_recorded") == 3  # HS1, HS2, HS4 (HS3 has no fee)
    assert value_of(table, "pv_rate_paid_online") == pytest.approx(200 / 3)


def test_without_the_optional_columns_the_rates_are_empty_not_zero():
    table = compute(frames_with([dossier(1, resolved="2022-02-10"), dossier(2)]), PERIOD)
    for code in ("pv_rate_digitised", "pv_rate_e_result", "pv_rate_paid_online"):
        assert math.isnan(value_of(table, code)), code
    assert value_of(table, "pv_new_digitised_recorded") == 0


def test_procedures_with_an_online_dossier():
    rows = [
        dossier(1, procedure="P1", channel="Trực tuyến"),
        dossier(2, procedure="P1", channel="Trực tiếp"),
        dossier(3, procedure="P2", channel="Trực tiếp"),
        dossier(4, procedure="P3", channel="Trực tuyến"),
        dossier(5, channel="Trực tuyến"),  # no procedure: not counted
        dossier(6, procedure="P4", channel="Trực tuyến", received="2021-11-01"),  # not new
    ]
    table = compute(frames_with(rows), PERIOD)
    assert value_of(table, "pv_procedures_active") == 3  # P1, P2, P3
    assert value_of(table, "pv_procedures_online") == 2  # P1, P3
    assert value_of(table, "pv_rate_procedures_online") == pytest.approx(200 / 3)


def test_breakdown_by_unit_uses_the_same_definition():
    rows = [
        dossier(1, unit="A", digitised="Có"),
        dossier(2, unit="A", digitised="Không"),
        dossier(3, unit="B", digitised="Có"),
    ]
    table = compute(frames_with(rows), PERIOD)
    assert value_of(table, "pv_rate_digitised", "unit", "A") == 50.0
    assert value_of(table, "pv_rate_digitised", "unit", "B") == 100.0
    assert value_of(table, "pv_rate_digitised") == pytest.approx(200 / 3)


# ------------------------------------------------------------------------------- contract wordings


def test_real_export_headers_and_wordings_are_read(tmp_path):
    header = [
        "Mã hồ sơ",
        "Lĩnh vực",
        "Ngày tiếp nhận",
        "Đã số hóa",
        "Trả kết quả điện tử",
        "Thanh toán trực tuyến",
    ]
    write_csv(
        tmp_path / "ho_so.csv",
        [
            header,
            ["1", "Đất đai", "03/01/2022", "x", "1", "Đã thanh toán"],
            ["2", "Đất đai", "04/01/2022", "", "0", "Miễn phí"],
            ["3", "Đất đai", "05/01/2022", "Chưa", "Có", "Không"],
        ],
    )
    frame = load_data(tmp_path).frames["ho_so"]
    assert frame["digitised"].tolist() == ["Có", pd.NA, "Không"]
    assert frame["e_result"].tolist() == ["Có", "Không", "Có"]
    assert frame["paid_online"].tolist() == ["Có", "Không áp dụng", "Không"]


# ------------------------------------------------------------------------------- scoring


def test_score_full_at_target_proportional_below_and_empty_when_not_computable():
    points = score(
        [95.0, 40.0, 60.0, 50.0, np.nan], [100.0, 50.0, 50.0, 50.0, 90.0], [20.0, 6.0, 6.0, 6.0, 6.0]
    )
    assert points[:4].tolist() == [19.0, pytest.approx(4.8), 6.0, 6.0]  # 20×95/100, 6×40/50
    assert math.isnan(points[4])


def settings_file(tmp_path, text):
    (tmp_path / "bao_cao.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_scorecard_of_a_period_by_hand(tmp_path):
    # 4 resolved: 3 timely (2 early, 1 on the due day), 1 late -> 75% -> 20 × 75/100 = 15 points
    # 4 new: 1 online -> 25% against 50% -> 6 × 25/50 = 3 points
    rows = [
        dossier(1, resolved="2022-02-10", channel="Trực tuyến", procedure="P1"),
        dossier(2, resolved="2022-02-11", procedure="P1"),
        dossier(3, resolved="2022-03-01", procedure="P2"),
        dossier(4, resolved="2022-03-05", procedure="P2"),
    ]
    frames = frames_with(rows)
    frames["chi_tieu"] = make_frame(
        "chi_tieu",
        [{"period": PERIOD, "code": "ct_satisfaction_rate", "label": "Tỷ lệ hài lòng", "value": 81.0}],
    )
    table = compute(frames, PERIOD)
    card = scorecard(table, load_service_index(tmp_path), 2022).set_index("code")
    assert card.loc["2.1", "value"] == 75.0 and card.loc["2.1", "points"] == 15.0
    assert card.loc["3.3", "points"] == pytest.approx(3.0)
    assert card.loc["3.2", "value"] == 50.0 and card.loc["3.2", "points"] == 2.0  # 4 × 50/100
    assert card.loc["5.3", "points"] == pytest.approx(5.4)  # 6 × 81/90
    assert not card.loc["4.2", "computable"] and math.isnan(card.loc["4.2", "points"])
    total = overall(card.reset_index()).iloc[0]
    assert total["points"] == pytest.approx(15 + 3 + 2 + 5.4)
    assert total["computable_points"] == 20 + 6 + 4 + 6
    assert total["points_lost"] == pytest.approx(36 - 25.4)
    losses = biggest_losses(card.reset_index())
    assert losses["code"].tolist()[:2] == ["2.1", "3.3"]  # 5, then 3 points lost
    groups = group_totals(card.reset_index(), load_service_index(tmp_path)).set_index("group_code")
    assert groups.loc["so_hoa", "n_computable"] == 0 and math.isnan(groups.loc["so_hoa", "points"])
    assert NOT_COMPUTABLE == "không tính được từ dữ liệu"


def test_key_figures_are_not_computable_for_a_unit(tmp_path):
    frames = frames_with([dossier(1, resolved="2022-02-10", unit="A")])
    frames["chi_tieu"] = make_frame(
        "chi_tieu", [{"period": PERIOD, "code": "ct_satisfaction_rate", "label": "x", "value": 95.0}]
    )
    card = scorecard(compute(frames, PERIOD), load_service_index(tmp_path), 2022, "unit")
    assert set(card["group"]) == {"A"}
    row = card.set_index("code").loc["5.3"]
    assert not row["computable"]
    assert card.set_index("code").loc["2.1", "points"] == 20.0


# ------------------------------------------------------------------------------- settings


def test_defaults_add_up_to_the_five_groups_of_the_decision():
    s = load_service_index(None)
    assert [(g.label, g.points) for g in s.groups] == [
        ("Công khai, minh bạch", 18),
        ("Tiến độ, kết quả giải quyết", 20),
        ("Cung cấp dịch vụ trực tuyến", 22),
        ("Số hóa hồ sơ", 22),
        ("Mức độ hài lòng", 18),
    ]
    for g in s.groups:
        assert sum(i.points for i in s.items if i.group == g.code) == g.points
    sources = {i.source for i in s.items if i.source}
    assert sources <= set(catalogue.codes())


def test_office_section_overrides_target_source_and_yearly_targets(tmp_path):
    settings_file(
        tmp_path,
        """
ten_co_quan = "VĂN PHÒNG"

[[chi_so_766.chi_so]]
ma = "3.3"
muc_tieu = 60.0
muc_tieu_theo_nam = { "2023" = 70.0 }

[[chi_so_766.chi_so]]
ma = "1.1"
nguon = "ct_766_cong_bo"
""",
    )
    s = load_service_index(tmp_path)
    item = {i.code: i for i in s.items}
    assert item["3.3"].target_for(2022) == 60.0 and item["3.3"].target_for(2024) == 70.0
    assert item["3.3"].points == 6 and item["1.1"].source == "ct_766_cong_bo"
    assert s.sources[-1] == tmp_path / "bao_cao.toml"


def test_the_report_settings_accept_the_section(tmp_path):
    from cchc.settings import load_report_settings

    settings_file(tmp_path, 'ten_co_quan = "VĂN PHÒNG"\n[[chi_so_766.chi_so]]\nma = "3.3"\nmuc_tieu = 60.0\n')
    assert load_report_settings(tmp_path).org_name == "VĂN PHÒNG"


@pytest.mark.parametrize(
    "text, key, words",
    [
        (
            '[[chi_so_766.chi_so]]\nma = "3.3"\nmuc_tieu = "60%"\n',
            "chi_so_766.chi_so[ma=3.3].muc_tieu",
            "tỷ lệ phần trăm",
        ),
        (
            '[[chi_so_766.chi_so]]\nma = "3.3"\nmuc_tieu = 0\n',
            "chi_so_766.chi_so[ma=3.3].muc_tieu",
            "lớn hơn 0",
        ),
        (
            '[[chi_so_766.chi_so]]\nma = "3.3"\ndiem = 8\n',
            "chi_so_766.nhom[ma=truc_tuyen].diem",
            "tổng điểm các chỉ số của nhóm là 24",
        ),
        ('[[chi_so_766.chi_so]]\nma = "3.3"\nnhom = "khac"\n', "chi_so_766.chi_so[ma=3.3].nhom", "không có"),
        (
            '[[chi_so_766.chi_so]]\nma = "3.3"\nnguon = "hs_khong_co"\n',
            "chi_so_766.chi_so[ma=3.3].nguon",
            "không có trong danh mục",
        ),
        ('[[chi_so_766.chi_so]]\nma = "9.9"\nten = "Mới"\n', "chi_so_766.chi_so[ma=9.9].", "thiếu khóa"),
        (
            '[[chi_so_766.chi_so]]\nma = "3.3"\nmuc_tieu_theo_nam = { "25" = 60.0 }\n',
            "chi_so_766.chi_so[ma=3.3].muc_tieu_theo_nam.25",
            "4 chữ số",
        ),
        ("[chi_so_766]\nmuc_tieu = 5\n", "chi_so_766.muc_tieu", "khóa không hợp lệ"),
        ('[[chi_so_766.nhom]]\nma = "tien_do"\ndiem = 25\n', "chi_so_766.nhom[ma=tien_do].diem", "khác điểm"),
    ],
)
def test_bad_settings_name_the_file_and_the_key(tmp_path, text, key, words):
    settings_file(tmp_path, text)
    with pytest.raises(ServiceIndexError) as info:
        load_service_index(tmp_path)
    message = str(info.value)
    assert "bao_cao.toml" in message and key in message and words in message
    assert "(File " in message  # English gloss


def test_groups_must_add_up_to_100(tmp_path):
    settings_file(
        tmp_path,
        '[[chi_so_766.nhom]]\nma = "tien_do"\ndiem = 25\n[[chi_so_766.chi_so]]\nma = "2.1"\ndiem = 25\n',
    )
    with pytest.raises(ServiceIndexError, match="tổng điểm các nhóm là 105"):
        load_service_index(tmp_path)


# ------------------------------------------------------------------------------- invariants

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.floats(0, 100), st.floats(0, 100), st.floats(0.5, 100), st.floats(0, 20))
def test_points_never_exceed_the_maximum_and_grow_with_the_rate(a, b, target, max_points):
    low, high = sorted((a, b))
    p_low, p_high = score([low, high], [target, target], [max_points, max_points])
    assert 0 <= p_low <= p_high <= max_points + 1e-9
    if high >= target:
        assert p_high == max_points


# ------------------------------------------------------------------------------- page and report


def test_page_tables_say_not_computable_and_put_the_biggest_loss_first(tmp_path):
    from cchc import service_page

    rows = [
        dossier(1, resolved="2022-02-10", channel="Trực tuyến", procedure="P1", unit="A"),
        dossier(2, resolved="2022-03-05", procedure="P1", unit="B"),  # late
        dossier(3, procedure="P2", unit="B"),
        dossier(4, procedure="P2", unit="B"),
    ]
    table = compute(frames_with(rows), PERIOD)
    settings = load_service_index(tmp_path)
    card = scorecard(table, settings, 2022)
    frame = service_page.scorecard_frame(card).set_index("Mã")
    assert frame.loc["4.2", "Giá trị"] == "không tính được từ dữ liệu"
    assert frame.loc["4.2", "Điểm đạt"] == "–"
    # 2.1 counts dossiers handled and being handled (the portal's formula): HS1 on time, HS2 late,
    # HS3 and HS4 still pending past their due date -> 1 of 4 = 25%: 5 of 20 points
    shown = frame.loc["2.1", ["Giá trị", "Mục tiêu", "Điểm đạt", "Điểm bị mất"]].tolist()
    assert shown == ["25%", "100%", "5", "15"]
    # online 1 of 4 new = 25% of a 50% target: 3 of 6 points; P1 online, P2 not: 2 of 4 points
    losses = service_page.losses_table(card).html
    assert losses.index("2.1") < losses.index("3.3") < losses.index("3.2")
    cards = service_page.summary_cards(card, settings).html
    assert "10 / 30 điểm tính được" in cards  # 5 + 3 + 2 of 20 + 6 + 4
    by_unit = service_page.breakdown_frame(scorecard(table, settings, 2022, "unit"), "Đơn vị")
    assert by_unit["Đơn vị"].tolist() == ["B", "A"]  # B lost more points
    assert by_unit.iloc[0]["Mất nhiều điểm nhất"].startswith("2.1 ")


def test_report_sentence_only_when_something_is_computable(tmp_path):
    from cchc.periods import parse_period
    from cchc.service_page import service_sentences

    p = parse_period(PERIOD)
    assert service_sentences(compute(empty_frames(), p), p, load_service_index(tmp_path)) == []
    table = compute(frames_with([dossier(1, resolved="2022-02-10")]), p)
    (sentence,) = service_sentences(table, p, load_service_index(tmp_path), "Văn phòng")
    # on time (20 of 20) but not online (0 of 6); no procedure named: 3.2 not computable
    assert (
        "trong 06 tháng đầu năm 2022 Văn phòng tự đánh giá đạt 20 / 26 điểm tính được từ dữ liệu; "
        "mất nhiều điểm nhất ở chỉ số “Tỷ lệ hồ sơ nộp trực tuyến” (mất 6 điểm)."
    ) in sentence


def test_a_unit_report_does_not_score_the_offices_key_figures(tmp_path):
    frames = frames_with([dossier(1, resolved="2022-02-10", unit="A")])
    frames["chi_tieu"] = make_frame(
        "chi_tieu", [{"period": PERIOD, "code": "ct_satisfaction_rate", "label": "x", "value": 95.0}]
    )
    table = compute(frames, PERIOD)
    settings = load_service_index(tmp_path)
    assert scorecard(table, settings, 2022).set_index("code").loc["5.3", "points"] == 6.0
    unit_card = scorecard(table, settings, 2022, key_figures=False).set_index("code")
    assert not unit_card.loc["5.3", "computable"] and unit_card.loc["2.1", "points"] == 20.0


def test_a_breakdown_without_dossiers_is_an_empty_card(tmp_path):
    from cchc import service_page

    frames = empty_frames()
    frames["van_ban"] = make_frame(
        "van_ban", [{"direction": "Đi", "date": "2022-02-01", "form": "Giấy", "unit": "Nhà ăn"}]
    )
    table = compute(frames, PERIOD)
    card = scorecard(table, load_service_index(tmp_path), 2022, "unit")
    assert card.empty and list(card.columns) == list(
        scorecard(table, load_service_index(tmp_path), 2022).columns
    )
    assert "Không có số liệu trong kỳ." in service_page.breakdown_table(card, "Đơn vị").html


def test_cli_prints_each_sub_indicator_with_value_target_and_points(tmp_path, capsys):
    from cchc.cli import main

    header = [
        "Mã hồ sơ",
        "Lĩnh vực",
        "Thủ tục",
        "Ngày tiếp nhận",
        "Hạn xử lý",
        "Ngày trả kết quả",
        "Hình thức nộp",
        "Đã số hóa",
    ]
    write_csv(
        tmp_path / "ho_so.csv",
        [
            header,
            ["1", "Đất đai", "P1", "03/01/2022", "20/01/2022", "10/01/2022", "Trực tuyến", "Có"],
            ["2", "Đất đai", "P1", "04/01/2022", "20/01/2022", "25/01/2022", "Trực tiếp", "Có"],
            ["3", "Đất đai", "P2", "05/01/2022", "20/01/2022", "15/01/2022", "Trực tiếp", "Không"],
            ["4", "Đất đai", "P2", "06/01/2022", "20/01/2022", "16/01/2022", "Trực tiếp", "Có"],
        ],
    )
    assert main(["scorecard", "--period", PERIOD, "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    rows = {line.split(" | ")[0].strip("| "): line.split(" | ") for line in out.splitlines()[3:]}
    # 3 of 4 resolved on time: 75% of 100% -> 20 × 0.75 = 15 (5 lost)
    assert rows["2.1"][2:] == ["75%", "100%", "20", "15", "5 |"]
    # 1 of 4 online: 25% of 50% -> 6 × 25/50 = 3
    assert rows["3.3"][2:] == ["25%", "50%", "6", "3", "3 |"]
    # 3 of 4 digitised: 75% of the portal's 80% threshold -> 4 × 75/80 = 3,75
    assert rows["4.2"][2:] == ["75%", "80%", "4", "3,75", "0,25 |"]
    assert rows["1.1"][2] == NOT_COMPUTABLE and rows["1.1"][5] == "–"
    # 15 + 3 + (P1 online, P2 not: 4 × 50/100 = 2) + 3,75 of 20 + 6 + 4 + 4
    assert out.splitlines()[0] == "### 2022-H1: 23,75 / 34 điểm tính được"


def test_narrative_placeholder_inserts_the_scorecard_sentence(tmp_path):
    from cchc.periods import parse_period
    from cchc.report.document import make_resolver
    from cchc.report.narrative import parse_narrative
    from cchc.settings import ReportSettings

    p = parse_period(PERIOD)
    # 2 dossiers, one resolved on time and one resolved late: 50% -> 10 of 20 points; none online: 0 of 6
    frames = frames_with([dossier(1, resolved="2022-02-10"), dossier(2, resolved="2022-03-05")])
    table = compute(frames, p)
    settings = ReportSettings(org_name="VĂN PHÒNG", short_name="Văn phòng")
    resolver = make_resolver(
        table, pd.DataFrame(), p, settings, [], service_index=load_service_index(tmp_path)
    )
    n = parse_narrative("# II.2\nKết quả chấm điểm: {{sentence:chi_so_766}}\n", resolver, path="x.md")
    (para,) = n.sections["II.2"]
    assert para.text == (
        "Kết quả chấm điểm: Theo Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định "
        "766/QĐ-TTg), trong 06 tháng đầu năm 2022 Văn phòng tự đánh giá đạt 10 / 26 điểm tính "
        "được từ dữ liệu; mất nhiều điểm nhất ở chỉ số “Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn” "
        "(mất 10 điểm)."
    )
