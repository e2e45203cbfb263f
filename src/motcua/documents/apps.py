from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "motcua.documents"
    label = "documents"
    verbose_name = _("Biểu mẫu")

    def ready(self) -> None:
        from motcua.processing.services import register_approval_hook

        from .services import sign_on_approval

        register_approval_hook(sign_on_approval)
