"""vi-VN formatting helpers (Babel ``vi_VN``: group ``.``, decimal ``,``)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from cchc.formatting import (
    PLACEHOLDER,
    fmt_change,
    fmt_count2,
    fmt_date,
    fmt_int,
    fmt_money,
    fmt_number,
    fmt_pct,
    fmt_value,
)


def test_babel_vi_vn_symbols_are_what_we_rely_on():
    from babel.numbers import get_decimal_symbol, get_group_symbol

    assert (get_group_symbol("vi_VN"), get_decimal_symbol("vi_VN")) == (".", ",")


@pytest.mark.parametrize(
    "value, text",
    [
        (10593, "10.593"),
        (10593.0, "10.593"),
        (np.int64(19260), "19.260"),
        (0, "0"),
        (566, "566"),
        (1234567, "1.234.567"),
        (-2500, "-2.500"),
        (2.5, "3"),
        (3.5, "4"),  # half away from zero
    ],
)
def test_fmt_int(value, text):
    assert fmt_int(value) == text


def test_fmt_number():
    assert fmt_number(2.5, 1) == "2,5"
    assert fmt_number(10593.456, 2) == "10.593,46"
    assert fmt_number(1.2, 2) == "1,2"
    assert fmt_number(1.2, 2, trim=False) == "1,20"
    assert fmt_number(10593.0) == "10.593"
    assert fmt_number(2.675, 2) == "2,68"  # decimal half-up, not binary-float 2,67
    assert fmt_number(-0.001, 2) == "0"  # no "-0"
    assert fmt_number(-0.001, 2, trim=False) == "0,00"
    assert fmt_number(7, 0) == "7"


@pytest.mark.parametrize(
    "value, decimals, text",
    [
        (94.3462, 2, "94,35%"),
        (100 * 534 / 566, 2, "94,35%"),
        (100 * 32 / 566, 2, "5,65%"),
        (0, 2, "0%"),
        (100, 2, "100%"),
        (93.0, 2, "93%"),
        (100 * 13 / 14, 0, "93%"),
        (100 * 30 / 51, 0, "59%"),
        (100 * 5 / 9, 1, "55,6%"),
        (12.5, 2, "12,5%"),
        (0.005, 2, "0,01%"),
    ],
)
def test_fmt_pct(value, decimals, text):
    assert fmt_pct(value, decimals) == text


def test_fmt_money_and_date():
    assert fmt_money(6313329686) == "6.313.329.686 đồng"
    assert fmt_money(61935128.0) == "61.935.128 đồng"
    assert fmt_date(dt.date(2022, 3, 31)) == "31/03/2022"
    assert fmt_date(pd.Timestamp("2022-06-30")) == "30/06/2022"
    assert fmt_date(dt.datetime(2021, 1, 5, 13, 0)) == "05/01/2021"
    assert fmt_date("2022-01-02") == "02/01/2022"


def test_fmt_count2():
    assert [fmt_count2(v) for v in (5, 9, 10, 12, 0, 1.0, 1000)] == [
        "05",
        "09",
        "10",
        "12",
        "0",
        "01",
        "1.000",
    ]


def test_fmt_change():
    assert fmt_change(12) == "▲ 12"
    assert fmt_change(-3.5, is_rate=True) == "▼ 3,5 điểm %"
    assert fmt_change(-1.2, is_rate=True) == "▼ 1,2 điểm %"
    assert fmt_change(1500) == "▲ 1.500"
    assert fmt_change(0) == "không đổi"
    assert fmt_change(0.001, is_rate=True) == "không đổi"
    assert fmt_change(2.25) == "▲ 2,25"


def test_fmt_value_dispatches_by_unit():
    assert fmt_value(566.0, "hồ sơ") == "566"
    assert fmt_value(94.3462, "%") == "94,35%"
    assert fmt_value(6313329686.0, "đồng") == "6.313.329.686 đồng"
    assert fmt_value(2.5, "buổi") == "2,5"


@pytest.mark.parametrize("empty", [None, float("nan"), np.nan, pd.NA, pd.NaT])
def test_empty_values_show_the_placeholder(empty):
    assert PLACEHOLDER == "–"
    for func in (fmt_int, fmt_number, fmt_pct, fmt_money, fmt_date, fmt_count2, fmt_change):
        assert func(empty) == PLACEHOLDER
    assert fmt_value(empty, "%") == PLACEHOLDER


def test_vietnamese_alphabetical_order():
    from cchc.formatting import vi_sort_key

    words = [
        "xây dựng",
        "đầu tư",
        "Đất đai",
        "dân tộc",
        "ăn uống",
        "an ninh",
        "âm nhạc",
        "bà",
        "ba",
        "bá",
        "ơn",
        "ôn",
        "on",
        "uy",
        "ưu",
        "(Chưa xác định)",
        "",
        "Giáo dục và Đào tạo",
        "giao thông",
    ]
    assert sorted(words, key=vi_sort_key) == [
        "an ninh",
        "ăn uống",
        "âm nhạc",
        "ba",
        "bà",
        "bá",
        "dân tộc",
        "Đất đai",
        "đầu tư",
        "Giáo dục và Đào tạo",
        "giao thông",
        "on",
        "ôn",
        "ơn",
        "uy",
        "ưu",
        "xây dựng",
        "(Chưa xác định)",
        "",
    ]
    # NFD input sorts like NFC
    import unicodedata

    assert vi_sort_key(unicodedata.normalize("NFD", "Đất đai"))[:3] == vi_sort_key("Đất đai")[:3]
