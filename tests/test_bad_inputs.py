"""The corpus of broken inputs (tests/bad_inputs/): every case through `cchc check` and load_data.

For every case in ``tests/bad_inputs/cases.toml``: a copy of the case folder is
checked with ``cchc check --data <copy>``, run in-process through
``cchc.cli.main`` (output captured, the exit code returned); the exit code, the
words of the message (file, sheet, row, column, value, Vietnamese and the
English gloss) and the absence of a traceback are asserted, and every input file
must be byte-for-byte unchanged afterwards. Two cases also go through the
installed ``cchc`` command in a subprocess, to prove the command itself works.
``load_data`` is then called directly for the frames (cases that load) or the
problem codes (cases that do not). The 1,200,000-row sheet is generated at test
time.
"""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import importlib.util
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from cchc import cli
from cchc.loading import load_data
from cchc.problems import DataError
from cchc.quality import audit_frames

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
CASES: dict[str, dict] = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))
SEVERITY_WORDS = {
    "error": ("Lỗi: ", "(error: "),
    "warning": ("Cảnh báo: ", "(warning: "),
    "notice": ("Thông báo: ", "(notice: "),
}
OUTCOME_EXIT = {"error": 2, "warning": 1, "notice": 0, "ok": 0}


def hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (relative name -> digest)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def marks(name: str) -> list:
    case = CASES[name]
    out = []
    if case.get("xfail"):
        out.append(pytest.mark.xfail(strict=True, reason=case["xfail"]))
    needed = case.get("needs")
    if needed and importlib.util.find_spec(needed) is None:
        out.append(pytest.mark.skip(reason=f"{needed} is not in the tree yet (key-figure periods)"))
    return out


PARAMS = [pytest.param(name, marks=marks(name), id=name) for name in CASES]


def check_in_process(raw: Path, capsys) -> tuple[int, str]:
    """``cchc check --data raw`` through ``cli.main``: (exit code, stdout + stderr)."""
    capsys.readouterr()
    try:
        code = cli.main(["check", "--data", str(raw)])
    except SystemExit as exc:  # argparse and explicit exits
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# --- the corpus itself ------------------------------------------------------------


def test_every_case_has_a_folder_and_every_folder_a_case():
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))}
    assert folders == set(CASES)
    assert len(CASES) >= 25


def test_cases_table_is_well_formed():
    for name, case in CASES.items():
        assert case["outcome"] in OUTCOME_EXIT, name
        assert case["exit"] == OUTCOME_EXIT[case["outcome"]], name
        assert case["words"] and case["about"], name
        if case["outcome"] == "error":
            assert case.get("codes") and "rows" not in case, name
        else:
            assert "rows" in case, name


def test_committed_corpus_is_what_make_corpus_writes_and_is_small(tmp_path):
    sys.path.insert(0, str(CORPUS))
    try:
        import make_corpus
    finally:
        sys.path.remove(str(CORPUS))
    make_corpus.build(tmp_path)
    committed = {k: v for k, v in hashes(CORPUS).items() if "/" in k and "__pycache__" not in k}
    assert hashes(tmp_path) == committed
    assert sum((CORPUS / k).stat().st_size for k in committed) < 200 * 1024


# --- every case through the command line ---------------------------------------


@pytest.mark.parametrize("name", PARAMS)
def test_check_command(name, tmp_path, capsys, monkeypatch):
    case = CASES[name]
    raw = tmp_path / "raw"
    shutil.copytree(CORPUS / name, raw)
    before = hashes(raw)
    monkeypatch.chdir(tmp_path)
    code, out = check_in_process(raw, capsys)
    assert "Traceback" not in out
    assert hashes(raw) == before, "the input folder was changed"
    assert code == case["exit"], out
    missing = [w for w in case["words"] if w not in out]
    assert not missing, f"missing {missing} in:\n{out}"
    if case["outcome"] in SEVERITY_WORDS:
        vi, en = SEVERITY_WORDS[case["outcome"]]
        assert vi in out and en in out
    if case["outcome"] in ("ok", "notice"):
        assert "Lỗi" not in out and "Cảnh báo: " not in out
        assert "Dữ liệu hợp lệ" in out and "Data valid" in out
    if case["outcome"] == "ok":
        notices = [line for line in out.splitlines() if line.startswith("Thông báo: ")]
        assert all("Không có tệp dữ liệu" in line for line in notices), notices


