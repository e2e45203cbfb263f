from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitorPresence(models.Model):
    """When a visitor (identified by a random cookie) was last seen. Kept in the database so
    that every web process and node counts the same visitors; stale rows are pruned."""

    visitor_key = models.CharField(max_length=64, unique=True)
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("khách đang truy cập")
        verbose_name_plural = _("khách đang truy cập")

    def __str__(self) -> str:
        return self.visitor_key


class SiteCounter(models.Model):
    """A named counter that only grows (e.g. the number of visits), incremented with F()."""

    name = models.CharField(_("tên"), max_length=64, unique=True)
    value = models.BigIntegerField(_("giá trị"), default=0)

    class Meta:
        verbose_name = _("bộ đếm")
        verbose_name_plural = _("bộ đếm")

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"
