"""cchc: administrative-reform (CCHC) indicators and reports from an office's spreadsheets.

The public API for analysts (imported lazily, so ``import cchc`` stays fast):

>>> import cchc
>>> data = cchc.load_data("data/raw")                      # doctest: +SKIP
>>> table = cchc.compute(data.frames, "2022-H1")           # doctest: +SKIP
>>> cchc.value_of(table, "hs_received")                    # doctest: +SKIP
566.0
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "load_data": "cchc.loading",
    "LoadedData": "cchc.loading",
    "DataError": "cchc.problems",
    "parse_period": "cchc.periods",
    "Period": "cchc.periods",
    "compute": "cchc.indicators",
    "compare": "cchc.indicators",
    "series": "cchc.indicators",
    "value_of": "cchc.indicators",
    "build_bundle": "cchc.indicators.bundle",
    "load_bundle": "cchc.indicators.bundle",
    "page_bundle": "cchc.indicators.bundle",
    "dossier_indicators": "cchc.indicators",
    "task_indicators": "cchc.indicators",
    "document_indicators": "cchc.indicators",
    "training_indicators": "cchc.indicators",
    "key_figures": "cchc.indicators",
    "PeriodError": "cchc.periods",
    "months_in": "cchc.periods",
    "periods_covering": "cchc.periods",
    "fmt_change": "cchc.formatting",
    "fmt_count2": "cchc.formatting",
    "fmt_int": "cchc.formatting",
    "fmt_number": "cchc.formatting",
    "fmt_pct": "cchc.formatting",
    "fmt_money": "cchc.formatting",
    "fmt_date": "cchc.formatting",
    "fmt_value": "cchc.formatting",
    "data_folder": "cchc.config",
    "reports_folder": "cchc.config",
    "notebook_output_folder": "cchc.config",
    "resolve_path": "cchc.config",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cchc' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
