"""The sample-data generator: reproducibility, the 2022-H1 reference figures, privacy.

Figures are counted directly with explicit boolean masks that follow the
definitions of the indicator issue (as of the period end E, period start S),
independently of :mod:`cchc.indicators`.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from cchc.config import CATALOGUE_FILE, PROJECT_ROOT
from cchc.contract import DATASETS
from cchc.loading import load_data
from cchc.reading import discover
from cchc.sample import MARKER, SampleTargetError, build_sample, write_sample

pytestmark = pytest.mark.slow  # generates the whole sample several times (seconds each)
COMMITTED = PROJECT_ROOT / "data" / "raw"
S, E = pd.Timestamp("2022-01-01"), pd.Timestamp("2022-06-30")
GOV = ("Chính phủ", "Thủ tướng Chính phủ")
HALF_YEARS = {
    "2021-H1": ("2021-01-01", "2021-06-30"),
    "2021-H2": ("2021-07-01", "2021-12-31"),
    "2022-H1": ("2022-01-01", "2022-06-30"),
    "2022-H2": ("2022-07-01", "2022-12-31"),
    "2023-H1": ("2023-01-01", "2023-06-30"),
}

#: The reference report's figures for 2022-H1 (issue 2).
EXPECTED_H1 = {
    "hs_received": 566,
    "hs_carried_over": 0,
    "hs_new": 566,
    "hs_resolved": 566,
    "hs_resolved_early": 534,
    "hs_resolved_on_time": 32,
    "hs_resolved_late": 0,
    "hs_pending": 0,
    "hs_dat_dai_received": 127,
    "hs_dat_dai_resolved": 127,
    "hs_dat_dai_late": 0,
    "hs_xay_dung_received": 13,
    "hs_xay_dung_resolved": 13,
    "hs_xay_dung_late": 0,
    "hs_dau_tu_received": 0,
    "nv_gov_total": 57,
    "nv_gov_completed": 17,
    "nv_gov_completed_on_time": 12,
    "nv_gov_completed_late": 5,
    "nv_gov_in_progress": 40,
    "nv_gov_in_progress_overdue": 7,
    "nv_1147_total": 14,
    "nv_1147_completed": 13,
    "nv_248_total": 3,
    "nv_248_completed": 2,
    "nv_248_not_due": 1,
    "nv_39_total": 5,
    "nv_39_in_progress": 5,
    "nv_174_total": 13,
    "nv_174_no_deadline": 13,
    "vb_out": 10593,
    "vb_out_paper": 0,
    "vb_out_electronic": 8817,
    "vb_out_electronic_with_paper": 1776,
    "vb_out_signed": 10593,
    "vb_in": 19260,
    "vb_in_paper": 2684,
    "vb_in_electronic": 12567,
    "vb_in_electronic_with_paper": 4009,
    "vb_units_electronic": 9,
    "dt_planned": 51,
    "dt_sent": 30,
}

#: Key figures of the reference for 2022-H1, by code.
EXPECTED_KEY_FIGURES_H1 = {
    "ct_cchc_docs_issued": 16,
    "ct_units_inspected": 5,
    "ct_units_total": 9,
    "ct_propaganda_sessions": 1,
    "ct_propaganda_attendees": 45,
    "ct_initiatives_registered": 16,
    "ct_initiatives_cchc": 3,
    "ct_legal_docs_issued": 12,
    "ct_legal_docs_received": 269,
    "ct_procedures_total": 372,
    "ct_procedure_fields": 66,
    "ct_procedures_new": 40,
    "ct_procedures_amended": 14,
    "ct_procedures_abolished": 54,
    "ct_feedback_received": 0,
    "ct_feedback_accounts": 48,
    "ct_org_departments": 6,
    "ct_org_boards": 1,
    "ct_org_centres": 1,
    "ct_org_public_units": 1,
    "ct_staff_quota": 101,
    "ct_staff_admin": 61,
    "ct_staff_public_service": 19,
    "ct_staff_contract_service": 2,
    "ct_staff_contract_68": 19,
    "ct_appointment_decisions": 3,
    "ct_appointment_cases": 10,
    "ct_salary_raise_early": 1,
    "ct_salary_raise_regular": 1,
    "ct_disciplined": 0,
    "ct_it_trainees_province": 68,
    "ct_it_trainees_district": 354,
    "ct_accounts_granted": 505,
    "ct_public_services_integrated": 1278,
    "ct_web_posts": 422,
    "ct_web_news": 397,
    "ct_web_articles": 25,
    "ct_web_royalties": 61935128,
    "ct_it_spending": 6313329686,
    "ct_email_usage_rate": 100,
    "ct_iso_items_done": 9,
    "ct_iso_items_total": 21,
    "ct_iso_processes_new": 40,
    "ct_iso_processes_amended": 14,
    "ct_satisfaction_rate": 100,
    "ct_reception_computers": 2,
    "ct_reception_printers": 2,
    "ct_reception_scanners": 2,
}


# --- counting with explicit masks ---------------------------------------------------


def dossier_masks(hs: pd.DataFrame, start, end) -> dict[str, pd.Series]:
    """Masks over the non-withdrawn dossiers, as of ``end``."""
    d = hs[hs["status"].ne("Rút hồ sơ")]
    scope = (d["received_date"] <= end) & ~(d["resolved_date"] < start)
    resolved = scope & (d["resolved_date"] >= start) & (d["resolved_date"] <= end)
    return {
        "frame": d,
        "scope": scope,
        "carried_over": scope & (d["received_date"] < start),
        "resolved": resolved,
        "early": resolved & (d["resolved_date"] < d["due_date"]),
        "on_time": resolved & ((d["resolved_date"] == d["due_date"]) | d["due_date"].isna()),
        "late": resolved & (d["resolved_date"] > d["due_date"]),
        "pending": scope & ~(d["resolved_date"] <= end),
        "pending_overdue": scope & ~(d["resolved_date"] <= end) & (d["due_date"] < end),
    }


def task_masks(nv: pd.DataFrame, start, end) -> dict[str, pd.Series]:
    scope = (nv["assigned_date"] <= end) & ~(nv["completed_date"] < start)
    completed = scope & (nv["completed_date"] >= start) & (nv["completed_date"] <= end)
    in_progress = scope & ~(nv["completed_date"] <= end)
    return {
        "scope": scope,
        "completed": completed,
        "on_time": completed & ((nv["completed_date"] <= nv["due_date"]) | nv["due_date"].isna()),
        "late": completed & (nv["completed_date"] > nv["due_date"]),
        "in_progress": in_progress,
        "overdue": in_progress & (nv["due_date"] < end),
        "not_due": in_progress & (nv["due_date"] >= end),
        "no_deadline": in_progress & nv["due_date"].isna(),
    }


def figures_h1(frames: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Every record-based figure of the reference for 2022-H1."""
    out: dict[str, int] = {}
    m = dossier_masks(frames["ho_so"], S, E)
    d = m["frame"]
    new = m["scope"] & (d["received_date"] >= S)
    out.update(
        hs_received=m["scope"].sum(),
        hs_carried_over=m["carried_over"].sum(),
        hs_new=new.sum(),
        hs_resolved=m["resolved"].sum(),
        hs_resolved_early=m["early"].sum(),
        hs_resolved_on_time=m["on_time"].sum(),
        hs_resolved_late=m["late"].sum(),
        hs_pending=m["pending"].sum(),
    )
    for key, name in (("dat_dai", "Đất đai"), ("xay_dung", "Xây dựng"), ("dau_tu", "Đầu tư")):
        in_field = d["field"].eq(name)
        out[f"hs_{key}_received"] = (m["scope"] & in_field).sum()
        if key != "dau_tu":
            out[f"hs_{key}_resolved"] = (m["resolved"] & in_field).sum()
            out[f"hs_{key}_late"] = (m["late"] & in_field).sum()

    nv = frames["nhiem_vu"]
    gov = nv["source"].isin(GOV)
    t = task_masks(nv, S, E)
    out.update(
        nv_gov_total=(t["scope"] & gov).sum(),
        nv_gov_completed=(t["completed"] & gov).sum(),
        nv_gov_completed_on_time=(t["on_time"] & gov).sum(),
        nv_gov_completed_late=(t["late"] & gov).sum(),
        nv_gov_in_progress=(t["in_progress"] & gov).sum(),
        nv_gov_in_progress_overdue=(t["overdue"] & gov).sum(),
    )
    plan = nv["assigning_doc"]
    p1147 = plan.eq("1147/KH-VP") & nv["source"].eq("Văn phòng")
    p248 = plan.eq("248/KH-UBND")
    p39, p174 = plan.eq("39/KH-UBND"), plan.eq("174/KH-UBND")
    out.update(
        nv_1147_total=(t["scope"] & p1147).sum(),
        nv_1147_completed=(t["completed"] & p1147).sum(),
        nv_248_total=(t["scope"] & p248).sum(),
        nv_248_completed=(t["completed"] & p248).sum(),
        nv_248_not_due=(t["not_due"] & p248).sum(),
        nv_39_total=(t["scope"] & p39).sum(),
        nv_39_in_progress=(t["in_progress"] & p39).sum(),
        nv_174_total=(t["scope"] & p174).sum(),
        nv_174_no_deadline=(t["no_deadline"] & p174).sum(),
    )

    vb = frames["van_ban"]
    inside = (vb["date"] >= S) & (vb["date"] <= E)
    electronic = vb["form"].isin(["Điện tử", "Điện tử kèm giấy"])
    for key, direction in (("out", "Đi"), ("in", "Đến")):
        mask = inside & vb["direction"].eq(direction)
        out[f"vb_{key}"] = mask.sum()
        out[f"vb_{key}_paper"] = (mask & vb["form"].eq("Giấy")).sum()
        out[f"vb_{key}_electronic"] = (mask & vb["form"].eq("Điện tử")).sum()
        out[f"vb_{key}_electronic_with_paper"] = (mask & vb["form"].eq("Điện tử kèm giấy")).sum()
    out["vb_out_signed"] = (inside & vb["direction"].eq("Đi") & electronic & vb["signed"]).sum()
    out["vb_units_electronic"] = vb.loc[inside & electronic, "unit"].nunique()

    dt_ = frames["dao_tao"]
    planned = dt_["plan_year"].eq(2022).fillna(False)
    out.update(dt_planned=planned.sum(), dt_sent=(planned & (dt_["sent_date"] <= E)).sum())
    return {k: int(v) for k, v in out.items()}


