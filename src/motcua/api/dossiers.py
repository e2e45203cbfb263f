"""Applicant API for dossiers (bearer token): draft, attach files, submit, list, read; and the
public lookup. Every write goes through motcua.dossiers.services, every read through its
selectors (another applicant's dossier is a 404)."""

from datetime import datetime
from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Header, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError
from ninja.files import UploadedFile
from pydantic import ValidationError as PydanticValidationError

from motcua.core.models import AuditAction
from motcua.core.pagecache import public_page
from motcua.core.services import record_audit
from motcua.dossiers import selectors, services
from motcua.dossiers.forms import APPLICANT_FIELDS
from motcua.dossiers.models import Dossier
from motcua.org.models import Unit

from .auth import token_auth
from .schemas import DbId, ErrorOut, ValidationErrorOut
from .throttle import RateLimitThrottle

router = Router(tags=["Hồ sơ"])
IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", max_length=64)]
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}


class DeliveryIn(Schema):
    method: str = Field(
        "",
        description="Cách nhận kết quả: electronic (toàn trình), desk (tại bộ phận một cửa), "
        "post (bưu chính công ích, nơi thủ tục cho phép); để trống: mặc định theo mức độ.",
    )
    recipient: str = ""
    phone: str = ""
    address: str = ""


class DossierIn(Schema):
    procedure: str
    unit: DbId
    values: dict = {}
    applicant: dict[str, str] = {}
    delivery: DeliveryIn | None = None


class DeliveryOut(Schema):
    method: str
    method_label: str
    recipient: str
    phone: str
    address: str
    tracking_number: str = Field(description="Mã vận đơn khi kết quả đã gửi qua bưu chính.")


class FileOut(Schema):
    id: int
    document: int
    name: str
    size: int
    content_type: str
    sha256: str
    kind: str


class SlotOut(Schema):
    id: int
    name: str
    required: bool


class DossierOut(Schema):
    id: int
    code: str | None
    status: int
    status_label: str
    procedure: str
    unit: int
    values: dict
    applicant: dict[str, str]
    delivery: DeliveryOut
    slots: list[SlotOut]
    files: list[FileOut]
    submitted_at: datetime | None
    appointment: datetime | None


class DossierListOut(Schema):
    id: int
    code: str | None
    status: int
    status_label: str
    procedure: str
    unit: int
    submitted_at: datetime | None
    appointment: datetime | None


class SubmittedOut(Schema):
    id: int
    code: str
    status: int
    appointment: datetime | None


class LookupIn(Schema):
    code: str = ""
    phone: str = ""


class LookupOut(Schema):
    code: str
    status: int
    status_label: str
    procedure: str
    unit: str
    submitted_at: datetime | None
    received_at: datetime | None
    appointment: datetime | None
    returned_at: datetime | None


def _invalid(errors: dict[str, list[str]]) -> tuple[int, dict]:
    rows = [{"field": field, "message": m} for field, messages in errors.items() for m in messages]
    return Status(422, {"detail": _("Hồ sơ chưa hợp lệ, vui lòng kiểm tra lại."), "errors": rows})


def _summary(dossier: Dossier) -> dict:
    return {
        "id": dossier.pk,
        "code": dossier.code,
        "status": dossier.status,
        "status_label": dossier.get_status_display(),
        "procedure": dossier.procedure.code,
        "unit": dossier.unit_id,
        "submitted_at": dossier.submitted_at,
        "appointment": dossier.appointment_at,
    }


def _file(item) -> dict:
    return {
        "id": item.pk,
        "document": item.document_id,
        "name": item.original_name,
        "size": item.size,
        "content_type": item.content_type,
        "sha256": item.sha256,
        "kind": item.kind,
    }


