"""Forms: the applicant profile, allauth's forms relabelled in Vietnamese, API tokens."""

from allauth.account import forms as allauth_forms
from django import forms
from django.db import transaction
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from . import selectors, services
from .models import ApplicantKind, ApplicantProfile, place_name
from .validators import normalise_cccd, normalise_phone, normalise_tax_code

# allauth's English message for two different passwords (it has no Vietnamese catalogue).
_ALLAUTH_PASSWORD_MISMATCH = "You must type the same password each time."


class SiteFormMixin:
    """Bootstrap classes on the widgets (invalid ones marked; Django adds aria-invalid and
    aria-describedby), and the list of errors for the summary at the top of the page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", _widget_class(field.widget))

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()

    @property
    def error_summary(self) -> list[tuple]:
        """(anchor id, label, message) of every error, for the summary at the top of a page."""
        return _error_summary(self)


def _widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select form-select-lg"
    return "form-control form-control-lg"


def _error_summary(form: forms.Form) -> list[tuple]:
    summary = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = field.label if field else ""
        anchor = form[name].id_for_label if field else ""
        summary.extend((anchor, label, message) for message in errors)
    return summary


MAX_DATABASE_ID = 2**63 - 1


def _parse_id(value) -> int | None:
    """A database id from user input, or None (never a number the database would reject)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_DATABASE_ID else None


# Identifiers asked for by kind of applicant (see ProfileForm.clean).
KIND_FIELDS = ("id_number", "tax_code", "representative")


class PlaceChoiceField(forms.ModelChoiceField):
    """A unit shown as the place it governs ('Phường Lộc Thọ', not 'UBND phường Lộc Thọ')."""

    def label_from_instance(self, unit) -> str:
        return place_name(unit)


class ProfileForm(SiteFormMixin, forms.ModelForm):
    """The applicant's identity and address. The district and commune choices follow the
    chosen province (and district), so an address can only be a real branch of the tree."""

    kind = forms.ChoiceField(
        label=_("Bạn đăng ký với tư cách"),
        choices=ApplicantKind.choices,
        widget=forms.RadioSelect,
        initial=ApplicantKind.INDIVIDUAL,
    )

    class Meta:
        model = ApplicantProfile
        fields = services.PROFILE_TEXT_FIELDS + services.PROFILE_UNIT_FIELDS
        widgets = {
            "id_number": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "address_line": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }
        field_classes = {
            "province": PlaceChoiceField,
            "district": PlaceChoiceField,
            "commune": PlaceChoiceField,
        }
        labels = {"address_line": _("Số nhà, tên đường, thôn, tổ dân phố")}
        help_texts = {
            "address_line": "",
            "id_number": _("12 chữ số trên căn cước công dân (chỉ dành cho công dân)."),
            "tax_code": _("10 chữ số, chi nhánh dạng 0123456789-001 (bắt buộc với doanh nghiệp)."),
            "representative": _("Họ tên người đại diện theo pháp luật (tổ chức, doanh nghiệp)."),
            "phone": _("Ví dụ: 0905123456 hoặc +84 905 123 456."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        province_id = self._chosen("province")
        districts = selectors.districts_of(province_id)
        district_id = self._chosen("district")
        if district_id and not districts.filter(pk=district_id).exists():
            district_id = None  # the province changed: the old district no longer applies
        self.fields["province"].queryset = selectors.provinces()
        self.fields["district"].queryset = districts
        self.fields["commune"].queryset = selectors.communes_of(province_id, district_id)
        for name in ("province", "district", "commune"):
            self.fields[name].empty_label = _("– Chọn –")
        for name in KIND_FIELDS:
            self.fields[name].depends_on_kind = True  # not marked "optional" on the page

    def _chosen(self, name: str) -> int | None:
        """The unit picked so far: from the submitted data, else from the initial values."""
        if self.is_bound:
            return _parse_id(self.data.get(self.add_prefix(name)))
        return _parse_id(self.initial.get(name))

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"]
        return normalise_cccd(value) if value else ""

    def clean_tax_code(self) -> str:
        value = self.cleaned_data["tax_code"]
        return normalise_tax_code(value) if value else ""

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        required = {
            ApplicantKind.INDIVIDUAL: {"id_number": _("Vui lòng nhập số CCCD.")},
            ApplicantKind.ORGANISATION: {
                "representative": _("Vui lòng nhập họ tên người đại diện.")
            },
            ApplicantKind.BUSINESS: {
                "tax_code": _("Vui lòng nhập mã số thuế của doanh nghiệp."),
                "representative": _("Vui lòng nhập họ tên người đại diện."),
            },
        }.get(kind, {})
        for name, message in required.items():
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)
        return cleaned


class VietnameseLabelsMixin(SiteFormMixin):
    """Vietnamese labels for allauth's fields, no English placeholders or help."""

    labels: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            if name in self.fields:
                self.fields[name].label = label
                self.fields[name].help_text = ""
                self.fields[name].widget.attrs.pop("placeholder", None)

    def add_error(self, field, error):
        if str(error) == _ALLAUTH_PASSWORD_MISMATCH:
            error = gettext_now("Hai lần nhập mật khẩu không giống nhau.")
        super().add_error(field, error)


class LoginForm(VietnameseLabelsMixin, allauth_forms.LoginForm):
    labels = {"login": _("Tên đăng nhập hoặc email"), "password": _("Mật khẩu")}


class SignupForm(VietnameseLabelsMixin, allauth_forms.SignupForm):
    """allauth's email + password, plus the applicant profile (a second form on the same data,
    so everything typed comes back on an error)."""

    labels = {
        "email": _("Thư điện tử (email)"),
        "password1": _("Mật khẩu"),
        "password2": _("Nhập lại mật khẩu"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile_form = ProfileForm(self.data or None, initial=self.initial)
        self.fields["email"].help_text = _("Chúng tôi gửi thư xác thực đến địa chỉ này.")

    def is_valid(self) -> bool:
        account_valid = super().is_valid()
        return self.profile_form.is_valid() and account_valid

    @property
    def error_summary(self) -> list[tuple]:
        return _error_summary(self) + _error_summary(self.profile_form)

    def save(self, request):
        with transaction.atomic():
            user = super().save(request)
            services.save_applicant_profile(user, self.profile_form.cleaned_data)
        return user


class ResetPasswordForm(VietnameseLabelsMixin, allauth_forms.ResetPasswordForm):
    labels = {"email": _("Thư điện tử (email) đã đăng ký")}


class ResetPasswordKeyForm(VietnameseLabelsMixin, allauth_forms.ResetPasswordKeyForm):
    labels = {"password1": _("Mật khẩu mới"), "password2": _("Nhập lại mật khẩu mới")}


class ChangePasswordForm(VietnameseLabelsMixin, allauth_forms.ChangePasswordForm):
    labels = {
        "oldpassword": _("Mật khẩu hiện tại"),
        "password1": _("Mật khẩu mới"),
        "password2": _("Nhập lại mật khẩu mới"),
    }


class AddEmailForm(VietnameseLabelsMixin, allauth_forms.AddEmailForm):
    labels = {"email": _("Địa chỉ email mới")}


class ApiTokenForm(SiteFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        help_text=_("Ví dụ: phần mềm kế toán của công ty."),
    )
