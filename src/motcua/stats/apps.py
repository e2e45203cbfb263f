from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "motcua.stats"
    label = "stats"
    verbose_name = _("Thống kê, báo cáo")

    def ready(self) -> None:
        from motcua.dossiers.services import register_transition_hook

        from .services import keep_counts

        # After processing's keep_clock (installed earlier): the appointment is settled.
        register_transition_hook(keep_counts)
