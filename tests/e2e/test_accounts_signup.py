"""A business signs up on a phone: only its own identifiers are asked, and the district and
commune lists follow the province as it is chosen (htmx), without reloading the page."""

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import ApplicantProfile
from motcua.org.models import UnitKind
from tests.factories import UnitFactory


@pytest.mark.django_db(transaction=True)
def test_a_business_signs_up_with_chained_address_lists(live_server, phone_page, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    province = UnitFactory(
        kind=UnitKind.PROVINCE, name="UBND tỉnh Khánh Hòa", gso_name="Tỉnh Khánh Hòa"
    )
    district = UnitFactory(kind=UnitKind.DISTRICT, parent=province, name="Thị xã Ninh Hòa")
    commune = UnitFactory(kind=UnitKind.COMMUNE, parent=district, name="Phường Ninh Hiệp")
    page = phone_page
    page.goto(f"{live_server.url}/tai-khoan/signup/")

    page.get_by_label("Doanh nghiệp").check()
    expect(page.locator("#id_id_number")).to_be_hidden()
    expect(page.locator("#id_tax_code")).to_be_visible()

    page.select_option("#id_province", label="Tỉnh Khánh Hòa")
    expect(page.locator("#id_district option", has_text="Thị xã Ninh Hòa")).to_have_count(1)
    page.select_option("#id_district", label="Thị xã Ninh Hòa")
    expect(page.locator("#id_commune option", has_text="Phường Ninh Hiệp")).to_have_count(1)
    page.select_option("#id_commune", label="Phường Ninh Hiệp")

    page.fill("#id_email", "lienhe@ninhhiep.example.vn")
    page.fill("#id_password1", "Ninh-Hoa-2026-bien")
    page.fill("#id_password2", "Ninh-Hoa-2026-bien")
    page.fill("#id_full_name", "Công ty TNHH Muối Ninh Hiệp")
    page.fill("#id_tax_code", "4201315783")
    page.fill("#id_representative", "Trần Văn Muối")
    page.fill("#id_phone", "0914 567 890")
    page.fill("#id_address_line", "Thôn Phước Đa")
    page.locator("main form").get_by_role("button", name="Đăng ký").click()
    page.wait_for_url(f"{live_server.url}/")

    profile = ApplicantProfile.objects.get(user__email="lienhe@ninhhiep.example.vn")
    assert (profile.province, profile.district, profile.commune) == (province, district, commune)
    assert profile.tax_code == "4201315783" and profile.id_number == ""
