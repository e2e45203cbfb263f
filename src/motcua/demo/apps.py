from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data for Khánh Hòa. It sits above every other app because it fills all of them;
    a production deployment never runs it."""

    name = "motcua.demo"
    label = "demo"
    verbose_name = _("Dữ liệu mẫu")

    def ready(self):
        # Importing the loaders registers every demo module's logins for `demo_accounts`.
        from . import loaders  # noqa: F401
