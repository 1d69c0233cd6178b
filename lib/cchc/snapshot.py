"""One snapshot of a run's inputs, shared by every output of the run.

``cchc run`` loads and validates the raw folder once, then writes what it
loaded into a private folder of its staging folder (``.snapshot/``):

- the validated frames, one typed Parquet file per dataset;
- ``meta.json``: the files read (name, dataset, SHA-256, size, rows), the
  missing datasets, the loader's notices and warnings;
- the office's settings file (``bao_cao.toml``) and the period's narrative
  (``narrative/<period>.md``) exactly as they were read right after the
  load; for a ``--unit`` run the narrative is the unit's own file
  (:func:`unit_narrative_name`), or none.

The run computes every figure from the same load into the period bundle
(:mod:`cchc.indicators.bundle`); every notebook receives the snapshot's
path as its ``snapshot`` parameter for what the bundle does not hold (the
files read, the data-quality findings) and reads it through
:func:`load_page_data`, so the figures, the pages, the Word report and the
manifest's input hashes all come from the same data even when files change
in the raw folder during the run. With an empty ``snapshot`` (a notebook
opened in JupyterLab) they load ``data_dir`` as before, and
:func:`~cchc.indicators.bundle.page_bundle` reads the settings and the
narrative through :func:`report_inputs`. The snapshot is deleted before
the report is published.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .contract import DATASETS
from .loading import LoadedData, SourceFile, empty_frame, load_data
from .problems import Problem
from .settings import SETTINGS_FILE_NAME, ReportSettings, load_report_settings

SNAPSHOT_DIR = ".snapshot"
NARRATIVE_DIR = "narrative"
META = "meta.json"


@dataclass(frozen=True)
class InputTexts:
    """The settings file and the narrative of a run, as read right after the data.

    ``files`` maps a path relative to the raw folder (``bao_cao.toml``,
    ``narrative/2022-H1.md``) to its bytes; ``narrative`` is the key of the
    narrative used (None: generated sentences only).
    """

    files: dict[str, bytes] = field(default_factory=dict)
    narrative: str | None = None

    def hashes(self) -> list[dict]:
        """Name, SHA-256 and size of each text input (for the manifest)."""
        return [
            {"file": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in sorted(self.files.items())
        ]


def known_units(frames: Mapping[str, pd.DataFrame]) -> list[str]:
    """Every office unit named in any dataset (not units of measure), sorted."""
    from .indicators.views import MEASURE_UNIT_DATASETS

    names: set[str] = set()
    for name, frame in frames.items():
        if "unit" in frame.columns and name not in MEASURE_UNIT_DATASETS:
            names.update(str(u) for u in frame["unit"].dropna().unique())
    return sorted(names)


def unit_narrative_name(period_code: str, unit: str, units: Iterable[str] = ()) -> str:
    """File name of a unit's own narrative: ``<period>.<unit slug>.md``.

    The unit part is the one of the unit's report folder
    (:func:`cchc.publish.folder_name`): ``2022-H1.phong-tu-phap.md``.
    """
    from .publish import folder_name

    return f"{period_code}.{folder_name(period_code, unit, units)[len(period_code) + 1 :]}.md"


def read_input_texts(
    raw_dir: Path | str, period_code: str, unit: str | None = None, units: Iterable[str] = ()
) -> InputTexts:
    """Read the settings file and the period's narrative (the unit's own for a unit run)."""
    raw = Path(raw_dir)
    files: dict[str, bytes] = {}
    settings = raw / SETTINGS_FILE_NAME
    if settings.is_file():
        files[SETTINGS_FILE_NAME] = settings.read_bytes()
    name = unit_narrative_name(period_code, unit, units) if unit else f"{period_code}.md"
    narrative = raw / NARRATIVE_DIR / name
    key = None
    if narrative.is_file():
        key = f"{NARRATIVE_DIR}/{name}"
        files[key] = narrative.read_bytes()
    return InputTexts(files, key)


def write_snapshot(folder: Path | str, data: LoadedData, texts: InputTexts, period_code: str) -> Path:
    """Write ``data`` and ``texts`` into a new folder ``folder``; return it.

    The narrative is stored as ``narrative/<period>.md`` whichever file it
    came from, so the report reads it like any period narrative.
    """
    folder = Path(folder)
    folder.mkdir()
    for name, frame in data.frames.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    meta = {
        "files": [f.to_dict() for f in data.files],
        "missing": list(data.missing),
        "notices": [p.to_dict() for p in data.notices],
        "warnings": [p.to_dict() for p in data.warnings],
        "texts": texts.hashes(),
        "narrative_source": texts.narrative,
    }
    (folder / META).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    if SETTINGS_FILE_NAME in texts.files:
        (folder / SETTINGS_FILE_NAME).write_bytes(texts.files[SETTINGS_FILE_NAME])
    (folder / NARRATIVE_DIR).mkdir()
    if texts.narrative is not None:
        (folder / NARRATIVE_DIR / f"{period_code}.md").write_bytes(texts.files[texts.narrative])
    return folder


def read_snapshot(folder: Path | str, raw_dir: Path | str) -> LoadedData:
    """The :class:`~cchc.loading.LoadedData` a run wrote with :func:`write_snapshot`.

    ``raw_dir`` is the data folder the files are reported under (only their
    names are ever shown).
    """
    folder, raw = Path(folder), Path(raw_dir)
    meta = json.loads((folder / META).read_text(encoding="utf-8"))
    frames = {}
    for name in DATASETS:
        template = empty_frame(name)
        frames[name] = pd.read_parquet(folder / f"{name}.parquet").astype(template.dtypes.to_dict())
    files = [
        SourceFile(raw / f["file"], f["dataset"], f["sha256"], f["size"], f["rows"]) for f in meta["files"]
    ]
    return LoadedData(
        frames,
        files,
        raw,
        meta["missing"],
        [Problem(**p) for p in meta["notices"]],
        [Problem(**p) for p in meta["warnings"]],
    )


def load_page_data(data_dir: Path | str, snapshot: str = "") -> LoadedData:
    """The data a page shows: the run's snapshot when given, else ``load_data(data_dir)``."""
    if snapshot:
        return read_snapshot(snapshot, data_dir)
    return load_data(data_dir)


def report_inputs(
    data_dir: Path | str, snapshot: str, period_code: str, unit: str = ""
) -> tuple[ReportSettings, Path | None]:
    """The office's settings and the narrative folder for the report page.

    With a snapshot: its copies (the narrative already chosen for the unit).
    Without: ``data_dir``'s settings and, for all units, ``data_dir/narrative``;
    for one unit, the unit's own narrative (:func:`unit_narrative_name`)
    copied to a private temporary folder, or None (generated text only) —
    never the office's narrative.
    """
    if snapshot:
        return load_report_settings(snapshot), Path(snapshot) / NARRATIVE_DIR
    settings = load_report_settings(data_dir)
    if not unit:
        return settings, Path(data_dir) / NARRATIVE_DIR
    texts = read_input_texts(data_dir, period_code, unit)
    if texts.narrative is None:
        return settings, None
    folder = Path(tempfile.mkdtemp(prefix="cchc-narrative-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    (folder / f"{period_code}.md").write_bytes(texts.files[texts.narrative])
    return settings, folder
