"""One warm kernel per worker (issue 12): reused, reset between notebooks, replaced after a failure.

The executor runs here in the test process itself (as a worker would), on the
tiny notebooks of ``tests/fixtures/warm_kernel``: a few seconds in all.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cchc import config, executor

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "warm_kernel"


@pytest.fixture
def job(tmp_path):
    """``job(name, **changes)``: an executor job for a fixture notebook, its outputs in ``tmp_path``."""
    count = iter(range(1000))

    def make(name: str, folder: Path = FIXTURES, **changes) -> dict:
        i = next(count)
        return {
            "name": name,
            "input": str(folder / name),
            "output": str(tmp_path / f"{i}-{name}"),
            "html": str(tmp_path / f"{i}.html"),
            "parameters": {"period": "2022-Q1"},
            "kernel": config.KERNEL_NAME,
            "cwd": str(folder),
            "page": {},
            **changes,
        }

    yield make
    executor._discard_kernel()


def kernel_pid(output: str) -> int:
    nb = json.loads(Path(output).read_text(encoding="utf-8"))
    text = "".join(
        "".join(o.get("text", ""))
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
    )
    return int(re.search(r"kernel (\d+)", text).group(1))


def code_notebook(folder: Path, name: str, source: str) -> Path:
    """A notebook with a parameters cell and one code cell ``source``."""
    import nbformat

    nb = nbformat.read(FIXTURES / "02_checks_state.ipynb", as_version=4)
    nb.cells[2].source = source
    nb.cells = nb.cells[:3]
    folder.mkdir(exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder / name


def test_one_kernel_runs_every_notebook_and_none_sees_the_previous_ones_state(job):
    changes, checks = job("01_changes_state.ipynb"), job("02_checks_state.ipynb")
    first, second = executor.execute_and_render(changes), executor.execute_and_render(checks)
    assert first["ok"], first
    assert second["ok"], second  # variables, figures, rcParams, options, environ, path, cwd reset
    assert kernel_pid(changes["output"]) == kernel_pid(checks["output"])
    executed = json.loads(Path(checks["output"]).read_text(encoding="utf-8"))
    counts = [c["execution_count"] for c in executed["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1))  # numbered as in a fresh kernel
    assert executed["metadata"]["papermill"]["parameters"] == {"period": "2022-Q1"}


def test_without_the_reset_the_state_would_leak(job, monkeypatch):
    """The checks notebook does detect leaks: with the reset reduced to ``chdir`` it fails."""
    monkeypatch.setattr(
        executor.WarmKernel, "fresh_start", lambda self, cwd: self.run(f"import os; os.chdir({cwd!r})")
    )
    assert executor.execute_and_render(job("01_changes_state.ipynb"))["ok"]
    result = executor.execute_and_render(job("02_checks_state.ipynb"))
    assert not result["ok"] and "leaked" in result["error"], result


def test_a_failed_notebook_is_reported_by_its_committed_cell_and_its_kernel_replaced(job, tmp_path):
    folder = tmp_path / "nb"
    code_notebook(folder, "01_pid.ipynb", "import os\nprint(f'kernel {os.getpid()}')")
    code_notebook(folder, "02_fails.ipynb", "\nx = 1\nraise ValueError('hỏng')")
    before = job("01_pid.ipynb", folder)
    assert executor.execute_and_render(before)["ok"]
    failed = executor.execute_and_render(job("02_fails.ipynb", folder))
    assert not failed["ok"]
    assert (failed["cell_index"], failed["cell_source"], failed["error"]) == (2, "x = 1", "ValueError: hỏng")
    assert executor._KERNEL is None  # discarded: its state after a failure is unknown
    after = job("01_pid.ipynb", folder)
    assert executor.execute_and_render(after)["ok"]
    assert kernel_pid(after["output"]) != kernel_pid(before["output"])


def test_a_kernel_that_dies_fails_its_notebook_and_the_next_one_gets_a_new_kernel(job, tmp_path):
    folder = tmp_path / "nb"
    code_notebook(folder, "01_dies.ipynb", "import os\nos._exit(1)")
    code_notebook(folder, "02_pid.ipynb", "import os\nprint(f'kernel {os.getpid()}')")
    died = executor.execute_and_render(job("01_dies.ipynb", folder))
    assert not died["ok"] and "DeadKernelError" in died["error"], died
    assert executor.execute_and_render(job("02_pid.ipynb", folder))["ok"]


def test_a_cell_over_the_time_limit_fails_its_notebook(job, tmp_path, monkeypatch):
    monkeypatch.setattr(executor, "CELL_TIMEOUT", 1)
    folder = tmp_path / "nb"
    code_notebook(folder, "01_slow.ipynb", "import time\ntime.sleep(30)")
    slow = executor.execute_and_render(job("01_slow.ipynb", folder))
    assert not slow["ok"] and "Timeout" in slow["error"], slow
    assert slow["seconds"] < 25


def test_a_kernel_that_fails_to_start_is_started_again_but_a_dead_kernel_is_not():
    calls = []

    def port_race():
        calls.append(1)
        if len(calls) <= executor.KERNEL_START_RETRIES:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return "kernel"

    assert executor._start_with_retries(port_race) == "kernel"
    assert len(calls) == executor.KERNEL_START_RETRIES + 1

    calls.clear()

    def always():
        calls.append(1)
        raise RuntimeError("Kernel died before replying to kernel_info")

    with pytest.raises(RuntimeError):
        executor._start_with_retries(always)
    assert len(calls) == executor.KERNEL_START_RETRIES + 1

    calls.clear()

    def other():
        calls.append(1)
        raise RuntimeError("Kernel died")

    with pytest.raises(RuntimeError):
        executor._start_with_retries(other)
    assert len(calls) == 1


def test_workers_never_build_the_rfc3987_grammar():
    import subprocess
    import sys

    code = (
        "from cchc import executor; executor.warm_up(); import sys; "
        "print('rfc3987_syntax.syntax_helpers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr
