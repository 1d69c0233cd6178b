"""Domain warnings (cchc.quality): one test per rule, hand-made frames, hand-computed answers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.contract import DATASETS
from cchc.quality import audit_frames, catalogue_parts
from cchc.validation import empty_frame

TODAY = dt.date(2023, 1, 1)
D = pd.Timestamp


def frame(name: str, rows: list[dict], *, file: str | None = None, sheet: str | None = None) -> pd.DataFrame:
    """A typed frame like ``load_data`` returns; provenance row numbers start at 2."""
    template = empty_frame(DATASETS[name])
    data = {c: [r.get(c) for r in rows] for c in template.columns}
    out = pd.DataFrame(data)
    out["source_file"] = [r.get("source_file", file or f"{name}.xlsx") for r in rows]
    out["source_sheet"] = [r.get("source_sheet", sheet if sheet is not None else name) for r in rows]
    out["source_row"] = [r.get("source_row", i + 2) for i, r in enumerate(rows)]
    for column, dtype in template.dtypes.items():
        if pd.api.types.is_bool_dtype(dtype):
            out[column] = [v is not None and bool(v) for v in out[column]]
        out[column] = out[column].astype(dtype)
    return out


def dossier(i: int, received: str, due: str | None = None, resolved: str | None = None, **kw) -> dict:
    return {
        "dossier_id": f"HS{i}",
        "field": "Đất đai",
        "received_date": D(received),
        "due_date": D(due) if due else pd.NaT,
        "resolved_date": D(resolved) if resolved else pd.NaT,
        **kw,
    }


def codes(problems) -> list[tuple[str, int, str]]:
    return [(p.code, p.row, p.column) for p in problems]


# --- ho_so ------------------------------------------------------------------


def test_resolved_before_received_is_flagged_same_day_and_later_are_not():
    ho_so = frame(
        "ho_so",
        [
            dossier(1, "2022-03-10", resolved="2022-03-01"),  # row 2: 9 days before -> warn
            dossier(2, "2022-03-10", resolved="2022-03-10"),  # row 3: same day -> fine
            dossier(3, "2022-03-10"),  # row 4: not resolved -> fine
            dossier(4, "2022-03-10", resolved="2022-03-11"),  # row 5: fine
        ],
    )
    (p,) = audit_frames({"ho_so": ho_so}, today=TODAY)
    assert (p.severity, p.code, p.dataset) == ("warning", "resolved_before_received", "ho_so")
    assert (p.file, p.sheet, p.row, p.column, p.value) == (
        "ho_so.xlsx",
        "ho_so",
        2,
        "Ngày có kết quả",
        "01/03/2022",
    )
    assert "trước ngày tiếp nhận (10/03/2022)" in p.message_vi
    assert "before it was received (10/03/2022)" in p.message_en


def test_due_before_received_is_flagged_same_day_is_not():
    ho_so = frame(
        "ho_so",
        [
            dossier(1, "2022-03-10", due="2022-03-10"),  # row 2: fine
            dossier(2, "2022-03-10", due="2022-03-09"),  # row 3: warn
        ],
    )
    (p,) = audit_frames({"ho_so": ho_so}, today=TODAY)
    assert (p.code, p.row, p.column, p.value) == ("due_before_received", 3, "Ngày hẹn trả", "09/03/2022")
    assert "Ngày hẹn trả (09/03/2022) trước ngày tiếp nhận (10/03/2022)" in p.message_vi


def test_time_limit_longer_than_a_year():
    ho_so = frame(
        "ho_so",
        [
            dossier(1, "2022-01-01", due="2023-01-01"),  # 365 days: fine
            dossier(2, "2022-01-01", due="2023-01-02"),  # 366 days: warn
            dossier(3, "2022-01-01"),  # no time limit: fine
        ],
    )
    (p,) = audit_frames({"ho_so": ho_so}, today=dt.date(2024, 1, 1))
    assert (p.code, p.row, p.column, p.value) == ("long_time_limit", 3, "Ngày hẹn trả", "02/01/2023")
    assert "366 ngày" in p.message_vi and "366 days" in p.message_en


# --- nhiem_vu ---------------------------------------------------------------


def test_task_completed_before_assigned():
    tasks = frame(
        "nhiem_vu",
        [
            {
                "task_id": "NV1",
                "title": "a",
                "source": "UBND tỉnh",
                "assigned_date": D("2022-02-01"),
                "completed_date": D("2022-01-31"),
            },  # row 2: warn
            {
                "task_id": "NV2",
                "title": "b",
                "source": "UBND tỉnh",
                "assigned_date": D("2022-02-01"),
                "completed_date": D("2022-02-01"),
            },  # row 3: same day, fine
            {"task_id": "NV3", "title": "c", "source": "UBND tỉnh", "assigned_date": D("2022-02-01")},
        ],
        file="nhiem_vu_2022.csv",
        sheet="",
    )
    (p,) = audit_frames({"nhiem_vu": tasks}, today=TODAY)
    assert (p.code, p.file, p.sheet, p.row, p.column, p.value) == (
        "completed_before_assigned",
        "nhiem_vu_2022.csv",
        "",
        2,
        "Ngày hoàn thành",
        "31/01/2022",
    )
    assert "trước ngày giao (01/02/2022)" in p.message_vi and "assigned (01/02/2022)" in p.message_en


# --- dates in the future / before 2000 --------------------------------------


def test_dates_in_the_future_but_not_deadlines():
    today = dt.date(2022, 6, 30)
    ho_so = frame(
        "ho_so",
        [
            dossier(1, "2022-06-30", due="2022-12-31"),  # received today, deadline ahead: fine
            dossier(2, "2022-07-01"),  # received tomorrow: warn
        ],
    )
    docs = frame("van_ban", [{"direction": "Đi", "date": D("2030-01-01"), "form": "Giấy"}])
    (p1, p2) = audit_frames({"ho_so": ho_so, "van_ban": docs}, today=today)
    assert (p1.code, p1.dataset, p1.row, p1.column, p1.value) == (
        "future_date",
        "ho_so",
        3,
        "Ngày tiếp nhận",
        "01/07/2022",
    )
    assert "30/06/2022" in p1.message_vi
    assert (p2.code, p2.dataset, p2.row, p2.column, p2.value) == (
        "future_date",
        "van_ban",
        2,
        "Ngày",
        "01/01/2030",
    )


def test_future_defaults_to_the_real_date():
    docs = frame(
        "van_ban",
        [
            {"direction": "Đi", "date": D("2200-01-01"), "form": "Giấy"},
            {"direction": "Đi", "date": D("2021-01-01"), "form": "Giấy"},
        ],
    )
    assert codes(audit_frames({"van_ban": docs})) == [("future_date", 2, "Ngày")]


def test_dates_before_2000():
    people = frame(
        "dao_tao",
        [
            {"staff_id": "CB1", "course": "Tin học", "sent_date": D("1999-12-31")},  # warn
            {"staff_id": "CB2", "course": "Tin học", "sent_date": D("2000-01-01")},  # fine
        ],
    )
    (p,) = audit_frames({"dao_tao": people}, today=TODAY)
    assert (p.code, p.row, p.column, p.value) == ("date_before_2000", 2, "Ngày cử đi", "31/12/1999")
    assert "trước năm 2000" in p.message_vi and "before 2000" in p.message_en


# --- chi_tieu ---------------------------------------------------------------


def figure(period: str, code: str, value: float, **kw) -> dict:
    return {"period": period, "code": code, "label": code, "value": value, **kw}


def test_key_figure_given_twice_with_different_values():
    figures = frame(
        "chi_tieu",
        [
            figure("2022-H1", "ct_web_posts", 422),  # row 2: the reference
            figure("2022-H1", "ct_web_posts", 422),  # row 3: same value: fine
            figure("2022-H1", "ct_web_posts", 420),  # row 4: warn
            figure("2022-H2", "ct_web_posts", 300),  # another period: fine
            figure("2022-H1", "ct_web_news", 420),  # another code: fine
        ],
    )
    (p,) = audit_frames({"chi_tieu": figures}, today=TODAY, parts={})
    assert (p.code, p.row, p.column, p.value) == ("key_figure_conflict", 4, "Giá trị", "420")
    assert "ct_web_posts" in p.message_vi and "2022-H1" in p.message_vi
    assert "đã có 422 ở tệp chi_tieu.xlsx dòng 2" in p.message_vi
    assert "already 422 in file chi_tieu.xlsx row 2" in p.message_en


def test_key_figure_conflict_across_files_names_the_first_file():
    a = frame("chi_tieu", [figure("2022-H1", "ct_it_spending", 6313329686)], file="chi_tieu_a.csv")
    b = frame("chi_tieu", [figure("2022-H1", "ct_it_spending", 6313329.686)], file="chi_tieu_b.csv")
    (p,) = audit_frames({"chi_tieu": pd.concat([a, b], ignore_index=True)}, today=TODAY, parts={})
    assert (p.file, p.value) == ("chi_tieu_b.csv", "6.313.329,686")
    assert "6.313.329.686 ở tệp chi_tieu_a.csv dòng 2" in p.message_vi


def test_parts_that_do_not_add_up_to_their_total():
    staff = ["ct_staff_admin", "ct_staff_public_service", "ct_staff_contract_service", "ct_staff_contract_68"]
    rows = [figure("2022-H1", "ct_staff_quota", 101)]  # row 2
    rows += [figure("2022-H1", c, v) for c, v in zip(staff, (61, 19, 2, 19))]  # 101: fine
    rows += [figure("2022-H2", "ct_staff_quota", 100)]  # row 7: warn
    rows += [figure("2022-H2", c, v) for c, v in zip(staff, (61, 19, 2, 19))]  # 101
    rows += [figure("2023-H1", "ct_staff_quota", 90)]  # a part missing:
    rows += [figure("2023-H1", c, v) for c, v in zip(staff[:3], (61, 19, 2))]  # not checked
    (p,) = audit_frames({"chi_tieu": frame("chi_tieu", rows)}, today=TODAY)
    assert (p.code, p.row, p.column, p.value) == ("parts_mismatch", 7, "Giá trị", "100")
    assert p.message_vi == (
        "Tổng ct_staff_quota = 100 nhưng các thành phần cộng lại = 101 "
        "(ct_staff_admin 61 + ct_staff_public_service 19 + "
        "ct_staff_contract_service 2 + ct_staff_contract_68 19)."
    )
    assert "but its parts add up to 101" in p.message_en


def test_parts_use_an_explicit_mapping_and_the_last_value_of_a_repeated_part():
    rows = [
        figure("2022", "t", 10),
        figure("2022", "a", 3),
        figure("2022", "b", 6),
        figure("2022", "b", 7),
    ]  # b repeated: 7 is used -> 3 + 7 = 10 fine; conflict warned
    found = audit_frames({"chi_tieu": frame("chi_tieu", rows)}, today=TODAY, parts={"t": ("a", "b")})
    assert codes(found) == [("key_figure_conflict", 5, "Giá trị")]


def test_catalogue_parts_come_from_the_catalogue_file():
    parts = catalogue_parts()
    assert parts["ct_staff_quota"] == (
        "ct_staff_admin",
        "ct_staff_public_service",
        "ct_staff_contract_service",
        "ct_staff_contract_68",
    )
    assert parts["ct_web_posts"] == ("ct_web_news", "ct_web_articles")


def test_catalogue_parts_ignore_rows_without_parts_and_other_families(tmp_path):
    path = tmp_path / "catalogue.csv"
    path.write_text(
        "code,family,label,unit,definition,parts\n"
        "ct_t,chi_tieu,T,x,d,ct_a ct_b\nct_a,chi_tieu,A,x,d,\n"
        "hs_total,ho_so,H,x,d,hs_a hs_b\n",
        encoding="utf-8",
    )
    assert catalogue_parts(path) == {"ct_t": ("ct_a", "ct_b")}


# --- general ----------------------------------------------------------------


def test_clean_frames_and_missing_or_empty_frames_give_nothing():
    ho_so = frame("ho_so", [dossier(1, "2022-01-05", due="2022-01-20", resolved="2022-01-10")])
    assert audit_frames({"ho_so": ho_so}, today=TODAY) == []
    assert audit_frames({}, today=TODAY) == []
    assert audit_frames({name: empty_frame(d) for name, d in DATASETS.items()}, today=TODAY) == []


def test_inputs_are_not_mutated_and_findings_are_sorted():
    ho_so = frame(
        "ho_so", [dossier(1, "2022-03-10", resolved="2022-03-01"), dossier(2, "1999-03-10", due="2001-03-10")]
    )
    tasks = frame(
        "nhiem_vu",
        [
            {
                "task_id": "NV1",
                "title": "a",
                "source": "x",
                "assigned_date": D("2022-02-01"),
                "completed_date": D("2022-01-01"),
            }
        ],
    )
    before = {"ho_so": ho_so.copy(deep=True), "nhiem_vu": tasks.copy(deep=True)}
    found = audit_frames({"nhiem_vu": tasks, "ho_so": ho_so}, today=TODAY)
    for name, f in before.items():
        pd.testing.assert_frame_equal({"ho_so": ho_so, "nhiem_vu": tasks}[name], f)
    assert [(p.dataset, p.row, p.code) for p in found] == [
        ("ho_so", 2, "resolved_before_received"),
        ("ho_so", 3, "long_time_limit"),  # 731 days
        ("ho_so", 3, "date_before_2000"),
        ("nhiem_vu", 2, "completed_before_assigned"),
    ]
    assert all(p.severity == "warning" for p in found)
    text = found[0].format()
    assert "tệp ho_so.xlsx, trang tính 'ho_so', dòng 2, cột 'Ngày có kết quả'" in text
    assert "(warning: file ho_so.xlsx, sheet 'ho_so', row 2" in text


dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2022, 12, 31))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(dates, st.none() | dates), min_size=1, max_size=30))
def test_resolved_before_received_flags_exactly_the_rows_where_it_holds(pairs):
    ho_so = frame(
        "ho_so",
        [dossier(i, r.isoformat(), resolved=s.isoformat() if s else None) for i, (r, s) in enumerate(pairs)],
    )
    found = [
        p.row for p in audit_frames({"ho_so": ho_so}, today=TODAY) if p.code == "resolved_before_received"
    ]
    assert found == [i + 2 for i, (r, s) in enumerate(pairs) if s is not None and s < r]


@pytest.mark.parametrize("value,text", [(6313329686, "6.313.329.686"), (94.35, "94,35"), (5, "5")])
def test_values_are_written_as_the_reference_writes_numbers(value, text):
    figures = frame("chi_tieu", [figure("2022", "x", 1), figure("2022", "x", value)])
    (p,) = audit_frames({"chi_tieu": figures}, today=TODAY, parts={})
    assert p.value == text
