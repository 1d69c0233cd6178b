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
    #: Cell texts that mean "empty" for this column (e.g. a task deadline ``Thường xuyên``).
    empty_words: tuple[str, ...] = ()
    #: Another column whose values stand in when this one is absent from a file
    #: (an outgoing register has no arrival date: its document date is the counting date).
    fallback: str = ""

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
    "nộp trực tuyến": "Trực tuyến",
    "dvc trực tuyến": "Trực tuyến",
    "dịch vụ công trực tuyến": "Trực tuyến",
    "qua dịch vụ công trực tuyến": "Trực tuyến",
    "online": "Trực tuyến",
    "trực tiếp": "Trực tiếp",
    "nộp trực tiếp": "Trực tiếp",
    "trực tiếp tại bộ phận một cửa": "Trực tiếp",
    "tại bộ phận một cửa": "Trực tiếp",
    "in person": "Trực tiếp",
    "bưu chính": "Bưu chính",
    "bưu chính công ích": "Bưu chính",
    "dịch vụ bưu chính công ích": "Bưu chính",
    "qua dịch vụ bưu chính công ích": "Bưu chính",
    "bcci": "Bưu chính",
    "bưu điện": "Bưu chính",
    "qua bưu điện": "Bưu chính",
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
    "điện tử kèm bản giấy": "Điện tử kèm giấy",
    "điện tử và giấy": "Điện tử kèm giấy",
    "điện tử kèm văn bản giấy": "Điện tử kèm giấy",
    "văn bản điện tử kèm văn bản giấy": "Điện tử kèm giấy",
    "electronic with paper": "Điện tử kèm giấy",
}

#: Every wording of "the applicant withdrew the dossier"; stored as :data:`WITHDRAWN_STATUS`.
WITHDRAWN_WORDS = (
    "Rút hồ sơ",
    "Đã rút hồ sơ",
    "Công dân rút hồ sơ",
    "Trả lại/Rút hồ sơ",
    "Tổ chức, cá nhân rút hồ sơ",
    "Rút hồ sơ theo yêu cầu",
    "Withdrawn",
)

#: Dossier statuses one-stop systems write that need no attention (any other value is a
#: warning listing the values seen, so an unrecognised wording of "withdrawn" is noticed).
KNOWN_STATUSES = (
    "Đã trả kết quả",
    "Đã có kết quả",
    "Hoàn thành",
    "Đã hoàn thành",
    "Đã giải quyết",
    "Đang xử lý",
    "Đang giải quyết",
    "Đã tiếp nhận",
    "Mới tiếp nhận",
    "Chờ tiếp nhận",
    "Chờ bổ sung",
    "Yêu cầu bổ sung",
    "Chờ bổ sung hồ sơ",
    "Tạm dừng",
    "Chờ trả kết quả",
    "Chờ phê duyệt",
    "Chờ thanh toán",
    "Đã chuyển xử lý",
    "Từ chối",
    "Từ chối giải quyết",
    "Trả lại",
    "Không giải quyết",
    "Dừng xử lý",
    "Quá hạn",
    "Đúng hạn",
    "Trước hạn",
    "Trễ hạn",
    "Đang thẩm định",
    "Đã thẩm định",
)

#: Task-deadline texts that mean "no deadline" (a regular task).
NO_DEADLINE_WORDS = (
    "Thường xuyên",
    "Không thời hạn",
    "Không có thời hạn",
    "Hàng năm",
    "Hằng năm",
    "Không",
    "-",
    "—",
)

#: Headers of columns that hold personal data in real exports. They are never read
#: (no check needs them), so they can never reach a page, log, export or Word file.
PERSONAL_HEADERS = (
    "Họ và tên",
    "Họ tên",
    "Họ tên người nộp",
    "Tên người nộp",
    "Người nộp hồ sơ",
    "Tên cá nhân, tổ chức",
    "Tên tổ chức, cá nhân",
    "Chủ hồ sơ",
    "Người đứng tên",
    "Địa chỉ",
    "Địa chỉ, số điện thoại",
    "Số điện thoại",
    "Điện thoại",
    "Email",
    "Thư điện tử",
    "Ngày sinh",
    "Năm sinh",
    "Số CMND",
    "Số CCCD",
    "Số CMND/CCCD",
    "Số định danh cá nhân",
    "Giới tính",
    "Quê quán",
    "Người ký",
    "Ký nhận",
)

#: Headers real exports carry that are not data for us and need no warning.
IGNORED_HEADERS = (
    "STT",
    "TT",
    "Số TT",
    "Số thứ tự",
    "Ghi chú",
    "Số lượng bản",
    "Số lượng hồ sơ",
    "Số đến",
    "Nơi nhận văn bản",
    "Nơi nhận",
    "Chức vụ",
    "Ngày chuyển",
    "Tác giả",
    "Cơ quan ban hành",
    "Nơi gửi",
)

#: Status value that marks a withdrawn dossier.
WITHDRAWN_STATUS = "Rút hồ sơ"

