from django import template

from ..forms import PreferenceForm
from ..selectors import failed_for_dossier, preference_of

register = template.Library()


@register.inclusion_tag("notifications/failed_section.html", takes_context=True)
def failed_messages(context, dossier):
    """The staff dossier page's list of messages that could not be sent, with "Gửi lại"."""
    return {
        "dossier": dossier,
        "failed": list(failed_for_dossier(dossier.pk)),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("notifications/preference_card.html", takes_context=True)
def notification_preferences(context, form=None):
    """The applicant's choice of channels and language, for the profile page."""
    user = context["request"].user
    return {
        "form": form or PreferenceForm(instance=preference_of(user)),
        "csrf_token": context.get("csrf_token"),
    }
