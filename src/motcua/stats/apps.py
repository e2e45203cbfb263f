from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "motcua.stats"
    label = "stats"
    verbose_name = _("Thống kê, báo cáo")

    def ready(self) -> None:
        from motcua.dossiers.services import register_transition_hook
        from motcua.feedback.services import register_upheld_hook
        from motcua.payments.services import register_paid_hook

        from .services import count_payment, count_upheld, keep_counts

        # After processing's keep_clock (installed earlier): the appointment is settled.
        register_transition_hook(keep_counts)
        register_paid_hook(count_payment)
        register_upheld_hook(count_upheld)