@pytest.mark.slow
@pytest.mark.parametrize("name", ["clean", "missing_required_column"])
def test_installed_check_command_in_a_subprocess(name, tmp_path):
    """The ``cchc`` console script itself: the same exit code and words as in-process."""
    case = CASES[name]
    raw = tmp_path / "raw"
    shutil.copytree(CORPUS / name, raw)
    command = Path(sys.executable).parent / "cchc"
    result = subprocess.run(
        [str(command), "check", "--data", str(raw)], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    out = result.stdout + result.stderr
    assert result.returncode == case["exit"], out
    assert "Traceback" not in out
    assert all(w in out for w in case["words"]), out


# --- every case through load_data ----------------------------------------------------


@pytest.mark.parametrize("name", PARAMS)
def test_load_data(name, tmp_path):
    case = CASES[name]
    raw = tmp_path / "raw"
    shutil.copytree(CORPUS / name, raw)
    if case["outcome"] == "error":
        with pytest.raises(DataError) as info:
            load_data(raw, use_cache=False)
        errors = [p for p in info.value.problems if p.severity == "error"]
        assert collections.Counter(p.code for p in errors) == collections.Counter(case["codes"])
        assert all((p.file or p.code == "no_data_files") and p.message_vi and p.message_en for p in errors)
        return
    data = load_data(raw, use_cache=False)
    for dataset, rows in case["rows"].items():
        assert len(data.frames[dataset]) == rows, dataset
    for key, expected in case.get("values", {}).items():
        dataset, column = key.split(".")
        got = data.frames[dataset][column]
        if pd.api.types.is_datetime64_any_dtype(got):
            got = got.dt.strftime("%Y-%m-%d")
        assert got.tolist() == expected, key
    found = data.problems() + audit_frames(data.frames, today=dt.date(2026, 1, 1))
    codes = {p.code for p in found if p.code != "missing_dataset"}
    assert codes == set(case.get("codes", [])), [p.format() for p in found]


# --- a 1,200,000-row sheet ---------------------------------------------------------
#
# An .xlsx sheet holds at most 1,048,576 rows (header included): XlsxWriter, like Excel,
# drops anything below. A 1,200,000-row table therefore only exists as a CSV export;
# bench/bench_large_sheet.py also measures the fullest possible .xlsx sheet.

LARGE_ROWS = 1_200_000
XLSX_MAX_DATA_ROWS = 1_048_575


def write_large_documents(path: Path, rows: int) -> None:
    """A van_ban table of ``rows`` records (the three required columns).

    ``.csv``: UTF-8 text built in one go; ``.xlsx``: XlsxWriter's streaming
    (constant-memory) mode, at most :data:`XLSX_MAX_DATA_ROWS` rows.
    """
    directions, forms = ("Đi", "Đến"), ("Giấy", "Điện tử", "Điện tử kèm giấy")
    dates = [f"{d:02d}/{m:02d}/2022" for m in range(1, 13) for d in range(1, 29)]
    if path.suffix == ".csv":
        n = len(dates)
        body = "\n".join(f"{directions[i % 2]},{dates[i % n]},{forms[i % 3]}" for i in range(1, rows + 1))
        path.write_text("Loại,Ngày,Hình thức\n" + body + "\n", encoding="utf-8")
        return
    import xlsxwriter

    if rows > XLSX_MAX_DATA_ROWS:
        raise ValueError(f"an .xlsx sheet holds at most {XLSX_MAX_DATA_ROWS:,} data rows")
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("van_ban")
    ws.write_row(0, 0, ["Loại", "Ngày", "Hình thức"])
    write = ws.write_string
    for i in range(1, rows + 1):  # writing the fixture, not the code under test
        write(i, 0, directions[i % 2])
        write(i, 1, dates[i % len(dates)])
        write(i, 2, forms[i % 3])
    wb.close()


@pytest.mark.slow
def test_a_table_of_1_200_000_rows_loads(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    write_large_documents(raw / "van_ban.csv", LARGE_ROWS)
    before = hashes(raw)
    frame = load_data(raw, use_cache=False).frames["van_ban"]
    assert len(frame) == LARGE_ROWS
    assert frame["source_row"].iloc[-1] == LARGE_ROWS + 1
    assert frame["direction"].value_counts().to_dict() == {"Đi": LARGE_ROWS // 2, "Đến": LARGE_ROWS // 2}
    assert hashes(raw) == before
