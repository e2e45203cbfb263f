from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    label = "payments"
    verbose_name = _("Phí, lệ phí và thanh toán")

    def ready(self) -> None:
        from motcua.dossiers.services import register_change_listener, register_transition_hook

        from .services import on_change, on_transition

        register_transition_hook(on_transition)
        register_change_listener(on_change)
