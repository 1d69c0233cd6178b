"""Real-looking exports (tests/real_exports/): `cchc check`, load_data and the indicators; one full run.

Every case folder under ``tests/real_exports/`` is a data folder built the way
one-stop, e-office and HR systems export (``make_corpus.py`` writes them), with
an ``expected.json`` whose figures the generator computed independently from
its own records. For each case a copy of the folder (without
``expected.json``) is checked in-process with ``cchc.cli.main(["check", …])``:
exit code, the words of the messages, no traceback, raw files unchanged. Then
``load_data`` gives the problem codes (errors raised; warnings and notices
kept) and ``compute`` the figures of each period, compared with the expected
ones total by total and group by group. One session-scoped ``cchc run`` on the
combined office folder checks ``indicators.csv`` and that no personal value
(applicants' names, addresses, phone numbers, staff names and dates of birth)
reaches any published file.
"""

from __future__ import annotations

import collections
import contextlib
import csv
import hashlib
import html
import importlib.util
import json
import math
import re
import shutil
import sys
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import cchc
from cchc import cli
from cchc.problems import DataError

CORPUS = Path(__file__).resolve().parent / "real_exports"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.json").is_file())
RUN_CASE, RUN_PERIOD = "van_phong", "2023-H1"


def expected(name: str) -> dict:
    return json.loads((CORPUS / name / "expected.json").read_text(encoding="utf-8"))


def hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (relative name -> digest)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def data_copy(name: str, root: Path) -> Path:
    """The case's data folder copied to ``root/<name>/raw`` (the loader caches beside it)."""
    raw = root / name / "raw"
    shutil.copytree(CORPUS / name, raw, ignore=shutil.ignore_patterns("expected.json", "__pycache__"))
    return raw


def check(raw: Path, capsys, monkeypatch, *extra: str) -> tuple[int, str]:
    """``cchc check --data raw`` in-process: (exit code, stdout + stderr).

    ``run_check(..., out=sys.stdout)`` binds the stream when ``cchc.audit`` is
    imported; point it at the stream capsys installed for this test.
    """
    from cchc import audit

    if (audit.run_check.__kwdefaults__ or {}).get("out") is not None:
        monkeypatch.setitem(audit.run_check.__kwdefaults__, "out", sys.stdout)
    capsys.readouterr()
    code = cli.main(["check", "--data", str(raw), *extra])
    out = capsys.readouterr()
    return code, out.out + out.err


def findings(data) -> list:
    """What `cchc check` reports for loaded data (audit warnings, then the loader's).

    Imported here, not at module level: ``cchc.audit.run_check`` binds ``sys.stdout``
    when first imported, which must not happen while pytest collects.
    """
    from cchc.audit import findings as audit_findings

    return audit_findings(data)


def figure_mismatches(table: pd.DataFrame, figures: dict) -> list[str]:
    """Every expected total and group value that the table does not hold."""
    bad = []
    for code, want in figures["totals"].items():
        got = cchc.value_of(table, code)
        if want is None:
            if not math.isnan(got):
                bad.append(f"{code}: {got} (expected empty)")
        elif got != pytest.approx(want, rel=1e-09, abs=1e-09):
            bad.append(f"{code}: {got} (expected {want})")
    for code, dimension, group, want in figures["groups"]:
        got = cchc.value_of(table, code, dimension, group)
        if got != pytest.approx(want, rel=1e-09, abs=1e-09):
            bad.append(f"{code} [{dimension}={group}]: {got} (expected {want})")
    return bad


def _generator():
    """The corpus generator (tests/real_exports/make_corpus.py), under a name of its own.

    ``tests/bad_inputs/make_corpus.py`` is imported as ``make_corpus``; this one must not shadow it.
    """
    name = "real_exports_make_corpus"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, CORPUS / "make_corpus.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


# --- the corpus itself ---------------------------------------------------------------


def test_committed_corpus_is_what_make_corpus_writes_and_is_small(tmp_path):
    written, kept = _generator().build(tmp_path)
    assert len(written) > 40
    fresh = hashes(tmp_path)
    committed = {k: v for k, v in hashes(CORPUS).items() if "/" in k and "__pycache__" not in k}
    kept_names = {str(p.relative_to(tmp_path)) for p in kept}
    stale = sorted(
        k for k in set(fresh) | set(committed) if k not in kept_names and fresh.get(k) != committed.get(k)
    )
    assert not stale, (
        f"{stale} differ from what make_corpus.py writes (van_phong copies the sample's "
        "bao_cao.toml and chi_tieu.xlsx): run .venv/bin/python tests/real_exports/make_corpus.py"
    )
    assert sum((CORPUS / k).stat().st_size for k in committed) < 2 * 1024 * 1024
    assert len(CASES) >= 18


