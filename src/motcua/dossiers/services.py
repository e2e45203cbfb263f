"""Every write to a dossier. The officers' side builds on two functions here:

- `change_status(dossier_id, to_status, *, actor, note="", expected_version=None, step="",
  **fields)`: the ONLY way a dossier changes status. Inside one transaction it locks the row
  (select_for_update), optionally checks `expected_version` (raises ConcurrentUpdate), checks
  the move against `TRANSITIONS` (raises IllegalTransition), sets `fields` (any model fields,
  e.g. supplement_request=..., appointment_at=...), stamps the status's date field
  (`STATUS_TIMESTAMPS`) unless given, bumps `version`, appends a StatusHistory row and tells
  the change listeners (notifications queue messages, sent after commit). Role checks are
  the caller's job. The applicant's actions here (submit, send_supplement) already hold the
  row lock: they apply the same change (`_change_locked`) to that row instead of locking it
  again.
- `record_step(dossier_id, *, actor, step, note="", expected_version=None, event="",
  **fields)`: a change that keeps the status (hand-over between processing steps, new
  appointment), with the same lock, version bump and history row. These two are the only writers of
  `version` and StatusHistory.
- `register_transition_hook(hook)`: how processing keeps the clock (pause / resume) inside
  every status change without dossiers importing processing; `register_change_listener`
  likewise lets notifications hear of every change.
- `issue_code(unit, at)`: the next dossier code of a receiving unit (walk-in dossiers too).

Errors are `DossierError` subclasses whose `message` is Vietnamese, ready to show.
"""

import logging
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime
from functools import partial

from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.selectors import has_verified_email, prefill_profile
from motcua.catalog.eform import build_form
from motcua.catalog.models import Procedure
from motcua.catalog.services import current_version
from motcua.core.calendar import CalendarError, add_working_time
from motcua.core.outage import is_outage
from motcua.core.queries import one_or_none
from motcua.core.text import nfc
from motcua.org.models import Unit

from . import selectors
from .forms import APPLICANT_FIELDS, DELIVERY_FIELDS, ApplicantForm, DeliveryForm
from .models import (
    Dossier,
    DossierChannel,
    DossierCounter,
    DossierFile,
    FileKind,
    ResultDelivery,
    Status,
    StatusHistory,
)
from .uploads import CheckedFile, UploadRejected, accepted_types, check_upload, storage_name

logger = logging.getLogger(__name__)
MAX_VALUE_LENGTH = 10_000
SAVE_FAILED = gettext_lazy("Chưa lưu được tệp do sự cố hệ thống. Vui lòng thử lại sau ít phút.")
SUBMIT_FAILED = gettext_lazy("Chưa nộp được hồ sơ do sự cố hệ thống. Vui lòng thử lại sau ít phút.")
FILE_KIND_BY_STATUS = {Status.DRAFT: FileKind.APPLICATION, Status.SUPPLEMENT: FileKind.SUPPLEMENT}

# The national lifecycle, as data: status -> the statuses it may move to.
# 5/6 -> 8: processing stops when the applicant never supplies or pays.
TRANSITIONS: dict[int, frozenset[int]] = {
    Status.DRAFT: frozenset({Status.NEW}),
    # 1 -> 5: the desk asks for a supplement before receiving an incomplete dossier (Mẫu 02);
    # 5 -> 1: the applicant's supplement returns it to the desk.
    Status.NEW: frozenset(
        {Status.RECEIVED, Status.NOT_RECEIVED, Status.SUPPLEMENT, Status.WITHDRAWN}
    ),
    Status.RECEIVED: frozenset({Status.PROCESSING, Status.WITHDRAWN}),
    Status.PROCESSING: frozenset(
        {Status.SUPPLEMENT, Status.FINANCIAL, Status.STOPPED, Status.DONE, Status.WITHDRAWN}
    ),
    Status.SUPPLEMENT: frozenset({Status.NEW, Status.PROCESSING, Status.STOPPED, Status.WITHDRAWN}),
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
    at: datetime | None = None,
    note_for_applicant: bool = False,
    **fields,
) -> Dossier:
    """Move the dossier to `to_status` (see the module docstring); `at` is the moment of the
    change for the clock (defaults to now; processing passes its own clock). The note is
    internal unless `note_for_applicant`."""
    with transaction.atomic():
        dossier = _locked_for_change(dossier_id, expected_version)
        _change_locked(
            dossier,
            to_status,
            actor=actor,
            note=note,
            step=step,
            at=at,
            fields=fields,
            note_for_applicant=note_for_applicant,
        )
    return dossier


