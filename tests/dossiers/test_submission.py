import re

import pytest
from django.db import DatabaseError
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierCounter, DossierFile, Status, StatusHistory
from motcua.notifications.models import Delivery
from tests.accounts.factories import UserFactory

from .conftest import pdf, png

CODE = re.compile(r"^000\.01\.02\.H56-\d{6}-0001$")


def start(client, world) -> Dossier:
    response = client.post(reverse("dossiers:start", args=[world["procedure"].code]))
    assert response.status_code == 302
    return Dossier.objects.latest("id")


def fill(client, dossier, **overrides):
    data = {
        "nguoi_nop-applicant_name": "Nguyễn Văn An",
        "nguoi_nop-applicant_id_number": "056085001234",
        "nguoi_nop-applicant_phone": "0905 123 456",
        "nguoi_nop-applicant_email": "an@example.vn",
        "nguoi_nop-applicant_address": "12 Trần Phú, Nha Trang",
        "noi_dung": "Đăng ký khai sinh cho con",
        "action": "next",
        **overrides,
    }
    return client.post(reverse("dossiers:edit", args=[dossier.pk]), data)


def upload(client, dossier, document, *files):
    return client.post(
        reverse("dossiers:files", args=[dossier.pk]),
        {"document": document.pk, "files": list(files)},
    )


def test_unverified_email_is_stopped_with_a_resend_link(client, world):
    client.force_login(UserFactory(verified=False))
    response = client.get(reverse("dossiers:start", args=[world["procedure"].code]))
    assert response.status_code == 403
    assert reverse("accounts:resend_verification") in response.content.decode()
    assert not Dossier.objects.exists()


def test_procedure_not_offered_online_is_404(applicant_client, world):
    world["procedure"].offerings.update(online_level=2)
    world["procedure"].__class__.objects.update(max_online_level=2)
    response = applicant_client.get(reverse("dossiers:start", args=[world["procedure"].code]))
    assert response.status_code == 404


def test_draft_is_prefilled_from_the_profile(applicant_client, world):
    dossier = start(applicant_client, world)
    page = applicant_client.get(reverse("dossiers:edit", args=[dossier.pk])).content.decode()
    assert "Nguyễn Văn An" in page and "056085001234" in page and "0905123456" in page


