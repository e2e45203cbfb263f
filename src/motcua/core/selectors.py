"""Reads of the shared kernel."""

from django.db.models import OuterRef, QuerySet, Subquery
from django_tasks_db.models import DBTaskResult

from .models import ScheduledRun


def latest_runs() -> QuerySet[ScheduledRun]:
    """The last claimed slot of each job, with the state of the task it enqueued (known when
    the database task backend holds it): one row per job, by name."""
    newest = ScheduledRun.objects.filter(job=OuterRef("job")).order_by("-slot").values("pk")[:1]
    result = DBTaskResult.objects.filter(pk=OuterRef("task_result_id"))
    return (
        ScheduledRun.objects.filter(pk=Subquery(newest))
        .annotate(
            task_status=Subquery(result.values("status")[:1]),
            task_finished_at=Subquery(result.values("finished_at")[:1]),
        )
        .order_by("job")
    )
