"""Every write to feedback: sending it (with files checked by content), forwarding it to
another unit, answering it (the sender is told by e-mail after commit)."""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import Procedure
from motcua.core.calendar import add_working_time
from motcua.core.text import fold, nfc
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import deleted_on_failure
from motcua.dossiers.uploads import CheckedFile, UploadRejected, check_upload
from motcua.notifications.services import queue_email
from motcua.org.models import StaffRole, Unit
from motcua.processing.selectors import is_province_admin

from .models import Event, EventKind, Feedback, FeedbackFile, State, SupportContact, Topic

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
FILE_TYPES = ["pdf", "jpg", "png", "docx"]
MAX_FILES = 3
SAVE_FAILED = gettext_lazy(
    "Chưa gửi được phản ánh do sự cố hệ thống. Vui lòng thử lại sau ít phút."
)


def answer_days() -> int:
    """Working days a unit has to answer (15 by default)."""
    return getattr(settings, "MOTCUA_FEEDBACK_ANSWER_DAYS", 15)


class FeedbackError(Exception):
    default_message = gettext_lazy("Không thể thực hiện thao tác với phản ánh.")

    def __init__(self, message=None, errors: dict[str, list[str]] | None = None):
        self.message = str(message or self.default_message)
        self.errors = errors or {}
        super().__init__(self.message)


class NotPermitted(FeedbackError):
    default_message = gettext_lazy("Bạn không có vai trò xử lý phản ánh của đơn vị này.")


@dataclass(frozen=True)
class Sending:
    """What the sender filled in (validated by FeedbackForm or the API schema)."""

    kind: str
    topic: str
    sender_name: str
    sender_email: str
    title: str
    content: str
    sender_phone: str = ""
    unit: Unit | None = None
    procedure: Procedure | None = None
    dossier: Dossier | None = None  # already checked to be the sender's own
    publish_consent: bool = False


def submit(sending: Sending, *, sender=None, uploads=(), at: datetime | None = None) -> Feedback:
    """Record the item with its code and deadline, and its files; FeedbackError with
    `errors` (field -> messages) if a file is refused (then nothing is kept)."""
    unit = _unit_concerned(sending)
    checked = _checked_files(list(uploads))
    at = at or timezone.now()
    stored: list[str] = []
    with deleted_on_failure(stored, SAVE_FAILED), transaction.atomic():
        item = Feedback(
            kind=sending.kind,
            topic=sending.topic,
            unit=unit,
            procedure=sending.procedure or (sending.dossier.procedure if sending.dossier else None),
            dossier=sending.dossier,
            sender=sender if getattr(sender, "is_authenticated", False) else None,
            sender_name=nfc(sending.sender_name).strip(),
            sender_email=sending.sender_email.strip(),
            sender_phone=sending.sender_phone.strip(),
            title=nfc(sending.title).strip(),
            content=nfc(sending.content).strip(),
            publish_consent=sending.publish_consent,
            received_at=at,
            due_at=add_working_time(at, answer_days(), "working_day"),
        )
        item.search_text = _search_text(item)
        _insert_with_code(item)
        for upload, file in checked:
            name = default_storage.save(
                f"feedback/{at:%Y/%m}/{secrets.token_hex(16)}.{file.extension}", upload
            )
            stored.append(name)
            FeedbackFile.objects.create(
                feedback=item,
                file=name,
                original_name=file.name,
                size=file.size,
                content_type=file.content_type,
                sha256=file.sha256,
            )
        Event.objects.create(feedback=item, kind=EventKind.RECEIVED, unit=unit, actor=item.sender)
    return item


def _unit_concerned(sending: Sending) -> Unit:
    if sending.topic == Topic.DOSSIER and sending.dossier is not None:
        return sending.dossier.unit
    if sending.unit is None:
        raise FeedbackError(errors={"unit": [_("Chọn cơ quan, đơn vị tiếp nhận phản ánh.")]})
    return sending.unit


