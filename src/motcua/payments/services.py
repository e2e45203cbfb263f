"""Every write about fees and payments.

- Fees are made from the frozen catalogue when a dossier is received (`on_transition`, a
  dossiers transition hook, so walk-in and online dossiers alike); an officer corrects an
  amount with a reason (`correct_fee`), adds a fee the catalogue lacks (`add_fee`), exempts
  a fee with a reason (`exempt_fee`) or records cash or a transfer with its receipt number
  (`record_desk_payment`).
- Online: `start_payment` makes a pending Payment and the gateway address; `settle` is the
  ONE place that believes a gateway message (signature, our order, exact amount, not settled
  yet, in that order) and marks the payment and its fee paid. It is called for the server
  notification (IPN) and for a status query (`reconcile`), never for the browser's return.
- The dossier moves on only after a verified payment: waiting for the fee (6) → processing
  (4) once nothing is owed. It cannot be returned (10) while a fee is owed (`on_transition`).
- A level-4 dossier whose applicant chose the electronic result is returned (9 → 10) with
  nobody at a counter (`deliver_electronic_result`): when it is finished (`on_change`, a
  dossiers change listener) if nothing is owed then, else when its last fee is settled.
"""

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import Offering
from motcua.documents.selectors import has_signed_result
from motcua.dossiers.models import Dossier, DossierChannel, ResultDelivery, Status, StatusHistory
from motcua.dossiers.services import DossierError, IllegalTransition, change_status, record_step
from motcua.org.models import Role
from motcua.processing.models import DeskPayment
from motcua.processing.services import InvalidInput, require_role

from . import selectors
from .base import Outcome, PaymentProvider, ProviderError, Verdict
from .models import (
    EventKind,
    Fee,
    FeeChange,
    FeeStatus,
    Payment,
    PaymentEvent,
    PaymentMethod,
    PaymentStatus,
)
from .registry import get_provider

# Statuses in which the applicant may pay online (submitted and not finished with).
PAYABLE = (
    Status.NEW,
    Status.RECEIVED,
    Status.PROCESSING,
    Status.SUPPLEMENT,
    Status.FINANCIAL,
    Status.DONE,
)
MAX_AMOUNT_VND = 10**12


class PaymentError(DossierError):
    default_message = gettext_lazy("Không thể thực hiện thanh toán cho hồ sơ này.")


class GatewayUnavailable(PaymentError):
    default_message = gettext_lazy(
        "Cổng thanh toán tạm thời chưa sẵn sàng. Vui lòng thử lại sau ít phút."
    )


# --- the dossier's lifecycle ------------------------------------------------------------------


def on_transition(dossier: Dossier, from_status: int, at: datetime) -> None:
    """Inside every status change (dossiers.services.register_transition_hook): keep the
    online level of the submission (and the result delivery of that level if none was
    chosen), make the catalogue's fees at reception, and refuse the return of the result
    while a fee is owed. A change that keeps the status does nothing."""
    if from_status == dossier.status:
        return
    if from_status == Status.DRAFT:  # the submission (online or walk-in): never again
        dossier.online_level = (
            Offering.objects.filter(unit_id=dossier.unit_id, procedure_id=dossier.procedure_id)
            .values_list("online_level", flat=True)
            .first()
        )
        dossier.result_delivery = dossier.result_delivery or _default_delivery(dossier)
    if dossier.status == Status.RECEIVED:
        _make_catalogue_fees(dossier)
    elif dossier.status == Status.RETURNED:
        _collect_from_return_form(dossier)
        _refuse_return_while_owed(dossier)


def _default_delivery(dossier: Dossier) -> str:
    """A dossier that did not choose: an online level-4 dossier gets its result online, any
    other at the desk."""
    online_full = dossier.channel == DossierChannel.ONLINE and selectors.pays_online(dossier)
    return ResultDelivery.ELECTRONIC if online_full else ResultDelivery.DESK


def on_change(dossier: Dossier, entry: StatusHistory, event: str) -> None:
    """Change listener (dossiers.services.register_change_listener): a dossier just finished
    (→ 9) is delivered at once when it can be. `dossier` is the caller's object: it is
    brought up to date, so the caller sees the status it ends in."""
    if event == "status" and entry.to_status == Status.DONE and deliver_electronic_result(dossier):
        dossier.refresh_from_db()


