"""Officers' API: the desk queue, actions on a dossier, its history and standard forms, and
the tracking book. Bearer tokens of staff accounts; what a caller may see comes from
`visible_dossiers` (another unit's dossier is a 404), what they may do from the services
(403 for a missing role, 409 when the dossier moved on, e.g. another officer acted first)."""

from datetime import date, datetime
from typing import Annotated, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from motcua.core.models import AuditAction
from motcua.core.services import record_audit
from motcua.documents.forms import (
    FormNotAvailable,
    dossier_form_pdf,
    tracking_book_export,
)
from motcua.dossiers.models import Dossier, Status
from motcua.dossiers.selectors import dossier_for_user, history
from motcua.dossiers.services import ConcurrentUpdate, DossierError, IllegalTransition
from motcua.processing import selectors
from motcua.processing.actions import perform
from motcua.processing.services import InvalidInput, NotPermitted

from .auth import token_auth
from .schemas import ERROR_RESPONSES, Blankable, DbId, ErrorOut, OptionalId

router = Router(tags=["Bộ phận một cửa"], auth=token_auth)
RESPONSES = {**ERROR_RESPONSES, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut}
LIST_LIMIT = 200
ActionName = Literal[
    "receive",
    "request_supplement",
    "request_financial",
    "resume",
    "refuse",
    "forward",
    "approve",
    "finish",
    "return_step",
    "return_result",
    "send_by_post",
    "stop",
    "withdraw",
    "draft_apology",
    "approve_apology",
]
StatusCode = Annotated[int, Field(ge=Status.NEW, le=Status.RETURNED)]
FormName = Literal["mau-01", "mau-02", "mau-03", "mau-04", "mau-05"]


class DossierOut(Schema):
    id: int
    code: str | None
    status: int
    status_label: str
    unit_id: int
    procedure_code: str
    applicant_name: str
    submitted_at: datetime | None
    appointment_at: datetime | None
    due_state: str | None = Field(description="in_time / due_soon / late; null if not running.")
    due_label: str | None
    hours_left: float | None
    version: int


class ActionIn(Schema):
    action: ActionName
    note: str = Field("", max_length=4000)
    reason: str = Field("", max_length=4000)
    missing: list[str] = Field(default_factory=list, description="Yêu cầu bổ sung: từng mục.")
    received_by_name: str = Field("", max_length=255)
    fee_vnd: Annotated[int, Field(ge=0, le=10**12)] = 0
    receipt_number: str = Field("", max_length=64)
    tracking_number: str = Field("", max_length=64, description="Gửi qua bưu chính: mã vận đơn.")
    new_appointment_at: str = Field("", description="Phiếu xin lỗi: dd/mm/yyyy HH:MM.")
    version: int | None = Field(None, description="Phiên bản hồ sơ đã xem (kiểm tra xung đột).")
    note_for_applicant: bool = Field(
        False, description="Ghi chú gửi người nộp (mặc định: ghi chú nội bộ)."
    )


class HistoryOut(Schema):
    at: datetime
    from_status: int
    to_status: int
    step: str
    note: str
    note_for_applicant: bool
    actor: str | None


class DeskFilters(Schema):
    status: Annotated[StatusCode | None, Blankable] = None
    unit: OptionalId = None
    late: bool = False
    q: str = Field("", max_length=64)


class TrackingBookFilters(Schema):
    unit: DbId
    date_from: date = Field(alias="from")
    date_to: date = Field(alias="to")
    format: Literal["pdf", "xlsx"] = "pdf"


def _require_staff(request: HttpRequest) -> None:
    if not selectors.is_staff_member(request.auth):
        raise HttpError(403, _("Chỉ tài khoản cán bộ được dùng chức năng này."))


def _dossier_out(dossier: Dossier, now: datetime) -> dict:
    deadline = selectors.deadline_of(dossier, now)
    return {
        "id": dossier.pk,
        "code": dossier.code,
        "status": dossier.status,
        "status_label": dossier.get_status_display(),
        "unit_id": dossier.unit_id,
        "procedure_code": dossier.procedure.code,
        "applicant_name": dossier.applicant_name,
        "submitted_at": dossier.submitted_at,
        "appointment_at": dossier.appointment_at,
        "due_state": deadline.state if deadline else None,
        "due_label": deadline.label if deadline else None,
        "hours_left": float(deadline.hours_left) if deadline else None,
        "version": dossier.version,
    }


