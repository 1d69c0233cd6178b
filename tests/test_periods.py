"""Period codes, labels, dates, neighbours, relative codes and the two cut-off conventions."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.periods import Period, PeriodError, months_in, parse_period, periods_covering

D = dt.date


@pytest.mark.parametrize(
    "code, kind, start, end, label",
    [
        ("2022", "year", D(2022, 1, 1), D(2022, 12, 31), "Năm 2022"),
        ("2022-H1", "half", D(2022, 1, 1), D(2022, 6, 30), "06 tháng đầu năm 2022"),
        ("2022-H2", "half", D(2022, 7, 1), D(2022, 12, 31), "06 tháng cuối năm 2022"),
        ("2022-Q1", "quarter", D(2022, 1, 1), D(2022, 3, 31), "Quý I/2022"),
        ("2022-Q4", "quarter", D(2022, 10, 1), D(2022, 12, 31), "Quý IV/2022"),
        ("2022-9M", "nine_months", D(2022, 1, 1), D(2022, 9, 30), "09 tháng đầu năm 2022"),
        ("2022-09", "month", D(2022, 9, 1), D(2022, 9, 30), "Tháng 9/2022"),
        ("2024-02", "month", D(2024, 2, 1), D(2024, 2, 29), "Tháng 2/2024"),
        (
            "2022-01-15..2022-03-31",
            "range",
            D(2022, 1, 15),
            D(2022, 3, 31),
            "Từ ngày 15/01/2022 đến ngày 31/03/2022",
        ),
    ],
)
def test_calendar_codes(code, kind, start, end, label):
    p = parse_period(code, cutoff="calendar")
    assert (p.code, p.kind, p.start, p.end, p.label, p.cutoff) == (code, kind, start, end, label, "calendar")
    assert p.range_label == f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def test_codes_are_normalised_and_a_period_passes_through():
    p = parse_period(" 2022-h1 ", cutoff="calendar")
    assert p.code == "2022-H1"
    assert parse_period("2022-q3").code == "2022-Q3"
    assert parse_period("2022-9m").code == "2022-9M"
    assert parse_period("2022-9").code == "2022-09"
    assert parse_period(p) is p
    assert isinstance(p, Period)


@pytest.mark.parametrize(
    "code, start, end",
    [
        ("2022-09", D(2022, 8, 15), D(2022, 9, 14)),
        ("2022-01", D(2021, 12, 15), D(2022, 1, 14)),
        ("2022-Q1", D(2021, 12, 15), D(2022, 3, 14)),
        ("2022-Q3", D(2022, 6, 15), D(2022, 9, 14)),
        ("2022-H1", D(2021, 12, 15), D(2022, 6, 14)),
        ("2022-H2", D(2022, 6, 15), D(2022, 12, 14)),
        ("2022-9M", D(2021, 12, 15), D(2022, 9, 14)),
        ("2022", D(2021, 12, 15), D(2022, 12, 14)),
        ("2022-01-15..2022-03-31", D(2022, 1, 15), D(2022, 3, 31)),  # explicit ranges are as written
    ],
)
def test_decree09_cutoff(code, start, end):
    p = parse_period(code, cutoff="decree09")
    assert (p.start, p.end, p.cutoff) == (start, end, "decree09")


def test_decree09_label_says_which_dates_apply():
    p = parse_period("2022-H1", cutoff="decree09")
    assert p.label == "06 tháng đầu năm 2022 (số liệu từ 15/12/2021 đến 14/06/2022)"
    assert p.range_label == "Từ ngày 15/12/2021 đến ngày 14/06/2022"
    assert (
        parse_period("2022-01-15..2022-03-31", cutoff="decree09").label
        == "Từ ngày 15/01/2022 đến ngày 31/03/2022"
    )


@pytest.mark.parametrize(
    "code, previous, year_earlier",
    [
        ("2022", "2021", "2021"),
        ("2022-H1", "2021-H2", "2021-H1"),
        ("2022-H2", "2022-H1", "2021-H2"),
        ("2022-Q1", "2021-Q4", "2021-Q1"),
        ("2022-Q3", "2022-Q2", "2021-Q3"),
        ("2022-01", "2021-12", "2021-01"),
        ("2022-09", "2022-08", "2021-09"),
        ("2022-9M", "2021-04-01..2021-12-31", "2021-9M"),
        ("2022-01-11..2022-01-20", "2022-01-01..2022-01-10", "2021-01-11..2021-01-20"),
        ("2024-02-29..2024-03-01", "2024-02-27..2024-02-28", "2023-02-28..2023-03-01"),
    ],
)
def test_previous_and_year_earlier(code, previous, year_earlier):
    p = parse_period(code, cutoff="calendar")
    assert p.previous().code == previous
    assert p.year_earlier().code == year_earlier
    assert p.previous().end == p.start - dt.timedelta(days=1)


def test_neighbours_keep_the_cutoff():
    p = parse_period("2022-Q1", cutoff="decree09")
    assert p.previous().cutoff == "decree09"
    assert (p.previous().start, p.previous().end) == (D(2021, 9, 15), D(2021, 12, 14))
    assert p.year_earlier().start == D(2020, 12, 15)
    nine = parse_period("2022-9M", cutoff="decree09").previous()
    assert (nine.start, nine.end) == (D(2021, 3, 15), D(2021, 12, 14))


@pytest.mark.parametrize(
    "code, today, expected",
    [
        ("previous-month", D(2022, 7, 10), "2022-06"),
        ("previous-month", D(2022, 1, 1), "2021-12"),
        ("previous-quarter", D(2022, 7, 10), "2022-Q2"),
        ("previous-quarter", D(2022, 2, 10), "2021-Q4"),
        ("previous-half", D(2022, 7, 1), "2022-H1"),
        ("previous-half", D(2022, 6, 30), "2021-H2"),
        ("previous-year", D(2022, 3, 3), "2021"),
        ("year-to-date", D(2022, 7, 10), "2022-01-01..2022-07-10"),
        ("Previous-Quarter", D(2022, 7, 10), "2022-Q2"),
    ],
)
def test_relative_codes_calendar(code, today, expected):
    assert parse_period(code, today=today, cutoff="calendar").code == expected


def test_relative_codes_decree09_take_the_latest_ended_period():
    # 20/06/2022: the decree09 month 2022-06 (15/05-14/06) has ended.
    assert parse_period("previous-month", today=D(2022, 6, 20), cutoff="decree09").code == "2022-06"
    assert parse_period("previous-month", today=D(2022, 6, 10), cutoff="decree09").code == "2022-05"
    assert parse_period("previous-half", today=D(2022, 6, 15), cutoff="decree09").code == "2022-H1"
    ytd = parse_period("year-to-date", today=D(2022, 12, 20), cutoff="decree09")
    assert (ytd.start, ytd.end) == (D(2022, 12, 15), D(2022, 12, 20))


def test_relative_codes_default_to_the_real_date():
    p = parse_period("previous-year")
    assert p.code == str(dt.date.today().year - 1)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "2022-H3",
        "2022-Q5",
        "2022-13",
        "2022-00",
        "22-H1",
        "H1-2022",
        "2022-02-30..2022-03-01",
        "2022-03-31..2022-01-01",
        "next-month",
        "2022/06",
        None,
        2022,
    ],
)
def test_malformed_codes_list_the_accepted_forms(code):
    with pytest.raises(PeriodError) as info:
        parse_period(code)
    message = str(info.value)
    assert "Mã kỳ báo cáo không hợp lệ" in message and "Invalid period code" in message
    assert "2022-H1" in message and "2022-Q1" in message and "previous-quarter" in message
    assert isinstance(info.value, ValueError)


def test_unknown_cutoff_is_a_period_error():
    with pytest.raises(PeriodError, match="decree09"):
        parse_period("2022", cutoff="fiscal")


def test_months_in():
    assert [m.code for m in months_in("2022-H1", cutoff="calendar")] == [
        "2022-01",
        "2022-02",
        "2022-03",
        "2022-04",
        "2022-05",
        "2022-06",
    ]
    months = months_in(parse_period("2022-Q1", cutoff="decree09"))
    assert [m.code for m in months] == ["2022-01", "2022-02", "2022-03"]
    assert months[0].start == D(2021, 12, 15) and months[-1].end == D(2022, 3, 14)
    assert [m.code for m in months_in("2022-01-15..2022-03-02", cutoff="calendar")] == [
        "2022-01",
        "2022-02",
        "2022-03",
    ]


def test_periods_covering():
    quarters = periods_covering(D(2021, 1, 1), D(2023, 6, 30), "quarter", cutoff="calendar")
    assert [q.code for q in quarters][:2] == ["2021-Q1", "2021-Q2"] and quarters[-1].code == "2023-Q2"
    assert len(quarters) == 10
    months = periods_covering(D(2021, 1, 1), D(2023, 6, 30), "month", cutoff="calendar")
    assert len(months) == 30
    assert [p.code for p in periods_covering(D(2021, 1, 5), D(2022, 7, 3), "half", cutoff="calendar")] == [
        "2021-H2",
        "2022-H1",
    ]
    assert [
        p.code
        for p in periods_covering(D(2021, 1, 5), D(2022, 7, 3), "half", cutoff="calendar", partial=True)
    ] == ["2021-H1", "2021-H2", "2022-H1", "2022-H2"]
    assert [p.code for p in periods_covering(D(2021, 1, 1), D(2022, 12, 31), "year", cutoff="calendar")] == [
        "2021",
        "2022",
    ]
    assert periods_covering(D(2022, 1, 1), D(2021, 1, 1), "year") == []


def test_phrase_is_lower_case_and_following_names_the_next_period():
    from cchc.periods import parse_period as pp

    assert pp("2022-Q3").phrase == "quý III/2022" and pp("2023-05").phrase == "tháng 5/2023"
    assert pp("2022").phrase == "năm 2022" and pp("2022-9M").label == "09 tháng đầu năm 2022"
    assert pp("2022-02-10..2022-04-20").phrase == "từ ngày 10/02/2022 đến ngày 20/04/2022"
    assert [
        pp(c).following().code
        for c in ("2022-H1", "2022-H2", "2022-Q3", "2022-Q4", "2022-9M", "2022", "2023-05", "2023-12")
    ] == ["2022-H2", "2023-H1", "2022-Q4", "2023-Q1", "2022-Q4", "2023", "2023-06", "2024-01"]
    assert pp("2022-02-10..2022-04-20").following().code == "2022-04-21..2022-06-29"
    assert pp("2021-H2").end_phrase == "ngày 31/12/2021"
    assert pp("2022-H1", cutoff="decree09").following().start.isoformat() == "2022-06-15"