def canonical(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Generator frames with the loader's types where they differ (``signed`` as bool)."""
    out = dict(frames)
    out["van_ban"] = frames["van_ban"].assign(signed=frames["van_ban"]["signed"].eq("Có"))
    return out


def read_key_figures(raw: Path) -> pd.DataFrame:
    """``chi_tieu.xlsx`` read directly with pandas (its sheet ``chi_tieu`` is not the first)."""
    book = pd.ExcelFile(raw / "chi_tieu.xlsx", engine="calamine")
    assert book.sheet_names[0] == "Hướng dẫn" and "chi_tieu" in book.sheet_names
    frame = book.parse("chi_tieu")
    headers = {c.header: c.name for c in DATASETS["chi_tieu"].columns}
    return frame.rename(columns=headers)


# --- fixtures -------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, list[Path]]:
    """One generation into a new folder; the paths returned are the data files only."""
    raw = tmp_path_factory.mktemp("sample") / "raw"
    paths = write_sample(raw)
    return raw, [p for p in paths if p.suffix in (".xlsx", ".csv")]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones included), by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def loaded(generated, tmp_path_factory) -> dict[str, pd.DataFrame]:
    """The generated files through the project's loader.

    Until ``cchc.periods`` exists the loader cannot validate period codes, so
    ``chi_tieu`` is then left out of the loaded folder (it is checked by
    :func:`read_key_figures` either way).
    """
    raw, _ = generated
    try:
        import cchc.periods  # noqa: F401
    except ModuleNotFoundError:
        copy = tmp_path_factory.mktemp("without_chi_tieu") / "raw"
        copy.mkdir()
        for path in raw.glob("*.*"):
            if path.name != "chi_tieu.xlsx":
                shutil.copy2(path, copy / path.name)
        raw = copy
    data = load_data(raw, use_cache=False)
    assert not data.warnings, data.warnings[:3]
    return data.frames


