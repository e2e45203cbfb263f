from django.contrib import admin
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext_lazy as _

from motcua.core.models import AuditEvent, CalendarOverride
from motcua.core.services import delete_calendar_override, save_calendar_override


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    """Announced day swaps and extra days off; weekends and public holidays come from the
    `holidays` package and need no row here."""

    list_display = ["day", "weekday", "kind", "note", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["note"]
    date_hierarchy = "day"
    readonly_fields = ["updated_at"]

    @admin.display(description=_("thứ"), ordering="day")
    def weekday(self, obj: CalendarOverride) -> str:
        return format_date(obj.day, "l")

    def save_model(self, request, obj, form, change):
        save_calendar_override(obj)

    def delete_model(self, request, obj):
        delete_calendar_override(obj)

    def delete_queryset(self, request, queryset):
        for override in queryset:
            delete_calendar_override(override)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is written by the application and never edited."""

    list_display = ["at", "actor_username", "action", "object_type", "object_id", "ip", "detail"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "actor_username", "ip", "detail"]
    date_hierarchy = "at"
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
