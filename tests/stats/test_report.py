"""The official table and the 766 indicators for dossiers with known outcomes, across a
quarter's edge (received in Q3, finished in Q4; paused across 30/9)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from motcua.processing import services
from motcua.stats import periods, selectors
from motcua.stats.models import COUNTERS, DayCount, Span, Track
from tests.processing.factories import new_dossier

from .conftest import Q3, Q4

pytestmark = pytest.mark.django_db


def values(rows, **wanted):
    return {key: rows[0].values[key] for key in wanted}


def test_third_quarter(story, commune):
    rows = selectors.report_by_unit(*Q3, {commune.pk})
    assert [row.label for row in rows] == [commune.name]
    expected = dict(
        received_total=5,
        received_online=3,
        received_other=1,
        carried=1,
        resolved_total=1,
        resolved_early=1,
        resolved_on_time=0,
        resolved_late=0,
        progress_total=4,
        progress_in_time=4,
        progress_late=0,
        supplements=1,
        refused=1,
        withdrawn=0,
    )
    assert values(rows, **expected) == expected


def test_fourth_quarter(story, commune):
    expected = dict(
        received_total=4,
        received_online=0,
        received_other=0,
        carried=4,
        resolved_total=3,
        resolved_early=2,
        resolved_on_time=0,
        resolved_late=1,
        progress_total=0,
        progress_in_time=0,
        progress_late=0,
        supplements=0,
        refused=0,
        withdrawn=1,
    )
    assert values(selectors.report_by_unit(*Q4, {commune.pk}), **expected) == expected


def test_from_to_ending_while_one_is_late_and_one_waits(story, commune):
    rows = selectors.report_by_unit(date(2026, 10, 1), date(2026, 10, 3), None)
    row = next(row for row in rows if row.key == commune.pk)
    assert (row.values["carried"], row.values["resolved_early"], row.values["withdrawn"]) == (
        4,
        1,
        1,
    )
    assert (row.values["progress_total"], row.values["progress_late"]) == (2, 1)
    late = selectors.drill_down("progress_late", date(2026, 10, 1), date(2026, 10, 3), None)
    assert list(late) == [story["B"]]


def test_a_running_period_counts_up_to_today_not_to_its_end(commune, staff, clock):
    """A dossier's late day is stored ahead (on its appointment's day): the current
    quarter must not show it late before that day comes."""
    clock.at(2026, 11, 2, 8)
    dossier = new_dossier(commune, days=5)
    services.receive(dossier.pk, actor=staff)
    clock.at(2026, 11, 4, 9)
    progress = ("progress_total", "progress_in_time", "progress_late")

    def shown():
        row = selectors.report_by_unit(*Q4, {commune.pk})[0].values
        late = selectors.drill_down("progress_late", *Q4, {commune.pk}).count()
        return tuple(row[key] for key in progress), late

    assert shown() == ((1, 1, 0), 0)
    label = periods.parse({"ky": "quy", "nam": 2026, "so": 4}).label
    assert label == "Từ ngày 01/10/2026 đến ngày 31/12/2026 (số liệu đến hết ngày 04/11/2026)"
    clock.at(2026, 11, 30, 9)  # past its appointment
    assert shown() == ((1, 0, 1), 1)
    assert selectors.totals(date(2026, 12, 1), date(2026, 12, 31), None)["carried"] == 0


def test_the_district_rolls_up_its_communes(story, commune, district, other_commune):
    rows = selectors.report_by_unit(*Q3, None)
    by_unit = {row.key: row for row in rows}
    assert by_unit[district.pk].values["received_total"] == 5
    assert by_unit[other_commune.pk].values["received_total"] == 0
    assert by_unit[commune.pk].depth == by_unit[district.pk].depth + 1


def test_indicators_of_the_third_quarter(story, commune):
    scores = {s.code: s for s in selectors.indicators(*Q3, {commune.pk})}
    # 2.1: (1 early + 4 in progress − 1 waiting) / (1 + 4 − 1); 3.3: 3 online of 4.
    assert scores["2.1"].rate == Decimal("100.00") and scores["2.1"].points == Decimal(12)
    assert scores["3.3"].rate == Decimal("75.00") and scores["3.3"].points == Decimal(4)
    # 2.2: E took 7 h (30/6 from 08:00) + 8 h (1/7) + 2 h (2/7 to 09:00) = 17 h = 2.13 days.
    assert scores["2.2"].rate == Decimal("2.13") and scores["2.2"].points is None
    for code in ("3.6", "4.1"):  # no fee paid, no dossier returned
        assert scores[code].rate is None and scores[code].points is None
    # 5.4: 100 % − (0 late + 0 upheld feedback) of the handled dossiers.
    assert scores["5.4"].rate == Decimal("100.00") and scores["5.4"].points == Decimal(8)


def test_points_below_the_threshold_are_proportional():
    assert selectors.points(Decimal(40), Decimal(50), Decimal(4)) == Decimal("3.20")
    assert selectors.points(Decimal(50), Decimal(50), Decimal(4)) == Decimal(4)
    assert selectors.points(Decimal(90), Decimal(50), Decimal(4)) == Decimal(4)


def test_every_figure_drills_down_to_as_many_dossiers(story, commune):
    for period in (Q3, Q4, (date(2026, 10, 1), date(2026, 10, 3))):
        row = selectors.report_by_unit(*period, {commune.pk})[0]
        for key in selectors.COLUMN_KEYS:
            listed = selectors.drill_down(key, *period, {commune.pk})
            if key == "supplements":
                count = sum(selectors.supplement_spans(listed.values("pk"), *period).values())
            else:
                count = listed.count()
            assert count == row.values[key], (period, key)


def counted_rows() -> set[tuple]:
    """Every summary row with a non-zero counter (an undone late day leaves a row of 0s)."""
    names = ["unit_id", "field_id", "day", *COUNTERS, "resolved_hours"]
    return {row for row in DayCount.objects.values_list(*names) if any(row[3:])}


def test_rebuild_from_the_dossiers_gives_the_same_rows(story):
    kept = counted_rows()
    Track.objects.all().delete()
    Span.objects.all().delete()
    DayCount.objects.all().delete()
    call_command("rebuild_stats", stdout=io.StringIO())
    assert counted_rows() == kept


def test_figures_survive_deleting_old_dossiers(story, commune):
    before = selectors.report_by_unit(*Q3, {commune.pk})[0].values
    story["E"].delete()
    assert selectors.report_by_unit(*Q3, {commune.pk})[0].values == before


def test_a_submission_costs_no_statistics_statement(commune, django_assert_num_queries):
    from motcua.dossiers.models import Dossier, Status
    from motcua.stats.services import keep_counts

    draft = Dossier(unit=commune, status=Status.NEW)
    with django_assert_num_queries(0):
        keep_counts(draft, Status.DRAFT, timezone.now())


@pytest.mark.parametrize("depth", [None, 0, 1])
def test_the_total_row_is_the_sum_of_the_top_rows(story, district, depth):
    for period in (Q3, Q4):
        by_unit = selectors.report_by_unit(*period, None, depth)
        assert selectors.total_of(by_unit) == selectors.totals(*period, None)
        by_field = selectors.report_by_field(*period, None)
        assert selectors.total_of(by_field) == selectors.totals(*period, None)
