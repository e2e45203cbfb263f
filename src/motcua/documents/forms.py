"""The standard forms (Circular 01/2018/TT-VPCP) built from a dossier: Mẫu 01–05 per
dossier, Mẫu 06 per unit and period (PDF and XLSX). Callers check who may see the dossier;
here a form that does not exist yet for the dossier raises FormNotAvailable."""

import io
from collections.abc import Callable, Iterable
from datetime import date

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from motcua.dossiers.models import Dossier, ResultDelivery, Status
from motcua.dossiers.selectors import history, slots_with_files
from motcua.org.models import Unit
from motcua.processing.models import Apology, StepRecord, SupplementRequest
from motcua.processing.services import statutory_time

from .pdf import barcode_data_uri, qr_data_uri, render_pdf

FORM_TITLES = {
    "xac-nhan": gettext_lazy("Giấy xác nhận nộp hồ sơ trực tuyến"),
    "mau-01": gettext_lazy("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    "mau-02": gettext_lazy("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    "mau-03": gettext_lazy("Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    "mau-04": gettext_lazy("Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
    "mau-05": gettext_lazy("Phiếu kiểm soát quá trình giải quyết hồ sơ"),
}
TIME_UNIT_WORDS = {
    "working_day": "ngày làm việc",
    "hour": "giờ làm việc",
    "day": "ngày",
    "month": "tháng",
}
TRACKING_BOOK_COLUMNS = [
    "STT",
    "Mã hồ sơ",
    "Nội dung yêu cầu giải quyết",
    "Số lượng hồ sơ (bộ)",
    "Chủ hồ sơ",
    "Địa chỉ",
    "Số điện thoại",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Ngày nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả (người nhận)",
    "Ghi chú",
]


# The forms are official documents: always Vietnamese, whatever the officer's page language.
OFFICIAL_LANGUAGE = "vi"


class FormNotAvailable(Exception):
    """The dossier has no such form (yet): e.g. Mẫu 03 for a dossier that was received."""


def _header(unit: Unit) -> dict:
    return {
        "unit_name": unit.name,
        "parent_unit_name": unit.parent.name if unit.parent_id else "",
        "place": settings.MOTCUA_PROVINCE_NAME,
        "issued_at": timezone.now(),
    }


def _base(dossier: Dossier) -> dict:
    return {
        **_header(dossier.unit),
        "code": dossier.code,
        "applicant": {
            "name": dossier.applicant_name,
            "id_number": dossier.applicant_id_number,
            "address": dossier.applicant_address,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email,
        },
        "procedure_name": dossier.procedure.name,
        "field_name": dossier.procedure.field.name if dossier.procedure.field_id else "",
        "received_at": dossier.received_at,
        "appointment_at": dossier.appointment_at,
        "desk_name": _("Bộ phận tiếp nhận và trả kết quả – %(unit)s") % {"unit": dossier.unit.name},
    }


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _required_documents(dossier: Dossier) -> list[dict]:
    """The documents of the receipt's table: those always required, and those needed only
    in a stated case when the applicant sent a file for them."""
    if dossier.procedure_version_id:
        rows = dossier.procedure_version.snapshot.get("documents") or []
    else:
        rows = dossier.procedure.documents.values("id", "name", "originals", "copies", "required")
    sent = set(dossier.files.values_list("document_id", flat=True))
    return [
        {
            "name": row["name"],
            "originals": row.get("originals") or "",
            "certified": "",
            "photocopies": row.get("copies") or "",
        }
        for row in rows
        if row.get("required", True) or row.get("id") in sent
    ]


def _entry(dossier: Dossier, to_status: int):
    entry = history(dossier).filter(to_status=to_status).last()
    if entry is None:
        raise FormNotAvailable
    return entry


def _statutory_time(dossier: Dossier) -> str:
    deadline = statutory_time(dossier)
    amount = f"{deadline.amount.normalize():f}".replace(".", ",")
    return f"{amount} {TIME_UNIT_WORDS.get(deadline.unit, deadline.unit)}"


def acknowledgement(dossier: Dossier) -> dict:
    """What an online applicant prints at once, before the desk receives the dossier: the
    code, the moment of submission, the files sent and the expected appointment."""
    if dossier.receipt_form != "xac-nhan":
        raise FormNotAvailable
    files = [
        {"name": slot["name"], "count": len(slot["files"])}
        for slot in slots_with_files(dossier)
        if slot["files"]
    ]
    return {
        **_base(dossier),
        "barcode": barcode_data_uri(dossier.code),
        "submitted_at": dossier.submitted_at,
        "files": files,
        "statutory_time": _statutory_time(dossier),
        "return_place": _return_place(dossier),
    }


def _return_place(dossier: Dossier) -> str:
    """Where the applicant registered to receive the result (line "nhận kết quả tại")."""
    if dossier.result_delivery == ResultDelivery.POST:
        return (
            f"qua dịch vụ bưu chính công ích – {dossier.post_recipient}, "
            f"{dossier.post_phone}, {dossier.post_address}"
        )
    if dossier.result_delivery == ResultDelivery.ELECTRONIC:
        return "Cổng dịch vụ công – kết quả điện tử có chữ ký số (mục “Hồ sơ của tôi”)"
    return dossier.unit.address or dossier.unit.name


def receipt(dossier: Dossier) -> dict:
    """Mẫu 01, in two copies (one kept, one for the applicant)."""
    received = _entry(dossier, Status.RECEIVED)
    return {
        **_base(dossier),
        "copies": ["Liên 1: Lưu", "Liên 2: Giao người nộp hồ sơ"],
        "barcode": barcode_data_uri(dossier.code),
        "book_number": dossier.received_at.year,
        "sequence": dossier.code.rsplit("-", 1)[-1],
        "submitter_name": dossier.applicant_name,
        "documents": _required_documents(dossier),
        "sets": 1,
        "statutory_time": _statutory_time(dossier),
        "return_place": _return_place(dossier),
        "officer_name": _person(received.actor),
    }


def supplement_request(dossier: Dossier) -> dict:
    request = (
        SupplementRequest.objects.filter(dossier=dossier)
        .select_related("requested_by")
        .order_by("-number")
        .first()
    )
    if request is None:
        raise FormNotAvailable
    return {
        **_base(dossier),
        "missing": request.missing,
        "reason": request.reason,
        "second_request": request.number > 1,
        "request_number": request.number,
        "officer_name": _person(request.requested_by),
        "unit_phone": dossier.unit.phone,
    }


def refusal(dossier: Dossier) -> dict:
    entry = _entry(dossier, Status.NOT_RECEIVED)
    return {**_base(dossier), "reason": entry.note, "officer_name": _person(entry.actor)}


def apology(dossier: Dossier) -> dict:
    letter = Apology.objects.filter(dossier=dossier).select_related("approved_by").first()
    if letter is None:
        raise FormNotAvailable
    return {
        **_base(dossier),
        "reason": letter.reason,
        "old_appointment_at": letter.old_appointment_at,
        "new_appointment_at": letter.new_appointment_at,
        "signer_name": _person(letter.approved_by),
    }


def control_sheet(dossier: Dossier) -> dict:
    """Mẫu 05: one row per hand-over along the route, with its timeliness."""
    records = list(
        StepRecord.objects.filter(dossier=dossier).select_related("unit", "completed_by")
    )
    if not records:
        raise FormNotAvailable
    rows = []
    for index, record in enumerate(records):
        following = records[index + 1] if index + 1 < len(records) else None
        rows.append(
            {
                "unit": record.unit.name,
                "step": record.name,
                "at": record.completed_at or record.entered_at,
                "handed_by": _person(record.completed_by),
                "received_by": following.name if following and record.completed_at else "",
                "result": record.get_timeliness_display() if record.completed_at else "",
                "note": record.note,
            }
        )
    coordinating = sorted({r.unit.name for r in records if r.unit_id != dossier.unit_id})
    return {**_base(dossier), "rows": rows, "coordinating_units": coordinating}


BUILDERS: dict[str, Callable[[Dossier], dict]] = {
    "xac-nhan": acknowledgement,
    "mau-01": receipt,
    "mau-02": supplement_request,
    "mau-03": refusal,
    "mau-04": apology,
    "mau-05": control_sheet,
}


def available_forms(dossier: Dossier) -> dict[str, str]:
    """The forms the dossier has so far (slug → title), for its page's links."""
    present = {
        "xac-nhan": dossier.receipt_form == "xac-nhan",
        "mau-01": dossier.received_at is not None,
        "mau-02": SupplementRequest.objects.filter(dossier=dossier).exists(),
        "mau-03": dossier.status == Status.NOT_RECEIVED,
        "mau-04": Apology.objects.filter(dossier=dossier).exists(),
        "mau-05": dossier.received_at is not None,
    }
    return {slug: FORM_TITLES[slug] for slug, exists in present.items() if exists}


def dossier_form_pdf(form: str, dossier: Dossier, *, lookup_url: str = "") -> bytes:
    """The PDF of `form` ("xac-nhan", "mau-01" … "mau-05"); FormNotAvailable when it does not
    apply. Its QR code holds `lookup_url` (the public lookup of this dossier), else the code."""
    builder = BUILDERS.get(form)
    if builder is None:
        raise FormNotAvailable
    with translation.override(OFFICIAL_LANGUAGE):
        context = {**builder(dossier), "qr": qr_data_uri(lookup_url or dossier.code)}
        return render_pdf(f"documents/{form}.html", context)


# --- Mẫu 06 ---------------------------------------------------------------------------


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def tracking_book_rows(dossiers: Iterable[Dossier]) -> list[list]:
    rows = []
    for number, dossier in enumerate(dossiers, start=1):
        payment = getattr(dossier, "desk_payment", None)
        rows.append(
            [
                number,
                dossier.code,
                dossier.procedure.name,
                1,
                dossier.applicant_name,
                dossier.applicant_address,
                dossier.applicant_phone,
                _local(dossier.received_at),
                _local(dossier.appointment_at),
                _local(dossier.finished_at),
                f"{_local(dossier.returned_at)} {payment.received_by_name}" if payment else "",
                dossier.get_status_display(),
            ]
        )
    return rows


def tracking_book_pdf(unit: Unit, date_from: date, date_to: date, rows: list[list]) -> bytes:
    context = {
        **_header(unit),
        "date_from": date_from,
        "date_to": date_to,
        "columns": TRACKING_BOOK_COLUMNS,
        "rows": rows,
    }
    return render_pdf("documents/mau-06.html", context)


def tracking_book_xlsx(unit: Unit, date_from: date, date_to: date, rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "So theo doi"
    sheet.append([f"SỔ THEO DÕI HỒ SƠ – {unit.name}"])
    sheet.append([f"Từ ngày {date_from:%d/%m/%Y} đến ngày {date_to:%d/%m/%Y}"])
    sheet.append(TRACKING_BOOK_COLUMNS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
    for line in sheet.iter_rows(min_row=4):
        for cell in line:
            if cell.data_type == "f":  # typed text such as "=HYPERLINK(…)" stays text
                cell.data_type = "s"
    sheet["A1"].font = Font(bold=True, size=13)
    for column, width in zip(
        "ABCDEFGHIJKL", (5, 28, 40, 8, 24, 30, 14, 17, 17, 17, 28, 20), strict=True
    ):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def tracking_book_export(
    unit: Unit, date_from: date, date_to: date, dossiers: Iterable[Dossier], output: str
) -> tuple[bytes, str]:
    """(body, content type) of Mẫu 06 as "pdf" or "xlsx", in Vietnamese."""
    with translation.override(OFFICIAL_LANGUAGE):
        rows = tracking_book_rows(dossiers)
        if output == "xlsx":
            return tracking_book_xlsx(unit, date_from, date_to, rows), XLSX_TYPE
        return tracking_book_pdf(unit, date_from, date_to, rows), "application/pdf"
