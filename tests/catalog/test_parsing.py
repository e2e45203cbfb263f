"""The national catalogue's flattened tables, parsed from real strings of the shared file."""

import gzip
import json
from decimal import Decimal
from pathlib import Path

import pytest

from motcua.catalog.importer import (
    document_condition,
    fee_from_fee_lines,
    parse_channel_row,
    parse_channels,
    parse_documents,
    parse_record,
    section_case,
)
from motcua.catalog.models import Channel, TimeUnit

HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"


@pytest.mark.parametrize(
    ("cells", "value", "unit", "time_text"),
    [
        (
            "20 Ngày làm việcKhông có thông tin",
            Decimal("20"),
            TimeUnit.WORKING_DAY,
            "20 Ngày làm việc",
        ),
        ("30 NgàyMiễn phí(Không quy định.)", Decimal("30"), TimeUnit.DAY, "30 Ngày"),
        ("1 GiờKhông có thông tinĐăng ký qua Cổng", Decimal("1"), TimeUnit.HOUR, "1 Giờ"),
        ("6 Tháng100 USD(100 USD/thẻ.)", Decimal("6"), TimeUnit.MONTH, "6 Tháng"),
        ("0.5 Ngày làm việcMiễn phí", Decimal("0.5"), TimeUnit.WORKING_DAY, "0.5 Ngày làm việc"),
        ("1,5 NgàyMiễn phí", Decimal("1.5"), TimeUnit.DAY, "1,5 Ngày"),
        ("1Miễn phí(Không quy định)", Decimal("1"), "", "1"),
        ("Không có thông tinMiễn phíTại Trung tâm", None, "", "Không có thông tin"),
        ("Không quy địnhMiễn phíQua Cổng DVC Quốc gia", None, "", "Không quy định"),
        ("KhôngKhông có thông tinTại Trung tâm phục vụ", None, "", "Không"),
        (
            "Không phải trả kết quả cho người nộp thuếMiễn phíBằng phương thức điện tử",
            None,
            "",
            "Không phải trả kết quả cho người nộp thuế",
        ),
    ],
)
def test_processing_time_value_and_unit(cells, value, unit, time_text):
    row = parse_channel_row(Channel.DIRECT, cells)
    assert (row.time_value, row.time_unit, row.time_text) == (value, unit, time_text)


@pytest.mark.parametrize(
    ("cells", "fee_vnd", "fee_text"),
    [
        ("5 Ngày làm việcMiễn phí", 0, "Miễn phí"),
        ("20 Ngày làm việcKhông có thông tinThời hạn giải quyết", None, "Không có thông tin"),
        (
            "7 Ngày làm việc10,000 Việt Nam Đồng(10.000 đồng/giấy.)- Nộp hồ sơ",
            10000,
            "10,000 Việt Nam Đồng(10.000 đồng/giấy.)",
        ),
        (
            "30 Ngày10,000,000 Việt Nam Đồng(+ Dưới 50 tỷ)",
            10_000_000,
            "10,000,000 Việt Nam Đồng(+ Dưới 50 tỷ)",
        ),
        (
            "Không có thông tin20,000,000 VNĐ(đồng/lần (Miễn phí))trong",
            20_000_000,
            "20,000,000 VNĐ(đồng/lần (Miễn phí))",
        ),
        # amounts entered in thousands of đồng
        ("60 Ngày250 VNĐ(250.000 đồng/ 1 môn thi)", 250_000, "250 VNĐ(250.000 đồng/ 1 môn thi)"),
        # a unit-less time glued to the amount: '1' + '20 VNĐ'
        ("120 VNĐ(20.000 vnđ /tờ khai)", 20_000, "20 VNĐ(20.000 vnđ /tờ khai)"),
        (
            "1100 VNĐ(Phí công bố: 100.000 đồng/lần)",
            100_000,
            "100 VNĐ(Phí công bố: 100.000 đồng/lần)",
        ),
        # fee lines in the fee cell
        ("20 Ngày làm việcLệ phí : 50.000 Đồng", 50_000, "Lệ phí : 50.000 Đồng"),
        ("5 NgàyPhí : 0 Đồng(Không thu)Nộp tại bộ phận một cửa", 0, "Phí : 0 Đồng(Không thu)"),
        (
            "5 NgàyPhí : 15.000 Đồng\nLệ phí : 50.000 Đồng/hồ sơ",
            65_000,
            "Phí : 15.000 Đồng",
        ),
        # foreign currency: no amount in đồng, the text says what to pay
        ("5 Ngày làm việc10 USD", None, "10 USD"),
        # the fee cell says nothing; the description lists the charges
        (
            "5 Ngày làm việcKhông có thông tin- 05 ngày\n- Lệ phí : 20.000 Đồng (cấp mới); \n"
            "- Lệ phí : 50.000 Đồng (thuyền trưởng)",
            20_000,
            "Không có thông tin",
        ),
    ],
)
def test_fee_amount_and_verbatim_text(cells, fee_vnd, fee_text):
    row = parse_channel_row(Channel.ONLINE, cells)
    assert (row.fee_vnd, row.fee_text) == (fee_vnd, fee_text)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Lệ phí : 50.000 Đồng", 50_000),
        ("Phí : 0 Đồng", 0),
        ("Phí: 15.000 đồng/hồ sơ", 15_000),
        # alternatives of one kind: the lowest; a phí and a lệ phí: both are paid
        ("Lệ phí : 20.000 Đồng (a); Lệ phí : 50.000 Đồng (b)", 20_000),
        ("Phí: 800.000 đồng/hồ sơ.\n\nLệ phí: 100.000 đồng/hồ sơ.", 900_000),
        ("Không quy định", None),
    ],
)
def test_fee_lines_rule(text, amount):
    assert fee_from_fee_lines(text) == amount


