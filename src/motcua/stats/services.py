"""The summary tables' one writer.

`keep_counts` runs inside every dossier change (registered with
`dossiers.services.register_transition_hook` in StatsConfig.ready, after processing's clock),
so the counters are exact at every commit and cost a few indexed statements per change.
`rebuild` recomputes them from the dossiers (existing data, bulk-generated demo data).
"""

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.core.calendar import working_hours_between
from motcua.dossiers.models import Dossier, DossierChannel, Status, StatusHistory
from motcua.processing.models import DossierProcess

from .models import COUNTERS, DayCount, Outcome, Span, SpanKind, Track

IN_PROGRESS = (Status.RECEIVED, Status.PROCESSING)
PAUSE_KIND = {Status.SUPPLEMENT: SpanKind.SUPPLEMENT, Status.FINANCIAL: SpanKind.FINANCIAL}
LEAVING = (Status.DONE, Status.WITHDRAWN, Status.STOPPED)


def bump(unit_id: int, field_id: int, day: date, **changes) -> None:
    """Add `changes` (counter → amount) to the (unit, field, day) row, creating it: one
    INSERT … ON CONFLICT DO UPDATE (SQLite and PostgreSQL), safe under concurrency."""
    names = list(changes)
    table = connection.ops.quote_name(DayCount._meta.db_table)
    columns = ", ".join(["unit_id", "field_id", "day", *names])
    marks = ", ".join(["%s"] * (3 + len(names)))
    updates = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in names)
    defaults = [
        f.name for f in DayCount._meta.concrete_fields if f.name in (*COUNTERS, "resolved_hours")
    ]
    missing = [name for name in defaults if name not in changes]
    if missing:  # the other counters start at 0 (no database defaults on the columns)
        columns += ", " + ", ".join(missing)
        marks += ", " + ", ".join(["0"] * len(missing))
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({marks}) "
        f"ON CONFLICT (unit_id, field_id, day) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit_id, field_id, day, *changes.values()])


def _day(moment: datetime | None, fallback: datetime) -> date:
    return timezone.localdate(moment or fallback)


def keep_counts(dossier: Dossier, from_status: int, at: datetime) -> None:
    """Count the change the locked `dossier` is making (its new status is set, not yet
    saved). Same-status changes (a new appointment after an apology) only move the late span."""
    to_status = dossier.status
    today = timezone.localdate(at)
    if to_status == Status.NOT_RECEIVED or (
        to_status == Status.WITHDRAWN and from_status == Status.NEW
    ):
        event = "refused" if to_status == Status.NOT_RECEIVED else "withdrawn"
        bump(dossier.unit_id, _field_id(dossier.procedure_id), today, **{event: 1})
        return
    if to_status == Status.RECEIVED and from_status == Status.NEW:
        track = _start_track(dossier, at)
    else:
        track = Track.objects.filter(dossier_id=dossier.pk).first()
    if track is None:  # never received, or received before the summaries existed
        return
    process = (
        DossierProcess.objects.filter(dossier_id=dossier.pk)
        .values("timeliness", "counts_as_late", "paused_hours")
        .first()
    ) or {"timeliness": "", "counts_as_late": False, "paused_hours": Decimal(0)}
    count = defaultdict(int)
    _keep_pause(dossier, track, today, count, to_status)
    if to_status in LEAVING and track.left_on is None:
        _leave(dossier, track, process, today, count)
    if to_status == Status.WITHDRAWN:
        count["withdrawn"] += 1
    _keep_late(dossier, track, process, today)
    if count:
        bump(track.unit_id, track.field_id, today, **count)


def _field_id(procedure_id: int) -> int:
    return Procedure.objects.filter(pk=procedure_id).values_list("field_id", flat=True).first() or 0


def _start_track(dossier: Dossier, at: datetime) -> Track:
    online = dossier.channel == DossierChannel.ONLINE
    track = Track.objects.create(
        dossier_id=dossier.pk,
        unit_id=dossier.unit_id,
        field_id=_field_id(dossier.procedure_id),
        online=online,
        received_on=_day(dossier.received_at, at),
    )
    bump(track.unit_id, track.field_id, track.received_on, **{_received(online): 1})
    return track


def _received(online: bool) -> str:
    return "received_online" if online else "received_other"


def _leave(dossier: Dossier, track: Track, process: dict, today: date, count: dict) -> None:
    if dossier.status == Status.DONE:
        track.outcome = process["timeliness"] or Outcome.ON_TIME
        track.left_on = _day(dossier.finished_at, timezone.now()) if dossier.finished_at else today
        hours = _processing_hours(dossier, process)
        bump(
            track.unit_id,
            track.field_id,
            track.left_on,
            resolved_hours=hours,
            **{f"resolved_{track.outcome}": 1},
        )
    else:
        track.outcome = Outcome.CLOSED
        track.left_on = today
        count["closed"] += 1
    track.save(update_fields=["outcome", "left_on"])


