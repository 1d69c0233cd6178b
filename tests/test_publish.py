"""Safe publishing: atomic swap, the output lock, recovery after a killed run."""

from __future__ import annotations

import json
import os
import re
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

from cchc import publish
from cchc.publish import (
    LOCK_NAME,
    REPORT_MARKER,
    ExchangeUnsupported,
    RunError,
    folder_name,
    make_staging,
    output_lock,
    recover_and_clean,
    slug,
    swap_into_place,
    write_root_index,
)


def _report(folder: Path, marker: str, *, ours: bool = True) -> Path:
    """A report folder holding ``index.html``; marked as cchc's own unless ``ours`` is False."""
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(marker, encoding="utf-8")
    if ours:
        (folder / REPORT_MARKER).write_text("", encoding="utf-8")
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
        with pytest.raises(RunError) as info, output_lock(tmp_path, timeout=0.2):
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
    with pytest.raises(RunError) as info, output_lock(blocker / "reports", timeout=0.1):
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


def test_unit_folder_names_are_distinct_and_safe():
    names = {u: folder_name("2022-H1", u) for u in ["/", "..", ".", "a/b", "Phòng Tư pháp", "Ban $x$"]}
    assert len(set(names.values())) == len(names), names
    for unit, name in names.items():
        assert "/" not in name and ".." not in name and " " not in name, (unit, name)
        assert re.fullmatch(r"2022-H1-[a-z0-9-]+", name), name
    assert names["Phòng Tư pháp"] == "2022-H1-phong-tu-phap"
    assert re.fullmatch(r"2022-H1-don-vi-[0-9a-f]{8}", names["/"])
    # two real units with the same slug get distinct folders too
    a = folder_name("2022-H1", "Phòng A", known_units=["Phòng A", "Phong A"])
    b = folder_name("2022-H1", "Phong A", known_units=["Phòng A", "Phong A"])
    assert a != b and a.startswith("2022-H1-phong-a-")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_root_index_lists_every_published_period_escaped(tmp_path):
    for code, label, start in [
        ("2022-H1", "06 tháng đầu năm 2022", "2022-01-01"),
        ("2022-Q3", "<img src=x onerror=alert(1)>", "2022-07-01"),
    ]:
        folder = _report(tmp_path / code, "x")
        (folder / "manifest.json").write_text(
            json.dumps(
                {
                    "period": code,
                    "period_label": label,
                    "range_label": "",
                    "period_start": start,
                    "period_end": start,
                    "generated": "01/07/2022 08:00",
                }
            ),
            encoding="utf-8",
        )
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


# --- only what is ours (issue 14, item 3) ---------------------------------------------------


def test_a_period_folder_without_the_marker_is_refused_and_nothing_is_deleted(tmp_path):
    _report(tmp_path / "2022-H1", "the user's own files", ours=False)
    staging = make_staging(tmp_path, "2022-H1")
    (staging / "index.html").write_text("new", encoding="utf-8")
    with pytest.raises(RunError) as info:
        swap_into_place(staging, tmp_path, "2022-H1")
    assert info.value.exit_code == 2
    text = str(info.value)
    assert str(tmp_path / "2022-H1") in text and "không phải báo cáo do cchc tạo" in text
    assert "not a report published by cchc" in text
    assert (tmp_path / "2022-H1" / "index.html").read_text(encoding="utf-8") == "the user's own files"
    assert staging.is_dir()


def test_a_report_of_a_version_before_the_markers_is_still_replaced(tmp_path):
    folder = _report(tmp_path / "2022-H1", "old", ours=False)
    (folder / "manifest.json").write_text(
        json.dumps({"period": "2022-H1", "package_version": "0.1"}), encoding="utf-8"
    )
    staging = make_staging(tmp_path, "2022-H1")
    (staging / "index.html").write_text("new", encoding="utf-8")
    swap_into_place(staging, tmp_path, "2022-H1")
    assert (tmp_path / "2022-H1" / "index.html").read_text(encoding="utf-8") == "new"
    assert _hidden(tmp_path) == []


