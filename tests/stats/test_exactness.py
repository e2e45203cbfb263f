"""After a random mix of actions over several weeks, every figure of the summary tables
equals the same figure computed from the dossiers directly, and the rebuild from the
dossiers gives the same rows."""

import random
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from motcua.catalog.models import ProcedureChannel
from motcua.catalog.services import current_version
from motcua.documents.models import DossierResult
from motcua.dossiers.models import Dossier, DossierChannel, Status, StatusHistory
from motcua.dossiers.services import DossierError
from motcua.feedback import services as feedback
from motcua.feedback.models import Feedback, Topic
from motcua.payments.models import Fee, FeeStatus, Payment, PaymentStatus
from motcua.payments.services import record_desk_payment
from motcua.processing import services
from motcua.processing.models import Apology, DossierProcess, SupplementRequest
from motcua.stats import selectors
from motcua.stats.models import COUNTERS, DayCount, MonthCount, Span, Track
from motcua.stats.services import offered_online, rebuild
from tests.factories import FieldFactory, OfferingFactory, ProcedureChannelFactory
from tests.processing.factories import new_dossier

pytestmark = pytest.mark.django_db
FIRST_DAY = date(2026, 9, 1)
# Per status, the actions tried and their weights: dossiers move on more often than they stop.
ACTIONS = {
    Status.NEW: {"receive": 6, "refuse": 1, "withdraw": 1},
    Status.PROCESSING: {
        "step": 4,
        "supplement": 2,
        "financial": 1,
        "apology": 1,
        "withdraw": 0.3,
        "stop": 0.3,
    },
    Status.SUPPLEMENT: {"resume": 4, "stop": 0.5, "withdraw": 0.3},
    Status.FINANCIAL: {"resume": 4, "withdraw": 0.3, "pay": 2},
    Status.DONE: {"return": 1, "pay": 1, "complain": 0.3},
    Status.RETURNED: {"complain": 0.3},
}


def act(action: str, dossier: Dossier, staff, rng: random.Random, at: datetime) -> None:
    pk = dossier.pk
    try:
        if action == "receive":
            services.receive(pk, actor=staff)
        elif action == "step":
            services.complete_step(pk, actor=staff)
        elif action == "supplement":
            services.request_supplement(pk, actor=staff, missing=["Tờ khai"], reason="Thiếu")
        elif action == "financial":
            services.request_financial_obligation(pk, actor=staff, note="Nộp lệ phí")
        elif action == "resume":
            services.resume(pk, actor=staff)
        elif action == "apology":
            apology = services.draft_apology(
                pk,
                actor=staff,
                reason="Chậm",
                new_appointment_at=at + timedelta(days=rng.randint(3, 9)),
            )
            services.approve_apology(apology.pk, actor=staff)
        elif action == "refuse":
            services.refuse(pk, actor=staff, reason="Sai thẩm quyền")
        elif action == "withdraw":
            services.withdraw(pk, actor=staff, reason="Xin rút")
        elif action == "stop":
            services.stop(pk, actor=staff, reason="Không bổ sung")
        elif action == "return":
            services.return_result(pk, actor=staff, received_by_name="Nguyễn Văn An")
        elif action == "pay":
            pay_at_desk(dossier, staff, rng)
        elif action == "complain":
            complain(dossier, staff, upheld=rng.random() < 0.7)
    except DossierError:
        pass  # e.g. an apology when the dossier is not late enough: the mix goes on


def pay_at_desk(dossier: Dossier, staff, rng: random.Random) -> None:
    fee = Fee.objects.filter(dossier=dossier, status=FeeStatus.DUE).first()
    if fee is not None:
        method = rng.choice(("cash", "transfer"))
        record_desk_payment(fee.pk, actor=staff, method=method, receipt_number=f"BL-{fee.pk}")


def complain(dossier: Dossier, staff, *, upheld: bool) -> None:
    sending = feedback.Sending(
        kind="complaint",
        topic=Topic.DOSSIER,
        sender_name="Lê Văn Cường",
        sender_email="cuong@example.vn",
        title="Chậm trả kết quả",
        content="Hồ sơ bị hẹn lại.",
        dossier=dossier,
    )
    item = feedback.submit(sending)
    feedback.answer(item.pk, actor=staff, text="Đã xem xét.", upheld=upheld)


