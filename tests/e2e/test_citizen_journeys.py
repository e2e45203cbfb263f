"""A citizen in a browser: search ranks what they meant first; a document needed only in a
stated case says so and does not block the submission; the receipt is one click away and
the code can be copied."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from motcua.catalog.services import save_procedure
from tests.accounts.factories import ApplicantProfileFactory, UserFactory
from tests.dossiers.conftest import PDF
from tests.dossiers.test_conditional_documents import HOUSEHOLD_BUSINESS, national_record
from tests.factories import FieldFactory, OfferingFactory, ProcedureFactory, UnitFactory

pytestmark = pytest.mark.django_db(transaction=True)


def catalogue():
    ward = UnitFactory(name="UBND phường Nha Trang", identifier="000.05.01.H56")
    railways = FieldFactory(name="Đường sắt")
    building = FieldFactory(name="Hoạt động xây dựng")
    for name, field in [
        ("Cấp Giấy phép xây dựng, cải tạo, nâng cấp đường ngang", railways),
        ("Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV", building),
        ("Khai thuế thu nhập cá nhân đối với thu nhập phát sinh", None),
        ("Thủ tục đăng ký khai sinh", FieldFactory(name="Hộ tịch")),
    ]:
        OfferingFactory(unit=ward, procedure=ProcedureFactory(name=name, field=field))
    household, _outcome = save_procedure(national_record(HOUSEHOLD_BUSINESS))
    OfferingFactory(unit=ward, procedure=household, online_level=3)
    return household


def log_in_as_applicant(page, base_url):
    user = UserFactory(username="lan", email="lan@example.vn")
    ApplicantProfileFactory(user=user, full_name="Trần Thị Lan")
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )


def first_result(page):
    return page.locator("ol.procedure-results > li h3 a").first


def test_search_ranks_a_conditional_slot_is_optional_and_the_receipt_is_a_click_away(
    live_server, page
):
    household = catalogue()
    base = live_server.url

    page.goto(f"{base}/thu-tuc/")
    page.get_by_label("Từ khóa").fill("cap giay phep xay dung")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(first_result(page)).to_have_text(
        "Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV"
    )
    expect(page.locator("ol.procedure-results > li").first).to_contain_text(
        "Nơi thực hiện: UBND phường Nha Trang"
    )
    page.get_by_label("Từ khóa").fill("khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(first_result(page)).to_have_text("Thủ tục đăng ký khai sinh")

    log_in_as_applicant(page, base)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page.goto(f"{base}/nop-ho-so/{household.code}/")
    page.get_by_role("button", name="Bắt đầu").click()
    page.get_by_label("Nội dung yêu cầu").fill("Đăng ký hộ kinh doanh tạp hóa")
    page.get_by_role("button", name="Tiếp tục").click()

    proxy = page.locator("section", has_text="Trường hợp ủy quyền cho cá nhân thực hiện thủ tục")
    expect(proxy.get_by_text("Chỉ nộp khi:")).to_be_visible()
    expect(proxy.get_by_text("theo trường hợp")).to_be_visible()
    form = page.locator("section", has_text="Giấy đề nghị đăng ký hộ kinh doanh")
    form.locator("input[type=file]").set_input_files(
        {"name": "giay-de-nghi.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    form.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_role("link", name="giay-de-nghi.pdf")).to_be_visible()
    page.get_by_role("link", name="Tiếp tục").click()
    page.get_by_role("button", name="Nộp hồ sơ").click()

    code = page.locator("#dossier-code").inner_text()
    page.get_by_role("button", name="Sao chép mã").click()
    expect(page.get_by_text("Đã sao chép mã hồ sơ")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == code

    receipt = page.get_by_role("link", name="In giấy xác nhận nộp hồ sơ trực tuyến")
    response = page.request.get(base + receipt.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    page.goto(f"{base}/ho-so/")
    expect(page.get_by_role("link", name="In giấy xác nhận nộp hồ sơ trực tuyến")).to_be_visible()
