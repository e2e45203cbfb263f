"""The search page's filter lists are a cached fragment that follows catalogue changes."""

import pytest

from motcua.catalog.services import save_field
from motcua.org.models import UnitKind
from tests.factories import FieldFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_new_fields_and_units_appear_in_the_filters_at_once(client):
    FieldFactory(name="Hộ tịch")
    assert "Hộ tịch" in client.get("/thu-tuc/").text

    field = FieldFactory(name="Chứng thực")
    UnitFactory(name="Sở Du lịch", kind=UnitKind.DEPARTMENT)
    page = client.get("/thu-tuc/").text
    assert "Chứng thực" in page and "Sở Du lịch" in page

    field.name = "Chứng thực bản sao"
    save_field(field)
    assert "Chứng thực bản sao" in client.get("/thu-tuc/").text


def test_the_chosen_filter_stays_selected(client):
    first, second = FieldFactory(name="Hộ tịch"), FieldFactory(name="Thú y")
    client.get(f"/thu-tuc/?field={first.pk}")

    page = client.get(f"/thu-tuc/?field={second.pk}").text

    assert f'<option value="{second.pk}" selected>' in page
    assert f'<option value="{first.pk}" selected>' not in page