# --- 1. reproducibility -----------------------------------------------------------


def test_generator_reproduces_the_committed_files_byte_for_byte(generated):
    raw, paths = generated
    names = sorted(p.name for p in paths)
    committed, _ = discover(COMMITTED)
    assert sorted(f.path.name for f in committed) == names, "regenerate with `cchc sample`"
    written, bundled = tree(raw), tree(COMMITTED)
    assert sorted(written) == sorted(bundled), "regenerate with `cchc sample`"
    for name in written:
        assert written[name] == bundled[name], name


def test_the_folder_is_complete_and_runnable_with_the_sample_issuer(generated):
    from cchc.settings import load_report_settings

    raw, _ = generated
    assert {"bao_cao.toml", "README.md", "narrative/2022-H1.md", MARKER} <= set(tree(raw))
    assert load_report_settings(raw).org_name == "VĂN PHÒNG UBND TỈNH KIÊN HÒA"


def test_every_dataset_and_the_accepted_formats_are_shown(generated):
    raw, paths = generated
    files, _ = discover(raw)
    assert {f.dataset for f in files} == set(DATASETS)
    assert {p.suffix for p in paths} == {".xlsx", ".csv"} and len(paths) == 9
    assert (raw / "ho_so_2023.csv").read_bytes().startswith(b"\xef\xbb\xbfM")
    assert (raw / "dao_tao.csv").read_bytes().split(b"\r\n")[0].count(b";") == 7
    nhiem_vu = pd.read_excel(raw / "nhiem_vu.xlsx", header=None, engine="calamine")
    assert nhiem_vu.iloc[1, 0] == "DANH SÁCH NHIỆM VỤ ĐƯỢC GIAO"
    assert {"STT", "Ghi chú", "Mã nhiệm vụ"} <= set(nhiem_vu.iloc[3])


