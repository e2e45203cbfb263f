"""The public feedback form. No captcha service: a honeypot field people never see, a
minimum time between showing the form and sending it (a signed timestamp), and the rate
limit of the view."""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier, Status
from motcua.org.models import Unit

from .models import Kind, SupportContact, Topic
from .services import Sending

MIN_FILL_SECONDS = 4
STARTED_SALT = "motcua.feedback.started"
TOO_FAST = _("Phản ánh được gửi quá nhanh. Vui lòng kiểm tra lại nội dung rồi bấm Gửi lần nữa.")


def started_token() -> str:
    return signing.TimestampSigner(salt=STARTED_SALT).sign("form")


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=Kind.choices, widget=forms.RadioSelect)
    topic = forms.ChoiceField(
        label=_("Phản ánh về"), choices=Topic.choices, widget=forms.RadioSelect
    )
    unit = forms.ModelChoiceField(
        label=_("Cơ quan, đơn vị"),
        queryset=Unit.objects.filter(is_active=True).order_by("sort_order", "name"),
        required=False,
        help_text=_(
            "Đơn vị được phản ánh hoặc nơi thực hiện thủ tục. Không cần chọn khi phản ánh về hồ sơ."
        ),
    )
    procedure = forms.CharField(
        label=_("Mã thủ tục"),
        max_length=32,
        required=False,
        help_text=_("Ghi mã thủ tục (xem trên trang thủ tục), nếu phản ánh về một thủ tục."),
    )
    dossier = forms.ModelChoiceField(
        label=_("Hồ sơ"), queryset=Dossier.objects.none(), required=False
    )
    sender_name = forms.CharField(label=_("Họ và tên"), max_length=255)
    sender_email = forms.EmailField(
        label=_("Thư điện tử"), help_text=_("Câu trả lời sẽ được gửi đến địa chỉ này.")
    )
    sender_phone = forms.CharField(label=_("Số điện thoại"), max_length=32, required=False)
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    content = forms.CharField(
        label=_("Nội dung"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    publish_consent = forms.BooleanField(
        label=_("Tôi đồng ý công khai phản ánh và câu trả lời (không kèm họ tên, liên lạc)"),
        required=False,
    )
    website = forms.CharField(required=False, label=_("Để trống ô này"))  # the honeypot
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and user.is_authenticated:
            self.fields["dossier"].queryset = (
                Dossier.objects.filter(applicant_id=user.pk)
                .exclude(status=Status.DRAFT)
                .order_by("-submitted_at")
            )
        else:
            self.fields["topic"].choices = [c for c in Topic.choices if c[0] != Topic.DOSSIER]
            del self.fields["dossier"]
        for field in self.fields.values():
            if not isinstance(
                field.widget, forms.RadioSelect | forms.CheckboxInput | forms.HiddenInput
            ):
                field.widget.attrs.setdefault(
                    "class",
                    "form-select" if isinstance(field.widget, forms.Select) else "form-control",
                )
            if field.required:
                field.error_messages["required"] = _("Nhập “%(label)s”.") % {"label": field.label}

    def clean_started(self) -> str:
        try:
            signing.TimestampSigner(salt=STARTED_SALT).unsign(
                self.cleaned_data["started"], max_age=86400
            )
            stamp = signing.b62_decode(self.cleaned_data["started"].split(":")[1])
        except (signing.BadSignature, IndexError, ValueError):
            raise forms.ValidationError(TOO_FAST) from None
        if time.time() - stamp < MIN_FILL_SECONDS:
            raise forms.ValidationError(TOO_FAST)
        return self.cleaned_data["started"]

    def clean_procedure(self) -> Procedure | None:
        code = self.cleaned_data["procedure"].strip()
        if not code:
            return None
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            raise forms.ValidationError(_("Không có thủ tục mã “%(code)s”.") % {"code": code})
        return procedure

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(TOO_FAST)
        topic = data.get("topic")
        if topic == Topic.DOSSIER and not data.get("dossier"):
            self.add_error("dossier", _("Chọn hồ sơ được phản ánh."))
        if (
            topic == Topic.PROCEDURE
            and not data.get("procedure")
            and "procedure" not in self.errors
        ):
            self.add_error("procedure", _("Ghi mã thủ tục được phản ánh."))
        if topic in (Topic.PROCEDURE, Topic.UNIT) and not data.get("unit"):
            self.add_error("unit", _("Chọn cơ quan, đơn vị tiếp nhận phản ánh."))
        return data

    def sending(self) -> Sending:
        data = self.cleaned_data
        return Sending(
            kind=data["kind"],
            topic=data["topic"],
            sender_name=data["sender_name"],
            sender_email=data["sender_email"],
            sender_phone=data.get("sender_phone", ""),
            title=data["title"],
            content=data["content"],
            unit=data.get("unit") if data["topic"] != Topic.DOSSIER else None,
            procedure=data.get("procedure") if data["topic"] == Topic.PROCEDURE else None,
            dossier=data.get("dossier") if data["topic"] == Topic.DOSSIER else None,
            publish_consent=data.get("publish_consent", False),
        )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
    )
    upheld = forms.BooleanField(label=_("Khiếu nại, phản ánh có cơ sở (đúng)"), required=False)


class ForwardForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Chuyển đến đơn vị"),
        queryset=Unit.objects.filter(is_active=True).order_by("sort_order", "name"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class ContactForm(forms.ModelForm):
    class Meta:
        model = SupportContact
        fields = ["office", "address", "phone", "email", "hours", "help_text"]
        widgets = {"help_text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
