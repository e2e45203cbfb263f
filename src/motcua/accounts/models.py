from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .validators import validate_cccd, validate_phone, validate_tax_code


def place_name(unit) -> str:
    """The administrative name of a unit as a place (its GSO name), else its own name."""
    return unit.gso_name or unit.name


def address_of(address_line: str, places) -> str:
    """The address line, then the names of the places given (units, or anything with a
    `name` and a `gso_name`; None for a level not filled in), as printed on forms."""
    return ", ".join([address_line, *(place_name(place) for place in places if place)])


class ApplicantKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Công dân")
    ORGANISATION = "organisation", _("Tổ chức")
    BUSINESS = "business", _("Doanh nghiệp")


def _address_unit(label) -> models.ForeignKey:
    """One level of the address (province, district or commune) picked from the unit tree."""
    return models.ForeignKey(
        "org.Unit",
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class ApplicantProfile(models.Model):
    """Who submits dossiers: a citizen (CCCD), an organisation or a business (tax code)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="applicant_profile",
    )
    kind = models.CharField(
        _("đối tượng"),
        max_length=16,
        choices=ApplicantKind.choices,
        default=ApplicantKind.INDIVIDUAL,
    )
    full_name = models.CharField(
        _("họ và tên / tên tổ chức"),
        max_length=255,
        help_text=_("Họ và tên công dân, hoặc tên đầy đủ của tổ chức, doanh nghiệp."),
    )
    id_number = models.CharField(
        _("số CCCD"), max_length=12, blank=True, db_index=True, validators=[validate_cccd]
    )
    tax_code = models.CharField(
        _("mã số thuế"), max_length=14, blank=True, db_index=True, validators=[validate_tax_code]
    )
    representative = models.CharField(_("người đại diện"), max_length=255, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=16, validators=[validate_phone])
    address_line = models.CharField(
        _("địa chỉ"), max_length=255, help_text=_("Số nhà, tên đường, thôn, tổ dân phố.")
    )
    province = _address_unit(_("tỉnh, thành phố"))
    district = _address_unit(_("quận, huyện, thị xã"))
    commune = _address_unit(_("xã, phường, thị trấn"))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ người nộp")
        verbose_name_plural = _("hồ sơ người nộp")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_address(self) -> str:
        """Address line then commune, district, province, as printed on forms."""
        return address_of(self.address_line, (self.commune, self.district, self.province))


class ApiToken(models.Model):
    """A bearer token for the API. Only the SHA-256 of the key is stored: a leaked database
    does not leak usable tokens; the key itself is shown once, when it is created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("tiền tố"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa truy cập API")
        verbose_name_plural = _("khóa truy cập API")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
