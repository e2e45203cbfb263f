import pytest

from motcua.org.models import UnitKind
from tests.factories import FieldFactory, OfferingFactory, ProcedureFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_home_shows_search_fields_with_counts_and_headline_figures(client):
    department = UnitFactory(kind=UnitKind.DEPARTMENT)
    UnitFactory(kind=UnitKind.DISTRICT)
    land = FieldFactory(name="Đất đai")
    for procedure in ProcedureFactory.create_batch(3, field=land):
        OfferingFactory(procedure=procedure, unit=department, online_level=4)
    ProcedureFactory(field=FieldFactory(name="Hộ tịch"))

    html = client.get("/").content.decode()

    assert 'action="/thu-tuc/"' in html and 'name="q"' in html
    assert f'href="/thu-tuc/?field={land.pk}">Đất đai</a>' in html
    assert "3 thủ tục" in html
    assert "thủ tục nộp trực tuyến" in html and "thủ tục toàn trình" in html
    assert "Đang online" in html and "Số lượt truy cập" in html


def test_home_needs_a_fixed_number_of_queries(client, browser_get, django_assert_max_num_queries):
    department = UnitFactory(kind=UnitKind.DEPARTMENT)
    for procedure in ProcedureFactory.create_batch(30):
        OfferingFactory(procedure=procedure, unit=department)
    UnitFactory.create_batch(5, kind=UnitKind.DISTRICT)

    # The first visit also writes the counters and fills the catalogue cache.
    with django_assert_max_num_queries(48):
        assert browser_get("/").status_code == 200
    with django_assert_max_num_queries(9):  # presence write throttled: reads only
        assert browser_get("/").status_code == 200
