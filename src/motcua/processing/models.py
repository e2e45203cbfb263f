"""Workflow as data: a processing route per (unit, procedure), the staff policy, and each
dossier's progress along the route it was received under."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import ChoiceLabels
from motcua.org.models import Role


class StaffPolicy(models.Model):
    """The one row of staff security settings a province admin edits in the admin."""

    require_totp = models.BooleanField(
        _("bắt buộc xác thực hai bước"),
        default=False,
        help_text=_("Khi bật, mọi cán bộ phải nhập mã TOTP để vào trang cán bộ."),
    )

    class Meta:
        verbose_name = _("chính sách bảo mật cán bộ")
        verbose_name_plural = _("chính sách bảo mật cán bộ")

    def __str__(self) -> str:
        return str(_("Chính sách bảo mật cán bộ"))

    @classmethod
    def current(cls) -> "StaffPolicy":
        return cls.objects.order_by("pk").first() or cls()


class Route(models.Model):
    """The ordered steps a procedure's dossiers follow in one offering unit. The first step
    is reception at the desk, the last the return of the result; those between are processing."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị tiếp nhận"), on_delete=models.CASCADE, related_name="+"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("thủ tục"),
        on_delete=models.CASCADE,
        related_name="routes",
    )

    class Meta:
        verbose_name = _("quy trình xử lý")
        verbose_name_plural = _("quy trình xử lý")
        constraints = [
            models.UniqueConstraint(fields=["unit", "procedure"], name="uniq_route_unit_procedure")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.procedure.code}"


class RouteStep(models.Model):
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=120)
    role = models.CharField(_("vai trò thực hiện"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: đơn vị tiếp nhận. Chọn đơn vị khác cho bước liên thông."),
    )
    hours = models.DecimalField(
        _("thời gian (giờ làm việc)"), max_digits=7, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["route", "position"]
        constraints = [
            models.UniqueConstraint(fields=["route", "position"], name="uniq_route_step_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class DueState(models.TextChoices):
    IN_TIME = "in_time", _("Còn hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    LATE = "late", _("Quá hạn")


class Timeliness(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class DossierProcess(models.Model):
    """A dossier's progress: the route snapshot it was received under (later edits of the
    route never change dossiers in progress), the current step, and the paused clock."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="process"
    )
    steps = models.JSONField(default=list)
    step_index = models.PositiveSmallIntegerField(default=0)
    step_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Đơn vị thực hiện bước hiện tại (liên thông: cán bộ đơn vị này thấy hồ sơ)."),
    )
    step_due_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_hours = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    supplement_count = models.PositiveSmallIntegerField(default=0)
    counts_as_late = models.BooleanField(
        default=False, help_text=_("Yêu cầu bổ sung lần hai hoặc đã xin lỗi, hẹn lại.")
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    timeliness = models.CharField(max_length=10, choices=Timeliness.choices, blank=True)

    class Meta:
        verbose_name = _("tiến trình xử lý")
        verbose_name_plural = _("tiến trình xử lý")
        indexes = [models.Index(fields=["step_unit"])]

    def __str__(self) -> str:
        return str(self.dossier)

    @property
    def current_step(self) -> dict | None:
        return step_at(self.steps, self.step_index)


def step_at(steps: list[dict] | None, index: int | None) -> dict | None:
    """The route step at `index` of a process's `steps` (None past the last one, or for a
    dossier without a process)."""
    return steps[index] if steps and index is not None and index < len(steps) else None


class StepRecord(ChoiceLabels):
    """One hand-over along the route (the rows of Mẫu 05)."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="step_records"
    )
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices)
    entered_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    timeliness = models.CharField(max_length=10, choices=Timeliness.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("bước đã thực hiện")
        verbose_name_plural = _("bước đã thực hiện")
        ordering = ["dossier", "entered_at", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class SupplementRequest(models.Model):
    """Mẫu 02: what is missing and why; `resumed_at` closes the pause it opened."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="supplement_requests"
    )
    number = models.PositiveSmallIntegerField(_("lần yêu cầu"))
    missing = models.JSONField(_("giấy tờ, nội dung cần bổ sung"), default=list)
    reason = models.TextField(_("lý do"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    resumed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu bổ sung")
        verbose_name_plural = _("yêu cầu bổ sung")
        ordering = ["dossier", "number"]

    def __str__(self) -> str:
        return f"{self.dossier} #{self.number}"


class ApologyStatus(models.TextChoices):
    DRAFT = "draft", _("Chờ lãnh đạo duyệt")
    APPROVED = "approved", _("Đã duyệt")


class Apology(models.Model):
    """Mẫu 04: drafted by an officer, approved by a leader; approval moves the appointment."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="apologies"
    )
    reason = models.TextField(_("lý do chậm trễ"))
    new_appointment_at = models.DateTimeField(_("ngày hẹn trả mới"))
    old_appointment_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ApologyStatus.choices, default="draft")
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phiếu xin lỗi")
        verbose_name_plural = _("phiếu xin lỗi")
        ordering = ["dossier", "-drafted_at"]

    def __str__(self) -> str:
        return f"{self.dossier} – {self.get_status_display()}"


class DeskPayment(models.Model):
    """The fee collected at the desk when the result is returned."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="desk_payment"
    )
    amount_vnd = models.BigIntegerField(_("số tiền (đồng)"))
    receipt_number = models.CharField(_("số biên lai"), max_length=64, blank=True)
    received_by_name = models.CharField(_("người nhận kết quả"), max_length=255)
    returned_at = models.DateTimeField()
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("trả kết quả tại bộ phận một cửa")
        verbose_name_plural = _("trả kết quả tại bộ phận một cửa")

    def __str__(self) -> str:
        return f"{self.dossier} – {self.amount_vnd}"
