import pytest

from motcua.org.models import UnitKind
from tests.factories import OfferingFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    province = UnitFactory(name="UBND tỉnh Khánh Hòa", kind=UnitKind.PROVINCE)
    justice = UnitFactory(name="Sở Tư pháp", kind=UnitKind.DEPARTMENT, parent=province)
    nha_trang = UnitFactory(
        name="Thành phố Nha Trang", kind=UnitKind.DISTRICT, parent=province, gso_code="568"
    )
    loc_tho = UnitFactory(
        name="Phường Lộc Thọ", kind=UnitKind.COMMUNE, parent=nha_trang, gso_code="22366"
    )
    UnitFactory(name="Phường đã sáp nhập", kind=UnitKind.COMMUNE, is_active=False)
    return {"province": province, "justice": justice, "nha_trang": nha_trang, "loc_tho": loc_tho}


def names(body) -> set[str]:
    return {unit["name"] for unit in body["results"]}


def test_lists_all_active_units_without_pagination(api, tree):
    status, body = api("/v1/units")

    assert status == 200
    assert body["count"] == 4
    assert "Phường đã sáp nhập" not in names(body)
    loc_tho = next(u for u in body["results"] if u["id"] == tree["loc_tho"].pk)
    assert loc_tho == {
        "id": tree["loc_tho"].pk,
        "code": tree["loc_tho"].identifier,
        "gso_code": "22366",
        "name": "Phường Lộc Thọ",
        "kind": "commune",
        "parent": tree["nha_trang"].pk,
    }


def test_filters_units_by_kind_and_parent(api, tree):
    assert names(api("/v1/units?kind=district")[1]) == {"Thành phố Nha Trang"}
    assert names(api(f"/v1/units?parent={tree['province'].pk}")[1]) == {
        "Sở Tư pháp",
        "Thành phố Nha Trang",
    }
    assert names(api(f"/v1/units?kind=commune&parent={tree['nha_trang'].pk}")[1]) == {
        "Phường Lộc Thọ"
    }


@pytest.mark.usefixtures("without_rate_limits")
def test_unit_list_is_one_query(api, tree, django_assert_max_num_queries):
    UnitFactory.create_batch(30, kind=UnitKind.COMMUNE, parent=tree["nha_trang"])

    with django_assert_max_num_queries(1):
        status, body = api("/v1/units")

    assert status == 200
    assert body["count"] == 34


def test_unit_detail_counts_the_procedures_it_offers(api, tree):
    OfferingFactory.create_batch(3, unit=tree["justice"])
    OfferingFactory(unit=tree["loc_tho"])

    status, body = api(f"/v1/units/{tree['justice'].pk}")

    assert status == 200
    assert body["name"] == "Sở Tư pháp"
    assert body["kind"] == "department"
    assert body["parent"] == tree["province"].pk
    assert body["procedure_count"] == 3


def test_unknown_or_inactive_unit_is_a_404_in_vietnamese(api, tree):
    inactive = UnitFactory(is_active=False)

    for unit_id in (inactive.pk, 987654321):
        status, body = api(f"/v1/units/{unit_id}")
        assert status == 404
        assert body["detail"].startswith("Không tìm thấy đơn vị")


def test_catalogue_figures_come_from_the_data(api, tree):
    OfferingFactory(unit=tree["justice"], online_level=4)
    OfferingFactory(unit=tree["nha_trang"], online_level=3)
    OfferingFactory(unit=tree["justice"], online_level=2)

    status, body = api("/v1/stats/catalogue")

    assert status == 200
    assert body == {
        "procedures": 3,
        "procedures_online": 2,
        "full_online": 1,
        "departments": 1,
        "districts": 1,
        "communes": 1,
    }


def test_fields_list_gives_the_ids_that_filter_procedures(api):
    offering = OfferingFactory()
    field = offering.procedure.field

    status, body = api("/v1/fields")

    assert status == 200
    assert body == [{"id": field.pk, "name": field.name, "procedure_count": 1}]
