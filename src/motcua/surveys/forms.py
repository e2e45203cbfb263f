"""The survey form: the seed's questions (agree / disagree), the main benefit and the two
overall questions, each required; the comment optional."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Agreement, Benefit, Response, Satisfaction

CHOICE_MESSAGE = _("Chọn một câu trả lời cho “%(label)s”.")


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Response
        fields = [
            "info_clear",
            "account_simple",
            "sending_smooth",
            "processing_fast",
            "benefit",
            "ease",
            "overall",
            "comment",
        ]
        labels = {"comment": _("Góp ý thêm")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = {"benefit": Benefit.choices, "ease": Satisfaction.choices}
        for name, field in self.fields.items():
            if name == "comment":
                field.required = False
                field.widget = forms.Textarea(attrs={"rows": 3, "class": "form-control"})
                field.max_length = 2000
                continue
            field.widget = forms.RadioSelect(
                choices=choices.get(
                    name, Satisfaction.choices if name == "overall" else Agreement.choices
                )
            )
            field.choices = field.widget.choices
            field.error_messages["required"] = CHOICE_MESSAGE % {"label": field.label}
            field.error_messages["invalid_choice"] = CHOICE_MESSAGE % {"label": field.label}
