"""A citizen on a phone finds a procedure from the home page and sees its documents."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE_VIEWPORT
from tests.factories import (
    FieldFactory,
    OfferingFactory,
    ProcedureFactory,
    RequiredDocumentFactory,
    UnitFactory,
)


def promotion_procedure():
    procedure = ProcedureFactory(
        code="1.003021",
        name="Thông báo thực hiện khuyến mại",
        field=FieldFactory(name="Thương mại quốc tế"),
    )
    RequiredDocumentFactory(procedure=procedure, position=1, name="Thông báo theo Mẫu số 01")
    RequiredDocumentFactory(procedure=procedure, position=2, name="Mẫu hàng hóa khuyến mại")
    OfferingFactory(procedure=procedure, unit=UnitFactory(name="Sở Công Thương"), online_level=3)
    ProcedureFactory(name="Cấp giấy phép xây dựng")


@pytest.mark.django_db(transaction=True)
def test_search_from_home_and_open_a_procedure_on_a_phone(live_server, phone_page):
    promotion_procedure()
    requested_hosts = set()
    phone_page.on("request", lambda request: requested_hosts.add(urlsplit(request.url).netloc))

    phone_page.goto(live_server.url + "/")
    phone_page.get_by_label("Tìm thủ tục hành chính").fill("khuyen mai")
    phone_page.get_by_role("button", name="Tìm kiếm").click()

    expect(phone_page.get_by_text("Tìm thấy 1 thủ tục")).to_be_visible()
    phone_page.get_by_role("link", name="Thông báo thực hiện khuyến mại").click()

    expect(phone_page.get_by_role("heading", level=1)).to_have_text(
        "Thông báo thực hiện khuyến mại"
    )
    documents = phone_page.get_by_role("table").first
    expect(documents).to_contain_text("Thông báo theo Mẫu số 01")
    expect(documents).to_contain_text("Mẫu hàng hóa khuyến mại")
    expect(phone_page.get_by_role("link", name="Nộp hồ sơ trực tuyến")).to_have_attribute(
        "href", "/nop-ho-so/1.003021/"
    )
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    phone_page.goto(live_server.url + "/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]

    assert requested_hosts == {urlsplit(live_server.url).netloc}