def test_note_is_the_text_after_the_fee():
    row = parse_channel_row(Channel.DIRECT, "60 NgàyMiễn phí\tTrước ngày 30/11")
    assert row.note == "Trước ngày 30/11"


def test_channel_rows_of_a_real_table():
    text = (
        HEADER + "Trực tuyến3 Ngày làm việcMiễn phí03 ngày làm việc kể từ ngày nhận hồ sơ."
        "Dịch vụ bưu chính1Miễn phí(Không có)- Trực tuyến: nộp hồ sơ tại Cổng Dịch vụ công."
        "Trực tiếp20 Ngày làm việcKhông có thông tin"
    )
    channels, problems = parse_channels(text)
    assert problems == []
    assert [c.channel for c in channels] == [Channel.ONLINE, Channel.POST, Channel.DIRECT]
    assert channels[1].note == "- Trực tuyến: nộp hồ sơ tại Cổng Dịch vụ công."
    assert channels[1].fee_text == "Miễn phí(Không có)"


def test_unreadable_channel_table_is_a_problem():
    text = HEADER + "Trực tiếpHệ thống giải quyết thủ tục hành chính ngành Thuế phản hồi tự động."
    assert parse_channels(text) == ([], ["không đọc được bảng cách thức thực hiện"])


def test_documents_names_templates_counts_and_optional():
    text = (
        "--Tên giấy tờMẫu đơn, tờ khaiSố lượng"
        "Bản sao Giấy phép thành lập Trung tâm trọng tài0 bản chính,1 bản sao"
        "Giấy đề  nghị đăng ký hoạt độngMẫu 04TP-TTTM-sđ.docx1 bản chính"
        "Biên bản tổ chức đối thoại (nếu có)1 bản chính"
        "Đơn (01 bản chính hoặc 01 bản sao) kèm theo01 bản sao"
        "- Đơn đề nghị theo Nghị định số 08/2021/NĐ-CPMẫu 24 - Đơn đề nghị.docx1 bản chính"
    )
    documents, problems = parse_documents(text)
    assert problems == []
    summary = [(d.name, d.template_name, d.originals, d.copies, d.required) for d in documents]
    assert summary == [
        ("Bản sao Giấy phép thành lập Trung tâm trọng tài", "", 0, 1, True),
        ("Giấy đề  nghị đăng ký hoạt động", "Mẫu 04TP-TTTM-sđ.docx", 1, 0, True),
        ("Biên bản tổ chức đối thoại (nếu có)", "", 1, 0, False),
        ("Đơn (01 bản chính hoặc 01 bản sao) kèm theo", "", 0, 1, True),
        ("- Đơn đề nghị theo Nghị định số 08/2021/NĐ-CP", "Mẫu 24 - Đơn đề nghị.docx", 1, 0, True),
    ]
    assert documents[0].quantity_text == "0 bản chính,1 bản sao"


def test_documents_of_several_cases_skip_the_case_titles():
    text = (
        "Trường hợp (3) hồ sơ gồm:Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai quyết toán1 bản chính"
        "Trường hợp (1) hồ sơ gồm:Tên giấy tờMẫu đơn, tờ khaiSố lượngPhụ lục bảng kê1 bản chính"
    )
    documents, _ = parse_documents(text)
    assert [d.name for d in documents] == ["Tờ khai quyết toán", "Phụ lục bảng kê"]


