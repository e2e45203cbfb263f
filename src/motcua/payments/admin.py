"""Read-only views of fees, payments and their events for administrators: every change
goes through the services (the staff dossier page), never through the admin."""

from django.contrib import admin

from .models import Fee, Payment, PaymentEvent


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Fee)
class FeeAdmin(ReadOnly):
    list_display = ["dossier", "purpose", "amount_vnd", "status", "settled_at"]
    list_filter = ["status"]
    search_fields = ["dossier__code", "purpose"]


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ["reference", "dossier", "amount_vnd", "method", "status", "paid_at"]
    list_filter = ["status", "method", "provider"]
    search_fields = ["reference", "dossier__code", "provider_transaction", "receipt_number"]


@admin.register(PaymentEvent)
class PaymentEventAdmin(ReadOnly):
    list_display = ["at", "payment", "kind", "accepted", "code", "message"]
    list_filter = ["kind", "accepted"]
    search_fields = ["payment__reference", "code"]
