"""Periodic work: the registry of jobs and the scheduler's tick (`manage.py run_scheduler`
calls `tick` every minute). django-tasks has no periodic tasks; this enqueues ordinary tasks
that the workers (`manage.py db_worker`) run.

Each job has a schedule that gives, for any moment, its latest slot: the last time it was
due. A tick claims that slot by inserting a ScheduledRun row (unique on job and slot) and,
in the same transaction, enqueues the job's task. So schedulers on several nodes, two ticks
at once or a restarted scheduler enqueue each slot once (the losers' inserts fail on the
constraint); a slot missed while no scheduler ran is still the latest one when a scheduler
comes back, and is run then, once (older missed slots are not: each task catches up on
everything pending by itself). Tasks are idempotent, as every task here must be.

Jobs name their task by dotted path: the kernel does not import the apps above it."""

import os
import socket
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .calendar import is_working_day
from .models import ScheduledRun
from .tasks import enqueue_in_transaction

# How far back a daily job looks for its latest slot (the longest run of days off is Tết).
LOOKBACK_DAYS = 31


@dataclass(frozen=True)
class Every:
    """Every `minutes` minutes, on the clock (…:00, …:05 for 5)."""

    minutes: int

    def latest(self, now: datetime) -> datetime:
        step = self.minutes * 60
        return datetime.fromtimestamp(int(now.timestamp()) // step * step, tz=UTC)

    def describe(self) -> str:
        if self.minutes == 1:
            return gettext("mỗi phút")
        return gettext("mỗi %(count)d phút") % {"count": self.minutes}


@dataclass(frozen=True)
class Daily:
    """Once a day at `at`, local time (settings.TIME_ZONE); with `working_days`, only on the
    days the working-time calendar says are worked."""

    at: time
    working_days: bool = False

    def latest(self, now: datetime) -> datetime | None:
        zone = timezone.get_default_timezone()
        day = timezone.localtime(now, zone).date()
        for _back in range(LOOKBACK_DAYS):
            slot = datetime.combine(day, self.at, tzinfo=zone)
            if slot <= now and self._runs_on(day):
                return slot
            day -= timedelta(days=1)
        return None

    def _runs_on(self, day: date) -> bool:
        return not self.working_days or is_working_day(day)

    def describe(self) -> str:
        if self.working_days:
            return gettext("%(time)s các ngày làm việc") % {"time": f"{self.at:%H:%M}"}
        return gettext("%(time)s hằng ngày") % {"time": f"{self.at:%H:%M}"}


@dataclass(frozen=True)
class Job:
    name: str
    label: Promise
    schedule: Every | Daily
    task: str  # dotted path of a task that takes no argument
    # The name of a setting that must be truthy for the job to run ("" always runs).
    enabled_by: str = field(default="")

    def enabled(self) -> bool:
        return not self.enabled_by or bool(getattr(settings, self.enabled_by))


JOBS: tuple[Job, ...] = (
    Job(
        "recover_messages",
        _("Gửi lại thông báo bị bỏ dở (tiến trình gửi bị dừng)"),
        Every(1),
        "motcua.notifications.jobs.recover_stalled_messages",
    ),
    Job(
        "staff_digest",
        _("Thư tổng hợp hồ sơ sắp đến hạn gửi cán bộ"),
        Daily(time(7, 0), working_days=True),
        "motcua.notifications.jobs.queue_daily_digests",
    ),
    Job(
        "reconcile_payments",
        _("Đối soát các giao dịch thanh toán còn chờ"),
        Every(5),
        "motcua.payments.tasks.reconcile_pending_payments",
    ),
    Job(
        "purge_drafts",
        _("Xóa hồ sơ nháp quá thời hạn lưu giữ"),
        Daily(time(2, 0)),
        "motcua.dossiers.retention.purge_drafts",
        enabled_by="MOTCUA_DRAFT_RETENTION_DAYS",
    ),
    Job(
        "prune_history",
        _("Dọn kết quả tác vụ nền và lượt chạy cũ"),
        Daily(time(3, 0)),
        "motcua.core.tasks.prune_history",
    ),
)
JOBS_BY_NAME = {job.name: job for job in JOBS}


def node_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:255]


def tick(now: datetime | None = None, jobs: tuple[Job, ...] = JOBS) -> list[str]:
    """Enqueue every enabled job whose latest slot (at `now`) no one has claimed yet; return
    the names of the jobs this call enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs:
        slot = job.schedule.latest(now) if job.enabled() else None
        if slot is not None and claim(job, slot, now):
            enqueued.append(job.name)
    return enqueued


def claim(job: Job, slot: datetime, now: datetime) -> bool:
    """Insert the (job, slot) row and enqueue the job's task, in one transaction: False when
    another tick inserted it first. A failure to enqueue rolls the claim back, so the next
    tick tries again."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(
                job=job.name, slot=slot, claimed_at=now, node=node_name()
            )
            result = enqueue_in_transaction(import_string(job.task))
            if result is not None:
                run.task_result_id = result.id
                run.save(update_fields=["task_result_id"])
    except IntegrityError:
        return False
    return True
