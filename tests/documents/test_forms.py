"""The standard forms as PDFs: the text a reader relies on is in the file, with Vietnamese
diacritics intact, the official font embedded, and applicants' text escaped."""

import io
import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pypdf
import pytest

from motcua.documents.forms import (
    FormNotAvailable,
    dossier_form_pdf,
    tracking_book_export,
)
from motcua.documents.pdf import render_pdf
from motcua.dossiers.models import Dossier
from motcua.processing import services
from tests.processing.factories import new_dossier

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
NAME = "Nguyễn Thị Ánh Tuyết"


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())  # table cells wrap lines


def pdf_fonts(pdf: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


@pytest.fixture
def received(unit, desk, monkeypatch):
    moment = datetime(2026, 12, 7, 8, tzinfo=VN)
    monkeypatch.setattr(services, "now", lambda: moment)
    dossier = new_dossier(unit, applicant_name=NAME, applicant_address="12 Trần Phú, Lộc Thọ")
    services.receive(dossier.pk, actor=desk)
    return Dossier.objects.select_related("unit", "procedure").get(pk=dossier.pk)


def test_receipt_has_code_name_appointment_and_the_official_font(received):
    pdf = dossier_form_pdf("mau-01", received)
    text = pdf_text(pdf)
    assert received.code in text
    assert NAME in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "08 giờ 00 phút, ngày 14/12/2026" in text  # the appointment
    assert "Sở Tư pháp".upper() in text
    assert "Liên 2: Giao người nộp hồ sơ" in text
    assert any("Liberation-Serif" in font for font in pdf_fonts(pdf))


def test_supplement_request_lists_what_is_missing_and_why(received, specialist):
    services.request_supplement(
        received.pk, actor=specialist, missing=["Bản sao sổ hộ khẩu", "Ảnh 4×6"], reason="Ảnh mờ"
    )
    text = pdf_text(dossier_form_pdf("mau-02", received))
    assert "Bản sao sổ hộ khẩu" in text and "Ảnh 4×6" in text
    assert "Lý do: Ảnh mờ" in text


def test_refusal_prints_the_reason_escaped(unit, desk):
    dossier = new_dossier(unit, applicant_name="<b>Lê Văn Bảo</b>")
    services.refuse(dossier.pk, actor=desk, reason="Không thuộc thẩm quyền <script>x</script>")
    text = pdf_text(dossier_form_pdf("mau-03", Dossier.objects.get(pk=dossier.pk)))
    assert "<b>Lê Văn Bảo</b>" in text
    assert "Không thuộc thẩm quyền <script>x</script>" in text


def test_control_sheet_has_every_hand_over_with_its_result(received, specialist, leader):
    services.complete_step(received.pk, actor=specialist, note="Hồ sơ hợp lệ")
    text = pdf_text(dossier_form_pdf("mau-05", received))
    for expected in ("Tiếp nhận hồ sơ", "Thẩm định hồ sơ", "Phê duyệt kết quả", "Trước hạn"):
        assert expected in text
    assert "Hồ sơ hợp lệ" in text


def test_apology_shows_the_new_date(received, specialist):
    services.draft_apology(
        received.pk,
        actor=specialist,
        reason="Chờ ý kiến của Sở Xây dựng",
        new_appointment_at=datetime(2026, 12, 21, 16, tzinfo=VN),
    )
    text = pdf_text(dossier_form_pdf("mau-04", received))
    assert "16:00 21/12/2026" in text and "Chờ ý kiến của Sở Xây dựng" in text


def test_a_form_the_dossier_does_not_have_is_not_available(received):
    with pytest.raises(FormNotAvailable):
        dossier_form_pdf("mau-03", received)


def test_text_is_normalised_to_nfc_before_rendering():
    decomposed = unicodedata.normalize("NFD", "Khánh Hòa")
    pdf = render_pdf("documents/mau-03.html", {"unit_name": decomposed, "reason": decomposed})
    assert "KHÁNH HÒA" in pdf_text(pdf)


def test_tracking_book_as_pdf_and_xlsx(received):
    received.applicant_address = '=HYPERLINK("http://x")'
    dossiers = [received]
    pdf, content_type = tracking_book_export(
        received.unit, received.received_at.date(), received.received_at.date(), dossiers, "pdf"
    )
    assert content_type == "application/pdf"
    text = pdf_text(pdf)
    assert received.code in text.replace(" ", "")
    assert NAME in text and "SỔ THEO DÕI HỒ SƠ" in text
    xlsx, _type = tracking_book_export(
        received.unit, received.received_at.date(), received.received_at.date(), dossiers, "xlsx"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    values = [cell.value for cell in sheet[4]]
    assert received.code in values and NAME in values
    assert sheet["F4"].data_type == "s"
