from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessingConfig(AppConfig):
    name = "motcua.processing"
    label = "processing"
    verbose_name = _("Quy trình xử lý")

    def ready(self) -> None:
        from motcua.dossiers.services import register_transition_hook

        from .services import keep_clock

        register_transition_hook(keep_clock)
