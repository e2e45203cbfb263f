from django.contrib import admin
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext_lazy as _

from motcua.core.models import CalendarOverride
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
