"""Every officer action on a dossier. Each one, inside one transaction: locks the dossier row,
checks the actor's role for the dossier's unit (or the current step's unit), the current
status and step, then changes status through `dossiers.services.change_status` (the one
transition mechanism: legal-transition table, history row, applicant email after commit).

A hand-over between two processing steps keeps status 4 and an approved apology keeps the
status too; both go through `dossiers.services.record_step` (version bump + a history row
naming the step), so optimistic checks and the history see them like any other action.

The clock stops while the dossier waits for the applicant (5, 6). `keep_clock`, registered
with `dossiers.services.register_transition_hook` in `ProcessingConfig.ready`, is its one
implementation: it runs inside every status change, whoever makes it (an officer here, the
applicant sending a supplement in dossiers)."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.calendar import CalendarError, add_working_time, working_hours_between
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.models import Dossier, ResultDelivery, Status
from motcua.dossiers.services import (
    ConcurrentUpdate,
    DossierError,
    IllegalTransition,
    change_status,
    record_step,
)
from motcua.org.models import Role, StaffRole

from .models import (
    Apology,
    ApologyStatus,
    DeskPayment,
    DossierProcess,
    StaffPolicy,
    StepRecord,
    SupplementRequest,
    Timeliness,
)
from .routes import route_snapshot
from .selectors import PAUSED, charges_fee, is_complete_online, is_province_admin

# A postal tracking number (mã vận đơn) as the postal services print it, e.g. EB123456789VN.
TRACKING_NUMBER = re.compile(r"[A-Z0-9]{6,30}")

# Rough working hours per unit, only to share a procedure's time between route steps.
WORKING_DAYS_PER = {"working_day": 1, "day": 1, "month": 22}


class NotPermitted(DossierError):
    """The actor may see the dossier but their roles do not allow this action (HTTP 403)."""

    default_message = gettext_lazy("Bạn không có vai trò thực hiện thao tác này với hồ sơ.")


class InvalidInput(DossierError):
    """A required reason or field is missing or wrong (HTTP 400)."""


@dataclass(frozen=True)
class ProcessingTime:
    amount: Decimal
    unit: str

    @property
    def total_hours(self) -> Decimal:
        if self.unit == "hour":
            return self.amount
        return self.amount * WORKING_DAYS_PER[self.unit] * settings.MOTCUA_WORKING_DAY_HOURS


def now() -> datetime:
    """The clock of every action (tests set it to walk a dossier through holidays)."""
    return timezone.now()


# --- checks ---------------------------------------------------------------------------


def _lock(dossier_id: int, expected_version: int | None) -> Dossier:
    dossier = (
        Dossier.objects.select_for_update().select_related("procedure", "unit").get(pk=dossier_id)
    )
    if expected_version is not None and dossier.version != expected_version:
        raise ConcurrentUpdate()
    return dossier


def _require_status(dossier: Dossier, *allowed: int) -> None:
    if dossier.status not in allowed:
        raise IllegalTransition(
            _("Hồ sơ đang ở trạng thái “%(status)s”, không thể thực hiện thao tác này.")
            % {"status": Status(dossier.status).label}
        )


def require_role(actor, unit_id: int, *roles: str) -> None:
    if not StaffRole.objects.filter(user=actor, unit_id=unit_id, role__in=roles).exists():
        raise NotPermitted()


def _require_text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message)
    return value


def _locked_process(dossier: Dossier) -> DossierProcess:
    try:
        return DossierProcess.objects.select_for_update().get(dossier=dossier)
    except DossierProcess.DoesNotExist:
        raise IllegalTransition(_("Hồ sơ chưa được tiếp nhận.")) from None


# --- deadlines ------------------------------------------------------------------------


def statutory_time(dossier: Dossier) -> ProcessingTime:
    """The processing time the dossier was submitted under (see dossiers.selectors)."""
    return ProcessingTime(*dossier_selectors.statutory_time(dossier))


def _appointment(start: datetime, deadline: ProcessingTime) -> datetime:
    """The appointment; a processing time the calendar cannot count is a clear refusal."""
    try:
        return add_working_time(start, deadline.amount, deadline.unit)
    except CalendarError as error:
        raise InvalidInput(str(error)) from None


def timeliness(finished_at: datetime, due_at: datetime | None) -> str:
    """Early = finished on an earlier (local) day than due; on time = not after due."""
    if due_at is None or finished_at <= due_at:
        early = due_at and timezone.localdate(finished_at) < timezone.localdate(due_at)
        return Timeliness.EARLY if early else Timeliness.ON_TIME
    return Timeliness.LATE


def keep_clock(dossier: Dossier, from_status: int, at: datetime) -> None:
    """Stop the clock when the dossier starts waiting for the applicant; when it resumes
    (5/6 → 4), move the appointment and the step's due time by the working time it waited.
    Runs inside `dossiers.services.change_status` (registered in ProcessingConfig.ready)."""
    if dossier.status in PAUSED and from_status not in PAUSED:
        DossierProcess.objects.filter(dossier=dossier).update(paused_at=at)
    elif from_status in PAUSED and dossier.status == Status.PROCESSING:
        _settle_pause(dossier, at)


def _settle_pause(dossier: Dossier, resumed_at: datetime) -> None:
    process = DossierProcess.objects.select_for_update().filter(dossier=dossier).first()
    if process is None or process.paused_at is None:
        return
    waited = max(working_hours_between(process.paused_at, resumed_at), Decimal(0))
    process.paused_hours += waited
    process.paused_at = None
    # Adding working time starts from the next working moment: adding none would move a due
    # time at a close (17:00) to the next opening (07:00). No wait, nothing to move.
    if process.step_due_at and waited:
        process.step_due_at = add_working_time(process.step_due_at, waited, "hour")
    process.save(update_fields=["paused_hours", "paused_at", "step_due_at"])
    SupplementRequest.objects.filter(dossier=dossier, resumed_at__isnull=True).update(
        resumed_at=resumed_at
    )
    if dossier.appointment_at and waited:
        dossier.appointment_at = add_working_time(dossier.appointment_at, waited, "hour")


# --- steps ----------------------------------------------------------------------------


def _enter_step(process: DossierProcess, index: int, at: datetime) -> StepRecord:
    step = process.steps[index]
    due = add_working_time(at, step["hours"], "hour")
    process.step_index = index
    process.step_unit_id = step["unit_id"]
    process.step_due_at = due
    return StepRecord.objects.create(
        dossier_id=process.dossier_id,
        position=step["position"],
        name=step["name"],
        unit_id=step["unit_id"],
        role=step["role"],
        entered_at=at,
        due_at=due,
    )


def _partner_unit_id(process: DossierProcess, dossier: Dossier) -> int | None:
    """Dossier.partner_unit for the step just entered: its unit when that is not the
    dossier's own (liên thông), None otherwise. Passed with every step change, so the
    partner's queue finds the dossier by index while it is there, and only then."""
    return process.step_unit_id if process.step_unit_id != dossier.unit_id else None


