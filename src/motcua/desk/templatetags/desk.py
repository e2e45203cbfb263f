"""Staff-page pieces written in Python: the queue shows 20 rows on every visit of every
officer, and rendering them with the template language cost about a third of the page."""

from html import escape

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from motcua.core.templatetags.motcua import moment
from motcua.dossiers.models import Dossier
from motcua.processing.selectors import Deadline

register = template.Library()
ID_MARK = 2_147_483_647  # stands for the dossier id in the one reverse() of a page
PROCEDURE_CHARS = 80
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
def queue_rows(rows) -> SafeString:
    """The queue's rows, from (dossier, status label, deadline, step) tuples (desk/queue.html
    has the header). Written with str.format and the standard library's escape: Django's
    format_html, reverse and Truncator per row were half of the rows' cost."""
    link = escape(reverse("desk:detail", args=[ID_MARK])).replace(str(ID_MARK), "{}")
    return SafeString("".join(_row(link.format(row[0].pk), *row) for row in rows))


def _row(url: str, dossier: Dossier, status_label: str, deadline: Deadline | None, step: str):
    procedure = dossier.procedure.name
    if len(procedure) > PROCEDURE_CHARS:
        procedure = procedure[: PROCEDURE_CHARS - 1] + "…"
    return ROW.format(
        url,
        escape(dossier.code or ""),
        escape(dossier.applicant_name),
        escape(procedure),
        escape(dossier.unit.name),
        moment(dossier.submitted_at),
        escape(status_label),
        STEP_LINE.format(escape(step)) if step else "",
        moment(dossier.appointment_at),
        deadline_badge(deadline),
    )