def test_the_generator_counts_the_crafted_dossiers_as_worked_out_by_hand():
    """The 20 edge cases of the time rule and scope, counted by hand for 2023-H1.

    Late by the time rule: 16/03 17:45 > 17:00, 24/04 15:20:10 > 10:30, 22/05 16:00:01 > 16:00.
    On time: 16:59:59 <= 17:00; exactly 14:00; two due days without times; a due time with a
    resolution date only; a resolution time with a due date only; no due date. Early: 08/06 17:30
    for 09/06 08:00; carried over from 27/12/2022, resolved 09/01. Late by a day: 17/04 for 14/04.
    Pending: due 30/06 08:00 (within), 29/06 (overdue), none (within), resolved 03/07 (within as of
    30/06), carried over from 28/12/2022 due 11/01 (overdue). Out: resolved 29/12/2022; withdrawn
    26/12/2022 (not a withdrawal of the period).
    """
    m = _generator()
    gen = m.Dossiers(0, m.People(0))
    facts = [m.dossier_fact(d) for d in m.crafted_dossiers(gen)]
    got = m.dossier_counts(facts, *m.PERIODS["2023-H1"])
    got.pop("hs_new_online")
    assert got == {
        "hs_received": 18,
        "hs_carried_over": 2,
        "hs_new": 16,
        "hs_resolved": 13,
        "hs_resolved_early": 2,
        "hs_resolved_on_time": 7,
        "hs_resolved_late": 4,
        "hs_resolved_late_by_time": 3,
        "hs_pending": 5,
        "hs_pending_within_deadline": 3,
        "hs_pending_overdue": 2,
        "hs_withdrawn": 0,
    }


def test_every_case_says_what_check_must_answer():
    for name in CASES:
        e = expected(name)
        assert e["exit"] in (0, 1, 2) and e["words"] and e["about"], name
        assert (e["exit"] == 2) == bool(e["errors"]), name
        assert (e["exit"] == 1) == (not e["errors"] and bool(e["warnings"])), name
        assert ("figures" in e) == (e["exit"] < 2), name
        assert all(unicodedata.is_normalized("NFC", w) for w in e["words"]), name


# --- every case through `cchc check` -------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_check_command(name, tmp_path, capsys, monkeypatch):
    e = expected(name)
    raw = data_copy(name, tmp_path)
    before = hashes(raw)
    code, out = check(raw, capsys, monkeypatch)
    assert "Traceback" not in out
    assert hashes(raw) == before, "a raw file was changed"
    assert code == e["exit"], out
    missing = [w for w in e["words"] if w not in out]
    assert not missing, f"missing {missing} in:\n{out}"
    present = [w for w in e["absent_words"] + e.get("personal_values", []) if w in out]
    assert not present, f"should not print {present}:\n{out}"
    if e["exit"] == 2:
        assert "Lỗi" in out and "Dữ liệu hợp lệ" not in out
    elif e["exit"] == 1:
        assert "Cảnh báo" in out and "Lỗi:" not in out
    else:
        assert "Lỗi:" not in out and "Cảnh báo:" not in out


# --- every case through load_data and compute -----------------------------------------


def _failing_cases() -> list[str]:
    return [n for n in CASES if expected(n)["exit"] == 2]


def _loading_cases() -> list[str]:
    return [n for n in CASES if expected(n)["exit"] < 2]


@pytest.mark.parametrize("name", _failing_cases())
def test_load_data_raises_with_the_expected_errors(name, tmp_path):
    e = expected(name)
    raw = data_copy(name, tmp_path)
    with pytest.raises(DataError) as info:
        cchc.load_data(raw, use_cache=False)
    errors = [p for p in info.value.problems if p.severity == "error"]
    assert dict(collections.Counter(p.code for p in errors)) == e["errors"], [p.format() for p in errors[:5]]
    assert all(p.message_vi and p.message_en for p in errors)
    assert all(unicodedata.is_normalized("NFC", p.message_vi) for p in errors)
    if "row" in e:  # an empty required value: the cell is named
        (p,) = errors
        assert (p.file, p.row, p.column) == ("ho_so_2023.xlsx", e["row"], "Lĩnh vực")
    if "line" in e:  # a mapping-file problem: file and line
        (p,) = errors
        assert p.file == "anh_xa.toml" and f"dòng {e['line']}" in p.format()
    if "duplicate_rows" in e:
        (p,) = errors
        for message in (p.message_vi, p.message_en):
            named = {p.row, *map(int, re.findall(r"\d+", message))}
            assert set(e["duplicate_rows"]) <= named, p.format()
        assert p.file == "nhiem_vu_2023.xlsx"


