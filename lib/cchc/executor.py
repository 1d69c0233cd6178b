"""The worker side of ``cchc run``: execute one notebook with papermill, render it to HTML.

Runs in the run's worker processes (:mod:`cchc.processes`); everything it
returns is a plain, picklable dict.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .render import page_title, render_html

__all__ = ["CELL_TIMEOUT", "KERNEL_START_RETRIES", "execute_and_render", "warm_up"]

CELL_TIMEOUT = 600


def warm_up() -> int:
    """Import the heavy modules in a fresh worker while the parent loads data."""
    import nbformat
    import papermill  # noqa: F401

    render_html(nbformat.v4.new_notebook(), {})  # loads the templates once per worker
    return os.getpid()


#: A kernel that dies before replying to ``kernel_info`` (a port taken between jupyter_client
#: choosing it and the kernel binding it, when many kernels start at once as with
#: ``--unit all``) ran no cell: its notebook is started again, at most this many times.
KERNEL_START_RETRIES = 2
_KERNEL_START_FAILURE = "Kernel died before replying to kernel_info"


def _execute(papermill, job: dict) -> None:
    """papermill on ``job``, started again when the kernel failed to start (no cell ran)."""
    for attempt in range(KERNEL_START_RETRIES + 1):  # a couple of attempts, not records
        try:
            papermill.execute_notebook(
                job["input"], job["output"], parameters=job["parameters"],
                kernel_name=job["kernel"], cwd=job["cwd"], progress_bar=False, log_output=False,
                request_save_on_cell_execute=False, execution_timeout=CELL_TIMEOUT,
            )
            return
        except RuntimeError as exc:
            if _KERNEL_START_FAILURE not in str(exc) or attempt == KERNEL_START_RETRIES:
                raise


def execute_and_render(job: dict) -> dict:
    """Execute one notebook with papermill, then render it to HTML (runs in a worker).

    Returns a plain dict (picklable): ``name``, ``ok``, ``seconds`` (execute,
    render) and, on failure, ``cell_index``, ``cell_source``, ``error``.
    """
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    import logging

    logging.getLogger("papermill").setLevel(logging.ERROR)
    name = job["name"]
    started = time.perf_counter()
    try:
        _execute(papermill, job)
    except PapermillExecutionError as exc:
        index = exc.cell_index
        try:  # report the cell as numbered in the committed notebook (before injection)
            executed = nbformat.read(job["output"], as_version=4)
            injected = [i for i, c in enumerate(executed.cells)
                        if "injected-parameters" in c.metadata.get("tags", [])]
            if injected and index > injected[0]:
                index -= 1
        except Exception:  # noqa: BLE001 - best effort only
            pass
        first = next((ln for ln in str(exc.source).splitlines() if ln.strip()), "")
        return {"name": name, "ok": False, "cell_index": index, "cell_source": first.strip(),
                "error": f"{exc.ename}: {exc.evalue}", "seconds": time.perf_counter() - started}
    except Exception as exc:  # noqa: BLE001 - kernel died, timeout, unreadable notebook…
        return {"name": name, "ok": False, "cell_index": None, "cell_source": "",
                "error": f"{type(exc).__name__}: {exc}", "seconds": time.perf_counter() - started}
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
    except Exception as exc:  # noqa: BLE001
        return {"name": name, "ok": False, "cell_index": None, "cell_source": "",
                "error": f"HTML: {type(exc).__name__}: {exc}", "seconds": time.perf_counter() - started}
    done = time.perf_counter()
    return {"name": name, "ok": True, "seconds": done - started,
            "seconds_execute": executed_at - started, "seconds_render": done - executed_at,
            "title": page_title(nb)}
