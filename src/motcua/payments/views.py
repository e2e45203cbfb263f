"""Payment pages: the applicant pays a fee online and downloads the fee receipt; the
gateway's browser return and server notification; the staff's fee actions and the province
admin's day list (with its XLSX). Thin: reads through selectors, writes through services."""

import json
import logging
from datetime import date, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from motcua.core import ratelimit
from motcua.core.models import AuditAction
from motcua.core.services import record_audit
from motcua.desk.access import staff_required
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_for_user
from motcua.dossiers.services import DossierError
from motcua.processing.actions import _money

from . import receipts, sandbox, selectors, services
from .base import Verdict
from .models import EventKind, Fee, PaymentStatus
from .registry import get_provider

logger = logging.getLogger(__name__)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


@login_required
@require_POST
def pay(request, pk: int, fee_id: int):
    """“Thanh toán”: to the gateway with a new pending payment of the fee."""
    return_url = request.build_absolute_uri(
        reverse("payments:return", args=[settings.MOTCUA_PAYMENT_PROVIDER])
    )
    try:
        payment, url = services.start_payment(
            pk,
            fee_id,
            user=request.user,
            return_url=return_url,
            client_ip=ratelimit.client_ip_or_none(request) or "127.0.0.1",
            base_url=_base_url(request),
        )
    except (Fee.DoesNotExist, Dossier.DoesNotExist):
        raise Http404 from None
    except DossierError as error:
        messages.error(request, error.message)
        return redirect("dossiers:detail", pk)
    return redirect(url)


@login_required
def result(request, reference: str):
    """The payer's view of one payment; refreshes itself while the gateway has not confirmed."""
    payment = selectors.payer_payment(request.user, reference)
    context = {"payment": payment, "pending": payment.status == PaymentStatus.PENDING}
    return render(request, "payments/result.html", context)


def gateway_return(request, provider: str):
    """The browser back from the gateway: recorded, never proof of payment."""
    payment = services.record_return(get_provider(provider), request.GET.dict())
    if payment is None:
        return render(request, "payments/return_refused.html", status=400)
    return redirect("payments:result", payment.reference)


@csrf_exempt
def notification(request, provider: str):
    """The gateway's server-to-server notification (IPN), answered in its own JSON."""
    gateway = get_provider(provider)
    params = request.GET.dict() if request.method == "GET" else request.POST.dict()
    try:
        verdict = services.settle(
            gateway, gateway.parse_notification(params), kind=EventKind.NOTIFY
        )
    except Exception:  # any failure is answered "other error": the gateway retries
        logger.exception("Payment notification from %s failed", provider)
        verdict = Verdict.ERROR
    return JsonResponse(gateway.notification_answer(verdict))


@login_required
def receipt(request, pk: int, payment_id: int):
    """The electronic fee receipt (biên lai) of a paid payment, as a PDF."""
    payment = selectors.receipt_payment(request.user, pk, payment_id)
    record_audit(AuditAction.DOWNLOAD, payment.dossier, request=request, detail="bien-lai")
    verify_url = request.build_absolute_uri(receipts.verify_path(payment))
    response = HttpResponse(receipts.receipt_pdf(payment, verify_url), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{payment.reference}.pdf"'
    return response


def verify_receipt(request, reference: str, token: str):
    """Public: whether a fee receipt was issued (scanned from its QR code). Shows only what
    the receipt itself prints, never the applicant."""
    decision = ratelimit.hit_request(request, "lookup")
    if not decision.allowed:
        response = render(request, "payments/verify.html", {"limited": True}, status=429)
        response["Retry-After"] = str(decision.retry_after)
        return response
    payment = receipts.verified_payment(reference, token)
    status = 200 if payment else 404
    return render(request, "payments/verify.html", {"payment": payment}, status=status)


# --- staff ----------------------------------------------------------------------------------

FEE_ACTIONS = {
    "correct": lambda fee_id, actor, data: services.correct_fee(
        fee_id, actor=actor, amount_vnd=_money(data, "amount_vnd"), reason=data.get("reason", "")
    ),
    "exempt": lambda fee_id, actor, data: services.exempt_fee(
        fee_id, actor=actor, reason=data.get("reason", "")
    ),
    "desk": lambda fee_id, actor, data: services.record_desk_payment(
        fee_id,
        actor=actor,
        method=data.get("method", ""),
        receipt_number=data.get("receipt_number", ""),
    ),
}


@staff_required
@require_POST
def add_fee(request, pk: int):
    dossier = dossier_for_user(request.user, pk)
    record_audit(AuditAction.CHANGE, dossier, request=request, detail="fee-add")
    try:
        services.add_fee(
            dossier.pk,
            actor=request.user,
            purpose=request.POST.get("purpose", ""),
            amount_vnd=_money(request.POST, "amount_vnd"),
            reason=request.POST.get("reason", ""),
        )
    except DossierError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã thực hiện thao tác."))
    return redirect("desk:detail", pk=dossier.pk)


@staff_required
@require_POST
def fee_action(request, pk: int, fee_id: int, action: str):
    dossier = dossier_for_user(request.user, pk)
    handler = FEE_ACTIONS.get(action)
    if handler is None or not Fee.objects.filter(pk=fee_id, dossier=dossier).exists():
        raise Http404
    record_audit(AuditAction.CHANGE, dossier, request=request, detail=f"fee-{action}")
    try:
        handler(fee_id, request.user, request.POST)
    except DossierError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã thực hiện thao tác."))
    return redirect("desk:detail", pk=dossier.pk)


def _day(value: str | None) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value or "", pattern).date()
        except ValueError:
            continue
    return timezone.localdate()


@staff_required
def day_report(request):
    """A day's payments per unit for the province admin, on screen or as XLSX."""
    day = _day(request.GET.get("ngay"))
    payments = selectors.day_payments(request.user, day)
    if request.GET.get("dinh_dang") == "xlsx":
        response = HttpResponse(receipts.day_xlsx(day, payments), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="thanh-toan-{day:%Y%m%d}.xlsx"'
        return response
    context = {
        "day": day,
        "payments": payments,
        "totals": selectors.totals_by_unit(payments),
        "refused": selectors.refused_events(request.user, day),
    }
    return render(request, "payments/day_report.html", context)


# --- the sandbox gateway --------------------------------------------------------------------


def _sandbox_enabled() -> None:
    if not settings.MOTCUA_SANDBOX_GATEWAY:
        raise Http404


def sandbox_pay(request):
    """The sandbox's payment page: the order (checked), then “pay” or “cancel”."""
    _sandbox_enabled()
    if request.method == "POST":
        try:
            url = sandbox.decide(request.POST.get("txn_ref", ""), pay="pay" in request.POST)
        except sandbox.SandboxTransaction.DoesNotExist:
            raise Http404 from None
        return redirect(url)
    ipn_url = request.build_absolute_uri(reverse("payments:ipn", args=["sandbox"]))
    try:
        row = sandbox.receive_order(request.GET.dict(), ipn_url)
    except sandbox.OrderRefused:
        return render(request, "payments/sandbox_refused.html", status=400)
    context = {"row": row, "amount_vnd": row.amount // 100, "decided": bool(row.response_code)}
    return render(request, "payments/sandbox_pay.html", context)


@csrf_exempt
@require_POST
def sandbox_api(request):
    """The sandbox's querydr API (JSON in, signed JSON out)."""
    _sandbox_enabled()
    try:
        body = json.loads(request.body.decode() or "{}")
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        return JsonResponse({"vnp_ResponseCode": "99", "vnp_Message": "Bad request"}, status=400)
    return JsonResponse(sandbox.query_answer(body))