def test_document_counts_in_the_bare_form():
    text = "--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghịBản chính: 1 Bản sao: 2"
    [document], _ = parse_documents(text)
    assert (document.name, document.originals, document.copies) == ("Đơn đề nghị", 1, 2)


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("", []),
        ("--", []),
        (
            "phải được kê khai và ký chữ ký số trên các biểu mẫu điện tử",
            ["không đọc được bảng thành phần hồ sơ"],
        ),
        (
            "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTại Bước 7:  +",
            ["bảng thành phần hồ sơ không có giấy tờ nào"],
        ),
    ],
)
def test_document_tables_without_documents(text, problems):
    assert parse_documents(text) == ([], problems)


NATIONAL = Path(__file__).parents[2] / "data" / "tthc" / "national-procedures.jsonl.gz"


def national_record(code: str) -> dict:
    with gzip.open(NATIONAL, "rt", encoding="utf-8") as lines:
        for line in lines:
            if f'"ma_thu_tuc": "{code}"' in line:
                return json.loads(line)
    raise LookupError(code)


def test_household_business_registration_requires_only_its_form_and_keeps_the_cases():
    """1.001612 "Đăng ký thành lập hộ kinh doanh": eight documents, of which only the
    application form is needed from everyone; the rest apply in a stated case."""
    documents = parse_record(national_record("1.001612")).documents
    assert len(documents) == 8
    always = [d.name for d in documents if d.required]
    assert always == ["- Giấy đề nghị đăng ký hộ kinh doanh;"]
    conditions = [d.condition for d in documents if not d.required]
    assert conditions == [
        "Trường hợp ủy quyền cho đơn vị cung cấp dịch vụ bưu chính không phải là bưu chính "
        "công ích thực hiện thủ tục đăng ký hộ kinh doanh",
        # (v) has no case of its own: it is under the section's title.
        "Trường hợp ủy quyền thực hiện thủ tục",
        "Trường hợp ủy quyền cho tổ chức thực hiện thủ tục đăng ký hộ kinh doanh",
        "Trường hợp ủy quyền cho đơn vị cung cấp dịch vụ bưu chính công ích thực hiện thủ tục "
        "đăng ký hộ kinh doanh",
        "Trường hợp ủy quyền cho cá nhân thực hiện thủ tục đăng ký hộ kinh doanh",
        "Trường hợp chưa có tài khoản định danh điện tử để thực hiện xác thực điện tử",
        "Đối với trường hợp hộ kinh doanh do các thành viên hộ gia đình đăng ký thành lập",
    ]


@pytest.mark.parametrize(
    ("name", "condition"),
    [
        ("Biên bản tổ chức đối thoại (nếu có)", "Nếu có"),
        ("+ Giấy thông hành đã được cấp nếu còn giá trị sử dụng.", "Nếu còn giá trị sử dụng"),
        (
            "Giấy chứng nhận đoàn viên, đảng viên (nếu là đoàn viên, đảng viên)",
            "Nếu là đoàn viên, đảng viên",
        ),
        (
            "- Đối với Quân đội nhân dân: Giấy giới thiệu đăng ký thường trú",
            "Đối với Quân đội nhân dân",
        ),
        (
            "Nếu là cán bộ, công chức nhà nước đang công tác thì phải được sự đồng ý",
            "Nếu là cán bộ, công chức nhà nước đang công tác",
        ),
        # A further rule after ";" about a document everyone brings is not a condition.
        ("Hộ chiếu đã cấp; trường hợp bị mất hộ chiếu, phải có đơn trình báo", ""),
        ("Giấy miễn thị thực, nếu mất phải có đơn trình báo.", ""),
        ("Tờ khai đề nghị cấp hộ chiếu", ""),
    ],
)
def test_document_conditions_in_the_wording_of_the_national_records(name, condition):
    assert document_condition(name) == condition


@pytest.mark.parametrize(
    ("title", "case"),
    [
        ("--", ""),
        ("* Giấy tờ phải nộp:", ""),
        ("1. Đối với học viên tuyển mới:", "Đối với học viên tuyển mới"),
        (
            "* Trường hợp đăng ký trên môi trường điện tử:",
            "Trường hợp đăng ký trên môi trường điện tử",
        ),
        (
            "Hồ sơ gồm một trong những giấy tờ sau:",  # numbered alternatives: one of them
            "Hồ sơ gồm một trong những giấy tờ sau",
        ),
    ],
)
def test_a_section_title_puts_its_documents_under_its_case(title, case):
    assert section_case(title) == case


def test_documents_under_a_case_title_are_conditional():
    text = (
        "--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghị1 bản chính"
        "Trường hợp ủy quyền:Tên giấy tờMẫu đơn, tờ khaiSố lượngVăn bản ủy quyền1 bản chính"
    )
    documents, _ = parse_documents(text)
    assert [(d.name, d.required, d.condition) for d in documents] == [
        ("Đơn đề nghị", True, ""),
        ("Văn bản ủy quyền", False, "Trường hợp ủy quyền"),
    ]
