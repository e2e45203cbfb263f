import pytest

from motcua.org.models import UnitKind
from tests.factories import OfferingFactory, ProcedureFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_units():
    province = UnitFactory(name="UBND tỉnh Khánh Hòa", kind=UnitKind.PROVINCE)
    department = UnitFactory(name="Sở Tư pháp", kind=UnitKind.DEPARTMENT, parent=province)
    district = UnitFactory(name="Huyện Cam Lâm", kind=UnitKind.DISTRICT, parent=province)
    commune = UnitFactory(name="Xã Cam Hải Tây", kind=UnitKind.COMMUNE, parent=district)
    ward = UnitFactory(name="Phường Bắc Nha Trang", kind=UnitKind.COMMUNE, parent=province)
    UnitFactory(name="Sở Đã Giải Thể", kind=UnitKind.DEPARTMENT, is_active=False)
    return {"department": department, "district": district, "commune": commune, "ward": ward}


def test_unit_list_groups_communes_under_their_district(client, province_units):
    html = client.get("/co-quan/").content.decode()

    assert html.index("Sở Tư pháp") < html.index("Huyện Cam Lâm")
    communes = html[html.index('id="communes"') :]
    assert communes.index("Huyện Cam Lâm") < communes.index("Xã Cam Hải Tây")
    assert "Phường Bắc Nha Trang" in communes
    assert "Sở Đã Giải Thể" not in html


def test_home_lists_departments_and_districts_with_a_link_to_communes(client, province_units):
    html = client.get("/").content.decode()

    assert f'href="/co-quan/{province_units["department"].pk}/"' in html
    assert f'href="/co-quan/{province_units["district"].pk}/"' in html
    assert 'href="/co-quan/#communes"' in html


def test_unit_page_lists_what_the_unit_offers_with_its_own_level(client, province_units):
    district = province_units["district"]
    offered = ProcedureFactory(name="Đăng ký khai sinh")
    OfferingFactory(procedure=offered, unit=district, online_level=3)
    OfferingFactory(procedure=offered, unit=province_units["department"], online_level=4)
    ProcedureFactory(name="Thủ tục của đơn vị khác")

    html = client.get(f"/co-quan/{district.pk}/").content.decode()

    assert "Đăng ký khai sinh" in html
    assert "Một phần (mức độ 3)" in html and "Toàn trình" not in html
    assert "Thủ tục của đơn vị khác" not in html
    assert "Xã Cam Hải Tây" in html  # its communes


def test_unit_page_filters_its_procedures_by_query(client, province_units):
    unit = province_units["commune"]
    for name in ["Đăng ký khai sinh", "Đăng ký kết hôn"]:
        OfferingFactory(procedure=ProcedureFactory(name=name), unit=unit)

    html = client.get(f"/co-quan/{unit.pk}/", {"q": "KET HON"}).content.decode()

    assert "Đăng ký kết hôn" in html and "Đăng ký khai sinh" not in html


def test_unit_page_is_paginated(client, province_units):
    unit = province_units["department"]
    for procedure in ProcedureFactory.create_batch(25):
        OfferingFactory(procedure=procedure, unit=unit)

    html = client.get(f"/co-quan/{unit.pk}/", {"page": 2}).content.decode()

    assert "25 thủ tục" in html
    assert 'aria-current="page">2<' in html


@pytest.mark.parametrize("path", ["/co-quan/999999/", "/co-quan/abc/"])
def test_unknown_unit_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_inactive_unit_is_a_404(client):
    unit = UnitFactory(is_active=False)

    assert client.get(f"/co-quan/{unit.pk}/").status_code == 404


def test_unit_pages_need_a_fixed_number_of_queries(
    client, province_units, django_assert_max_num_queries
):
    unit = province_units["district"]
    for procedure in ProcedureFactory.create_batch(30):
        OfferingFactory(procedure=procedure, unit=unit)
    UnitFactory.create_batch(10, kind=UnitKind.COMMUNE, parent=unit)

    with django_assert_max_num_queries(14):  # the first visit also fills the catalogue cache
        assert client.get("/co-quan/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/co-quan/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(f"/co-quan/{unit.pk}/").status_code == 200


def test_unit_search_survives_odd_queries(client, province_units):
    unit = province_units["district"]
    for query in ["\x00", "%_[.*", "x" * 2000, "🎉"]:
        assert client.get(f"/co-quan/{unit.pk}/", {"q": query, "page": "x"}).status_code == 200


def test_huge_unit_id_is_a_404(client):
    assert client.get("/co-quan/99999999999999999999999/").status_code == 404
