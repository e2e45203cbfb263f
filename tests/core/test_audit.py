"""The audit trail: who viewed, downloaded or acted on a dossier and when, kept even when
the request fails; list pages write nothing."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import Client

from motcua.catalog.services import current_version
from motcua.core.models import AuditAction, AuditEvent
from motcua.dossiers.models import Dossier, DossierFile, Status
from motcua.dossiers.services import change_status
from motcua.processing import services
from tests.factories import UnitFactory
from tests.processing.factories import new_dossier, officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(unit, desk):
    dossier = new_dossier(unit)
    Dossier.objects.filter(pk=dossier.pk).update(
        procedure_version=current_version(dossier.procedure)
    )
    services.receive(dossier.pk, actor=desk)
    return Dossier.objects.get(pk=dossier.pk)


def events() -> list[tuple]:
    return list(
        AuditEvent.objects.order_by("id").values_list(
            "actor_username", "action", "object_type", "object_id", "detail"
        )
    )


def test_an_officer_viewing_a_dossier_is_recorded_with_time_and_address(client, desk, received):
    client.force_login(desk)
    assert client.get(f"/can-bo/ho-so/{received.pk}/", REMOTE_ADDR="10.1.2.3").status_code == 200
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.object_type, event.object_id) == (
        desk,
        AuditAction.VIEW,
        "dossiers.dossier",
        str(received.pk),
    )
    assert event.ip == "10.1.2.3" and event.at is not None


def test_an_officer_of_another_unit_gets_404_and_leaves_no_event(client, received):
    client.force_login(officer(UnitFactory(name="UBND xã Vạn Thắng"), "desk_officer"))
    assert client.get(f"/can-bo/ho-so/{received.pk}/").status_code == 404
    assert not AuditEvent.objects.exists()


def test_the_applicant_viewing_and_downloading_is_recorded(client, received):
    name = default_storage.save("tep.pdf", ContentFile(b"%PDF-1.4 test"))
    item = DossierFile.objects.create(
        dossier=received,
        document_id=1,
        file=name,
        original_name="Tờ khai.pdf",
        size=13,
        content_type="application/pdf",
        sha256="0" * 64,
    )
    client.force_login(received.applicant)
    user = received.applicant.username
    assert client.get(f"/ho-so/{received.pk}/").status_code == 200
    assert client.get(f"/ho-so/{received.pk}/tep/{item.pk}/").status_code == 200
    assert client.get(f"/ho-so/{received.pk}/bieu-mau/mau-01.pdf").status_code == 200
    assert events() == [
        (user, "view", "dossiers.dossier", str(received.pk), ""),
        (user, "download", "dossiers.dossier", str(received.pk), "Tờ khai.pdf"),
        (user, "download", "dossiers.dossier", str(received.pk), "mau-01"),
    ]


def test_a_form_pdf_from_the_desk_is_a_download(client, desk, received):
    client.force_login(desk)
    response = client.get(f"/can-bo/ho-so/{received.pk}/bieu-mau/mau-01.pdf")
    assert response.status_code == 200
    assert events() == [(desk.username, "download", "dossiers.dossier", str(received.pk), "mau-01")]


def test_api_reads_of_a_dossier_are_recorded(api_client, desk, received):
    api_client.as_user(desk)
    assert api_client.get(f"/api/v1/dossiers/{received.pk}/history").status_code == 200
    api_client.as_user(received.applicant)
    assert api_client.get(f"/api/v1/dossiers/{received.pk}").status_code == 200
    assert [(actor, action, detail) for actor, action, _t, _i, detail in events()] == [
        (desk.username, "view", "api history"),
        (received.applicant.username, "view", "api"),
    ]


def test_list_pages_record_nothing(client, api_client, desk, received):
    client.force_login(desk)
    assert client.get("/can-bo/", {"trang_thai": Status.PROCESSING}).status_code == 200
    assert api_client.as_user(desk).get("/api/v1/desk/dossiers").status_code == 200
    client.force_login(received.applicant)
    assert client.get("/ho-so/").status_code == 200
    assert not AuditEvent.objects.exists()


def test_audit_events_cannot_be_edited(client, desk, received):
    client.force_login(desk)
    client.get(f"/can-bo/ho-so/{received.pk}/")
    event = AuditEvent.objects.get()
    event.detail = "sửa"
    with pytest.raises(ValueError):
        event.save()


def test_the_admin_list_is_read_only(admin_client, client, desk, received):
    client.force_login(desk)
    client.get(f"/can-bo/ho-so/{received.pk}/")
    event = AuditEvent.objects.get()
    page = admin_client.get("/quan-tri/core/auditevent/")
    assert page.status_code == 200 and desk.username in page.content.decode()
    assert admin_client.get("/quan-tri/core/auditevent/add/").status_code == 403
    assert admin_client.post(f"/quan-tri/core/auditevent/{event.pk}/delete/").status_code == 403
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_failing_action_keeps_the_view_and_the_attempt(unit, desk, monkeypatch):
    """Real commits (no test transaction around it): the action writes, then crashes; its
    writes roll back, the audit rows written before it stay."""
    dossier = new_dossier(unit)
    services.receive(dossier.pk, actor=desk)

    def crashing_action(action, dossier_id, *, actor, data):
        with transaction.atomic():
            change_status(dossier_id, Status.STOPPED, actor=actor, note="dừng")
            raise RuntimeError("sự cố giữa chừng")

    monkeypatch.setattr("motcua.desk.views.perform", crashing_action)
    browser = Client(raise_request_exception=False)
    browser.force_login(desk)
    assert browser.get(f"/can-bo/ho-so/{dossier.pk}/").status_code == 200
    response = browser.post(f"/can-bo/ho-so/{dossier.pk}/thao-tac/stop/", {"reason": "dừng"})

    assert response.status_code == 500
    assert Dossier.objects.get(pk=dossier.pk).status == Status.PROCESSING
    assert [(action, detail) for _u, action, _t, _i, detail in events()] == [
        ("view", ""),
        ("change", "stop"),
    ]
