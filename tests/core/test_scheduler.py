"""The scheduler enqueues each job once per time slot, whoever ticks and however often; a slot
missed while no scheduler ran is run once when one comes back. The clock is passed in."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from motcua.core.models import CalendarOverride, OverrideKind, ScheduledRun
from motcua.core.scheduler import JOBS, JOBS_BY_NAME, tick
from motcua.core.services import save_calendar_override
from motcua.core.tasks import prune_history
from tests.dossiers.test_codes import run_at_once
from tests.factories import UnitFactory
from tests.processing.factories import officer

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
ALL = {job.name for job in JOBS}


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A moment of December 2026, local time (Monday 7, Friday 4, Saturday 5)."""
    return datetime(2026, 12, day, hour, minute, second, tzinfo=VN)


def tasks_of(job: str) -> int:
    return DBTaskResult.objects.filter(task_path=JOBS_BY_NAME[job].task).count()


def slots(job: str) -> list[datetime]:
    return list(
        ScheduledRun.objects.filter(job=job).order_by("slot").values_list("slot", flat=True)
    )


def test_each_due_job_is_enqueued_once_per_slot():
    assert set(tick(at(7, 10, 0, 30))) == ALL
    assert tick(at(7, 10, 0, 50)) == []  # the same minute again
    assert tick(at(7, 10, 1, 5)) == ["recover_messages"]
    assert tick(at(7, 10, 5, 0)) == ["recover_messages", "reconcile_payments"]

    assert tasks_of("recover_messages") == 3
    assert tasks_of("reconcile_payments") == 2
    assert tasks_of("staff_digest") == tasks_of("purge_drafts") == 1
    digest = ScheduledRun.objects.get(job="staff_digest")
    assert digest.slot == at(7, 7)
    assert DBTaskResult.objects.get(pk=digest.task_result_id).task_path == (
        "motcua.notifications.jobs.queue_daily_digests"
    )


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        (at(7, 6, 59), at(4, 7)),  # Monday before 07:00: Friday's
        (at(7, 7, 0), at(7, 7)),
        (at(5, 12), at(4, 7)),  # Saturday: none of its own
    ],
)
def test_the_digest_is_due_at_seven_on_working_days(now, slot):
    tick(now)
    assert slots("staff_digest") == [slot]


def test_the_digest_follows_the_announced_days_off_and_make_up_days():
    save_calendar_override(CalendarOverride(day=at(14, 0).date(), kind=OverrideKind.DAY_OFF))
    save_calendar_override(CalendarOverride(day=at(19, 0).date(), kind=OverrideKind.WORKING_DAY))
    tick(at(14, 9))  # a Monday off
    tick(at(19, 9))  # a Saturday worked
    assert slots("staff_digest") == [at(11, 7), at(19, 7)]


def test_a_slot_missed_while_down_is_run_once_when_the_scheduler_returns():
    tick(at(7, 6, 59, 30))
    # No scheduler from 06:59 to 09:30.
    assert set(tick(at(7, 9, 30, 10))) == {"staff_digest", "recover_messages", "reconcile_payments"}
    assert tick(at(7, 9, 30, 40)) == []

    assert slots("staff_digest") == [at(4, 7), at(7, 7)]
    # Only the latest missed slot: not one recovery per minute of the outage.
    assert slots("recover_messages") == [at(7, 6, 59), at(7, 9, 30)]
    assert tasks_of("staff_digest") == 2 and tasks_of("recover_messages") == 2


def test_draft_purge_runs_only_when_drafts_have_a_retention(settings):
    settings.MOTCUA_DRAFT_RETENTION_DAYS = 0
    assert "purge_drafts" not in tick(at(7, 10))
    settings.MOTCUA_DRAFT_RETENTION_DAYS = 90
    assert "purge_drafts" in tick(at(7, 10))
    assert slots("purge_drafts") == [at(7, 2)]


def test_run_scheduler_once_makes_one_tick(capsys):
    call_command("run_scheduler", "--once")
    assert "recover_messages" in capsys.readouterr().out
    assert ScheduledRun.objects.filter(job="recover_messages").count() == 1
    call_command("run_scheduler", "--once")
    assert ScheduledRun.objects.filter(job="recover_messages").count() <= 2  # a new minute


def test_old_runs_are_pruned_but_the_last_run_of_each_job_is_kept(settings):
    tick(datetime(2026, 11, 2, 10, 0, 30, tzinfo=VN))
    tick(datetime(2026, 11, 2, 10, 1, 30, tzinfo=VN))
    settings.MOTCUA_DRAFT_RETENTION_DAYS = 0
    tick(timezone.now())  # every job again but the draft purge, now off
    assert prune_history.call() == len(ALL)  # the November runs, all but one
    assert slots("purge_drafts") == [datetime(2026, 11, 2, 2, tzinfo=VN)]
    assert set(ScheduledRun.objects.values_list("job", flat=True)) == ALL


@pytest.mark.django_db(transaction=True)
def test_schedulers_ticking_at_once_claim_each_slot_once():
    """Eight ticks released together (one thread and connection each; on PostgreSQL truly
    concurrent inserts): every job is enqueued once."""
    claimed: list[str] = []
    now = at(7, 10, 0, 30)
    assert run_at_once(lambda: claimed.extend(tick(now)), [()] * 8) == []
    assert sorted(claimed) == sorted(ALL)
    assert ScheduledRun.objects.count() == DBTaskResult.objects.count() == len(ALL)


def test_the_province_admin_sees_the_last_run_of_each_job(client):
    tick(at(7, 10, 0, 30))
    tick(at(7, 10, 1, 30))
    admin = officer(UnitFactory(name="UBND tỉnh"), "province_admin")
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    page = client.get(reverse("admin:core_scheduledrun_changelist"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Thư tổng hợp hồ sơ sắp đến hạn gửi cán bộ" in text
    assert "07:00 các ngày làm việc" in text and "mỗi 5 phút" in text
    # One row per job: its last slot (the minute job's is 10:01, not 10:00 as well).
    assert text.count('class="field-schedule"') == len(ALL)
    assert 'mỗi phút</td><td class="field-slot nowrap">10:01 07/12/2026' in text
    assert client.get(reverse("admin:core_scheduledrun_add")).status_code == 403  # read-only


def test_other_staff_do_not_see_the_jobs(client):
    tick(at(7, 10))
    clerk = officer(UnitFactory(), "desk_officer")
    clerk.is_staff = True
    clerk.save()
    client.force_login(clerk)
    assert client.get(reverse("admin:core_scheduledrun_changelist")).status_code == 403
