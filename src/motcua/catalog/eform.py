"""The e-form engine: a procedure's form is a JSON list of fields, e.g.

    [{"name": "ho_ten_cha", "label": "Họ tên cha", "type": "text", "required": true,
      "help": "Ghi bằng chữ in hoa", "validation": {"max_length": 100}},
     {"name": "noi_cap", "type": "unit", "label": "Nơi cấp"},
     {"name": "loai", "type": "choice", "label": "Loại", "choices": ["Cấp mới", "Cấp lại"]}]

Types: text, textarea, number, date, choice (alias select), unit (an org.Unit picker),
checkbox, email, tel. Validation keys: min, max (number), max_length, pattern (text kinds).
`schema_errors` checks a schema (admin); `build_form` turns one into a Django form whose
`json_values()` are what a dossier stores; `display_values` shows stored values to people.
"""

import json
import re
from datetime import date
from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.org.models import Unit

from .models import Procedure

TEXT_TYPES = {"text", "textarea", "email", "tel"}
FIELD_TYPES = TEXT_TYPES | {"number", "date", "choice", "select", "unit", "checkbox"}
VALIDATION_KEYS = {"number": {"min", "max"}, **dict.fromkeys(TEXT_TYPES, {"max_length", "pattern"})}
NAME = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
DEFAULT_MAX_LENGTH = {"textarea": 5000}
# "Nhập …" for what is typed, "Chọn …" for what is picked: the message says what to do.
REQUIRED = {
    "text": gettext_lazy("Nhập “%(label)s”."),
    "choice": gettext_lazy("Chọn “%(label)s”."),
    "unit": gettext_lazy("Chọn “%(label)s”."),
    "checkbox": gettext_lazy("Đánh dấu ô “%(label)s”."),
}
PHONE = RegexValidator(r"^\+?[0-9 .-]{8,15}$", gettext_lazy("Số điện thoại không hợp lệ."))


def schema_errors(schema) -> list[str]:
    """Every problem of a schema, one readable Vietnamese line each (empty list: valid)."""
    if not isinstance(schema, list):
        return [_("Biểu mẫu phải là một danh sách (JSON bắt đầu bằng [ và kết thúc bằng ]).")]
    errors, seen = [], set()
    for position, entry in enumerate(schema, start=1):
        errors += [
            _("Trường thứ %(n)s: %(problem)s") % {"n": position, "problem": problem}
            for problem in _entry_errors(entry, seen)
        ]
    return errors


def _entry_errors(entry, seen: set[str]) -> list[str]:
    if not isinstance(entry, dict):
        return [_("phải là một đối tượng {…}.")]
    problems = []
    name, kind = entry.get("name"), _kind(entry)
    if not isinstance(name, str) or not NAME.match(name):
        problems.append(_("“name” phải là chữ thường không dấu, số hoặc “_”, ví dụ ho_ten."))
    elif name in seen:
        problems.append(_("tên “%(name)s” bị trùng.") % {"name": name})
    seen.add(name)
    if not str(entry.get("label") or "").strip():
        problems.append(_("thiếu nhãn “label”."))
    if kind not in FIELD_TYPES:
        problems.append(
            _("loại “%(type)s” không hỗ trợ; dùng một trong: %(types)s.")
            % {"type": kind, "types": ", ".join(sorted(FIELD_TYPES))}
        )
    choices = entry.get("choices")
    if kind == "choice" and not (
        isinstance(choices, list) and choices and all(isinstance(c, str) for c in choices)
    ):
        problems.append(_("loại lựa chọn cần danh sách “choices” gồm các chuỗi."))
    return problems + _validation_errors(kind, entry.get("validation", {}))


def _validation_errors(kind: str, validation) -> list[str]:
    if not isinstance(validation, dict):
        return [_("“validation” phải là một đối tượng {…}.")]
    allowed = VALIDATION_KEYS.get(kind, set())
    problems = [
        _("ràng buộc “%(key)s” không dùng được cho loại “%(type)s”.") % {"key": k, "type": kind}
        for k in validation
        if k not in allowed
    ]
    for key in ("min", "max", "max_length"):
        if key in validation and not isinstance(validation[key], int | float):
            problems.append(_("“%(key)s” phải là một số.") % {"key": key})
    if "pattern" in validation:
        try:
            re.compile(str(validation["pattern"]))
        except re.error:
            problems.append(_("biểu thức “pattern” không hợp lệ."))
    return problems


def _kind(entry: dict) -> str:
    kind = entry.get("type") or "text"
    return "choice" if kind == "select" else kind


