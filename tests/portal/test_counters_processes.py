"""The counters are right when two web processes serve the same visitors at the same time."""

import multiprocessing
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from motcua.portal.models import VisitorPresence
from motcua.portal.selectors import online_visitor_count, visit_count
from tests.portal.visitors import BARRIER_TIMEOUT, browse

VISITOR_KEYS = [f"shared-visitor-{n:04d}" for n in range(8)]


@pytest.mark.django_db(transaction=True)
def test_two_processes_count_each_visitor_and_each_visit_exactly_once():
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(3)  # two web processes and this test
    name = str(connection.settings_dict["NAME"])
    processes = [
        context.Process(target=browse, args=(name, VISITOR_KEYS, 2, barrier)) for _ in range(2)
    ]
    for process in processes:
        process.start()

    barrier.wait(timeout=BARRIER_TIMEOUT)
    barrier.wait(timeout=BARRIER_TIMEOUT)
    first_round = (visit_count(), online_visitor_count(timezone.now()))
    VisitorPresence.objects.update(last_seen=F("last_seen") - timedelta(minutes=31))
    barrier.wait(timeout=BARRIER_TIMEOUT)
    for process in processes:
        process.join(timeout=BARRIER_TIMEOUT)

    assert [process.exitcode for process in processes] == [0, 0]
    # 8 visitors seen by both processes, plus 2 new ones in each.
    assert first_round == (12, 12)
    # The 8 come back after 31 minutes: one new visit each, although both processes saw them.
    assert visit_count() == 20
    assert online_visitor_count(timezone.now()) == 8
