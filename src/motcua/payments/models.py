"""Fees a dossier owes, the payments made for them and every message about a payment.

A `Fee` is one amount (integer đồng) for one purpose of one dossier, made from the frozen
catalogue when the dossier is received, or by an officer. A `Payment` pays exactly one fee
of one dossier (`dossier` is always `fee.dossier`, kept for per-unit reports); at most one
payment of a fee is paid (a partial unique constraint). A `PaymentEvent` is an append-only
record of what happened (start, browser return, IPN, status query, desk), refused messages
included, so staff see a forged or wrong-amount notification."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import ChoiceLabels


class FeeStatus(models.TextChoices):
    DUE = "due", _("Chưa nộp")
    PAID = "paid", _("Đã nộp")
    EXEMPT = "exempt", _("Được miễn")


class Fee(ChoiceLabels):
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="fees"
    )
    purpose = models.CharField(_("khoản thu"), max_length=500)
    # None: the catalogue gives no fixed amount (per copy, per page): an officer enters it.
    amount_vnd = models.BigIntegerField(_("số tiền (đồng)"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=FeeStatus.choices, default=FeeStatus.DUE
    )
    exemption_reason = models.TextField(_("lý do miễn thu"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    settled_at = models.DateTimeField(_("thời điểm nộp / miễn"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phí, lệ phí của hồ sơ")
        verbose_name_plural = _("phí, lệ phí của hồ sơ")
        ordering = ["dossier", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_vnd__gte=0) | models.Q(amount_vnd__isnull=True),
                name="fee_amount_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.purpose}"

    @property
    def payable_online(self) -> bool:
        return self.status == FeeStatus.DUE and bool(self.amount_vnd)


class FeeChange(models.Model):
    """Append-only: an officer's correction of a fee's amount, with the reason."""

    fee = models.ForeignKey(Fee, on_delete=models.CASCADE, related_name="changes")
    old_amount_vnd = models.BigIntegerField(null=True)
    new_amount_vnd = models.BigIntegerField()
    reason = models.TextField(_("lý do"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("điều chỉnh phí")
        verbose_name_plural = _("điều chỉnh phí")
        ordering = ["fee", "at", "id"]

    def __str__(self) -> str:
        return f"{self.fee_id}: {self.old_amount_vnd} → {self.new_amount_vnd}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("FeeChange is append-only")
        super().save(*args, **kwargs)


class PaymentMethod(models.TextChoices):
    ONLINE = "online", _("Thanh toán trực tuyến")
    CASH = "cash", _("Tiền mặt tại bộ phận một cửa")
    TRANSFER = "transfer", _("Chuyển khoản")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ xác nhận")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Không thành công")
    # Paid at the gateway for a fee another payment had settled already: to be refunded.
    DUPLICATE = "refund", _("Nộp trùng – cần hoàn tiền")


class Payment(ChoiceLabels):
    reference = models.CharField(_("mã thanh toán"), max_length=32, unique=True)
    fee = models.ForeignKey(Fee, on_delete=models.PROTECT, related_name="payments")
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="payments"
    )
    method = models.CharField(_("hình thức"), max_length=10, choices=PaymentMethod.choices)
    provider = models.CharField(_("cổng thanh toán"), max_length=32, blank=True)
    amount_vnd = models.BigIntegerField(_("số tiền (đồng)"))
    status = models.CharField(
        _("trạng thái"),
        max_length=8,
        choices=PaymentStatus.choices,
        default=PaymentStatus.PENDING,
    )
    # What the provider needs again later (its transaction date, its query address).
    provider_data = models.JSONField(default=dict, blank=True)
    provider_transaction = models.CharField(_("mã giao dịch"), max_length=64, blank=True)
    verified_by = models.CharField(_("xác nhận qua"), max_length=16, blank=True)
    receipt_number = models.CharField(_("số biên lai"), max_length=64, blank=True)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(_("thời điểm thanh toán"), null=True, blank=True)

    class Meta:
        verbose_name = _("thanh toán")
        verbose_name_plural = _("thanh toán")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["fee"],
                condition=models.Q(status="paid"),
                name="uniq_paid_payment_per_fee",
            ),
            models.CheckConstraint(condition=models.Q(amount_vnd__gt=0), name="payment_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="payment_pending_idx"),
            models.Index(fields=["paid_at"], name="payment_paid_at_idx"),
        ]

    def __str__(self) -> str:
        return self.reference


class EventKind(models.TextChoices):
    START = "start", _("Khởi tạo")
    RETURN = "return", _("Trình duyệt quay về")
    NOTIFY = "ipn", _("Thông báo từ cổng (IPN)")
    QUERY = "query", _("Truy vấn trạng thái")
    DESK = "desk", _("Thu tại bộ phận một cửa")


class PaymentEvent(ChoiceLabels):
    """Append-only. `payment` is None for a notification naming no payment of ours."""

    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("loại"), max_length=8, choices=EventKind.choices)
    accepted = models.BooleanField(_("chấp nhận"), default=True)
    code = models.CharField(_("mã kết quả"), max_length=8, blank=True)
    message = models.CharField(_("nội dung"), max_length=255, blank=True)
    params = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện thanh toán")
        verbose_name_plural = _("sự kiện thanh toán")
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("PaymentEvent is append-only")
        super().save(*args, **kwargs)


class SandboxTransaction(models.Model):
    """The sandbox gateway's own record of an order it was sent (development and demo only):
    what it answers to status queries, and what its IPN task sends."""

    txn_ref = models.CharField(max_length=32, unique=True)
    params = models.JSONField(default=dict)
    amount = models.BigIntegerField()  # × 100, as the protocol carries it
    response_code = models.CharField(max_length=2, blank=True)
    transaction_no = models.CharField(max_length=16, blank=True)
    ipn_url = models.CharField(max_length=500, blank=True)
    ipn_answer = models.CharField(max_length=255, blank=True)
    ipn_attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.txn_ref
