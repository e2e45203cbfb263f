from django.db import models
from django.utils.translation import gettext_lazy as _


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
