"""Indicator definitions, breakdowns, comparison and series (see ``docs/indicators.md``).

Modules: :mod:`.engine` (masks → counts, per total and per group),
:mod:`.dossiers`, :mod:`.tasks`, :mod:`.documents`, :mod:`.training`
(one family each), :mod:`.hand_entered` (key figures), :mod:`.table`
(:func:`compute`, :func:`series`, :func:`value_of`) and :mod:`.comparison`
(:func:`compare`).
"""

from __future__ import annotations

from .comparison import compare
from .engine import TABLE_COLUMNS, UNKNOWN_GROUP, percent_of
from .table import (
    compute,
    document_indicators,
    dossier_indicators,
    prepare,
    series,
    task_indicators,
    training_indicators,
    value_of,
)
from .table import (
    key_figures_table as key_figures,
)

__all__ = [
    "TABLE_COLUMNS",
    "UNKNOWN_GROUP",
    "compare",
    "compute",
    "document_indicators",
    "dossier_indicators",
    "key_figures",
    "percent_of",
    "prepare",
    "series",
    "task_indicators",
    "training_indicators",
    "value_of",
]