def _complete_open_step(dossier_id: int, actor, at: datetime, note: str) -> None:
    record = StepRecord.objects.filter(dossier_id=dossier_id, completed_at__isnull=True).last()
    if record:
        record.completed_at = at
        record.completed_by = actor
        record.timeliness = timeliness(at, record.due_at)
        record.note = note
        record.save(update_fields=["completed_at", "completed_by", "timeliness", "note"])


# --- approval hooks -------------------------------------------------------------------

ApprovalHook = Callable[[Dossier, object, datetime], None]
_approval_hooks: list[ApprovalHook] = []


def register_approval_hook(hook: ApprovalHook) -> None:
    """Run `hook(dossier, actor, at)` when a leader completes their step, inside that
    transaction with the dossier locked; raising a DossierError refuses the approval.
    Registered by apps above processing (documents signs a level-4 result), so that
    processing does not depend on them."""
    if hook not in _approval_hooks:
        _approval_hooks.append(hook)


# --- actions --------------------------------------------------------------------------


def receive(
    dossier_id: int,
    *,
    actor,
    note: str = "",
    expected_version: int | None = None,
    note_for_applicant: bool = False,
) -> Dossier:
    """1 → 2 → 4: the appointment runs from now by the working-time calendar; the dossier
    enters the first processing step of its route."""
    with transaction.atomic():
        dossier = _lock(dossier_id, expected_version)
        _require_status(dossier, Status.NEW)
        require_role(actor, dossier.unit_id, Role.DESK_OFFICER)
        at = now()
        deadline = statutory_time(dossier)
        steps = route_snapshot(dossier.unit_id, dossier.procedure_id, deadline.total_hours)
        change_status(
            dossier.pk,
            Status.RECEIVED,
            actor=actor,
            note=note,
            note_for_applicant=note_for_applicant,
            step=steps[0]["name"],
            received_at=at,
            appointment_at=_appointment(at, deadline),
        )
        process = DossierProcess(dossier=dossier, steps=steps, step_unit_id=dossier.unit_id)
        _enter_step(process, 0, at)
        _complete_open_step(dossier.pk, actor, at, note)
        _enter_step(process, 1, at)
        process.save()
        return change_status(
            dossier.pk,
            Status.PROCESSING,
            actor=actor,
            step=steps[1]["name"],
            partner_unit_id=_partner_unit_id(process, dossier),
        )


