from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "motcua.catalog"
    label = "catalog"
    verbose_name = _("Danh mục thủ tục hành chính")

    def ready(self):
        """Cached catalogue figures (selectors.catalogue_cached) start a new generation on any
        save or delete of what they are computed from. A cache key, not an event between
        apps: the one place where model signals are the right tool (admin edits included)."""
        from django.db.models.signals import post_delete, post_save

        from motcua.org.models import Unit

        from . import models, services

        for model in (
            models.Procedure,
            models.Field,
            models.Offering,
            models.ProcedureChannel,
            models.RequiredDocument,
            Unit,
        ):
            post_save.connect(services.catalogue_changed, sender=model, dispatch_uid=f"cat-{model}")
            post_delete.connect(
                services.catalogue_changed, sender=model, dispatch_uid=f"cat-del-{model}"
            )