def _change_locked(
    dossier: Dossier,
    to_status: int,
    *,
    actor,
    step: str,
    note: str = "",
    at: datetime | None = None,
    fields: dict | None = None,
    note_for_applicant: bool = False,
) -> None:
    """`change_status` on a dossier the caller has already locked in its transaction (or a
    new one that its save will INSERT)."""
    fields = {} if fields is None else fields
    if not can_transition(dossier.status, to_status):
        raise IllegalTransition(
            _("Hồ sơ đang ở trạng thái “%(from)s”, không thể chuyển sang “%(to)s”.")
            % {"from": Status(dossier.status).label, "to": Status(to_status).label}
        )
    at = at or timezone.now()
    stamp = STATUS_TIMESTAMPS.get(to_status)
    if stamp and stamp not in fields:
        fields[stamp] = at
    entry = _record_change(
        dossier,
        to_status,
        actor=actor,
        note=note,
        step=step,
        at=at,
        fields=fields,
        note_for_applicant=note_for_applicant,
    )
    _announce(dossier, entry, "status")


def record_step(
    dossier_id: int,
    *,
    actor,
    step: str,
    note: str = "",
    expected_version: int | None = None,
    event: str = "",
    note_for_applicant: bool = False,
    **fields,
) -> Dossier:
    """A change that keeps the status (a hand-over between processing steps, a new
    appointment after an apology): same lock, version check, version bump and history row
    (from = to) as `change_status`. `fields` as in `change_status`. Internal steps tell no
    one; an `event` name (e.g. "apology") announces the step to the change listeners."""
    with transaction.atomic():
        dossier = _locked_for_change(dossier_id, expected_version)
        entry = _record_change(
            dossier,
            dossier.status,
            actor=actor,
            note=note,
            step=step,
            at=timezone.now(),
            fields=fields,
            note_for_applicant=note_for_applicant,
        )
        if event:
            _announce(dossier, entry, event)
    return dossier


def _locked_for_change(dossier_id: int, expected_version: int | None) -> Dossier:
    dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
    if expected_version is not None and dossier.version != expected_version:
        raise ConcurrentUpdate()
    return dossier


def _record_change(
    dossier: Dossier,
    to_status: int,
    *,
    actor,
    note: str,
    step: str,
    at: datetime,
    fields: dict,
    note_for_applicant: bool = False,
) -> StatusHistory:
    """The one place that changes a locked dossier: sets `fields` and the status, lets the
    clock hooks see the move, bumps `version`, saves and appends the history row."""
    for name, value in fields.items():
        Dossier._meta.get_field(name)  # an unknown field name fails loudly
        setattr(dossier, name, value)
    from_status = dossier.status
    dossier.status = to_status
    for hook in _transition_hooks:  # a kept status too (record_step: a new appointment)
        hook(dossier, from_status, at)
    dossier.version += 1
    dossier.save()
    return StatusHistory.objects.create(
        dossier=dossier,
        from_status=from_status,
        to_status=to_status,
        actor=actor if getattr(actor, "pk", None) else None,
        note=note,
        note_for_applicant=bool(note) and note_for_applicant,
        step=step,
    )


TransitionHook = Callable[[Dossier, int, datetime], None]
_transition_hooks: list[TransitionHook] = []


