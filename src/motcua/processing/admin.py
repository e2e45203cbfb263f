from django.contrib import admin

from .models import Apology, DossierProcess, Route, RouteStep, StaffPolicy


class RouteStepInline(admin.TabularInline):
    model = RouteStep
    extra = 1
    raw_id_fields = ["unit"]


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    list_display = ["procedure", "unit"]
    list_select_related = ["procedure", "unit"]
    search_fields = ["procedure__code", "procedure__name", "unit__name"]
    raw_id_fields = ["unit", "procedure"]
    inlines = [RouteStepInline]


@admin.register(StaffPolicy)
class StaffPolicyAdmin(admin.ModelAdmin):
    """Only a province admin (superuser) changes the staff policy; there is one row."""

    list_display = ["__str__", "require_totp"]

    def has_add_permission(self, request):
        return request.user.is_superuser and not StaffPolicy.objects.exists()

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DossierProcess)
class DossierProcessAdmin(admin.ModelAdmin):
    list_display = ["dossier", "step_index", "step_due_at", "timeliness"]
    list_select_related = ["dossier"]
    readonly_fields = [f.name for f in DossierProcess._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Apology)
class ApologyAdmin(admin.ModelAdmin):
    list_display = ["dossier", "new_appointment_at", "status"]
    list_select_related = ["dossier"]
    readonly_fields = [f.name for f in Apology._meta.fields]

    def has_add_permission(self, request):
        return False
