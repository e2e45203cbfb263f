"""The dossier generator on the small demo fixtures: deterministic, every status, unique codes
that continue the live counters, and history rows that walk to each dossier's status."""

from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils.timezone import localdate

from motcua.core.calendar import is_working_day
from motcua.demo.catalogue import load_catalogue
from motcua.demo.generator import Generator
from motcua.demo.staff import load_staff
from motcua.demo.units import load_units
from motcua.dossiers.models import (
    Dossier,
    DossierChannel,
    DossierCounter,
    DossierFile,
    Status,
    StatusHistory,
)
from motcua.dossiers.services import TRANSITIONS, issue_code
from motcua.payments.models import Payment
from motcua.processing.models import DossierProcess

DATA = Path(__file__).parent / "data"
UNITS = Path(__file__).parents[1] / "org" / "data" / "units-56-sample.csv"
UNTIL = date(2026, 11, 20)
COUNT = 300

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    load_units(UNITS)
    load_catalogue(DATA / "national-procedures-sample.jsonl", online_target=6)
    load_staff()


def generated() -> list[tuple]:
    return list(
        Dossier.objects.order_by("id").values_list(
            "code", "status", "channel", "unit_id", "procedure_id", "applicant_name", "submitted_at"
        )
    )


def test_the_same_seed_gives_the_same_dossiers(world):
    Generator(COUNT, seed=7, until=UNTIL).run()
    first = generated()
    Payment.objects.all().delete()  # money records protect their dossiers
    Dossier.objects.all().delete()
    DossierCounter.objects.all().delete()

    Generator(COUNT, seed=7, until=UNTIL).run()

    assert generated() == first
    assert len(first) == COUNT


