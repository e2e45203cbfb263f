from functools import cache

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _


class ChoiceLabels(models.Model):
    """`get_FOO_display()` from a table of labels built once per field. Django's own builds
    a dict of every choice on each call and hashes each lazy label, which translates it:
    14 translations for one status label, about 8 % of a dossier page with its history
    (bench host, 2026-11-27). For fields whose values are numbers or texts."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field) -> str:
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(value, value), strings_only=True)


@cache
def _labels(field: models.Field) -> dict:
    return dict(field.flatchoices)


class OverrideKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ thêm")
    WORKING_DAY = "working_day", _("Ngày làm việc bù")


class CalendarOverride(models.Model):
    """An announced change to the working calendar, e.g. a bridge day off swapped with a
    make-up Saturday. It wins over the weekend rule and the `holidays` package."""

    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=OverrideKind.choices)
    note = models.CharField(
        _("lý do, căn cứ"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: nghỉ bù theo thông báo của Bộ Nội vụ."),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("điều chỉnh lịch làm việc")
        verbose_name_plural = _("điều chỉnh lịch làm việc")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} – {self.get_kind_display()}"


class AuditAction(models.TextChoices):
    VIEW = "view", _("Xem")
    DOWNLOAD = "download", _("Tải xuống")
    CHANGE = "change", _("Thao tác thay đổi")


class AuditEvent(models.Model):
    """Who viewed, downloaded or changed an object (a dossier) and when. Append-only; written
    by `core.services.record_audit` before the action, so a failing request keeps it."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_username = models.CharField(
        _("tên đăng nhập"),
        max_length=150,
        blank=True,
        help_text=_("Giữ lại cả khi tài khoản đã bị xóa."),
    )
    action = models.CharField(_("hành động"), max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(_("loại đối tượng"), max_length=100)
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    detail = models.CharField(_("chi tiết"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("nhật ký truy cập")
        verbose_name_plural = _("nhật ký truy cập")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"], name="audit_object_idx"),
            models.Index(fields=["actor", "at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_username or '-'} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("AuditEvent is append-only")
        super().save(*args, **kwargs)


class ScheduledRun(models.Model):
    """One time slot of a periodic job (motcua.core.scheduler), claimed by the scheduler that
    enqueued its task. The unique (job, slot) is the whole coordination: schedulers on
    several nodes, or one restarted, insert the same row and only the first insert wins."""

    job = models.CharField(_("công việc"), max_length=64)
    slot = models.DateTimeField(_("lượt chạy theo lịch"))
    claimed_at = models.DateTimeField(_("đưa vào hàng đợi lúc"))
    node = models.CharField(_("máy chủ"), max_length=255)
    task_result_id = models.UUIDField(_("mã tác vụ"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt chạy công việc định kỳ")
        verbose_name_plural = _("công việc định kỳ")
        ordering = ["-slot", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="uniq_scheduled_run")]
        indexes = [models.Index(fields=["slot"], name="scheduled_run_slot_idx")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%d/%m/%Y %H:%M}"
