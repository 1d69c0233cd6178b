"""The worker side of ``cchc run``: execute one notebook with papermill, render it to HTML.

Runs in the run's worker processes (:mod:`cchc.processes`); everything it
returns is a plain, picklable dict.

**One warm kernel per worker.** Starting a kernel and importing pandas,
matplotlib and cchc in it cost more than most pages' own work, so each
worker starts one kernel (at warm-up, while the run loads the data), imports
those modules once (:func:`cchc.kernel_state.warm_up`) and executes every
notebook it is given in that kernel: papermill parameterises the notebook and
records it as usual, through an engine (:class:`WarmEngine`) that hands
nbclient the running kernel instead of starting one. Before each notebook
:func:`cchc.kernel_state.fresh_start` resets the user namespace, figures,
matplotlib settings, formatters, working directory and environment, so no
page sees another's state. A kernel that failed a notebook (an error, a
timeout, a crash) is shut down and the next notebook gets a new one.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing.util
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .render import page_title, render_html

__all__ = [
    "CELL_TIMEOUT",
    "KERNEL_START_RETRIES",
    "WARM_ENGINE",
    "WarmKernel",
    "execute_and_render",
    "warm_up",
]

CELL_TIMEOUT = 600
#: Seconds allowed for the reset run in the kernel before each notebook.
RESET_TIMEOUT = 60
#: papermill's name for :class:`WarmEngine`.
WARM_ENGINE = "cchc-warm"

#: A kernel that dies before replying to ``kernel_info`` (a port taken between jupyter_client
#: choosing it and the kernel binding it, when many kernels start at once as with
#: ``--unit all``) ran no cell: it is started again, at most this many times.
KERNEL_START_RETRIES = 2
_KERNEL_START_FAILURE = "Kernel died before replying to kernel_info"


def _skip_iri_format_checks() -> None:
    """Spare each worker ~3 s: keep ``jsonschema`` from importing ``rfc3987_syntax``.

    ``import nbformat`` imports jsonschema, whose format checkers import
    ``rfc3987_syntax`` when installed (JupyterLab's ``jupyter-events`` needs it),
    which builds a Lark grammar at import. The notebook schema checks no IRI
    format, so marking the module as absent (``sys.modules[name] = None``, the
    documented way to make an import fail) changes no validation here. Only
    in the run's worker processes, and only before jsonschema is imported.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def _start_with_retries(start: Callable[[], object]):
    """``start()``, called again when the kernel died before replying (no cell ran)."""
    for attempt in range(KERNEL_START_RETRIES + 1):  # a couple of attempts, not records
        try:
            return start()
        except RuntimeError as exc:
            if _KERNEL_START_FAILURE not in str(exc) or attempt == KERNEL_START_RETRIES:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


class WarmKernel:
    """One running kernel of ``kernel_name`` with the report's modules imported, reused per notebook."""

    def __init__(self, kernel_name: str, cwd: str) -> None:
        self.kernel_name = kernel_name
        self.client = _start_with_retries(lambda: self._start(kernel_name, cwd))
        self.run("__import__('cchc.kernel_state', fromlist=['_']).warm_up()")

    @staticmethod
    def _start(kernel_name: str, cwd: str):
        import nbformat
        from nbclient import NotebookClient

        # nbclient starts the kernel exactly as it would for one notebook; shut down at once when done
        client = NotebookClient(
            nbformat.v4.new_notebook(),
            kernel_name=kernel_name,
            startup_timeout=60,
            shutdown_kernel="immediate",
        )
        client.km = client.create_kernel_manager()
        client.start_new_kernel(cwd=cwd)
        client.start_new_kernel_client()  # on failure it has shut the kernel down already
        return client

    @property
    def km(self):
        return self.client.km

    @property
    def kc(self):
        return self.client.kc

    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        try:
            return self.km is not None and bool(run_sync(self._is_alive)())
        except Exception:
            return False

    async def _is_alive(self):
        from jupyter_core.utils import ensure_async

        return await ensure_async(self.km.is_alive())

    def run(self, code: str, timeout: float = RESET_TIMEOUT) -> None:
        """Run ``code`` silently (no history, no output kept); raise if it fails."""
        from jupyter_core.utils import run_sync

        reply = run_sync(self.kc.execute_interactive)(
            code, silent=True, store_history=False, timeout=timeout, output_hook=lambda msg: None
        )
        content = reply["content"]
        if content.get("status") != "ok":
            raise RuntimeError(f"{content.get('ename', 'Error')}: {content.get('evalue', '')}")

    def fresh_start(self, cwd: str) -> None:
        """Reset the kernel's state for the next notebook, working in ``cwd``."""
        self.run(f"__import__('cchc.kernel_state', fromlist=['_']).fresh_start({str(cwd)!r})")

    def close(self) -> None:
        """Shut the kernel down now (best effort)."""
        if self.client.km is None:
            return
        with contextlib.suppress(Exception):  # it is being discarded either way
            self.client._cleanup_kernel()


_KERNEL: WarmKernel | None = None
_FINALIZER: list = []


def _discard_kernel() -> None:
    global _KERNEL
    if _KERNEL is not None:
        _KERNEL.close()
        _KERNEL = None


def _kernel(kernel_name: str, cwd: str) -> WarmKernel:
    """This worker's warm kernel, started (again) when missing, dead or of another name."""
    global _KERNEL
    if _KERNEL is not None and (_KERNEL.kernel_name != kernel_name or not _KERNEL.alive()):
        _discard_kernel()
    if _KERNEL is None:
        if not _FINALIZER:  # a worker exits through multiprocessing: finalizers run, atexit does not
            _FINALIZER.append(multiprocessing.util.Finalize(None, _discard_kernel, exitpriority=10))
        _KERNEL = WarmKernel(kernel_name, cwd)
    return _KERNEL


def _register_engine() -> None:
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class WarmEngine(NBClientEngine):
        """papermill's nbclient engine, executing in the worker's :class:`WarmKernel`."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            warm_kernel=None,
            **kwargs,
        ):
            client = PapermillNotebookClient(
                nb_man,
                km=warm_kernel.km,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logging.getLogger("papermill"),
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            client.kc = warm_kernel.kc  # so nbclient neither starts nor stops a client or a kernel
            return client.execute()

    papermill_engines.register(WARM_ENGINE, WarmEngine)


def warm_up(kernel_name: str | None = None, cwd: str | None = None) -> int:
    """Prepare a fresh worker while the parent loads data: imports, templates, the warm kernel.

    A kernel that cannot start here is started again by the first notebook,
    which then reports the error.
    """
    _skip_iri_format_checks()
    import nbformat
    import papermill  # noqa: F401

    _register_engine()
    render_html(nbformat.v4.new_notebook(), {})  # loads the templates once per worker
    if kernel_name:
        try:
            _kernel(kernel_name, cwd or os.getcwd())
        except Exception:
            _discard_kernel()
    return os.getpid()


def _execute(papermill, job: dict) -> None:
    """papermill on ``job`` in this worker's warm kernel, reset first."""
    kernel = _kernel(job["kernel"], job["cwd"])
    try:
        kernel.fresh_start(job["cwd"])
    except Exception:
        _discard_kernel()
        kernel = _kernel(job["kernel"], job["cwd"])
        kernel.fresh_start(job["cwd"])
    papermill.execute_notebook(
        job["input"],
        job["output"],
        parameters=job["parameters"],
        engine_name=WARM_ENGINE,
        kernel_name=job["kernel"],
        cwd=job["cwd"],
        progress_bar=False,
        log_output=False,
        request_save_on_cell_execute=False,
        execution_timeout=CELL_TIMEOUT,
        warm_kernel=kernel,
    )


def execute_and_render(job: dict) -> dict:
    """Execute one notebook with papermill, then render it to HTML (runs in a worker).

    Returns a plain dict (picklable): ``name``, ``ok``, ``seconds`` (execute,
    render) and, on failure, ``cell_index``, ``cell_source``, ``error``.
    """
    _skip_iri_format_checks()
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    logging.getLogger("papermill").setLevel(logging.ERROR)
    _register_engine()
    name = job["name"]
    started = time.perf_counter()
    try:
        _execute(papermill, job)
    except PapermillExecutionError as exc:
        _discard_kernel()  # its state after a failure is unknown
        index = exc.cell_index
        try:  # report the cell as numbered in the committed notebook (before injection)
            executed = nbformat.read(job["output"], as_version=4)
            cells = [
                c
                for c in executed.cells  # without the error banner papermill adds on top
                if "papermill-error-cell-tag" not in c.metadata.get("tags", [])
            ]
            injected = [i for i, c in enumerate(cells) if "injected-parameters" in c.metadata.get("tags", [])]
            if injected and index > injected[0]:
                index -= 1
        except Exception:
            pass
        first = next((ln for ln in str(exc.source).splitlines() if ln.strip()), "")
        return {
            "name": name,
            "ok": False,
            "cell_index": index,
            "cell_source": first.strip(),
            "error": f"{exc.ename}: {exc.evalue}",
            "seconds": time.perf_counter() - started,
        }
    except Exception as exc:
        _discard_kernel()
        return {
            "name": name,
            "ok": False,
            "cell_index": None,
            "cell_source": "",
            "error": f"{type(exc).__name__}: {exc}",
            "seconds": time.perf_counter() - started,
        }
    executed_at = time.perf_counter()
    try:
        nb = nbformat.read(job["output"], as_version=4)
        # papermill records absolute input/output paths; the audit copy names the files only
        record = nb.metadata.get("papermill", {})
        if "input_path" in record:
            record["input_path"] = f"notebooks/{name}"
            record["output_path"] = name
            nbformat.write(nb, job["output"])
        Path(job["html"]).write_text(render_html(nb, job["page"]), encoding="utf-8")
    except Exception as exc:
        return {
            "name": name,
            "ok": False,
            "cell_index": None,
            "cell_source": "",
            "error": f"HTML: {type(exc).__name__}: {exc}",
            "seconds": time.perf_counter() - started,
        }
    done = time.perf_counter()
    return {
        "name": name,
        "ok": True,
        "seconds": done - started,
        "seconds_execute": executed_at - started,
        "seconds_render": done - executed_at,
        "title": page_title(nb),
    }