def complete_step(
    dossier_id: int,
    *,
    actor,
    note: str = "",
    expected_version: int | None = None,
    note_for_applicant: bool = False,
) -> Dossier:
    """The current step's role holder finishes it (forward / approve / finish). Finishing the
    last processing step sets status 9 and stores the dossier's timeliness for statistics."""
    with transaction.atomic():
        dossier = _lock(dossier_id, expected_version)
        _require_status(dossier, Status.PROCESSING)
        process = _locked_process(dossier)
        step = process.current_step
        require_role(actor, step["unit_id"], step["role"])
        at = now()
        if step["role"] == Role.LEADER:
            for hook in _approval_hooks:
                hook(dossier, actor, at)
        _complete_open_step(dossier.pk, actor, at, note)
        next_index = process.step_index + 1
        is_last_processing_step = next_index >= len(process.steps) - 1
        _enter_step(process, next_index, at)
        if not is_last_processing_step:
            process.save()
            return record_step(
                dossier.pk,
                actor=actor,
                note=note,
                note_for_applicant=note_for_applicant,
                step=process.current_step["name"],
                partner_unit_id=_partner_unit_id(process, dossier),
            )
        process.finished_at = at
        process.timeliness = (
            Timeliness.LATE if process.counts_as_late else timeliness(at, dossier.appointment_at)
        )
        process.save()
        return change_status(
            dossier.pk,
            Status.DONE,
            actor=actor,
            note=note,
            note_for_applicant=note_for_applicant,
            step=process.current_step["name"],
            finished_at=at,
            partner_unit_id=_partner_unit_id(process, dossier),
        )


@dataclass(frozen=True)
class BulkOutcome:
    received: list[str]  # codes
    skipped: list[str]  # one message per dossier left for the officer to open


def receive_complete(dossier_ids: list[int], *, actor) -> BulkOutcome:
    """Receive several dossiers at once from the desk's queue: each one that is an online
    dossier in status 1 with a file in every required slot, each in its own transaction (one
    refusal leaves the others received). Dossiers the actor may not see are skipped silently."""
    received: list[str] = []
    skipped: list[str] = []
    visible = dossier_selectors.officer_dossiers(actor).filter(pk__in=dossier_ids)
    for dossier in visible.select_related("procedure_version").order_by("submitted_at", "id"):
        if not is_complete_online(dossier):
            skipped.append(
                _("%(code)s: chưa đủ thành phần hồ sơ hoặc không nộp trực tuyến.")
                % {"code": dossier.code}
            )
            continue
        try:
            receive(dossier.pk, actor=actor, expected_version=dossier.version)
        except DossierError as error:
            skipped.append(f"{dossier.code}: {error.message}")
        else:
            received.append(dossier.code)
    return BulkOutcome(received, skipped)


def return_step(
    dossier_id: int, *, actor, reason: str, expected_version: int | None = None
) -> Dossier:
    """The current step's role holder (a specialist, a leader) sends the dossier back to the
    previous step with a reason: status 4 kept, the step closed and the previous one entered
    again (its own time from now), a history row; the appointment does not move (the clock
    keeps running). The reason is internal."""
    reason = _require_text(reason, _("Ghi rõ lý do trả lại bước trước."))
    with transaction.atomic():
        dossier = _lock(dossier_id, expected_version)
        _require_status(dossier, Status.PROCESSING)
        process = _locked_process(dossier)
        step = process.current_step
        require_role(actor, step["unit_id"], step["role"])
        if process.step_index < 1:
            raise IllegalTransition(_("Hồ sơ đang ở bước đầu tiên, không có bước trước."))
        at = now()
        _complete_open_step(dossier.pk, actor, at, reason)
        _enter_step(process, process.step_index - 1, at)
        process.save()
        return record_step(
            dossier.pk,
            actor=actor,
            note=reason,
            step=_("Trả lại bước “%(step)s”") % {"step": process.current_step["name"]},
            partner_unit_id=_partner_unit_id(process, dossier),
        )


