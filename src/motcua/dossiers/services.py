"""Every write to a dossier. The officers' side builds on two functions here:

- `change_status(dossier_id, to_status, *, actor, note="", expected_version=None, step="",
  **fields)`: the ONLY way a dossier changes status. Inside one transaction it locks the row
  (select_for_update), optionally checks `expected_version` (raises ConcurrentUpdate), checks
  the move against `TRANSITIONS` (raises IllegalTransition), sets `fields` (any model fields,
  e.g. supplement_request=..., appointment_at=...), stamps the status's date field
  (`STATUS_TIMESTAMPS`) unless given, bumps `version`, appends a StatusHistory row and, after
  commit, emails the applicant. Role checks are the caller's job.
- `issue_code(unit, at)`: the next dossier code of a receiving unit (walk-in dossiers too).

Errors are `DossierError` subclasses whose `message` is Vietnamese, ready to show.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.org.models import Unit

from .emails import queue_status_email
from .models import Dossier, DossierCounter, Status, StatusHistory

# The national lifecycle, as data: status -> the statuses it may move to.
# 5/6 -> 8: processing stops when the applicant never supplies or pays.
TRANSITIONS: dict[int, frozenset[int]] = {
    Status.DRAFT: frozenset({Status.NEW}),
    Status.NEW: frozenset({Status.RECEIVED, Status.NOT_RECEIVED, Status.WITHDRAWN}),
    Status.RECEIVED: frozenset({Status.PROCESSING, Status.WITHDRAWN}),
    Status.PROCESSING: frozenset(
        {Status.SUPPLEMENT, Status.FINANCIAL, Status.STOPPED, Status.DONE, Status.WITHDRAWN}
    ),
    Status.SUPPLEMENT: frozenset({Status.PROCESSING, Status.STOPPED, Status.WITHDRAWN}),
    Status.FINANCIAL: frozenset({Status.PROCESSING, Status.STOPPED, Status.WITHDRAWN}),
    Status.DONE: frozenset({Status.RETURNED}),
    Status.NOT_RECEIVED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.STOPPED: frozenset(),
    Status.RETURNED: frozenset(),
}

# The date field stamped when a dossier enters a status (unless the caller passes it).
STATUS_TIMESTAMPS: dict[int, str] = {
    Status.NEW: "submitted_at",
    Status.RECEIVED: "received_at",
    Status.DONE: "finished_at",
    Status.RETURNED: "returned_at",
}


class DossierError(Exception):
    """A domain error with a message for the user."""

    default_message = gettext_lazy("Không thể thực hiện thao tác với hồ sơ.")

    def __init__(self, message: str | None = None):
        self.message = str(message or self.default_message)
        super().__init__(self.message)


class IllegalTransition(DossierError):
    default_message = gettext_lazy("Hồ sơ không thể chuyển sang trạng thái này.")


class ConcurrentUpdate(DossierError):
    default_message = gettext_lazy(
        "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang và thực hiện lại."
    )


def can_transition(from_status: int, to_status: int) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def change_status(
    dossier_id: int,
    to_status: int,
    *,
    actor,
    note: str = "",
    expected_version: int | None = None,
    step: str = "",
    **fields,
) -> Dossier:
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
        if expected_version is not None and dossier.version != expected_version:
            raise ConcurrentUpdate()
        if not can_transition(dossier.status, to_status):
            raise IllegalTransition(
                _("Hồ sơ đang ở trạng thái “%(from)s”, không thể chuyển sang “%(to)s”.")
                % {"from": Status(dossier.status).label, "to": Status(to_status).label}
            )
        now = timezone.now()
        stamp = STATUS_TIMESTAMPS.get(to_status)
        if stamp and stamp not in fields:
            fields[stamp] = now
        for name, value in fields.items():
            Dossier._meta.get_field(name)  # an unknown field name fails loudly
            setattr(dossier, name, value)
        from_status = dossier.status
        dossier.status = to_status
        dossier.version += 1
        dossier.save()
        entry = StatusHistory.objects.create(
            dossier=dossier,
            from_status=from_status,
            to_status=to_status,
            actor=actor if getattr(actor, "pk", None) else None,
            note=note,
            step=step,
        )
        queue_status_email(dossier, entry)
    return dossier


def issue_code(unit: Unit, at: datetime) -> str:
    """The next code `{unit identifier}-{yyMMdd}-{NNNN}` of `unit` for the local day of `at`.

    Must run inside the transaction that saves the dossier. Safe under concurrency because the
    (unit, day) counter row is locked with select_for_update until that transaction ends: a
    second submission to the same unit waits, then reads the committed number. Creating the
    day's row races only on the unique (unit, day) constraint, and get_or_create then reads the
    winner's row (locking it). If the submission rolls back, so does the increment, so no one
    ever saw the number; Dossier.code's unique constraint is the last guard against a duplicate.
    """
    day = timezone.localdate(at)
    counter, _created = DossierCounter.objects.select_for_update().get_or_create(unit=unit, day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{unit.identifier}-{day:%y%m%d}-{counter.last:04d}"
