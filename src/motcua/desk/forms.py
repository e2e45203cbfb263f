from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Mã xác thực (6 chữ số)"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Nhập đúng 6 chữ số từ ứng dụng xác thực.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
