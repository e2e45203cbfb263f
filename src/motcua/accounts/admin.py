from django.contrib import admin

from .models import ApiToken, ApplicantProfile


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(admin.ModelAdmin):
    list_display = ("full_name", "kind", "id_number", "tax_code", "phone", "user")
    list_filter = ("kind",)
    search_fields = ("full_name", "id_number", "tax_code", "phone", "user__email")
    raw_id_fields = ("user", "province", "district", "commune")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "user", "created_at", "last_used_at", "revoked_at")
    search_fields = ("name", "prefix", "user__username")
    raw_id_fields = ("user",)
    readonly_fields = ("prefix", "created_at", "last_used_at")
