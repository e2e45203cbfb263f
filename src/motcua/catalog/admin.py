from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import eform, services
from .models import Field, Offering, Procedure, ProcedureChannel, RequiredDocument
from .selectors import search_procedures


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):
        services.save_field(obj)


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0
    fields = ("position", "name", "template_name", "originals", "copies", "required")
    fields += ("condition",)


class ProcedureChannelInline(admin.TabularInline):
    model = ProcedureChannel
    extra = 0
    fields = ("channel", "time_value", "time_unit", "time_text", "fee_vnd", "fee_text", "note")


class OfferingInline(admin.TabularInline):
    model = Offering
    extra = 0
    autocomplete_fields = ("unit",)


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    """Saving here records a new version when the content changed (services.current_version)
    and recomputes the highest online level from the offerings."""

    form = eform.ProcedureAdminForm
    list_display = ("code", "name", "field", "max_online_level", "version", "has_problems")
    list_filter = ("max_online_level", "field")
    list_select_related = ("field",)
    search_fields = ("code",)
    autocomplete_fields = ("field",)
    inlines = (RequiredDocumentInline, ProcedureChannelInline, OfferingInline)
    readonly_fields = ("version", "max_online_level", "import_problems", "raw_text")
    fieldsets = (
        (None, {"fields": ("code", "name", "field", "version", "max_online_level")}),
        (
            _("Thông tin công bố"),
            {
                "fields": (
                    "implementing_levels",
                    "procedure_type",
                    "decision_number",
                    "applicant_types",
                    "competent_authority",
                    "implementing_agency",
                    "receiving_address",
                    "steps",
                    "conditions",
                    "result",
                    "legal_basis",
                    "source_url",
                )
            },
        ),
        (_("Nộp trực tuyến"), {"fields": ("form_schema", "accepted_file_types")}),
        (
            _("Dữ liệu nhập"),
            {"classes": ("collapse",), "fields": ("import_problems", "raw_text")},
        ),
    )

    @admin.display(boolean=True, description=_("có vấn đề khi nhập"))
    def has_problems(self, obj: Procedure) -> bool:
        return bool(obj.import_problems)

    def get_search_results(self, request, queryset, search_term):
        """Accent- and word-order-insensitive, like the portal's search."""
        if not search_term:
            return queryset, False
        return queryset.filter(pk__in=search_procedures(search_term).values("pk")), False

    def save_model(self, request, obj, form, change):
        services.save_procedure_edits(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.refresh_max_online_level([form.instance.pk])
        services.current_version(form.instance)


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ("procedure", "unit", "online_level")
    list_filter = ("online_level", "unit__kind")
    list_select_related = ("procedure", "unit")
    search_fields = ("procedure__code", "procedure__name", "unit__name")
    autocomplete_fields = ("unit", "procedure")

    def get_readonly_fields(self, request, obj=None):
        """Which unit offers which procedure is fixed once saved; delete and add to change."""
        return ("unit", "procedure") if obj else ()

    def save_model(self, request, obj, form, change):
        saved = services.set_offering(obj.unit, obj.procedure, obj.online_level)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.refresh_max_online_level([obj.procedure_id])

    def delete_queryset(self, request, queryset):
        procedure_ids = list(queryset.values_list("procedure_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        services.refresh_max_online_level(procedure_ids)