def request_supplement(
    dossier_id: int,
    *,
    actor,
    missing: list[str],
    reason: str = "",
    note: str = "",
    expected_version: int | None = None,
    note_for_applicant: bool = False,
) -> SupplementRequest:
    """4 → 5, clock stopped. A second request needs a reason and makes the dossier count late.
    Before receipt (1 → 5, the desk only) the clock has not started: the applicant's
    supplement returns the dossier to the desk. The reason is printed on Mẫu 02, so it is
    for the applicant; a note of its own is internal unless `note_for_applicant`."""
    missing = [item.strip() for item in missing if item and item.strip()]
    if not missing:
        raise InvalidInput(_("Nhập ít nhất một giấy tờ, nội dung cần bổ sung."))
    with transaction.atomic():
        dossier = _lock(dossier_id, expected_version)
        _require_status(dossier, Status.NEW, Status.PROCESSING)
        if dossier.status == Status.NEW:
            return _supplement_before_receipt(dossier, actor, missing, reason.strip())
        process = _locked_process(dossier)
        _require_current_handler_or_desk(actor, dossier, process)
        repeated = process.supplement_count >= 1
        if repeated:
            reason = _require_text(reason, _("Yêu cầu bổ sung lần thứ hai phải ghi rõ lý do."))
        at = now()
        process.supplement_count += 1
        process.counts_as_late = process.counts_as_late or repeated
        process.save(update_fields=["supplement_count", "counts_as_late"])
        request = SupplementRequest.objects.create(
            dossier=dossier,
            number=process.supplement_count,
            missing=missing,
            reason=reason.strip(),
            requested_by=actor,
            requested_at=at,
        )
        change_status(
            dossier.pk,
            Status.SUPPLEMENT,
            actor=actor,
            note=note or reason,
            note_for_applicant=note_for_applicant if note else True,
            step=process.current_step["name"],
            at=at,
            supplement_request="\n".join(missing),
        )
        return request


def _supplement_before_receipt(
    dossier: Dossier, actor, missing: list[str], reason: str
) -> SupplementRequest:
    require_role(actor, dossier.unit_id, Role.DESK_OFFICER)
    at = now()
    request = SupplementRequest.objects.create(
        dossier=dossier,
        number=SupplementRequest.objects.filter(dossier=dossier).count() + 1,
        missing=missing,
        reason=reason,
        requested_by=actor,
        requested_at=at,
    )
    change_status(
        dossier.pk,
        Status.SUPPLEMENT,
        actor=actor,
        note=reason,
        note_for_applicant=True,
        step=_("Yêu cầu bổ sung trước khi tiếp nhận"),
        at=at,
        supplement_request="\n".join(missing),
    )
    return request


def request_financial_obligation(
    dossier_id: int, *, actor, note: str, expected_version: int | None = None
) -> Dossier:
    """4 → 6 with the clock stopped until the applicant has paid."""
    note = _require_text(note, _("Ghi rõ nghĩa vụ tài chính cần thực hiện."))
    with transaction.atomic():
        dossier = _lock(dossier_id, expected_version)
        _require_status(dossier, Status.PROCESSING)
        process = _locked_process(dossier)
        _require_current_handler_or_desk(actor, dossier, process)
        if not charges_fee(dossier.procedure_id):
            raise InvalidInput(_("Thủ tục này không có nghĩa vụ tài chính."))
        return change_status(
            dossier.pk,
            Status.FINANCIAL,
            actor=actor,
            note=note,
            note_for_applicant=True,
            step=process.current_step["name"],
            at=now(),
        )


