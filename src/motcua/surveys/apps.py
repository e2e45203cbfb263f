from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "motcua.surveys"
    label = "surveys"
    verbose_name = _("Đánh giá mức độ hài lòng")

    def ready(self) -> None:
        from motcua.dossiers.services import register_transition_hook

        from .services import invite_on_finish

        register_transition_hook(invite_on_finish)