def register_transition_hook(hook: TransitionHook) -> None:
    """Run `hook(dossier, from_status, at)` inside every status change's transaction, after
    the new status is set on the locked dossier and before it is saved (the hook may set
    dossier fields, which are saved with the change). It runs for `record_step` too, with
    `from_status` equal to the status (stats moves a dossier's late day with its appointment).

    Why a hook: waiting for the applicant (5 Yêu cầu bổ sung, 6 nghĩa vụ tài chính) stops
    the clock, and the resumption (5/6 → 4) can be triggered here (the applicant sends the
    supplement) or by an officer in processing. The clock's bookkeeping (pause start, the
    route step's due time, the supplement request) belongs to processing, which depends on
    dossiers and never the reverse; processing registers its one implementation from
    `AppConfig.ready`, so every transition, whoever triggers it, settles the clock at that
    moment and in the same transaction (not after commit, where it could be lost)."""
    if hook not in _transition_hooks:
        _transition_hooks.append(hook)


ChangeListener = Callable[[Dossier, StatusHistory, str], None]
_change_listeners: list[ChangeListener] = []


def register_change_listener(listener: ChangeListener) -> None:
    """Run `listener(dossier, entry, event)` after every status change (event "status") and
    every step announced with an event name, inside the change's transaction, once the
    dossier and its history row `entry` are saved. Notifications registers here (from
    `AppConfig.ready`): the messages are queued in the same transaction as the change, so a
    change never commits without its messages, nor a message without its change."""
    if listener not in _change_listeners:
        _change_listeners.append(listener)


def _announce(dossier: Dossier, entry: StatusHistory, event: str) -> None:
    for listener in _change_listeners:
        listener(dossier, entry, event)


