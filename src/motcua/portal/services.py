"""State changes of the public portal: the visitor counters.

Both counters live in the database so that several web processes (and nodes) agree:
a visit is counted by exactly one process thanks to conditional UPDATEs and a unique
insert, never by reading a value and writing it back from Python."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from .models import SiteCounter, VisitorPresence

VISITS_COUNTER = "visits"


def increment_counter(name: str, by: int = 1) -> None:
    """Add `by` to a named counter in one UPDATE; the row is created on first use."""
    with transaction.atomic():
        if SiteCounter.objects.filter(name=name).update(value=F("value") + by):
            return
        try:
            with transaction.atomic():
                SiteCounter.objects.create(name=name, value=by)
        except IntegrityError:  # another process created it meanwhile
            SiteCounter.objects.filter(name=name).update(value=F("value") + by)


def record_presence(visitor_key: str, now: datetime) -> bool:
    """Mark the visitor as seen at `now`; return True when this request starts a new visit
    (first request, or first after MOTCUA_VISIT_GAP_SECONDS of inactivity), which is then
    counted once even when several processes see the same visitor at the same moment."""
    visit_start = now - timedelta(seconds=settings.MOTCUA_VISIT_GAP_SECONDS)
    presence = VisitorPresence.objects.filter(visitor_key=visitor_key)
    with transaction.atomic():
        if presence.filter(last_seen__gte=visit_start).update(last_seen=now):
            return False
        # Only one process can move a stale row forward: the others re-check the condition
        # after the winner commits and update nothing.
        new_visit = bool(presence.filter(last_seen__lt=visit_start).update(last_seen=now))
        if not new_visit:
            new_visit = _insert_presence(visitor_key, now)
        if new_visit:
            increment_counter(VISITS_COUNTER)
        return new_visit


def _insert_presence(visitor_key: str, now: datetime) -> bool:
    """Insert the visitor's row; False when a concurrent request inserted it first."""
    try:
        with transaction.atomic():
            VisitorPresence.objects.create(visitor_key=visitor_key, last_seen=now)
    except IntegrityError:
        VisitorPresence.objects.filter(visitor_key=visitor_key, last_seen__lt=now).update(
            last_seen=now
        )
        return False
    return True


def prune_presence(now: datetime) -> int:
    """Delete rows older than a visit gap: such a visitor's next request is a new visit with
    or without the row, so nothing is lost. Uses the last_seen index."""
    cutoff = now - timedelta(seconds=settings.MOTCUA_VISIT_GAP_SECONDS)
    with transaction.atomic():
        deleted, _ = VisitorPresence.objects.filter(last_seen__lt=cutoff).delete()
    return deleted
