"""Settings of the Quyết định 766/QĐ-TTg scorecard: groups, sub-indicators, points, targets.

The shipped defaults are ``lib/cchc/chi_so_766.toml``; an office overrides
them in a ``[chi_so_766]`` section of ``data/raw/bao_cao.toml``:

.. code-block:: toml

    [[chi_so_766.chi_so]]
    ma = "3.3"                               # an existing sub-indicator: only the keys given change
    muc_tieu = 60.0
    muc_tieu_theo_nam = { "2025" = 70.0 }

    [[chi_so_766.chi_so]]
    ma = "1.1"
    nguon = "ct_766_cong_bo_dung_han"        # a key figure the office enters in chi_tieu

Every value is checked (types, a known group, points of each group adding
up to the group's points, groups adding up to 100, a source code the
indicator table can hold); a bad value is a :class:`ServiceIndexError`
naming the file and the key, in Vietnamese with an English gloss. See
``docs/chi-so-766.md`` for the sources of every default.
"""

from __future__ import annotations

import math
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import catalogue, config

DEFAULT_FILE: Path = config.PACKAGE_DIR / "chi_so_766.toml"
SECTION = "chi_so_766"
SETTINGS_FILE_NAME = "bao_cao.toml"
TOTAL_POINTS = 100.0

_GROUP_KEYS = {"ma": "text", "ten": "text", "diem": "points"}
_ITEM_KEYS = {
    "ma": "text",
    "nhom": "text",
    "ten": "text",
    "diem": "points",
    "muc_tieu": "target",
    "muc_tieu_theo_nam": "targets",
    "nguon": "source",
    "can_cu": "text",
    "mac_dinh": "flag",
}
_OPTIONAL = {"muc_tieu_theo_nam": {}, "can_cu": "", "mac_dinh": False, "nguon": ""}
_YEAR = re.compile(r"^\d{4}$")


class ServiceIndexError(ValueError):
    """The 766 settings (default file or the office's section) cannot be used."""


@dataclass(frozen=True)
class Group:
    """One of the five groups of the index."""

    code: str
    label: str
    points: float


@dataclass(frozen=True)
class SubIndicator:
    """One scored rate: its points, target (by year) and the indicator code it is read from."""

    code: str
    group: str
    label: str
    points: float
    target: float
    targets_by_year: tuple[tuple[int, float], ...] = ()
    source: str = ""
    basis: str = ""
    is_default: bool = False

    def target_for(self, year: int) -> float:
        """The target of ``year``: the latest yearly target not after it, else :attr:`target`.

        >>> SubIndicator("x", "g", "x", 6, 50.0, ((2024, 60.0), (2026, 70.0))).target_for(2025)
        60.0
        """
        chosen = [t for y, t in self.targets_by_year if y <= year]
        return chosen[-1] if chosen else self.target


@dataclass(frozen=True)
class ServiceIndexSettings:
    """The groups and sub-indicators in order, and the files they were read from."""

    groups: tuple[Group, ...]
    items: tuple[SubIndicator, ...]
    sources: tuple[Path, ...] = field(default=(), compare=False)

    def items_frame(self, year: int) -> pd.DataFrame:
        """One row per sub-indicator with the target of ``year`` (columns in English)."""
        labels = {g.code: g.label for g in self.groups}
        return pd.DataFrame(
            {
                "group_code": [i.group for i in self.items],
                "group_label": [labels[i.group] for i in self.items],
                "code": [i.code for i in self.items],
                "label": [i.label for i in self.items],
                "source": [i.source for i in self.items],
                "target": [i.target_for(year) for i in self.items],
                "max_points": [float(i.points) for i in self.items],
                "is_default": [i.is_default for i in self.items],
            }
        )


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _err(path: object, key: str, vi: str, en: str) -> ServiceIndexError:
    return ServiceIndexError(f"Tệp {path}, khóa “{key}”: {vi}. (File {path}, key '{key}': {en}.)")


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ServiceIndexError(
            f"Tệp {path}: không đọc được cấu hình ({exc}). (File {path}: invalid TOML.)"
        ) from None


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check_value(kind: str, value: object, path: object, key: str) -> object:
    """The value converted to its Python type, or a :class:`ServiceIndexError`."""
    if kind == "text" or kind == "source":
        if not isinstance(value, str):
            raise _err(path, key, f"phải là chuỗi văn bản, nhận được {value!r}", "must be text")
        text = _nfc(value)
        if kind == "source" and text and not _known_source(text):
            raise _err(
                path,
                key,
                f"mã chỉ tiêu “{text}” không có trong danh mục chỉ tiêu (catalogue.csv) "
                "và không phải mã chỉ tiêu nhập tay (ct_…)",
                f"'{text}' is neither a catalogued indicator nor a key-figure code (ct_...)",
            )
        return text
    if kind == "flag":
        if not isinstance(value, bool):
            raise _err(path, key, f"phải là true hoặc false, nhận được {value!r}", "must be true or false")
        return value
    if kind == "points":
        if not _is_number(value) or value < 0:
            raise _err(
                path, key, f"phải là số điểm không âm, nhận được {value!r}", "must be a non-negative number"
            )
        return float(value)
    if kind == "target":
        if not _is_number(value) or not 0 < value <= 100:
            raise _err(
                path,
                key,
                f"phải là tỷ lệ phần trăm lớn hơn 0 và không quá 100, nhận được {value!r}",
                "must be a percentage above 0 and at most 100",
            )
        return float(value)
    if not isinstance(value, dict):  # targets by year
        raise _err(
            path,
            key,
            'phải là bảng năm = mục tiêu, ví dụ { "2025" = 90.0 }',
            'must be a table of year = target, e.g. { "2025" = 90.0 }',
        )
    out = []
    for year, target in value.items():  # a few years at most
        if not _YEAR.match(str(year)):
            raise _err(path, f"{key}.{year}", "năm phải gồm 4 chữ số", "the year must have 4 digits")
        out.append((int(year), _check_value("target", target, path, f"{key}.{year}")))
    return tuple(sorted(out))


