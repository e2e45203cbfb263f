from django.contrib import admin

from .models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts"]
    list_filter = ["status", "channel"]
    search_fields = ["to", "subject", "key"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
