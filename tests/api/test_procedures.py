from decimal import Decimal

import pytest

from motcua.catalog.models import Channel, TimeUnit
from tests.factories import (
    FieldFactory,
    OfferingFactory,
    ProcedureChannelFactory,
    ProcedureFactory,
    RequiredDocumentFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def codes(body) -> list[str]:
    return [item["code"] for item in body["results"]]


def test_lists_every_procedure_with_its_highest_online_level(api):
    offered = ProcedureFactory(name="Đăng ký khai sinh")
    OfferingFactory(procedure=offered, online_level=3)
    OfferingFactory(procedure=offered, online_level=4)
    imported_only = ProcedureFactory(name="Đăng ký kết hôn")

    status, body = api("/v1/procedures")

    assert status == 200
    assert body["count"] == 2
    by_code = {item["code"]: item for item in body["results"]}
    assert by_code[offered.code]["online_level"] == 4
    assert by_code[offered.code]["name"] == "Đăng ký khai sinh"
    assert by_code[offered.code]["field"] == {"id": offered.field_id, "name": offered.field.name}
    assert by_code[imported_only.code]["online_level"] is None


def test_search_ignores_accents_case_and_word_order(api):
    wanted = ProcedureFactory(name="Đăng ký khai sinh")
    ProcedureFactory(name="Đăng ký kết hôn")

    status, body = api("/v1/procedures?q=SINH%20khai%20dang")

    assert status == 200
    assert codes(body) == [wanted.code]


def test_filters_by_field_unit_and_minimum_level(api):
    civil = FieldFactory(name="Hộ tịch")
    commune = UnitFactory(name="UBND phường Lộc Thọ")
    birth = ProcedureFactory(field=civil)
    marriage = ProcedureFactory(field=civil)
    land = ProcedureFactory()
    OfferingFactory(unit=commune, procedure=birth, online_level=4)
    OfferingFactory(procedure=marriage, online_level=3)
    OfferingFactory(unit=commune, procedure=land, online_level=2)

    assert set(codes(api(f"/v1/procedures?field={civil.pk}")[1])) == {birth.code, marriage.code}
    assert set(codes(api(f"/v1/procedures?unit={commune.pk}")[1])) == {birth.code, land.code}
    assert set(codes(api("/v1/procedures?level=3")[1])) == {birth.code, marriage.code}
    assert codes(api("/v1/procedures?level=4")[1]) == [birth.code]
    assert codes(api(f"/v1/procedures?unit={commune.pk}&level=3")[1]) == [birth.code]


def test_empty_filters_from_an_html_form_mean_no_filter(api):
    ProcedureFactory()

    status, body = api("/v1/procedures?q=&field=&unit=&level=&page=")

    assert status == 200
    assert body["count"] == 1


def test_pages_hold_twenty_procedures_with_links_to_neighbours(api):
    ProcedureFactory.create_batch(45)

    first = api("/v1/procedures")[1]
    middle = api("/v1/procedures?page=2")[1]
    last = api("/v1/procedures?page=3")[1]

    assert (first["count"], first["pages"], first["previous"], first["next"]) == (45, 3, None, 2)
    assert (middle["previous"], middle["next"]) == (1, 3)
    assert (last["previous"], last["next"], len(last["results"])) == (2, None, 5)
    assert len(first["results"]) == len(middle["results"]) == 20
    seen = codes(first) + codes(middle) + codes(last)
    assert len(set(seen)) == 45


def test_a_page_past_the_end_is_empty_and_points_back_to_the_last_page(api):
    ProcedureFactory.create_batch(3)

    status, body = api("/v1/procedures?page=7")

    assert status == 200
    assert (body["count"], body["results"], body["previous"], body["next"]) == (3, [], 1, None)


@pytest.mark.usefixtures("without_rate_limits")
def test_list_costs_two_queries_whatever_the_page_holds(api, django_assert_max_num_queries):
    for _ in range(20):
        OfferingFactory(procedure=ProcedureFactory(), online_level=4)

    with django_assert_max_num_queries(2):  # the count, then one page with its fields
        status, body = api("/v1/procedures")

    assert status == 200
    assert len(body["results"]) == 20


def test_detail_gives_the_full_record(api):
    unit = UnitFactory(name="Sở Tư pháp")
    procedure = ProcedureFactory(
        name="Cấp phiếu lý lịch tư pháp",
        implementing_levels="Cấp Tỉnh",
        applicant_types="Công dân Việt Nam",
        steps="Bước 1: nộp hồ sơ.",
        conditions="Không",
        result="Phiếu lý lịch tư pháp",
        legal_basis="Luật Lý lịch tư pháp 2009",
        version=3,
    )
    RequiredDocumentFactory(procedure=procedure, name="Tờ khai", originals=1, copies=0)
    RequiredDocumentFactory(procedure=procedure, name="Bản sao CCCD", originals=0, copies=1)
    OfferingFactory(unit=unit, procedure=procedure, online_level=4)

    status, body = api(f"/v1/procedures/{procedure.code}")

    assert status == 200
    assert body["code"] == procedure.code
    assert body["name"] == "Cấp phiếu lý lịch tư pháp"
    assert body["field"]["name"] == procedure.field.name
    assert body["online_level"] == 4
    assert body["implementing_levels"] == "Cấp Tỉnh"
    assert body["applicant_types"] == "Công dân Việt Nam"
    assert body["steps"] == "Bước 1: nộp hồ sơ."
    assert body["result"] == "Phiếu lý lịch tư pháp"
    assert body["legal_basis"] == "Luật Lý lịch tư pháp 2009"
    assert body["version"] == 3
    assert [(d["name"], d["originals"], d["copies"], d["required"]) for d in body["documents"]] == [
        ("Tờ khai", 1, 0, True),
        ("Bản sao CCCD", 0, 1, True),
    ]
    assert body["offered_by"] == [
        {"unit_id": unit.pk, "unit_name": "Sở Tư pháp", "online_level": 4}
    ]


def test_detail_lists_only_the_channels_the_procedure_has(api):
    procedure = ProcedureFactory()
    ProcedureChannelFactory(
        procedure=procedure,
        channel=Channel.ONLINE,
        time_value=Decimal("5.00"),
        time_unit=TimeUnit.WORKING_DAY,
        fee_vnd=0,
        note="Nộp qua Cổng dịch vụ công",
    )
    ProcedureChannelFactory(
        procedure=procedure,
        channel=Channel.DIRECT,
        time_value=Decimal("0.5"),
        time_unit=TimeUnit.DAY,
        fee_vnd=1_500_000,
    )

    channels = api(f"/v1/procedures/{procedure.code}")[1]["channels"]

    assert set(channels) == {"online", "direct"}
    assert channels["online"]["processing_time"] == {"value": 5, "unit": "working_day"}
    assert isinstance(channels["online"]["processing_time"]["value"], int)
    assert channels["online"]["fee_vnd"] == 0
    assert channels["online"]["note"] == "Nộp qua Cổng dịch vụ công"
    assert channels["direct"]["processing_time"] == {"value": 0.5, "unit": "day"}
    assert channels["direct"]["fee_vnd"] == 1_500_000


def test_unknown_processing_time_and_fee_are_null(api):
    procedure = ProcedureFactory()
    ProcedureChannelFactory(
        procedure=procedure,
        channel=Channel.POST,
        time_value=None,
        time_unit="",
        time_text="Theo quy định",
        fee_vnd=None,
    )

    post = api(f"/v1/procedures/{procedure.code}")[1]["channels"]["post"]

    assert post["processing_time"] is None
    assert post["processing_time_text"] == "Theo quy định"
    assert post["fee_vnd"] is None


DEFAULT_FORM = [
    {
        "name": "noi_dung",
        "label": "Nội dung yêu cầu",
        "type": "textarea",
        "required": True,
        "choices": [],
        "help": "",
        "validation": {},
    }
]


@pytest.mark.parametrize(
    "schema",
    [
        [],
        [{"name": "ho_ten"}],  # no label: not a valid form
        [{"name": "Họ tên", "label": "Họ tên"}],  # a name must be a plain identifier
        {"name": "ho_ten", "label": "Họ tên"},  # not a list
    ],
)
def test_detail_gives_the_default_form_when_the_procedure_has_no_valid_one(api, schema):
    procedure = ProcedureFactory(form_schema=schema)

    assert api(f"/v1/procedures/{procedure.code}")[1]["form"] == DEFAULT_FORM


def test_detail_gives_the_procedures_own_form(api):
    procedure = ProcedureFactory(
        form_schema=[
            {
                "name": "ho_ten",
                "label": "Họ và tên",
                "type": "text",
                "required": True,
                "help": "Ghi bằng chữ in hoa",
                "validation": {"max_length": 100},
            },
            {"name": "gioi_tinh", "label": "Giới tính", "type": "choice", "choices": ["Nam", "Nữ"]},
        ]
    )

    form = api(f"/v1/procedures/{procedure.code}")[1]["form"]

    assert form == [
        {
            "name": "ho_ten",
            "label": "Họ và tên",
            "type": "text",
            "required": True,
            "choices": [],
            "help": "Ghi bằng chữ in hoa",
            "validation": {"max_length": 100},
        },
        {
            "name": "gioi_tinh",
            "label": "Giới tính",
            "type": "choice",
            "required": False,
            "choices": ["Nam", "Nữ"],
            "help": "",
            "validation": {},
        },
    ]


@pytest.mark.usefixtures("without_rate_limits")
def test_detail_costs_a_fixed_number_of_queries(api, django_assert_max_num_queries):
    procedure = ProcedureFactory()
    RequiredDocumentFactory.create_batch(5, procedure=procedure)
    for _ in range(5):
        OfferingFactory(procedure=procedure)

    with django_assert_max_num_queries(4):  # procedure, documents, channels, offerings+units
        assert api(f"/v1/procedures/{procedure.code}")[0] == 200


@pytest.mark.parametrize(
    "code",
    ["9.999999", "a/b/c", "..%2F..%2Fetc%2Fpasswd", "thủ-tục-😀", "x" * 300, "1%00", "' OR 1=1 --"],
)
def test_unknown_code_is_a_404_in_vietnamese(api, code):
    ProcedureFactory(code="1.000001")

    status, body = api(f"/v1/procedures/{code}")

    assert status == 404
    assert body["detail"].startswith("Không tìm thấy thủ tục")
