"""Write the corpus of broken inputs: one folder per case under ``tests/bad_inputs/``.

Usage: ``.venv/bin/python tests/bad_inputs/make_corpus.py [OUT_DIR]`` (default: this
folder). Deterministic: the same bytes on every run (fixed workbook dates, no
randomness), so ``tests/test_bad_inputs.py`` can check that the committed files
are exactly what this script writes. Expectations per case live in
``cases.toml``; the 1,200,000-row sheet is generated at test time, not here.

Binary formats built by hand (no extra dependency):

- a password-protected workbook: Excel writes encrypted ``.xlsx`` files as an
  OLE2 compound file (CFB) holding ``EncryptionInfo`` and ``EncryptedPackage``
  streams; :func:`write_cfb` builds a valid CFB v3 container;
- a real ``.xls``: a BIFF8 ``Workbook`` stream (BOF, CodePage, BoundSheet8,
  Label and Number cells, EOF) in the same container.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
import sys
import unicodedata
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2022, 7, 1, 8, 0, 0)

HO_SO_HEADER = [
    "Mã hồ sơ",
    "Lĩnh vực",
    "Thủ tục",
    "Đơn vị",
    "Hình thức nộp",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày có kết quả",
    "Trạng thái",
]
NHIEM_VU_HEADER = [
    "Mã nhiệm vụ",
    "Nội dung",
    "Nguồn giao",
    "Văn bản giao",
    "Đơn vị chủ trì",
    "Ngày giao",
    "Hạn hoàn thành",
    "Ngày hoàn thành",
]
VAN_BAN_HEADER = ["Số ký hiệu", "Loại", "Ngày", "Hình thức", "Ký số", "Đơn vị", "Trích yếu"]
DAO_TAO_HEADER = [
    "Mã cán bộ",
    "Họ và tên",
    "Đơn vị",
    "Nội dung đào tạo",
    "Loại hình",
    "Năm kế hoạch",
    "Ngày cử đi",
    "Ngày hoàn thành",
]
CHI_TIEU_HEADER = ["Kỳ báo cáo", "Mã chỉ tiêu", "Tên chỉ tiêu", "Giá trị", "Đơn vị tính", "Ghi chú"]


def dossier(
    i: int,
    received="05/01/2022",
    due="20/01/2022",
    resolved="18/01/2022",
    field="Đất đai",
    channel="Trực tuyến",
) -> list:
    return [
        f"HS{i:04d}",
        field,
        "Cấp giấy chứng nhận",
        "Trung tâm Phục vụ hành chính công",
        channel,
        received,
        due,
        resolved,
        "Đã trả kết quả",
    ]


GOOD_DOSSIERS = [dossier(1), dossier(2, "06/01/2022", "21/01/2022", "", field="Xây dựng")]


# --- writers ----------------------------------------------------------------


class Formula(tuple):
    """``Formula((text, cached_value))``: a formula cell with its cached result."""


def write_xlsx(
    path: Path | io.BytesIO,
    rows: list[list],
    *,
    sheet: str = "ho_so",
    first: tuple[str, ...] = (),
    merges: tuple[tuple[int, int, int, int, str], ...] = (),
    blank_to: tuple[int, int] | None = None,
    first_rows: list[list] | None = None,
) -> None:
    """A deterministic workbook: ``rows`` on ``sheet``; ``first`` sheets before it.

    Cells: str, int/float, ``datetime.date``, None, or :class:`Formula`.
    ``merges``: (first_row, first_col, last_row, last_col, text).
    ``blank_to``: (rows, cols) of formatted but empty cells beyond the data,
    as a sheet someone formatted whole columns of leaves behind.
    """
    if isinstance(path, Path):
        path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path) if isinstance(path, Path) else path, {"in_memory": True})
    wb.set_properties({"created": FIXED_TIME, "author": "cchc tests"})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    bordered = wb.add_format({"border": 1})
    for name in first:
        ws0 = wb.add_worksheet(name)
        for r, row in enumerate(first_rows or [["Hướng dẫn nhập liệu: nhập hồ sơ ở trang 'Dữ liệu'."]]):
            ws0.write_row(r, 0, row)
    ws = wb.add_worksheet(sheet)
    for r0, c0, r1, c1, text in merges:
        ws.merge_range(r0, c0, r1, c1, text)
    merged_cells = {
        (r, c) for r0, c0, r1, c1, _ in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
    }
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or (r, c) in merged_cells:
                continue
            if isinstance(value, Formula):
                text, cached = value
                fmt = date_fmt if isinstance(cached, (int, float)) and cached > 40000 else None
                ws.write_formula(r, c, text, fmt, cached)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date_fmt)
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, str(value))
    if blank_to is not None:
        for r in range(len(rows), blank_to[0]):
            for c in range(blank_to[1]):
                ws.write_blank(r, c, None, bordered)
        for r in range(len(rows)):
            for c in range(len(rows[0]), blank_to[1]):
                ws.write_blank(r, c, None, bordered)
    wb.close()


def write_csv(
    path: Path, rows: list[list], *, sep: str = ",", encoding: str = "utf-8", bom: bool = False
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\r\n".join(sep.join("" if v is None else str(v) for v in row) for row in rows) + "\r\n"
    data = encode_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows software writes it: precomposed base + tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for i in range(len(marks), -1, -1):  # longest precomposed head, then the rest as marks
            head = unicodedata.normalize("NFC", base + "".join(marks[:i]))
            try:
                out += head.encode("cp1258") + "".join(marks[i:]).encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
    return bytes(out)


SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(
    name: str, kind: int, start: int, size: int, child: int = NOSTREAM, right: int = NOSTREAM
) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0" if name else b""
    entry = (
        raw.ljust(64, b"\0")
        + struct.pack("<HBB", len(raw), kind, 1)
        + struct.pack("<III", NOSTREAM, right, child)
        + b"\0" * 36
        + struct.pack("<IQ", start, size)
    )
    assert len(entry) == 128
    return entry


def write_cfb(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file (CFB v3, 512-byte sectors) holding top-level ``streams``.

    Streams under 4,096 bytes go to the mini stream (64-byte sectors), as the
    format requires. Siblings are chained through right-sibling links in
    CFB name order (a valid, if unbalanced, red-black tree of black nodes).
    """
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    mini_data, mini_fat, big, starts = b"", [], [], {}
    for name in names:
        data = streams[name]
        if len(data) < CUTOFF:
            first = len(mini_data) // MINI
            n = max(1, -(-len(data) // MINI))
            mini_fat += [first + i + 1 for i in range(n - 1)] + [END]
            mini_data += data.ljust(n * MINI, b"\0")
            starts[name] = first
        else:
            big.append(name)
    n_dir = -(-(len(names) + 1) * 128 // SECTOR)
    n_minifat = -(-len(mini_fat) * 4 // SECTOR)
    n_ministream = -(-len(mini_data) // SECTOR)
    big_sizes = [-(-len(streams[n]) // SECTOR) for n in big]
    payload = n_dir + n_minifat + n_ministream + sum(big_sizes)
    n_fat = 1
    while n_fat * 128 < payload + n_fat:
        n_fat += 1
    fat = [FATSECT] * n_fat

    def chain(n: int) -> int:
        first = len(fat)
        fat.extend([first + i + 1 for i in range(n - 1)] + [END])
        return first

    dir_start = chain(n_dir)
    minifat_start = chain(n_minifat) if n_minifat else END
    ministream_start = chain(n_ministream) if n_ministream else END
    for name, n in zip(big, big_sizes):
        starts[name] = chain(n)
    fat += [FREE] * (n_fat * 128 - len(fat))
    entries = [_dir_entry("Root Entry", 5, ministream_start, len(mini_data), child=1 if names else NOSTREAM)]
    for i, name in enumerate(names):
        entries.append(
            _dir_entry(
                name, 2, starts[name], len(streams[name]), right=i + 2 if i + 1 < len(names) else NOSTREAM
            )
        )
    unused = (
        b"\0" * 64
        + struct.pack("<HBB", 0, 0, 0)
        + struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM)
        + b"\0" * 48
    )
    directory = b"".join(entries) + unused * (n_dir * SECTOR // 128 - len(entries))
    difat = list(range(n_fat)) + [FREE] * (109 - n_fat)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<9I", 0, n_fat, dir_start, 0, CUTOFF, minifat_start, n_minifat, END, 0)
        + struct.pack("<109I", *difat)
    )
    body = struct.pack(f"<{len(fat)}I", *fat) + directory
    if n_minifat:
        mf = mini_fat + [FREE] * (n_minifat * 128 - len(mini_fat))
        body += struct.pack(f"<{len(mf)}I", *mf)
    body += mini_data.ljust(n_ministream * SECTOR, b"\0")
    for name, n in zip(big, big_sizes):
        body += streams[name].ljust(n * SECTOR, b"\0")
    return header + body


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def biff8_workbook(sheet: str, rows: list[list]) -> bytes:
    """A minimal BIFF8 ``Workbook`` stream: one sheet of text (Label) and number cells."""
    bof = lambda kind: _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0, 0, 0, 0))  # noqa: E731
    codepage = _record(0x0042, struct.pack("<H", 1200))

    def bound(pos: int) -> bytes:
        return _record(0x0085, struct.pack("<IBBBB", pos, 0, 0, len(sheet), 1) + sheet.encode("utf-16-le"))

    cells = b""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, (int, float)):
                cells += _record(0x0203, struct.pack("<HHHd", r, c, 0, float(value)))
            else:
                text = str(value)
                cells += _record(
                    0x0204, struct.pack("<HHHHB", r, c, 0, len(text), 1) + text.encode("utf-16-le")
                )
    globals_len = len(bof(0x0005) + codepage + bound(0) + _record(0x000A))
    return (
        bof(0x0005) + codepage + bound(globals_len) + _record(0x000A) + bof(0x0010) + cells + _record(0x000A)
    )


# --- the cases --------------------------------------------------------------


def _good_workbook_bytes() -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, [HO_SO_HEADER, *GOOD_DOSSIERS])
    return buffer.getvalue()


def _bad_dossier(**kw) -> list[list]:
    return [HO_SO_HEADER, dossier(1), dossier(2, **kw)]


def build(out: Path) -> list[Path]:
    """Write every case folder under ``out``; return the files written."""
    C = {}

    def case(name: str):
        def register(func):
            C[name] = func
            return func

        return register

    @case("corrupt_xlsx")
    def _(d: Path):
        good = _good_workbook_bytes()
        (d / "ho_so.xlsx").write_bytes(good[: len(good) // 2])  # a download cut halfway

    @case("encrypted_xlsx")
    def _(d: Path):
        info = (
            struct.pack("<HHI", 4, 4, 0x40) + b'<encryption xmlns="http://schemas.microsoft.com/'
            b'office/2006/encryption"/>'
        )
        package = struct.pack("<Q", 6000) + bytes((i * 73 + 11) % 256 for i in range(6000))
        (d / "ho_so.xlsx").write_bytes(write_cfb({"EncryptionInfo": info, "EncryptedPackage": package}))

    @case("empty_file")
    def _(d: Path):
        (d / "ho_so.xlsx").write_bytes(b"")

    @case("header_no_rows")
    def _(d: Path):
        write_xlsx(d / "ho_so.xlsx", [HO_SO_HEADER])

    @case("wrong_sheet")
    def _(d: Path):
        write_xlsx(d / "ho_so.xlsx", [HO_SO_HEADER, *GOOD_DOSSIERS], sheet="Dữ liệu", first=("Hướng dẫn",))

    @case("sheet_named_after_dataset")
    def _(d: Path):
        write_xlsx(
            d / "ho_so.xlsx",
            [HO_SO_HEADER, *GOOD_DOSSIERS],
            sheet="ho_so",
            first=("Hướng dẫn",),
            first_rows=[HO_SO_HEADER, dossier(99)],
        )

    @case("missing_required_column")
    def _(d: Path):
        rows = [[c for i, c in enumerate(r) if i != 1] for r in [HO_SO_HEADER, *GOOD_DOSSIERS]]
        write_xlsx(d / "ho_so.xlsx", rows)

    @case("duplicated_header")
    def _(d: Path):
        write_xlsx(
            d / "ho_so.xlsx",
            [[*HO_SO_HEADER, "Ngày tiếp nhận"], *[[*r, "01/01/2022"] for r in GOOD_DOSSIERS]],
        )

    @case("text_in_date_column")
    def _(d: Path):
        write_xlsx(d / "ho_so.xlsx", _bad_dossier(received="chưa rõ"))

    @case("impossible_date")
    def _(d: Path):
        write_xlsx(d / "ho_so.xlsx", _bad_dossier(due="31/06/2022"))

    @case("month_first_date")
    def _(d: Path):
        write_xlsx(d / "ho_so.xlsx", _bad_dossier(resolved="06/31/2022"))

    @case("serial_as_text")
    def _(d: Path):
        write_xlsx(d / "ho_so.xlsx", _bad_dossier(received="44567"))

    @case("nfd_vietnamese")
    def _(d: Path):
        def nfd(rows):
            return [[unicodedata.normalize("NFD", v) if isinstance(v, str) else v for v in r] for r in rows]

        write_xlsx(d / "ho_so.xlsx", nfd([HO_SO_HEADER, *GOOD_DOSSIERS]))

    @case("csv_windows_1258")
    def _(d: Path):
        write_csv(d / "ho_so.csv", [HO_SO_HEADER, *GOOD_DOSSIERS], encoding="cp1258")

    @case("csv_utf16")
    def _(d: Path):
        write_csv(d / "ho_so.csv", [HO_SO_HEADER, *GOOD_DOSSIERS], sep="\t", encoding="utf-16")

    @case("csv_semicolon")
    def _(d: Path):
        write_csv(d / "ho_so.csv", [HO_SO_HEADER, *GOOD_DOSSIERS], sep=";", bom=True)

    @case("formula_cells")
    def _(d: Path):
        rows = [
            HO_SO_HEADER,
            [
                Formula(('="HS"&"0001"', "HS0001")),
                Formula(('=PROPER("đất đai")', "Đất đai")),
                "Thủ tục A",
                None,
                "Trực tuyến",
                Formula(("=DATE(2022,1,5)", 44566)),
                Formula(("=F2+15", 44581)),
                Formula(("=F2+13", 44579)),
                None,
            ],
            dossier(2),
        ]
        write_xlsx(d / "ho_so.xlsx", rows)

    @case("formula_error_cell")
    def _(d: Path):
        rows = [HO_SO_HEADER, dossier(1), dossier(2)]
        rows[2][6] = Formula(("=#REF!+15", "#REF!"))  # a broken reference: Excel shows #REF!
        write_xlsx(d / "ho_so.xlsx", rows)

    @case("merged_header")
    def _(d: Path):
        rows = [
            ["DANH SÁCH HỒ SƠ TIẾP NHẬN 6 THÁNG ĐẦU NĂM 2022"],
            ["Thông tin hồ sơ"] + [None] * 4 + ["Thời gian"],
            HO_SO_HEADER,
            *GOOD_DOSSIERS,
        ]
        write_xlsx(
            d / "ho_so.xlsx",
            rows,
            merges=((0, 0, 0, 8, rows[0][0]), (1, 0, 1, 4, "Thông tin hồ sơ"), (1, 5, 1, 7, "Thời gian")),
        )

    @case("totals_row")
    def _(d: Path):
        write_xlsx(
            d / "ho_so.xlsx",
            [
                HO_SO_HEADER,
                *GOOD_DOSSIERS,
                [],
                ["Tổng cộng", None, None, None, None, None, None, None, "2 hồ sơ"],
            ],
        )

    @case("trailing_empty_rows_and_columns")
    def _(d: Path):
        write_xlsx(
            d / "ho_so.xlsx",
            [
                [*HO_SO_HEADER, None, None, ""],
                *[[*r, "", None, " "] for r in GOOD_DOSSIERS],
                [],
                [None] * 9,
                [" "] * 9,
            ],
            blank_to=(40, 14),
        )

    @case("duplicate_id_two_files")
    def _(d: Path):
        write_csv(d / "ho_so_2022_a.csv", [HO_SO_HEADER, *GOOD_DOSSIERS])
        write_csv(
            d / "ho_so_2022_b.csv",
            [
                HO_SO_HEADER,
                dossier(2, "06/01/2022", "21/01/2022", "20/01/2022", field="Xây dựng"),
                dossier(3),
            ],
        )

    @case("duplicate_id_same_content")
    def _(d: Path):
        write_csv(d / "ho_so_2022_a.csv", [HO_SO_HEADER, *GOOD_DOSSIERS])
        write_csv(d / "ho_so_2022_b.csv", [HO_SO_HEADER, GOOD_DOSSIERS[1], dossier(3)])

    @case("duplicate_id_one_file")
    def _(d: Path):
        write_xlsx(d / "ho_so.xlsx", [HO_SO_HEADER, *GOOD_DOSSIERS, dossier(1, "07/01/2022")])

    @case("xls_real")
    def _(d: Path):
        (d / "ho_so.xls").write_bytes(
            write_cfb({"Workbook": biff8_workbook("ho_so", [HO_SO_HEADER, *GOOD_DOSSIERS])})
        )

    @case("xls_not_a_spreadsheet")
    def _(d: Path):
        (d / "ho_so.xls").write_bytes("<html><body>Trang web lưu với đuôi .xls</body></html>\n".encode())

    @case("unknown_file_name")
    def _(d: Path):
        write_csv(d / "ho_so.csv", [HO_SO_HEADER, *GOOD_DOSSIERS])
        write_xlsx(d / "thong_ke_2022.xlsx", [["Chỉ tiêu", "Giá trị"], ["a", 1]], sheet="Sheet1")

    @case("value_outside_enumeration")
    def _(d: Path):
        write_xlsx(d / "ho_so.xlsx", _bad_dossier(channel="Fax"))

    @case("missing_required_value")
    def _(d: Path):
        write_xlsx(d / "ho_so.xlsx", _bad_dossier(field=""))

    @case("required_value_spaces")
    def _(d: Path):
        write_xlsx(d / "ho_so.xlsx", _bad_dossier(field="   "))

    @case("no_recognised_file")
    def _(d: Path):
        write_xlsx(d / "thong_ke_2022.xlsx", [["Chỉ tiêu", "Giá trị"], ["a", 1]], sheet="Sheet1")
        (d / "README.md").write_text("Dữ liệu xuất từ phần mềm, tháng 6/2022.\n", encoding="utf-8")

    @case("no_records")
    def _(d: Path):
        write_csv(d / "ho_so_2022.csv", [HO_SO_HEADER])
        write_csv(
            d / "nhiem_vu.csv",
            [
                NHIEM_VU_HEADER,
                [
                    "NV001",
                    "Kế hoạch CCHC",
                    "UBND tỉnh",
                    "248/KH-UBND",
                    "",
                    "15/02/2022",
                    "30/06/2022",
                    "20/06/2022",
                ],
            ],
        )

    @case("all_errors_reported_together")
    def _(d: Path):
        write_xlsx(
            d / "ho_so.xlsx",
            [
                HO_SO_HEADER,
                dossier(1, received="30/02/2022"),
                dossier(2, channel="Fax"),
                dossier(3, due="20/13/2022"),
            ],
        )
        write_csv(
            d / "van_ban.csv", [VAN_BAN_HEADER, ["12/VP", "Đi", "01/02/2022", "Điện tử", "có lẽ", "", ""]]
        )

    @case("resolved_before_received")
    def _(d: Path):
        write_xlsx(
            d / "ho_so.xlsx", _bad_dossier(received="10/03/2022", due="24/03/2022", resolved="01/03/2022")
        )

    @case("due_before_received")
    def _(d: Path):
        write_xlsx(d / "ho_so.xlsx", _bad_dossier(received="10/03/2022", due="09/03/2022", resolved=""))

    @case("long_time_limit")
    def _(d: Path):
        write_xlsx(d / "ho_so.xlsx", _bad_dossier(received="10/03/2022", due="10/03/2024", resolved=""))

    @case("task_completed_before_assigned")
    def _(d: Path):
        write_xlsx(
            d / "nhiem_vu.xlsx",
            [
                NHIEM_VU_HEADER,
                [
                    "NV001",
                    "Xây dựng kế hoạch CCHC",
                    "UBND tỉnh",
                    "248/KH-UBND",
                    "Phòng HC-TC",
                    "15/02/2022",
                    "30/06/2022",
                    "14/02/2022",
                ],
                [
                    "NV002",
                    "Rà soát TTHC",
                    "Văn phòng",
                    "1147/KH-VP",
                    "Phòng KSTT",
                    "15/02/2022",
                    "",
                    "15/02/2022",
                ],
            ],
            sheet="nhiem_vu",
        )

    @case("future_date")
    def _(d: Path):
        write_csv(
            d / "van_ban.csv",
            [
                VAN_BAN_HEADER,
                ["01/VP", "Đi", "03/01/2022", "Điện tử", "x", "VP", ""],
                ["02/VP", "Đến", "03/01/2099", "Giấy", "", "VP", ""],
            ],
        )

    @case("date_before_2000")
    def _(d: Path):
        write_csv(
            d / "dao_tao.csv",
            [
                DAO_TAO_HEADER,
                ["CB001", "Nguyễn Văn Mẫu", "Phòng HC-TC", "Tin học", "Bồi dưỡng", "2022", "08/03/1922", ""],
            ],
        )

    @case("key_figure_twice")
    def _(d: Path):
        write_csv(
            d / "chi_tieu.csv",
            [
                CHI_TIEU_HEADER,
                ["2022-H1", "ct_web_posts", "Tin bài", "422", "tin bài", ""],
                ["2022-H1", "ct_web_news", "Tin", "397", "tin", ""],
                ["2022-H1", "ct_web_articles", "Bài", "25", "bài", ""],
                ["2022-H1", "ct_web_posts", "Tin bài", "420", "tin bài", "nhập lại"],
            ],
        )

    @case("parts_do_not_add_up")
    def _(d: Path):
        write_xlsx(
            d / "chi_tieu.xlsx",
            [
                CHI_TIEU_HEADER,
                ["2022-H1", "ct_staff_quota", "Biên chế", 100, "người"],
                ["2022-H1", "ct_staff_admin", "HC", 61, "người"],
                ["2022-H1", "ct_staff_public_service", "SN", 19, "người"],
                ["2022-H1", "ct_staff_contract_service", "HĐ", 2, "người"],
                ["2022-H1", "ct_staff_contract_68", "HĐ 68", 19, "người"],
            ],
            sheet="chi_tieu",
        )

    @case("clean")
    def _(d: Path):
        write_xlsx(d / "ho_so_2022.xlsx", [["VĂN PHÒNG UBND TỈNH"], [], HO_SO_HEADER, *GOOD_DOSSIERS])
        write_csv(
            d / "nhiem_vu.csv",
            [
                NHIEM_VU_HEADER,
                [
                    "NV001",
                    "Kế hoạch CCHC",
                    "UBND tỉnh",
                    "248/KH-UBND",
                    "",
                    "15/02/2022",
                    "30/06/2022",
                    "20/06/2022",
                ],
            ],
        )
        write_csv(
            d / "van_ban.csv",
            [VAN_BAN_HEADER, ["01/VP", "Đi", "03/01/2022", "Điện tử", "x", "VP", "Về CCHC"]],
        )
        write_csv(
            d / "dao_tao.csv",
            [
                DAO_TAO_HEADER,
                ["CB001", "Nguyễn Văn Mẫu", "VP", "Tin học", "Bồi dưỡng", "2022", "08/03/2022", "10/03/2022"],
            ],
        )
        write_csv(
            d / "chi_tieu.csv",
            [
                CHI_TIEU_HEADER,
                ["2022-H1", "ct_web_posts", "Tin bài", "422", "", ""],
                ["2022-H1", "ct_web_news", "Tin", "397", "", ""],
                ["2022-H1", "ct_web_articles", "Bài", "25", "", ""],
            ],
        )

    written: list[Path] = []
    for name, func in C.items():
        folder = out / name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        func(folder)
        written += sorted(p for p in folder.iterdir())
    return written


def main(argv: list[str]) -> None:
    out = Path(argv[1]) if len(argv) > 1 else HERE
    files = build(out)
    total = sum(p.stat().st_size for p in files)
    print(f"{len({p.parent for p in files})} cases, {len(files)} files, {total / 1024:.1f} KB in {out}")


if __name__ == "__main__":
    main(sys.argv)
