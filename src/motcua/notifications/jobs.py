"""The periodic tasks of notifications, enqueued by the scheduler (motcua.core.scheduler).
Both are idempotent: a message already queued again, or a digest already queued today, is
not queued twice."""

from django.tasks import task

from .services import queue_digests, requeue_stalled
from .tasks import lease


@task
def recover_stalled_messages() -> int:
    """What `manage.py notifications_recover` does, with the lease of the settings (a send
    may take that long before it counts as dead)."""
    return requeue_stalled(lease())


@task
def queue_daily_digests() -> int:
    """What `manage.py notifications_digest` does."""
    return queue_digests()
