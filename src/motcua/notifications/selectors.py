"""Reads: the failed messages of a dossier, a person's choices, a template's preview."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier, Status

from . import rendering
from .events import EVENTS, change_values, site_url, site_values
from .models import Delivery, DeliveryStatus, MessageTemplate, Preference


def failed_for_dossier(dossier_id: int) -> QuerySet[Delivery]:
    """Messages about the dossier that gave up after their last attempt (partial index)."""
    return Delivery.objects.filter(dossier_id=dossier_id, status=DeliveryStatus.FAILED).only(
        "pk", "to", "channel", "event", "subject", "attempts", "error", "created_at"
    )


def preference_of(user) -> Preference:
    """The user's saved choices, or the defaults (not saved)."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


@dataclass(frozen=True)
class Preview:
    subject: str
    body: str
    sms: str
    dossier: Dossier | None


def preview(template: MessageTemplate, code: str = "") -> Preview:
    """`template` rendered on the dossier with `code` (else the latest submitted one), in the
    template's language; the staff digest shows a sample list."""
    dossiers = Dossier.objects.exclude(status=Status.DRAFT).select_related("procedure", "unit")
    dossier = (dossiers.filter(code__iexact=code) if code else dossiers.order_by("-pk")).first()
    with translation.override(template.language):
        if template.event == "staff_digest" or dossier is None:
            values = {
                **site_values(),
                "ten_can_bo": _("Nguyễn Văn A"),
                "so_ho_so": "2",
                "danh_sach_ho_so": "- 000.00.01.H56-261203-0001 · …\n- …",
            }
        else:
            entry = dossier.history.order_by("-at").first()
            values = {
                **change_values(dossier, entry, template.event),
                "ten_can_bo": _("Nguyễn Văn A"),
                "lien_ket_can_bo": site_url(reverse("desk:detail", args=[dossier.pk])),
            }
    allowed = EVENTS[template.event].fields if template.event in EVENTS else set()
    values = {name: value for name, value in values.items() if name in allowed}
    return Preview(
        subject=rendering.render(template.subject, values, one_line=True),
        body=rendering.render(template.body, values),
        sms=rendering.render(template.sms, values, one_line=True),
        dossier=dossier,
    )
