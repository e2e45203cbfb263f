from pathlib import Path

import pytest
from django.urls import reverse

from motcua.org.models import Unit, UnitKind
from motcua.org.selectors import unit_tree, units_for_picker
from motcua.org.services import create_unit, import_units

SAMPLE = Path(__file__).parent / "data" / "units-56-sample.csv"

pytestmark = pytest.mark.django_db


@pytest.fixture
def khanh_hoa():
    import_units(SAMPLE, "56")
    province = Unit.objects.get(kind=UnitKind.PROVINCE, gso_code="56")
    create_unit(name="Sở Tư pháp", kind=UnitKind.DEPARTMENT, parent=province)
    return province


def test_picker_walks_province_district_commune(khanh_hoa):
    assert list(units_for_picker()) == [khanh_hoa]
    districts = list(units_for_picker(khanh_hoa.pk).values_list("gso_code", flat=True))
    assert districts == ["568", "575", "576"]
    khanh_son = Unit.objects.get(gso_code="575")
    communes = list(units_for_picker(khanh_son.pk).values_list("name", flat=True))
    assert communes[:2] == ["Thị trấn Tô Hạp", "Xã Thành Sơn"]
    assert len(communes) == 8


def test_picker_hides_departments_and_inactive_units(khanh_hoa):
    Unit.objects.filter(gso_code="576").update(is_active=False)

    kinds = set(units_for_picker(khanh_hoa.pk).values_list("kind", flat=True))

    assert kinds == {UnitKind.DISTRICT}
    assert "576" not in units_for_picker(khanh_hoa.pk).values_list("gso_code", flat=True)


def test_picker_serves_the_two_level_structure():
    province = create_unit(
        name="Tỉnh Khánh Hòa", kind=UnitKind.PROVINCE, parent=None, province_code="56"
    )
    commune = create_unit(name="Phường Nha Trang", kind=UnitKind.COMMUNE, parent=province)

    assert list(units_for_picker(province.pk)) == [commune]


def test_unit_tree_nests_units_in_one_query(khanh_hoa, django_assert_num_queries):
    with django_assert_num_queries(1):
        roots = unit_tree()

    assert [node.unit for node in roots] == [khanh_hoa]
    children = roots[0].children
    assert [node.unit.kind for node in children] == [
        UnitKind.DEPARTMENT,
        UnitKind.DISTRICT,
        UnitKind.DISTRICT,
        UnitKind.DISTRICT,
    ]
    assert len(children[1].children) == 3


def test_admin_lists_searches_and_filters_units(admin_client, khanh_hoa):
    url = reverse("admin:org_unit_changelist")

    assert admin_client.get(url).status_code == 200
    found = admin_client.get(url, {"q": "000.00.02.H56"})
    assert "Huyện Khánh Sơn" in found.content.decode()
    khanh_son = Unit.objects.get(gso_code="575")
    filtered = admin_client.get(url, {"parent": khanh_son.pk})
    assert filtered.context["cl"].result_count == 8
    assert admin_client.get(url, {"parent": "x"}).status_code == 200
    change = reverse("admin:org_unit_change", args=[khanh_son.pk])
    assert admin_client.get(change).status_code == 200


def test_admin_adds_a_unit_with_the_next_identifier(admin_client, khanh_hoa):
    url = reverse("admin:org_unit_add")
    data = {"name": "Sở Ngoại vụ", "kind": UnitKind.DEPARTMENT, "parent": khanh_hoa.pk}
    data |= {"identifier": "", "is_active": "on", "sort_order": 0}

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert Unit.objects.get(name="Sở Ngoại vụ").identifier == "000.00.05.H56"


def test_admin_asks_for_an_identifier_without_a_parent(admin_client, khanh_hoa):
    data = {"name": "Tỉnh mới", "kind": UnitKind.PROVINCE, "identifier": "", "sort_order": 0}

    response = admin_client.post(reverse("admin:org_unit_add"), data)

    assert response.status_code == 200
    assert "Nhập mã định danh" in response.content.decode()
    assert not Unit.objects.filter(name="Tỉnh mới").exists()
