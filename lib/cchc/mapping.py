"""The office's own mapping file, ``anh_xa.toml``: header and value wordings we do not know.

Real exports name columns and write values in ways no built-in list can
foresee. ``data/raw/anh_xa.toml`` maps them, per dataset::

    [ho_so.columns]
    "Cơ quan thực hiện" = "unit"

    [ho_so.values.channel]
    "Qua ứng dụng Zalo" = "Trực tuyến"

Column targets are canonical column names of the contract; value targets
are the canonical values of an enumerated column (or, for ``status``,
``Rút hồ sơ``). Every mistake (unknown dataset, column or value, wrong
type) is an error naming the file and its line. A column of personal data
(:data:`cchc.contract.PERSONAL_HEADERS`) cannot be mapped: it is never read.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .contract import DATASETS, PERSONAL_HEADERS, WITHDRAWN_STATUS
from .problems import Problem
from .reading import normalise_header

MAPPING_FILE = "anh_xa.toml"
#: Header keys of personal data: the mapping file may not make the loader read them.
PERSONAL_KEYS = frozenset(normalise_header(h) for h in PERSONAL_HEADERS)


@dataclass(frozen=True)
class Mapping:
    """Extra header aliases and value wordings, per dataset."""

    #: dataset -> {header text: canonical column}
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    #: dataset -> column -> {value text: canonical value}
    values: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def column_aliases(self, dataset: str) -> dict[str, str]:
        return self.columns.get(dataset, {})

    def value_map(self, dataset: str, column: str) -> dict[str, str]:
        return self.values.get(dataset, {}).get(column, {})


EMPTY = Mapping()


def _line_of(text: str, needle: str, after: int = 0) -> int | None:
    """1-based line of the first line from ``after`` that contains ``needle``."""
    for number, line in enumerate(text.splitlines()[after:], start=after + 1):
        if needle in line:
            return number
    return None


def _section_line(text: str, header: str) -> int:
    compact = header.replace(" ", "")
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().replace(" ", "").startswith(f"[{compact}]"):
            return number
    return 0


def _allowed_values(dataset: str, column: str) -> set[str] | None:
    """Canonical values a wording may map to; None when the column takes no mapped values."""
    col = DATASETS[dataset].column(column)
    if col.kind == "enum":
        return set(col.values.values())
    if dataset == "ho_so" and column == "status":
        return {WITHDRAWN_STATUS}
    return None


def load_mapping(raw_dir: Path) -> tuple[Mapping, list[Problem]]:
    """Read and validate ``raw_dir/anh_xa.toml`` (absent = no mapping, no problem)."""
    path = Path(raw_dir) / MAPPING_FILE
    if not path.is_file():
        return EMPTY, []
    problems: list[Problem] = []

    def error(vi: str, en: str, line: int | None, value: str = "") -> None:
        problems.append(Problem("error", vi, en, file=MAPPING_FILE, row=line, value=value, code="mapping"))

    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        error("Tệp ánh xạ phải lưu bằng mã UTF-8.", "The mapping file must be saved as UTF-8.", None)
        return EMPTY, problems
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        error(f"Tệp ánh xạ sai cú pháp TOML: {exc}.", f"The mapping file is not valid TOML: {exc}.", line)
        return EMPTY, problems

    columns: dict[str, dict[str, str]] = {}
    values: dict[str, dict[str, dict[str, str]]] = {}
    for dataset, section in data.items():
        line = _section_line(text, dataset)
        if dataset not in DATASETS:
            error(
                f"Bộ dữ liệu '{dataset}' không tồn tại; chỉ dùng: {', '.join(DATASETS)}.",
                f"Unknown dataset '{dataset}'; use one of: {', '.join(DATASETS)}.",
                line or _line_of(text, dataset),
                dataset,
            )
            continue
        if not isinstance(section, dict):
            error(
                f"'{dataset}' phải là một mục [{dataset}.columns] hoặc [{dataset}.values.<cột>].",
                f"'{dataset}' must be a [{dataset}.columns] or [{dataset}.values.<column>] table.",
                _line_of(text, dataset),
                dataset,
            )
            continue
        known = DATASETS[dataset].column_names
        for part, body in section.items():
            part_line = _section_line(text, f"{dataset}.{part}")
            if part not in ("columns", "values") or not isinstance(body, dict):
                error(
                    f"Mục '[{dataset}.{part}]' không hợp lệ; chỉ có [{dataset}.columns] và "
                    f"[{dataset}.values.<cột>].",
                    f"Invalid table '[{dataset}.{part}]'; only [{dataset}.columns] and "
                    f"[{dataset}.values.<column>] exist.",
                    part_line or _line_of(text, part),
                    part,
                )
                continue
            if part == "columns":
                for header, target in body.items():
                    where = _line_of(text, f'"{header}"', part_line) or part_line
                    if normalise_header(header) in PERSONAL_KEYS:
                        error(
                            f"Cột '{header}' chứa dữ liệu cá nhân; cchc không bao giờ đọc dữ liệu cá "
                            "nhân nên không ánh xạ cột này.",
                            f"Column '{header}' holds personal data; cchc never reads personal data, "
                            "so it cannot be mapped.",
                            where,
                            header,
                        )
                        continue
                    if not isinstance(target, str) or target not in known:
                        error(
                            f"Cột chuẩn '{target}' không có trong bộ dữ liệu '{dataset}'; các cột: "
                            f"{', '.join(known)}.",
                            f"Canonical column '{target}' does not exist in '{dataset}'; columns: "
                            f"{', '.join(known)}.",
                            where,
                            str(target),
                        )
                        continue
                    columns.setdefault(dataset, {})[header] = target
                continue
            for column, wordings in body.items():
                col_line = _section_line(text, f"{dataset}.values.{column}") or part_line
                if column not in known:
                    error(
                        f"Cột chuẩn '{column}' không có trong bộ dữ liệu '{dataset}'.",
                        f"Canonical column '{column}' does not exist in '{dataset}'.",
                        col_line,
                        column,
                    )
                    continue
                allowed = _allowed_values(dataset, column)
                if allowed is None or not isinstance(wordings, dict):
                    error(
                        f"Cột '{column}' không nhận ánh xạ giá trị.",
                        f"Column '{column}' takes no value mapping.",
                        col_line,
                        column,
                    )
                    continue
                for wording, target in wordings.items():
                    where = _line_of(text, f'"{wording}"', col_line) or col_line
                    if target not in allowed:
                        error(
                            f"Giá trị chuẩn '{target}' không thuộc danh mục của cột '{column}' "
                            f"({' / '.join(sorted(allowed))}).",
                            f"Canonical value '{target}' is not one of column '{column}' "
                            f"({' / '.join(sorted(allowed))}).",
                            where,
                            str(target),
                        )
                        continue
                    values.setdefault(dataset, {}).setdefault(column, {})[wording] = target
    return Mapping(columns, values), problems
