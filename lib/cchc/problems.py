"""Problems found in input data, and the error that stops a run.

A :class:`Problem` names where it is (file, sheet, row as the spreadsheet
numbers it, column as its header reads) and what is wrong (the offending
value, a Vietnamese message and an English gloss). Three severities:

- ``error``: the data contract rejects the input; the run stops.
- ``warning``: suspicious but usable; the run goes on and the data-quality
  page lists it.
- ``notice``: information (a file ignored, a dataset with no file).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

SEVERITY_VI = {"error": "Lỗi", "warning": "Cảnh báo", "notice": "Thông báo"}

#: How many problems ``DataError`` prints before summarising the rest.
MAX_PRINTED = 200


@dataclass(frozen=True)
class Problem:
    """One finding about the input, located as precisely as possible."""

    severity: str
    message_vi: str
    message_en: str
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    dataset: str = ""
    code: str = ""

    def location_vi(self) -> str:
        parts = []
        if self.file:
            parts.append(f"tệp {self.file}")
        if self.sheet:
            parts.append(f"trang tính '{self.sheet}'")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột '{self.column}'")
        return ", ".join(parts)

    def location_en(self) -> str:
        parts = []
        if self.file:
            parts.append(f"file {self.file}")
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def format(self) -> str:
        """Two lines: Vietnamese first, then the English gloss."""
        head = SEVERITY_VI.get(self.severity, self.severity)
        where_vi = self.location_vi()
        where_en = self.location_en()
        value = f" Giá trị: '{self.value}'." if self.value != "" else ""
        value_en = f" Value: '{self.value}'." if self.value != "" else ""
        vi = f"{head}: {where_vi + ': ' if where_vi else ''}{self.message_vi}{value}"
        en = f"  ({self.severity}: {where_en + ': ' if where_en else ''}{self.message_en}{value_en})"
        return f"{vi}\n{en}"

    def to_dict(self) -> dict:
        return asdict(self)


def _fmt_count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def group_problems(problems: list[Problem]) -> list[list[Problem]]:
    """Problems of the same kind in the same file and column, in first-seen order.

    A kind is the severity, code and message: 4.747 cells with a value outside
    a list are one group, printed as one line with counts.
    """
    groups: dict[tuple, list[Problem]] = {}
    for p in problems:  # problems, not records
        key = (p.severity, p.file, p.sheet, p.column, p.code, p.message_vi)
        groups.setdefault(key, []).append(p)
    return list(groups.values())


def format_group(group: list[Problem], max_values: int = 5, max_rows: int = 5) -> str:
    """One problem as :meth:`Problem.format`; several as one line with counts, values and rows."""
    first = group[0]
    if len(group) == 1:
        return first.format()
    head = SEVERITY_VI.get(first.severity, first.severity)
    where_vi = ", ".join(
        x
        for x in (
            f"tệp {first.file}" if first.file else "",
            f"trang tính '{first.sheet}'" if first.sheet else "",
            f"cột '{first.column}'" if first.column else "",
        )
        if x
    )
    where_en = ", ".join(
        x
        for x in (
            f"file {first.file}" if first.file else "",
            f"sheet '{first.sheet}'" if first.sheet else "",
            f"column '{first.column}'" if first.column else "",
        )
        if x
    )
    counts: dict[str, int] = {}
    for p in group:
        if p.value != "":
            counts[p.value] = counts.get(p.value, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:max_values]
    listed = ", ".join(f"'{v}' ({_fmt_count(n)})" for v, n in top)
    more_values = len(counts) - len(top)
    rows = [p.row for p in group if p.row is not None][:max_rows]
    rows_text = ", ".join(str(r) for r in rows) + (" …" if len(group) > len(rows) else "")
    n = _fmt_count(len(group))
    vi = (
        f"{head}: {where_vi + ': ' if where_vi else ''}{n} ô/dòng — {first.message_vi}"
        + (
            f" Giá trị: {listed}" + (f" và {more_values} giá trị khác" if more_values > 0 else "") + "."
            if listed
            else ""
        )
        + (f" Các dòng đầu: {rows_text}." if rows else "")
    )
    en = (
        f"  ({first.severity}: {where_en + ': ' if where_en else ''}{len(group):,} cells/rows — "
        f"{first.message_en}"
        + (
            f" Values: {listed}" + (f" and {more_values} more" if more_values > 0 else "") + "."
            if listed
            else ""
        )
        + (f" First rows: {rows_text}." if rows else "")
        + ")"
    )
    return f"{vi}\n{en}"


PROBLEM_COLUMNS = [
    "severity",
    "dataset",
    "file",
    "sheet",
    "row",
    "column",
    "value",
    "message_vi",
    "message_en",
    "code",
]


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table (one row each) for pages and exports."""
    frame = pd.DataFrame([p.to_dict() for p in problems], columns=PROBLEM_COLUMNS)
    frame["row"] = frame["row"].astype("Int64")
    return frame


class DataError(Exception):
    """The input breaks the data contract; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.format())

    def format(self) -> str:
        errors = [p for p in self.problems if p.severity == "error"]
        files = sorted({p.file for p in errors if p.file})
        head = (
            f"Dữ liệu đầu vào không hợp lệ: {len(errors)} lỗi"
            + (f" trong {len(files)} tệp ({', '.join(files)})" if files else "")
            + ". Chưa có báo cáo nào bị thay đổi."
            + f"\n(Invalid input data: {len(errors)} error(s); no report was changed.)"
        )
        lines = [head]
        groups = group_problems(errors)
        lines += [format_group(g) for g in groups[:MAX_PRINTED]]
        if len(groups) > MAX_PRINTED:
            rest = sum(len(g) for g in groups[MAX_PRINTED:])
            lines.append(f"… và {rest} lỗi khác. (… and {rest} more errors.)")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format()