def _checked_files(uploads: list) -> list[tuple[object, CheckedFile]]:
    if len(uploads) > MAX_FILES:
        raise FeedbackError(errors={"files": [_("Đính kèm tối đa %(n)s tệp.") % {"n": MAX_FILES}]})
    checked, problems, used = [], [], 0
    for upload in uploads:
        try:
            file = check_upload(upload, allowed=FILE_TYPES, used_bytes=used)
        except UploadRejected as rejected:
            problems.append(rejected.message)
            continue
        used += file.size
        checked.append((upload, file))
    if problems:
        raise FeedbackError(errors={"files": problems})
    return checked


def _insert_with_code(item: Feedback) -> None:
    """A random code (32^8 possibilities: following an item needs its code, so it must not
    be guessable); the unique constraint catches the rare repeat, and a new one is drawn."""
    for _attempt in range(5):
        item.code = "PA-" + "".join(secrets.choice(CODE_ALPHABET) for _i in range(8))
        try:
            with transaction.atomic():
                item.save(force_insert=True)
            return
        except IntegrityError:
            item.pk = None
    raise FeedbackError()


def _search_text(item: Feedback) -> str:
    return fold(f"{item.code} {item.title} {item.content} {item.answer}")


def _locked_for(feedback_id: int, actor) -> Feedback:
    item = (
        Feedback.objects.select_for_update(of=("self",)).select_related("unit").get(pk=feedback_id)
    )
    in_unit = StaffRole.objects.filter(user=actor, unit_id=item.unit_id).exists()
    if not (in_unit or is_province_admin(actor)):
        raise NotPermitted()
    if item.state != State.OPEN:
        raise FeedbackError(_("Phản ánh này đã được trả lời."))
    return item


def forward(feedback_id: int, *, actor, to_unit: Unit, note: str = "") -> Feedback:
    """Hand the item to the unit that must answer it; the deadline runs on from receipt."""
    with transaction.atomic():
        item = _locked_for(feedback_id, actor)
        if to_unit.pk == item.unit_id:
            raise FeedbackError(errors={"unit": [_("Chọn một đơn vị khác đơn vị đang xử lý.")]})
        item.unit = to_unit
        item.save(update_fields=["unit"])
        Event.objects.create(
            feedback=item,
            kind=EventKind.FORWARDED,
            unit=to_unit,
            actor=actor,
            note=nfc(note).strip(),
        )
    return item


def answer(feedback_id: int, *, actor, text: str, upheld: bool = False) -> Feedback:
    """Answer the item (once); the sender gets the answer by e-mail after commit."""
    text = nfc(text).strip()
    if not text:
        raise FeedbackError(errors={"answer": [_("Nhập nội dung trả lời.")]})
    with transaction.atomic():
        item = _locked_for(feedback_id, actor)
        item.answer = text
        item.answered_at = timezone.now()
        item.answered_by = actor
        item.upheld = upheld
        item.state = State.ANSWERED
        item.search_text = _search_text(item)
        item.save()
        Event.objects.create(feedback=item, kind=EventKind.ANSWERED, unit=item.unit, actor=actor)
        if upheld and item.dossier_id:
            for hook in _upheld_hooks:
                hook(item)
        context = {"item": item}
        subject = render_to_string("feedback/email/answer_subject.txt", context).strip()
        body = render_to_string("feedback/email/answer_body.txt", context)
        queue_email(f"feedback-answer-{item.pk}", item.sender_email, subject, body)
    return item


UpheldHook = Callable[[Feedback], None]
_upheld_hooks: list[UpheldHook] = []


def register_upheld_hook(hook: UpheldHook) -> None:
    """Run `hook(item)` inside the transaction that answers feedback about a dossier as
    justified (upheld), so stats counts it exactly without feedback knowing of stats (which
    registers it from `AppConfig.ready`)."""
    if hook not in _upheld_hooks:
        _upheld_hooks.append(hook)


def save_contact(*, actor, data: dict) -> SupportContact:
    """A province admin edits the contact and help page (the one row)."""
    if not is_province_admin(actor):
        raise NotPermitted(_("Chỉ quản trị cấp tỉnh được sửa thông tin liên hệ."))
    with transaction.atomic():
        contact = (
            SupportContact.objects.select_for_update().order_by("pk").first() or SupportContact()
        )
        for name, value in data.items():
            setattr(contact, name, nfc(value).strip() if isinstance(value, str) else value)
        contact.save()
    return contact