def test_every_status_and_channel_with_unique_codes(world):
    count = 1000  # enough dossiers in the last two weeks for the short-lived statuses
    call_command("generate_demo_dossiers", str(count), "--seed=3", "--until=2026-11-20")

    statuses = Counter(Dossier.objects.values_list("status", flat=True))
    assert set(statuses) == set(Status.values)
    assert statuses[Status.RETURNED] == max(statuses.values())
    assert set(Dossier.objects.values_list("channel", flat=True)) == {1, 2, 3}
    codes = list(Dossier.objects.exclude(status=Status.DRAFT).values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == count - statuses[Status.DRAFT]
    assert not Dossier.objects.filter(status=Status.DRAFT, code__isnull=False).exists()


def test_the_counters_continue_so_a_real_submission_gets_a_fresh_code(world):
    Generator(COUNT, seed=5, until=UNTIL).run()
    last = Dossier.objects.exclude(code=None).select_related("unit").latest("submitted_at")

    with transaction.atomic():
        code = issue_code(last.unit, last.submitted_at)

    assert not Dossier.objects.filter(code=code).exists()
    assert int(code.rsplit("-", 1)[1]) == int(last.code.rsplit("-", 1)[1]) + 1
    assert Dossier.objects.create(
        code=code, procedure=last.procedure, unit=last.unit, status=Status.NEW
    )


def test_history_walks_legal_steps_to_each_dossier_status(world):
    Generator(COUNT, seed=11, until=UNTIL).run()
    rows: dict[int, list] = {}
    for entry in StatusHistory.objects.order_by("dossier_id", "id"):
        rows.setdefault(entry.dossier_id, []).append(entry)

    for dossier in Dossier.objects.all():
        history = rows.get(dossier.pk, [])
        if dossier.status == Status.DRAFT:
            assert history == []
            continue
        assert history[0].from_status == Status.DRAFT
        assert history[-1].to_status == dossier.status
        for before, after in zip(history, history[1:], strict=False):
            assert after.from_status == before.to_status
            assert after.at >= before.at
            assert after.to_status in TRANSITIONS[after.from_status] | {after.from_status}
        assert dossier.version == len(history)


def test_dates_files_and_processes_match_the_status(world):
    Generator(COUNT, seed=13, until=UNTIL).run()

    returned = Dossier.objects.filter(status=Status.RETURNED)
    assert not returned.filter(returned_at=None).exists()
    assert not returned.filter(finished_at=None).exists()
    assert not Dossier.objects.filter(status=Status.NEW, received_at__isnull=False).exists()
    timeliness = set(
        DossierProcess.objects.exclude(timeliness="").values_list("timeliness", flat=True)
    )
    assert timeliness == {"early", "on_time", "late"}
    assert DossierProcess.objects.filter(supplement_count__gt=0).exists()
    blobs = set(DossierFile.objects.values_list("file", flat=True))
    assert DossierFile.objects.count() > COUNT // 2
    assert len(blobs) <= 3
    assert not DossierFile.objects.filter(dossier__status=Status.DRAFT).exists()


def test_appointments_and_most_submissions_fall_on_working_days(world):
    """The official calendar, public holidays included (Tết, 30/4, 2/9), not only weekends."""
    Generator(COUNT, seed=17, until=UNTIL).run()

    appointments = Dossier.objects.exclude(appointment_at=None).values_list("appointment_at")
    assert appointments and all(is_working_day(localdate(at)) for (at,) in appointments)
    submitted = [localdate(at) for (at,) in Dossier.objects.values_list("submitted_at") if at]
    off = [day for day in submitted if not is_working_day(day)]
    assert len(off) < 0.15 * len(submitted)  # online submissions come at any time


def test_the_summaries_count_the_generated_dossiers(world):
    from motcua.stats import selectors

    Generator(COUNT, seed=7, until=UNTIL).run()
    total = selectors.totals(date(2000, 1, 1), UNTIL, None)
    received = Dossier.objects.filter(received_at__isnull=False)
    assert total["received_online"] + total["received_other"] == received.count()
    assert (
        total["resolved_total"] == DossierProcess.objects.filter(finished_at__isnull=False).count()
    )
    assert total["refused"] == Dossier.objects.filter(status=Status.NOT_RECEIVED).count()
    assert (
        total["progress_total"]
        == received.filter(
            status__in=(Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.FINANCIAL)
        ).count()
    )


def test_fees_payments_and_ratings_in_proportion(world):
    from motcua.catalog.models import OnlineLevel
    from motcua.payments.models import Fee, FeeStatus, PaymentMethod
    from motcua.surveys.models import Invitation
    from motcua.surveys.models import Response as SurveyResponse

    call_command("generate_demo_dossiers", "1000", "--seed=3", "--until=2026-11-20")

    fees = Fee.objects.select_related("dossier")
    assert fees.exists() and not fees.filter(dossier__received_at=None).exists()
    paid = fees.filter(status=FeeStatus.PAID)
    assert paid.count() == Payment.objects.count()
    assert (
        not fees.filter(status=FeeStatus.DUE, dossier__status=Status.RETURNED)
        .exclude(dossier__online_level=OnlineLevel.FULL)
        .exists()
    )
    assert Payment.objects.filter(method=PaymentMethod.ONLINE).exists()
    for payment in Payment.objects.select_related("fee", "dossier"):
        assert payment.amount_vnd == payment.fee.amount_vnd and payment.paid_at
        online = payment.method == PaymentMethod.ONLINE
        assert online == (
            payment.dossier.online_level == OnlineLevel.FULL
            and payment.dossier.channel == DossierChannel.ONLINE
        )
    assert not Dossier.objects.exclude(code=None).filter(online_level=None).exists()

    invited = Invitation.objects.all()
    assert invited.exists()
    assert not invited.exclude(dossier__status=Status.RETURNED).exists()
    answers = SurveyResponse.objects.count()
    assert answers == invited.exclude(answered_at=None).count()
    assert 0.2 * invited.count() < answers < 0.5 * invited.count()
    clear = SurveyResponse.objects.filter(info_clear=1).count()
    assert 0.8 * answers < clear <= answers


def test_the_generated_payments_feed_the_online_payment_rate(world):
    from motcua.payments.models import Fee, FeeStatus, PaymentMethod
    from motcua.stats import selectors

    call_command("generate_demo_dossiers", "1000", "--seed=3", "--until=2026-11-20")

    rates = selectors.indicator_rates(date(2000, 1, 1), date(2026, 11, 20), None)
    paid = Fee.objects.filter(status=FeeStatus.PAID)
    online = paid.filter(payments__method=PaymentMethod.ONLINE).count()
    assert 0 < online < paid.count()
    assert rates["3.6"][0] == (Decimal(100) * online / paid.count()).quantize(Decimal("0.01"))
