from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.core.models import ChoiceLabels


class OnlineLevel(models.IntegerChoices):
    """Decree 43/2011 levels; 3 and 4 carry the Decree 42/2022 names."""

    INFORMATION = 1, _("Mức độ 1 – cung cấp thông tin")
    FORMS = 2, _("Mức độ 2 – tải biểu mẫu")
    PARTIAL = 3, _("Một phần (mức độ 3)")
    FULL = 4, _("Toàn trình (mức độ 4)")


ONLINE_SUBMISSION_LEVEL = OnlineLevel.PARTIAL


class Channel(models.TextChoices):
    DIRECT = "direct", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POST = "post", _("Dịch vụ bưu chính")


class TimeUnit(models.TextChoices):
    WORKING_DAY = "working_day", _("ngày làm việc")
    DAY = "day", _("ngày")
    HOUR = "hour", _("giờ làm việc")
    MONTH = "month", _("tháng")


class Field(models.Model):
    """Lĩnh vực: the national catalogue's grouping of procedures."""

    name = models.CharField(_("tên lĩnh vực"), max_length=255, unique=True)
    search_text = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """A procedure as it stands now. What a dossier was submitted under is a ProcedureVersion."""

    code = models.CharField(_("mã thủ tục"), max_length=32, unique=True)
    name = models.TextField(_("tên thủ tục"))
    field = models.ForeignKey(
        Field,
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    implementing_levels = models.CharField(_("cấp thực hiện"), max_length=255, blank=True)
    procedure_type = models.CharField(_("loại thủ tục"), max_length=255, blank=True)
    decision_number = models.CharField(_("số quyết định công bố"), max_length=255, blank=True)
    applicant_types = models.TextField(_("đối tượng thực hiện"), blank=True)
    competent_authority = models.TextField(_("cơ quan có thẩm quyền"), blank=True)
    implementing_agency = models.TextField(_("cơ quan thực hiện"), blank=True)
    receiving_address = models.TextField(_("địa chỉ tiếp nhận"), blank=True)
    steps = models.TextField(_("trình tự thực hiện"), blank=True)
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    result = models.TextField(_("kết quả thực hiện"), blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    source_url = models.URLField(_("nguồn"), max_length=500, blank=True)
    raw_text = models.TextField(_("văn bản gốc"), blank=True)
    import_problems = models.TextField(_("vấn đề khi nhập"), blank=True)
    form_schema = models.JSONField(
        _("biểu mẫu điện tử"),
        default=list,
        blank=True,
        help_text=_("Danh sách trường của e-form; để trống để dùng biểu mẫu mặc định."),
    )
    accepted_file_types = models.CharField(
        _("loại tệp được nhận"),
        max_length=255,
        blank=True,
        help_text=_("Phần mở rộng cách nhau bởi dấu phẩy (pdf,jpg,png); để trống: mặc định."),
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Raised by the database itself (triggers, migration catalog.0003) on every change of the
    # row, its documents, its channels or its field's name, whoever makes it (admin, importer,
    # a bulk UPDATE, SQL): the cheap test that the latest version still matches. On SQLite a
    # migration that rebuilds one of these four tables drops its triggers: create them again
    # in that migration (tests/catalog/test_versions.py fails until then).
    revision = models.PositiveBigIntegerField(default=0, editable=False)
    search_text = models.TextField(editable=False, blank=True)
    # The folded name alone: search ranks a match in the name above one in the other fields.
    name_search = models.TextField(editable=False, blank=True)
    max_online_level = models.PositiveSmallIntegerField(
        _("mức độ cao nhất"),
        choices=OnlineLevel.choices,
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Mức độ trực tuyến cao nhất mà một đơn vị cung cấp (tính tự động)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("portal:procedure", args=[self.code])


class ProcedureVersion(models.Model):
    """A frozen snapshot of a procedure; dossiers point here so later imports never change
    what an applicant submitted under."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    snapshot = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    # The procedure's revision at which its content was last found equal to this version
    # (None: not yet compared). Bookkeeping, not part of the frozen record.
    checked_revision = models.PositiveBigIntegerField(null=True, editable=False)

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="uniq_procedure_version")
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"


class RequiredDocument(models.Model):
    """Thành phần hồ sơ: one required document (an upload slot when applying online)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveIntegerField(default=0)
    name = models.TextField(_("tên giấy tờ"))
    template_name = models.CharField(_("mẫu đơn, tờ khai"), max_length=500, blank=True)
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    quantity_text = models.CharField(_("số lượng (nguyên văn)"), max_length=255, blank=True)
    required = models.BooleanField(_("bắt buộc"), default=True)
    condition = models.TextField(
        _("trường hợp áp dụng"),
        blank=True,
        help_text=_(
            "Để trống nếu luôn phải nộp; nếu có, giấy tờ chỉ cần khi thuộc trường hợp này."
        ),
    )

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["procedure", "position", "id"]

    def __str__(self) -> str:
        return self.name


class ProcedureChannel(ChoiceLabels):
    """Cách thức thực hiện: per channel, the processing time and the fee."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField(_("hình thức nộp"), max_length=16, choices=Channel.choices)
    time_value = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    time_unit = models.CharField(
        _("đơn vị thời gian"), max_length=16, choices=TimeUnit.choices, blank=True
    )
    time_text = models.CharField(_("thời hạn (nguyên văn)"), max_length=255, blank=True)
    fee_vnd = models.BigIntegerField(
        _("phí, lệ phí (đồng)"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu chưa có thông tin; 0 nếu miễn phí."),
    )
    fee_text = models.TextField(_("phí, lệ phí (nguyên văn)"), blank=True)
    note = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("cách thức thực hiện")
        verbose_name_plural = _("cách thức thực hiện")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "channel"], name="uniq_procedure_channel")
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} {self.get_channel_display()}"


class Offering(models.Model):
    """A unit offers a procedure at an online level (1–4). Raising 3 → 4 is a data change."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="offerings"
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="offerings"
    )
    online_level = models.PositiveSmallIntegerField(
        _("mức độ trực tuyến"), choices=OnlineLevel.choices, default=OnlineLevel.PARTIAL
    )

    class Meta:
        verbose_name = _("thủ tục do đơn vị cung cấp")
        verbose_name_plural = _("thủ tục do đơn vị cung cấp")
        constraints = [
            models.UniqueConstraint(fields=["unit", "procedure"], name="uniq_unit_procedure")
        ]
        indexes = [models.Index(fields=["procedure", "online_level"])]

    def __str__(self) -> str:
        return _("%(unit)s – %(code)s (mức %(level)s)") % {
            "unit": self.unit,
            "code": self.procedure.code,
            "level": self.online_level,
        }
