"""Tiny validated-looking frames for unit tests, built from a few hand-written rows.

``make_frame("ho_so", [{"dossier_id": "A", "received_date": "2022-01-03"}])``
gives a frame with exactly the data contract's columns and dtypes (text and
enums ``string``, dates ``datetime64[ns]``, ``signed`` bool, ``plan_year``
Int64, ``value`` float64) followed by the provenance columns, as
``cchc.loading.load_data`` returns them. Missing keys are empty; dates may be
given as ISO text, :class:`datetime.date` or Timestamps.
"""

from __future__ import annotations

import pandas as pd

from cchc.contract import DATASETS, PROVENANCE_COLUMNS


def make_frame(dataset: str, rows: list[dict] | None = None) -> pd.DataFrame:
    """A frame of ``dataset`` holding ``rows`` (unknown keys raise ``KeyError``)."""
    spec = DATASETS[dataset]
    rows = list(rows or [])
    names = spec.column_names
    unknown = {k for r in rows for k in r} - set(names) - set(PROVENANCE_COLUMNS)
    if unknown:
        raise KeyError(f"{dataset} has no columns {sorted(unknown)}")
    data = {}
    for column in spec.columns:
        values = [r.get(column.name) for r in rows]
        if column.kind == "date":
            data[column.name] = pd.to_datetime(
                pd.Series(values, dtype="object"), errors="raise", format="mixed"
            ).astype("datetime64[ns]")
        elif column.kind == "bool":
            data[column.name] = pd.Series([bool(v) for v in values], dtype="bool")
        elif column.kind == "year":
            data[column.name] = pd.Series(values, dtype="Int64")
        elif column.kind == "number":
            data[column.name] = pd.Series(values, dtype="float64")
        else:
            data[column.name] = pd.Series(values, dtype="string")
    data["source_file"] = pd.Series([r.get("source_file", f"{dataset}.xlsx") for r in rows], dtype="string")
    data["source_sheet"] = pd.Series([r.get("source_sheet", "") for r in rows], dtype="string")
    data["source_row"] = pd.Series([r.get("source_row", i + 2) for i, r in enumerate(rows)], dtype="int64")
    return pd.DataFrame(data, columns=[*names, *PROVENANCE_COLUMNS])


def empty_frames() -> dict[str, pd.DataFrame]:
    """Every dataset as an empty frame."""
    return {name: make_frame(name, []) for name in DATASETS}
