"""Staff-page pieces written in Python: the queue shows 20 rows on every visit of every
officer, and rendering them with the template language cost about a third of the page."""

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from motcua.core.templatetags.motcua import moment
from motcua.dossiers.models import Dossier
from motcua.processing.selectors import Deadline

register = template.Library()
BADGE_CLASSES = {"late": "text-bg-danger", "due_soon": "text-bg-warning"}
STEP_LINE = '<br><small class="text-body-secondary">{}</small>'
ROW = (
    '<tr><td><a href="{}">{}</a></td><td>{}</td>'
    '<td class="small">{}<br><span class="text-body-secondary">{}</span></td>'
    "<td>{}</td><td>{}{}</td><td>{}</td><td>{}</td></tr>"
)


@register.simple_tag
def deadline_badge(deadline: Deadline | None) -> SafeString:
    """The coloured badge of a deadline and the working hours left or overdue ('' for none)."""
    if not deadline:
        return SafeString("")
    hours = floatformat(deadline.hours_left, 1)
    if deadline.hours_left is not None and deadline.hours_left >= 0:
        left = _("còn %(hours)s giờ làm việc") % {"hours": hours}
    else:
        left = _("trễ %(hours)s giờ làm việc") % {"hours": hours.replace("-", "")}
    return format_html(
        '<span class="badge {} due-{}">{}</span> <small class="text-body-secondary">{}</small>',
        BADGE_CLASSES.get(deadline.state, "text-bg-success"),
        deadline.state,
        deadline.label,
        left,
    )


@register.simple_tag
def queue_row(
    dossier: Dossier, status_label: str, deadline: Deadline | None, step: str
) -> SafeString:
    """One row of the staff queue (desk/queue.html has the header)."""
    step_line = format_html(STEP_LINE, step) if step else ""
    return format_html(
        ROW,
        reverse("desk:detail", args=[dossier.pk]),
        dossier.code or "",
        dossier.applicant_name,
        Truncator(dossier.procedure.name).chars(80),
        dossier.unit.name,
        moment(dossier.submitted_at),
        status_label,
        step_line,
        moment(dossier.appointment_at),
        deadline_badge(deadline),
    )
