"""Fee boxes the dossiers and desk pages include: `{% load payments %}` then
`{% fee_notice dossier %}` (check page, before submitting), `{% applicant_fees dossier %}`
(the applicant's dossier page) and `{% staff_fees dossier %}` (the staff dossier page)."""

from django import template

from motcua.dossiers.models import Status
from motcua.org.models import Role
from motcua.processing.selectors import roles_by_unit

from .. import selectors
from ..models import PaymentMethod
from ..services import PAYABLE

register = template.Library()


@register.inclusion_tag("payments/_fee_notice.html")
def fee_notice(dossier):
    return {"fee": selectors.catalogue_fee(dossier), "online": selectors.pays_online(dossier)}


@register.inclusion_tag("payments/_applicant_fees.html", takes_context=True)
def applicant_fees(context, dossier):
    online = selectors.pays_online(dossier) and dossier.status in PAYABLE
    return {
        "dossier": dossier,
        "fees": selectors.dossier_fees(dossier),
        "online": online,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("payments/_staff_fees.html", takes_context=True)
def staff_fees(context, dossier):
    roles = roles_by_unit(context["request"].user).get(dossier.unit_id, set())
    return {
        "dossier": dossier,
        "fees": selectors.dossier_fees(dossier),
        "catalogue": selectors.catalogue_fee(dossier),
        "can_correct": bool(roles & {Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER}),
        "can_exempt": bool(roles & {Role.DESK_OFFICER, Role.LEADER}),
        "can_collect": Role.DESK_OFFICER in roles,
        "can_add": dossier.status in PAYABLE and dossier.status != Status.NEW,
        "methods": [(m.value, m.label) for m in (PaymentMethod.CASH, PaymentMethod.TRANSFER)],
        "csrf_token": context.get("csrf_token"),
    }
