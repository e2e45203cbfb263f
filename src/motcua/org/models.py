from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import ChoiceLabels


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    DEPARTMENT = "department", _("Sở, ngành")
    DISTRICT = "district", _("Huyện, thị xã, thành phố")
    COMMUNE = "commune", _("Xã, phường, thị trấn")


class Unit(ChoiceLabels):
    """An organisation unit. The tree (province → departments/districts → communes, or
    province → communes since the 2025 two-level reform) is data: `parent` links it."""

    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại"), max_length=16, choices=UnitKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    gso_code = models.CharField(
        _("mã đơn vị hành chính (GSO)"), max_length=10, blank=True, db_index=True
    )
    identifier = models.CharField(
        _("mã định danh (QCVN 102:2016)"),
        max_length=32,
        unique=True,
        help_text=_("Dùng làm tiền tố mã hồ sơ, ví dụ 000.00.01.H56."),
    )
    gso_name = models.CharField(
        _("tên theo danh mục GSO"),
        max_length=255,
        blank=True,
        help_text=_("Tên chính thức trong danh mục đơn vị hành chính; cập nhật khi nhập lại."),
    )
    division_type = models.CharField(
        _("cấp hành chính"), max_length=64, blank=True, help_text=_("Ví dụ: Huyện, Thị xã, Phường.")
    )
    english_name = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    opening_hours = models.CharField(
        _("giờ tiếp nhận và trả kết quả"),
        max_length=255,
        blank=True,
        help_text=_(
            "Ví dụ: Thứ Hai – Thứ Sáu, 07:00–11:30 và 13:30–17:00. Để trống: giờ làm việc chung."
        ),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["sort_order", "name"]
        indexes = [models.Index(fields=["kind", "sort_order", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portal:unit", args=[self.pk])

    @property
    def desk_hours(self) -> str:
        """The unit's own opening hours, else the working periods every unit keeps."""
        if self.opening_hours:
            return self.opening_hours
        periods = " và ".join(f"{start}–{end}" for start, end in settings.MOTCUA_WORKING_PERIODS)
        return _("Thứ Hai – Thứ Sáu (trừ ngày nghỉ lễ), %(periods)s") % {"periods": periods}


class Role(models.TextChoices):
    DESK_OFFICER = "desk_officer", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên")
    LEADER = "leader", _("Lãnh đạo")
    UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")
    PROVINCE_ADMIN = "province_admin", _("Quản trị cấp tỉnh")


class StaffRole(models.Model):
    """A staff member's role in one unit. A person may hold several roles in several units;
    `province_admin` (held at the province unit) stands above all units."""

    user = models.ForeignKey(
        "auth.User", verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="staff_roles"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="staff_roles"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("vai trò cán bộ")
        verbose_name_plural = _("vai trò cán bộ")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="uniq_staff_role")
        ]
        indexes = [models.Index(fields=["user", "unit"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"