@pytest.fixture
def mixed(commune, other_commune, staff, clock):
    from tests.processing.factories import officer

    other_staff = officer(other_commune, "desk_officer", "specialist", "leader")
    rng = random.Random(766)
    fields = [FieldFactory(), FieldFactory()]
    dossiers = []
    for n in range(20):
        unit, actor = (commune, staff) if n % 3 else (other_commune, other_staff)
        channel = DossierChannel.ONLINE if n % 4 else DossierChannel.DIRECT
        dossier = new_dossier(unit, days=rng.choice((1, 2, 5)), channel=channel)
        dossier.procedure.field = fields[n % 2] if n % 5 else None
        dossier.procedure.save()
        ProcedureChannelFactory(procedure=dossier.procedure, channel="direct", fee_vnd=50000)
        if n % 3 == 0:  # offered online (4.1 counts its return)
            OfferingFactory(unit=unit, procedure=dossier.procedure, online_level=3)
        if n % 2:  # a fee to pay, from the version the dossier is frozen in
            ProcedureChannel.objects.filter(procedure=dossier.procedure).update(fee_vnd=30000)
            dossier.procedure_version = current_version(dossier.procedure)
            dossier.save(update_fields=["procedure_version"])
        dossiers.append((dossier, actor))
    moment = datetime(2026, 9, 1, 8, tzinfo=timezone.get_current_timezone())
    for _round in range(200):
        moment += timedelta(hours=rng.choice((1, 3, 7, 20)))
        at = clock.at(*moment.timetuple()[:5])
        dossier, actor = rng.choice(dossiers)
        dossier.refresh_from_db(fields=["status"])
        choices = ACTIONS.get(dossier.status)
        if choices:
            act(rng.choices(list(choices), list(choices.values()))[0], dossier, actor, rng, at)
    return timezone.localdate(moment)


# --- the figures computed from the dossiers, without the summaries --------------------


def day(moment):
    return timezone.localdate(moment) if moment else None


def facts() -> list[dict]:
    """Per received dossier: unit, receipt day, channel, the day and way it left."""
    left = {}
    for dossier_id, at in StatusHistory.objects.filter(
        to_status__in=(Status.WITHDRAWN, Status.STOPPED)
    ).values_list("dossier_id", "at"):
        left[dossier_id] = (day(at), "closed")
    rows = []
    for d in Dossier.objects.filter(received_at__isnull=False).select_related("process"):
        process = d.process
        leaving = (
            (day(process.finished_at), process.timeliness)
            if process.finished_at
            else left.get(d.pk, (None, None))
        )
        rows.append(
            {
                "dossier": d,
                "unit": d.unit_id,
                "received": day(d.received_at),
                "online": d.channel == DossierChannel.ONLINE,
                "left": leaving[0],
                "outcome": leaving[1],
            }
        )
    return rows


def waiting_at(end: date) -> Counter:
    """Per unit: dossiers waiting for the applicant (5, 6) at the end of `end`."""
    state = {}
    for dossier_id, unit_id, to_status, at in StatusHistory.objects.order_by(
        "at", "id"
    ).values_list("dossier_id", "dossier__unit_id", "to_status", "at"):
        if day(at) <= end:
            state[dossier_id] = (unit_id, to_status)
    return Counter(
        unit for unit, status in state.values() if status in (Status.SUPPLEMENT, Status.FINANCIAL)
    )


def direct_figures(unit_id: int, start: date, end: date, now: date) -> dict:
    rows = [r for r in facts() if r["unit"] == unit_id]
    within = lambda d: d is not None and start <= d <= end  # noqa: E731
    open_at = lambda r, e: r["received"] <= e and (r["left"] is None or r["left"] > e)  # noqa: E731
    figures = {
        "received_online": sum(within(r["received"]) and r["online"] for r in rows),
        "received_other": sum(within(r["received"]) and not r["online"] for r in rows),
        "carried": sum(
            r["received"] < start and (r["left"] is None or r["left"] >= start) for r in rows
        ),
        "resolved_early": sum(within(r["left"]) and r["outcome"] == "early" for r in rows),
        "resolved_on_time": sum(within(r["left"]) and r["outcome"] == "on_time" for r in rows),
        "resolved_late": sum(within(r["left"]) and r["outcome"] == "late" for r in rows),
        "progress_total": sum(open_at(r, end) for r in rows),
        "supplements": sum(
            within(day(at))
            for at in SupplementRequest.objects.filter(dossier__unit_id=unit_id).values_list(
                "requested_at", flat=True
            )
        ),
    }
    for name, status in (("refused", Status.NOT_RECEIVED), ("withdrawn", Status.WITHDRAWN)):
        figures[name] = sum(
            within(day(at))
            for at in StatusHistory.objects.filter(
                dossier__unit_id=unit_id, to_status=status
            ).values_list("at", flat=True)
        )
    if end >= now:  # today's and future states: late = past the appointment or counting as late
        figures["progress_late"] = sum(
            open_at(r, end)
            and r["dossier"].status in (Status.RECEIVED, Status.PROCESSING)
            and (r["dossier"].process.counts_as_late or day(r["dossier"].appointment_at) <= end)
            for r in rows
        )
    figures["waiting"] = waiting_at(end)[unit_id]
    return {**figures, **event_figures(unit_id, within)}


