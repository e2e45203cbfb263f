"""Offerings keep Procedure.max_online_level right; the catalogue admin works."""

import pytest
from django.urls import reverse

from motcua.catalog.models import Offering, Procedure
from motcua.catalog.services import refresh_max_online_level, set_offering
from tests.factories import (
    FieldFactory,
    ProcedureChannelFactory,
    ProcedureFactory,
    RequiredDocumentFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    """A logged-in superuser without password hashing (slow on purpose, not needed here)."""
    user = django_user_model.objects.create_superuser("quantri", "quantri@example.vn", None)
    client.force_login(user)
    return client


def level_of(procedure: Procedure) -> int | None:
    return Procedure.objects.values_list("max_online_level", flat=True).get(pk=procedure.pk)


def test_max_online_level_is_the_highest_offering():
    procedure = ProcedureFactory()
    department, commune = UnitFactory(), UnitFactory()
    set_offering(department, procedure, 3)
    assert level_of(procedure) == 3
    set_offering(commune, procedure, 4)
    assert level_of(procedure) == 4
    set_offering(commune, procedure, 2)  # same unit: the level changes, no second offering
    assert level_of(procedure) == 3
    assert Offering.objects.filter(procedure=procedure).count() == 2


def test_level_is_null_when_no_unit_offers_the_procedure():
    offering = set_offering(UnitFactory(), ProcedureFactory(), 4)
    Offering.objects.filter(pk=offering.pk).delete()
    refresh_max_online_level([offering.procedure_id])
    assert level_of(offering.procedure) is None


def test_refresh_handles_many_procedures_in_few_queries(django_assert_max_num_queries):
    offerings = [set_offering(UnitFactory(), ProcedureFactory(), level) for level in (2, 3, 3, 4)]
    Procedure.objects.update(max_online_level=None)
    with django_assert_max_num_queries(11):  # 6, and 5 to store a new catalogue cache generation
        refresh_max_online_level([o.procedure_id for o in offerings])
    assert [level_of(o.procedure) for o in offerings] == [2, 3, 3, 4]


@pytest.mark.parametrize("level", [0, 5])
def test_an_online_level_outside_1_to_4_is_refused(level):
    with pytest.raises(ValueError, match="Mức độ trực tuyến phải từ 1 đến 4"):
        set_offering(UnitFactory(), ProcedureFactory(), level)


def test_procedure_changelist_has_no_per_row_queries(admin_client, django_assert_max_num_queries):
    ProcedureFactory.create_batch(15)
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:catalog_procedure_changelist"))
    assert response.status_code == 200


def test_procedure_admin_search_ignores_accents(admin_client):
    ProcedureFactory(name="Giải quyết khiếu nại lần đầu")
    ProcedureFactory(name="Cấp giấy phép xây dựng")
    response = admin_client.get(reverse("admin:catalog_procedure_changelist"), {"q": "khieu nai"})
    assert response.context["cl"].result_count == 1


def test_saving_a_procedure_in_the_admin_records_a_version(admin_client):
    procedure = ProcedureFactory(field=FieldFactory(name="Tư pháp"))
    RequiredDocumentFactory(procedure=procedure, name="Đơn đề nghị")
    ProcedureChannelFactory(procedure=procedure)
    url = reverse("admin:catalog_procedure_change", args=[procedure.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "name": "Tên mới của thủ tục",
            "field": procedure.field_id,
            "form_schema": "[]",
            "documents-TOTAL_FORMS": 0,
            "documents-INITIAL_FORMS": 0,
            "channels-TOTAL_FORMS": 0,
            "channels-INITIAL_FORMS": 0,
            "offerings-TOTAL_FORMS": 0,
            "offerings-INITIAL_FORMS": 0,
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    procedure.refresh_from_db()
    assert procedure.search_text.startswith(f"{procedure.code.replace('.', ' ')} ten moi")
    version = procedure.versions.get()
    assert version.snapshot["name"] == "Tên mới của thủ tục"
    assert [d["name"] for d in version.snapshot["documents"]] == ["Đơn đề nghị"]


def test_saving_an_offering_in_the_admin_raises_the_level(admin_client):
    procedure, unit = ProcedureFactory(), UnitFactory()
    response = admin_client.post(
        reverse("admin:catalog_offering_add"),
        {"unit": unit.pk, "procedure": procedure.pk, "online_level": 4},
    )
    assert response.status_code == 302
    assert level_of(procedure) == 4


def test_field_admin_keeps_search_text(admin_client):
    field = FieldFactory(name="Hộ tịch")
    procedure = ProcedureFactory(field=field)
    response = admin_client.post(
        reverse("admin:catalog_field_change", args=[field.pk]), {"name": "Chứng thực"}
    )
    assert response.status_code == 302
    field.refresh_from_db()
    procedure.refresh_from_db()
    assert field.search_text == "chung thuc"
    assert procedure.search_text.endswith("chung thuc")
