"""The office's own settings for published reports (name, signer, recipients…).

They live in a small TOML file staff edit, ``data/raw/bao_cao.toml``, not in
code. Without the file every product still renders, with neutral defaults and
a notice (``ReportSettings.notice``) that pages and the Word document show.

Example file::

    ten_co_quan = "VĂN PHÒNG UBND TỈNH KIÊN HÒA"
    co_quan_chu_quan = "UBND TỈNH KIÊN HÒA"
    dia_danh = "Kiên Hòa"
    ky_hieu = "BC-VP"
    so = ""
    chuc_vu_ky = ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
    nguoi_ky = "Nguyễn Văn An"
    noi_nhan = ["Sở Nội vụ;", "Đoàn Kiểm tra công tác CCHC năm {nam};", "Lưu: VT."]
    ten_van_phong_ngan = "Văn phòng"

Texts bound to the period use ``{nam}`` (the period's year, "2022") and
``{ky}`` (the period as a sentence names it, "quý III/2022"); they are filled
for each report (:meth:`ReportSettings.for_period`), so a 2023 report never
carries "… năm 2022". Every key's type is checked: a wrong type or an unknown
``{…}`` is a :class:`SettingsError` naming the key and the file.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SETTINGS_FILE_NAME = "bao_cao.toml"


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", str(value)).strip()


@dataclass(frozen=True)
class ReportSettings:
    """Who issues the report and to whom; every field has a neutral default."""

    org_name: str = "CƠ QUAN BÁO CÁO"
    superior_body: str = ""
    place: str = ""
    doc_symbol: str = "BC"
    doc_number: str = ""
    signer_titles: tuple[str, ...] = ("THỦ TRƯỞNG CƠ QUAN",)
    signer_name: str = ""
    recipients: tuple[str, ...] = ("Lưu: VT.",)
    #: How prose names the office ("Văn phòng" in the reference).
    short_name: str = "Cơ quan"
    #: Set when the file is missing or incomplete; shown to readers.
    notice: str = ""
    source: Path | None = field(default=None, compare=False)

    def for_period(self, period) -> ReportSettings:
        """These settings with ``{nam}`` and ``{ky}`` filled for ``period``."""
        label = str(getattr(period, "label", ""))
        values = {
            "nam": str(getattr(getattr(period, "end", None), "year", "")),
            "ky": label[:1].lower() + label[1:],
        }

        def fill(text: str) -> str:
            return _FIELD.sub(lambda m: values.get(m.group(1).strip(), m.group(0)), text)

        changes = {}
        for attr in _KEYS.values():
            current = getattr(self, attr)
            changes[attr] = tuple(fill(t) for t in current) if isinstance(current, tuple) else fill(current)
        return dataclasses.replace(self, **changes)


#: ``{nam}``, ``{ky}`` in period-bound texts.
_FIELD = re.compile(r"\{([^{}]*)\}")
PERIOD_FIELDS = ("nam", "ky")


_KEYS = {
    "ten_co_quan": "org_name",
    "co_quan_chu_quan": "superior_body",
    "dia_danh": "place",
    "ky_hieu": "doc_symbol",
    "so": "doc_number",
    "chuc_vu_ky": "signer_titles",
    "nguoi_ky": "signer_name",
    "noi_nhan": "recipients",
    "ten_van_phong_ngan": "short_name",
}


class SettingsError(ValueError):
    """The settings file exists but cannot be used."""


_LIST_KEYS = ("chuc_vu_ky", "noi_nhan")


def _kind(value: object) -> str:
    """How a TOML value's type reads in an error message (Vietnamese / English)."""
    if isinstance(value, bool):
        return f"giá trị đúng/sai {value!r} (boolean)"
    if isinstance(value, (int, float)):
        return f"số {value!r} (number)"
    if isinstance(value, list):
        return "danh sách (list)"
    if isinstance(value, dict):
        return "bảng (table)"
    return f"{type(value).__name__}"


def _check(key: str, value: object, path: str) -> str | None:
    """The error for one key's value, or None when its type is right."""

    def err(expected_vi: str, expected_en: str, got: object) -> str:
        return (
            f"Tệp {path}, khóa “{key}”: phải là {expected_vi}, nhận được {_kind(got)}. "
            f"(File {path}, key '{key}': must be {expected_en}.)"
        )

    if key in _LIST_KEYS:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(isinstance(v, str) for v in items):
            bad = (
                next((v for v in items if not isinstance(v, str)), value)
                if isinstance(items, list) and items
                else value
            )
            return err(
                "một chuỗi văn bản hoặc danh sách các chuỗi văn bản (không rỗng)",
                "text or a non-empty list of texts",
                bad,
            )
        texts = items
    elif key == "so":
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            return err("chuỗi văn bản hoặc số nguyên", "text or a whole number", value)
        texts = [str(value)]
    else:
        if not isinstance(value, str):
            return err("một chuỗi văn bản (đặt trong dấu nháy kép)", "text in double quotes", value)
        texts = [value]
    for text in texts:
        for m in _FIELD.finditer(text):
            if m.group(1).strip() not in PERIOD_FIELDS:
                return (
                    f"Tệp {path}, khóa “{key}”: chỗ điền không hợp lệ “{m.group(0)}”; dùng "
                    f"{{nam}} hoặc {{ky}}. (File {path}, key '{key}': unknown field "
                    f"{m.group(0)!r}; use {{nam}} or {{ky}}.)"
                )
    return None


def load_report_settings(raw_dir: Path | str) -> ReportSettings:
    """Read ``bao_cao.toml`` from ``raw_dir``; neutral defaults when absent.

    Raises
    ------
    SettingsError
        When the file is not valid TOML or holds an unknown key, with a
        Vietnamese message and an English gloss naming the file.
    """
    path = Path(raw_dir) / SETTINGS_FILE_NAME
    if not path.is_file():
        return ReportSettings(
            notice=(
                f"Chưa có tệp cấu hình {SETTINGS_FILE_NAME}: tên cơ quan, người ký và nơi nhận "
                "dùng giá trị mặc định. (No report settings file: neutral defaults used.)"
            )
        )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(
            f"Tệp {path.name}: không đọc được cấu hình ({exc}). (File {path.name}: invalid TOML settings.)"
        ) from None
    unknown = sorted(set(raw) - set(_KEYS) - {"chi_so_766"})  # [chi_so_766]: cchc.service_index
    if unknown:
        raise SettingsError(
            f"Tệp {path}: khóa không hợp lệ {', '.join(unknown)}; khóa hợp lệ: "
            f"{', '.join(_KEYS)}. (File {path}: unknown keys.)"
        )
    errors = [e for e in (_check(k, raw[k], str(path)) for k in _KEYS if k in raw) if e]
    if errors:
        raise SettingsError("\n".join(errors))
    values: dict[str, object] = {}
    for key, attr in _KEYS.items():
        if key not in raw:
            continue
        value = raw[key]
        if attr in ("signer_titles", "recipients"):
            items = [value] if isinstance(value, str) else list(value)
            values[attr] = tuple(_nfc(v) for v in items)
        else:
            values[attr] = _nfc(value)
    return ReportSettings(**values, source=path)