def issue_code(unit: Unit, at: datetime) -> str:
    """The next code `{unit identifier}-{yyMMdd}-{NNNN}` of `unit` for the local day of `at`.

    Must run inside the transaction that saves the dossier. Safe under concurrency because the
    (unit, day) counter row is created or incremented by ONE statement (INSERT … ON CONFLICT
    (unit, day) DO UPDATE SET last = last + 1 RETURNING last), which keeps that row locked
    until the transaction ends: a second submission to the same unit waits, then increments
    the committed number. Two first submissions of the day race only on the unique (unit, day)
    constraint, which the database turns into the update for the second one. If the
    submission rolls back, so does the increment, so no one ever saw the number;
    Dossier.code's unique constraint is the last guard against a duplicate.
    """
    day = timezone.localdate(at)
    table = connection.ops.quote_name(DossierCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (unit_id, day, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (unit_id, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [unit.pk, connection.ops.adapt_datefield_value(day)],
        )
        (number,) = cursor.fetchone()
    return f"{unit.identifier}-{day:%y%m%d}-{number:04d}"


# --- applicant side: drafts, files, submission, supplement, withdrawal -----------------------


class SubmissionInvalid(DossierError):
    """The dossier is not complete; `errors` maps a field name (or "slot-<id>") to messages."""

    default_message = gettext_lazy("Hồ sơ chưa đầy đủ, vui lòng kiểm tra lại.")

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__()
        self.errors = errors


class FileRejected(DossierError):
    """An upload was refused; `slot` is the required-document id it was meant for."""

    def __init__(self, message: str, slot: int | None = None):
        super().__init__(message)
        self.slot = slot


class UnitNotReceiving(DossierError):
    default_message = gettext_lazy("Đơn vị này không nhận hồ sơ trực tuyến của thủ tục.")


def start_draft(user, procedure: Procedure, unit: Unit) -> Dossier:
    """A new draft for `procedure` at `unit`, prefilled from the applicant's profile."""
    return create_draft(user, procedure, unit.pk, applicant={}, values={})


def create_draft(
    user,
    procedure: Procedure,
    unit_id: int,
    *,
    applicant: dict,
    values: dict,
    delivery: dict | None = None,
) -> Dossier:
    """A new draft for `procedure` at the unit `unit_id`, prefilled from the applicant's
    profile, then with `applicant` (applicant_* fields), `values` (e-form answers) and
    `delivery` (how the result is received, DELIVERY_FIELDS) kept as `save_draft` keeps
    them: one INSERT. UnitNotReceiving when the unit does not take the procedure online (or
    does not exist)."""
    dossier = _new_draft(
        user, procedure, unit_id, applicant=applicant, values=values, delivery=delivery
    )
    with transaction.atomic():
        dossier.save(force_insert=True)
    return dossier


def _new_draft(
    user,
    procedure: Procedure,
    unit_id: int,
    *,
    applicant: dict,
    values: dict,
    delivery: dict | None = None,
) -> Dossier:
    """The unsaved draft of `create_draft`, with its unit and procedure version read."""
    _require_verified_email(user)
    unit = selectors.receiving_unit(procedure.pk, unit_id)
    if unit is None:
        raise UnitNotReceiving()
    profile = prefill_profile(user)
    dossier = Dossier(
        applicant=user,
        procedure=procedure,
        procedure_version=current_version(procedure),
        unit=unit,
        channel=DossierChannel.ONLINE,
        applicant_name=profile.full_name if profile else "",
        applicant_id_number=profile.id_number if profile else "",
        applicant_phone=profile.phone if profile else "",
        applicant_email=user.email,
        applicant_address=profile.address if profile else "",
    )
    _keep_answers(dossier, applicant, values, delivery)
    return dossier


def save_draft(
    dossier_id: int, user, *, applicant: dict, values: dict, delivery: dict | None = None
) -> Dossier:
    """Keep what was typed, valid or not (a draft may be incomplete; submit validates)."""
    with transaction.atomic():
        dossier = _locked_own(dossier_id, user, Status.DRAFT, related=("procedure_version",))
        _keep_answers(dossier, applicant, values, delivery)
        dossier.save()
    return dossier


def _keep_answers(
    dossier: Dossier, applicant: dict, values: dict, delivery: dict | None = None
) -> None:
    """Set the applicant fields given in `applicant`, the delivery fields given in
    `delivery` and the e-form `values` of a draft (unknown field names are dropped, text is
    NFC and clipped)."""
    given = [(name, applicant) for name in APPLICANT_FIELDS]
    given += [(name, delivery or {}) for name in DELIVERY_FIELDS]
    for name, source in given:
        if name in source:
            limit = Dossier._meta.get_field(name).max_length
            setattr(dossier, name, nfc(str(source[name] or "")).strip()[:limit])
    known = {entry["name"] for entry in selectors.form_schema(dossier)}
    dossier.values = {name: _draft_value(value) for name, value in values.items() if name in known}


def _draft_value(value):
    if isinstance(value, bool | int | float) or value is None:
        return value
    return nfc(str(value))[:MAX_VALUE_LENGTH]


def delete_draft(dossier_id: int, user) -> None:
    with transaction.atomic():
        dossier = _locked_own(dossier_id, user, Status.DRAFT)
        names = list(dossier.files.values_list("file", flat=True))
        dossier.delete()
        transaction.on_commit(partial(_delete_stored, names))


def attach_file(dossier_id: int, user, *, document_id: int, upload) -> DossierFile:
    """Store one file in a slot of a draft, or as a supplement while status is 5.

    The file is written to storage inside the transaction; if anything fails before the
    commit, it is deleted again, so a failed request leaves no orphan file."""
    stored: list[str] = []
    with deleted_on_failure(stored, SAVE_FAILED, document_id), transaction.atomic():
        dossier = _locked_own(
            dossier_id, user, Status.DRAFT, Status.SUPPLEMENT, related=("procedure_version",)
        )
        used = dossier.files.aggregate(total=Sum("size"))["total"] or 0
        checked = _checked_upload(document_id, upload, **_upload_rules(dossier), used_bytes=used)
        kind = FILE_KIND_BY_STATUS[dossier.status]
        item = stored_file(dossier, user, document_id, upload, checked, stored, kind)
        item.save(force_insert=True)
        dossier.save(update_fields=["updated_at"])
    return item


def _checked_upload(
    document_id: int, upload, *, slot_ids: set[int], allowed: list[str], used_bytes: int
) -> CheckedFile:
    if document_id not in slot_ids:
        raise FileRejected(_("Thành phần hồ sơ không tồn tại."), document_id)
    try:
        return check_upload(upload, allowed=allowed, used_bytes=used_bytes)
    except UploadRejected as rejected:
        raise FileRejected(rejected.message, document_id) from None


def _upload_rules(dossier: Dossier) -> dict:
    """The `slot_ids` and `allowed` file types of the dossier's procedure version."""
    snapshot = dossier.procedure_version.snapshot
    return {
        "slot_ids": {slot["id"] for slot in selectors.slots(dossier)},
        "allowed": accepted_types(snapshot.get("accepted_file_types")),
    }


def checked_uploads(
    uploads: list[tuple[int, object]], *, slot_ids: set[int], allowed: list[str], errors: dict
) -> list[tuple[int, object, CheckedFile]]:
    """Each (slot id, file) of a new dossier checked by its content, its type and the
    dossier's total size; a refused file is left out, its reason added to `errors` under
    "slot-<id>". For the one-request submission and the desk's walk-in registration."""
    checked: list[tuple[int, object, CheckedFile]] = []
    used = 0
    for document_id, upload in uploads:
        try:
            item = _checked_upload(
                document_id, upload, slot_ids=slot_ids, allowed=allowed, used_bytes=used
            )
        except FileRejected as rejected:
            errors.setdefault(f"slot-{document_id}", []).append(rejected.message)
            continue
        used += item.size
        checked.append((document_id, upload, item))
    return checked


def stored_file(
    dossier: Dossier,
    user,
    document_id: int,
    upload,
    checked: CheckedFile,
    stored: list[str],
    kind: str,
) -> DossierFile:
    """Write the checked upload to storage (its name appended to `stored`, for the cleanup
    of `deleted_on_failure`) and return its unsaved row (also used for walk-in scans). The
    name is appended before the writing: a disk that fills up half-way through leaves a
    partial file under that name, deleted with the rest."""
    name = storage_name(checked.extension)
    stored.append(name)
    saved = default_storage.save(name, upload)
    if saved != name:  # the storage chose another name (never for a random one, but allowed)
        stored.append(saved)
    return DossierFile(
        dossier=dossier,
        document_id=document_id,
        file=saved,
        original_name=checked.name,
        size=checked.size,
        content_type=checked.content_type,
        sha256=checked.sha256,
        kind=kind,
        uploaded_by=user,
    )


@contextmanager
def deleted_on_failure(stored: list[str], message=SUBMIT_FAILED, document_id: int | None = None):
    """Delete the files named in `stored` if the block fails (their rows were rolled back);
    a storage or database failure becomes a FileRejected with `message` (which asks to try
    again in a few minutes), except a database that stopped answering, which is left to
    the outage handler (a 503 with Retry-After, core.outage)."""
    try:
        yield
    except BaseException as failure:
        _delete_stored(stored)
        if isinstance(failure, OSError | DatabaseError) and not is_outage(failure):
            raise FileRejected(str(message), document_id) from failure
        raise


def remove_file(dossier_id: int, user, file_id: int) -> None:
    """Remove a file the applicant may still change (in a draft, or a supplement not yet sent)."""
    with transaction.atomic():
        dossier = _locked_own(dossier_id, user, Status.DRAFT, Status.SUPPLEMENT)
        item = dossier.files.filter(pk=file_id).first()
        if item is None or (
            dossier.status == Status.SUPPLEMENT and item.kind != FileKind.SUPPLEMENT
        ):
            raise Http404
        name = item.file.name
        item.delete()
        transaction.on_commit(partial(_delete_stored, [name]))


def submit(dossier_id: int, user) -> Dossier:
    """Draft → 1 (Mới đăng ký) in one transaction: validate everything again, freeze the
    procedure version, issue the code, compute the appointment, record the history.
    Idempotent: a second call (double click) finds the dossier submitted and returns it."""
    with transaction.atomic():
        dossier = _locked_own(dossier_id, user, related=("unit",))
        if dossier.status != Status.DRAFT:
            return dossier
        _require_verified_email(user)
        dossier.procedure_version = current_version(dossier.procedure_id)
        dossier.procedure = dossier.procedure_version.procedure  # read with it: no second read
        if selectors.receiving_unit(dossier.procedure_id, dossier.unit_id) is None:
            raise DossierError(_("Đơn vị này không còn nhận hồ sơ trực tuyến của thủ tục."))
        _file_submission(dossier, user, validated_answers(dossier))
    return dossier


def submit_complete(
    user,
    procedure: Procedure,
    unit_id: int,
    *,
    applicant: dict,
    values: dict,
    uploads: list[tuple[int, object]],
    client_key: str = "",
    delivery: dict | None = None,
) -> tuple[Dossier, bool]:
    """A whole dossier in one call: the draft, its files (`uploads`: (slot id, file) pairs)
    and the submission, in one transaction — for API clients that send everything at once.
    Returns (the dossier, whether it was made now).

    Every problem (answers, missing or rejected files) is reported together in one
    SubmissionInvalid before anything is written; if writing fails, the stored files are
    deleted again, so nothing is ever half-kept. A `client_key` (the client's
    Idempotency-Key) already used by this applicant returns that dossier instead: a retry
    after a lost answer never makes a second one, even when both arrive at once."""
    earlier = _submitted_with_key(user, client_key)
    if earlier is not None:
        return earlier, False
    dossier = _new_draft(
        user, procedure, unit_id, applicant=applicant, values=values, delivery=delivery
    )
    dossier.client_key = client_key
    errors: dict[str, list[str]] = {}
    checked = checked_uploads(uploads, **_upload_rules(dossier), errors=errors)
    try:
        answers = validated_answers(dossier, documents={document for document, *_ in checked})
    except SubmissionInvalid as invalid:
        for name, messages in invalid.errors.items():
            errors.setdefault(name, messages)  # a refused file's reason beats "not uploaded"
    if errors:
        raise SubmissionInvalid(errors)
    try:
        _store_submission(dossier, user, checked, answers)
    except FileRejected:
        earlier = _submitted_with_key(user, client_key)  # the same key, committed meanwhile
        if earlier is None:
            raise
        return earlier, False
    return dossier, True


def _submitted_with_key(user, client_key: str) -> Dossier | None:
    if not client_key:
        return None
    return one_or_none(Dossier.objects.filter(applicant_id=user.pk, client_key=client_key))


def _store_submission(
    dossier: Dossier, user, checked: list[tuple[int, object, CheckedFile]], answers: tuple
) -> None:
    """The writing half of `submit_complete`, in one transaction."""
    stored: list[str] = []
    with deleted_on_failure(stored), transaction.atomic():
        # The files are written first, so the day's counter row (locked by the code) is held
        # only for the INSERTs. The draft is never stored as such: the submission's save is
        # its INSERT, already at status 1, with the history row "0 → 1" as for any draft.
        rows = [
            stored_file(dossier, user, document_id, upload, item, stored, FileKind.APPLICATION)
            for document_id, upload, item in checked
        ]
        _file_submission(dossier, user, answers)
        DossierFile.objects.bulk_create(rows)


def _file_submission(dossier: Dossier, user, answers: tuple[dict, dict]) -> None:
    """Draft → 1 on the locked (or not yet stored) draft with its validated `answers`: the
    code, the expected appointment and the history row."""
    applicant, values = answers
    now = timezone.now()
    fields = {
        "code": issue_code(dossier.unit, now),
        "channel": DossierChannel.ONLINE,
        "values": values,
        "submitted_at": now,
        "appointment_at": expected_appointment(dossier, now),
        **applicant,
    }
    step = _("Nộp hồ sơ trực tuyến")
    _change_locked(dossier, Status.NEW, actor=user, step=step, at=now, fields=fields)


def validated_answers(dossier: Dossier, documents: set[int] | None = None) -> tuple[dict, dict]:
    """(applicant details with the result delivery, e-form values) cleaned; SubmissionInvalid
    listing every problem. `documents`: the slot ids that have files (read from the stored
    files when not given)."""
    applicant_form = ApplicantForm(data={name: getattr(dossier, name) for name in APPLICANT_FIELDS})
    delivery_form = _delivery_form(dossier)
    eform = build_form(selectors.form_schema(dossier), data=dossier.values)
    errors = {**applicant_form.errors, **delivery_form.errors, **eform.errors}
    if documents is None:
        documents = set(dossier.files.values_list("document_id", flat=True))
    for slot in selectors.slots(dossier):
        if slot.get("required") and slot["id"] not in documents:
            errors[f"slot-{slot['id']}"] = [_("Chưa tải lên “%(name)s”.") % {"name": slot["name"]}]
    if errors:
        raise SubmissionInvalid(
            {name: [str(m) for m in messages] for name, messages in errors.items()}
        )
    return {**applicant_form.cleaned_data, **delivery_form.cleaned_data}, eform.json_values()


def _delivery_form(dossier: Dossier) -> DeliveryForm:
    """The delivery choice of the dossier, bound for validation. The unit's online level is
    read only for the electronic result (the one choice that depends on it)."""
    chosen = dossier.result_delivery
    level = selectors.offered_level(dossier) if chosen == ResultDelivery.ELECTRONIC else None
    return DeliveryForm(
        data={name: getattr(dossier, name) for name in DELIVERY_FIELDS},
        choices=selectors.delivery_choices(dossier, level),
    )


def expected_appointment(dossier: Dossier, submitted_at: datetime) -> datetime | None:
    """The expected return date shown at submission: the statutory time from that moment
    (the desk fixes the real appointment from the moment of receipt)."""
    try:
        return add_working_time(submitted_at, *selectors.statutory_time(dossier))
    except CalendarError:
        return None


def send_supplement(dossier_id: int, user, *, note: str = "") -> Dossier:
    """5 → 4: the applicant sends what was asked (at least one new file since the request).
    A supplement asked for before the desk received the dossier returns it to the desk
    (5 → 1), which then receives it (and starts the clock) or asks again."""
    with transaction.atomic():
        dossier = _locked_own(dossier_id, user, Status.SUPPLEMENT)
        asked_at = (
            dossier.history.filter(to_status=Status.SUPPLEMENT).order_by("-at").values("at")[:1]
        )
        if not dossier.files.filter(kind=FileKind.SUPPLEMENT, uploaded_at__gte=asked_at).exists():
            raise SubmissionInvalid({"files": [_("Tải lên ít nhất một tệp bổ sung.")]})
        _change_locked(
            dossier,
            Status.PROCESSING if dossier.received_at else Status.NEW,
            actor=user,
            note=nfc(note).strip(),
            step=_("Công dân nộp bổ sung"),
            note_for_applicant=True,
        )
    return dossier


def withdraw(dossier_id: int, user, *, reason: str) -> Dossier:
    """→ 7: the applicant asks to withdraw an unfinished dossier, with a reason."""
    reason = nfc(reason).strip()
    if not reason:
        raise SubmissionInvalid({"reason": [_("Nhập lý do rút hồ sơ.")]})
    own = selectors.own_dossier(user, dossier_id)
    return change_status(
        own.pk,
        Status.WITHDRAWN,
        actor=user,
        note=reason,
        step=_("Công dân yêu cầu rút hồ sơ"),
        note_for_applicant=True,
    )


def _locked_own(
    dossier_id: int,
    user,
    *statuses: int,
    related: tuple[str, ...] = (),
) -> Dossier:
    """The user's own dossier, locked, with the `related` rows the caller uses; Http404 if
    not theirs, DossierError if the status does not allow the action."""
    dossiers = Dossier.objects.select_for_update(of=("self",)).filter(applicant_id=user.pk)
    if related:
        dossiers = dossiers.select_related(*related)
    try:
        dossier = dossiers.get(pk=dossier_id)
    except Dossier.DoesNotExist:
        raise Http404 from None
    if statuses and dossier.status not in statuses:
        raise DossierError(
            _("Hồ sơ đang ở trạng thái “%(status)s”, không thể thay đổi.")
            % {"status": dossier.get_status_display()}
        )
    return dossier


def _require_verified_email(user) -> None:
    if not has_verified_email(user):
        raise EmailNotVerified()


class EmailNotVerified(DossierError):
    default_message = gettext_lazy("Bạn cần xác thực địa chỉ email trước khi nộp hồ sơ trực tuyến.")


def _delete_stored(names: list[str]) -> None:
    """Delete the files; a storage that cannot be reached is logged, never raised (a cleanup
    must not hide the failure it cleans up after, nor fail a committed request)."""
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not delete the stored file %s", name, exc_info=True)