@pytest.mark.parametrize("name", _loading_cases())
def test_load_data_and_figures(name, tmp_path):
    e = expected(name)
    raw = data_copy(name, tmp_path)
    before = hashes(raw)
    data = cchc.load_data(raw, use_cache=False)
    for dataset, rows in e["rows"].items():
        assert len(data.frames[dataset]) == rows, dataset
    found = findings(data)
    assert not [p for p in found if p.severity == "error"]
    warnings = collections.Counter(p.code for p in found if p.severity == "warning")
    assert dict(warnings) == e["warnings"], [p.format() for p in found if p.severity == "warning"]
    notices = [p for p in found if p.severity == "notice"]
    for code, files in e["notices"].items():
        named = collections.Counter(p.file for p in notices if p.code == code)
        assert named, f"no {code} notice: {[p.format() for p in notices]}"
        # one notice per file that needs it; footers only where there is one
        assert all(named[f] == 1 for f in files), (code, named)
        if code == "footer_rows":
            assert set(named) == set(files), named
    for period, figures in e["figures"].items():
        table = cchc.compute(data.frames, period)
        bad = figure_mismatches(table, figures)
        assert not bad, f"{period}:\n" + "\n".join(bad)
    assert hashes(raw) == before


@pytest.mark.parametrize("name", [n for n in _loading_cases() if "dates" in expected(n)])
def test_dates_keep_their_time_in_every_form(name, tmp_path):
    """Date cells, date-time cells and every accepted text form read to the same instant."""
    e = expected(name)
    frame = cchc.load_data(data_copy(name, tmp_path), use_cache=False).frames["ho_so"]
    got = {
        row.dossier_id: [
            None if pd.isna(v) else pd.Timestamp(v).isoformat(sep=" ")
            for v in (row.received_date, row.due_date, row.resolved_date)
        ]
        for row in frame.itertuples()
    }
    wrong = {k: (got.get(k), v) for k, v in e["dates"].items() if got.get(k) != v}
    assert not wrong, list(wrong.items())[:5]


def test_one_stop_rows_are_numbered_as_the_spreadsheet_shows_them(tmp_path):
    e = expected("mot_cua")
    frame = cchc.load_data(data_copy("mot_cua", tmp_path), use_cache=False).frames["ho_so"]
    first, n = e["first_data_row"], e["rows"]["ho_so"]
    assert sorted(frame["source_row"]) == list(range(first, first + n))
    assert set(frame["channel"].dropna()) <= {"Trực tuyến", "Trực tiếp", "Bưu chính"}
    withdrawn = frame["status"].eq("Rút hồ sơ")
    assert withdrawn.sum() == e["figures"]["2023-H1"]["totals"]["hs_withdrawn"] + 1  # + one withdrawn in 2022


def test_registers_take_their_direction_from_the_file_name(tmp_path):
    e = expected("van_phong_dien_tu")
    frame = cchc.load_data(data_copy("van_phong_dien_tu", tmp_path), use_cache=False).frames["van_ban"]
    assert frame["direction"].value_counts().to_dict() == e["direction_counts"]
    by_file = frame.groupby("source_file")["direction"].unique().map(list).to_dict()
    assert by_file == {"van_ban_den_2023.xlsx": ["Đến"], "van_ban_di_2023.xlsx": ["Đi"]}
    assert set(frame["form"]) == {"Điện tử", "Giấy", "Điện tử kèm giấy"}


def test_generated_ids_do_not_depend_on_the_order_of_rows(tmp_path):
    frames = [
        cchc.load_data(data_copy(name, tmp_path), use_cache=False).frames["nhiem_vu"]
        for name in ("theo_doi_nhiem_vu", "theo_doi_nhiem_vu_sap_xep")
    ]
    ids = [f["task_id"] for f in frames]
    assert all(i.notna().all() and i.is_unique for i in ids)
    assert set(ids[0]) == set(ids[1])
    # the same content carries the same id, wherever the row is
    keyed = [dict(zip(f["task_id"], f["title"])) for f in frames]
    assert keyed[0] == keyed[1]
    rows = [f.set_index("task_id")["source_row"] for f in frames]
    assert (rows[0] != rows[1].reindex(rows[0].index)).any(), "the copy is not re-sorted"


