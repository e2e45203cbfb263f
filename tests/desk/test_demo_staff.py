"""Demo staff: three officers per department and district, two communes, one province admin,
listed by demo_accounts with each role's unit."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from motcua.demo.staff import STAFF_PASSWORD, load_staff
from motcua.demo.units import load_units
from motcua.org.models import StaffRole, Unit, UnitKind

UNITS = Path(__file__).parents[1] / "org" / "data" / "units-56-sample.csv"
pytestmark = pytest.mark.django_db


def test_demo_staff_cover_every_department_and_district_and_are_listed():
    load_units(UNITS)
    load_staff()
    for unit in Unit.objects.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.DISTRICT]):
        roles = set(StaffRole.objects.filter(unit=unit).values_list("role", flat=True))
        assert roles == {"desk_officer", "specialist", "leader"}, unit.name
    assert StaffRole.objects.filter(role="province_admin").count() == 1
    assert "bỏ qua" in load_staff()

    out = StringIO()
    call_command("demo_accounts", "--json", stdout=out)
    rows = {row["username"]: row for row in json.loads(out.getvalue())}
    desk = rows["motcua.sotuphap"]
    justice = Unit.objects.get(name="Sở Tư pháp")
    assert desk["password"] == STAFF_PASSWORD
    assert desk["roles"] == [{"role": "desk_officer", "unit_id": justice.pk}]
    assert rows["quantri.tinh"]["roles"][0]["role"] == "province_admin"


def test_demo_officer_can_log_in_at_the_staff_page(client):
    load_units(UNITS)
    load_staff()
    response = client.post(
        "/can-bo/dang-nhap/", {"username": "lanhdao.sotuphap", "password": STAFF_PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/can-bo/"
    assert client.get("/can-bo/").status_code == 200
