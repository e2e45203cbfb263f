"""Issue 17 (officers): notes internal unless addressed to the applicant, a supplement asked
for before receipt (1 → 5 → 1), and a dossier sent back to the previous step."""

import pytest
from django.urls import reverse

from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import DossierFile, FileKind, Status, StatusHistory
from motcua.notifications.models import Delivery
from motcua.processing import services
from motcua.processing.actions import perform
from motcua.processing.models import DossierProcess, StepRecord, SupplementRequest
from motcua.processing.selectors import available_actions

from .factories import new_dossier

pytestmark = pytest.mark.django_db


def _bodies(dossier) -> str:
    return "\n".join(
        Delivery.objects.filter(to=dossier.applicant_email).values_list("body", flat=True)
    )


def test_a_leaders_note_is_internal_by_default(client, unit, desk, specialist, leader):
    dossier = new_dossier(unit)
    services.receive(dossier.pk, actor=desk)
    services.complete_step(dossier.pk, actor=specialist, note="Hồ sơ hợp lệ")
    perform("complete_step", dossier.pk, actor=leader, data={"note": "Đồng ý."})
    entry = StatusHistory.objects.filter(dossier=dossier, to_status=Status.DONE).get()
    assert entry.note == "Đồng ý." and not entry.note_for_applicant
    assert "Đồng ý." not in _bodies(dossier)  # the "Đã xử lý xong" e-mail
    client.force_login(dossier.applicant)
    page = client.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    assert "Đã xử lý xong" in page and "Đồng ý." not in page and "Hồ sơ hợp lệ" not in page
    client.force_login(leader)
    staff_page = client.get(reverse("desk:detail", args=[dossier.pk])).content.decode()
    assert "Đồng ý." in staff_page


def test_a_note_the_officer_addresses_to_the_applicant_reaches_them(client, unit, desk):
    dossier = new_dossier(unit)
    perform(
        "receive",
        dossier.pk,
        actor=desk,
        data={"note": "Mang bản chính khi nhận kết quả", "note_for_applicant": "1"},
    )
    entry = StatusHistory.objects.get(dossier=dossier, to_status=Status.RECEIVED)
    assert entry.note_for_applicant
    assert "Mang bản chính khi nhận kết quả" in _bodies(dossier)
    client.force_login(dossier.applicant)
    page = client.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    assert "Mang bản chính khi nhận kết quả" in page


def test_a_refusal_reason_is_for_the_applicant(unit, desk):
    dossier = new_dossier(unit)
    services.refuse(dossier.pk, actor=desk, reason="Không thuộc thẩm quyền")
    assert "Không thuộc thẩm quyền" in _bodies(dossier)


def test_the_desk_asks_for_a_supplement_before_receiving(unit, desk):
    dossier = new_dossier(unit)
    assert "request_supplement" in available_actions(desk, dossier)
    services.request_supplement(
        dossier.pk, actor=desk, missing=["Bản sao CCCD"], reason="Thiếu giấy tờ tùy thân"
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT and dossier.received_at is None
    assert dossier.supplement_request == "Bản sao CCCD"
    assert SupplementRequest.objects.get(dossier=dossier).number == 1
    assert not DossierProcess.objects.filter(dossier=dossier).exists()  # no clock yet
    assert "resume" not in available_actions(desk, dossier)  # only the applicant returns it
    assert "Bản sao CCCD" in _bodies(dossier)

    DossierFile.objects.create(
        dossier=dossier,
        document_id=1,
        file="x.pdf",
        original_name="cccd.pdf",
        size=10,
        content_type="application/pdf",
        sha256="0" * 64,
        kind=FileKind.SUPPLEMENT,
    )
    dossier_services.send_supplement(dossier.pk, dossier.applicant, note="Đã bổ sung CCCD")
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW  # back at the desk
    received = services.receive(dossier.pk, actor=desk)
    assert received.status == Status.PROCESSING and received.appointment_at
    moves = list(
        StatusHistory.objects.filter(dossier=dossier).values_list("from_status", "to_status")
    )
    assert moves[-4:] == [(1, 5), (5, 1), (1, 2), (2, 4)]


def test_only_the_desk_asks_before_receipt(unit, specialist):
    dossier = new_dossier(unit)
    with pytest.raises(services.NotPermitted):
        services.request_supplement(dossier.pk, actor=specialist, missing=["Tờ khai"])


def test_a_leader_returns_the_dossier_to_the_previous_step(unit, desk, specialist, leader):
    dossier = new_dossier(unit)
    received = services.receive(dossier.pk, actor=desk)
    appointment = received.appointment_at
    services.complete_step(dossier.pk, actor=specialist)
    assert "return_step" in available_actions(leader, received)
    with pytest.raises(services.InvalidInput):
        services.return_step(dossier.pk, actor=leader, reason=" ")
    with pytest.raises(services.NotPermitted):
        services.return_step(dossier.pk, actor=specialist, reason="Sai")
    perform("return_step", dossier.pk, actor=leader, data={"reason": "Thiếu ý kiến phòng"})
    dossier.refresh_from_db()
    process = DossierProcess.objects.get(dossier=dossier)
    assert dossier.status == Status.PROCESSING and process.current_step["role"] == "specialist"
    assert dossier.appointment_at == appointment  # the clock keeps running
    entry = StatusHistory.objects.filter(dossier=dossier).last()
    assert (entry.from_status, entry.to_status) == (4, 4)
    assert entry.note == "Thiếu ý kiến phòng" and not entry.note_for_applicant
    assert "Thẩm định hồ sơ" in entry.step
    assert StepRecord.objects.filter(dossier=dossier, name="Thẩm định hồ sơ").count() == 2
    # The specialist may send it back to the desk's reception step, and no further.
    services.return_step(dossier.pk, actor=specialist, reason="Cần kiểm tra lại thành phần")
    assert DossierProcess.objects.get(dossier=dossier).step_index == 0
    assert "return_step" not in available_actions(desk, dossier)