def _known_source(code: str) -> bool:
    return code in set(catalogue.codes()) or code.startswith("ct_")


def _entries(raw: object, path: object, key: str) -> list[dict]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise _err(path, key, f"phải là danh sách bảng [[{key}]]", f"must be an array of tables [[{key}]]")
    return raw


def _merge(
    base: dict[str, dict], entries: list[dict], keys: dict[str, str], path: object, key: str
) -> dict[str, dict]:
    """``base`` (code -> checked values) updated by ``entries`` of one file (matched on ``ma``)."""
    out = {code: dict(values) for code, values in base.items()}
    for number, entry in enumerate(entries, start=1):
        if "ma" not in entry:
            raise _err(path, f"{key}[{number}].ma", "thiếu mã (ma)", "the code (ma) is missing")
        code = _check_value("text", entry["ma"], path, f"{key}[{number}].ma")
        where = f"{key}[ma={code}]"
        unknown = sorted(set(entry) - set(keys))
        if unknown:
            raise _err(
                path,
                f"{where}.{unknown[0]}",
                f"khóa không hợp lệ; khóa hợp lệ: {', '.join(keys)}",
                "unknown key",
            )
        values = out.get(code, {})
        values.update({k: _check_value(keys[k], v, path, f"{where}.{k}") for k, v in entry.items()})
        missing = [k for k in keys if k not in values and k not in _OPTIONAL]
        if missing:
            raise _err(
                path,
                f"{where}.{missing[0]}",
                "thiếu khóa bắt buộc của chỉ số mới",
                "a required key of a new entry is missing",
            )
        out[code] = values
    return out


def _apply(state: tuple[dict, dict], raw: dict, path: object, prefix: str) -> tuple[dict, dict]:
    unknown = sorted(set(raw) - {"nhom", "chi_so"})
    if unknown:
        raise _err(
            path,
            f"{prefix}{unknown[0]}",
            "khóa không hợp lệ; khóa hợp lệ: nhom, chi_so",
            "unknown key; valid keys: nhom, chi_so",
        )
    groups = _merge(
        state[0], _entries(raw.get("nhom"), path, f"{prefix}nhom"), _GROUP_KEYS, path, f"{prefix}nhom"
    )
    items = _merge(
        state[1], _entries(raw.get("chi_so"), path, f"{prefix}chi_so"), _ITEM_KEYS, path, f"{prefix}chi_so"
    )
    return groups, items


def _validate(groups: dict, items: dict, path: object, prefix: str) -> None:
    """Known groups, points of every group adding up, groups adding up to 100."""
    for code, item in items.items():  # about twenty sub-indicators
        if item["nhom"] not in groups:
            raise _err(
                path,
                f"{prefix}chi_so[ma={code}].nhom",
                f"nhóm “{item['nhom']}” không có trong danh sách nhóm ({', '.join(groups)})",
                "unknown group",
            )
    for code, group in groups.items():
        total = sum(i["diem"] for i in items.values() if i["nhom"] == code)
        if not math.isclose(total, group["diem"], abs_tol=1e-9):
            raise _err(
                path,
                f"{prefix}nhom[ma={code}].diem",
                f"tổng điểm các chỉ số của nhóm là {total:g}, khác điểm của nhóm {group['diem']:g}",
                f"the sub-indicators add up to {total:g} points, not the group's {group['diem']:g}",
            )
    total = sum(g["diem"] for g in groups.values())
    if not math.isclose(total, TOTAL_POINTS, abs_tol=1e-9):
        raise _err(
            path,
            f"{prefix}nhom",
            f"tổng điểm các nhóm là {total:g}, phải là 100",
            f"the groups add up to {total:g} points, not 100",
        )


def load_service_index(
    raw_dir: Path | str | None = None, default_file: Path | str | None = None
) -> ServiceIndexSettings:
    """The shipped defaults, overridden by the ``[chi_so_766]`` section of ``raw_dir/bao_cao.toml``.

    ``raw_dir`` None: the defaults only; ``""``: the project's data folder.

    Raises
    ------
    ServiceIndexError
        A file that is not valid TOML, an unknown key, a value of the wrong
        type, an unknown group or source code, or points that do not add up;
        the message names the file and the key.
    """
    default = Path(default_file) if default_file is not None else DEFAULT_FILE
    state = _apply(({}, {}), _read_toml(default), default, "")
    _validate(*state, default, "")
    sources = [default]
    # "" (a notebook's default data_dir) is the project's data folder (cchc.config.data_folder)
    office = config.data_folder(raw_dir) / SETTINGS_FILE_NAME if raw_dir is not None else None
    if office is not None and office.is_file():
        section = _read_toml(office).get(SECTION)
        if section is not None:
            if not isinstance(section, dict):
                raise _err(office, SECTION, "phải là một mục [chi_so_766]", "must be a [chi_so_766] section")
            state = _apply(state, section, office, f"{SECTION}.")
            _validate(*state, office, f"{SECTION}.")
            sources.append(office)
    groups, items = state
    return ServiceIndexSettings(
        tuple(Group(c, g["ten"], g["diem"]) for c, g in groups.items()),
        tuple(
            SubIndicator(
                c,
                i["nhom"],
                i["ten"],
                i["diem"],
                i["muc_tieu"],
                i.get("muc_tieu_theo_nam", ()),
                i.get("nguon", ""),
                i.get("can_cu", ""),
                i.get("mac_dinh", False),
            )
            for c, i in items.items()
        ),
        tuple(sources),
    )
