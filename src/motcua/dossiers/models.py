"""Dossiers (hồ sơ): what an applicant submits, its files and its status history.

Status codes are the national portal's (1–10) plus an internal 0 = draft that is never
synced. Every status change goes through `dossiers.services.change_status`, which checks
`TRANSITIONS`, bumps `Dossier.version` and appends a `StatusHistory` row; a change that keeps
the status (a hand-over between steps) goes through `dossiers.services.record_step`.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.core.models import ChoiceLabels


class Status(models.IntegerChoices):
    DRAFT = 0, _("Nháp")
    NEW = 1, _("Mới đăng ký")
    RECEIVED = 2, _("Được tiếp nhận")
    NOT_RECEIVED = 3, _("Không được tiếp nhận")
    PROCESSING = 4, _("Đang xử lý")
    SUPPLEMENT = 5, _("Yêu cầu bổ sung giấy tờ")
    FINANCIAL = 6, _("Yêu cầu thực hiện nghĩa vụ tài chính")
    WITHDRAWN = 7, _("Công dân yêu cầu rút hồ sơ")
    STOPPED = 8, _("Dừng xử lý")
    DONE = 9, _("Đã xử lý xong")
    RETURNED = 10, _("Đã trả kết quả")


NO_APPOINTMENT = (Status.NOT_RECEIVED, Status.WITHDRAWN, Status.STOPPED)


class DossierChannel(models.IntegerChoices):
    DIRECT = 1, _("Trực tiếp")
    ONLINE = 2, _("Trực tuyến")
    POST = 3, _("Bưu chính công ích")


class ResultDelivery(models.TextChoices):
    """How the applicant receives the result, chosen at submission; not chosen, the default
    of the dossier's level is set then (payments.services.on_transition). "" only for a
    dossier filed before the choice existed: the desk hands its result over."""

    DESK = "desk", _("Nhận trực tiếp tại Bộ phận một cửa")
    ELECTRONIC = "electronic", _("Nhận kết quả điện tử trên Cổng (toàn trình)")
    POST = "post", _("Nhận bản giấy qua dịch vụ bưu chính công ích")


class Dossier(ChoiceLabels):
    """One dossier. `applicant_*` fields are frozen at submission (the profile may change
    later); `values` holds the e-form answers by field name; `version` grows by one on
    every status change (optimistic check for callers that pass `expected_version`)."""

    code = models.CharField(_("mã hồ sơ"), max_length=64, unique=True, null=True, blank=True)
    status = models.PositiveSmallIntegerField(
        _("trạng thái"), choices=Status.choices, default=Status.DRAFT
    )
    channel = models.PositiveSmallIntegerField(
        _("hình thức nộp"), choices=DossierChannel.choices, default=DossierChannel.ONLINE
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossiers",
        db_index=False,  # dossier_mine_idx (applicant, -updated_at) serves its lookups
    )
    applicant_name = models.CharField(_("họ và tên"), max_length=255, blank=True)
    applicant_id_number = models.CharField(
        _("số định danh / mã số thuế"), max_length=32, blank=True
    )
    applicant_phone = models.CharField(_("số điện thoại"), max_length=32, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("thủ tục"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("phiên bản thủ tục"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,  # dossier_queue_idx (unit, status, submitted_at) serves its lookups
    )
    values = models.JSONField(_("nội dung biểu mẫu"), default=dict, blank=True)
    # The unit's online level (catalog.OnlineLevel) for the procedure when the dossier was
    # submitted; set once by payments' transition hook, never changed afterwards.
    online_level = models.PositiveSmallIntegerField(
        _("mức độ trực tuyến khi nộp"), null=True, blank=True, editable=False
    )
    result_delivery = models.CharField(
        _("hình thức nhận kết quả"),
        max_length=12,
        choices=ResultDelivery.choices,
        blank=True,
        default="",
        db_default="",
    )
    # The postal address of a result sent by post (ResultDelivery.POST), and the tracking
    # number (mã vận đơn) the desk records when it posts it.
    post_recipient = models.CharField(
        _("người nhận bưu phẩm"), max_length=255, blank=True, default="", db_default=""
    )
    post_phone = models.CharField(
        _("số điện thoại người nhận"), max_length=32, blank=True, default="", db_default=""
    )
    post_address = models.CharField(
        _("địa chỉ nhận kết quả"), max_length=500, blank=True, default="", db_default=""
    )
    post_tracking_number = models.CharField(
        _("mã vận đơn"), max_length=30, blank=True, default="", db_default="", editable=False
    )
    supplement_request = models.TextField(_("nội dung yêu cầu bổ sung"), blank=True)
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    received_at = models.DateTimeField(_("ngày tiếp nhận"), null=True, blank=True)
    appointment_at = models.DateTimeField(_("ngày hẹn trả"), null=True, blank=True)
    finished_at = models.DateTimeField(_("ngày xử lý xong"), null=True, blank=True)
    returned_at = models.DateTimeField(_("ngày trả kết quả"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    # Liên thông: the unit of the current route step while it is not this dossier's own unit
    # (kept by processing with each step), so that the partner's queue is an index lookup.
    partner_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị liên thông đang xử lý"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the partial dossier_partner_idx below serves its lookups
    )
    # The API client's Idempotency-Key of a one-request submission: a retry with the same key
    # gets the dossier already made instead of a second one (unique per applicant).
    client_key = models.CharField(
        _("khóa chống gửi trùng"),
        max_length=64,
        blank=True,
        default="",
        db_default="",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "submitted_at"], name="dossier_queue_idx"),
            models.Index(fields=["applicant", "-updated_at"], name="dossier_mine_idx"),
            # The staff queue filters one status and orders by submission; with the visibility
            # OR (unit or current step's unit) the per-unit index above cannot serve it.
            models.Index(fields=["status", "submitted_at"], name="dossier_status_idx"),
            # The staff queue's default order (by appointment) and its due-state tabs.
            models.Index(
                fields=["unit", "status", "appointment_at", "submitted_at"],
                name="dossier_due_idx",
            ),
            models.Index(
                fields=["partner_unit", "status", "submitted_at"],
                name="dossier_partner_idx",
                condition=models.Q(partner_unit__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "client_key"],
                condition=~models.Q(client_key=""),
                name="uniq_dossier_client_key",
            )
        ]

    def __str__(self) -> str:
        return self.code or str(_("Hồ sơ nháp #%(id)s") % {"id": self.pk})

    def get_absolute_url(self) -> str:
        return reverse("dossiers:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def collects_at_desk(self) -> bool:
        """The result is handed over at the desk (chosen, or never chosen: walk-in, older)."""
        return self.result_delivery in ("", ResultDelivery.DESK)

    @property
    def shows_appointment(self) -> bool:
        """A refused, withdrawn or stopped dossier has no result to return: no appointment."""
        return self.appointment_at is not None and self.status not in NO_APPOINTMENT

    @property
    def receipt_form(self) -> str:
        """The receipt the applicant can print: Mẫu 01 once the desk received the dossier,
        before that the acknowledgement of online submission; "" for neither."""
        if self.received_at is not None:
            return "mau-01"
        if self.status == Status.NEW and self.channel == DossierChannel.ONLINE:
            return "xac-nhan"
        return ""


class DossierCounter(models.Model):
    """The last number issued per receiving unit per (local) day; see services.issue_code."""

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="uniq_dossier_counter")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.last}"


class StatusHistory(ChoiceLabels):
    """Append-only: one row per status change (rows are never updated or deleted)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="history")
    from_status = models.PositiveSmallIntegerField(_("từ trạng thái"), choices=Status.choices)
    to_status = models.PositiveSmallIntegerField(_("sang trạng thái"), choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # Internal (staff only) unless the officer chose to address the note to the applicant;
    # the applicant's own notes and the reasons printed on the letters sent to them
    # (refusal, supplement, stop) are for the applicant.
    note_for_applicant = models.BooleanField(
        _("ghi chú gửi người nộp"), default=False, db_default=False
    )
    step = models.CharField(_("bước xử lý"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("lịch sử trạng thái")
        verbose_name_plural = _("lịch sử trạng thái")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    @property
    def applicant_note(self) -> str:
        """The note as the applicant may see it ('' for an internal note)."""
        return self.note if self.note_for_applicant else ""

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("StatusHistory is append-only")
        super().save(*args, **kwargs)


class FileKind(models.TextChoices):
    APPLICATION = "application", _("Nộp cùng hồ sơ")
    SUPPLEMENT = "supplement", _("Bổ sung")


class DossierFile(models.Model):
    """One uploaded file in a slot (`document_id` = id of the required document in the
    procedure version's snapshot). Stored in the private default storage under a random name."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    document_id = models.PositiveIntegerField(_("thành phần hồ sơ"))
    file = models.FileField(max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    content_type = models.CharField(_("loại tệp"), max_length=100)
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(
        _("loại"), max_length=16, choices=FileKind.choices, default=FileKind.APPLICATION
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["document_id", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
