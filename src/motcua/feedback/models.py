"""Phản ánh, kiến nghị: feedback or a complaint about a procedure, a unit or a dossier, its
files, and what happened to it (received, forwarded, answered)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import ChoiceLabels


class Kind(models.TextChoices):
    FEEDBACK = "feedback", _("Phản ánh")
    PROPOSAL = "proposal", _("Kiến nghị")
    COMPLAINT = "complaint", _("Khiếu nại")


class Topic(models.TextChoices):
    PROCEDURE = "procedure", _("Một thủ tục hành chính")
    UNIT = "unit", _("Một cơ quan, đơn vị")
    DOSSIER = "dossier", _("Hồ sơ của tôi")


class State(models.TextChoices):
    OPEN = "open", _("Đang xem xét")
    ANSWERED = "answered", _("Đã trả lời")


class Feedback(ChoiceLabels):
    """One item. `unit` is the unit that must answer (it changes when forwarded); `due_at`
    the answer's deadline in working time from receipt; `upheld` says a complaint was found
    justified (about a dossier it lowers the dossier's satisfaction indicator 7)."""

    code = models.CharField(_("mã phản ánh"), max_length=20, unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    topic = models.CharField(_("về"), max_length=16, choices=Topic.choices)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị xử lý"), on_delete=models.PROTECT, related_name="+"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("thủ tục"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender_name = models.CharField(_("họ và tên"), max_length=255)
    sender_email = models.EmailField(_("thư điện tử"))
    sender_phone = models.CharField(_("số điện thoại"), max_length=32, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=255)
    content = models.TextField(_("nội dung"))
    publish_consent = models.BooleanField(_("đồng ý công khai câu trả lời"), default=False)
    state = models.CharField(
        _("tình trạng"), max_length=16, choices=State.choices, default=State.OPEN
    )
    received_at = models.DateTimeField(_("ngày nhận"))
    due_at = models.DateTimeField(_("hạn trả lời"))
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_at = models.DateTimeField(_("ngày trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    upheld = models.BooleanField(_("khiếu nại có cơ sở"), default=False)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "state", "due_at"], name="feedback_queue_idx"),
            models.Index(
                fields=["state", "publish_consent", "-answered_at"], name="feedback_qa_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class FeedbackFile(models.Model):
    """An attachment, checked by content like dossier files, in private storage."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    content_type = models.CharField(_("loại tệp"), max_length=100)
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("tệp đính kèm phản ánh")
        verbose_name_plural = _("tệp đính kèm phản ánh")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Tiếp nhận")
    FORWARDED = "forwarded", _("Chuyển đơn vị khác")
    ANSWERED = "answered", _("Trả lời")


class Event(ChoiceLabels):
    """Append-only history of an item."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=16, choices=EventKind.choices)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.kind}"


class SupportContact(models.Model):
    """The province's support office shown on the contact and help page (one row, edited
    by a province admin; until then the defaults below are shown)."""

    office = models.CharField(_("cơ quan hỗ trợ"), max_length=255, default=_("Sở Nội vụ"))
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=64, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    hours = models.CharField(
        _("thời gian hỗ trợ"),
        max_length=255,
        blank=True,
        default=_("Sáng 07:00–11:30, chiều 13:30–17:00, từ thứ Hai đến thứ Sáu"),
    )
    help_text = models.TextField(
        _("hướng dẫn"),
        blank=True,
        help_text=_("Văn bản thường; xuống dòng được giữ nguyên."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thông tin liên hệ, hỗ trợ")
        verbose_name_plural = _("thông tin liên hệ, hỗ trợ")

    def __str__(self) -> str:
        return self.office

    @classmethod
    def current(cls) -> "SupportContact":
        return cls.objects.order_by("pk").first() or cls()