def _processing_hours(dossier: Dossier, process: dict) -> Decimal:
    """Working hours from receipt to result, waiting for the applicant excluded (2.2)."""
    if not (dossier.received_at and dossier.finished_at):
        return Decimal(0)
    hours = working_hours_between(dossier.received_at, dossier.finished_at)
    return max(hours - (process["paused_hours"] or 0), Decimal(0))


def _keep_pause(dossier: Dossier, track: Track, today: date, count: dict, to_status: int) -> None:
    """Open a waiting span when the dossier starts waiting, close it when it stops."""
    kind = PAUSE_KIND.get(to_status)
    open_span = (
        Span.objects.filter(dossier_id=dossier.pk, end__isnull=True)
        .exclude(kind=SpanKind.LATE)
        .first()
    )
    if open_span and open_span.kind != kind:
        open_span.end = today
        open_span.save(update_fields=["end"])
        count["paused_out"] += 1
        open_span = None
    if kind and open_span is None:
        Span.objects.create(dossier_id=dossier.pk, kind=kind, start=today)
        count["paused_in"] += 1
        if kind == SpanKind.SUPPLEMENT:
            count["supplements"] += 1


def late_from(dossier: Dossier, counts_as_late: bool, today: date) -> date | None:
    """The day from whose end an in-progress dossier counts as late: today when it already
    counts as late, else its appointment's day (never before today: past days are settled);
    None when it is not in progress (left, or waiting with the clock stopped)."""
    if dossier.status not in IN_PROGRESS:
        return None
    if counts_as_late:
        return today
    if dossier.appointment_at is None:
        return None
    return max(timezone.localdate(dossier.appointment_at), today)


def _keep_late(dossier: Dossier, track: Track, process: dict, today: date) -> None:
    wanted = late_from(dossier, process["counts_as_late"], today)
    span = Span.objects.filter(dossier_id=dossier.pk, kind=SpanKind.LATE, end__isnull=True).first()
    if span is not None:
        if wanted is not None and (
            span.start == wanted or (span.start <= today and wanted == today)
        ):
            return
        if span.start >= today:  # not late yet at the end of any settled day: undo
            span.delete()
            bump(track.unit_id, track.field_id, span.start, late_in=-1)
        else:
            span.end = today
            span.save(update_fields=["end"])
            bump(track.unit_id, track.field_id, today, late_out=1)
    if wanted is not None:
        Span.objects.create(dossier_id=dossier.pk, kind=SpanKind.LATE, start=wanted)
        bump(track.unit_id, track.field_id, wanted, late_in=1)


# --- rebuild --------------------------------------------------------------------------


def rebuild(today: date | None = None) -> int:
    """Recompute every summary row from the dossiers (and the stats' own per-dossier facts
    where a dossier already has them). Dossiers without facts (data written in bulk, or
    older than the summaries) get them from their fields and history; their late span is
    taken from the current appointment, the only one a dossier keeps. Returns the number of
    summary rows. Rows of dossiers deleted meanwhile are lost, so a province that deletes
    old dossiers runs this only before it starts doing so."""
    today = today or timezone.localdate()
    with transaction.atomic():
        _facts_for_untracked(today)
        rows: dict[tuple[int, int, date], dict] = defaultdict(lambda: defaultdict(int))
        tracks = {t.dossier_id: t for t in Track.objects.all()}
        for track in tracks.values():
            rows[(track.unit_id, track.field_id, track.received_on)][_received(track.online)] += 1
            if track.left_on:
                name = "closed" if track.outcome == Outcome.CLOSED else f"resolved_{track.outcome}"
                rows[(track.unit_id, track.field_id, track.left_on)][name] += 1
        for pk, hours in _resolved_hours(tracks):
            t = tracks[pk]
            rows[(t.unit_id, t.field_id, t.left_on)]["resolved_hours"] += hours
        for span in Span.objects.all().iterator():
            t = tracks[span.dossier_id]
            late = span.kind == SpanKind.LATE
            rows[(t.unit_id, t.field_id, span.start)]["late_in" if late else "paused_in"] += 1
            if span.kind == SpanKind.SUPPLEMENT:
                rows[(t.unit_id, t.field_id, span.start)]["supplements"] += 1
            if span.end:
                rows[(t.unit_id, t.field_id, span.end)]["late_out" if late else "paused_out"] += 1
        events, withdrawn_received = _unreceived_events()
        for unit_id, field_id, day, event in events:
            rows[(unit_id, field_id, day)][event] += 1
        for pk in withdrawn_received & tracks.keys():
            track = tracks[pk]
            if track.outcome == Outcome.CLOSED:
                rows[(track.unit_id, track.field_id, track.left_on)]["withdrawn"] += 1
        DayCount.objects.all().delete()
        DayCount.objects.bulk_create(
            (
                DayCount(unit_id=u, field_id=f, day=d, **values)
                for (u, f, d), values in rows.items()
            ),
            batch_size=2000,
        )
    return len(rows)


