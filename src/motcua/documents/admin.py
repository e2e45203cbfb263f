from django.contrib import admin

from .models import DossierResult, ResultTemplate


@admin.register(ResultTemplate)
class ResultTemplateAdmin(admin.ModelAdmin):
    list_display = ["procedure", "template"]
    autocomplete_fields = ["procedure"]


@admin.register(DossierResult)
class DossierResultAdmin(admin.ModelAdmin):
    """Read only: results change through the desk pages (upload, approval) alone."""

    list_display = ["dossier", "source", "prepared_at", "signed_at", "signer_name"]
    search_fields = ["dossier__code", "sha256"]
    readonly_fields = [field.name for field in DossierResult._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
