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
    noi_nhan = ["Sở Nội vụ;", "Lưu: VT."]
    ten_van_phong_ngan = "Văn phòng"
"""

from __future__ import annotations

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
            f"Tệp {path.name}: không đọc được cấu hình ({exc}). "
            f"(File {path.name}: invalid TOML settings.)"
        ) from None
    unknown = sorted(set(raw) - set(_KEYS))
    if unknown:
        raise SettingsError(
            f"Tệp {path.name}: khóa không hợp lệ {', '.join(unknown)}; khóa hợp lệ: "
            f"{', '.join(_KEYS)}. (File {path.name}: unknown keys.)"
        )
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