#: Yes / no / not applicable cells of the optional service-quality columns (Quyết định 766).
#: Not ``bool``: a file without the column must read "not recorded", never "no" (docs/chi-so-766.md).
YES_NO = {
    "có": "Có",
    "co": "Có",
    "x": "Có",
    "✓": "Có",
    "✔": "Có",
    "1": "Có",
    "true": "Có",
    "yes": "Có",
    "đã số hóa": "Có",
    "đã thanh toán": "Có",
    "đã thanh toán trực tuyến": "Có",
    "rồi": "Có",
    "không": "Không",
    "khong": "Không",
    "0": "Không",
    "false": "Không",
    "no": "Không",
    "chưa": "Không",
    "chưa số hóa": "Không",
    "chưa thanh toán": "Không",
    "không áp dụng": "Không áp dụng",
    "không thu phí": "Không áp dụng",
    "miễn phí": "Không áp dụng",
    "không có nghĩa vụ tài chính": "Không áp dụng",
    "-": "Không áp dụng",
}
_SERVICE_NOTE = (
    "optional (Quyết định 766 scorecard); empty = `Không` in a file that fills the column "
    "for some rows, not recorded in a file that never does"
)

HO_SO = Dataset(
    name="ho_so",
    title="Hồ sơ thủ tục hành chính",
    description="Administrative-procedure dossiers, one row per dossier.",
    columns=(
        Column(
            "dossier_id",
            "Mã hồ sơ",
            "text",
            required=True,
            unique=True,
            aliases=("Số hồ sơ", "Mã số hồ sơ", "Số biên nhận", "Mã biên nhận"),
        ),
        Column("field", "Lĩnh vực", "text", required=True, aliases=("Tên lĩnh vực", "Lĩnh vực thủ tục")),
        Column(
            "procedure",
            "Thủ tục",
            "text",
            aliases=("Tên thủ tục", "Thủ tục hành chính", "Tên thủ tục hành chính", "Tên TTHC"),
        ),
        Column(
            "unit",
            "Đơn vị",
            "text",
            aliases=(
                "Đơn vị xử lý",
                "Đơn vị giải quyết",
                "Cơ quan giải quyết",
                "Cơ quan chủ trì giải quyết",
                "Phòng ban xử lý",
            ),
        ),
        Column(
            "channel",
            "Hình thức nộp",
            "enum",
            values=CHANNELS,
            aliases=("Kênh nộp", "Hình thức tiếp nhận", "Kênh tiếp nhận", "Hình thức nộp hồ sơ"),
        ),
        Column(
            "received_date",
            "Ngày tiếp nhận",
            "date",
            required=True,
            aliases=(
                "Ngày nhận",
                "Ngày nhận hồ sơ",
                "Ngày tiếp nhận hồ sơ",
                "Nhận hồ sơ",
                "Thời gian tiếp nhận",
            ),
        ),
        Column(
            "due_date",
            "Ngày hẹn trả",
            "date",
            aliases=("Ngày hẹn trả kết quả", "Hẹn trả kết quả", "Hạn xử lý", "Hạn giải quyết"),
            description="empty = no statutory time limit",
        ),
        Column(
            "resolved_date",
            "Ngày có kết quả",
            "date",
            aliases=(
                "Ngày trả kết quả",
                "Trả kết quả",
                "Ngày hoàn thành",
                "Ngày kết thúc xử lý",
                "Trả kết quả cho cá nhân, tổ chức",
                "Thời gian có kết quả",
            ),
            description="empty = not resolved",
        ),
        Column(
            "status",
            "Trạng thái",
            "text",
            aliases=("Trạng thái hồ sơ", "Tình trạng", "Tình trạng hồ sơ", "Kết quả xử lý"),
            description=f"`{WITHDRAWN_STATUS}` (or a wording of it) marks a withdrawn dossier",
        ),
        Column(
            "digitised",
            "Số hóa hồ sơ",
            "enum",
            values=YES_NO,
            aliases=("Đã số hóa", "Số hóa", "Hồ sơ đã số hóa", "Số hóa thành phần hồ sơ"),
            description=_SERVICE_NOTE,
        ),
        Column(
            "e_result",
            "Kết quả điện tử",
            "enum",
            values=YES_NO,
            aliases=("Trả kết quả điện tử", "Cấp kết quả điện tử", "Có kết quả điện tử"),
            description=_SERVICE_NOTE,
        ),
        Column(
            "paid_online",
            "Thanh toán trực tuyến",
            "enum",
            values=YES_NO,
            aliases=("Đã thanh toán trực tuyến", "Thanh toán điện tử", "Thanh toán trực tuyến phí, lệ phí"),
            description=_SERVICE_NOTE + "; `Không áp dụng` = no fee to pay",
        ),
    ),
)

