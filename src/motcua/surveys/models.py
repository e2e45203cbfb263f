"""Satisfaction survey: one invitation per finished dossier, at most one (anonymous) answer.

The invitation knows the dossier (to send the e-mail, to show the button and to refuse a
second answer); the response does NOT: it keeps only what the results are grouped by (unit,
field, procedure, month), so that no one can tell who answered what."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import ChoiceLabels


class Agreement(models.IntegerChoices):
    AGREE = 1, _("Đồng ý")
    DISAGREE = 0, _("Không đồng ý")


class Benefit(models.TextChoices):
    TIME_AND_TRAVEL = (
        "time_travel",
        _("Tiết kiệm thời gian, chi phí đi lại, dễ thực hiện, thực hiện ở bất cứ đâu"),
    )
    TRACKING = "tracking", _("Dễ theo dõi tiến độ giải quyết hồ sơ")
    TRANSPARENCY = "transparency", _("Công khai, minh bạch")
    NONE = "none", _("Chưa thấy lợi ích rõ rệt")


class Satisfaction(models.IntegerChoices):
    VERY_SATISFIED = 2, _("Rất hài lòng")
    SATISFIED = 1, _("Hài lòng")
    DISSATISFIED = 0, _("Không hài lòng")


class Invitation(models.Model):
    """The invitation to rate one dossier; `answered_at` makes the signed link single-use."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="survey_invitation"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lời mời đánh giá")
        verbose_name_plural = _("lời mời đánh giá")

    def __str__(self) -> str:
        return str(self.dossier)


class Response(ChoiceLabels):
    """One anonymous answer (the seed's five questions and the two overall questions)."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    field = models.ForeignKey(
        "catalog.Field",
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng trả lời (không lưu giờ)."))
    info_clear = models.PositiveSmallIntegerField(
        _("Thông tin về thủ tục trực tuyến rõ ràng, dễ hiểu"), choices=Agreement.choices
    )
    account_simple = models.PositiveSmallIntegerField(
        _("Việc tạo tài khoản và đăng nhập đơn giản"), choices=Agreement.choices
    )
    sending_smooth = models.PositiveSmallIntegerField(
        _("Việc gửi hồ sơ thuận lợi, không gặp trục trặc"), choices=Agreement.choices
    )
    processing_fast = models.PositiveSmallIntegerField(
        _("Hồ sơ được giải quyết nhanh, đáp ứng mong đợi"), choices=Agreement.choices
    )
    benefit = models.CharField(_("Lợi ích chính"), max_length=16, choices=Benefit.choices)
    ease = models.PositiveSmallIntegerField(_("Mức độ dễ sử dụng"), choices=Satisfaction.choices)
    overall = models.PositiveSmallIntegerField(
        _("Mức độ hài lòng chung"), choices=Satisfaction.choices
    )
    comment = models.TextField(_("góp ý"), blank=True)

    class Meta:
        verbose_name = _("phiếu đánh giá")
        verbose_name_plural = _("phiếu đánh giá")
        indexes = [models.Index(fields=["month", "unit"]), models.Index(fields=["month", "field"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%m/%Y}"
