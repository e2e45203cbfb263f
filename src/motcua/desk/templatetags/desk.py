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
from motcua.processing.selectors import Deadline, QueueRow

register = template.Library()
ID_MARK = 2_147_483_647  # stands for the dossier id in the one reverse() of a page
PROCEDURE_CHARS = 80
BADGE_CLASSES = {"late": "text-bg-danger", "due_soon": "text-bg-warning"}
OPTION = '<option value="{}"{}>{}</option>'
STEP_LINE = '<br><small class="text-body-secondary">{}</small>'
ROW = (
    '<tr>{}<td><a href="{}">{}</a></td><td>{}</td>'
    '<td class="small">{}<br><span class="text-body-secondary">{}</span></td>'
    "<td>{}</td><td>{}{}{}</td><td>{}</td><td>{}</td></tr>"
)
# The bulk-receive checkbox (its form is outside the table: `form` attribute).
PICK = (
    '<td><input class="form-check-input" type="checkbox" form="bulk-receive" name="ho_so" '
    'value="{}" aria-label="{}"></td>'
)
APOLOGY = (
    '<br><span class="badge text-bg-light border border-danger text-danger-emphasis">{}</span>'
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
def queue_rows(
    rows: list[QueueRow],
    labels: dict[int, str],
    selectable: bool = False,
    apologies: set[int] | frozenset[int] = frozenset(),
) -> SafeString:
    """The queue's rows (desk/queue.html has the header); `labels`: the status labels, already
    translated; `selectable`: a first column of checkboxes (bulk receive); `apologies`: the
    dossiers with an apology letter waiting for a leader, flagged. Written with str.format and
    the standard library's escape: format_html, reverse and Truncator per row were half of
    the rows' cost."""
    link = escape(reverse("desk:detail", args=[ID_MARK])).replace(str(ID_MARK), "{}")
    pick = _("Chọn hồ sơ %(code)s") if selectable else ""
    flag = APOLOGY.format(escape(_("Phiếu xin lỗi chờ duyệt")))
    return SafeString(
        "".join(
            _row(
                link.format(row.pk),
                row,
                labels[row.status],
                PICK.format(row.pk, escape(pick % {"code": row.code})) if pick else "",
                flag if row.pk in apologies else "",
            )
            for row in rows
        )
    )


def _row(url: str, row: QueueRow, status_label: str, pick: str, flag: str) -> str:
    procedure = row.procedure_name
    if len(procedure) > PROCEDURE_CHARS:
        procedure = procedure[: PROCEDURE_CHARS - 1] + "…"
    return ROW.format(
        pick,
        url,
        escape(row.code or ""),
        escape(row.applicant_name),
        escape(procedure),
        escape(row.unit_name),
        moment(row.submitted_at),
        escape(status_label),
        STEP_LINE.format(escape(row.step)) if row.step else "",
        flag,
        moment(row.appointment_at),
        deadline_badge(row.deadline),
    )


@register.simple_tag
def options(choices, selected) -> SafeString:
    """The <option>s of a filter, from (value, label) pairs; the one whose value equals
    `selected` (compared as text: it comes from the query string) is marked."""
    selected = str(selected)
    return SafeString("".join(_option(str(v), str(label), selected) for v, label in choices))


def _option(value: str, label: str, selected: str) -> str:
    return OPTION.format(escape(value), " selected" if value == selected else "", escape(label))
