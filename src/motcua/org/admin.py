from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import StaffRole, Unit, UnitKind
from .services import UnitImportError, next_child_identifier


class UnitForm(forms.ModelForm):
    """The identifier may be left blank for a unit with a parent: the next free one under
    that parent is given (QCVN scheme, see motcua.org.services)."""

    class Meta:
        model = Unit
        fields = (
            *("name", "kind", "parent", "identifier", "is_active", "sort_order"),
            *("gso_code", "gso_name", "division_type", "english_name"),
            *("address", "phone", "email", "opening_hours"),
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["identifier"].required = False

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        if cleaned.get("identifier") or "parent" in self.errors:
            return cleaned
        if parent is None:
            self.add_error("identifier", _("Nhập mã định danh cho đơn vị không có cấp trên."))
            return cleaned
        try:
            cleaned["identifier"] = next_child_identifier(parent)
        except UnitImportError as error:
            self.add_error("parent", str(error))
        return cleaned


class ParentFilter(admin.SimpleListFilter):
    """Filter by parent, offering only units that can have children (province, districts)."""

    title = _("đơn vị cấp trên")
    parameter_name = "parent"

    def lookups(self, request, model_admin):
        parents = Unit.objects.filter(kind__in=[UnitKind.PROVINCE, UnitKind.DISTRICT])
        return [(unit.pk, unit.name) for unit in parents.order_by("kind", "gso_code", "name")]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdecimal():
            return queryset.filter(parent_id=value)
        return queryset


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    form = UnitForm
    list_display = ("name", "kind", "identifier", "gso_code", "parent", "is_active")
    list_filter = ("kind", "is_active", ParentFilter)
    search_fields = ("name", "gso_name", "identifier", "gso_code")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    ordering = ("kind", "sort_order", "gso_code", "name")
    fieldsets = (
        (None, {"fields": ("name", "kind", "parent", "identifier", "is_active", "sort_order")}),
        (
            _("Danh mục đơn vị hành chính"),
            {"fields": ("gso_code", "gso_name", "division_type", "english_name")},
        ),
        (_("Liên hệ"), {"fields": ("address", "phone", "email")}),
    )


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit")
    list_filter = ("role", "unit__kind")
    search_fields = ("user__username", "user__email", "unit__name", "unit__identifier")
    list_select_related = ("user", "unit")
    autocomplete_fields = ("user", "unit")
