"""Task helpers of the shared kernel, and the scheduler's own housekeeping task."""

from datetime import timedelta
from functools import partial

from django.core.management import call_command
from django.db import transaction
from django.tasks import Task, TaskResult, task
from django.utils import timezone
from django_tasks_db import DatabaseBackend

from .models import ScheduledRun
from .selectors import latest_runs

TASK_RESULT_DAYS = 14


def enqueue_in_transaction(job: Task, *args) -> TaskResult | None:
    """Enqueue `job` as part of the caller's transaction. With the database backend the task
    row is written in that transaction: workers see it only if it commits, and a rollback
    leaves no task (and saves a second commit). Other backends are called after the commit
    (no result to return then)."""
    if isinstance(job.get_backend(), DatabaseBackend):
        return job.enqueue(*args)
    transaction.on_commit(partial(job.enqueue, *args))
    return None


@task
def prune_history() -> int:
    """Nightly: finished task results older than TASK_RESULT_DAYS days (the database backend
    keeps every one), and scheduled runs as old, except each job's latest. Returns how many
    runs were deleted."""
    if isinstance(prune_history.get_backend(), DatabaseBackend):
        call_command("prune_db_task_results", min_age_days=TASK_RESULT_DAYS, verbosity=0)
    cutoff = timezone.now() - timedelta(days=TASK_RESULT_DAYS)
    with transaction.atomic():
        latest = latest_runs().values("pk")
        deleted, _by_model = (
            ScheduledRun.objects.filter(slot__lt=cutoff).exclude(pk__in=latest).delete()
        )
    return deleted
