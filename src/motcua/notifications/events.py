"""The events that send a message, the placeholders each one's template may use, and the
values of those placeholders for a dossier (in the recipient's language)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import ProcedureChannel
from motcua.dossiers.models import Dossier, Status, StatusHistory
from motcua.processing.models import Apology, ApologyStatus, SupplementRequest

SITE_FIELDS = frozenset({"ten_cong", "dia_chi_cong"})
DOSSIER_FIELDS = SITE_FIELDS | {
    "ma_ho_so",
    "ten_nguoi_nop",
    "thu_tuc",
    "don_vi",
    "trang_thai",
    "ngay_nop",
    "ngay_hen_tra",
    "lien_ket_tra_cuu",
}


@dataclass(frozen=True)
class Event:
    label: str
    fields: frozenset[str]


EVENTS: dict[str, Event] = {
    "submitted": Event(gettext_lazy("Đã nộp hồ sơ trực tuyến"), DOSSIER_FIELDS),
    "received": Event(gettext_lazy("Tiếp nhận hồ sơ, hẹn trả"), DOSSIER_FIELDS),
    "refused": Event(gettext_lazy("Từ chối tiếp nhận"), DOSSIER_FIELDS | {"ly_do"}),
    "supplement": Event(
        gettext_lazy("Yêu cầu bổ sung"), DOSSIER_FIELDS | {"noi_dung_bo_sung", "ly_do"}
    ),
    "fee_due": Event(
        gettext_lazy("Yêu cầu thực hiện nghĩa vụ tài chính"),
        DOSSIER_FIELDS | {"so_tien", "lien_ket_thanh_toan", "ly_do"},
    ),
    "withdrawn": Event(gettext_lazy("Rút hồ sơ"), DOSSIER_FIELDS | {"ly_do"}),
    "stopped": Event(gettext_lazy("Dừng xử lý"), DOSSIER_FIELDS | {"ly_do"}),
    "result_ready": Event(gettext_lazy("Đã xử lý xong, mời nhận kết quả"), DOSSIER_FIELDS),
    "returned": Event(gettext_lazy("Đã trả kết quả"), DOSSIER_FIELDS),
    "apology": Event(
        gettext_lazy("Xin lỗi, hẹn lại ngày trả"), DOSSIER_FIELDS | {"ly_do", "ngay_hen_moi"}
    ),
    "staff_new_dossier": Event(
        gettext_lazy("Cán bộ: hồ sơ mới chờ tiếp nhận"),
        DOSSIER_FIELDS | {"ten_can_bo", "lien_ket_can_bo"},
    ),
    "staff_digest": Event(
        gettext_lazy("Cán bộ: hồ sơ đến hạn trong ngày làm việc tới"),
        SITE_FIELDS | {"ten_can_bo", "so_ho_so", "danh_sach_ho_so", "lien_ket_can_bo"},
    ),
}

# A change to one of these statuses is news to the applicant (2 → 4 and 5/6 → 4 are not).
STATUS_EVENTS: dict[int, str] = {
    Status.NEW: "submitted",
    Status.RECEIVED: "received",
    Status.NOT_RECEIVED: "refused",
    Status.SUPPLEMENT: "supplement",
    Status.FINANCIAL: "fee_due",
    Status.WITHDRAWN: "withdrawn",
    Status.STOPPED: "stopped",
    Status.DONE: "result_ready",
    Status.RETURNED: "returned",
}


def site_url(path: str = "") -> str:
    return settings.MOTCUA_SITE_URL.rstrip("/") + path


def site_values() -> dict[str, str]:
    return {"ten_cong": str(settings.MOTCUA_SITE_NAME), "dia_chi_cong": site_url("/")}


def moment(value) -> str:
    if not value:
        return _("chưa xác định")
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


def money(amount: int) -> str:
    """1.500.000 đ"""
    return f"{intcomma(amount, use_l10n=False).replace(',', '.')} đ"


def dossier_values(dossier: Dossier) -> dict[str, str]:
    """The placeholders every dossier message may use (call inside the language wanted)."""
    return {
        **site_values(),
        "ma_ho_so": dossier.code or "",
        "ten_nguoi_nop": dossier.applicant_name,
        "thu_tuc": dossier.procedure.name,
        "don_vi": dossier.unit.name,
        "trang_thai": str(Status(dossier.status).label),
        "ngay_nop": moment(dossier.submitted_at),
        "ngay_hen_tra": moment(dossier.appointment_at),
        "lien_ket_tra_cuu": site_url(
            dossier.get_absolute_url() if dossier.applicant_id else reverse("dossiers:lookup")
        ),
    }


def change_values(dossier: Dossier, entry: StatusHistory | None, event: str) -> dict[str, str]:
    """The dossier's placeholders plus those of `event` (the change in `entry`)."""
    values = dossier_values(dossier)
    if entry is not None and entry.applicant_note:  # an internal note never leaves the office
        values["ly_do"] = entry.applicant_note
        values["ghi_chu"] = _("Ghi chú của cán bộ: %(note)s") % {"note": entry.applicant_note}
    if event == "supplement":
        values["noi_dung_bo_sung"] = "\n".join(
            f"- {line}" for line in dossier.supplement_request.splitlines() if line.strip()
        )
        values["ly_do"] = _supplement_reason(dossier)
    if event == "fee_due":
        values["so_tien"] = _fee(dossier)
        values["lien_ket_thanh_toan"] = site_url(dossier.get_absolute_url())
    if event == "apology":
        values.update(_apology(dossier))
    return values


def _supplement_reason(dossier: Dossier) -> str:
    request = SupplementRequest.objects.filter(dossier=dossier).order_by("-number").first()
    return request.reason if request else ""


def _fee(dossier: Dossier) -> str:
    channel = ProcedureChannel.objects.filter(procedure_id=dossier.procedure_id).order_by("fee_vnd")
    row = channel.filter(fee_vnd__gt=0).first() or channel.exclude(fee_text="").first()
    if row is None:
        return _("theo thông báo của cơ quan")
    return money(row.fee_vnd) if row.fee_vnd else row.fee_text


def _apology(dossier: Dossier) -> dict[str, str]:
    apology = (
        Apology.objects.filter(dossier=dossier, status=ApologyStatus.APPROVED)
        .order_by("-approved_at")
        .first()
    )
    if apology is None:
        return {"ly_do": "", "ngay_hen_moi": moment(dossier.appointment_at)}
    return {"ly_do": apology.reason, "ngay_hen_moi": moment(apology.new_appointment_at)}