def test_errors_are_summarised_and_typed_values_kept(applicant_client, world):
    dossier = start(applicant_client, world)
    response = fill(
        applicant_client, dossier, **{"nguoi_nop-applicant_phone": "12", "noi_dung": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in page
    assert 'href="#id_nguoi_nop-applicant_phone"' in page and 'href="#id_noi_dung"' in page
    assert 'value="12"' in page and "Nguyễn Văn An" in page


def test_full_journey_gives_a_code_an_appointment_and_an_email(
    applicant_client, world, immediate_tasks, django_capture_on_commit_callbacks, mailoutbox
):
    dossier = start(applicant_client, world)
    assert fill(applicant_client, dossier).status_code == 302
    tokhai, chungsinh, _optional = world["documents"]
    assert upload(applicant_client, dossier, tokhai, pdf()).status_code == 302
    assert upload(applicant_client, dossier, chungsinh, png()).status_code == 302
    check = applicant_client.get(reverse("dossiers:check", args=[dossier.pk]))
    assert "Đăng ký khai sinh cho con" in check.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(reverse("dossiers:check", args=[dossier.pk]))
    assert response.url == reverse("dossiers:confirmation", args=[dossier.pk])
    dossier.refresh_from_db()
    assert CODE.match(dossier.code)
    assert (dossier.status, dossier.channel) == (Status.NEW, 2)
    assert dossier.procedure_version.procedure == world["procedure"]
    assert dossier.values == {"noi_dung": "Đăng ký khai sinh cho con"}
    assert dossier.applicant_phone == "0905123456"
    assert dossier.appointment_at > dossier.submitted_at
    assert StatusHistory.objects.filter(dossier=dossier, from_status=0, to_status=1).count() == 1
    page = applicant_client.get(response.url).content.decode()
    assert dossier.code in page
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", page)
    assert len(mailoutbox) == 1 and dossier.code in mailoutbox[0].body
    assert Delivery.objects.get().status == "sent"


def test_submit_refuses_missing_required_files(applicant_client, world):
    dossier = start(applicant_client, world)
    fill(applicant_client, dossier)
    response = applicant_client.post(reverse("dossiers:check", args=[dossier.pk]))
    assert response.status_code == 400
    assert "Chưa tải lên “Tờ khai”" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.DRAFT and dossier.code is None


def test_double_submit_creates_one_dossier(applicant_client, world):
    dossier = start(applicant_client, world)
    fill(applicant_client, dossier)
    upload(applicant_client, dossier, world["documents"][0], pdf())
    upload(applicant_client, dossier, world["documents"][1], pdf())
    first = applicant_client.post(reverse("dossiers:check", args=[dossier.pk]))
    second = applicant_client.post(reverse("dossiers:check", args=[dossier.pk]))
    assert first.url == second.url == reverse("dossiers:confirmation", args=[dossier.pk])
    assert Dossier.objects.count() == 1
    assert StatusHistory.objects.count() == 1


def test_save_draft_keeps_incomplete_answers(applicant_client, world):
    dossier = start(applicant_client, world)
    response = fill(applicant_client, dossier, noi_dung="Nửa chừng", action="draft")
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.values["noi_dung"] == "Nửa chừng" and dossier.status == Status.DRAFT
    mine = applicant_client.get(reverse("dossiers:mine")).content.decode()
    assert reverse("dossiers:edit", args=[dossier.pk]) in mine


def test_delete_draft_removes_it_and_its_files(
    applicant_client, world, django_capture_on_commit_callbacks
):
    dossier = start(applicant_client, world)
    upload(applicant_client, dossier, world["documents"][0], pdf())
    stored = DossierFile.objects.get().file
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(reverse("dossiers:delete", args=[dossier.pk]))
    assert response.status_code == 302
    assert not Dossier.objects.exists()
    assert not stored.storage.exists(stored.name)


def test_script_typed_in_a_field_is_shown_as_text(applicant_client, world):
    dossier = start(applicant_client, world)
    fill(applicant_client, dossier, noi_dung="<script>alert(1)</script>", action="draft")
    page = applicant_client.get(reverse("dossiers:edit", args=[dossier.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_services_refuse_a_unit_that_does_not_offer_the_procedure(applicant, world):
    from tests.factories import UnitFactory

    with pytest.raises(services.DossierError):
        services.start_draft(applicant, world["procedure"], UnitFactory())


def test_a_custom_eform_is_filled_checked_and_shown(applicant_client, world):
    place = world["unit"]
    world["procedure"].form_schema = [
        {"name": "ngay_sinh", "label": "Ngày sinh của trẻ", "type": "date", "required": True},
        {"name": "noi_dang_ky", "label": "Nơi đăng ký", "type": "unit", "required": True},
        {"name": "loai", "label": "Loại", "type": "choice", "choices": ["Đúng hạn", "Quá hạn"]},
    ]
    world["procedure"].save()
    dossier = start(applicant_client, world)
    page = applicant_client.get(reverse("dossiers:edit", args=[dossier.pk])).content.decode()
    assert 'type="date"' in page and "Ngày sinh của trẻ" in page and "Quá hạn" in page
    data = {"ngay_sinh": "2026-11-20", "noi_dang_ky": place.pk, "loai": "Đúng hạn"}
    assert fill(applicant_client, dossier, **data).status_code == 302
    for document in world["documents"][:2]:
        upload(applicant_client, dossier, document, pdf())
    applicant_client.post(reverse("dossiers:check", args=[dossier.pk]))
    dossier.refresh_from_db()
    assert dossier.values == {
        "ngay_sinh": "2026-11-20",
        "noi_dang_ky": place.pk,
        "loai": "Đúng hạn",
    }
    shown = applicant_client.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    assert "20/11/2026" in shown and place.name in shown


def test_database_failure_during_submit_leaves_the_draft_untouched(
    applicant_client, world, monkeypatch
):
    dossier = start(applicant_client, world)
    fill(applicant_client, dossier)
    for document in world["documents"][:2]:
        upload(applicant_client, dossier, document, pdf())

    def broken(*args, **kwargs):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(StatusHistory.objects, "create", broken)
    response = applicant_client.post(reverse("dossiers:check", args=[dossier.pk]))
    assert response.status_code == 503
    assert "sự cố hệ thống" in response.content.decode()
    dossier.refresh_from_db()
    assert (dossier.status, dossier.code, dossier.version) == (Status.DRAFT, None, 0)
    assert not DossierCounter.objects.filter(last__gt=0).exists()
    assert dossier.files.count() == 2
