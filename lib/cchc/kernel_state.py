"""Inside a warm kernel: the state every notebook starts from (see :mod:`cchc.executor`).

A run's worker keeps one Jupyter kernel for every notebook it executes. Once
the kernel has imported the heavy modules (:func:`warm_up`), the state a
notebook can change is recorded; :func:`fresh_start`, run before each
notebook, puts it back, so no notebook sees what the previous one left:

- the user namespace (``get_ipython().reset``; imported modules stay loaded,
  which is the point) and the execution counter (cells numbered from 1);
- matplotlib: every figure closed, ``rcParams`` as recorded;
- IPython's display formatters (``charts.use_report_style`` registers some);
- the working directory, ``os.environ``, ``sys.path``, the warning filters,
  pandas' options.

What a notebook does to the *modules themselves* (assigning a module's
attribute) is not undone: report notebooks must not patch library code.
"""

from __future__ import annotations

import importlib
import os
import sys
import warnings

__all__ = ["WARM_MODULES", "fresh_start", "warm_up"]

#: Imported once per kernel at warm-up: what the report notebooks import.
WARM_MODULES = (
    "pandas",
    "matplotlib.pyplot",
    "IPython.display",
    "cchc",
    "cchc.charts",
    "cchc.pages",
    "cchc.tables",
    "cchc.snapshot",
    "cchc.periods",
    "cchc.audit",
    "cchc.report",
)

_BASELINE: dict | None = None


def _shell():
    from IPython import get_ipython

    return get_ipython()


def _capture() -> dict:
    import matplotlib

    shell = _shell()
    formatters = {}
    if shell is not None:
        formatters = {
            mime: (dict(f.type_printers), dict(f.deferred_printers), dict(f.singleton_printers))
            for mime, f in shell.display_formatter.formatters.items()
        }
    return {
        "rc": {k: v for k, v in matplotlib.rcParams.copy().items() if k != "backend"},
        "environ": dict(os.environ),
        "path": list(sys.path),
        "warnings": list(warnings.filters),
        "formatters": formatters,
    }


def warm_up(modules: tuple[str, ...] = WARM_MODULES) -> None:
    """Import ``modules``, then record the state :func:`fresh_start` restores."""
    global _BASELINE
    for name in modules:
        importlib.import_module(name)
    _BASELINE = _capture()


def fresh_start(cwd: str) -> None:
    """Give the next notebook the kernel as it was after :func:`warm_up`, working in ``cwd``."""
    import matplotlib
    import matplotlib.pyplot as plt
    import pandas as pd

    if _BASELINE is None:
        warm_up()
    base = _BASELINE
    shell = _shell()
    if shell is not None:
        shell.reset(new_session=False)
        for mime, (types, deferred, singletons) in base["formatters"].items():
            formatter = shell.display_formatter.formatters[mime]
            formatter.type_printers.clear()
            formatter.type_printers.update(types)
            formatter.deferred_printers.clear()
            formatter.deferred_printers.update(deferred)
            formatter.singleton_printers.clear()
            formatter.singleton_printers.update(singletons)
    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.rcParams.update(base["rc"])
        pd.reset_option("all")
    for key in set(os.environ) - set(base["environ"]):
        del os.environ[key]
    os.environ.update(base["environ"])
    sys.path[:] = base["path"]
    warnings.filters[:] = base["warnings"]
    getattr(warnings, "_filters_mutated", lambda: None)()  # the filters' cache
    os.chdir(cwd)
    if shell is not None:
        shell.execution_count = 1
