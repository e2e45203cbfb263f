"""Delivery records: one row per message, keyed so that a retried task never sends twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")


class Delivery(models.Model):
    key = models.CharField(_("khóa"), max_length=100, unique=True)
    channel = models.CharField(_("kênh"), max_length=16, default="email")
    to = models.CharField(_("người nhận"), max_length=255)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt gửi thông báo")
        verbose_name_plural = _("lượt gửi thông báo")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