def test_overlapping_exports_keep_the_newer_export(tmp_path):
    e = expected("chong_lan")
    data = cchc.load_data(data_copy("chong_lan", tmp_path), use_cache=False)
    frame = data.frames["ho_so"].set_index("dossier_id")
    assert frame["source_file"].reindex(list(e["kept_from"])).to_dict() == e["kept_from"]
    (conflict,) = [p for p in data.warnings if p.code == "duplicate_id_conflict"]
    text = conflict.format()
    assert "ho_so_a.xlsx" in text and "ho_so_b.xlsx" in text
    for message in (conflict.message_vi, conflict.message_en):
        assert re.search(rf"\b{e['conflicts']}\b", message), message


def test_unknown_statuses_are_listed_with_their_counts(tmp_path):
    e = expected("canh_bao_trang_thai")
    data = cchc.load_data(data_copy("canh_bao_trang_thai", tmp_path), use_cache=False)
    (warning,) = [p for p in findings(data) if p.code == "unknown_status"]
    text = warning.format()
    for value, count in e["unknown_statuses"].items():
        assert re.search(rf"{re.escape(value)}'?\)?\s*[(:]\s*{count}\b", text), text
    assert warning.file == "ho_so_2023.xlsx"


def test_ignored_columns_are_named(tmp_path):
    data = cchc.load_data(data_copy("canh_bao_cot_bi_bo_qua", tmp_path), use_cache=False)
    ignored = [p for p in findings(data) if p.code == "ignored_column"]
    assert sorted(p.column for p in ignored) == ["Hình thức nôp", "Trạng thai"]
    assert data.frames["ho_so"]["channel"].isna().all()


def test_many_bad_cells_make_one_grouped_line_and_all_go_to_the_errors_csv(tmp_path, capsys, monkeypatch):
    e = expected("loi_gop_nhom")["grouped"]
    raw = data_copy("loi_gop_nhom", tmp_path)
    target = tmp_path / "loi.csv"
    code, out = check(raw, capsys, monkeypatch, "--errors-csv", str(target))
    assert code == 2 and "Traceback" not in out
    blocks = re.split(r"\n(?=Lỗi|Cảnh báo|Thông báo)", out)
    grouped = [b for b in blocks if b.startswith("Lỗi") and e["column"] in b.splitlines()[0]]
    assert len(grouped) == 1, out[:3000]
    (block,) = grouped
    for word in ("ho_so_2023.xlsx", "4.747", "'Công văn'", "4.699", "'Fax'", str(e["first_rows"][0])):
        assert word in block, block
    assert len(out.splitlines()) < 60, "every cell printed instead of one grouped line"
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    errors = [r for r in rows if r.get("severity", "error") in ("error", "Lỗi")]
    assert len(errors) == e["cells"]
    values = collections.Counter(v for r in rows for v in r.values() if v in e["values"])
    assert dict(values) == e["values"]


# --- one full run on the combined office folder ---------------------------------------


@pytest.fixture(scope="session")
def office_run(tmp_path_factory):
    """``cchc run --period 2023-H1`` once on the office folder: (exit code, reports root, raw folder)."""
    root = tmp_path_factory.mktemp("office")
    raw = data_copy(RUN_CASE, root)
    out = root / "reports"
    before = hashes(raw)
    code = cli.main(["run", "--period", RUN_PERIOD, "--data", str(raw), "--out", str(out)])
    assert hashes(raw) == before, "the run changed a raw file"
    return code, out, raw


