"""The nine Decree 61 indicators (2 / 1 / 0 each, 18 at most) and the grade, for dossiers
built to hit each rule; and the score read from a real dossier's records."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from motcua.dossiers.models import DossierChannel
from motcua.feedback import services as feedback
from motcua.feedback.models import Topic
from motcua.processing.models import Timeliness
from motcua.surveys.score import DossierFacts, FeedbackFact, grade, score
from motcua.surveys.selectors import Filters, score_rows, scored_dossiers
from tests.factories import UnitFactory
from tests.processing.factories import new_dossier, officer

from .conftest import walk_to_returned

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 12, 3, 10, tzinfo=VN)
EARLY, ON_TIME, LATE = Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE


def test_an_early_online_dossier_without_problems_scores_18():
    facts = DossierFacts(timeliness=EARLY, step_timeliness=(EARLY, EARLY), online_level=4)
    result = score(facts, NOW)
    assert result.indicators == (2,) * 9
    assert (result.total, result.grade) == (18, "Xuất sắc")


def test_a_late_walk_in_dossier_with_an_upheld_complaint_is_weak():
    facts = DossierFacts(
        timeliness=LATE,
        step_timeliness=(ON_TIME, LATE),
        supplement_count=2,
        channel=DossierChannel.DIRECT,
        decision_published=False,
        online_level=2,
        feedback=(FeedbackFact(answered_at=NOW, due_at=NOW - timedelta(days=1), upheld=True),),
    )
    result = score(facts, NOW)
    assert result.indicators == (0, 0, 0, 1, 2, 1, 0, 1, 0)
    assert (result.total, result.grade) == (5, "Yếu")


def test_an_on_time_posted_dossier_not_yet_handed_over_is_fair():
    facts = DossierFacts(
        timeliness=ON_TIME,
        step_timeliness=(EARLY, ON_TIME),
        supplement_count=1,
        channel=DossierChannel.POST,
        returned=False,
        online_level=3,
        feedback=(FeedbackFact(answered_at=None, due_at=NOW + timedelta(days=3), upheld=False),),
    )
    result = score(facts, NOW)
    assert result.indicators == (1, 1, 1, 1, 1, 2, 1, 1, 1)
    assert (result.total, result.grade) == (10, "Khá")


def test_a_second_supplement_request_counts_as_late_and_unanswered_feedback_scores_0():
    facts = DossierFacts(
        timeliness=EARLY,
        counts_as_late=True,
        feedback=(FeedbackFact(answered_at=None, due_at=NOW - timedelta(hours=1), upheld=False),),
    )
    indicators = score(facts, NOW).indicators
    assert (indicators[0], indicators[6], indicators[7]) == (0, 1, 0)


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (18, "Xuất sắc"),
        (15.5, "Xuất sắc"),
        (15, "Tốt"),
        (12, "Tốt"),
        (11.99, "Khá"),
        (9, "Khá"),
        (8.5, "Trung bình"),
        (6, "Trung bình"),
        (5.9, "Yếu"),
        (0, "Yếu"),
    ],
)
def test_grades(total, expected):
    assert grade(total) == expected


@pytest.mark.django_db
def test_the_score_is_read_from_the_dossiers_records(unit, desk, specialist, leader):
    clean = walk_to_returned(new_dossier(unit), desk, specialist, leader)
    complained = walk_to_returned(new_dossier(unit), desk, specialist, leader)
    sending = feedback.Sending(
        kind="complaint",
        topic=Topic.DOSSIER,
        sender_name="Nguyễn Văn An",
        sender_email="an@example.vn",
        title="Cán bộ hướng dẫn không rõ",
        content="…",
        dossier=complained,
    )
    item = feedback.submit(sending)
    feedback.answer(item.pk, actor=officer(unit, "leader"), text="Đã nhắc nhở.", upheld=True)
    other_unit = UnitFactory()
    elsewhere = new_dossier(other_unit)

    scored = dict(scored_dossiers(Filters(), unit_ids=[unit.pk]))
    assert set(scored) == {clean, complained}
    assert elsewhere not in scored
    assert scored[clean].indicators[6] in (1, 2)
    assert scored[complained].indicators[6] == 0
    assert scored[complained].indicators[7] == 2  # answered within its deadline
    assert scored[clean].indicators[2:5] == (2, 2, 2)  # no supplement, online, desk 2 ends
    [row] = score_rows(list(scored.items()), "unit")
    assert (row.label, row.dossiers) == (unit.name, 2)
    assert row.average == (scored[clean].total + scored[complained].total) / 2

    today = timezone.localdate()
    assert scored_dossiers(Filters(date_from=today + timedelta(days=1))) == []
    assert len(scored_dossiers(Filters(date_from=today, date_to=today, unit_id=unit.pk))) == 2
