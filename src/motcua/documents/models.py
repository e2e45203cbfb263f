"""Electronic results: the PDF issued for a dossier (uploaded by the specialist or made from
a template), signed by the leader's approval, and which procedures get a generated one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultSource(models.TextChoices):
    UPLOADED = "uploaded", _("Tệp do chuyên viên tải lên")
    GENERATED = "generated", _("Tạo từ mẫu")


class GeneratedResult(models.TextChoices):
    """The built-in templates of simple results (documents/results/<value>.html)."""

    PROMOTION_NOTICE = (
        "promotion-notice",
        _("Xác nhận tiếp nhận thông báo thực hiện khuyến mại"),
    )


class ResultTemplate(models.Model):
    """A procedure whose result is made from a built-in template (no upload needed)."""

    procedure = models.OneToOneField(
        "catalog.Procedure",
        verbose_name=_("thủ tục"),
        on_delete=models.CASCADE,
        related_name="result_template",
    )
    template = models.CharField(_("mẫu kết quả"), max_length=40, choices=GeneratedResult.choices)

    class Meta:
        verbose_name = _("mẫu kết quả điện tử")
        verbose_name_plural = _("mẫu kết quả điện tử")

    def __str__(self) -> str:
        return f"{self.procedure.code} – {self.get_template_display()}"


class DossierResult(models.Model):
    """The result of one dossier, a PDF in the private storage. Before signing it can be
    replaced; signing replaces `file` by the signed PDF once and for all, and `sha256` is
    then the digest of exactly the bytes the applicant receives (what verification compares)."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="result"
    )
    file = models.FileField(max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64, db_index=True)
    source = models.CharField(_("nguồn"), max_length=16, choices=ResultSource.choices)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    prepared_at = models.DateTimeField(_("chuẩn bị lúc"))
    signed_at = models.DateTimeField(_("ký số lúc"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signer_name = models.CharField(_("người ký"), max_length=255, blank=True)
    certificate_subject = models.CharField(_("chứng thư số"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("kết quả điện tử")
        verbose_name_plural = _("kết quả điện tử")

    def __str__(self) -> str:
        return f"{self.dossier} – {self.original_name}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None
