"""Publish a period's reports safely: lock, private staging folder, atomic swap.

A run builds everything in ``<root>/.tmp-<period>-<random>/`` (same file
system as the destination, so renames are atomic) and only when every step
succeeded swaps it into ``<root>/<period>/`` with **one atomic step**:

* on Linux, ``renameat2(RENAME_EXCHANGE)`` exchanges the staging folder and
  the published one in a single system call (the previous report ends up
  under the staging name and is deleted);
* where that call is missing (other systems, file systems without it),
  ``<root>/<period>`` is a symbolic link to a versioned folder
  ``<root>/.v-<period>-<random>/`` and is replaced by renaming a new link
  over it (a rename of a link is atomic everywhere).

A reader therefore always finds ``<period>/index.html``: the old report or
the new one, never neither. The previous report is deleted
:data:`DISCARD_GRACE` seconds after the swap, so a reader that had just
found the old folder can still open its files. A period folder turned from a real folder into
a link (first run of the fallback over a report published by the exchange)
goes through the old two-rename swap once; a run killed in between leaves
the last good report under ``.old-<period>-<random>`` and the next run puts
it back.

Only what the tool made is ever replaced or deleted: every folder it creates
carries a marker file (``.cchc-staging`` while it is built, ``.cchc-report``
once published). A ``<period>`` folder without the marker is refused (the
run stops, nothing is deleted), and the clean-up of leftovers removes only
marked ``.tmp-``/``.old-``/``.v-`` folders. Reports published by versions
before the markers are recognised by their ``manifest.json``.

One lock file per output root (``<root>/.lock``) serialises runs: it is
opened without following a symbolic link and never truncated, then locked
with ``flock``; a second run waits up to ``timeout`` seconds, then stops
with a clear message. The operating system releases the lock when the
process ends, so a killed run never blocks the next one.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .config import ENV_LOCK_TIMEOUT

try:  # POSIX: lock with flock on a descriptor we opened ourselves
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

LOCK_NAME = ".lock"
TMP_PREFIX = ".tmp-"
OLD_PREFIX = ".old-"
VERSION_PREFIX = ".v-"
#: Marker file of a published report folder made by cchc.
REPORT_MARKER = ".cchc-report"
#: Marker file of a folder cchc is building (staging) or discarding.
STAGING_MARKER = ".cchc-staging"
MANIFEST = "manifest.json"
#: Seconds the previous report is kept after a swap before it is deleted, so a reader that
#: found the old folder just before the swap can still open its files.
DISCARD_GRACE = 1.0
#: Default seconds a run waits for another run on the same output root.
DEFAULT_LOCK_TIMEOUT = float(os.environ.get(ENV_LOCK_TIMEOUT, "600"))
_MARKER_TEXT = "Thư mục do cchc tạo và quản lý. (Folder created and managed by cchc.)\n"


class RunError(Exception):
    """A run could not produce or publish the reports.

    ``str(e)`` is a Vietnamese message followed by an English gloss in
    parentheses, ready to print without a traceback. ``exit_code`` is what
    the command line exits with (1: the run failed; 2: the request itself
    is wrong, e.g. an unknown unit or a folder cchc does not own).
    """

    def __init__(self, message_vi: str, message_en: str, exit_code: int = 1):
        self.message_vi = message_vi
        self.message_en = message_en
        self.exit_code = exit_code
        super().__init__(f"{message_vi}\n({message_en})")


def folder_name(
    period_code: str, unit: str | None = None, known_units: Iterable[str] = (), fallback: str = "don-vi"
) -> str:
    """The report folder of a period (and optional unit): ``2022-H1``, ``2022-H1-phong-hcth``.

    A unit whose name has no letter or digit (``/``, ``..``), or whose slug
    equals another known unit's, gets a short hash of its exact name as a
    suffix, so distinct units never share a folder and the name is always a
    plain folder name (no ``/``, no ``..``). ``fallback`` is the slug of a
    name without any letter or digit (a field's report uses ``""``: the hash alone).
    """
    if not unit:
        return period_code
    base = _slug_or_empty(unit)
    clash = any(other != unit and _slug_or_empty(other) == base for other in known_units)
    if not base or clash:
        digest = hashlib.sha256(unicodedata.normalize("NFC", str(unit)).encode()).hexdigest()[:8]
        base = f"{base or fallback}-{digest}".lstrip("-")
    return f"{period_code}-{base}"


def _slug_or_empty(text: str) -> str:
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def slug(text: str) -> str:
    """ASCII, lower-case, dash-separated form of a Vietnamese name (``Phòng HC-TH`` → ``phong-hc-th``)."""
    return _slug_or_empty(text) or "don-vi"


# --------------------------------------------------------------------------- lock


def _lock_busy(root: Path, timeout: float) -> RunError:
    return RunError(
        f"Một lần chạy khác đang ghi báo cáo vào '{root}'; đã chờ {timeout:g} giây mà chưa xong. "
        "Lần chạy này dừng, báo cáo đã có không bị thay đổi; hãy chạy lại sau.",
        f"Another run is writing reports to '{root}'; waited {timeout:g} s. "
        "This run stopped without changing any published report; try again later.",
    )


def _open_lock_file(path: Path) -> int:
    """Open (create) the lock file without following a link and without truncating it."""
    flags = (
        os.O_RDWR
        | os.O_CREAT
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_CLOEXEC", 0)
        | getattr(os, "O_NONBLOCK", 0)
    )
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise RunError(
                f"Tệp khóa '{path}' là một liên kết (symlink); cchc không mở tệp khóa qua liên kết. "
                "Hãy xóa liên kết đó rồi chạy lại. Báo cáo đã có không bị thay đổi.",
                f"The lock file '{path}' is a symbolic link; cchc never opens its lock through a "
                "link. Remove the link and run again. No published report was changed.",
            ) from None
        raise RunError(
            f"Không tạo được tệp khóa trong '{path.parent}': {exc.strerror or exc}.",
            f"Cannot create the lock file in '{path.parent}': {exc}.",
        ) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise RunError(
            f"'{path}' không phải là một tệp thường; cchc không dùng nó làm tệp khóa. "
            "Hãy xóa nó rồi chạy lại.",
            f"'{path}' is not a regular file; cchc will not use it as its lock. Remove it and run again.",
        )
    return fd


@contextmanager
def output_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold ``<root>/.lock`` for the duration; wait at most ``timeout`` seconds.

    The lock file is opened with ``O_NOFOLLOW`` and without truncation (a
    link planted at ``.lock`` makes the run stop, its target is never
    touched), then locked with ``flock`` (compatible with :mod:`filelock`).

    Raises
    ------
    RunError
        When another run holds the lock longer than ``timeout``, the lock
        file is a link or not a regular file, or the output folder cannot
        be created.
    """
    timeout = DEFAULT_LOCK_TIMEOUT if timeout is None else timeout
    root = Path(root)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RunError(
            f"Không tạo được thư mục báo cáo '{root}': {exc.strerror or exc}.",
            f"Cannot create the reports folder '{root}': {exc}.",
        ) from None
    if fcntl is None:  # pragma: no cover - Windows: filelock's own msvcrt lock
        from filelock import FileLock, Timeout

        lock = FileLock(str(root / LOCK_NAME), timeout=timeout)
        try:
            lock.acquire()
        except Timeout:
            raise _lock_busy(root, timeout) from None
        try:
            yield
        finally:
            lock.release()
        return
    fd = _open_lock_file(root / LOCK_NAME)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _lock_busy(root, timeout) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


# --------------------------------------------------------------------------- markers


def is_ours(folder: Path) -> bool:
    """Whether ``folder`` is a real folder (not a link) that cchc created.

    True when it holds one of the marker files, or a ``manifest.json`` of a
    report published by a version before the markers (keys ``period`` and
    ``package_version``).
    """
    folder = Path(folder)
    if folder.is_symlink() or not folder.is_dir():
        return False
    if (folder / REPORT_MARKER).is_file() or (folder / STAGING_MARKER).is_file():
        return True
    manifest = folder / MANIFEST
    if manifest.is_file() and not manifest.is_symlink():
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return isinstance(data, dict) and "period" in data and "package_version" in data
    return False


def _version_of(link: Path, root: Path) -> Path | None:
    """The ``.v-`` folder of ``root`` a period link points to, if it is one."""
    if not link.is_symlink():
        return None
    target = Path(os.readlink(link))
    if target.is_absolute() or len(target.parts) != 1 or not target.name.startswith(VERSION_PREFIX):
        return None
    return root / target.name


def check_replaceable(root: Path, name: str) -> None:
    """Stop (exit 2) when ``<root>/<name>`` exists and is not a report cchc published.

    A published report is a marked folder, or a link to a marked ``.v-``
    folder of the same root (symlink-swap publishing).
    """
    dest = Path(root) / name
    if not os.path.lexists(dest):
        return
    version = _version_of(dest, Path(root))
    if (version is not None and is_ours(version)) or is_ours(dest):
        return
    raise RunError(
        f"Thư mục '{dest}' đã có nhưng không phải báo cáo do cchc tạo (không có tệp đánh dấu "
        f"{REPORT_MARKER}); cchc không ghi đè và không xóa gì. Hãy đổi tên hoặc di chuyển thư mục "
        "đó, hoặc chọn thư mục báo cáo khác (--out).",
        f"'{dest}' exists but is not a report published by cchc (no {REPORT_MARKER} marker); "
        "cchc neither replaces nor deletes it. Rename or move that folder, or choose another "
        "reports folder (--out).",
        exit_code=2,
    )


def recover_and_clean(root: Path) -> list[str]:
    """Undo what killed runs left behind; call only while holding the lock.

    An ``.old-<period>-*`` folder whose ``<period>`` is missing is the last
    good report of a run killed mid-swap: it is renamed back. Other marked
    ``.old-`` and ``.tmp-`` folders, ``.v-`` folders no period link points
    to, and ``.tmp-`` links are deleted. Folders with those prefixes but
    without a marker are left alone (and said so). Returns what was done,
    for the run log.
    """
    root = Path(root)
    done: list[str] = []
    if not root.is_dir():
        return done
    prefixes = (TMP_PREFIX, OLD_PREFIX, VERSION_PREFIX)
    entries = sorted(p for p in root.iterdir() if p.name.startswith(prefixes))
    live = {
        v.name
        for p in root.iterdir()
        if not p.name.startswith(".")
        for v in [_version_of(p, root)]
        if v is not None
    }
    for entry in entries:
        if entry.is_symlink():
            if entry.name.startswith(TMP_PREFIX):
                entry.unlink()
                done.append(f"xóa liên kết tạm {entry.name} / removed link {entry.name}")
            continue
        if not entry.is_dir():
            continue
        if not is_ours(entry):
            done.append(
                f"giữ nguyên {entry.name}: không có dấu của cchc / left {entry.name} alone: not made by cchc"
            )
            continue
        if entry.name.startswith(OLD_PREFIX):
            period = entry.name[len(OLD_PREFIX) :].rsplit("-", 1)[0]
            target = root / period
            if period and not os.path.lexists(target):
                os.rename(entry, target)
                done.append(f"khôi phục báo cáo {period} từ lần chạy bị dừng / restored {period}")
                continue
            shutil.rmtree(entry, ignore_errors=True)
            done.append(f"xóa thư mục cũ {entry.name} / removed {entry.name}")
        elif entry.name.startswith(VERSION_PREFIX):
            if entry.name not in live:
                shutil.rmtree(entry, ignore_errors=True)
                done.append(f"xóa bản cũ {entry.name} / removed {entry.name}")
        else:
            shutil.rmtree(entry, ignore_errors=True)
            done.append(f"xóa thư mục tạm {entry.name} / removed {entry.name}")
    return done


def make_staging(root: Path, name: str) -> Path:
    """A fresh private folder ``<root>/.tmp-<name>-<random>`` (marked) for building a report."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{name}-", dir=root))
        (staging / STAGING_MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
    except OSError as exc:
        raise RunError(
            f"Không ghi được vào thư mục báo cáo '{root}': {exc.strerror or exc}.",
            f"Cannot write to the reports folder '{root}': {exc}.",
        ) from None
    return staging


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


# --------------------------------------------------------------------------- swap

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class ExchangeUnsupported(OSError):
    """The system or file system cannot exchange two paths atomically."""


def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


def exchange(a: Path, b: Path) -> None:
    """Atomically exchange two existing paths (``renameat2(RENAME_EXCHANGE)``).

    Raises
    ------
    ExchangeUnsupported
        Not on Linux, an old C library, or a file system without the call.
    OSError
        Any other failure (nothing was changed).
    """
    func = _renameat2()
    if func is None:
        raise ExchangeUnsupported(errno.ENOSYS, "renameat2 is not available")
    if func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        err = ctypes.get_errno()
        if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
            raise ExchangeUnsupported(err, os.strerror(err))
        raise OSError(err, os.strerror(err), str(b))


def _discard(path: Path, root: Path) -> None:
    """Delete a previous report now at ``path`` (a marked folder, or a link to a ``.v-`` one)."""
    if path.is_symlink():
        version = _version_of(path, root)
        path.unlink()
        if version is not None and is_ours(version):
            shutil.rmtree(version, ignore_errors=True)
    elif is_ours(path):
        shutil.rmtree(path, ignore_errors=True)


def _unique(root: Path, prefix: str) -> Path:
    """A fresh, unused name in ``root`` starting with ``prefix`` (the path does not exist)."""
    reserved = Path(tempfile.mkdtemp(prefix=prefix, dir=root))
    reserved.rmdir()
    return reserved


def swap_into_place(staging: Path, root: Path, name: str) -> Path:
    """Atomically replace ``<root>/<name>`` with ``staging``; return the published path.

    Raises :class:`RunError` (nothing changed) when ``<root>/<name>`` is not
    a report cchc published.
    """
    root = Path(root)
    staging = Path(staging)
    check_replaceable(root, name)
    make_readable(staging)
    (staging / REPORT_MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
    (staging / STAGING_MARKER).unlink(missing_ok=True)
    dest = root / name
    if not os.path.lexists(dest):
        os.rename(staging, dest)
        return dest
    try:
        exchange(staging, dest)
    except ExchangeUnsupported:
        return _symlink_swap(staging, root, name)
    time.sleep(DISCARD_GRACE)
    # the staging name now holds the previous report; a leftover is cleaned next run
    with contextlib.suppress(OSError):
        _discard(staging, root)
    return dest


def _symlink_swap(staging: Path, root: Path, name: str) -> Path:
    """Publish ``staging`` as ``.v-<name>-*`` and point the ``<name>`` link at it with one rename."""
    dest = root / name
    version = _unique(root, f"{VERSION_PREFIX}{name}-")
    os.rename(staging, version)
    link = _unique(root, f"{TMP_PREFIX}link-{name}-")
    os.symlink(version.name, link)
    if dest.is_symlink():
        previous = _version_of(dest, root)
        os.rename(link, dest)  # atomic: readers see the old link or the new one
        time.sleep(DISCARD_GRACE)
        if previous is not None and previous != version and is_ours(previous):
            shutil.rmtree(previous, ignore_errors=True)
        return dest
    # A real folder from before: turned into a link once, with the old two-rename swap.
    old = _unique(root, f"{OLD_PREFIX}{name}-")
    os.rename(dest, old)
    try:
        os.rename(link, dest)
    except OSError:
        os.rename(old, dest)
        raise
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


#: The landing-page lead (key figures, "Cần xử lý") of a period, reused by the root index.
LEAD_FILE = "index-lead.part"


def html_page(title: str, body: str, org_name: str = "", **facts) -> str:
    """A complete offline HTML page in the shell of the notebook pages (``templates/cchc/page.html.j2``).

    ``body`` is HTML (rendered components); ``facts`` are the header facts
    of :func:`cchc.render.render_html` (``period_label``, ``range_label``,
    ``generated``, ``unit``…).
    """
    from . import __version__
    from .templating import Markup, render

    facts = {"title": title, "org_name": org_name, "version": __version__, **facts}
    return str(render("page.html.j2", c=facts, body=Markup(body))) + "\n"


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
    found.sort(
        key=lambda m: (str(m.get("period_start", "")), str(m.get("period_end", "")), m["folder"]),
        reverse=True,
    )
    return found


def _newest_lead(root: Path, reports: list[dict]) -> str:
    """The newest whole-office period's landing lead (cards, "Cần xử lý"), links made root-relative."""
    from .templating import Markup, rebase_links, render

    for m in reports:
        if m.get("unit") or m.get("field"):  # a unit's, a field's or the comparison
            continue
        try:
            lead = (Path(root) / m["folder"] / LEAD_FILE).read_text(encoding="utf-8")
        except OSError:
            continue
        # the fragment is ours (escaped when written); only its relative links change
        lead = rebase_links(lead, m["folder"])
        return str(
            render(
                "components/root_lead.html.j2",
                folder=m["folder"],
                lead=Markup(lead),
                title=str(m.get("period_label", m["folder"])),
            )
        )
    return ""


def write_root_index(root: Path, org_name: str = "") -> Path:
    """Rebuild ``<root>/index.html``: the newest period's key figures and "Cần xử lý", then every period."""
    reports = published_reports(root)
    items = [
        {
            "folder": m["folder"],
            "label": str(m.get("period_label", m["folder"])),
            "unit": m.get("unit") or "",
            "field": m.get("field") or "",
            "range_label": str(m.get("range_label", "")),
            "generated": str(m.get("generated", "")),
        }
        for m in reports
    ]
    from .templating import Markup, render

    body = render("components/root_index.html.j2", lead=Markup(_newest_lead(root, reports)), reports=items)
    path = Path(root) / "index.html"
    write_text_atomic(path, html_page("Báo cáo cải cách hành chính theo kỳ", body, org_name))
    return path
