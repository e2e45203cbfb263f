from django.contrib import admin

from .models import Response


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """Anonymous answers, read-only (they keep no person and are never edited)."""

    list_display = ["month", "unit", "procedure", "overall", "ease"]
    list_filter = ["month", "overall"]
    list_select_related = ["unit", "procedure"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
