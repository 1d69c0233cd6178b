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

SEVERITIES = ("error", "warning", "notice")
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


PROBLEM_COLUMNS = ["severity", "dataset", "file", "sheet", "row", "column", "value",
                   "message_vi", "message_en", "code"]


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
        lines += [p.format() for p in errors[:MAX_PRINTED]]
        if len(errors) > MAX_PRINTED:
            rest = len(errors) - MAX_PRINTED
            lines.append(f"… và {rest} lỗi khác. (… and {rest} more errors.)")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format()
