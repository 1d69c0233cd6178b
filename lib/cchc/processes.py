"""Worker processes that never outlive the run that started them.

``cchc run`` executes notebooks in worker processes, each of which starts a
Jupyter kernel (in a session of its own, so a signal to the run's process
group does not reach it). Three mechanisms make sure none of them keeps
running once the run is over, however it ends:

- :func:`worker_init` (the pool's initializer) makes a worker ignore
  Ctrl-C (the run decides), turns SIGTERM into "kill my kernel, then exit",
  asks Linux to send that SIGTERM when the run dies
  (``prctl(PR_SET_PDEATHSIG)``), and starts a thread that checks every
  0.2 s that the run is still its parent (any system; also covers a
  parent killed with SIGKILL);
- :func:`stop_workers` (the run, on failure or on a stop request) freezes
  the workers, kills them and every process they started, and waits until
  all are gone, before the staging folder is deleted and the lock released;
- :class:`StopSignals` turns SIGTERM and SIGINT received by the run into a
  :class:`RunStopped` exception, so the run cleans up and says so.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

import psutil

from .publish import RunError

#: Seconds between two checks that the run is still alive (in each worker).
PARENT_POLL = 0.2
_PR_SET_PDEATHSIG = 1


class RunStopped(RunError):
    """The run received SIGTERM or SIGINT and stopped."""

    def __init__(self, signum: int, published: bool = False):
        name = signal.Signals(signum).name
        if published:
            vi = (
                f"Đã dừng theo yêu cầu ({name}) sau khi báo cáo mới đã được xuất bản; "
                "danh sách các kỳ báo cáo (index.html) có thể chưa được cập nhật."
            )
            en = (
                f"Stopped on request ({name}) after the new report was published; the list of "
                "reports (index.html) may not be updated."
            )
        else:
            vi = f"Đã dừng theo yêu cầu ({name}). Không xuất bản báo cáo nào; báo cáo đã có được giữ nguyên."
            en = f"Stopped on request ({name}). Nothing was published; the previous report is unchanged."
        super().__init__(vi, en, exit_code=128 + int(signum))
        self.signum = signum


def descendants(pid: int) -> list[psutil.Process]:
    """Every living process started (directly or not) by ``pid``."""
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def _gone(proc: psutil.Process) -> bool:
    try:
        return proc.status() == psutil.STATUS_ZOMBIE
    except psutil.Error:
        return True


def kill_and_wait(procs: list[psutil.Process], timeout: float = 10.0) -> list[psutil.Process]:
    """SIGKILL ``procs`` and wait until each is gone (or a zombie); return those still running."""
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    deadline = time.monotonic() + timeout
    alive = [p for p in procs if not _gone(p)]
    while alive and time.monotonic() < deadline:
        time.sleep(0.02)
        alive = [p for p in alive if not _gone(p)]
    return alive


def _die() -> None:
    """Kill everything this worker started (its kernel), then exit at once."""
    kill_and_wait(descendants(os.getpid()), timeout=5.0)
    os._exit(1)


def _on_term(signum, frame) -> None:
    _die()


def _set_parent_death_signal(signum: int) -> None:
    """Linux: have the kernel send ``signum`` to this process when its parent dies."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - the polling thread still works
        pass


def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            _die()
        time.sleep(PARENT_POLL)


def worker_init(parent: int) -> None:
    """Initializer of the run's worker processes (see the module docstring)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_term)
    _set_parent_death_signal(signal.SIGTERM)
    if os.getppid() != parent:  # the run died before the signal was armed
        _die()
    threading.Thread(target=_watch_parent, args=(parent,), name="cchc-parent-watch", daemon=True).start()


def stop_workers(pool) -> None:
    """Stop a :class:`~concurrent.futures.ProcessPoolExecutor`'s workers and all they started.

    The workers are frozen first (SIGSTOP: no new kernel can start), then
    they and their descendants are killed; returns once all are gone, so
    nothing they run can write anything afterwards.
    """
    workers = [p for p in list((getattr(pool, "_processes", None) or {}).values()) if p.pid]
    procs: list[psutil.Process] = []
    for worker in workers:
        try:
            os.kill(worker.pid, signal.SIGSTOP)
        except OSError:
            continue
    for worker in workers:
        try:
            procs.append(psutil.Process(worker.pid))
        except psutil.Error:
            continue
        procs.extend(descendants(worker.pid))
    kill_and_wait(procs)
    for worker in workers:
        worker.join(timeout=5)
    pool.shutdown(wait=True, cancel_futures=True)


class StopSignals:
    """Context manager: SIGTERM/SIGINT raise :class:`RunStopped` once, then are ignored.

    Only installs handlers in the main thread (elsewhere it does nothing);
    restores the previous handlers on exit. ``published`` is passed to the
    exception, so a stop after the swap says the new report is live; set it
    inside :meth:`blocked` together with the swap.
    """

    SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __init__(self) -> None:
        self.published = False
        self._previous: dict[int, object] = {}

    def _handler(self, signum, frame):
        for sig in self.SIGNALS:
            signal.signal(sig, signal.SIG_IGN)  # the clean-up must not be interrupted
        raise RunStopped(signum, self.published)

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for sig in self.SIGNALS:
                self._previous[sig] = signal.signal(sig, self._handler)
        return self

    def __exit__(self, *exc) -> None:
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)

    def blocked(self):
        """Context manager delaying SIGTERM/SIGINT (delivered on exit) around a critical step."""
        return _Blocked(self.SIGNALS if self._previous else ())


class _Blocked:
    def __init__(self, signals) -> None:
        self.signals = set(signals)

    def __enter__(self):
        if self.signals and hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_BLOCK, self.signals)

    def __exit__(self, *exc):
        if self.signals and hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_UNBLOCK, self.signals)