NHIEM_VU = Dataset(
    name="nhiem_vu",
    title="Nhiệm vụ được giao",
    description="Tasks assigned to the office, one row per task.",
    columns=(
        Column(
            "task_id",
            "Mã nhiệm vụ",
            "text",
            unique=True,
            description="absent = an id is made from the file and the row's content",
        ),
        Column(
            "title",
            "Nội dung",
            "text",
            required=True,
            aliases=("Nội dung nhiệm vụ", "Tên nhiệm vụ", "Nhiệm vụ"),
        ),
        Column(
            "source",
            "Nguồn giao",
            "text",
            required=True,
            aliases=("Cơ quan giao", "Cơ quan giao nhiệm vụ", "Cấp giao"),
        ),
        Column(
            "assigning_doc",
            "Văn bản giao",
            "text",
            aliases=("Văn bản giao nhiệm vụ", "Số, ký hiệu văn bản giao"),
        ),
        Column("unit", "Đơn vị chủ trì", "text", aliases=("Đơn vị", "Đơn vị thực hiện")),
        Column("assigned_date", "Ngày giao", "date", required=True, aliases=("Ngày giao nhiệm vụ",)),
        Column(
            "due_date",
            "Hạn hoàn thành",
            "date",
            aliases=("Thời hạn", "Thời hạn hoàn thành"),
            empty_words=NO_DEADLINE_WORDS,
            description="empty, `Thường xuyên` or `Không thời hạn` = regular task with no deadline",
        ),
        Column(
            "completed_date",
            "Ngày hoàn thành",
            "date",
            aliases=("Ngày hoàn thành nhiệm vụ",),
            description="empty = not completed",
        ),
    ),
)

VAN_BAN = Dataset(
    name="van_ban",
    title="Văn bản đi, đến",
    description="Official documents sent and received, one row per document.",
    columns=(
        Column(
            "doc_number",
            "Số ký hiệu",
            "text",
            aliases=("Số, ký hiệu", "Số, ký hiệu văn bản", "Số ký hiệu văn bản"),
        ),
        Column(
            "direction",
            "Loại",
            "enum",
            required=True,
            values=DIRECTIONS,
            aliases=("Văn bản đi/đến", "Chiều văn bản"),
            description="absent = from the file name: `van_ban_di*` outgoing, `van_ban_den*` incoming",
        ),
        Column(
            "date",
            "Ngày",
            "date",
            required=True,
            aliases=("Ngày gửi/nhận", "Ngày đến", "Ngày nhận văn bản"),
            fallback="doc_date",
            description="the counting date: arrival (`Ngày đến`) for incoming documents; "
            "absent = the document's own date",
        ),
        Column(
            "doc_date",
            "Ngày tháng văn bản",
            "date",
            aliases=("Ngày văn bản", "Ngày ban hành", "Ngày ký", "Ngày tháng"),
        ),
        Column(
            "doc_type",
            "Loại văn bản",
            "text",
            aliases=("Tên loại văn bản", "Tên loại"),
            description="the document type (Công văn, Quyết định …), not its direction",
        ),
        Column(
            "form",
            "Hình thức",
            "enum",
            required=True,
            values=FORMS,
            aliases=("Hình thức văn bản", "Loại hình văn bản"),
        ),
        Column("signed", "Ký số", "bool", aliases=("Đã ký số", "Chữ ký số", "Văn bản ký số")),
        Column(
            "unit",
            "Đơn vị",
            "text",
            aliases=(
                "Đơn vị soạn thảo",
                "Đơn vị hoặc người nhận",
                "Đơn vị nhận",
                "Đơn vị chủ trì",
                "Đơn vị xử lý",
                "Phòng ban",
            ),
        ),
        Column(
            "summary",
            "Trích yếu",
            "text",
            aliases=(
                "Trích yếu nội dung",
                "Tên loại và trích yếu nội dung",
                "Tên loại và trích yếu nội dung văn bản",
            ),
        ),
    ),
)

DAO_TAO = Dataset(
    name="dao_tao",
    title="Đào tạo, bồi dưỡng",
    description="Training records, one row per person per course.",
    columns=(
        Column(
            "staff_id",
            "Mã cán bộ",
            "text",
            aliases=("Mã nhân sự", "Mã CBCC"),
            description="absent = the record's id is made from the file and the row's content",
        ),
        Column("unit", "Đơn vị", "text", aliases=("Đơn vị công tác", "Phòng ban")),
        Column(
            "course",
            "Nội dung đào tạo",
            "text",
            required=True,
            aliases=(
                "Khóa đào tạo",
                "Nội dung",
                "Tên lớp",
                "Tên khóa học",
                "Nội dung đào tạo, bồi dưỡng",
                "Lớp đào tạo, bồi dưỡng",
            ),
        ),
        Column(
            "training_type",
            "Loại hình",
            "text",
            aliases=("Loại hình đào tạo", "Hình thức đào tạo", "Loại hình đào tạo, bồi dưỡng"),
        ),
        Column(
            "plan_year",
            "Năm kế hoạch",
            "year",
            aliases=("Kế hoạch năm",),
            description="empty = outside the annual training plan",
        ),
        Column(
            "sent_date",
            "Ngày cử đi",
            "date",
            aliases=("Từ ngày", "Ngày bắt đầu"),
            description="empty = not yet sent",
        ),
        Column("completed_date", "Ngày hoàn thành", "date", aliases=("Đến ngày", "Ngày kết thúc")),
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

DATASETS: dict[str, Dataset] = {d.name: d for d in (HO_SO, NHIEM_VU, VAN_BAN, DAO_TAO, CHI_TIEU)}
