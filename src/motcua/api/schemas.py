"""Shapes of the API's answers. Shared pieces (errors, ids, pages) are reused by every area."""

from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator

from motcua.catalog.models import Channel, OnlineLevel
from motcua.org.models import UnitKind

# Database ids are 64-bit: anything larger is a bad parameter (422), not an overflow (500).
MAX_ID = 2**63 - 1
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]
PAGE_SIZE = 20
MAX_PAGE = 1_000_000


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str
    message: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


ERROR_RESPONSES = {404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}


def _blank_is_none(value: object) -> object:
    """`?field=&level=` (what an HTML form sends) means "no filter", not a bad number."""
    return None if isinstance(value, str) and not value.strip() else value


Blankable = BeforeValidator(_blank_is_none)
OptionalId = Annotated[DbId | None, Blankable]
Page = Annotated[int, Field(ge=1, le=MAX_PAGE)]
Level = Annotated[int, Field(ge=OnlineLevel.INFORMATION, le=OnlineLevel.FULL)]


class ProcedureFilters(Schema):
    q: str = Field("", max_length=500, description="Từ khóa (không phân biệt dấu, hoa thường).")
    field: OptionalId = Field(None, description="Mã số lĩnh vực (xem /v1/fields).")
    unit: OptionalId = Field(None, description="Chỉ các thủ tục đơn vị này cung cấp.")
    level: Annotated[Level | None, Blankable] = Field(
        None, description="Mức độ trực tuyến tối thiểu (1–4) ở ít nhất một đơn vị."
    )
    page: Annotated[Page | None, Blankable] = Field(
        None, description="Số trang, từ 1; mỗi trang 20 thủ tục."
    )


class UnitFilters(Schema):
    kind: Annotated[UnitKind | None, Blankable] = Field(None, description="Loại đơn vị.")
    parent: OptionalId = Field(None, description="Mã số đơn vị cấp trên.")


class FieldOut(Schema):
    id: int
    name: str


class FieldWithCountOut(FieldOut):
    procedure_count: int


class ProcedureListItemOut(Schema):
    code: str
    name: str
    field: FieldOut | None
    online_level: int | None = Field(
        description="Mức độ trực tuyến cao nhất mà một đơn vị cung cấp; null nếu chưa đơn vị nào."
    )
    implementing_levels: str


class ProcedurePageOut(Schema):
    count: int
    page: int
    pages: int
    next: int | None = Field(description="Số trang kế tiếp, null nếu đây là trang cuối.")
    previous: int | None
    results: list[ProcedureListItemOut]


class ProcessingTimeOut(Schema):
    value: int | float
    unit: str


class ChannelOut(Schema):
    processing_time: ProcessingTimeOut | None
    processing_time_text: str
    fee_vnd: int | None = Field(description="Phí, lệ phí (đồng); 0 là miễn phí, null là chưa rõ.")
    fee_text: str
    note: str


class DocumentOut(Schema):
    id: int
    name: str
    template_name: str
    originals: int
    copies: int
    required: bool


class FormFieldOut(Schema):
    name: str
    label: str
    type: str = Field(
        description="text, textarea, number, date, choice (select), unit, checkbox, email, tel."
    )
    required: bool
    choices: list[str]
    help: str
    validation: dict[str, int | float | str] = Field(
        description="Ràng buộc: min, max (number); max_length, pattern (các loại văn bản)."
    )


class OfferedByOut(Schema):
    unit_id: int
    unit_name: str
    online_level: int


class ProcedureOut(Schema):
    code: str
    name: str
    field: FieldOut | None
    online_level: int | None
    implementing_levels: str
    procedure_type: str
    decision_number: str
    applicant_types: str
    competent_authority: str
    implementing_agency: str
    receiving_address: str
    steps: str
    conditions: str
    result: str
    legal_basis: str
    accepted_file_types: str
    version: int
    channels: dict[Channel, ChannelOut] = Field(
        description="Chỉ các hình thức nộp mà thủ tục có: online, direct, post."
    )
    documents: list[DocumentOut]
    form: list[FormFieldOut]
    offered_by: list[OfferedByOut]


class UnitOut(Schema):
    id: int
    code: str = Field(description="Mã định danh theo QCVN 102:2016.")
    gso_code: str
    name: str
    kind: str
    parent: int | None


class UnitListOut(Schema):
    count: int
    results: list[UnitOut]


class UnitDetailOut(UnitOut):
    division_type: str
    english_name: str
    address: str
    phone: str
    email: str
    procedure_count: int


class CatalogueStatsOut(Schema):
    procedures: int
    procedures_online: int
    full_online: int
    departments: int
    districts: int
    communes: int