def resume(
    dossier_id: int,
    *,
    actor,
    note: str = "",
    expected_version: int | None = None,
    note_for_applicant: bool = False,
) -> Dossier:
    """5/6 → 4 when the supplement or payment is in: the appointment moves by the wait
    (`keep_clock`)."""
    with transaction.atomic():
        dossier = _lock(dossier_id, expected_version)
        _require_status(dossier, Status.SUPPLEMENT, Status.FINANCIAL)
        process = _locked_process(dossier)
        _require_current_handler_or_desk(actor, dossier, process)
        return change_status(
            dossier.pk,
            Status.PROCESSING,
            actor=actor,
            note=note,
            note_for_applicant=note_for_applicant,
            step=process.current_step["name"],
            at=now(),
        )


def refuse(dossier_id: int, *, actor, reason: str, expected_version: int | None = None) -> Dossier:
    """1 → 3 with the reason printed on Mẫu 03."""
    reason = _require_text(reason, _("Ghi rõ lý do từ chối tiếp nhận."))
    with transaction.atomic():
        dossier = _lock(dossier_id, expected_version)
        _require_status(dossier, Status.NEW)
        require_role(actor, dossier.unit_id, Role.DESK_OFFICER)
        return change_status(
            dossier.pk, Status.NOT_RECEIVED, actor=actor, note=reason, note_for_applicant=True
        )


def stop(dossier_id: int, *, actor, reason: str, expected_version: int | None = None) -> Dossier:
    """4/5/6 → 8, decided by a leader or the desk of the receiving unit."""
    reason = _require_text(reason, _("Ghi rõ lý do dừng xử lý."))
    with transaction.atomic():
        dossier = _lock(dossier_id, expected_version)
        _require_status(dossier, Status.PROCESSING, Status.SUPPLEMENT, Status.FINANCIAL)
        require_role(actor, dossier.unit_id, Role.LEADER, Role.DESK_OFFICER)
        return change_status(
            dossier.pk, Status.STOPPED, actor=actor, note=reason, note_for_applicant=True
        )


def withdraw(
    dossier_id: int, *, actor, reason: str, expected_version: int | None = None
) -> Dossier:
    """→ 7 at the applicant's request, recorded by the desk."""
    reason = _require_text(reason, _("Ghi rõ lý do công dân rút hồ sơ."))
    with transaction.atomic():
        dossier = _lock(dossier_id, expected_version)
        _require_status(
            dossier,
            Status.NEW,
            Status.RECEIVED,
            Status.PROCESSING,
            Status.SUPPLEMENT,
            Status.FINANCIAL,
        )
        require_role(actor, dossier.unit_id, Role.DESK_OFFICER)
        return change_status(
            dossier.pk, Status.WITHDRAWN, actor=actor, note=reason, note_for_applicant=True
        )


def return_result(
    dossier_id: int,
    *,
    actor,
    received_by_name: str,
    fee_vnd: int = 0,
    receipt_number: str = "",
    note: str = "",
    expected_version: int | None = None,
    note_for_applicant: bool = False,
) -> Dossier:
    """9 → 10 at the desk: who took the result, and the fee collected (amount, receipt)."""
    received_by_name = _require_text(received_by_name, _("Ghi họ tên người nhận kết quả."))
    if fee_vnd is None or int(fee_vnd) < 0:
        raise InvalidInput(_("Số tiền thu không được âm."))
    with transaction.atomic():
        dossier = _lock(dossier_id, expected_version)
        _require_status(dossier, Status.DONE)
        require_role(actor, dossier.unit_id, Role.DESK_OFFICER)
        at = now()
        DeskPayment.objects.create(
            dossier=dossier,
            amount_vnd=int(fee_vnd),
            receipt_number=receipt_number.strip(),
            received_by_name=received_by_name,
            returned_at=at,
            officer=actor,
        )
        _complete_open_step(dossier.pk, actor, at, note)
        return change_status(
            dossier.pk,
            Status.RETURNED,
            actor=actor,
            note=note,
            note_for_applicant=note_for_applicant,
            returned_at=at,
        )


