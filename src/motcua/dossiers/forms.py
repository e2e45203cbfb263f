"""Input forms of the applicant pages and the API (validation only; writes are in services)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.accounts.validators import normalise_cccd, normalise_phone, normalise_tax_code
from motcua.catalog.eform import REQUIRED, style_widgets

from .models import Dossier, ResultDelivery

APPLICANT_FIELDS = [
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
]


class ApplicantForm(forms.ModelForm):
    """The applicant's details (prefilled from the profile, frozen at submission)."""

    class Meta:
        model = Dossier
        fields = APPLICANT_FIELDS
        labels = {
            "applicant_name": _("Họ và tên / tên tổ chức"),
            "applicant_id_number": _("Số CCCD hoặc mã số thuế"),
        }
        help_texts = {
            "applicant_id_number": _("CCCD gồm 12 chữ số; mã số thuế gồm 10 hoặc 13 chữ số."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True
            field.error_messages["required"] = REQUIRED["text"] % {"label": field.label}
        style_widgets(self)

    def clean_applicant_id_number(self) -> str:
        value = self.cleaned_data["applicant_id_number"]
        for normalise in (normalise_cccd, normalise_tax_code):
            try:
                return normalise(value)
            except ValidationError:
                continue
        raise ValidationError(_("Nhập số CCCD (12 chữ số) hoặc mã số thuế (10 hoặc 13 chữ số)."))

    def clean_applicant_phone(self) -> str:
        return normalise_phone(self.cleaned_data["applicant_phone"])


DELIVERY_FIELDS = ["result_delivery", "post_recipient", "post_phone", "post_address"]
POSTAL_FIELDS = DELIVERY_FIELDS[1:]


class DeliveryForm(forms.ModelForm):
    """How the applicant receives the result, among `choices` (dossiers.selectors
    .delivery_choices); by post, to whom and where. Left blank, the dossier gets the default
    of its level (payments.services)."""

    class Meta:
        model = Dossier
        fields = DELIVERY_FIELDS
        widgets = {"result_delivery": forms.RadioSelect}
        labels = {
            "result_delivery": _("Cách nhận kết quả"),
            "post_recipient": _("Họ và tên người nhận"),
            "post_phone": _("Số điện thoại người nhận"),
            "post_address": _("Địa chỉ nhận (số nhà, đường, xã/phường, tỉnh/thành phố)"),
        }
        help_texts = {
            "post_recipient": _("Chỉ điền khi nhận kết quả qua bưu chính."),
        }

    def __init__(self, *args, choices: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result_delivery"].choices = [(c, ResultDelivery(c).label) for c in choices]
        self.fields["result_delivery"].required = False
        self.fields["result_delivery"].error_messages["invalid_choice"] = _(
            "Cách nhận kết quả này không áp dụng cho thủ tục tại nơi tiếp nhận đã chọn."
        )
        for name in POSTAL_FIELDS:
            self.fields[name].required = False
        style_widgets(self)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("result_delivery") != ResultDelivery.POST:
            return {**cleaned, **dict.fromkeys(POSTAL_FIELDS, "")}
        for name in POSTAL_FIELDS:
            if not (cleaned.get(name) or "").strip():
                self.add_error(name, REQUIRED["text"] % {"label": self.fields[name].label})
        if cleaned.get("post_phone"):
            try:
                cleaned["post_phone"] = normalise_phone(cleaned["post_phone"])
            except ValidationError as error:
                self.add_error("post_phone", error)
        return cleaned


class UnitChoiceForm(forms.Form):
    unit = forms.ModelChoiceField(
        queryset=None,
        label=_("Nơi tiếp nhận hồ sơ"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Chọn nơi tiếp nhận hồ sơ.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class UploadForm(forms.Form):
    files = forms.FileField(
        label=_("Chọn tệp"),
        widget=forms.ClearableFileInput(attrs={"allow_multiple_selected": True}),
        error_messages={"required": _("Chọn ít nhất một tệp để tải lên.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "Mỗi tệp tối đa %(file)s MB; cả hồ sơ tối đa %(dossier)s MB."
        ) % {"file": settings.MOTCUA_MAX_UPLOAD_MB, "dossier": settings.MOTCUA_MAX_DOSSIER_MB}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        error_messages={"required": _("Nhập lý do.")},
    )
