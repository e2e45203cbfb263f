from django.contrib import admin

from .models import Feedback, SupportContact


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """A read-only view: answers and forwarding go through the staff pages (services)."""

    list_display = ["code", "kind", "title", "unit", "state", "received_at", "due_at", "upheld"]
    list_filter = ["state", "kind", "upheld"]
    list_select_related = ["unit"]
    search_fields = ["code", "title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SupportContact)
class SupportContactAdmin(admin.ModelAdmin):
    list_display = ["office", "phone", "email"]

    def has_add_permission(self, request):
        return not SupportContact.objects.exists()
