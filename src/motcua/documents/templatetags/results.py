"""The result panel of the desk's dossier page: `{% load results %}{% result_panel %}`."""

from django import template

from motcua.dossiers.models import Status

from .. import selectors

register = template.Library()


@register.inclusion_tag("documents/_result_panel.html", takes_context=True)
def result_panel(context) -> dict:
    dossier, user = context["dossier"], context["request"].user
    result = selectors.dossier_result(dossier)
    open_for_changes = dossier.status == Status.PROCESSING and not (result and result.is_signed)
    return {
        "dossier": dossier,
        "result": result,
        "full_online": selectors.is_full_online(dossier),
        "can_prepare": open_for_changes and selectors.may_prepare_result(user, dossier),
        "has_template": selectors.result_template(dossier.procedure_id) is not None,
        "csrf_token": context.get("csrf_token"),
    }