def send_by_post(
    dossier_id: int, *, actor, tracking_number: str, expected_version: int | None = None
) -> Dossier:
    """9 → 10 for a result the applicant chose to receive by post (bưu chính công ích): the
    desk of the dossier's unit records the posting with its tracking number (6–30 letters
    or digits), which the applicant sees. A fee still owed refuses it (payments' hook)."""
    tracking_number = _require_text(tracking_number, _("Nhập mã vận đơn của bưu phẩm."))
    tracking_number = tracking_number.replace(" ", "").upper()
    if not TRACKING_NUMBER.fullmatch(tracking_number):
        raise InvalidInput(_("Mã vận đơn gồm 6 đến 30 chữ cái hoặc chữ số, không dấu."))
    with transaction.atomic():
        dossier = _lock(dossier_id, expected_version)
        _require_status(dossier, Status.DONE)
        require_role(actor, dossier.unit_id, Role.DESK_OFFICER)
        if dossier.result_delivery != ResultDelivery.POST:
            raise IllegalTransition(_("Người nộp không chọn nhận kết quả qua bưu chính."))
        at = now()
        note = _("Đã gửi kết quả qua bưu chính, mã vận đơn %(number)s") % {
            "number": tracking_number
        }
        _complete_open_step(dossier.pk, actor, at, note)
        return change_status(
            dossier.pk,
            Status.RETURNED,
            actor=actor,
            note=note,
            note_for_applicant=True,
            step=_("Gửi kết quả qua bưu chính"),
            returned_at=at,
            post_tracking_number=tracking_number,
        )


def _require_current_handler_or_desk(actor, dossier: Dossier, process: DossierProcess) -> None:
    step = process.current_step
    if StaffRole.objects.filter(user=actor, unit_id=step["unit_id"], role=step["role"]).exists():
        return
    require_role(actor, dossier.unit_id, Role.DESK_OFFICER)


# --- apology (Mẫu 04) -----------------------------------------------------------------


def draft_apology(dossier_id: int, *, actor, reason: str, new_appointment_at: datetime) -> Apology:
    """An officer handling the dossier drafts the apology with a new date for a leader."""
    reason = _require_text(reason, _("Ghi rõ lý do chậm trễ."))
    with transaction.atomic():
        dossier = _lock(dossier_id, None)
        _require_status(
            dossier, Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.FINANCIAL
        )
        if not StaffRole.objects.filter(user=actor, unit_id=dossier.unit_id).exists():
            process = _locked_process(dossier)
            require_role(actor, process.current_step["unit_id"], process.current_step["role"])
        if dossier.appointment_at and new_appointment_at <= dossier.appointment_at:
            raise InvalidInput(_("Ngày hẹn mới phải sau ngày hẹn trả hiện tại."))
        if Apology.objects.filter(dossier=dossier, status=ApologyStatus.DRAFT).exists():
            raise InvalidInput(_("Hồ sơ đã có phiếu xin lỗi đang chờ duyệt."))
        return Apology.objects.create(
            dossier=dossier,
            reason=reason,
            new_appointment_at=new_appointment_at,
            old_appointment_at=dossier.appointment_at,
            drafted_by=actor,
        )


def approve_apology(apology_id: int, *, actor) -> Apology:
    """A leader of the receiving unit approves: the appointment becomes the new date, the
    dossier keeps counting as late, and the applicant is emailed after commit."""
    with transaction.atomic():
        apology = Apology.objects.select_for_update().get(pk=apology_id)
        dossier = _lock(apology.dossier_id, None)
        require_role(actor, dossier.unit_id, Role.LEADER)
        if apology.status != ApologyStatus.DRAFT:
            raise IllegalTransition(_("Phiếu xin lỗi này đã được duyệt."))
        apology.status = ApologyStatus.APPROVED
        apology.approved_by = actor
        apology.approved_at = now()
        apology.save(update_fields=["status", "approved_by", "approved_at"])
        DossierProcess.objects.filter(dossier=dossier).update(counts_as_late=True)
        record_step(
            dossier.pk,
            actor=actor,
            step=_("Phê duyệt phiếu xin lỗi, hẹn lại ngày trả kết quả"),
            note=apology.reason,
            note_for_applicant=True,
            appointment_at=apology.new_appointment_at,
            event="apology",
        )
        return apology


def set_totp_policy(*, actor, required: bool) -> StaffPolicy:
    """Make the TOTP second factor mandatory for all staff, or optional again. Only a
    province admin (or a superuser) may; anyone else gets NotPermitted and nothing changes."""
    if not is_province_admin(actor):
        raise NotPermitted(_("Chỉ quản trị cấp tỉnh được thay đổi chính sách xác thực hai bước."))
    with transaction.atomic():
        policy = StaffPolicy.objects.select_for_update().order_by("pk").first() or StaffPolicy()
        policy.require_totp = required
        policy.save()
    return policy
