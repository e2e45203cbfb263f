"""The home page's catalogue figures come from the shared cache and follow every change."""

import pytest

from motcua.catalog.models import OnlineLevel
from motcua.catalog.selectors import busiest_fields, catalogue_stats
from motcua.catalog.services import set_offering
from motcua.org.models import UnitKind
from tests.factories import ProcedureFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_figures_are_read_from_the_cache_once_computed(django_assert_max_num_queries):
    department = UnitFactory(kind=UnitKind.DEPARTMENT)
    set_offering(department, ProcedureFactory(), OnlineLevel.PARTIAL)
    first = catalogue_stats()

    with django_assert_max_num_queries(2):  # the generation and the figures: no counting
        assert catalogue_stats() == first


def test_a_new_offering_or_procedure_shows_at_once():
    department = UnitFactory(kind=UnitKind.DEPARTMENT)
    procedure = ProcedureFactory()
    before = catalogue_stats()
    fields_before = busiest_fields(5)

    set_offering(department, procedure, OnlineLevel.FULL)
    ProcedureFactory()

    after = catalogue_stats()
    assert after["procedures_online"] == before["procedures_online"] + 1
    assert after["full_online"] == before["full_online"] + 1
    assert after["procedures"] == before["procedures"] + 1
    assert len(busiest_fields(5)) >= len(fields_before)


def test_a_unit_change_shows_at_once():
    UnitFactory(kind=UnitKind.DISTRICT)
    before = catalogue_stats()["districts"]

    district = UnitFactory(kind=UnitKind.DISTRICT)
    assert catalogue_stats()["districts"] == before + 1
    district.is_active = False
    district.save()
    assert catalogue_stats()["districts"] == before
