"""Reads of feedback: the staff list (filtered by the units where the officer holds a role,
in the query), one item for staff (404 outside their units), the public Q&A and tracking."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from motcua.core.calendar import working_hours_between
from motcua.core.text import search_words
from motcua.org.models import Role
from motcua.org.selectors import holds_role, staff_roles, staff_unit_ids
from motcua.processing.models import DueState

from .models import Feedback, State

DUE_SOON_HOURS = Decimal(8)  # one working day, as in the dossier queue


def _staff_filter(user) -> Q:
    if not staff_roles(user):
        return Q(pk__in=[])
    if user.is_superuser or holds_role(user, Role.PROVINCE_ADMIN):
        return Q()
    return Q(unit_id__in=staff_unit_ids(user))


def for_staff(user, *, state: str = "", late: bool = False) -> QuerySet[Feedback]:
    items = Feedback.objects.filter(_staff_filter(user)).select_related("unit", "procedure")
    if state:
        items = items.filter(state=state)
    if late:
        items = items.filter(state=State.OPEN, due_at__lt=timezone.now())
    return items.order_by("state", "due_at", "id")


def staff_item(user, pk: int) -> Feedback:
    item = (
        Feedback.objects.filter(_staff_filter(user))
        .select_related("unit", "procedure", "dossier")
        .prefetch_related("files", "events__unit")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    return item


def staff_file(user, pk: int, file_id: int):
    item = staff_item(user, pk)
    file = item.files.filter(pk=file_id).first()
    if file is None:
        raise Http404
    return file


@dataclass(frozen=True)
class DueStatus:
    state: str
    label: str


def due_status(item: Feedback, at: datetime | None = None) -> DueStatus | None:
    """In time / due soon (one working day or less left) / late, for open items."""
    if item.state != State.OPEN:
        return None
    left = working_hours_between(at or timezone.now(), item.due_at)
    if left < 0:
        state = DueState.LATE
    elif left <= DUE_SOON_HOURS:
        state = DueState.DUE_SOON
    else:
        state = DueState.IN_TIME
    return DueStatus(state=state, label=str(DueState(state).label))


def by_code(code: str) -> Feedback | None:
    """The item of a (random, unguessable) code, for the sender following it."""
    code = (code or "").strip().upper()[:20]
    return Feedback.objects.select_related("unit").filter(code=code).first() if code else None


def published(q: str | None = None) -> QuerySet[Feedback]:
    """Answered items whose sender agreed to publish them, matching the words of `q` with
    accents folded (as the procedure search)."""
    items = Feedback.objects.filter(state=State.ANSWERED, publish_consent=True)
    for word in search_words(q):
        items = items.filter(search_text__contains=word)
    return items.select_related("unit", "procedure").order_by("-answered_at", "-id")
