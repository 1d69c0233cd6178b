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

import numpy as np
import pandas as pd

from . import __version__
from .config import data_folder, processed_dir_for
from .contract import DATASETS
from .formatting import fmt_int
from .mapping import MAPPING_FILE, load_mapping
from .problems import DataError, Problem, problems_frame
from .reading import ReadError, discover, locate_header, near_miss_headers, normalise_header, read_grid
from .validation import FileContext, typed_frame
from .validation import empty_frame as _empty_frame

#: Bump when the validated frames' layout or rules change: old caches are then ignored.
CACHE_SCHEMA = 4


@dataclass(frozen=True)
class SourceFile:
    """One raw input file and what it contributed."""

    path: Path
    dataset: str
    sha256: str
    size: int
    rows: int = 0

    def to_dict(self) -> dict:
        return {
            "file": self.path.name,
            "dataset": self.dataset,
            "sha256": self.sha256,
            "size": self.size,
            "rows": self.rows,
        }


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
        name: [
            (c.name, c.header, c.kind, c.required, c.unique, sorted(c.values.items()), c.aliases)
            for c in d.columns
        ]
        for name, d in DATASETS.items()
    }
    return hashlib.sha256(json.dumps(spec, ensure_ascii=False, default=str).encode()).hexdigest()


def _cache_key(hashes: list[tuple[str, str]]) -> str:
    payload = json.dumps(
        {"schema": CACHE_SCHEMA, "version": __version__, "contract": _contract_fingerprint(), "files": hashes}
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def _missing_notice(name: str) -> Problem:
    title = DATASETS[name].title
    return Problem(
        "notice",
        f"Không có tệp dữ liệu '{name}' ({title}); các chỉ tiêu liên quan để trống.",
        f"No file for dataset '{name}'; its indicators are left empty.",
        dataset=name,
        code="missing_dataset",
    )


def load_data(
    raw_dir: Path | str | None = None, *, use_cache: bool = True, cache_dir: Path | str | None = None
) -> LoadedData:
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
        raise DataError(
            [
                Problem(
                    "error",
                    f"Không tìm thấy thư mục dữ liệu '{raw}'.",
                    f"Data folder '{raw}' not found.",
                    code="no_data_dir",
                )
            ]
        )
    found, notices = discover(raw)
    mapping, mapping_problems = load_mapping(raw)
    if mapping_problems:  # the data cannot be read as the office means it: fix the mapping first
        raise DataError(mapping_problems)
    mapping_file = raw / MAPPING_FILE
    hashes = [(f.path.name, sha256_file(f.path)) for f in found]
    if mapping_file.is_file():
        hashes.append((MAPPING_FILE, sha256_file(mapping_file)))
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
    if not found:
        errors.append(_no_data_files(raw, [p.file for p in notices if p.code == "unknown_file"]))
    digests = dict(hashes)
    for raw_file in found:
        digest = digests[raw_file.path.name]
        dataset = DATASETS[raw_file.dataset]
        try:
            grid = read_grid(raw_file.path, dataset)
        except ReadError as exc:
            errors += exc.problems
            continue
        context = FileContext(constants=file_constants(raw_file.path, raw_file.dataset), mapping=mapping)
        extra = mapping.column_aliases(raw_file.dataset)
        header, header_problems = locate_header(
            grid, dataset, extra_aliases=extra, implied=frozenset(context.constants)
        )
        if header is None or any(p.severity == "error" for p in header_problems):
            errors += header_problems
            continue
        frame, problems = typed_frame(grid, header, dataset, context)
        problems = [*header_problems, *problems, *_near_miss_warnings(grid, header, dataset, extra)]
        for p in problems:
            {"error": errors, "warning": warnings, "notice": notices}[p.severity].append(p)
        frames[raw_file.dataset].append(frame)
        files.append(
            SourceFile(raw_file.path, raw_file.dataset, digest, raw_file.path.stat().st_size, len(frame))
        )

    merged: dict[str, pd.DataFrame] = {}
    missing: list[str] = []
    read_ok = {f.dataset for f in files}
    for name, parts in frames.items():
        if name not in {f.dataset for f in found}:
            missing.append(name)
            notices.append(_missing_notice(name))
        merged[name], problems = _concatenate(name, parts)
        if name in read_ok and merged[name].empty:
            problems.append(_no_records(name, [f.path.name for f in files if f.dataset == name]))
        for p in problems:
            {"error": errors, "warning": warnings, "notice": notices}[p.severity].append(p)
    if errors:
        errors.sort(key=lambda p: (p.file, p.row if p.row is not None else -1))
        raise DataError(errors + warnings)
    result = LoadedData(merged, files, raw, missing, notices, warnings)
    if use_cache:
        _write_cache(processed, key, result)
    return result


#: File-name endings that say which register a ``van_ban`` file is.
_REGISTER_DIRECTIONS = {"di": "Đi", "đi": "Đi", "den": "Đến", "đến": "Đến"}


def file_constants(path: Path, dataset: str) -> dict[str, str]:
    """Values a file's name gives every record: the direction of ``van_ban_di*``/``van_ban_den*``.

    >>> file_constants(Path("van_ban_den_2023.xlsx"), "van_ban")
    {'direction': 'Đến'}
    >>> file_constants(Path("van_ban_2023.xlsx"), "van_ban")
    {}
    """
    if dataset != "van_ban":
        return {}
    rest = normalise_header(path.stem)[len("van_ban") :].replace("-", "_").strip("_ ")
    word = rest.split("_")[0] if rest else ""
    direction = _REGISTER_DIRECTIONS.get(word)
    return {"direction": direction} if direction else {}


def _near_miss_warnings(grid, header, dataset, extra) -> list[Problem]:
    return [
        Problem(
            "warning",
            f"Cột '{text}' bị bỏ qua nhưng gần giống cột '{alias}' ({column}) của hợp đồng dữ liệu. Nếu đúng "
            f"là cột đó, hãy sửa tiêu đề hoặc khai báo trong anh_xa.toml: [{dataset.name}.columns] "
            f'"{text}" = "{column}".',
            f"Column '{text}' is ignored but looks like '{alias}' ({column}). If it is that column, fix the "
            f'header or declare it in anh_xa.toml: [{dataset.name}.columns] "{text}" = "{column}".',
            file=grid.file,
            sheet=grid.sheet,
            row=header.last_row,
            column=text,
            dataset=dataset.name,
            code="ignored_column",
        )
        for text, alias, column in near_miss_headers(header, dataset, extra)
    ]


def _no_data_files(raw: Path, ignored: list[str]) -> Problem:
    names = ", ".join(f"{n}*" for n in DATASETS)
    seen = f" Tệp bị bỏ qua vì tên không khớp: {', '.join(ignored)}." if ignored else ""
    seen_en = f" Ignored because of their names: {', '.join(ignored)}." if ignored else ""
    return Problem(
        "error",
        f"Thư mục dữ liệu '{raw.name}' không có tệp nào được nhận ra (tên tệp .xlsx/.xls/.ods/.csv phải "
        f"bắt đầu bằng {names}); không có gì để lập báo cáo.{seen}",
        f"The data folder '{raw.name}' holds no recognised file (.xlsx/.xls/.ods/.csv names must start "
        f"with {names}); there is nothing to report on.{seen_en}",
        code="no_data_files",
    )


def _no_records(name: str, file_names: list[str]) -> Problem:
    listed = ", ".join(file_names)
    return Problem(
        "error",
        f"Bộ dữ liệu '{name}' ({DATASETS[name].title}) có tệp ({listed}) nhưng không có dòng dữ liệu nào.",
        f"Dataset '{name}' has files ({listed}) but no records.",
        file=file_names[0] if len(file_names) == 1 else "",
        dataset=name,
        code="no_records",
    )


def _newest_date(frame: pd.DataFrame, name: str) -> pd.Timestamp:
    """The latest activity date of one file's records (how far that export reaches)."""
    from .coverage import ACTIVITY_COLUMNS

    dates = [frame[c].max() for c in ACTIVITY_COLUMNS.get(name, ()) if c in frame.columns]
    dates = [d for d in dates if pd.notna(d)]
    return max(dates) if dates else pd.Timestamp.min


def _concatenate(name: str, parts: list[pd.DataFrame]) -> tuple[pd.DataFrame, list[Problem]]:
    """Concatenate one dataset's files; settle ids repeated across files.

    Files are stacked from the export reaching the earliest date to the one
    reaching the latest (ties: by name). The same id in two files (overlapping
    exports) is kept once, from the file whose own dates reach furthest — the
    newer export. One notice (identical content) or warning (different
    content) per pair of files names both and the count.
    """
    dataset = DATASETS[name]
    if not parts:
        return _empty_frame(dataset), []
    ordered = sorted(
        parts, key=lambda f: (_newest_date(f, name), str(f["source_file"].iat[0]) if len(f) else "")
    )
    frame = pd.concat(ordered, ignore_index=True) if len(ordered) > 1 else ordered[0]
    problems: list[Problem] = []
    id_col = dataset.id_column
    if id_col is None and len(parts) > 1:
        return _drop_cross_file_copies(frame, name)
    if not (id_col and len(parts) > 1):
        return frame, problems
    dup = frame[id_col].notna() & frame[id_col].duplicated(keep=False)
    if not dup.any():
        return frame, problems
    repeated = frame[dup]
    kept = repeated.drop_duplicates(subset=[id_col], keep="last").set_index(id_col)
    dropped = repeated[repeated.duplicated(subset=[id_col], keep="last")]
    content = dataset.column_names
    keeper = kept.loc[dropped[id_col].to_numpy()].reset_index()
    identical = (
        (
            dropped[content].reset_index(drop=True).astype("string").fillna("\0")
            == keeper[content].astype("string").fillna("\0")
        )
        .all(axis=1)
        .to_numpy()
    )
    pairs = pd.DataFrame(
        {
            "dropped": dropped["source_file"].to_numpy(),
            "kept": keeper["source_file"].to_numpy(),
            "identical": identical,
            "row": dropped["source_row"].to_numpy(),
            "id": dropped[id_col].to_numpy(),
        }
    )
    header = dataset.column(id_col).header
    for (old, new, same), group in pairs.groupby(["dropped", "kept", "identical"], sort=True):
        count = fmt_int(len(group))
        first = group.iloc[0]
        if same:
            vi = (
                f"{count} mã có ở cả tệp {old} và {new} với cùng nội dung (hai lần xuất trùng nhau); "
                "mỗi mã giữ một bản."
            )
            en = (
                f"{len(group)} ids are in both {old} and {new} with identical content (overlapping "
                "exports); each is kept once."
            )
        else:
            vi = (
                f"{count} mã có ở cả tệp {old} và {new} nhưng nội dung khác; dùng bản trong {new} vì "
                f"dữ liệu của tệp này đến ngày muộn hơn (lần xuất mới hơn)."
            )
            en = (
                f"{len(group)} ids are in both {old} and {new} with different content; using {new}, "
                "whose dates reach further (the newer export)."
            )
        problems.append(
            Problem(
                "notice" if same else "warning",
                vi,
                en,
                file=str(old),
                row=int(first["row"]),
                column=header,
                value=str(first["id"]),
                dataset=name,
                code="duplicate_id_same" if same else "duplicate_id_conflict",
            )
        )
    frame = frame[~(dup & frame[id_col].duplicated(keep="last"))].reset_index(drop=True)
    return frame, problems


def _drop_cross_file_copies(frame: pd.DataFrame, name: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Records with no id that two exports both hold (same content): kept once, from the newer.

    A register or staff list exported twice (the first half-year, then the
    whole year) would otherwise count its shared records twice. Identical
    rows inside one file are left alone: only copies in another file go.
    """
    content = DATASETS[name].column_names
    keyed = frame[content].astype("string").fillna("\0")
    last = keyed.duplicated(keep="last")  # a later (newer) file holds the same record
    kept_file = (
        frame.assign(_k=pd.util.hash_pandas_object(keyed, index=False).to_numpy())
        .groupby("_k")["source_file"]
        .transform("last")
    )
    drop = last & (kept_file != frame["source_file"])
    if not drop.any():
        return frame, []
    pairs = pd.DataFrame(
        {
            "dropped": frame.loc[drop, "source_file"],
            "kept": kept_file[drop],
            "row": frame.loc[drop, "source_row"],
        }
    )
    problems = []
    for (old, new), group in pairs.groupby(["dropped", "kept"], sort=True):
        problems.append(
            Problem(
                "notice",
                f"{fmt_int(len(group))} dòng của tệp {old} trùng hoàn toàn với dòng trong tệp {new} (hai lần "
                "xuất chồng nhau); mỗi dòng chỉ tính một lần.",
                f"{len(group)} rows of {old} are identical to rows of {new} (overlapping exports); each "
                "is counted once.",
                file=str(old),
                row=int(group["row"].iloc[0]),
                dataset=name,
                code="duplicate_id_same",
            )
        )
    return frame[~drop].reset_index(drop=True), problems


def _cache_path(processed: Path, key: str) -> Path:
    return processed / f"cache-{key}"


def _text_array(column) -> pd.arrays.StringArray:
    """A Parquet text column as pandas ``string`` (Python storage), missing values ``<NA>``.

    A dictionary-encoded column is converted through its few distinct values,
    so a million cells of a handful of fields cost one array of pointers.
    """
    import pyarrow as pa

    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_dictionary(column.type):
        distinct = np.append(column.dictionary.to_numpy(zero_copy_only=False), pd.NA)
        values = distinct[column.indices.fill_null(len(column.dictionary)).to_numpy()]
    else:
        values = column.to_numpy(zero_copy_only=False)
        if column.null_count:
            values[pd.isna(values)] = pd.NA
    return pd.arrays.StringArray(values)


def _read_frame(path: Path, template: pd.DataFrame, dictionary: list[str]) -> pd.DataFrame | None:
    """One cached frame with the template's columns and dtypes, or None when its layout differs.

    Text columns are converted straight from Arrow (``dictionary`` names those
    stored with few distinct values), not through pandas' generic conversion,
    which costs several times the read itself on a million rows.
    """
    import pyarrow.parquet as pq

    table = pq.read_table(path, read_dictionary=[c for c in dictionary if c in template.columns])
    if table.column_names != list(template.columns):
        return None
    columns = {}
    for name, dtype in template.dtypes.items():  # columns of the contract, not records
        if isinstance(dtype, pd.StringDtype) and dtype.storage == "python":
            columns[name] = _text_array(table.column(name))
        else:
            series = table.column(name).to_pandas()
            columns[name] = series if series.dtype == dtype else series.astype(dtype)
    return pd.DataFrame(columns, copy=False)


def _read_cache(processed: Path, key: str, raw: Path) -> LoadedData | None:
    folder = _cache_path(processed, key)
    meta_file = folder / "meta.json"
    if not meta_file.is_file():
        return None
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        frames = {
            name: _read_frame(
                folder / f"{name}.parquet",
                _empty_frame(DATASETS[name]),
                meta.get("dictionary", {}).get(name, []),
            )
            for name in DATASETS
        }
    except Exception:
        return None  # a damaged cache is rebuilt, never trusted
    if any(frame is None for frame in frames.values()):
        return None
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
        from_cache=True,
    )


def _dictionary_columns(frame: pd.DataFrame) -> list[str]:
    """Text columns with few distinct values (at most one per 16 rows): read back dictionary-encoded."""
    return [
        name
        for name, dtype in frame.dtypes.items()
        if isinstance(dtype, pd.StringDtype) and frame[name].nunique() * 16 <= len(frame)
    ]


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
            "dictionary": {name: _dictionary_columns(frame) for name, frame in data.frames.items()},
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
