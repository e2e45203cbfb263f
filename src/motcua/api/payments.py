"""Payments of a dossier (bearer token): the applicant starts an online payment of a fee;
the applicant and the staff of the dossier's units list its payments. Anyone else gets 404."""

from datetime import datetime

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from motcua.core import ratelimit
from motcua.dossiers.models import Dossier
from motcua.payments import selectors, services
from motcua.payments.models import Fee, FeeStatus

from .auth import token_auth
from .schemas import DbId, ErrorOut, ValidationErrorOut

router = Router(tags=["Thanh toán"], auth=token_auth)
ERRORS = {404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut, 503: ErrorOut}


class PaymentIn(Schema):
    fee: DbId | None = None


class StartedOut(Schema):
    payment_id: int
    redirect_url: str


class PaymentOut(Schema):
    id: int
    reference: str
    fee: int
    purpose: str
    amount_vnd: int
    method: str
    status: str
    status_label: str
    created_at: datetime
    paid_at: datetime | None


def _due_fee(dossier_id: int) -> int:
    fee = Fee.objects.filter(dossier_id=dossier_id, status=FeeStatus.DUE).order_by("id").first()
    if fee is None:
        raise HttpError(409, _("Hồ sơ không còn khoản phí nào cần thanh toán."))
    return fee.pk


@router.post("/dossiers/{dossier_id}/payments", response={201: StartedOut, **ERRORS})
def start_payment(request: HttpRequest, dossier_id: DbId, payload: PaymentIn | None = None):
    """Start an online payment of a fee (`fee`, default: the first one owed) of your own
    dossier; send the payer's browser to `redirect_url`. The payment counts only once the
    gateway confirms it to MotCua, whatever the browser is shown."""
    if not Dossier.objects.filter(pk=dossier_id, applicant_id=request.auth.pk).exists():
        raise Http404(_("Không tìm thấy hồ sơ."))
    fee_id = payload.fee if payload and payload.fee else _due_fee(dossier_id)
    return_url = request.build_absolute_uri(
        reverse("payments:return", args=[settings.MOTCUA_PAYMENT_PROVIDER])
    )
    try:
        payment, url = services.start_payment(
            dossier_id,
            fee_id,
            user=request.auth,
            return_url=return_url,
            client_ip=ratelimit.client_ip_or_none(request) or "127.0.0.1",
            base_url=f"{request.scheme}://{request.get_host()}",
        )
    except Fee.DoesNotExist:
        raise Http404(_("Không tìm thấy khoản phí.")) from None
    except services.GatewayUnavailable as error:
        raise HttpError(503, error.message) from None
    except services.DossierError as error:
        raise HttpError(409, error.message) from None
    return Status(201, {"payment_id": payment.pk, "redirect_url": url})


@router.get("/dossiers/{dossier_id}/payments", response={200: list[PaymentOut], **ERRORS})
def list_payments(request: HttpRequest, dossier_id: DbId):
    """The dossier's payments, oldest first (its applicant and the staff of its units)."""
    return [
        {
            "id": payment.pk,
            "reference": payment.reference,
            "fee": payment.fee_id,
            "purpose": payment.fee.purpose,
            "amount_vnd": payment.amount_vnd,
            "method": payment.method,
            "status": payment.status,
            "status_label": payment.get_status_display(),
            "created_at": payment.created_at,
            "paid_at": payment.paid_at,
        }
        for payment in selectors.dossier_payments(request.auth, dossier_id)
    ]
