"""The data contract: which datasets exist, their columns, types and accepted values.

This module is pure data. Loading (:mod:`cchc.reading`), validation
(:mod:`cchc.validation`) and the documentation (``docs/data-contract.md``) all
read it, so a column is declared exactly once.

Every validated frame has the canonical columns below, in this order, with
these dtypes, followed by three provenance columns (``source_file``,
``source_sheet``, ``source_row``) that name where each record came from, as
the spreadsheet numbers it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Column kinds and the pandas dtype a validated frame uses for each.
KIND_DTYPES = {
    "text": "string",
    "date": "datetime64[ns]",
    "enum": "string",
    "bool": "bool",
    "number": "float64",
    "year": "Int64",
    "period": "string",
}

PROVENANCE_COLUMNS = ("source_file", "source_sheet", "source_row")


@dataclass(frozen=True)
class Column:
    """One column of a dataset.

    ``header`` is the Vietnamese header as real exports write it;
    ``aliases`` are other accepted spellings. Matching ignores case,
    surrounding and repeated spaces and Unicode composition; the canonical
    English name is always accepted too.
    """

    name: str
    header: str
    kind: str
    required: bool = False
    unique: bool = False
    #: For ``enum`` columns: accepted spelling (normalised key) -> stored value.
    values: dict[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    description: str = ""

    @property
    def dtype(self) -> str:
        return KIND_DTYPES[self.kind]


@dataclass(frozen=True)
class Dataset:
    """A dataset: a file-name prefix, a Vietnamese title and its columns."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def id_column(self) -> str | None:
        for c in self.columns:
            if c.unique:
                return c.name
        return None


CHANNELS = {
    "trực tuyến": "Trực tuyến",
    "online": "Trực tuyến",
    "trực tiếp": "Trực tiếp",
    "in person": "Trực tiếp",
    "bưu chính": "Bưu chính",
    "bưu chính công ích": "Bưu chính",
    "post": "Bưu chính",
}

DIRECTIONS = {
    "đi": "Đi",
    "văn bản đi": "Đi",
    "out": "Đi",
    "outgoing": "Đi",
    "đến": "Đến",
    "văn bản đến": "Đến",
    "in": "Đến",
    "incoming": "Đến",
}

FORMS = {
    "giấy": "Giấy",
    "văn bản giấy": "Giấy",
    "paper": "Giấy",
    "điện tử": "Điện tử",
    "văn bản điện tử": "Điện tử",
    "điện tử không kèm giấy": "Điện tử",
    "điện tử không kèm văn bản giấy": "Điện tử",
    "electronic": "Điện tử",
    "điện tử kèm giấy": "Điện tử kèm giấy",
    "điện tử kèm văn bản giấy": "Điện tử kèm giấy",
    "electronic with paper": "Điện tử kèm giấy",
}

#: Status value that marks a withdrawn dossier.
WITHDRAWN_STATUS = "Rút hồ sơ"

HO_SO = Dataset(
    name="ho_so",
    title="Hồ sơ thủ tục hành chính",
    description="Administrative-procedure dossiers, one row per dossier.",
    columns=(
        Column("dossier_id", "Mã hồ sơ", "text", required=True, unique=True,
               aliases=("Số hồ sơ",)),
        Column("field", "Lĩnh vực", "text", required=True),
        Column("procedure", "Thủ tục", "text", aliases=("Tên thủ tục", "Thủ tục hành chính")),
        Column("unit", "Đơn vị", "text", aliases=("Đơn vị xử lý",)),
        Column("channel", "Hình thức nộp", "enum", values=CHANNELS,
               aliases=("Kênh nộp",)),
        Column("received_date", "Ngày tiếp nhận", "date", required=True,
               aliases=("Ngày nhận",)),
        Column("due_date", "Ngày hẹn trả", "date",
               description="empty = no statutory time limit"),
        Column("resolved_date", "Ngày có kết quả", "date", aliases=("Ngày trả kết quả",),
               description="empty = not resolved"),
        Column("status", "Trạng thái", "text",
               description=f"`{WITHDRAWN_STATUS}` marks a withdrawn dossier"),
    ),
)

NHIEM_VU = Dataset(
    name="nhiem_vu",
    title="Nhiệm vụ được giao",
    description="Tasks assigned to the office, one row per task.",
    columns=(
        Column("task_id", "Mã nhiệm vụ", "text", required=True, unique=True),
        Column("title", "Nội dung", "text", required=True,
               aliases=("Nội dung nhiệm vụ", "Tên nhiệm vụ")),
        Column("source", "Nguồn giao", "text", required=True, aliases=("Cơ quan giao",)),
        Column("assigning_doc", "Văn bản giao", "text"),
        Column("unit", "Đơn vị chủ trì", "text", aliases=("Đơn vị",)),
        Column("assigned_date", "Ngày giao", "date", required=True),
        Column("due_date", "Hạn hoàn thành", "date", aliases=("Thời hạn",),
               description="empty = regular task with no deadline"),
        Column("completed_date", "Ngày hoàn thành", "date",
               description="empty = not completed"),
    ),
)

VAN_BAN = Dataset(
    name="van_ban",
    title="Văn bản đi, đến",
    description="Official documents sent and received, one row per document.",
    columns=(
        Column("doc_number", "Số ký hiệu", "text", aliases=("Số, ký hiệu",)),
        Column("direction", "Loại", "enum", required=True, values=DIRECTIONS,
               aliases=("Loại văn bản",)),
        Column("date", "Ngày", "date", required=True,
               aliases=("Ngày gửi/nhận", "Ngày văn bản")),
        Column("form", "Hình thức", "enum", required=True, values=FORMS),
        Column("signed", "Ký số", "bool", aliases=("Đã ký số",)),
        Column("unit", "Đơn vị", "text"),
        Column("summary", "Trích yếu", "text", aliases=("Trích yếu nội dung",)),
    ),
)

DAO_TAO = Dataset(
    name="dao_tao",
    title="Đào tạo, bồi dưỡng",
    description="Training records, one row per person per course.",
    columns=(
        Column("staff_id", "Mã cán bộ", "text", required=True),
        Column("full_name", "Họ và tên", "text",
               description="personal data, never shown in reports"),
        Column("unit", "Đơn vị", "text"),
        Column("course", "Nội dung đào tạo", "text", required=True,
               aliases=("Khóa đào tạo", "Nội dung")),
        Column("training_type", "Loại hình", "text", aliases=("Loại hình đào tạo",)),
        Column("plan_year", "Năm kế hoạch", "year",
               description="empty = outside the annual training plan"),
        Column("sent_date", "Ngày cử đi", "date", description="empty = not yet sent"),
        Column("completed_date", "Ngày hoàn thành", "date"),
    ),
)

CHI_TIEU = Dataset(
    name="chi_tieu",
    title="Chỉ tiêu nhập tay",
    description="Key figures entered by hand, long format.",
    columns=(
        Column("period", "Kỳ báo cáo", "period", required=True),
        Column("code", "Mã chỉ tiêu", "text", required=True),
        Column("label", "Tên chỉ tiêu", "text", required=True),
        Column("value", "Giá trị", "number", required=True),
        Column("unit", "Đơn vị tính", "text"),
        Column("note", "Ghi chú", "text"),
    ),
)

DATASETS: dict[str, Dataset] = {
    d.name: d for d in (HO_SO, NHIEM_VU, VAN_BAN, DAO_TAO, CHI_TIEU)
}

#: Columns that hold personal data: never published in HTML or exports.
PERSONAL_COLUMNS = {"dao_tao": ("full_name",)}