def deliver_electronic_result(dossier: Dossier) -> bool:
    """9 → 10 with nobody at a counter, inside the caller's transaction (the dossier row is
    locked by it): for a level-4 dossier whose applicant chose the electronic result, once
    its result is signed and no fee is owed. Whether it moved; a dossier already returned,
    or one still owing, is left alone (so a repeated notification changes nothing)."""
    if not (
        dossier.status == Status.DONE
        and dossier.result_delivery == ResultDelivery.ELECTRONIC
        and selectors.pays_online(dossier)
        and has_signed_result(dossier.pk)
        and not selectors.unsettled_fees(dossier.pk).exists()
    ):
        return False
    change_status(
        dossier.pk,
        Status.RETURNED,
        actor=None,
        note=_("Đã trả kết quả điện tử"),
        note_for_applicant=True,
        step=_("Trả kết quả điện tử trên Cổng"),
    )
    return True


def _refuse_return_while_owed(dossier: Dossier) -> None:
    if selectors.unsettled_fees(dossier.pk).exists():
        raise IllegalTransition(
            _(
                "Hồ sơ còn khoản phí, lệ phí chưa nộp: ghi nhận việc nộp phí (hoặc miễn thu, "
                "có lý do) trước khi trả kết quả."
            )
        )


def _collect_from_return_form(dossier: Dossier) -> None:
    """The desk's return form (processing.return_result) records the amount collected and a
    receipt number with the result: when they match exactly what the dossier owes, that is
    the desk payment of its fees (one Payment per fee, with that receipt number)."""
    collected = DeskPayment.objects.filter(dossier_id=dossier.pk).first()
    owed = list(selectors.unsettled_fees(dossier.pk).select_for_update())
    if not (collected and collected.receipt_number and owed):
        return
    if any(fee.amount_vnd is None for fee in owed):
        return
    if sum(fee.amount_vnd for fee in owed) != collected.amount_vnd:
        return
    for fee in owed:
        _desk_payment(fee, dossier, collected.officer, PaymentMethod.CASH, collected.receipt_number)


def _make_catalogue_fees(dossier: Dossier) -> None:
    if Fee.objects.filter(dossier_id=dossier.pk).exists():
        return
    fee = selectors.catalogue_fee(dossier)
    if not fee.charged:
        return
    Fee.objects.create(
        dossier_id=dossier.pk,
        purpose=(fee.text or _("Phí, lệ phí giải quyết thủ tục"))[:500],
        amount_vnd=fee.amount_vnd,
    )


def _locked_fee(fee_id: int) -> tuple[Fee, Dossier]:
    """The fee and its dossier, locked dossier first (the order every writer here uses)."""
    dossier_id = Fee.objects.values_list("dossier_id", flat=True).get(pk=fee_id)
    dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
    return Fee.objects.select_for_update().get(pk=fee_id), dossier


def _require_due(fee: Fee) -> None:
    if fee.status != FeeStatus.DUE:
        raise IllegalTransition(
            _("Khoản phí này đã ở trạng thái “%(status)s”.") % {"status": fee.get_status_display()}
        )


def _require_reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(message)
    return reason


def correct_fee(fee_id: int, *, actor, amount_vnd: int, reason: str) -> Fee:
    """An officer of the dossier's unit sets a fee's amount (an amount the catalogue leaves
    to them, or a correction), with a reason: a FeeChange row and a line in the dossier's
    history."""
    reason = _require_reason(reason, _("Ghi rõ lý do điều chỉnh số tiền."))
    amount_vnd = _checked_amount(amount_vnd)
    with transaction.atomic():
        fee, dossier = _locked_fee(fee_id)
        require_role(actor, dossier.unit_id, Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER)
        _require_due(fee)
        if fee.payments.filter(status=PaymentStatus.PENDING).exists():
            raise IllegalTransition(
                _("Người nộp đang thanh toán khoản phí này; chờ kết quả rồi điều chỉnh.")
            )
        FeeChange.objects.create(
            fee=fee,
            old_amount_vnd=fee.amount_vnd,
            new_amount_vnd=amount_vnd,
            reason=reason,
            actor=actor,
        )
        fee.amount_vnd = amount_vnd
        fee.save(update_fields=["amount_vnd"])
        record_step(dossier.pk, actor=actor, step=_("Điều chỉnh phí, lệ phí"), note=reason)
    return fee