def test_no_temporary_file_is_left_behind(generated):
    raw, paths = generated
    assert all(p.parent == raw for p in paths)
    assert [p.name for p in raw.glob(".*")] == [MARKER]


def _cli_sample(out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cchc.cli", "sample", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("where", ["nhiem_vu.xlsx", "ho_so_2024.xlsx", "narrative/muc_1.md"])
def test_a_folder_with_real_files_is_refused_and_left_untouched(tmp_path, where):
    """Issue 14: `cchc sample` once replaced a real nhiem_vu.xlsx, mixing real and fictional data."""
    real = tmp_path / "raw"
    (real / where).parent.mkdir(parents=True)
    (real / where).write_bytes(b"real export")
    (real / "bao_cao.toml").write_text('ten_co_quan = "Sở thật"\n', encoding="utf-8")
    before = tree(real)
    result = _cli_sample(real)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "Không ghi dữ liệu mẫu" in result.stderr and "Refusing to write the sample" in result.stderr
    assert where in result.stderr and "bao_cao.toml" in result.stderr
    assert tree(real) == before


def test_rewriting_its_own_folder_is_allowed_and_identical(generated, tmp_path):
    raw, _ = generated
    copy = tmp_path / "again"
    shutil.copytree(raw, copy)
    write_sample(copy)
    assert tree(copy) == tree(raw)


def test_one_of_its_files_edited_since_makes_it_refuse(generated, tmp_path):
    raw, _ = generated
    copy = tmp_path / "edited"
    shutil.copytree(raw, copy)
    (copy / "bao_cao.toml").write_text('ten_co_quan = "Sở Nội vụ tỉnh X"\n', encoding="utf-8")
    with pytest.raises(SampleTargetError) as info:
        write_sample(copy)
    assert info.value.foreign == ["bao_cao.toml"]
    assert "Sở Nội vụ" in (copy / "bao_cao.toml").read_text(encoding="utf-8")


def test_total_size_stays_small(generated):
    _, paths = generated
    assert sum(p.stat().st_size for p in paths) < 15_000_000


# --- 2. the reference figures -----------------------------------------------------


def test_loaded_files_give_the_reference_figures_for_2022_h1(loaded):
    assert figures_h1(loaded) == EXPECTED_H1


def test_withdrawn_dossiers_exist_in_2022_h1_besides_the_566(loaded):
    hs = loaded["ho_so"]
    withdrawn = hs["status"].eq("Rút hồ sơ") & hs["received_date"].between(S, E)
    assert 1 <= withdrawn.sum() <= 10


def test_key_figures_of_2022_h1_are_the_reference_numbers(generated, loaded):
    raw, _ = generated
    ct = read_key_figures(raw)
    h1 = ct[ct["period"].eq("2022-H1")].set_index("code")["value"]
    assert h1.to_dict() == EXPECTED_KEY_FIGURES_H1
    if len(loaded["chi_tieu"]):  # through the loader once it can validate period codes
        via_loader = loaded["chi_tieu"].loc[loaded["chi_tieu"]["period"].eq("2022-H1")]
        assert via_loader.set_index("code")["value"].to_dict() == EXPECTED_KEY_FIGURES_H1


def test_key_figures_cover_every_catalogue_code_and_parts_add_up(generated):
    raw, _ = generated
    ct = read_key_figures(raw)
    catalogue = pd.read_csv(CATALOGUE_FILE, dtype=str, keep_default_na=False)
    from cchc.indicators.hand_entered import RATES  # derived from two entered figures, never entered

    catalogue = catalogue[catalogue["family"].eq("chi_tieu") & ~catalogue["code"].isin(list(RATES))]
    assert sorted(ct["period"].unique()) == sorted(HALF_YEARS)
    table = ct.pivot(index="code", columns="period", values="value")
    assert set(table.index) == set(catalogue["code"]) and not table.isna().any().any()
    labels = ct.drop_duplicates("code").set_index("code")["label"]
    assert (labels[catalogue["code"]].to_numpy() == catalogue["label"].to_numpy()).all()
    for code, parts in catalogue.loc[catalogue["parts"].ne(""), ["code", "parts"]].to_numpy():
        assert (table.loc[parts.split()].sum() == table.loc[code]).all(), code
    assert (table.loc["ct_units_inspected"] <= table.loc["ct_units_total"]).all()
    assert (table.loc["ct_iso_items_done"] <= table.loc["ct_iso_items_total"]).all()
    # the other half-years are not copies of 2022-H1
    assert (table["2022-H2"] != table["2022-H1"]).sum() > 25
    assert (table["2023-H1"] != table["2022-H1"]).sum() > 25


@pytest.mark.parametrize("seed", [1, 7, 31337])
def test_any_seed_reproduces_the_reference_figures(seed):
    assert figures_h1(canonical(build_sample(seed))) == EXPECTED_H1


def test_other_periods_tell_a_story(loaded):
    hs, nv, vb = loaded["ho_so"], loaded["nhiem_vu"], loaded["van_ban"]
    online, electronic, received, late, pending, overdue_tasks = {}, {}, {}, {}, {}, {}
    for code, (first, last) in HALF_YEARS.items():
        start, end = pd.Timestamp(first), pd.Timestamp(last)
        m = dossier_masks(hs, start, end)
        d = m["frame"]
        new = m["scope"] & (d["received_date"] >= start)
        received[code] = m["scope"].sum()
        online[code] = (new & d["channel"].eq("Trực tuyến")).sum() / new.sum()
        late[code] = m["late"].sum()
        pending[code] = m["pending"].sum()
        inside = vb["date"].between(start, end)
        electronic[code] = (inside & vb["form"].ne("Giấy")).sum() / inside.sum()
        overdue_tasks[code] = task_masks(nv, start, end)["overdue"].sum()
    codes = list(HALF_YEARS)
    assert all(online[a] < online[b] for a, b in itertools.pairwise(codes))
    assert all(electronic[a] < electronic[b] for a, b in itertools.pairwise(codes))
    assert received["2022-H2"] > received["2022-H1"] + 50
    assert received["2023-H1"] > received["2022-H2"]
    assert all(late[c] > 0 for c in codes if c != "2022-H1")
    assert pending["2022-H2"] > 0 and pending["2023-H1"] > 0
    assert all(overdue_tasks[c] > 0 for c in codes)
    # a dip around Tết: February 2022 and January 2023 are the quietest months of their half-year
    month = hs["received_date"].dt.to_period("M").astype(str)
    by_month = month.value_counts()
    assert by_month["2022-02"] == by_month[[f"2022-0{i}" for i in range(1, 7)]].min()
    assert by_month["2023-01"] == by_month[[f"2023-0{i}" for i in range(1, 7)]].min()
    # unsigned outgoing electronic documents only in 2021
    unsigned = vb["direction"].eq("Đi") & vb["form"].ne("Giấy") & ~vb["signed"]
    assert unsigned.any() and (vb.loc[unsigned, "date"].dt.year == 2021).all()


def test_training_plans_and_unplanned_records(loaded):
    dt_ = loaded["dao_tao"]
    assert 200 <= len(dt_) <= 400
    assert set(dt_["plan_year"].dropna().unique()) == {2021, 2022, 2023}
    assert dt_["plan_year"].isna().sum() > 0
    assert dt_["staff_id"].str.fullmatch(r"CB\d{4}").all()
    sent_later = dt_["plan_year"].eq(2022).fillna(False) & (dt_["sent_date"] > E)
    never = dt_["plan_year"].eq(2022).fillna(False) & dt_["sent_date"].isna()
    assert sent_later.sum() > 0 and never.sum() > 0


# --- 3. nothing real ----------------------------------------------------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<![\d/.])(\+84|0)([\s.\-]?\d){8,10}(?!\d)")
REAL = ("Kiên Giang", "kiengiang", "Lê Minh Hiếu", "Đặng Vũ Bằng", "Khưu Thanh Thế Anh")


def file_texts(path: Path) -> str:
    """Every text a file holds (for xlsx: all XML parts, i.e. strings and properties)."""
    if path.suffix == ".csv":
        return path.read_bytes().decode("utf-8-sig")
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(n).decode("utf-8")
            for n in archive.namelist()
            if n.endswith(".xml") and ("sharedStrings" in n or "docProps" in n)
        )


def test_privacy_patterns_catch_what_they_should():
    assert EMAIL.search("lien he: vanphong@kienhoa.gov.vn")
    assert PHONE.search("ĐT: 0297 3862 123") and PHONE.search("+84 912345678")
    assert not PHONE.search("000.00.01.H99-220105-0001") and not PHONE.search("1147/KH-VP")


def test_no_email_phone_or_real_name_in_any_generated_file(generated):
    _, paths = generated
    for path in paths:
        text = file_texts(path)
        assert len(text) > 1000, path.name
        assert not EMAIL.search(text), (path.name, EMAIL.search(text))
        assert not PHONE.search(text), (path.name, PHONE.search(text))
        for name in REAL:
            assert name not in text, (path.name, name)
