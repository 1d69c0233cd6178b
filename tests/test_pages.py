"""Page helpers (cards, overdue list, notices, data-quality table, escaping) and the views they format."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest

import cchc
from cchc import config, pages
from cchc.indicators import views


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def _parse(html) -> _Page:
    p = _Page()
    p.feed(str(html))
    return p


def _tasks() -> pd.DataFrame:
    d = pd.to_datetime
    return pd.DataFrame(
        {
            "task_id": ["1", "2", "3", "4", "5", "6"],
            "title": [
                "<img src=x onerror=alert(1)>",
                "Báo cáo quý",
                "Xong trước kỳ",
                "Không hạn",
                "Hạn đúng ngày cuối",
                "Giao sau kỳ",
            ],
            "unit": ["Phòng A", "Phòng B", "Phòng A", "Phòng B", "Phòng A", "Phòng A"],
            "assigned_date": d(
                ["2022-01-03", "2022-02-01", "2022-01-01", "2022-01-01", "2022-03-01", "2022-07-05"]
            ),
            "due_date": d(["2022-03-31", "2022-06-20", "2022-02-01", None, "2022-06-30", "2022-07-10"]),
            # task 2 is completed after E: still open (and overdue) as of E
            "completed_date": d([None, "2022-07-15", "2022-01-20", None, None, None]),
        }
    )


def test_overdue_tasks_as_of_the_period_end():
    frame = views.overdue_tasks(_tasks(), cchc.parse_period("2022-H1"))
    assert list(frame.columns) == ["title", "unit", "due_date", "days"]
    assert frame["title"].tolist() == ["<img src=x onerror=alert(1)>", "Báo cáo quý"]
    assert frame["days"].tolist() == [91, 10]  # 31/03→30/06, 20/06→30/06


def test_the_overdue_list_is_the_records_the_indicator_counts():
    period = cchc.parse_period("2022-H1")
    overdue = views.overdue_tasks(_tasks(), period)
    indicator = cchc.value_of(cchc.task_indicators(_tasks(), period), "nv_in_progress_overdue")
    assert len(overdue) == indicator == 2


@pytest.mark.skipif(not any(config.RAW_DIR.glob("nhiem_vu*")), reason="no sample data")
@pytest.mark.parametrize("code", ["2022-H1", "2022-Q3", "2021", "2022-09"])
def test_the_overdue_list_has_as_many_rows_as_the_indicator_on_the_sample(code):
    from cchc.loading import load_data

    tasks, period = load_data(config.RAW_DIR).frames["nhiem_vu"], cchc.parse_period(code)
    overdue = views.overdue_tasks(tasks, period)
    assert len(overdue) == cchc.value_of(cchc.task_indicators(tasks, period), "nv_in_progress_overdue")
    assert (overdue["days"] > 0).all() and overdue["days"].is_monotonic_decreasing


def test_overdue_table_escapes_titles_and_formats_dates():
    page = _parse(pages.overdue_table(views.overdue_tasks(_tasks(), cchc.parse_period("2022-H1"))))
    assert "img" not in page.tags
    text = "".join(page.text)
    assert "<img src=x onerror=alert(1)>" in text
    assert "31/03/2022" in text and "91" in text


def test_overdue_table_when_nothing_is_late():
    html = str(pages.overdue_table(views.overdue_tasks(_tasks(), cchc.parse_period("2021-12"))))
    assert "Không có nhiệm vụ quá hạn." in html


def _comparison() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["hs_received", "hs_rate_early", "hs_resolved_late", "vb_out"],
            "dimension": ["", "", "", ""],
            "group": ["", "", "", ""],
            "value": [566.0, 94.3463, 2.0, 10593.0],
            "unit": ["hồ sơ", "%", "hồ sơ", "văn bản"],
            "label": ["Số hồ sơ tiếp nhận", "Tỷ lệ giải quyết trước hạn", "Số hồ sơ trễ hạn", "Văn bản đi"],
            "change": [66.0, -1.2, 1.0, float("nan")],
            "year_earlier_change": [-10.0, 0.0, float("nan"), 593.0],
        }
    )


def test_headline_cards_show_values_and_changes():
    html = str(
        pages.headline_cards(
            _comparison(),
            ["hs_received", "hs_rate_early", "vb_out", "nv_total"],
            previous_label="06 tháng cuối năm 2021",
        )
    )
    text = "".join(_parse(html).text)
    assert "566" in text and "94,35%" in text and "10.593" in text
    assert "▲ 66 so với kỳ trước (06 tháng cuối năm 2021)" in text
    assert "▼ 1,2 điểm %" in text  # rates change in percentage points
    assert "= 0 điểm %" in text
    assert "– so với kỳ trước" in text  # not comparable
    assert "▲ 593" in text
    assert html.count('class="card"') == 3  # unknown code skipped


def test_cards_mark_rising_bad_indicators_inverse():
    html = str(pages.headline_cards(_comparison(), ["hs_resolved_late"]))
    assert 'class="change inverse"' in html


def test_change_and_value_text():
    assert pages.change_text(12, "hồ sơ") == "▲ 12"
    assert pages.change_text(-1234.5, None) == "▼ 1.234,5"
    assert pages.change_text(None, "%") == "–"
    assert pages.format_value(float("nan"), "%") == "–"
    assert pages.format_value(5.6537, "%") == "5,65%"


def test_filter_unit_keeps_frames_without_unit_and_does_not_mutate():
    tasks = _tasks()
    figures = pd.DataFrame({"code": ["ct_a"], "value": [1.0]})
    frames = {"nhiem_vu": tasks, "chi_tieu": figures}
    out = views.filter_unit(frames, "Phòng B")
    assert out["nhiem_vu"]["task_id"].tolist() == ["2", "4"]
    assert out["chi_tieu"] is figures
    assert len(tasks) == 6
    assert views.filter_unit(frames, "")["nhiem_vu"] is tasks


def test_missing_notice():
    assert str(pages.missing_notice([], ["ho_so"])) == ""
    html = str(pages.missing_notice(["dao_tao", "van_ban"], ["ho_so", "dao_tao"]))
    assert "đào tạo, bồi dưỡng (dao_tao)" in html and "van_ban" not in html
    assert html.startswith('<div class="notice">')


def test_problems_table_orders_warnings_first_in_vietnamese():
    problems = pd.DataFrame(
        {
            "severity": ["notice", "warning"],
            "dataset": ["ho_so", "nhiem_vu"],
            "file": ["a.xlsx", "b.xlsx"],
            "sheet": ["S", "T"],
            "row": pd.array([None, 7], dtype="Int64"),
            "column": ["", "Ngày giao"],
            "value": ["", "<script>x</script>"],
            "message_vi": ["Thông tin", "Ngày hoàn thành trước ngày giao"],
            "message_en": ["", ""],
            "code": ["", ""],
        }
    )
    frame = pages.problems_table(problems)
    assert list(frame.columns) == ["Mức độ", "Tệp", "Trang tính", "Dòng", "Cột", "Giá trị", "Nội dung"]
    assert frame["Mức độ"].tolist() == ["Cảnh báo", "Thông báo"]
    assert frame["Dòng"].tolist()[0] == 7


def test_status_table_totals_come_from_the_period_totals():
    table = pd.DataFrame(
        {
            "code": ["hs_received", "hs_rate_timely", "hs_received", "hs_rate_timely", "hs_received"],
            "dimension": ["", "", "field", "field", "field"],
            "group": ["", "", "Đất đai", "Đất đai", "<b>Xây dựng</b>"],
            "value": [566.0, 100.0, 127.0, 100.0, 13.0],
        }
    )
    page = _parse(
        pages.status_table(
            table,
            "field",
            {"hs_received": ("Tiếp nhận", "int"), "hs_rate_timely": ("Tỷ lệ", "pct")},
            "Lĩnh vực",
        )
    )
    text = "|".join(t for t in page.text if t.strip())
    assert "Đất đai|127|100%" in text
    assert "Tổng cộng|566|100%" in text  # not 127 + 13
    assert "b" not in page.tags


def test_prose_and_heading_escape():
    assert str(pages.prose("a < b")) == '<div class="prose"><p>a &lt; b</p></div>'
    assert str(pages.heading("Hồ sơ & văn bản", "ho-so")) == '<h2 id="ho-so">Hồ sơ &amp; văn bản</h2>'


def test_trend_frame_labels_periods_as_reports_write_them():
    from frames import empty_frames, make_frame

    frames = empty_frames()
    frames["ho_so"] = make_frame(
        "ho_so",
        [
            {
                "dossier_id": "A",
                "field": "Đất đai",
                "received_date": "2022-01-01",
                "resolved_date": "2022-01-20",
            },
            {"dossier_id": "B", "field": "Đất đai", "received_date": "2022-06-03", "due_date": "2022-06-30"},
        ],
    )  # the data's activity covers two whole quarters: January to June 2022
    trend = views.trend_frame(frames, None, kind="quarter")
    received = trend[(trend["code"] == "hs_received") & (trend["dimension"] == "")]
    assert received["period"].tolist() == ["Quý I/2022", "Quý II/2022"]
    assert received["period_code"].tolist() == ["2022-Q1", "2022-Q2"]
    assert received["value"].tolist() == [1.0, 1.0]
    table = pages.trend_table(trend).html
    assert "Quý I/2022" in table and "2022-Q1" not in table
    totals = trend[trend["dimension"] == ""]
    kept = totals.groupby("code")["value"].agg(lambda v: v.notna().any())
    labels = totals.drop_duplicates("code").set_index("code")["label"]
    assert kept.any() and not kept.all()
    assert {c for c in kept.index if f">{labels[c]}<" in table} == set(kept.index[kept])  # no row of dashes


def test_monthly_flow_counts_each_month_of_the_period():
    from frames import empty_frames, make_frame

    frames = empty_frames()
    frames["ho_so"] = make_frame(
        "ho_so",
        [
            {
                "dossier_id": "A",
                "field": "Đất đai",
                "received_date": "2022-01-03",
                "resolved_date": "2022-01-10",
            },
            {
                "dossier_id": "B",
                "field": "Đất đai",
                "received_date": "2022-01-20",
                "resolved_date": "2022-02-02",
            },
            {"dossier_id": "C", "field": "Xây dựng", "received_date": "2022-02-14"},
            {"dossier_id": "D", "field": "Xây dựng", "received_date": "2022-04-01"},  # after the quarter
        ],
    )
    flow = views.monthly_flow(frames, cchc.parse_period("2022-Q1"))
    assert flow["month"].tolist() == ["T1/2022", "T2/2022", "T3/2022"]
    assert flow["received"].tolist() == [2.0, 1.0, 0.0]
    assert flow["resolved"].tolist() == [1.0, 1.0, 0.0]


def test_trend_ends_at_the_reported_period_and_skips_what_the_data_does_not_cover():
    from frames import empty_frames, make_frame

    frames = empty_frames()
    frames["ho_so"] = make_frame(
        "ho_so",
        [
            {
                "dossier_id": f"H{m}",
                "field": "Đất đai",
                "received_date": f"2021-{m:02d}-10",
                "resolved_date": f"2021-{m:02d}-20",
            }
            for m in range(1, 13)
        ]
        + [
            {
                "dossier_id": "TYPO",
                "field": "Đất đai",
                "received_date": "1999-03-01",
                "resolved_date": "1999-03-02",
            },
            {"dossier_id": "TYPO2", "field": "Đất đai", "received_date": "2019-03-01"},
        ],
    )  # mistyped years
    frames["nhiem_vu"] = make_frame(
        "nhiem_vu",
        [
            {"task_id": "T1", "title": "a", "assigned_date": "2021-01-05", "due_date": "2025-12-31"},
            {"task_id": "T2", "title": "b", "assigned_date": "2021-05-05", "completed_date": "2021-06-10"},
        ],
    )
    trend = views.trend_frame(frames, cchc.parse_period("2021-Q3"), kind="quarter")
    codes = list(dict.fromkeys(trend["period_code"]))
    assert codes == ["2021-Q1", "2021-Q2", "2021-Q3"]  # ends at the report, not at 2025, not 1999
    assert trend.loc[trend["reported"], "period_code"].unique().tolist() == ["2021-Q3"]
    tasks = trend[(trend["code"] == "nv_total") & (trend["dimension"] == "")]
    assert tasks["value"].isna().tolist() == [False, False, True]  # tasks' activity ends in June
    later = views.trend_frame(frames, cchc.parse_period("2024-Q1"), kind="quarter")
    assert list(dict.fromkeys(later["period_code"]))[-1] == "2021-Q4"  # the data's last month
    assert not later["reported"].any()


def test_cards_compare_like_with_like():
    comparison = pd.concat(
        [
            _comparison(),
            pd.DataFrame(
                {
                    "code": ["dt_rate_plan"],
                    "dimension": [""],
                    "group": [""],
                    "value": [58.8235],
                    "unit": ["%"],
                    "label": ["Tỷ lệ thực hiện kế hoạch đào tạo (lũy kế từ đầu năm)"],
                    "change": [-30.0],
                    "year_earlier_change": [4.0],
                }
            ),
        ],
        ignore_index=True,
    )
    # a year: its previous period is the same period last year -> one line, not two identical
    html = str(
        pages.headline_cards(
            comparison, ["hs_received"], previous_label="Năm 2021", year_earlier_label="Năm 2021"
        )
    )
    text = "".join(_parse(html).text)
    assert text.count("so với") == 1 and "so với kỳ trước, cùng kỳ năm trước (Năm 2021)" in text
    # a year-to-date rate is compared only with the same point of last year
    html = str(
        pages.headline_cards(
            comparison, ["dt_rate_plan"], previous_label="Quý II/2022", year_earlier_label="Quý III/2021"
        )
    )
    text = "".join(_parse(html).text)
    assert "so với kỳ trước" not in text and "▲ 4 điểm % so với cùng kỳ năm trước" in text
    assert "59%" in text  # the catalogue's rounding for dt_rate_plan (0 decimals), not 58,82%


def test_one_rounding_rule_per_rate_from_the_catalogue():
    assert pages.format_value(58.8235, "%", "dt_rate_plan") == "59%"
    assert pages.format_value(94.3463, "%", "hs_rate_early") == "94,35%"
    from cchc.report.figures import pct, rate_decimals

    assert pct(58.8235, rate_decimals("dt_rate_plan")) == "59%"


def test_cards_colour_changes_by_what_the_catalogue_says_of_a_rise():
    html = str(pages.headline_cards(_comparison(), ["hs_received", "hs_resolved_late", "hs_rate_early"]))
    assert html.count('class="change neutral"') >= 1  # a volume: grey either way
    assert 'class="change inverse"' in html  # late: a rise is red
    assert 'data-code="hs_rate_early"' in html and html.count('class="change"') >= 1


@pytest.mark.skipif(not any(config.RAW_DIR.glob("ho_so*")), reason="no sample data")
def test_action_items_count_what_the_indicators_count_and_name_the_oldest():
    from cchc.indicators import compute
    from cchc.loading import load_data
    from cchc.periods import parse_period

    frames, period = load_data(config.RAW_DIR).frames, parse_period("2022-H1")
    items = views.action_items(frames, period).set_index("kind")
    table = compute(frames, period)
    totals = table[table["dimension"].astype("string").fillna("") == ""].set_index("code")["value"]
    assert list(items["count"]) == [int(totals["hs_pending_overdue"]), int(totals["nv_in_progress_overdue"])]
    assert items.loc["nhiệm vụ", "days"] == max(views.overdue_tasks(frames["nhiem_vu"], period)["days"])
    block = pages.action_block(items.reset_index()).html
    assert "Cần xử lý" in block and "Không có hồ sơ quá hạn." in block and 'class="action urgent"' in block


def test_key_figure_tables_say_what_they_list():
    from cchc.tables import html_table

    table = pd.DataFrame(
        {
            "code": ["hs_received", "nv_total"],
            "dimension": "",
            "group": "",
            "value": [10593.0, 12],
            "unit": "hồ sơ",
            "label": ["Tiếp nhận", "Tổng số"],
        }
    )
    rows = pages.indicator_rows(table, ["hs_received"])
    assert "<caption>Các chỉ tiêu về hồ sơ thủ tục hành chính</caption>" in html_table(rows).html
    mixed = pages.indicator_rows(table, ["hs_received", "nv_total"])
    assert mixed.attrs["caption"] == "Các chỉ tiêu trong kỳ"
