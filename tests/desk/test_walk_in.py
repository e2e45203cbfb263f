"""Walk-in registration: the officer types and scans; the same validation as online, then the
dossier is received at once with a code, channel 1 and a printable receipt."""

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import Dossier, DossierChannel, Status
from tests.factories import OfferingFactory, ProcedureChannelFactory, RequiredDocumentFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
APPLICANT = {
    "applicant_name": "Phạm Thị Lan",
    "applicant_id_number": "056190004321",
    "applicant_phone": "0905123456",
    "applicant_email": "lan@example.vn",
    "applicant_address": "Thôn Phú Ân Nam 2, Diên Khánh",
}


@pytest.fixture
def offering(unit):
    offering = OfferingFactory(unit=unit, procedure__name="Cấp bản sao trích lục hộ tịch")
    RequiredDocumentFactory(procedure=offering.procedure, name="Tờ khai", position=1)
    ProcedureChannelFactory(procedure=offering.procedure, channel="direct", time_value=3)
    return offering


def url(offering):
    return (
        f"/can-bo/tiep-nhan-truc-tiep/?don_vi={offering.unit_id}&thu_tuc={offering.procedure.code}"
    )


def test_desk_officer_registers_and_receives_a_walk_in_dossier(client, desk, offering):
    client.force_login(desk)
    choose = client.get("/can-bo/tiep-nhan-truc-tiep/", {"q": "trich luc"})
    assert offering.procedure.name in choose.content.decode()
    page = client.get(url(offering))
    slot = offering.procedure.documents.get().pk
    assert f'name="slot-{slot}"' in page.content.decode()
    response = client.post(
        url(offering),
        {
            **APPLICANT,
            "noi_dung": "Xin cấp 2 bản sao",
            f"slot-{slot}": SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf"),
        },
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/can-bo/ho-so/{dossier.pk}/"
    assert (dossier.status, dossier.channel) == (Status.PROCESSING, DossierChannel.DIRECT)
    assert dossier.code.startswith(offering.unit.identifier)
    assert dossier.files.get().original_name == "to-khai.pdf"
    assert client.get(f"/can-bo/ho-so/{dossier.pk}/bieu-mau/mau-01.pdf").status_code == 200


def test_walk_in_is_validated_like_an_online_submission(client, desk, offering):
    client.force_login(desk)
    slot = offering.procedure.documents.get().pk
    response = client.post(
        url(offering),
        {
            **APPLICANT,
            "applicant_id_number": "123",
            "noi_dung": "x",
            f"slot-{slot}": SimpleUploadedFile("virus.exe", b"MZ\x90\x00" * 10, "application/pdf"),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Có lỗi cần sửa" in page
    assert "12 chữ số" in page
    assert "không đúng loại" in page
    assert not Dossier.objects.exists()


def test_only_desk_officers_register_walk_ins(client, specialist, offering):
    client.force_login(specialist)
    assert client.get("/can-bo/tiep-nhan-truc-tiep/").status_code == 404


def test_a_storage_failure_keeps_nothing_and_says_so(client, desk, offering, monkeypatch, tmp_path):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(FileSystemStorage, "save", broken)
    client.force_login(desk)
    slot = offering.procedure.documents.get().pk
    scan = SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf")
    response = client.post(url(offering), {**APPLICANT, "noi_dung": "x", f"slot-{slot}": scan})
    assert response.status_code == 200
    assert "sự cố hệ thống" in response.content.decode()
    assert not Dossier.objects.exists()


def test_a_phone_is_enough_without_email_or_id_number(client, desk, offering):
    client.force_login(desk)
    slot = offering.procedure.documents.get().pk
    person = {**APPLICANT, "applicant_email": "", "applicant_id_number": ""}
    response = client.post(
        url(offering),
        {**person, "noi_dung": "Xin cấp bản sao", f"slot-{slot}": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.applicant_email, dossier.applicant_id_number) == ("", "")


def test_neither_phone_nor_id_number_is_refused_beside_the_phone(client, desk, offering):
    client.force_login(desk)
    person = {**APPLICANT, "applicant_email": "", "applicant_id_number": "", "applicant_phone": ""}
    page = client.post(url(offering), {**person, "noi_dung": "x"}).content.decode()
    assert "Nhập số điện thoại hoặc số CCCD / mã số thuế của người nộp." in page
    assert not Dossier.objects.exists()


def test_a_refused_form_keeps_the_chosen_scan(client, desk, offering):
    client.force_login(desk)
    slot = offering.procedure.documents.get().pk
    first = client.post(
        url(offering),
        {
            **APPLICANT,
            "applicant_name": "",
            "noi_dung": "Xin cấp bản sao",
            f"slot-{slot}": SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf"),
        },
    ).content.decode()
    assert "Đã giữ tệp đã chọn: to-khai.pdf" in first and not Dossier.objects.exists()
    response = client.post(url(offering), {**APPLICANT, "noi_dung": "Xin cấp bản sao"})
    assert response.status_code == 302
    stored = Dossier.objects.get().files.get()
    assert stored.original_name == "to-khai.pdf" and stored.size == len(PDF)


def test_scans_are_shown_inline_beside_their_slot_for_the_units_officers_only(
    client, desk, offering, other_unit
):
    from tests.processing.factories import officer

    client.force_login(desk)
    slot = offering.procedure.documents.get().pk
    client.post(
        url(offering),
        {**APPLICANT, "noi_dung": "x", f"slot-{slot}": SimpleUploadedFile("to-khai.pdf", PDF)},
    )
    dossier = Dossier.objects.get()
    item = dossier.files.get()
    viewer = f"/can-bo/ho-so/{dossier.pk}/tep/{item.pk}/xem/"
    page = client.get(f"/can-bo/ho-so/{dossier.pk}/").content.decode()
    assert f'src="{viewer}" title="Tờ khai – to-khai.pdf"' in page
    response = client.get(viewer)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/can-bo/ho-so/{dossier.pk}/")["X-Frame-Options"] == "DENY"

    client.force_login(officer(other_unit, "desk_officer"))
    assert client.get(viewer).status_code == 404
    client.logout()
    assert client.get(viewer).status_code == 302
