"""Publish a period's reports safely: lock, private staging folder, atomic swap.

A run builds everything in ``<root>/.tmp-<period>-<random>/`` (same file
system as the destination, so renames are atomic) and only when every step
succeeded swaps it into ``<root>/<period>/``:

1. rename the current ``<period>/`` away to ``.old-<period>-<random>``;
2. rename the staging folder to ``<period>/``;
3. delete the old folder.

A run killed at any moment therefore leaves either the old or the new
report in place (between steps 1 and 2, the old one is under its ``.old-``
name and the next run puts it back before anything else). One lock file
per output root (``<root>/.lock``, :mod:`filelock`) serialises runs: a
second run waits up to ``timeout`` seconds, then stops with a clear message.
Leftover ``.tmp-`` folders of killed runs are removed by the next run, while
it holds the lock.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_NAME = ".lock"
TMP_PREFIX = ".tmp-"
OLD_PREFIX = ".old-"
MANIFEST = "manifest.json"
#: Default seconds a run waits for another run on the same output root.
DEFAULT_LOCK_TIMEOUT = float(os.environ.get("CCHC_LOCK_TIMEOUT", "600"))


class RunError(Exception):
    """A run could not produce or publish the reports; nothing was published.

    ``str(e)`` is a Vietnamese message followed by an English gloss in
    parentheses, ready to print without a traceback.
    """

    def __init__(self, message_vi: str, message_en: str):
        self.message_vi = message_vi
        self.message_en = message_en
        super().__init__(f"{message_vi}\n({message_en})")


def folder_name(period_code: str, unit: str | None = None) -> str:
    """The report folder of a period (and optional unit): ``2022-H1``, ``2022-H1-phong-hcth``."""
    if not unit:
        return period_code
    return f"{period_code}-{slug(unit)}"


def slug(text: str) -> str:
    """ASCII, lower-case, dash-separated form of a Vietnamese name (``Phòng HC-TH`` → ``phong-hc-th``)."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "don-vi"


