from django.contrib import admin

from .models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """Thresholds and maxima of the Decision 766 indicators (province admins edit them)."""

    list_display = ("code", "name", "threshold", "max_points")
    list_editable = ("threshold", "max_points")
    readonly_fields = ("code",)

    def has_add_permission(self, request) -> bool:
        return False  # the indicators the system computes are fixed; their numbers are data

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