def add_fee(dossier_id: int, *, actor, purpose: str, amount_vnd: int, reason: str) -> Fee:
    """An officer of the dossier's unit adds a fee the catalogue does not give (e.g. per copy
    or per page), with what it is for and why: a FeeChange row and a line in the history."""
    purpose = _require_reason(purpose, _("Ghi rõ khoản thu."))[:500]
    reason = _require_reason(reason, _("Ghi rõ căn cứ tính số tiền."))
    amount_vnd = _checked_amount(amount_vnd)
    if not amount_vnd:
        raise InvalidInput(_("Số tiền phải lớn hơn 0."))
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
        require_role(actor, dossier.unit_id, Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER)
        if dossier.status not in PAYABLE or dossier.status == Status.NEW:
            raise IllegalTransition(_("Chỉ thêm khoản phí cho hồ sơ đang giải quyết."))
        fee = Fee.objects.create(dossier=dossier, purpose=purpose, amount_vnd=amount_vnd)
        FeeChange.objects.create(
            fee=fee, old_amount_vnd=None, new_amount_vnd=amount_vnd, reason=reason, actor=actor
        )
        record_step(
            dossier.pk, actor=actor, step=_("Thêm khoản phí, lệ phí"), note=f"{purpose}: {reason}"
        )
    return fee


def _checked_amount(amount_vnd) -> int:
    if amount_vnd is None or not 0 <= int(amount_vnd) <= MAX_AMOUNT_VND:
        raise InvalidInput(_("Số tiền phải là số đồng, không âm."))
    return int(amount_vnd)


def exempt_fee(fee_id: int, *, actor, reason: str) -> Fee:
    """The desk or a leader of the unit records that a fee is not collected, with a reason."""
    reason = _require_reason(reason, _("Ghi rõ lý do miễn thu."))
    with transaction.atomic():
        fee, dossier = _locked_fee(fee_id)
        require_role(actor, dossier.unit_id, Role.DESK_OFFICER, Role.LEADER)
        _require_due(fee)
        fee.status = FeeStatus.EXEMPT
        fee.exemption_reason = reason
        fee.decided_by = actor
        fee.settled_at = timezone.now()
        fee.save(update_fields=["status", "exemption_reason", "decided_by", "settled_at"])
        record_step(dossier.pk, actor=actor, step=_("Miễn thu phí, lệ phí"), note=reason)
        _after_settled(dossier, actor)
    return fee


def record_desk_payment(fee_id: int, *, actor, method: str, receipt_number: str) -> Payment:
    """A desk officer records cash or a transfer received for the fee, with the receipt
    number (level 3: the applicant pays at the desk)."""
    receipt_number = _require_reason(receipt_number, _("Ghi số biên lai."))[:64]
    if method not in (PaymentMethod.CASH, PaymentMethod.TRANSFER):
        raise InvalidInput(_("Chọn hình thức nộp: tiền mặt hoặc chuyển khoản."))
    with transaction.atomic():
        fee, dossier = _locked_fee(fee_id)
        require_role(actor, dossier.unit_id, Role.DESK_OFFICER)
        _require_due(fee)
        if not fee.amount_vnd:
            raise InvalidInput(_("Khoản phí chưa có số tiền: nhập số tiền trước."))
        payment = _desk_payment(fee, dossier, actor, method, receipt_number)
        record_step(
            dossier.pk,
            actor=actor,
            step=_("Thu phí, lệ phí"),
            note=_("Biên lai số %(number)s") % {"number": receipt_number},
        )
        _after_settled(dossier, actor)
    return payment


def _desk_payment(fee: Fee, dossier: Dossier, actor, method: str, receipt_number: str) -> Payment:
    now = timezone.now()
    payment = Payment.objects.create(
        reference=new_reference(),
        fee=fee,
        dossier=dossier,
        method=method,
        amount_vnd=fee.amount_vnd,
        status=PaymentStatus.PAID,
        verified_by="desk",
        receipt_number=receipt_number,
        officer=actor,
        paid_at=now,
    )
    PaymentEvent.objects.create(payment=payment, kind=EventKind.DESK, code=method)
    _mark_fee_paid(fee, payment)
    return payment