@contextmanager
def output_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold ``<root>/.lock`` for the duration; wait at most ``timeout`` seconds.

    Raises
    ------
    RunError
        When another run holds the lock longer than ``timeout``, or the
        output folder cannot be created.
    """
    timeout = DEFAULT_LOCK_TIMEOUT if timeout is None else timeout
    root = Path(root)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RunError(
            f"Không tạo được thư mục báo cáo '{root}': {exc.strerror or exc}.",
            f"Cannot create the reports folder '{root}': {exc}.") from None
    lock = FileLock(str(root / LOCK_NAME), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise RunError(
            f"Một lần chạy khác đang ghi báo cáo vào '{root}'; đã chờ {timeout:g} giây mà chưa xong. "
            "Lần chạy này dừng, báo cáo đã có không bị thay đổi; hãy chạy lại sau.",
            f"Another run is writing reports to '{root}'; waited {timeout:g} s. "
            "This run stopped without changing any published report; try again later.") from None
    except OSError as exc:
        raise RunError(f"Không tạo được tệp khóa trong '{root}': {exc}.",
                       f"Cannot create the lock file in '{root}': {exc}.") from None
    try:
        yield
    finally:
        lock.release()


def recover_and_clean(root: Path) -> list[str]:
    """Undo what killed runs left behind; call only while holding the lock.

    An ``.old-<period>-*`` folder whose ``<period>/`` is missing is the last
    good report of a run killed mid-swap: it is renamed back. Every other
    ``.old-`` and ``.tmp-`` folder is deleted. Returns what was done, for the
    run log.
    """
    root = Path(root)
    done: list[str] = []
    if not root.is_dir():
        return done
    for old in sorted(root.glob(OLD_PREFIX + "*")):
        period = old.name[len(OLD_PREFIX):].rsplit("-", 1)[0]
        target = root / period
        if period and not target.exists() and old.is_dir():
            os.rename(old, target)
            done.append(f"khôi phục báo cáo {period} từ lần chạy bị dừng / restored {period}")
        else:
            shutil.rmtree(old, ignore_errors=True)
            done.append(f"xóa thư mục cũ {old.name} / removed {old.name}")
    for tmp in sorted(root.glob(TMP_PREFIX + "*")):
        shutil.rmtree(tmp, ignore_errors=True)
        done.append(f"xóa thư mục tạm {tmp.name} / removed {tmp.name}")
    return done


def make_staging(root: Path, name: str) -> Path:
    """A fresh private folder ``<root>/.tmp-<name>-<random>`` for building a report."""
    try:
        return Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{name}-", dir=root))
    except OSError as exc:
        raise RunError(f"Không ghi được vào thư mục báo cáo '{root}': {exc.strerror or exc}.",
                       f"Cannot write to the reports folder '{root}': {exc}.") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def make_readable(folder: Path) -> None:
    """Give a private build folder the permissions of a normal published one.

    Temporary folders and files are created owner-only (0700/0600); a web
    server on the intranet must be able to read what is published, so the
    modes become 0777/0666 less the umask, as ordinary files would have.
    """
    mask = _umask()
    os.chmod(folder, 0o777 & ~mask)
    for path in folder.rglob("*"):
        os.chmod(path, (0o777 if path.is_dir() else 0o666) & ~mask)


def swap_into_place(staging: Path, root: Path, name: str) -> Path:
    """Atomically replace ``<root>/<name>`` with ``staging``; return the published folder."""
    root = Path(root)
    make_readable(staging)
    dest = root / name
    old: Path | None = None
    if dest.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{OLD_PREFIX}{name}-", dir=root))
        old.rmdir()  # reserve a unique name, then move the published folder onto it
        os.rename(dest, old)
    try:
        os.rename(staging, dest)
    except OSError:
        if old is not None:
            os.rename(old, dest)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return dest


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file and ``os.replace``."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".write-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: Path, data: dict) -> None:
    """Write ``data`` as pretty UTF-8 JSON (keys in insertion order)."""
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def report_css() -> str:
    """The report stylesheet (shared by the pages, the period index and the root index)."""
    return (Path(__file__).parent / "templates" / "cchc" / "report.css").read_text(encoding="utf-8")


def html_page(title: str, body: str, org_name: str = "", meta: str = "") -> str:
    """A complete offline HTML page with the report CSS; ``body`` must already be escaped."""
    e = html.escape
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f"<title>{e(title)}{' – ' + e(org_name) if org_name else ''}</title>\n"
        f"<style>\n{report_css()}</style>\n</head>\n<body class=\"cchc\">\n<div class=\"cchc-page\">\n"
        f'<header class="cchc-header"><div class="org">{e(org_name)}</div><h1>{e(title)}</h1>'
        f'{"<div class=meta>" + meta + "</div>" if meta else ""}</header>\n<main>\n{body}\n</main>\n'
        "</div>\n</body>\n</html>\n"
    )


def published_reports(root: Path) -> list[dict]:
    """Manifests of every published report under ``root``, newest period first."""
    found = []
    for manifest in Path(root).glob(f"*/{MANIFEST}"):
        if manifest.parent.name.startswith("."):
            continue
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        data["folder"] = manifest.parent.name
        found.append(data)
    found.sort(key=lambda m: (str(m.get("period_start", "")), str(m.get("period_end", "")),
                              m["folder"]), reverse=True)
    return found


def write_root_index(root: Path, org_name: str = "") -> Path:
    """Rebuild ``<root>/index.html`` listing every published period (escaped, offline)."""
    e = html.escape
    items = []
    for m in published_reports(root):
        unit = f" – {e(m['unit'])}" if m.get("unit") else ""
        when = e(str(m.get("generated", "")))
        items.append(
            f'<li><a href="{e(m["folder"])}/index.html">{e(str(m.get("period_label", m["folder"])))}'
            f"{unit}</a> <span class=\"meta\">({e(str(m.get('range_label', '')))}; lập lúc {when})</span></li>")
    body = ("<ul class=\"pages\">\n" + "\n".join(items) + "\n</ul>") if items else \
        '<p class="notice info">Chưa có báo cáo nào được xuất bản.</p>'
    path = Path(root) / "index.html"
    write_text_atomic(path, html_page("Báo cáo cải cách hành chính theo kỳ", body, org_name))
    return path
