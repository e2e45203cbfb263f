"""The province admin's side: the messages sent (failed ones can be resent) and the templates
(edited with a preview on a real dossier; a template that would not render is refused)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.tasks import TaskResultStatus
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.core.models import ScheduledRun
from motcua.core.scheduler import JOBS_BY_NAME
from motcua.core.selectors import latest_runs
from motcua.processing.selectors import is_province_admin

from . import selectors, services
from .events import EVENTS
from .models import Delivery, DeliveryStatus, MessageTemplate, SmsRecord
from .rendering import TemplateInvalid, check


class ProvinceAdminOnly:
    """Messages and their texts concern the whole province: its admins (and superusers)."""

    def has_module_permission(self, request):
        return is_province_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_province_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_province_admin(request.user)


@admin.register(Delivery)
class DeliveryAdmin(ProvinceAdminOnly, admin.ModelAdmin):
    list_display = ["created_at", "to", "channel", "event", "subject", "status", "attempts"]
    list_filter = ["status", "channel", "event"]
    search_fields = ["to", "subject", "key", "dossier__code"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    list_select_related = ["dossier"]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Gửi lại các thông báo gửi lỗi đã chọn"))
    def resend(self, request, queryset):
        failed = list(queryset.filter(status=DeliveryStatus.FAILED).values_list("pk", flat=True))
        for delivery_id in failed:
            services.resend(delivery_id)
        self.message_user(
            request,
            ngettext(
                "Đã đưa %(count)d thông báo vào hàng đợi gửi lại.",
                "Đã đưa %(count)d thông báo vào hàng đợi gửi lại.",
                len(failed),
            )
            % {"count": len(failed)},
            messages.SUCCESS,
        )


class MessageTemplateForm(forms.ModelForm):
    event = forms.ChoiceField(
        label=_("sự kiện"), choices=[(name, event.label) for name, event in EVENTS.items()]
    )

    class Meta:
        model = MessageTemplate
        fields = ["event", "language", "subject", "body", "sms"]

    def clean(self):
        cleaned = super().clean()
        event = EVENTS.get(cleaned.get("event"))
        if event is None:
            return cleaned
        for name in ("subject", "body", "sms"):
            if cleaned.get(name):
                try:
                    check(cleaned[name], set(event.fields))
                except TemplateInvalid as invalid:
                    self.add_error(name, invalid.message)
        return cleaned


@admin.register(MessageTemplate)
class MessageTemplateAdmin(ProvinceAdminOnly, admin.ModelAdmin):
    form = MessageTemplateForm
    list_display = ["event_label", "language", "subject", "updated_at", "preview_link"]
    list_filter = ["language", "event"]
    readonly_fields = ["fields_help"]

    def has_add_permission(self, request):
        return is_province_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("sự kiện"))
    def event_label(self, obj):
        event = EVENTS.get(obj.event)
        return event.label if event else obj.event

    @admin.display(description=_("các trường dùng được"))
    def fields_help(self, obj):
        events = [EVENTS[obj.event]] if obj and obj.pk and obj.event in EVENTS else EVENTS.values()
        return format_html_join(
            "", "<p>{}: {}</p>", ((event.label, _placeholders(event)) for event in events)
        )

    @admin.display(description=_("xem thử"))
    def preview_link(self, obj):
        url = reverse("admin:notifications_messagetemplate_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Xem thử"))

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/xem-thu/", preview, name="notifications_messagetemplate_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk: int):
        """The saved template rendered on a real dossier (by its code, else the latest)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        template = get_object_or_404(MessageTemplate, pk=pk)
        code = request.GET.get("ma", "").strip()[:64]
        preview = selectors.preview(template, code)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Xem thử mẫu thông báo"),
            "template_row": template,
            "code": code,
            "preview": preview,
        }
        return TemplateResponse(request, "admin/notifications/preview.html", context)


def _placeholders(event) -> str:
    return ", ".join("{{ " + name + " }}" for name in sorted(event.fields))


@admin.register(SmsRecord)
class SmsRecordAdmin(ProvinceAdminOnly, admin.ModelAdmin):
    """The texts the demo SMS provider 'sent' (MOTCUA_SMS_PROVIDER = "database")."""

    list_display = ["created_at", "to", "text"]
    search_fields = ["to", "text"]
    readonly_fields = [f.name for f in SmsRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


TASK_STATES = {
    TaskResultStatus.READY: _("Đang chờ chạy"),
    TaskResultStatus.RUNNING: _("Đang chạy"),
    TaskResultStatus.SUCCESSFUL: _("Đã chạy xong"),
    TaskResultStatus.FAILED: _("Chạy lỗi"),
}


@admin.register(ScheduledRun)
class ScheduledRunAdmin(ProvinceAdminOnly, admin.ModelAdmin):
    """The last run of each periodic job (motcua.core.scheduler), read-only. Registered here
    rather than in core: the province admin role belongs to the apps above the kernel."""

    list_display = ["job_label", "schedule", "slot", "claimed_at", "node", "state", "finished"]
    list_display_links = None

    def get_queryset(self, request):
        return latest_runs()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("công việc"), ordering="job")
    def job_label(self, obj):
        job = JOBS_BY_NAME.get(obj.job)
        return job.label if job else obj.job

    @admin.display(description=_("lịch chạy"))
    def schedule(self, obj):
        job = JOBS_BY_NAME.get(obj.job)
        return job.schedule.describe() if job else "—"

    @admin.display(description=_("kết quả"))
    def state(self, obj):
        return TASK_STATES.get(obj.task_status, "—")

    @admin.display(description=_("chạy xong lúc"))
    def finished(self, obj):
        return obj.task_finished_at