def event_figures(unit_id: int, within) -> dict:
    """3.6, 4.1 and upheld feedback from the payments, the history and the feedback."""
    first_paid = {}
    for dossier_id, method, paid_at in (
        Payment.objects.filter(dossier__unit_id=unit_id, status=PaymentStatus.PAID)
        .order_by("paid_at", "pk")
        .values_list("dossier_id", "method", "paid_at")
    ):
        first_paid.setdefault(dossier_id, (day(paid_at), method))
    returned = [
        (day(row.at), DossierResult.objects.filter(dossier=row.dossier).exists())
        for row in StatusHistory.objects.filter(
            dossier__unit_id=unit_id, to_status=Status.RETURNED
        ).select_related("dossier")
        if offered_online(row.dossier)
    ]
    upheld = Feedback.objects.filter(dossier__unit_id=unit_id, upheld=True)
    return {
        "paid": sum(within(paid) for paid, _method in first_paid.values()),
        "paid_online": sum(within(paid) and m == "online" for paid, m in first_paid.values()),
        "returned": sum(within(at) for at, _signed in returned),
        "e_results": sum(within(at) and signed for at, signed in returned),
        "upheld": sum(within(day(at)) for at in upheld.values_list("answered_at", flat=True)),
    }


def test_summaries_equal_the_figures_from_the_dossiers(mixed, commune, other_commune):
    now = mixed
    assert DayCount.objects.exists() and Apology.objects.exists()
    assert DossierProcess.objects.filter(supplement_count__gte=2).exists()
    assert Payment.objects.exists() and Feedback.objects.filter(upheld=True).exists()
    assert DayCount.objects.filter(returned__gt=0).exists()
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {Status.PROCESSING, Status.RETURNED, Status.NOT_RECEIVED, Status.WITHDRAWN} <= statuses
    periods = [(FIRST_DAY, FIRST_DAY + timedelta(days=n)) for n in (6, 13, 20)]
    periods += [
        (FIRST_DAY + timedelta(days=10), now),
        (FIRST_DAY + timedelta(days=14), now + timedelta(days=9)),
    ]
    for start, end in periods:
        summed = selectors.sums_by("unit_id", start, end, None)
        for unit in (commune, other_commune):
            expected = direct_figures(unit.pk, start, end, now)
            got = selectors._complete({**selectors.EMPTY, **summed.get(unit.pk, {})})
            assert {k: got[k] for k in expected} == expected, (start, end, unit.name)


def test_rebuild_from_the_dossiers_gives_the_same_counts(mixed):
    names = [name for name in COUNTERS if not name.startswith("late_")]

    def counted():
        rows = defaultdict(Counter)
        for values in DayCount.objects.values_list(
            "unit_id", "field_id", "day", *names, "resolved_hours"
        ):
            rows[values[:3]] += Counter(dict(zip([*names, "h"], values[3:], strict=True)))
        return {key: +value for key, value in rows.items() if +value}  # zeros dropped

    kept = counted()
    Track.objects.all().delete()  # the rebuild starts from the dossiers alone
    Span.objects.all().delete()
    rebuild(today=mixed)
    assert counted() == kept


def test_month_rows_are_the_sums_of_their_days(mixed):
    def by_month(model, month_of):
        rows = defaultdict(Counter)
        for values in model.objects.values_list("unit_id", "field_id", "day", *COUNTERS):
            rows[(*values[:2], month_of(values[2]))] += Counter(
                dict(zip(COUNTERS, values[3:], strict=True))
            )
        return {key: +value for key, value in rows.items() if +value}

    months = by_month(MonthCount, lambda day: day)
    assert months and months == by_month(DayCount, lambda day: day.replace(day=1))
