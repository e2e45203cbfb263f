from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.forms import SiteFormMixin

from .models import Preference


class PreferenceForm(SiteFormMixin, forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["by_email", "by_sms", "language"]
        widgets = {"language": forms.RadioSelect}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("by_email") and not cleaned.get("by_sms"):
            self.add_error("by_email", _("Chọn ít nhất một cách nhận thông báo."))
        return cleaned
