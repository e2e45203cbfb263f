import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from motcua.dossiers import services
from motcua.dossiers.models import Dossier, Status
from tests.accounts.factories import ApplicantProfileFactory, UserFactory
from tests.factories import OfferingFactory, ProcedureChannelFactory, ProcedureFactory, UnitFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.django_db
def test_codes_count_per_unit_per_local_day():
    unit, other = UnitFactory(identifier="000.00.07.H56"), UnitFactory(identifier="000.00.08.H56")
    morning = datetime(2026, 11, 26, 8, 0, tzinfo=VN)
    assert services.issue_code(unit, morning) == "000.00.07.H56-261126-0001"
    assert services.issue_code(unit, morning) == "000.00.07.H56-261126-0002"
    assert services.issue_code(other, morning) == "000.00.08.H56-261126-0001"
    # 23:30 UTC on the 26th is already the 27th in Việt Nam.
    late = datetime(2026, 11, 26, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert services.issue_code(unit, late) == "000.00.07.H56-261127-0001"


@pytest.mark.django_db
@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
def test_code_shape(moment):
    unit = UnitFactory()
    code = services.issue_code(unit, moment.replace(tzinfo=VN))
    prefix, day, number = code.rsplit("-", 2)
    assert prefix == unit.identifier
    assert day == moment.strftime("%y%m%d") and number == "0001"


def run_at_once(target, args_list) -> list[str]:
    """Run target(*args) in one thread each, released together; returns the errors raised."""
    barrier, failures = threading.Barrier(len(args_list)), []

    def run(*args):
        try:
            barrier.wait()
            target(*args)
        except Exception as error:  # collected and reported by the caller's assertion
            failures.append(repr(error))
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=args) for args in args_list]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return failures


def online_procedure_at(identifier: str):
    unit = UnitFactory(identifier=identifier)
    procedure = ProcedureFactory()
    OfferingFactory(unit=unit, procedure=procedure)
    ProcedureChannelFactory(procedure=procedure)
    return unit, procedure


def ready_draft(user, procedure, unit) -> int:
    draft = services.start_draft(user, procedure, unit)
    services.save_draft(draft.pk, user, applicant={}, values={"noi_dung": "Song song"})
    return draft.pk


@pytest.mark.django_db(transaction=True)
def test_the_same_draft_submitted_at_once_is_submitted_once():
    unit, procedure = online_procedure_at("000.00.10.H56")
    user = ApplicantProfileFactory(user=UserFactory(username="bamnhieu")).user
    pk = ready_draft(user, procedure, unit)
    assert run_at_once(services.submit, [(pk, user)] * 5) == []
    dossier = Dossier.objects.get(pk=pk)
    assert dossier.status == Status.NEW and dossier.code.endswith("-0001")
    assert dossier.history.count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_to_one_unit_get_distinct_codes():
    """50 threads on PostgreSQL (the production database); fewer on SQLite, which serialises
    writers anyway."""
    threads = 50 if connection.vendor == "postgresql" else 8
    unit, procedure = online_procedure_at("000.00.09.H56")
    user = ApplicantProfileFactory(user=UserFactory(username="songsong")).user
    drafts = [(ready_draft(user, procedure, unit), user) for _ in range(threads)]
    assert run_at_once(services.submit, drafts) == []
    codes = list(Dossier.objects.filter(status=Status.NEW).values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == threads
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, threads + 1))


@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_after_a_catalogue_edit_share_one_new_version():
    """Submissions of one procedure at two units, right after an edit that made no version:
    each numbers its own unit from 1, and all are frozen under the one version made by the
    first of them (PostgreSQL: 40 threads)."""
    threads = 40 if connection.vendor == "postgresql" else 8
    unit, procedure = online_procedure_at("000.00.11.H56")
    other = UnitFactory(identifier="000.00.12.H56")
    OfferingFactory(unit=other, procedure=procedure)
    user = ApplicantProfileFactory(user=UserFactory(username="haidonvi")).user
    drafts = [(ready_draft(user, procedure, (unit, other)[n % 2]), user) for n in range(threads)]
    procedure.channels.update(time_value=7)  # a queryset update: no version made

    assert run_at_once(services.submit, drafts) == []

    submitted = Dossier.objects.filter(status=Status.NEW)
    assert set(submitted.values_list("procedure_version__number", flat=True)) == {2}
    for place in (unit, other):
        codes = submitted.filter(unit=place).values_list("code", flat=True)
        numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
        assert numbers == list(range(1, threads // 2 + 1))
