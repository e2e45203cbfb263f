"""Read queries for fees and payments. Who may see a dossier's fees and payments is the
dossier's own rule (`dossiers.selectors.dossier_for_user`: the applicant, staff of its units;
404 for anyone else)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from motcua.catalog.models import OnlineLevel
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import CATALOGUE_CHANNEL, dossier_for_user
from motcua.processing.selectors import is_province_admin

from .models import Fee, FeeStatus, Payment, PaymentEvent, PaymentStatus


@dataclass(frozen=True)
class CatalogueFee:
    """What the frozen catalogue says a dossier costs. `amount_vnd` None with `charged`:
    an amount the officer enters (per copy, per page…)."""

    amount_vnd: int | None
    text: str

    @property
    def charged(self) -> bool:
        return bool(self.amount_vnd) or (self.amount_vnd is None and bool(self.text))


def catalogue_fee(dossier: Dossier) -> CatalogueFee:
    """The fee of the dossier's channel in the procedure version it is filed under (another
    channel's when its own has none)."""
    snapshot = dossier.procedure_version.snapshot if dossier.procedure_version_id else {}
    rows = snapshot.get("channels") or []
    wanted = CATALOGUE_CHANNEL.get(dossier.channel)
    row = next((r for r in rows if r.get("channel") == wanted), None) or next(
        (r for r in rows if r.get("fee_vnd") is not None or r.get("fee_text")), None
    )
    if row is None:
        return CatalogueFee(None, "")
    amount = row.get("fee_vnd")
    return CatalogueFee(
        None if amount is None else int(amount), (row.get("fee_text") or "").strip()
    )


def pays_online(dossier: Dossier) -> bool:
    """Online payment belongs to full-online (level 4) dossiers; level 3 pays at the desk."""
    return dossier.online_level == OnlineLevel.FULL


def dossier_fees(dossier: Dossier) -> list[Fee]:
    """The dossier's fees, each with its `payments` (newest first) and their `events`."""
    payments = Payment.objects.order_by("-created_at", "-id").prefetch_related(
        Prefetch("events", queryset=PaymentEvent.objects.order_by("at", "id"))
    )
    return list(
        Fee.objects.filter(dossier=dossier)
        .prefetch_related(Prefetch("payments", queryset=payments), "changes")
        .order_by("id")
    )


def unsettled_fees(dossier_id: int) -> QuerySet[Fee]:
    return Fee.objects.filter(dossier_id=dossier_id, status=FeeStatus.DUE)


def dossier_payments(user, dossier_id: int) -> list[Payment]:
    """The payments of a dossier the user may see (Http404 otherwise)."""
    dossier = dossier_for_user(user, dossier_id)
    return list(
        Payment.objects.filter(dossier=dossier).select_related("fee").order_by("created_at", "id")
    )


def payer_payment(user, reference: str) -> Payment:
    """A payment of one of the user's own dossiers; Http404 otherwise."""
    payment = (
        Payment.objects.select_related("dossier", "fee")
        .filter(reference=reference, dossier__applicant_id=user.pk)
        .first()
    )
    if payment is None:
        raise Http404
    return payment


def receipt_payment(user, dossier_id: int, payment_id: int) -> Payment:
    """A paid payment of a dossier the user may see, for its fee receipt; Http404 otherwise."""
    dossier = dossier_for_user(user, dossier_id)
    payment = (
        Payment.objects.select_related("fee", "dossier__unit__parent", "dossier__procedure")
        .filter(pk=payment_id, dossier=dossier, status=PaymentStatus.PAID)
        .first()
    )
    if payment is None:
        raise Http404
    return payment


def day_payments(user, day: date) -> list[Payment]:
    """Every payment made on the local `day`, by unit then time: the province admin's
    reconciliation list (Http404 for anyone else)."""
    if not is_province_admin(user):
        raise Http404
    return list(
        Payment.objects.filter(status=PaymentStatus.PAID, paid_at__date=day)
        .select_related("dossier__unit", "fee")
        .order_by("dossier__unit__name", "paid_at", "id")
    )


def totals_by_unit(payments: list[Payment]) -> list[dict]:
    """Per unit: its name, how many payments and their sum (from the day's list)."""
    totals: dict[int, dict] = {}
    for payment in payments:
        unit = payment.dossier.unit
        row = totals.setdefault(unit.pk, {"unit": unit.name, "count": 0, "amount_vnd": 0})
        row["count"] += 1
        row["amount_vnd"] += payment.amount_vnd
    return list(totals.values())


def pending_before(moment) -> QuerySet[Payment]:
    return Payment.objects.filter(status=PaymentStatus.PENDING, created_at__lt=moment).exclude(
        provider=""
    )


def refused_events(user, day: date) -> list[PaymentEvent]:
    """The gateway messages refused on the local `day` (forged, wrong amount, unknown order,
    repeated): for the province admin's reconciliation (Http404 for anyone else)."""
    if not is_province_admin(user):
        raise Http404
    return list(
        PaymentEvent.objects.filter(accepted=False, at__date=day)
        .select_related("payment__dossier")
        .order_by("at", "id")[:500]
    )
