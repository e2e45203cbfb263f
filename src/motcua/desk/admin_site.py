"""The Django admin as province admins see it: Vietnamese names for the apps and models of
third-party packages (which ship no Vietnamese), and their technical tables (login lockouts,
TOTP devices, task results) for superusers only. Installed in place of
"django.contrib.admin" (`AdminConfig`), so `admin.site` is this site for every app."""

from functools import partial

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils.translation import gettext_lazy as _

# Apps whose tables only a superuser needs (they are kept by the packages, not by people).
TECHNICAL_APPS = frozenset({"axes", "otp_totp", "django_tasks_database"})
APP_NAMES = {
    "account": _("Tài khoản đăng nhập"),
    "axes": _("Khóa đăng nhập sai nhiều lần"),
    "otp_totp": _("Xác thực hai bước"),
    "django_tasks_database": _("Tác vụ nền"),
}
MODEL_NAMES = {
    ("account", "emailaddress"): _("Địa chỉ thư điện tử"),
    ("axes", "accessattempt"): _("Lần đăng nhập sai"),
    ("axes", "accessfailurelog"): _("Nhật ký đăng nhập sai"),
    ("axes", "accesslog"): _("Nhật ký đăng nhập"),
    ("otp_totp", "totpdevice"): _("Thiết bị xác thực TOTP"),
    ("django_tasks_database", "dbtaskresult"): _("Kết quả tác vụ"),
}
PERMISSIONS = (
    "has_module_permission",
    "has_view_permission",
    "has_add_permission",
    "has_change_permission",
    "has_delete_permission",
)


class MotCuaAdminSite(admin.AdminSite):
    site_header = _("Quản trị MotCua")
    site_title = _("Quản trị MotCua")
    index_title = _("Quản trị hệ thống")

    def _build_app_dict(self, request, label=None):
        apps = super()._build_app_dict(request, label)
        for app in [apps] if label else apps.values():
            if not app:
                continue
            app["name"] = APP_NAMES.get(app["app_label"], app["name"])
            for model in app["models"]:
                key = (app["app_label"], model["object_name"].lower())
                model["name"] = MODEL_NAMES.get(key, model["name"])
        return apps


def _superuser_and(allowed, request, *args) -> bool:
    return bool(request.user.is_superuser) and allowed(request, *args)


def keep_technical_tables_for_superusers(site: admin.AdminSite) -> None:
    """Every permission of the technical apps' admins also requires a superuser (the index,
    the lists and direct addresses alike)."""
    for model, model_admin in site._registry.items():
        if model._meta.app_label in TECHNICAL_APPS:
            for name in PERMISSIONS:
                setattr(model_admin, name, partial(_superuser_and, getattr(model_admin, name)))


class AdminConfig(DjangoAdminConfig):
    default_site = "motcua.desk.admin_site.MotCuaAdminSite"

    def ready(self):
        super().ready()  # autodiscover: every app's admin module is registered now
        keep_technical_tables_for_superusers(admin.site)
