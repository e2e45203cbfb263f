"""The pages: the fee before submitting and before paying, “Thanh toán”, the staff's fee
box with payments and refused events, the fee receipt with its QR check, the province
admin's day list and its XLSX."""

import io
from datetime import datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from motcua.payments import receipts, services
from motcua.payments.models import FeeStatus, Payment
from tests.factories import UnitFactory
from tests.processing.factories import officer

from .conftest import hand_signed

pytestmark = pytest.mark.django_db


def test_the_applicant_sees_the_fee_and_pays_it_from_the_dossier_page(client, dossier, applicant):
    client.force_login(applicant)
    page = client.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "50.000 đ" in page and "Lệ phí thẩm định" in page and "Thanh toán" in page
    fee = dossier.fees.get()
    response = client.post(f"/ho-so/{dossier.pk}/thanh-toan/{fee.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("https://gateway.example/paymentv2/vpcpay.html?")
    assert Payment.objects.get().payer == applicant


def test_someone_else_cannot_pay_or_see_the_payment(client, dossier, applicant, stranger):
    payment, _url = services.start_payment(
        dossier.pk,
        dossier.fees.get().pk,
        user=applicant,
        return_url="http://testserver/r/",
        client_ip="127.0.0.1",
        base_url="http://testserver",
    )
    client.force_login(stranger)
    assert client.post(f"/ho-so/{dossier.pk}/thanh-toan/{payment.fee_id}/").status_code == 404
    assert client.get(f"/thanh-toan/{payment.reference}/").status_code == 404


def test_the_check_page_shows_the_fee_before_submitting(client, dossier, applicant):
    from motcua.dossiers.models import Dossier, Status

    Dossier.objects.filter(pk=dossier.pk).update(status=Status.DRAFT)
    client.force_login(applicant)
    page = client.get(f"/ho-so/{dossier.pk}/kiem-tra/").content.decode()
    assert "Phí, lệ phí" in page and "<strong>50.000 đ</strong> – Lệ phí thẩm định" in page


def test_staff_see_payments_and_refused_notifications_and_record_a_desk_payment(
    client, dossier, applicant, desk
):
    payment, _url = services.start_payment(
        dossier.pk,
        dossier.fees.get().pk,
        user=applicant,
        return_url="http://testserver/r/",
        client_ip="127.0.0.1",
        base_url="http://testserver",
    )
    forged = hand_signed({"vnp_TxnRef": payment.reference, "vnp_Amount": "100"}, secret="x")
    assert client.get("/thanh-toan/ipn/vnpay/", forged).json()["RspCode"] == "97"
    client.force_login(desk)
    page = client.get(f"/can-bo/ho-so/{dossier.pk}/").content.decode()
    assert payment.reference in page and "bị từ chối" in page and "bad_signature" in page
    fee = dossier.fees.get()
    refused = client.post(
        f"/can-bo/ho-so/{dossier.pk}/phi/{fee.pk}/correct/",
        {"amount_vnd": "40.000", "reason": "2 bản"},
        follow=True,
    )
    assert "Người nộp đang thanh toán khoản phí này" in refused.content.decode()
    client.post(
        f"/can-bo/ho-so/{dossier.pk}/phi/{fee.pk}/desk/",
        {"method": "cash", "receipt_number": "BL-7"},
    )
    fee.refresh_from_db()
    assert fee.status == FeeStatus.PAID


def test_the_fee_receipt_is_a_pdf_whose_qr_check_confirms_it(client, dossier, applicant, desk):
    payment = services.record_desk_payment(
        dossier.fees.get().pk, actor=desk, method="cash", receipt_number="BL-0042"
    )
    client.force_login(applicant)
    page = client.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "Biên lai điện tử" in page and "BL-0042" in page
    pdf = client.get(f"/ho-so/{dossier.pk}/bien-lai/{payment.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.logout()
    check = client.get(receipts.verify_path(payment))
    assert check.status_code == 200 and "Biên lai hợp lệ" in check.content.decode()
    assert "Nguyễn Văn An" not in check.content.decode()
    forged = client.get(f"/bien-lai/{payment.reference}/{'0' * 24}/")
    assert forged.status_code == 404


def test_a_stranger_gets_no_receipt(client, dossier, desk, stranger):
    payment = services.record_desk_payment(
        dossier.fees.get().pk, actor=desk, method="cash", receipt_number="BL-1"
    )
    client.force_login(stranger)
    assert client.get(f"/ho-so/{dossier.pk}/bien-lai/{payment.pk}.pdf").status_code == 404


def test_the_province_admin_exports_the_day_per_unit_with_numbers_as_numbers(
    client, dossier, desk, unit, django_assert_max_num_queries
):
    from .conftest import received_dossier

    services.record_desk_payment(
        dossier.fees.get().pk, actor=desk, method="cash", receipt_number="1"
    )
    other = received_dossier(unit, desk)
    services.record_desk_payment(
        other.fees.get().pk, actor=desk, method="transfer", receipt_number="2"
    )
    admin = officer(UnitFactory(name="UBND tỉnh"), "province_admin")
    client.force_login(admin)
    today = timezone.localdate()
    with django_assert_max_num_queries(12):
        page = client.get("/can-bo/thanh-toan/", {"ngay": f"{today:%Y-%m-%d}"})
    assert page.status_code == 200
    assert page.context["totals"] == [{"unit": "Sở Công Thương", "count": 2, "amount_vnd": 100_000}]
    export = client.get("/can-bo/thanh-toan/", {"ngay": f"{today:%Y-%m-%d}", "dinh_dang": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[2]][:6] == [
        "STT",
        "Đơn vị",
        "Mã hồ sơ",
        "Mã thanh toán",
        "Khoản thu",
        "Số tiền (đồng)",
    ]
    assert sheet["F3"].value == 50_000 and isinstance(sheet["F3"].value, int)
    assert isinstance(sheet["K3"].value, datetime)


def test_only_a_province_admin_sees_the_day_list(client, desk):
    client.force_login(desk)
    assert client.get("/can-bo/thanh-toan/").status_code == 404


def test_refused_notifications_of_the_day_are_listed_for_the_province_admin(client, dossier):
    forged = hand_signed({"vnp_TxnRef": "KHONGCO", "vnp_Amount": "100"})
    assert client.get("/thanh-toan/ipn/vnpay/", forged).json()["RspCode"] == "01"
    client.force_login(officer(UnitFactory(name="UBND tỉnh"), "province_admin"))
    page = client.get("/can-bo/thanh-toan/").content.decode()
    assert "KHONGCO" in page and "unknown_order" in page


def test_staff_of_another_unit_cannot_act_on_the_fee(client, dossier):
    client.force_login(officer(UnitFactory(name="Sở khác"), "desk_officer"))
    fee = dossier.fees.get()
    response = client.post(f"/can-bo/ho-so/{dossier.pk}/phi/{fee.pk}/exempt/", {"reason": "x"})
    assert response.status_code == 404
    assert dossier.fees.get().status == FeeStatus.DUE