def _mark_fee_paid(fee: Fee, payment: Payment) -> None:
    fee.status = FeeStatus.PAID
    fee.settled_at = payment.paid_at
    fee.save(update_fields=["status", "settled_at"])
    for hook in _paid_hooks:
        hook(payment)


PaidHook = Callable[[Payment], None]
_paid_hooks: list[PaidHook] = []


def register_paid_hook(hook: PaidHook) -> None:
    """Run `hook(payment)` inside the transaction that confirms a fee's payment (desk or
    online; the dossier row is locked), so stats counts paid and online-paid dossiers exactly
    without payments knowing of stats (which registers it from `AppConfig.ready`)."""
    if hook not in _paid_hooks:
        _paid_hooks.append(hook)


def _after_settled(dossier: Dossier, actor) -> None:
    """A dossier waiting for its financial obligation (6) goes back to processing once
    nothing is owed (the clock starts again); a finished one with an electronic result is
    delivered."""
    dossier.refresh_from_db(fields=["status"])
    if dossier.status == Status.DONE:
        deliver_electronic_result(dossier)
    elif dossier.status == Status.FINANCIAL and not selectors.unsettled_fees(dossier.pk).exists():
        change_status(
            dossier.pk,
            Status.PROCESSING,
            actor=actor,
            note=_("Đã hoàn thành nghĩa vụ tài chính"),
            step=_("Tiếp tục xử lý"),
        )


def new_reference() -> str:
    """Our payment reference (vnp_TxnRef): date + 10 random hex digits, unique by constraint."""
    return f"{timezone.localdate():%y%m%d}{secrets.token_hex(5).upper()}"


# --- online payment -------------------------------------------------------------------------


def start_payment(
    dossier_id: int, fee_id: int, *, user, return_url: str, client_ip: str, base_url: str
) -> tuple[Payment, str]:
    """A pending online payment of one fee of the applicant's own level-4 dossier, and the
    gateway address to send them to. Its status is asked again after the gateway's expiry
    (`reconcile`) if no notification settled it by then."""
    provider = get_provider()
    with transaction.atomic():
        own = Dossier.objects.select_for_update().filter(applicant_id=user.pk)
        dossier = own.get(pk=dossier_id)
        fee = Fee.objects.select_for_update().get(pk=fee_id, dossier=dossier)
        if dossier.status not in PAYABLE or not selectors.pays_online(dossier):
            raise PaymentError(_("Hồ sơ này không thanh toán trực tuyến."))
        _require_due(fee)
        if not fee.amount_vnd:
            raise PaymentError(_("Khoản phí chưa có số tiền; cơ quan sẽ thông báo cho bạn."))
        payment = Payment(
            reference=new_reference(),
            fee=fee,
            dossier=dossier,
            method=PaymentMethod.ONLINE,
            provider=provider.name,
            amount_vnd=fee.amount_vnd,
            payer=user,
        )
        try:
            url = provider.start(
                payment, return_url=return_url, client_ip=client_ip, base_url=base_url
            )
        except ProviderError:
            raise GatewayUnavailable() from None
        payment.save(force_insert=True)
        PaymentEvent.objects.create(payment=payment, kind=EventKind.START, params={"url": url})
        _check_later(payment.pk)
    return payment, url


def _check_later(payment_id: int) -> None:
    """Ask the gateway about the payment once it has expired there, if still pending."""
    from .tasks import reconcile_payment

    backend = reconcile_payment.get_backend()
    if not backend.supports_defer:
        return
    minutes = settings.MOTCUA_PAYMENT_RECONCILE_MINUTES
    run_after = timezone.now() + timedelta(minutes=minutes, seconds=30)
    transaction.on_commit(partial(reconcile_payment.using(run_after=run_after).enqueue, payment_id))


def _event(payment: Payment | None, kind: str, outcome: Outcome, verdict: Verdict, code: str):
    PaymentEvent.objects.create(
        payment=payment,
        kind=kind,
        accepted=verdict is Verdict.CONFIRMED,
        code=code[:8],
        message=verdict.value,
        params=outcome.params,
    )


