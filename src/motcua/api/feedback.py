"""Feedback API (phản ánh kiến nghị): the published Q&A, sending an item, following it by
code. Writes go through motcua.feedback.services; an item about a dossier needs the
applicant's bearer token and their own dossier (another person's is a 404)."""

import math
from datetime import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import AuthenticationError

from motcua.catalog.models import Procedure
from motcua.dossiers.selectors import own_dossier
from motcua.feedback import selectors, services
from motcua.feedback.models import Feedback, Kind, Topic
from motcua.org.models import Unit

from .auth import token_auth
from .schemas import PAGE_SIZE, Blankable, ErrorOut, OptionalId, Page, ValidationErrorOut
from .throttle import RateLimitThrottle

router = Router(tags=["Phản ánh, kiến nghị"])
ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}


class FeedbackIn(Schema):
    kind: Kind
    topic: Topic
    unit: OptionalId = Field(
        None, description="Đơn vị (bắt buộc khi topic là procedure hoặc unit)."
    )
    procedure: str = Field("", max_length=32, description="Mã thủ tục (khi topic là procedure).")
    dossier: OptionalId = Field(None, description="Mã số hồ sơ của bạn (topic dossier, cần token).")
    sender_name: str = Field(min_length=1, max_length=255)
    sender_email: str = Field(max_length=254)
    sender_phone: str = Field("", max_length=32)
    title: str = Field(min_length=1, max_length=255)
    content: str = Field(min_length=1, max_length=5000)
    publish_consent: bool = False


class SentOut(Schema):
    code: str
    state: str
    unit: str
    received_at: datetime
    due_at: datetime


class TrackOut(SentOut):
    kind: str
    title: str
    state_label: str
    answered_at: datetime | None
    answer: str


class QuestionOut(Schema):
    code: str
    kind: str
    title: str
    content: str
    unit: str
    procedure: str | None
    received_at: datetime
    answered_at: datetime | None
    answer: str


class QuestionPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[QuestionOut]


class QuestionFilters(Schema):
    q: str = Field("", max_length=200, description="Từ khóa (không phân biệt dấu).")
    page: Annotated[Page | None, Blankable] = None


def _invalid(errors: dict[str, list[str]]) -> Status:
    rows = [{"field": name, "message": m} for name, messages in errors.items() for m in messages]
    return Status(
        422, {"detail": _("Phản ánh chưa hợp lệ, vui lòng kiểm tra lại."), "errors": rows}
    )


@router.get("/feedback", response={200: QuestionPageOut, **ERRORS})
def published(request: HttpRequest, filters: Query[QuestionFilters]):
    """Answered items whose sender agreed to publish them (the public Q&A), newest first."""
    items = selectors.published(filters.q)
    page = filters.page or 1
    count = items.count()
    start = (page - 1) * PAGE_SIZE
    return {
        "count": count,
        "page": page,
        "pages": math.ceil(count / PAGE_SIZE),
        "results": [
            {
                "code": item.code,
                "kind": item.kind,
                "title": item.title,
                "content": item.content,
                "unit": item.unit.name,
                "procedure": item.procedure.code if item.procedure else None,
                "received_at": item.received_at,
                "answered_at": item.answered_at,
                "answer": item.answer,
            }
            for item in items[start : start + PAGE_SIZE]
        ],
    }


@router.post(
    "/feedback", response={201: SentOut, **ERRORS}, throttle=[RateLimitThrottle("feedback")]
)
def send(request: HttpRequest, feedback: FeedbackIn):
    """Send feedback or a complaint; the answer comes by e-mail within 15 working days.
    About a dossier: send the applicant's bearer token; another person's dossier is a 404."""
    sender, dossier = None, None
    if feedback.topic == Topic.DOSSIER:
        sender = token_auth(request)
        if sender is None:
            raise AuthenticationError()
        if feedback.dossier is None:
            return _invalid({"dossier": [_("Chọn hồ sơ được phản ánh.")]})
        dossier = own_dossier(sender, feedback.dossier)
    errors: dict[str, list[str]] = {}
    try:
        validate_email(feedback.sender_email)
    except ValidationError:
        errors["sender_email"] = [_("Địa chỉ thư điện tử không hợp lệ.")]
    unit = Unit.objects.filter(pk=feedback.unit, is_active=True).first() if feedback.unit else None
    if feedback.unit and unit is None:
        errors["unit"] = [_("Không có đơn vị này.")]
    procedure = (
        Procedure.objects.filter(code=feedback.procedure).first() if feedback.procedure else None
    )
    if feedback.topic == Topic.PROCEDURE and procedure is None:
        errors["procedure"] = [_("Ghi mã thủ tục được phản ánh.")]
    if errors:
        return _invalid(errors)
    sending = services.Sending(
        kind=feedback.kind,
        topic=feedback.topic,
        sender_name=feedback.sender_name,
        sender_email=feedback.sender_email,
        sender_phone=feedback.sender_phone,
        title=feedback.title,
        content=feedback.content,
        unit=unit if feedback.topic != Topic.DOSSIER else None,
        procedure=procedure if feedback.topic == Topic.PROCEDURE else None,
        dossier=dossier,
        publish_consent=feedback.publish_consent,
    )
    try:
        item = services.submit(sending, sender=sender)
    except services.FeedbackError as error:
        return _invalid(error.errors or {"": [error.message]})
    return Status(201, _sent(item))


def _sent(item: Feedback) -> dict:
    return {
        "code": item.code,
        "state": item.state,
        "unit": item.unit.name,
        "received_at": item.received_at,
        "due_at": item.due_at,
    }


@router.get(
    "/feedback/{code}", response={200: TrackOut, **ERRORS}, throttle=[RateLimitThrottle("lookup")]
)
def track(request: HttpRequest, code: str):
    """Follow an item by its code: its state, deadline and, once given, the answer."""
    item = selectors.by_code(code)
    if item is None:
        return Status(404, {"detail": _("Không tìm thấy phản ánh có mã này.")})
    return {
        **_sent(item),
        "kind": item.kind,
        "title": item.title,
        "state_label": item.get_state_display(),
        "answered_at": item.answered_at,
        "answer": item.answer,
    }
