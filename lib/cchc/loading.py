"""Load every dataset from a raw folder: read, validate, concatenate, cache.

``load_data(raw_dir)`` is the one entry point for the CLI, the notebooks and
analysts. It returns a :class:`LoadedData` or raises
:class:`~cchc.problems.DataError` listing every problem of every file.

Caching: the validated frames are written as typed Parquet under
``data/processed/cache-<key>/`` where the key hashes the raw files' names and
contents (SHA-256), the contract and the package version. When the raw files
have not changed, loading reads the cache instead of the spreadsheets. The
cache folder is written to a temporary name and renamed into place, so a
concurrent reader never sees half a cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import __version__
from .config import data_folder, processed_dir_for
from .contract import DATASETS
from .problems import DataError, Problem, problems_frame
from .reading import ReadError, discover, locate_header, read_grid
from .validation import empty_frame as _empty_frame
from .validation import typed_frame

#: Bump when the validated frames' layout or rules change: old caches are then ignored.
CACHE_SCHEMA = 3


@dataclass(frozen=True)
class SourceFile:
    """One raw input file and what it contributed."""

    path: Path
    dataset: str
    sha256: str
    size: int
    rows: int = 0

    def to_dict(self) -> dict:
        return {"file": self.path.name, "dataset": self.dataset, "sha256": self.sha256,
                "size": self.size, "rows": self.rows}


@dataclass
class LoadedData:
    """The validated data of one raw folder."""

    frames: dict[str, pd.DataFrame]
    files: list[SourceFile]
    raw_dir: Path
    missing: list[str] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    from_cache: bool = False

    def problems(self) -> list[Problem]:
        return [*self.warnings, *self.notices]

    def problems_frame(self) -> pd.DataFrame:
        """Warnings and notices as a table (severity, file, sheet, row, column, value, messages)."""
        return problems_frame(self.problems())

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]


def empty_frame(name: str) -> pd.DataFrame:
    """The typed, empty frame of dataset ``name``."""
    return _empty_frame(DATASETS[name])


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _contract_fingerprint() -> str:
    spec = {
        name: [(c.name, c.header, c.kind, c.required, c.unique, sorted(c.values.items()), c.aliases)
               for c in d.columns]
        for name, d in DATASETS.items()
    }
    return hashlib.sha256(json.dumps(spec, ensure_ascii=False, default=str).encode()).hexdigest()


def _cache_key(hashes: list[tuple[str, str]]) -> str:
    payload = json.dumps({"schema": CACHE_SCHEMA, "version": __version__,
                          "contract": _contract_fingerprint(), "files": hashes})
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def _missing_notice(name: str) -> Problem:
    title = DATASETS[name].title
    return Problem(
        "notice",
        f"Không có tệp dữ liệu '{name}' ({title}); các chỉ tiêu liên quan để trống.",
        f"No file for dataset '{name}'; its indicators are left empty.",
        dataset=name, code="missing_dataset",
    )


def load_data(raw_dir: Path | str | None = None, *, use_cache: bool = True,
              cache_dir: Path | str | None = None) -> LoadedData:
    """Load, validate and concatenate every dataset found in ``raw_dir``.

    Parameters
    ----------
    raw_dir
        Folder of input spreadsheets (default: ``$CCHC_DATA``, else the
        project's ``data/raw``). A relative path is taken from the current
        folder when it exists there, else from the project root
        (:func:`cchc.config.resolve_path`). Never written.
    use_cache
        Read and write the Parquet cache (default True).
    cache_dir
        Where the cache lives (default: the ``processed`` folder beside
        ``raw_dir``).

    Raises
    ------
    DataError
        When any file breaks the data contract; lists every problem.
    """
    raw = data_folder(raw_dir)
    if not raw.is_dir():
        raise DataError([Problem(
            "error", f"Không tìm thấy thư mục dữ liệu '{raw}'.",
            f"Data folder '{raw}' not found.", code="no_data_dir")])
    found, notices = discover(raw)
    hashes = [(f.path.name, sha256_file(f.path)) for f in found]
    key = _cache_key(hashes)
    processed = Path(cache_dir) if cache_dir is not None else processed_dir_for(raw)
    if use_cache:
        cached = _read_cache(processed, key, raw)
        if cached is not None:
            return cached

    frames: dict[str, list[pd.DataFrame]] = {name: [] for name in DATASETS}
    errors: list[Problem] = []
    warnings: list[Problem] = []
    files: list[SourceFile] = []
    for raw_file, (_, digest) in zip(found, hashes):
        dataset = DATASETS[raw_file.dataset]
        try:
            grid = read_grid(raw_file.path, dataset)
        except ReadError as exc:
            errors += exc.problems
            continue
        header_row, mapping, problems = locate_header(grid, dataset)
        if header_row is None or any(p.severity == "error" for p in problems):
            errors += problems
            continue
        frame, problems = typed_frame(grid, header_row, mapping, dataset)
        if frame.empty:
            problems.append(Problem(
                "notice", "Tệp có dòng tiêu đề nhưng không có dòng dữ liệu nào.",
                "The file has a header row but no data rows.",
                file=grid.file, sheet=grid.sheet, dataset=dataset.name, code="no_rows"))
        for p in problems:
            {"error": errors, "warning": warnings, "notice": notices}[p.severity].append(p)
        frames[raw_file.dataset].append(frame)
        files.append(SourceFile(raw_file.path, raw_file.dataset, digest,
                                raw_file.path.stat().st_size, len(frame)))

    merged: dict[str, pd.DataFrame] = {}
    missing: list[str] = []
    for name, parts in frames.items():
        if name not in {f.dataset for f in found}:
            missing.append(name)
            notices.append(_missing_notice(name))
        merged[name], problems = _concatenate(name, parts)
        for p in problems:
            {"error": errors, "warning": warnings, "notice": notices}[p.severity].append(p)
    if errors:
        errors.sort(key=lambda p: (p.file, p.row if p.row is not None else -1))
        raise DataError(errors + warnings)
    result = LoadedData(merged, files, raw, missing, notices, warnings)
    if use_cache:
        _write_cache(processed, key, result)
    return result


def _concatenate(name: str, parts: list[pd.DataFrame]) -> tuple[pd.DataFrame, list[Problem]]:
    """Concatenate one dataset's files; settle ids repeated across files.

    The same id with identical content in two files (overlapping exports) is
    kept once, with a notice. The same id with different content is kept from
    the file that sorts last by name (the newest export) with a warning
    naming both places.
    """
    dataset = DATASETS[name]
    if not parts:
        return _empty_frame(dataset), []
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    problems: list[Problem] = []
    id_col = dataset.id_column
    if id_col and len(parts) > 1:
        dup = frame[id_col].notna() & frame[id_col].duplicated(keep=False)
        if dup.any():
            content = dataset.column_names
            same = frame[dup].duplicated(subset=content, keep="last")
            repeated = frame[dup]
            last = repeated.drop_duplicates(subset=[id_col], keep="last").set_index(id_col)
            for idx, rec in repeated[repeated.duplicated(subset=[id_col], keep="last")].iterrows():
                keep = last.loc[rec[id_col]]
                where = f"{keep['source_file']} dòng {keep['source_row']}"
                where_en = f"{keep['source_file']} row {keep['source_row']}"
                identical = bool(same.loc[idx])
                problems.append(Problem(
                    "notice" if identical else "warning",
                    (f"Mã có ở cả tệp khác ({where}) với cùng nội dung; giữ một bản."
                     if identical else
                     f"Mã có ở cả tệp khác ({where}) nhưng nội dung khác; dùng bản trong {keep['source_file']}."),
                    (f"Id also in another file ({where_en}) with identical content; kept once."
                     if identical else
                     f"Id also in another file ({where_en}) with different content; using {keep['source_file']}."),
                    file=str(rec["source_file"]), sheet=str(rec["source_sheet"]),
                    row=int(rec["source_row"]), column=dataset.column(id_col).header,
                    value=str(rec[id_col]), dataset=name,
                    code="duplicate_id_same" if identical else "duplicate_id_conflict",
                ))
            frame = frame[~(dup & frame[id_col].duplicated(keep="last"))].reset_index(drop=True)
    return frame, problems


def _cache_path(processed: Path, key: str) -> Path:
    return processed / f"cache-{key}"


def _read_cache(processed: Path, key: str, raw: Path) -> LoadedData | None:
    folder = _cache_path(processed, key)
    meta_file = folder / "meta.json"
    if not meta_file.is_file():
        return None
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in DATASETS}
    except Exception:
        return None  # a damaged cache is rebuilt, never trusted
    for name, frame in frames.items():
        template = _empty_frame(DATASETS[name])
        if list(frame.columns) != list(template.columns):
            return None
        frames[name] = frame.astype(template.dtypes.to_dict())
    files = [SourceFile(raw / f["file"], f["dataset"], f["sha256"], f["size"], f["rows"])
             for f in meta["files"]]
    return LoadedData(
        frames, files, raw, meta["missing"],
        [Problem(**p) for p in meta["notices"]], [Problem(**p) for p in meta["warnings"]],
        from_cache=True,
    )


def _write_cache(processed: Path, key: str, data: LoadedData) -> None:
    """Write the cache atomically; an unwritable cache folder only costs speed."""
    try:
        processed.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".cache-tmp-", dir=processed))
    except OSError:
        return
    try:
        for name, frame in data.frames.items():
            frame.to_parquet(tmp / f"{name}.parquet", index=False)
        meta = {
            "key": key,
            "files": [f.to_dict() for f in data.files],
            "missing": data.missing,
            "notices": [p.to_dict() for p in data.notices],
            "warnings": [p.to_dict() for p in data.warnings],
        }
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        target = _cache_path(processed, key)
        try:
            os.rename(tmp, target)
        except OSError:  # another process published the same key first
            shutil.rmtree(tmp, ignore_errors=True)
            return
        for old in processed.glob("cache-*"):
            if old != target:
                shutil.rmtree(old, ignore_errors=True)
    except Exception:
        shutil.rmtree(tmp, ignore_errors=True)
