"""Property tests: parts add up, rates are bounded, "as of" holds, order and file splits do not matter."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc import catalogue
from cchc.indicators import compute
from cchc.periods import parse_period
from frames import make_frame

pytestmark = pytest.mark.slow  # 180 examples of 1-3 compute calls each: tens of seconds
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BASE = dt.date(2021, 10, 1)
PERIODS = ["2022-Q1", "2022-H1", "2022-02", "2022", "2022-01-10..2022-02-20"]


def day(offset: int) -> dt.date:
    return BASE + dt.timedelta(days=offset)


offsets = st.integers(min_value=0, max_value=600)
maybe_offset = st.none() | offsets
groups = st.sampled_from(["Đất đai", "Xây dựng", "Tư pháp", None])


@st.composite
def dossier(draw, after: dt.date | None = None):
    received = draw(offsets)
    if after is not None:
        received = (after - BASE).days + 1 + draw(st.integers(0, 100))
    resolved = draw(st.none() | st.integers(0, 60))
    due = draw(st.none() | st.integers(0, 40))
    return dict(
        dossier_id=f"D{draw(st.integers(0, 10**9))}",
        field=draw(groups),
        unit=draw(st.sampled_from(["P1", "P2", None])),
        channel=draw(st.sampled_from(["Trực tuyến", "Trực tiếp", "Bưu chính", None])),
        received_date=day(received),
        due_date=None if due is None else day(received + due),
        resolved_date=None if resolved is None else day(received + resolved),
        status=draw(st.sampled_from(["Rút hồ sơ", "Đã trả kết quả", None])),
    )


@st.composite
def task(draw, after: dt.date | None = None):
    assigned = draw(offsets)
    if after is not None:
        assigned = (after - BASE).days + 1 + draw(st.integers(0, 100))
    done = draw(st.none() | st.integers(0, 120))
    due = draw(st.none() | st.integers(0, 90))
    return dict(
        task_id=f"T{draw(st.integers(0, 10**9))}",
        title="x",
        source=draw(st.sampled_from(["Chính phủ", "UBND tỉnh", "Văn phòng"])),
        assigning_doc=draw(st.sampled_from(["1147/KH-VP", "248/KH-UBND", None])),
        assigned_date=day(assigned),
        due_date=None if due is None else day(assigned + due),
        completed_date=None if done is None else day(assigned + done),
    )


@st.composite
def document(draw, after: dt.date | None = None):
    date = draw(offsets)
    if after is not None:
        date = (after - BASE).days + 1 + draw(st.integers(0, 100))
    return dict(
        direction=draw(st.sampled_from(["Đi", "Đến"])),
        date=day(date),
        form=draw(st.sampled_from(["Giấy", "Điện tử", "Điện tử kèm giấy"])),
        signed=draw(st.booleans()),
        unit=draw(st.sampled_from(["P1", "P2", "P3", None])),
    )


@st.composite
def training(draw, after: dt.date | None = None):
    sent = draw(maybe_offset)
    done = draw(st.none() | st.integers(0, 60))
    plan = draw(st.sampled_from([2021, 2022, 2023, None]))
    if after is not None:  # every date after E and a later (or no) plan year
        sent = (after - BASE).days + 1 + draw(st.integers(0, 100))
        plan = draw(st.sampled_from([after.year + 1, None]))
    return dict(
        staff_id=str(draw(st.integers(0, 50))),
        course="x",
        training_type=draw(st.sampled_from(["Đào tạo", "Bồi dưỡng", None])),
        plan_year=plan,
        sent_date=None if sent is None else day(sent),
        completed_date=None if sent is None or done is None else day(sent + done),
    )


def frames_of(rows: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    return {name: make_frame(name, r) for name, r in rows.items()}


def datasets(after: dt.date | None = None, min_size: int = 0):
    return st.fixed_dictionaries(
        {
            "ho_so": st.lists(dossier(after), min_size=min_size, max_size=25),
            "nhiem_vu": st.lists(task(after), min_size=min_size, max_size=15),
            "van_ban": st.lists(document(after), min_size=min_size, max_size=20),
            "dao_tao": st.lists(training(after), min_size=min_size, max_size=12),
        }
    )


PARTS = {total: parts for total, parts in catalogue.parts().items() if not total.startswith("ct_")}


@SETTINGS
@given(rows=datasets(), period=st.sampled_from(PERIODS))
def test_parts_add_up_and_rates_are_bounded(rows, period):
    table = compute(frames_of(rows), period, cutoff="calendar")
    assert PARTS  # the catalogue drives this test
    wide = table.pivot_table(
        index=["dimension", "group"], columns="code", values="value", aggfunc="first", dropna=False
    )
    for total, parts in PARTS.items():
        rows_of_family = wide[total].notna()  # a family's codes share its totals and groups
        assert rows_of_family.any()
        sub = wide[rows_of_family]
        assert sub[list(parts)].notna().all().all()
        np.testing.assert_array_equal(
            sub[total].to_numpy(), sub[list(parts)].sum(axis=1).to_numpy(), err_msg=total
        )
    hs = wide[wide["hs_received"].notna()]
    np.testing.assert_array_equal(hs["hs_received"], hs["hs_carried_over"] + hs["hs_new"])
    rates = table[(table["unit"] == "%") & ~table["code"].str.startswith("ct_")]
    values = rates["value"].to_numpy()
    ok = np.isnan(values) | ((values >= 0) & (values <= 100))
    assert ok.all()
    # empty exactly when the denominator is 0
    np.testing.assert_array_equal(np.isnan(values), rates["denominator"].to_numpy() == 0)
    counts = table[(table["unit"] != "%") & ~table["code"].str.startswith("ct_")]["value"]
    assert (counts >= 0).all() and (counts == counts.round()).all()


@SETTINGS
@given(rows=datasets(), period=st.sampled_from(PERIODS), data=st.data())
def test_records_dated_after_the_period_change_nothing(rows, period, data):
    end = parse_period(period, cutoff="calendar").end
    later = data.draw(datasets(after=end, min_size=1))
    before = compute(frames_of(rows), period, cutoff="calendar")
    after = compute(frames_of({k: rows[k] + later[k] for k in rows}), period, cutoff="calendar")
    pd.testing.assert_frame_equal(before, after)


@SETTINGS
@given(rows=datasets(), period=st.sampled_from(PERIODS), seed=st.integers(0, 2**32 - 1), data=st.data())
def test_row_order_and_file_splits_do_not_matter(rows, period, seed, data):
    frames = frames_of(rows)
    expected = compute(frames, period, cutoff="calendar")
    rng = np.random.default_rng(seed)
    shuffled = {k: f.iloc[rng.permutation(len(f))].reset_index(drop=True) for k, f in frames.items()}
    pd.testing.assert_frame_equal(compute(shuffled, period, cutoff="calendar"), expected)
    split = {}
    for name, frame in frames.items():
        cut = data.draw(st.integers(0, len(frame)))
        split[name] = pd.concat([frame.iloc[cut:], frame.iloc[:cut]], ignore_index=True)
    pd.testing.assert_frame_equal(compute(split, period, cutoff="calendar"), expected)