def test_clean_up_deletes_only_marked_leftovers(tmp_path):
    _report(tmp_path / ".tmp-notes", "a user's folder", ours=False)
    _report(tmp_path / ".old-photos-2021", "another", ours=False)
    (tmp_path / "victim").mkdir()
    (tmp_path / "victim" / "keep.txt").write_text("keep", encoding="utf-8")
    (tmp_path / ".tmp-link-to-victim").symlink_to(tmp_path / "victim", target_is_directory=True)
    _report(tmp_path / ".tmp-2022-H1-abc", "half-built")
    done = recover_and_clean(tmp_path)
    assert (tmp_path / ".tmp-notes" / "index.html").is_file()
    assert (tmp_path / ".old-photos-2021" / "index.html").is_file()
    assert not (tmp_path / ".tmp-2022-H1-abc").exists()
    assert (tmp_path / "victim" / "keep.txt").read_text(encoding="utf-8") == "keep"
    assert any("giữ nguyên .tmp-notes" in line for line in done)


def test_a_lock_symlink_is_refused_and_its_target_left_intact(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    root = tmp_path / "reports"
    root.mkdir()
    (root / LOCK_NAME).symlink_to(victim)
    with pytest.raises(RunError) as info, output_lock(root, timeout=0.2):
        pytest.fail("locked through a symlink")
    assert "liên kết" in str(info.value) and "symbolic link" in str(info.value)
    assert victim.read_text(encoding="utf-8") == "precious"


def test_the_lock_file_is_never_truncated(tmp_path):
    (tmp_path / LOCK_NAME).write_text("someone's text", encoding="utf-8")
    with output_lock(tmp_path, timeout=1):
        pass
    assert (tmp_path / LOCK_NAME).read_text(encoding="utf-8") == "someone's text"


# --- atomic publish (issue 14, item 5) -------------------------------------------------------


def _swap_in(root: Path, text: str) -> None:
    staging = make_staging(root, "2022-H1")
    (staging / "index.html").write_text(text, encoding="utf-8")
    swap_into_place(staging, root, "2022-H1")


_READER = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    page, stop = Path(sys.argv[1]), Path(sys.argv[2])
    reads, misses = 0, []
    while not stop.exists():
        try:
            page.read_bytes()
            reads += 1
        except OSError as exc:
            misses.append(repr(exc))
    print(json.dumps({"reads": reads, "misses": misses[:5] + [len(misses)] if misses else []}))
""")


def _poll_while_swapping(root: Path, swaps: int) -> tuple[int, list]:
    """Swap ``swaps`` new reports in while another process keeps reading ``2022-H1/index.html``.

    One swap is done before the reader starts (with the symlink fallback, the
    first swap turns a real folder into a link with two renames, once).
    """
    _report(root / "2022-H1", "v0")
    _swap_in(root, "v1")
    stop = root.parent / f"{root.name}.stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, str(root / "2022-H1" / "index.html"), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(0.3)  # the reader is up and reading
        for i in range(2, swaps + 2):
            _swap_in(root, f"v{i}")
    finally:
        stop.write_text("", encoding="utf-8")
        out, _ = reader.communicate(timeout=60)
    result = json.loads(out)
    assert (root / "2022-H1" / "index.html").read_text(encoding="utf-8") == f"v{swaps + 1}"
    return result["reads"], result["misses"]


@pytest.mark.skipif(publish._renameat2() is None, reason="renameat2 not available")
def test_a_reader_never_misses_the_report_during_exchange_swaps(tmp_path, monkeypatch):
    monkeypatch.setattr(publish, "DISCARD_GRACE", 0.1)
    reads, misses = _poll_while_swapping(tmp_path, 40)
    assert reads > 20 and misses == []
    assert not (tmp_path / "2022-H1").is_symlink()
    assert _hidden(tmp_path) == []


def test_a_reader_never_misses_the_report_during_symlink_swaps(tmp_path, monkeypatch):
    def unsupported(a, b):
        raise ExchangeUnsupported(38, "no renameat2")

    monkeypatch.setattr(publish, "exchange", unsupported)
    monkeypatch.setattr(publish, "DISCARD_GRACE", 0.1)
    reads, misses = _poll_while_swapping(tmp_path, 40)
    assert reads > 20 and misses == []
    assert (tmp_path / "2022-H1").is_symlink()
    versions = [p.name for p in tmp_path.iterdir() if p.name.startswith(".v-")]
    assert len(versions) == 1 and _hidden(tmp_path) == []
    assert recover_and_clean(tmp_path) == []  # the live version is never cleaned up
    assert (tmp_path / "2022-H1" / "index.html").read_text(encoding="utf-8") == "v41"
    # an exchange-capable run later replaces the link like any report
    monkeypatch.undo()
    if publish._renameat2() is not None:
        _swap_in(tmp_path, "after")
        assert (tmp_path / "2022-H1" / "index.html").read_text(encoding="utf-8") == "after"
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
