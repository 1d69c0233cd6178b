"""Safe publishing: atomic swap, the output lock, recovery after a killed run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from filelock import FileLock

from cchc.publish import (
    LOCK_NAME,
    RunError,
    folder_name,
    make_staging,
    output_lock,
    recover_and_clean,
    slug,
    swap_into_place,
    write_root_index,
)


def _report(folder: Path, marker: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(marker, encoding="utf-8")
    return folder


def _hidden(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".tmp-", ".old-")))


def test_swap_replaces_the_published_folder_and_leaves_nothing_behind(tmp_path):
    _report(tmp_path / "2022-H1", "old")
    staging = make_staging(tmp_path, "2022-H1")
    (staging / "index.html").write_text("new", encoding="utf-8")
    dest = swap_into_place(staging, tmp_path, "2022-H1")
    assert dest == tmp_path / "2022-H1"
    assert (dest / "index.html").read_text(encoding="utf-8") == "new"
    assert not staging.exists()
    assert _hidden(tmp_path) == []


def test_swap_into_an_empty_root(tmp_path):
    staging = make_staging(tmp_path, "2022-Q1")
    (staging / "a.txt").write_text("x", encoding="utf-8")
    swap_into_place(staging, tmp_path, "2022-Q1")
    assert (tmp_path / "2022-Q1" / "a.txt").read_text(encoding="utf-8") == "x"


def test_second_run_exits_with_a_clear_message_when_the_lock_is_held(tmp_path):
    holder = FileLock(str(tmp_path / LOCK_NAME))
    holder.acquire()
    try:
        with pytest.raises(RunError) as info:
            with output_lock(tmp_path, timeout=0.2):
                pytest.fail("entered a locked output")
    finally:
        holder.release()
    message = str(info.value)
    assert "Một lần chạy khác đang ghi báo cáo" in message
    assert "Another run is writing reports" in message
    assert "0.2 giây" in message


def test_second_run_waits_for_the_first_to_finish(tmp_path):
    holder = FileLock(str(tmp_path / LOCK_NAME), thread_local=False)  # released by another thread
    holder.acquire()
    releaser = threading.Timer(0.3, holder.release)
    releaser.start()
    started = time.monotonic()
    with output_lock(tmp_path, timeout=10):
        waited = time.monotonic() - started
    releaser.join()
    assert waited >= 0.25


def test_unwritable_root_gives_a_run_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(RunError) as info:
        with output_lock(blocker / "reports", timeout=0.1):
            pass
    assert "Không tạo được thư mục báo cáo" in str(info.value)


_KILLED_BUILD = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from cchc.publish import make_staging, output_lock
    root = Path(sys.argv[1])
    with output_lock(root, timeout=5):
        staging = make_staging(root, "2022-H1")
        (staging / "index.html").write_text("half-built", encoding="utf-8")
        os.kill(os.getpid(), signal.SIGKILL)
""")


def test_a_killed_build_leaves_the_last_good_report_and_is_cleaned_next_run(tmp_path):
    _report(tmp_path / "2022-H1", "last good")
    proc = subprocess.run([sys.executable, "-c", _KILLED_BUILD, str(tmp_path)], timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert (tmp_path / "2022-H1" / "index.html").read_text(encoding="utf-8") == "last good"
    assert len([n for n in _hidden(tmp_path) if n.startswith(".tmp-2022-H1-")]) == 1
    # the lock died with the process: the next run gets it at once and cleans up
    with output_lock(tmp_path, timeout=1):
        done = recover_and_clean(tmp_path)
    assert _hidden(tmp_path) == []
    assert any("thư mục tạm" in line for line in done)
    assert (tmp_path / "2022-H1" / "index.html").read_text(encoding="utf-8") == "last good"


def test_a_run_killed_between_the_two_renames_gets_its_old_report_back(tmp_path):
    # state after step 1 of the swap (published folder renamed away) and a kill
    _report(tmp_path / ".old-2022-H1-abc123", "last good")
    _report(tmp_path / ".tmp-2022-H1-def456", "half-built")
    _report(tmp_path / ".old-2022-Q1-zzz999", "stale")
    _report(tmp_path / "2022-Q1", "current")
    recover_and_clean(tmp_path)
    assert (tmp_path / "2022-H1" / "index.html").read_text(encoding="utf-8") == "last good"
    assert (tmp_path / "2022-Q1" / "index.html").read_text(encoding="utf-8") == "current"
    assert _hidden(tmp_path) == []


def test_folder_names():
    assert folder_name("2022-H1") == "2022-H1"
    assert folder_name("2022-H1", "Phòng Hành chính - Tổ chức") == "2022-H1-phong-hanh-chinh-to-chuc"
    assert slug("Đất đai") == "dat-dai"
    assert slug("<>") == "don-vi"


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_root_index_lists_every_published_period_escaped(tmp_path):
    for code, label, start in [("2022-H1", "06 tháng đầu năm 2022", "2022-01-01"),
                               ("2022-Q3", "<img src=x onerror=alert(1)>", "2022-07-01")]:
        folder = _report(tmp_path / code, "x")
        (folder / "manifest.json").write_text(json.dumps(
            {"period": code, "period_label": label, "range_label": "", "period_start": start,
             "period_end": start, "generated": "01/07/2022 08:00"}), encoding="utf-8")
    _report(tmp_path / ".tmp-2023-H1-x", "ignored")
    path = write_root_index(tmp_path, "VĂN PHÒNG <UBND>")
    text = path.read_text(encoding="utf-8")
    parser = _Text()
    parser.feed(text)
    assert "img" not in parser.tags and "script" not in parser.tags
    assert "<img src=x onerror=alert(1)>" in "".join(parser.text)
    assert text.index('href="2022-Q3/index.html"') < text.index('href="2022-H1/index.html"')
    assert "2023-H1" not in text
    assert "http" not in text
    assert os.path.getsize(path) < 100_000
