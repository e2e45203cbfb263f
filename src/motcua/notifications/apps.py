from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        from motcua.dossiers.services import register_change_listener

        from .services import on_dossier_change

        register_change_listener(on_dossier_change)