def build_form(schema: list[dict], data=None, *, initial: dict | None = None) -> "EForm":
    """A bound (with `data`) or unbound form for a valid schema, prefilled from `initial`."""
    form = EForm(data=data, initial=initial or {})
    for entry in schema:
        form.fields[entry["name"]] = _form_field(entry)
    style_widgets(form)
    return form


def style_widgets(form: forms.Form) -> None:
    """Bootstrap classes on every widget, so templates can render fields as they are."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class EForm(forms.Form):
    def json_values(self) -> dict:
        """cleaned_data as JSON: numbers as strings, dates ISO, units by id."""
        return {name: _to_json(value) for name, value in self.cleaned_data.items()}


def _to_json(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Unit):
        return value.pk
    return value


def _form_field(entry: dict) -> forms.Field:
    kind, rules = _kind(entry), entry.get("validation") or {}
    label = entry.get("label") or entry["name"]
    common = {
        "label": label,
        "help_text": entry.get("help", ""),
        "required": bool(entry.get("required", False)),
        "error_messages": {"required": REQUIRED.get(kind, REQUIRED["text"]) % {"label": label}},
    }
    if kind == "number":
        return forms.DecimalField(min_value=rules.get("min"), max_value=rules.get("max"), **common)
    if kind == "date":
        widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        formats = ["%Y-%m-%d", "%d/%m/%Y"]
        return forms.DateField(widget=widget, input_formats=formats, **common)
    if kind == "choice":
        choices = [("", _("— Chọn —"))] + [(c, c) for c in entry.get("choices", [])]
        return forms.ChoiceField(choices=choices, **common)
    if kind == "unit":
        units = Unit.objects.filter(is_active=True).order_by("kind", "sort_order", "name")
        return forms.ModelChoiceField(queryset=units, empty_label=_("— Chọn —"), **common)
    if kind == "checkbox":
        return forms.BooleanField(**common)
    return _text_field(kind, rules, common)


def _text_field(kind: str, rules: dict, common: dict) -> forms.Field:
    validators = []
    if rules.get("pattern"):
        message = _("Giá trị không đúng định dạng yêu cầu.")
        validators.append(RegexValidator(rf"^(?:{rules['pattern']})$", message))
    if kind == "tel":
        validators.append(PHONE)
    max_length = int(rules.get("max_length") or DEFAULT_MAX_LENGTH.get(kind, 500))
    field_class = forms.EmailField if kind == "email" else forms.CharField
    widget = forms.Textarea(attrs={"rows": 5}) if kind == "textarea" else None
    return field_class(max_length=max_length, validators=validators, widget=widget, **common)


def display_values(schema: list[dict], values: dict) -> list[tuple[str, str]]:
    """(label, text) for each field, as a person reads them: dates dd/mm/yyyy, units by name."""
    unit_ids = [values.get(e["name"]) for e in schema if _kind(e) == "unit"]
    units = dict(Unit.objects.filter(pk__in=[i for i in unit_ids if i]).values_list("pk", "name"))
    return [
        (e.get("label") or e["name"], _display(e, values.get(e["name"]), units)) for e in schema
    ]


def _display(entry: dict, value, units: dict[int, str]) -> str:
    if value in (None, ""):
        return ""
    kind = _kind(entry)
    if kind == "checkbox":
        return _("Có") if value else _("Không")
    if kind == "unit":
        return units.get(value, "")
    if kind == "date":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except (TypeError, ValueError):
            return str(value)
    return str(value)


class SchemaWidget(forms.Textarea):
    """The schema as indented JSON in a large monospace text area."""

    class Media:
        css = {"all": ["motcua/admin.css"]}  # a class, not style="" (Content Security Policy)

    def __init__(self, attrs=None):
        super().__init__({"rows": 20, "class": "schema-json", **(attrs or {})})


class SchemaFormField(forms.JSONField):
    """Admin form field for Procedure.form_schema: pretty JSON, every problem listed on save."""

    widget = SchemaWidget

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value  # what the admin typed, kept so it can be corrected
        return json.dumps(value, ensure_ascii=False, indent=2)

    def to_python(self, value):
        return super().to_python(value) or []  # empty box: the default form

    def validate(self, value):
        super().validate(value)
        if errors := schema_errors(value):
            raise forms.ValidationError(errors)


class ProcedureAdminForm(forms.ModelForm):
    """The procedure admin's form: the e-form schema edited with SchemaFormField."""

    form_schema = SchemaFormField(
        label=gettext_lazy("Biểu mẫu điện tử"),
        required=False,
        help_text=gettext_lazy(
            "Danh sách trường JSON (xem mô tả trong catalog/eform.py); để trống để dùng "
            "biểu mẫu mặc định (một ô “Nội dung yêu cầu”)."
        ),
    )

    class Meta:
        model = Procedure
        fields = ["form_schema"]