def _unreceived_events() -> tuple[list[tuple[int, int, date, str]], set[int]]:
    """(unit, field, day, counter) of refusals and of withdrawals before receipt, and the
    ids of dossiers withdrawn after receipt (counted on their track's day)."""
    events, withdrawn_received = [], set()
    rows = StatusHistory.objects.filter(
        to_status__in=(Status.NOT_RECEIVED, Status.WITHDRAWN)
    ).values_list(
        "dossier_id",
        "from_status",
        "to_status",
        "at",
        "dossier__unit_id",
        "dossier__procedure__field_id",
    )
    for dossier_id, from_status, to_status, at, unit_id, field_id in rows.iterator():
        if to_status == Status.WITHDRAWN and from_status != Status.NEW:
            withdrawn_received.add(dossier_id)
            continue
        event = "refused" if to_status == Status.NOT_RECEIVED else "withdrawn"
        events.append((unit_id, field_id or 0, timezone.localdate(at), event))
    return events, withdrawn_received


def _resolved_hours(tracks: dict[int, Track]):
    done = [pk for pk, t in tracks.items() if t.left_on and t.outcome != Outcome.CLOSED]
    for start in range(0, len(done), 2000):
        chunk = done[start : start + 2000]
        rows = Dossier.objects.filter(pk__in=chunk).values_list(
            "pk", "received_at", "finished_at", "process__paused_hours"
        )
        for pk, received_at, finished_at, paused in rows:
            process = {"paused_hours": paused or Decimal(0)}
            probe = Dossier(received_at=received_at, finished_at=finished_at)
            yield pk, _processing_hours(probe, process)


def _facts_for_untracked(today: date) -> None:
    """Track and Span rows for received dossiers that have none, from the dossier itself."""
    dossiers = (
        Dossier.objects.filter(received_at__isnull=False, process__isnull=False)
        .exclude(pk__in=Track.objects.values("dossier_id"))
        .values_list(
            "pk",
            "unit_id",
            "procedure__field_id",
            "channel",
            "status",
            "received_at",
            "finished_at",
            "appointment_at",
            "process__timeliness",
            "process__counts_as_late",
        )
    )
    history = _left_and_paused_moments()
    tracks, spans = [], []
    for row in dossiers.iterator(chunk_size=2000):
        (
            pk,
            unit_id,
            field_id,
            channel,
            status,
            received_at,
            finished_at,
            appointment_at,
            timeliness,
            late,
        ) = row
        left_at, pauses = history.get(pk, (None, []))
        track = Track(
            dossier_id=pk,
            unit_id=unit_id,
            field_id=field_id or 0,
            online=channel == DossierChannel.ONLINE,
            received_on=timezone.localdate(received_at),
        )
        if status in (Status.DONE, Status.RETURNED):
            track.outcome = timeliness or Outcome.ON_TIME
            track.left_on = timezone.localdate(finished_at or left_at)
        elif status in (Status.WITHDRAWN, Status.STOPPED) and left_at:
            track.outcome, track.left_on = Outcome.CLOSED, timezone.localdate(left_at)
        tracks.append(track)
        for kind, start, end in pauses:
            spans.append(Span(dossier_id=pk, kind=kind, start=start, end=end))
        late_span = _late_span_from(status, appointment_at, late, track.left_on, today)
        if late_span:
            spans.append(
                Span(dossier_id=pk, kind=SpanKind.LATE, start=late_span[0], end=late_span[1])
            )
    Track.objects.bulk_create(tracks, batch_size=2000)
    Span.objects.bulk_create(spans, batch_size=2000)


def _late_span_from(status, appointment_at, counts_as_late, left_on, today):
    if appointment_at is None:
        return None
    start = timezone.localdate(appointment_at)
    if status in IN_PROGRESS:
        return (min(start, today) if counts_as_late else start, None)
    if left_on is not None and start < left_on and status not in PAUSE_KIND:
        return (start, left_on)
    return None


def _left_and_paused_moments() -> dict[int, tuple[datetime | None, list]]:
    """Per untracked dossier: the moment it left (9, 7 or 8) and its waiting spans."""
    out: dict[int, tuple[datetime | None, list]] = {}
    rows = (
        StatusHistory.objects.exclude(dossier_id__in=Track.objects.values("dossier_id"))
        .filter(dossier__received_at__isnull=False)
        .exclude(from_status=F("to_status"))
        .order_by("dossier_id", "at", "id")
        .values_list("dossier_id", "from_status", "to_status", "at")
    )
    for dossier_id, from_status, to_status, at in rows.iterator(chunk_size=5000):
        left_at, pauses = out.get(dossier_id, (None, []))
        day = timezone.localdate(at)
        if from_status in PAUSE_KIND and pauses and pauses[-1][2] is None:
            pauses[-1] = (pauses[-1][0], pauses[-1][1], day)
        if to_status in PAUSE_KIND:
            pauses.append((PAUSE_KIND[to_status], day, None))
        if to_status in LEAVING and left_at is None:
            left_at = at
        out[dossier_id] = (left_at, pauses)
    return out
