"""The applicant's receipts: an acknowledgement at once, Mẫu 01 once received, each on as few
pages as the document table allows, with a QR code that opens the public lookup."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pypdf
import pytest

from motcua.catalog.services import current_version
from motcua.documents import forms
from motcua.documents.forms import FormNotAvailable, available_forms, dossier_form_pdf
from motcua.dossiers.models import Dossier
from motcua.processing import services
from tests.factories import RequiredDocumentFactory
from tests.processing.factories import new_dossier

from .test_forms import pdf_text

pytestmark = pytest.mark.django_db
NAME = (
    "Bản sao văn bản ủy quyền của thành viên hộ gia đình cho một thành viên làm chủ hộ kinh "
    "doanh, được công chứng hoặc chứng thực theo quy định"
)


def pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def eight_documents(unit):
    dossier = new_dossier(unit)
    for position in range(1, 9):
        RequiredDocumentFactory(
            procedure=dossier.procedure, position=position, name=f"{position}. {NAME}"
        )
    dossier.procedure_version = current_version(dossier.procedure)
    dossier.save(update_fields=["procedure_version"])
    return dossier


def test_receipt_with_eight_documents_is_one_page_a_copy(eight_documents, desk):
    services.receive(eight_documents.pk, actor=desk)
    dossier = Dossier.objects.get(pk=eight_documents.pk)
    assert pages(dossier_form_pdf("mau-01", dossier)) == 2  # Liên 1 and Liên 2


def test_an_online_dossier_has_its_acknowledgement_at_once(unit, desk, client):
    expected = datetime(2026, 12, 14, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    dossier = new_dossier(unit, appointment_at=expected)
    client.force_login(dossier.applicant)
    assert list(available_forms(dossier)) == ["xac-nhan"]
    response = client.get(f"/ho-so/{dossier.pk}/bieu-mau/xac-nhan.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "GIẤY XÁC NHẬN NỘP HỒ SƠ TRỰC TUYẾN" in text and dossier.code in text
    assert "Thời gian trả kết quả dự kiến:" in text
    assert "Thời gian trả kết quả dự kiến: 09 giờ 30 phút, ngày 14/12/2026" in text
    assert pages(response.content) == 1

    services.receive(dossier.pk, actor=desk)
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert "xac-nhan" not in available_forms(dossier)  # Mẫu 01 replaces it
    assert client.get(f"/ho-so/{dossier.pk}/bieu-mau/xac-nhan.pdf").status_code == 404
    with pytest.raises(FormNotAvailable):
        dossier_form_pdf("xac-nhan", dossier)


def test_the_qr_code_opens_the_public_lookup_of_the_dossier(unit, desk, client, monkeypatch):
    encoded = []
    real = forms.qr_data_uri
    monkeypatch.setattr(forms, "qr_data_uri", lambda text: encoded.append(text) or real(text))
    dossier = new_dossier(unit)
    services.receive(dossier.pk, actor=desk)
    client.force_login(dossier.applicant)
    assert client.get(f"/ho-so/{dossier.pk}/bieu-mau/mau-01.pdf").status_code == 200
    url = f"http://testserver/tra-cuu/?ma={dossier.code}"
    assert encoded == [url]
    page = client.get(url).content.decode()
    assert f'value="{dossier.code}"' in page  # the code is filled in; the contact is asked


def test_a_conditional_document_without_a_file_is_left_off_the_receipt(unit, desk):
    dossier = new_dossier(unit)
    RequiredDocumentFactory(procedure=dossier.procedure, position=1, name="Giấy đề nghị")
    RequiredDocumentFactory(
        procedure=dossier.procedure,
        position=2,
        name="Văn bản ủy quyền",
        required=False,
        condition="Trường hợp ủy quyền",
    )
    dossier.procedure_version = current_version(dossier.procedure)
    dossier.save(update_fields=["procedure_version"])
    services.receive(dossier.pk, actor=desk)
    text = pdf_text(dossier_form_pdf("mau-01", Dossier.objects.get(pk=dossier.pk)))
    assert "Giấy đề nghị" in text and "Văn bản ủy quyền" not in text