def readable_texts(folder: Path):
    """(name, NFC text) of every file under ``folder``; zip members (xlsx, docx) one by one;
    JSON unescaped."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                for member in z.namelist():
                    yield f"{path.name}:{member}", _text(z.read(member))
        else:
            yield path.name, _text(path.read_bytes())


def _text(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace")
    with contextlib.suppress(ValueError):
        text += "\n" + json.dumps(json.loads(text), ensure_ascii=False)
    return unicodedata.normalize("NFC", html.unescape(text))


@pytest.mark.slow
def test_office_run_publishes_the_expected_figures(office_run):
    code, out, _ = office_run
    assert code == 0
    folder = out / RUN_PERIOD
    table = pd.read_csv(
        folder / "indicators.csv",
        dtype={"dimension": str, "group": str},
        keep_default_na=False,
        na_values={"value": [""]},
    )
    table["value"] = pd.to_numeric(table["value"], errors="coerce")
    bad = figure_mismatches(table, expected(RUN_CASE)["figures"][RUN_PERIOD])
    assert not bad, "\n".join(bad)
    for name in (
        "index.html",
        "indicators.xlsx",
        "manifest.json",
        "run.log",
        f"bao-cao-cchc-{RUN_PERIOD}.docx",
    ):
        assert (folder / name).is_file(), name


@pytest.mark.slow
def test_office_run_report_groups_documents_with_no_unit(office_run):
    """Documents with an empty unit are a group "(Chưa xác định)", in the Word annex too."""
    code, out, _ = office_run
    assert code == 0
    with zipfile.ZipFile(out / RUN_PERIOD / f"bao-cao-cchc-{RUN_PERIOD}.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "(Chưa xác định)" in xml


@pytest.mark.slow
def test_office_run_dossier_page_shows_what_the_time_rule_moved(office_run):
    """The dossier page says how many dossiers the time rule moved from on time to late."""
    code, out, _ = office_run
    assert code == 0
    folder = out / RUN_PERIOD
    table = pd.read_csv(folder / "indicators.csv", dtype=str, keep_default_na=False)
    (label,) = table.loc[(table["code"] == "hs_resolved_late_by_time") & (table["dimension"] == ""), "label"]
    n = expected(RUN_CASE)["figures"][RUN_PERIOD]["totals"]["hs_resolved_late_by_time"]
    assert n > 0
    (page,) = folder.glob("*ho_so*.html")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(page.read_text(encoding="utf-8"))))
    assert re.search(rf"{re.escape(label)}\s*:?\s*0?{n}\s+hồ sơ", text), label


@pytest.fixture(scope="session")
def partial_run(tmp_path_factory):
    """``cchc run --period 2023`` on the office folder, whose datasets all stop before 31/12/2023."""
    root = tmp_path_factory.mktemp("partial")
    raw = data_copy(RUN_CASE, root)
    period = expected(RUN_CASE)["partial_period"]
    code = cli.main(["run", "--period", period, "--data", str(raw), "--out", str(root / "reports")])
    return code, root / "reports" / period


def _page_text(path: Path) -> str:
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            text = z.read("word/document.xml").decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(text)))


@pytest.mark.slow
def test_a_partly_covered_period_runs_and_every_page_says_where_the_data_stops(partial_run):
    """Each dataset's page names the day its data stops; the overview and the report name all of them."""
    code, folder = partial_run
    assert code == 0
    coverage = expected(RUN_CASE)["coverage"]
    pages = {
        "*tong_quan*.html": list(coverage),
        "*bao_cao*.html": list(coverage),
        "*.docx": list(coverage),
        "*nhiem_vu*.html": ["nhiem_vu"],
        "*ho_so*.html": ["ho_so"],
        "*van_ban*.html": ["van_ban"],
        "*dao_tao*.html": ["dao_tao"],
    }
    missing = []
    for pattern, datasets in pages.items():
        (page,) = folder.glob(pattern)
        text = _page_text(page)
        missing += [(page.name, d, coverage[d][1]) for d in datasets if coverage[d][1] not in text]
    assert not missing, missing


def test_a_period_after_the_data_fails_naming_each_dataset_coverage(tmp_path, capsys):
    e = expected(RUN_CASE)
    raw = data_copy(RUN_CASE, tmp_path)
    out = tmp_path / "reports"
    capsys.readouterr()
    code = cli.main(["run", "--period", e["period_after_data"], "--data", str(raw), "--out", str(out)])
    text = "".join(capsys.readouterr())
    assert code == 2 and "Traceback" not in text
    assert not (out / e["period_after_data"]).exists()
    missing = [last for _, last in e["coverage"].values() if last not in text]
    assert not missing, f"last activity days {missing} not named in:\n{text}"


@pytest.mark.slow
def test_office_run_publishes_no_personal_data(office_run):
    code, out, raw = office_run
    assert code == 0
    personal = expected(RUN_CASE)["personal_values"]
    assert len(personal) > 200
    # the scanner finds them in the raw exports (names, addresses, phones are text cells there)
    raw_text = "\n".join(t for _, t in readable_texts(raw))
    assert sum(v in raw_text for v in personal) > len(personal) // 2
    kinds = collections.Counter(Path(n.split(":")[0]).suffix for n, _ in readable_texts(out))
    assert {".html", ".csv", ".xlsx", ".docx", ".ipynb", ".json", ".log"} <= set(kinds)
    leaks = [(name, v) for name, text in readable_texts(out) for v in personal if v in text]
    assert not leaks, leaks[:10]
