"""Indicators 3.6 (online payment), 4.1 (electronic results), 5.4 (satisfaction) and upheld
feedback, counted in the summary tables by the payment, return and answer that make them."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from motcua.feedback import services as feedback
from motcua.feedback.models import Topic
from motcua.payments import services as payments
from motcua.payments.base import Outcome
from motcua.payments.registry import get_provider
from motcua.processing import services
from motcua.stats import selectors
from motcua.stats.models import DayCount, Span, Track
from tests.documents.conftest import authority, keys, result_pdf, signing_dir  # noqa: F401
from tests.documents.factories import at_approval, signed_dossier
from tests.payments.conftest import _payments_settings, received_dossier  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(commune):
    return commune


def month() -> tuple[date, date]:
    today = timezone.localdate()
    return today.replace(day=1), today


def pay_online(dossier) -> None:
    payment, _url = payments.start_payment(
        dossier.pk,
        dossier.fees.get().pk,
        user=dossier.applicant,
        return_url="http://testserver/thanh-toan/ve/vnpay/",
        client_ip="127.0.0.1",
        base_url="http://testserver",
    )
    outcome = Outcome(
        signature_ok=True,
        reference=payment.reference,
        amount_vnd=payment.amount_vnd,
        success=True,
        transaction="14123456",
        code="00",
    )
    payments.settle(get_provider(), outcome, kind="ipn")


def uphold(dossier, staff) -> None:
    sending = feedback.Sending(
        kind="complaint",
        topic=Topic.DOSSIER,
        sender_name="Trần Thị Bình",
        sender_email="binh@example.vn",
        title="Hẹn nhiều lần",
        content="Cán bộ hẹn nhiều lần.",
        dossier=dossier,
    )
    item = feedback.submit(sending)
    feedback.answer(item.pk, actor=staff, text="Đúng, đã chấn chỉnh.", upheld=True)


@pytest.fixture
def events(commune, staff, keys, result_pdf):  # noqa: F811
    """Two dossiers paying their fee (one online, one in cash at the desk), two returned
    dossiers of online procedures (one with a signed electronic result, one on paper), and
    one upheld complaint; all on time."""
    online, cash = (received_dossier(commune, staff, level=level) for level in (4, 3))
    pay_online(online)
    payments.record_desk_payment(
        cash.fees.get().pk, actor=staff, method="cash", receipt_number="BL-0001"
    )
    electronic = signed_dossier(commune, staff, staff, staff, result_pdf)
    paper = at_approval(commune, staff, staff, level=3)
    services.complete_step(paper.pk, actor=staff)
    for done in (electronic, paper):
        services.return_result(done.pk, actor=staff, received_by_name="Nguyễn Văn An")
    uphold(paper, staff)
    return {"online": online, "cash": cash, "electronic": electronic, "paper": paper}


def test_the_events_are_counted_the_day_they_happen(events, commune):
    names = ("paid", "paid_online", "returned", "e_results", "upheld")
    rows = DayCount.objects.filter(unit_id=commune.pk, day=timezone.localdate())
    sums = rows.aggregate(**{name: Sum(name) for name in names})
    assert sums == {"paid": 2, "paid_online": 1, "returned": 2, "e_results": 1, "upheld": 1}


def test_the_indicators_and_their_points(events, commune):
    scores = {s.code: s for s in selectors.indicators(*month(), {commune.pk})}
    # 3.6: 1 paid online of 2 paid (threshold 50 %: full 4 points).
    assert scores["3.6"].rate == Decimal("50.00") and scores["3.6"].points == Decimal(4)
    # 4.1: 1 electronic result of 2 returned.
    assert scores["4.1"].rate == Decimal("50.00") and scores["4.1"].points == Decimal(4)
    # 5.4: 100 % − (0 late + 1 upheld) of 4 handled = 75 %, below 90 %: 75 × 8 / 90.
    assert scores["5.4"].rate == Decimal("75.00") and scores["5.4"].points == Decimal("6.67")


def test_a_period_without_payments_or_returns_has_no_data(events, commune):
    scores = {s.code: s for s in selectors.indicators(date(2020, 1, 1), date(2020, 1, 31), None)}
    for code in ("3.6", "4.1", "5.4"):
        assert scores[code].rate is None and scores[code].points is None


def test_upheld_feedback_is_a_column_that_drills_down(events, commune, client, staff):
    row = selectors.report_by_unit(*month(), {commune.pk})[0]
    assert row.values["upheld"] == 1
    listed = selectors.drill_down("upheld", *month(), {commune.pk})
    assert list(listed) == [events["paper"]]
    client.force_login(staff)
    start, end = month()
    query = {"ky": "khoang", "tu": start.isoformat(), "den": end.isoformat()}
    page = client.get("/can-bo/thong-ke/", query).content.decode()
    assert "Phản ánh, kiến nghị có cơ sở" in page and "cot=upheld" in page
    drill = client.get("/can-bo/thong-ke/ho-so/", {**query, "cot": "upheld"})
    assert events["paper"].code in drill.content.decode()
    body = client.get(
        "/api/v1/stats/report", {"from": start.isoformat(), "to": end.isoformat()}
    ).json()
    assert body["total"]["upheld"] == 1


def test_rebuild_counts_them_again_from_their_rows(events, django_capture_on_commit_callbacks):
    names = ["unit_id", "field_id", "day", "paid", "paid_online", "returned", "e_results", "upheld"]

    def counted() -> set[tuple]:
        return {row for row in DayCount.objects.values_list(*names) if any(row[3:])}

    kept = counted()
    Track.objects.all().delete()
    Span.objects.all().delete()
    with django_capture_on_commit_callbacks() as after_commit:
        call_command("rebuild_stats", stdout=io.StringIO())
    assert kept and counted() == kept
    # The cached tables are made stale once, not once per summary row.
    assert len(after_commit) == 1