def _visible(request: HttpRequest, dossier_id: int) -> Dossier:
    dossier = dossier_for_user(request.auth, dossier_id)
    if dossier.status == Status.DRAFT:
        raise Http404
    return dossier


def _audit(request: HttpRequest, action: str, dossier: Dossier, detail: str) -> None:
    record_audit(action, dossier, request=request, actor=request.auth, detail=f"api {detail}")


@router.get("desk/dossiers", response={200: list[DossierOut], **RESPONSES})
def desk_dossiers(request: HttpRequest, filters: Query[DeskFilters]):
    """Dossiers the caller may see (oldest first, at most 200), by status, unit, lateness."""
    _require_staff(request)
    dossiers = selectors.desk_dossiers(
        request.auth, status=filters.status, unit_id=filters.unit, q=filters.q, late=filters.late
    )[:LIST_LIMIT]
    now = timezone.now()
    return [_dossier_out(dossier, now) for dossier in dossiers]


@router.post("desk/dossiers/{dossier_id}/actions", response={200: DossierOut, **RESPONSES})
def act(request: HttpRequest, dossier_id: DbId, payload: ActionIn):
    """Perform one action; returns the new status and appointment."""
    _require_staff(request)
    dossier = _visible(request, dossier_id)
    _audit(request, AuditAction.CHANGE, dossier, payload.action)
    try:
        dossier = perform(payload.action, dossier.pk, actor=request.auth, data=payload.dict())
    except NotPermitted as error:
        raise HttpError(403, error.message) from None
    except (ConcurrentUpdate, IllegalTransition) as error:
        raise HttpError(409, error.message) from None
    except (InvalidInput, DossierError) as error:
        raise HttpError(400, error.message) from None
    return _dossier_out(dossier, timezone.now())


@router.get("dossiers/{dossier_id}/history", response={200: list[HistoryOut], **RESPONSES})
def dossier_history(request: HttpRequest, dossier_id: DbId):
    """Every status change and hand-over of a dossier the caller may see."""
    dossier = _visible(request, dossier_id)
    _audit(request, AuditAction.VIEW, dossier, "history")
    return [
        {
            "at": entry.at,
            "from_status": entry.from_status,
            "to_status": entry.to_status,
            "step": entry.step,
            "note": entry.note,
            "note_for_applicant": entry.note_for_applicant,
            "actor": (entry.actor.get_full_name() or entry.actor.username) if entry.actor else None,
        }
        for entry in history(dossier)
    ]


@router.get("dossiers/{dossier_id}/documents/{form}", response={200: None, **RESPONSES})
def dossier_document(request: HttpRequest, dossier_id: DbId, form: FormName):
    """Mẫu 01–05 as PDF (404 when the dossier has no such form yet)."""
    dossier = _visible(request, dossier_id)
    try:
        pdf = dossier_form_pdf(form, dossier)
    except FormNotAvailable:
        raise Http404(_("Hồ sơ chưa có biểu mẫu này.")) from None
    _audit(request, AuditAction.DOWNLOAD, dossier, form)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-{form}.pdf"'
    return response


@router.get("desk/tracking-book", response={200: None, **RESPONSES})
def tracking_book(request: HttpRequest, filters: Query[TrackingBookFilters]):
    """Mẫu 06 of one of the caller's units for a period, as PDF or XLSX."""
    _require_staff(request)
    unit = selectors.staff_units(request.auth).filter(pk=filters.unit).first()
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    if filters.date_to < filters.date_from:
        raise HttpError(400, _("Ngày kết thúc phải sau ngày bắt đầu."))
    dossiers = selectors.tracking_book(request.auth, unit.pk, filters.date_from, filters.date_to)
    body, content_type = tracking_book_export(
        unit, filters.date_from, filters.date_to, dossiers, filters.format
    )
    response = HttpResponse(body, content_type=content_type)
    name = f"so-theo-doi-{unit.pk}.{filters.format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