def settle(provider: PaymentProvider, outcome: Outcome, *, kind: str) -> Verdict:
    """Believe a gateway message (IPN or status query) or refuse it; every message is
    recorded as a PaymentEvent. Repeating a message changes nothing (ALREADY_CONFIRMED)."""
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .filter(reference=outcome.reference, provider=provider.name)
            .first()
            if outcome.reference
            else None
        )
        verdict = _judge(payment, outcome)
        code = provider.notification_answer(verdict).get("RspCode", verdict.value)
        if verdict is Verdict.CONFIRMED:
            _apply(payment, outcome, kind)
        _event(payment, kind, outcome, verdict, outcome.code or code)
    return verdict


def _judge(payment: Payment | None, outcome: Outcome) -> Verdict:
    if not outcome.signature_ok:
        return Verdict.BAD_SIGNATURE
    if payment is None:
        return Verdict.UNKNOWN_ORDER
    if outcome.amount_vnd != payment.amount_vnd and (outcome.success or outcome.amount_vnd):
        return Verdict.WRONG_AMOUNT
    if payment.status != PaymentStatus.PENDING:
        return Verdict.ALREADY_CONFIRMED
    return Verdict.CONFIRMED


def _apply(payment: Payment, outcome: Outcome, kind: str) -> None:
    now = timezone.now()
    payment.provider_transaction = outcome.transaction[:64]
    payment.verified_by = kind
    if not outcome.success:
        payment.status = PaymentStatus.FAILED
        payment.save(update_fields=["status", "provider_transaction", "verified_by"])
        return
    fee, dossier = _locked_fee(payment.fee_id)
    payment.paid_at = now
    payment.status = PaymentStatus.PAID if fee.status == FeeStatus.DUE else PaymentStatus.DUPLICATE
    payment.save(update_fields=["status", "provider_transaction", "verified_by", "paid_at"])
    if payment.status == PaymentStatus.PAID:
        _mark_fee_paid(fee, payment)
        record_step(
            dossier.pk,
            actor=None,
            step=_("Thanh toán trực tuyến phí, lệ phí"),
            note=_("Mã thanh toán %(reference)s") % {"reference": payment.reference},
        )
        _after_settled(dossier, None)


def record_return(provider: PaymentProvider, params: dict) -> Payment | None:
    """The browser came back from the gateway: recorded, never believed (the payment stays
    as the IPN or the status query left it). Returns the payment it names, if ours."""
    outcome = provider.parse_return(params)
    payment = Payment.objects.filter(reference=outcome.reference, provider=provider.name).first()
    PaymentEvent.objects.create(
        payment=payment,
        kind=EventKind.RETURN,
        accepted=outcome.signature_ok and payment is not None,
        code=outcome.code[:8],
        params=outcome.params,
    )
    return payment if outcome.signature_ok else None


def reconcile(payment_id: int) -> str:
    """Ask the gateway about a payment still pending and settle it with the answer; a
    gateway that cannot answer now is recorded and asked again by the next run."""
    payment = Payment.objects.filter(pk=payment_id).first()
    if payment is None or payment.status != PaymentStatus.PENDING or not payment.provider:
        return "skipped"
    provider = get_provider(payment.provider)
    try:
        outcome = provider.query(payment)
    except ProviderError as error:
        PaymentEvent.objects.create(
            payment=payment, kind=EventKind.QUERY, accepted=False, message=str(error)[:255]
        )
        return "unavailable"
    if outcome.pending and outcome.signature_ok:
        PaymentEvent.objects.create(
            payment=payment, kind=EventKind.QUERY, code=outcome.code[:8], params=outcome.params
        )
        return "pending"
    return settle(provider, outcome, kind=EventKind.QUERY).value


def reconcile_pending() -> dict[str, int]:
    """Every payment pending for longer than MOTCUA_PAYMENT_RECONCILE_MINUTES, asked about."""
    cutoff = timezone.now() - timedelta(minutes=settings.MOTCUA_PAYMENT_RECONCILE_MINUTES)
    results: dict[str, int] = {}
    for payment_id in selectors.pending_before(cutoff).values_list("pk", flat=True):
        result = reconcile(payment_id)
        results[result] = results.get(result, 0) + 1
    return results
