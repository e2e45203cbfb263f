"""The electronic fee receipt (biên lai điện tử) as a PDF with a QR code to verify it, its
public check, and the province admin's day list as XLSX."""

import io
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from openpyxl import Workbook
from openpyxl.styles import Font

from motcua.documents.forms import OFFICIAL_LANGUAGE
from motcua.documents.pdf import qr_data_uri, render_pdf

from .models import Payment, PaymentStatus

DAY_COLUMNS = [
    "STT",
    "Đơn vị",
    "Mã hồ sơ",
    "Mã thanh toán",
    "Khoản thu",
    "Số tiền (đồng)",
    "Hình thức",
    "Cổng thanh toán",
    "Mã giao dịch",
    "Số biên lai",
    "Thời điểm thanh toán",
]


def _token(reference: str) -> str:
    return salted_hmac("motcua.payments.receipt", reference, algorithm="sha256").hexdigest()[:24]


def verify_path(payment: Payment) -> str:
    return reverse("payments:verify_receipt", args=[payment.reference, _token(payment.reference)])


def verified_payment(reference: str, token: str) -> Payment | None:
    """The paid payment a receipt's QR code names, if the code is genuine."""
    if not constant_time_compare(token, _token(reference)):
        return None
    return (
        Payment.objects.select_related("dossier__unit", "fee")
        .filter(reference=reference, status=PaymentStatus.PAID)
        .first()
    )


def receipt_pdf(payment: Payment, verify_url: str) -> bytes:
    dossier = payment.dossier
    unit = dossier.unit
    context = {
        "unit_name": unit.name,
        "parent_unit_name": unit.parent.name if unit.parent_id else "",
        "place": settings.MOTCUA_PROVINCE_NAME,
        "issued_at": payment.paid_at,
        "payment": payment,
        "number": payment.receipt_number or payment.reference,
        "dossier": dossier,
        "amount": f"{payment.amount_vnd:,}".replace(",", ".") + " đồng",
        "qr": qr_data_uri(verify_url),
        "verify_url": verify_url,
    }
    with translation.override(OFFICIAL_LANGUAGE):
        return render_pdf("payments/bien-lai.html", context)


def day_xlsx(day: date, payments: list[Payment]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{day:%d-%m-%Y}"
    sheet.append([f"DANH SÁCH THANH TOÁN NGÀY {day:%d/%m/%Y}"])
    sheet.append(DAY_COLUMNS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    with translation.override(OFFICIAL_LANGUAGE):
        for number, payment in enumerate(payments, start=1):
            sheet.append(
                [
                    number,
                    payment.dossier.unit.name,
                    payment.dossier.code,
                    payment.reference,
                    payment.fee.purpose,
                    payment.amount_vnd,
                    payment.get_method_display(),
                    payment.provider,
                    payment.provider_transaction,
                    payment.receipt_number,
                    timezone.localtime(payment.paid_at).replace(tzinfo=None),
                ]
            )
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            if cell.data_type == "f":  # typed text such as "=HYPERLINK(…)" stays text
                cell.data_type = "s"
        line[5].number_format = "#,##0"
        line[10].number_format = "dd/mm/yyyy hh:mm"
    sheet["A1"].font = Font(bold=True, size=13)
    for column, width in zip(
        "ABCDEFGHIJK", (5, 30, 28, 18, 36, 14, 22, 12, 14, 12, 18), strict=True
    ):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