def _detail(dossier: Dossier, slots: list[dict]) -> dict:
    """The dossier as DossierOut; `slots` with their `files` (selectors.slots_with_files)."""
    return {
        **_summary(dossier),
        "values": dossier.values,
        "applicant": {
            name.removeprefix("applicant_"): getattr(dossier, name) for name in APPLICANT_FIELDS
        },
        "delivery": {
            "method": dossier.result_delivery,
            "method_label": dossier.get_result_delivery_display(),
            "recipient": dossier.post_recipient,
            "phone": dossier.post_phone,
            "address": dossier.post_address,
            "tracking_number": dossier.post_tracking_number,
        },
        "slots": [
            {"id": s["id"], "name": s["name"], "required": bool(s.get("required"))} for s in slots
        ],
        "files": [_file(item) for slot in slots for item in slot["files"]],
    }


@router.post("/dossiers", auth=token_auth, response={200: DossierOut, **ERRORS})
def create_dossier(request: HttpRequest, payload: DossierIn):
    """A draft for a procedure at a receiving unit, prefilled from the profile; `values` are
    the e-form answers, `applicant` may override name, id_number, phone, email, address."""
    procedure = selectors.submittable_procedure(payload.procedure)
    applicant = {f"applicant_{key}": value for key, value in payload.applicant.items()}
    try:
        dossier = services.create_draft(
            request.auth,
            procedure,
            payload.unit,
            applicant=applicant,
            values=payload.values,
            delivery=_delivery(payload),
        )
    except (services.EmailNotVerified, services.UnitNotReceiving) as error:
        return _refused_draft(error, payload.unit)
    # A new draft has no files yet: answered from what was just stored, without reading back.
    return _detail(dossier, [{**slot, "files": []} for slot in selectors.slots(dossier)])


def _delivery(payload: DossierIn) -> dict | None:
    """The delivery fields of the service (dossiers.forms.DELIVERY_FIELDS), if given."""
    if payload.delivery is None:
        return None
    given = payload.delivery
    return {
        "result_delivery": given.method,
        "post_recipient": given.recipient,
        "post_phone": given.phone,
        "post_address": given.address,
    }


def _refused_draft(error: services.DossierError, unit_id: int) -> tuple[int, dict]:
    """The answer to a draft the service refused; an unknown unit is a 404 first, as ever."""
    if not Unit.objects.filter(pk=unit_id).exists():
        raise Http404(_("Không tìm thấy đơn vị có mã số %(id)s.") % {"id": unit_id})
    if isinstance(error, services.EmailNotVerified):
        raise HttpError(403, error.message)
    return _invalid({"unit": [error.message]})


@router.get("/dossiers", auth=token_auth, response=list[DossierListOut])
def list_dossiers(request: HttpRequest):
    """The caller's drafts and dossiers, latest change first (at most 200)."""
    return [_summary(dossier) for dossier in selectors.my_dossiers(request.auth)[:200]]


@router.get("/dossiers/{dossier_id}", auth=token_auth, response={200: DossierOut, **ERRORS})
def get_dossier(request: HttpRequest, dossier_id: DbId):
    dossier = selectors.dossier_for_user(request.auth, dossier_id)
    record_audit(AuditAction.VIEW, dossier, request=request, actor=request.auth, detail="api")
    return _detail(dossier, selectors.slots_with_files(dossier))


@router.post("/dossiers/{dossier_id}/files", auth=token_auth, response={201: FileOut, **ERRORS})
def upload_file(
    request: HttpRequest,
    dossier_id: DbId,
    document: Form[DbId],
    file: File[UploadedFile],
):
    """Attach one file to a slot (`document` = a slot id from the dossier's `slots`)."""
    try:
        item = services.attach_file(dossier_id, request.auth, document_id=document, upload=file)
    except services.FileRejected as error:
        return _invalid({"file": [error.message]})
    except services.DossierError as error:
        return _invalid({"dossier": [error.message]})
    return Status(201, _file(item))


@router.post(
    "/dossiers/{dossier_id}/submit", auth=token_auth, response={200: SubmittedOut, **ERRORS}
)
def submit_dossier(request: HttpRequest, dossier_id: DbId):
    """Submit a draft (idempotent: submitting again returns the same code)."""
    try:
        dossier = services.submit(dossier_id, request.auth)
    except services.SubmissionInvalid as invalid:
        return _invalid(invalid.errors)
    except services.EmailNotVerified as error:
        raise HttpError(403, error.message) from None
    except services.DossierError as error:
        return _invalid({"dossier": [error.message]})
    return _submitted(dossier)


