"""Messages and their templates. A Delivery is one message to one recipient on one channel:
the row is the record (queued, being sent, sent, failed with the error), keyed so that one
event never sends two messages to the same recipient."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")


class Delivery(models.Model):
    key = models.CharField(_("khóa"), max_length=100, unique=True)
    channel = models.CharField(
        _("kênh"), max_length=16, choices=DeliveryChannel.choices, default=DeliveryChannel.EMAIL
    )
    to = models.CharField(_("người nhận"), max_length=255)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event = models.CharField(_("sự kiện"), max_length=32, blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("gửi lần tới lúc"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("bắt đầu gửi lúc"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo đã gửi")
        verbose_name_plural = _("thông báo đã gửi")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx"),
            models.Index(
                fields=["dossier"],
                name="delivery_failed_idx",
                condition=models.Q(status="failed"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class MessageTemplate(models.Model):
    """The text of one event's message in one language, edited by a province admin.
    Placeholders are `{{ name }}` (motcua.notifications.rendering); a template that does not
    render is refused when it is saved."""

    event = models.CharField(_("sự kiện"), max_length=32)
    language = models.CharField(_("ngôn ngữ"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("tiêu đề thư"), max_length=255)
    body = models.TextField(_("nội dung thư"))
    sms = models.CharField(
        _("nội dung tin nhắn SMS"),
        max_length=480,
        help_text=_("Ngắn gọn, không quá 3 tin nhắn (480 ký tự)."),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("mẫu thông báo")
        verbose_name_plural = _("mẫu thông báo")
        ordering = ["event", "language"]
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="uniq_message_template")
        ]

    def __str__(self) -> str:
        return f"{self.event} ({self.language})"


class Preference(models.Model):
    """How a person wants to hear from the portal (no row: e-mail, in Vietnamese)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    by_email = models.BooleanField(_("nhận qua thư điện tử"), default=True)
    by_sms = models.BooleanField(_("nhận qua tin nhắn SMS"), default=False)
    language = models.CharField(
        _("ngôn ngữ nhận thông báo"), max_length=8, choices=settings.LANGUAGES, default="vi"
    )

    class Meta:
        verbose_name = _("cài đặt nhận thông báo")
        verbose_name_plural = _("cài đặt nhận thông báo")

    def __str__(self) -> str:
        return str(self.user)


class SmsRecord(models.Model):
    """What the database SMS provider 'sent' (for the demo and tests)."""

    to = models.CharField(_("số điện thoại"), max_length=32)
    text = models.TextField(_("nội dung"))
    reference = models.CharField(_("mã tham chiếu"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tin nhắn SMS (thử nghiệm)")
        verbose_name_plural = _("tin nhắn SMS (thử nghiệm)")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.to}: {self.text[:40]}"
