"""The command line: clear messages, no tracebacks, meaningful exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cchc.cli import main
from rawfiles import HO_SO_HEADER, ho_so_row, write_csv


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cchc.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.mark.slow
def test_bad_data_exits_2_with_a_message_and_no_traceback(tmp_path):
    raw = tmp_path / "raw"
    write_csv(raw / "ho_so.csv", [HO_SO_HEADER, ho_so_row(1, received="31/06/2022")])
    result = run_cli("check", "--data", str(raw))
    assert result.returncode == 2
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    for part in ("ho_so.csv", "dòng 2", "Ngày tiếp nhận", "31/06/2022", "row 2"):
        assert part in out


def test_check_clean_data_exits_0_and_summarises(tmp_path, capsys):
    raw = tmp_path / "raw"
    write_csv(raw / "ho_so.csv", [HO_SO_HEADER, ho_so_row(1, resolved="10/01/2022")])
    code = main(["check", "--data", str(raw), "--today", "2023-01-01"])
    out = capsys.readouterr().out
    assert code == 0
    assert "ho_so" in out and "1 dòng" in out


@pytest.mark.slow
def test_missing_data_folder_is_a_clear_error(tmp_path):
    result = run_cli("check", "--data", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "Không tìm thấy thư mục dữ liệu" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_usage_error_exits_2(tmp_path):
    result = run_cli("frobnicate")
    assert result.returncode == 2