def _submitted(dossier: Dossier) -> dict:
    return {
        "id": dossier.pk,
        "code": dossier.code,
        "status": dossier.status,
        "appointment": dossier.appointment_at,
    }


@router.post(
    "/submissions", auth=token_auth, response={201: SubmittedOut, 200: SubmittedOut, **ERRORS}
)
def submit_at_once(
    request: HttpRequest,
    dossier: Form[str],
    idempotency_key: IdempotencyKey = "",
):
    """A whole dossier in one request (multipart/form-data): the part `dossier` holds the JSON
    of `POST /dossiers` (procedure, unit, values, applicant) and each file is a part named
    `slot-<slot id>` (a slot may have several). The draft, the files and the submission are
    kept together or not at all: a 422 lists every problem and keeps nothing.

    Send an `Idempotency-Key` header (any text up to 64 characters, new for each dossier) to
    retry safely: a request with a key you already used answers 200 with that dossier
    instead of making another (201)."""
    payload = _submission_payload(dossier)
    procedure = selectors.submittable_procedure(payload.procedure)
    uploads, unknown = _uploads_by_slot(request)
    if unknown:
        message = _("Phần “%(name)s” không phải thành phần hồ sơ (slot-<mã>).")
        return _invalid({name: [message % {"name": name}] for name in unknown})
    applicant = {f"applicant_{key}": value for key, value in payload.applicant.items()}
    try:
        submitted, created = services.submit_complete(
            request.auth,
            procedure,
            payload.unit,
            applicant=applicant,
            values=payload.values,
            uploads=uploads,
            client_key=idempotency_key.strip(),
            delivery=_delivery(payload),
        )
    except (services.EmailNotVerified, services.UnitNotReceiving) as error:
        return _refused_draft(error, payload.unit)
    except services.SubmissionInvalid as invalid:
        return _invalid(invalid.errors)
    except services.DossierError as error:
        return _invalid({"dossier": [error.message]})
    return Status(201 if created else 200, _submitted(submitted))


def _submission_payload(text: str) -> DossierIn:
    try:
        return DossierIn.model_validate_json(text)
    except PydanticValidationError as invalid:
        raise ValidationError(
            [{**error, "loc": ("dossier", *error["loc"])} for error in invalid.errors()]
        ) from None


def _uploads_by_slot(request: HttpRequest) -> tuple[list[tuple[int, UploadedFile]], list[str]]:
    """The files of a one-request submission as (slot id, file), and the part names that do
    not name a slot."""
    uploads, unknown = [], []
    for name, files in request.FILES.lists():
        slot = name.removeprefix("slot-")
        if name.startswith("slot-") and slot.isdecimal() and len(slot) < 10:
            uploads.extend((int(slot), upload) for upload in files)
        else:
            unknown.append(name)
    return uploads, unknown


@router.post(
    "/lookup",
    response={200: LookupOut, 404: ErrorOut, 422: ValidationErrorOut},
    throttle=[RateLimitThrottle("lookup")],
)
@decorate_view(public_page(scope="lookup"))
def lookup(request: HttpRequest, body: LookupIn):
    """Public: status and dates of a dossier by its code and the applicant's phone number (or
    ID number / tax code), sent in the JSON body so that the number never appears in a URL
    (access logs, proxies, browser history). The same 404 whether the code exists or not.
    There is no GET: a lookup by the code alone would tell anyone the state of a dossier
    whose code they guessed."""
    dossier = selectors.lookup(body.code[:64], body.phone[:32])
    if dossier is None:
        return Status(
            404, {"detail": _("Không tìm thấy hồ sơ khớp với mã hồ sơ và thông tin đã nhập.")}
        )
    return {
        "code": dossier.code,
        "status": dossier.status,
        "status_label": dossier.get_status_display(),
        "procedure": dossier.procedure.name,
        "unit": dossier.unit.name,
        "submitted_at": dossier.submitted_at,
        "received_at": dossier.received_at,
        "appointment": dossier.appointment_at,
        "returned_at": dossier.returned_at,
    }
