"""The summary tables' one writer.

`keep_counts` runs inside every dossier change (registered with
`dossiers.services.register_transition_hook` in StatsConfig.ready, after processing's clock),
so the counters are exact at every commit and cost a few indexed statements per change;
`count_payment` and `count_upheld` do the same inside a confirmed fee payment and an upheld
feedback answer (registered with payments' and feedback's hooks).
`rebuild` recomputes them from the dossiers (existing data, bulk-generated demo data).
"""

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from functools import cache as once
from time import time_ns

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from motcua.catalog.models import Offering, OnlineLevel, Procedure
from motcua.core.calendar import working_hours_between
from motcua.documents.models import DossierResult
from motcua.dossiers.models import Dossier, DossierChannel, Status, StatusHistory
from motcua.feedback.models import Feedback
from motcua.payments.models import Payment, PaymentMethod, PaymentStatus
from motcua.processing.models import DossierProcess

from .models import CLOSED, COUNTERS, RESOLVED, DayCount, MonthCount, Outcome, Span, SpanKind, Track
from .selectors import FIGURES_VERSION_KEY

IN_PROGRESS = (Status.RECEIVED, Status.PROCESSING)
PAUSE_KIND = {Status.SUPPLEMENT: SpanKind.SUPPLEMENT, Status.FINANCIAL: SpanKind.FINANCIAL}
LEAVING = (Status.DONE, Status.WITHDRAWN, Status.STOPPED)


def bump(unit_id: int, field_id: int, day: date, **changes) -> None:
    """Add `changes` (counter → amount) to the (unit, field, day) row and to its month's
    row, creating them, and make the cached tables stale once the transaction commits."""
    _add_counts(unit_id, field_id, day, changes)
    figures_changed()


def _add_counts(unit_id: int, field_id: int, day: date, changes: dict) -> None:
    """One INSERT … ON CONFLICT DO UPDATE per table (SQLite and PostgreSQL), safe under
    concurrency."""
    names = list(changes)
    with connection.cursor() as cursor:
        for model, first in ((DayCount, day), (MonthCount, day.replace(day=1))):
            cursor.execute(
                _upsert_sql(model, tuple(names)), [unit_id, field_id, first, *changes.values()]
            )


def figures_changed() -> None:
    """Once this transaction commits, every cached report table is stale
    (`selectors.cached_figures`): the version its entries are kept under is replaced by a
    new one, never reused, so a lost or evicted version only costs a recomputation."""
    transaction.on_commit(_new_figures_version)


def _new_figures_version() -> None:
    cache.set(FIGURES_VERSION_KEY, time_ns(), timeout=None)


@once
def _upsert_sql(model, names: tuple[str, ...]) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    missing = [name for name in (*COUNTERS, "resolved_hours") if name not in names]
    columns = ", ".join(["unit_id", "field_id", "day", *names, *missing])
    marks = ", ".join(["%s"] * (3 + len(names)) + ["0"] * len(missing))  # no db defaults
    updates = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in names)
    return (
        f"INSERT INTO {table} ({columns}) VALUES ({marks}) "
        f"ON CONFLICT (unit_id, field_id, day) DO UPDATE SET {updates}"
    )


def _day(moment: datetime | None, fallback: datetime) -> date:
    return timezone.localdate(moment or fallback)


def keep_counts(dossier: Dossier, from_status: int, at: datetime) -> None:
    """Count the change the locked `dossier` is making (its new status is set, not yet
    saved). Same-status changes (a new appointment after an apology) only move the late span."""
    to_status = dossier.status
    if to_status == Status.NEW:  # a submission counts nothing: no statement at all
        return
    today = timezone.localdate(at)
    if to_status == Status.NOT_RECEIVED or (
        to_status == Status.WITHDRAWN and from_status == Status.NEW
    ):
        _end_unreceived(dossier, today)
        return
    if to_status == Status.RECEIVED and from_status == Status.NEW:
        track = _start_track(dossier, at)
    else:
        track = Track.objects.filter(dossier_id=dossier.pk).first()
    if track is None or track.received_on is None:  # not received, or before the summaries
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
    _keep_late(dossier, track, process, today)
    if to_status == Status.RETURNED and from_status != Status.RETURNED:
        _count_return(dossier, count)
    if count:
        bump(track.unit_id, track.field_id, today, **count)


def offered_online(dossier: Dossier) -> bool:
    """Submitted under online level 3 or 4 (the level stored on the dossier; for a dossier
    from before it was stored, the unit's current offering)."""
    if dossier.online_level is not None:
        return dossier.online_level >= OnlineLevel.PARTIAL
    return Offering.objects.filter(
        unit_id=dossier.unit_id,
        procedure_id=dossier.procedure_id,
        online_level__gte=OnlineLevel.PARTIAL,
    ).exists()


def _count_return(dossier: Dossier, count: dict) -> None:
    """4.1: a returned dossier of a procedure offered online, and whether its result was an
    electronic one (signed at the leader's approval, so before the return)."""
    if offered_online(dossier):
        count["returned"] += 1
        count["e_results"] += DossierResult.objects.filter(
            dossier_id=dossier.pk, signed_at__isnull=False
        ).exists()


def _place(dossier_id: int) -> tuple[int, int]:
    """The (unit, field) a dossier's figures go to: its Track's, else its own."""
    found = Track.objects.filter(dossier_id=dossier_id).values_list("unit_id", "field_id").first()
    if found:
        return found
    unit_id, field_id = (
        Dossier.objects.filter(pk=dossier_id).values_list("unit_id", "procedure__field_id").get()
    )
    return unit_id, field_id or 0


def count_payment(payment: Payment) -> None:
    """3.6: a dossier counts once, on the day of its first confirmed fee payment, as paid
    online when that payment was online (the dossier row is locked by the payment)."""
    earlier = (
        Payment.objects.filter(dossier_id=payment.dossier_id, status=PaymentStatus.PAID)
        .exclude(pk=payment.pk)
        .exists()
    )
    if not earlier:
        online = int(payment.method == PaymentMethod.ONLINE)
        day = _day(payment.paid_at, timezone.now())
        bump(*_place(payment.dossier_id), day, paid=1, paid_online=online)


def count_upheld(item: Feedback) -> None:
    """Feedback about a dossier answered as justified, on the day of the answer."""
    bump(*_place(item.dossier_id), _day(item.answered_at, timezone.now()), upheld=1)


def _field_id(procedure_id: int) -> int:
    return Procedure.objects.filter(pk=procedure_id).values_list("field_id", flat=True).first() or 0


def _end_unreceived(dossier: Dossier, today: date) -> None:
    """Refused (1 → 3) or withdrawn before receipt (1 → 7): counted, never received."""
    refused = dossier.status == Status.NOT_RECEIVED
    track = Track.objects.create(
        dossier_id=dossier.pk,
        unit_id=dossier.unit_id,
        field_id=_field_id(dossier.procedure_id),
        online=dossier.channel == DossierChannel.ONLINE,
        left_on=today,
        outcome=Outcome.REFUSED if refused else Outcome.WITHDRAWN,
    )
    bump(track.unit_id, track.field_id, today, **{"refused" if refused else "withdrawn": 1})


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
        track.hours = _processing_hours(dossier, process)
        bump(
            track.unit_id,
            track.field_id,
            track.left_on,
            resolved_hours=track.hours,
            **{f"resolved_{track.outcome}": 1},
        )
    else:
        withdrawn = dossier.status == Status.WITHDRAWN
        track.outcome = Outcome.WITHDRAWN if withdrawn else Outcome.STOPPED
        track.left_on = today
        count["closed"] += 1
        count["withdrawn"] += withdrawn
    track.save(update_fields=["outcome", "left_on", "hours"])


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
        Span.objects.create(
            dossier_id=dossier.pk,
            unit_id=track.unit_id,
            field_id=track.field_id,
            kind=kind,
            start=today,
        )
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
        Span.objects.create(
            dossier_id=dossier.pk,
            unit_id=track.unit_id,
            field_id=track.field_id,
            kind=SpanKind.LATE,
            start=wanted,
        )
        bump(track.unit_id, track.field_id, wanted, late_in=1)


# --- rebuild --------------------------------------------------------------------------

BATCH = 5000


def rebuild(today: date | None = None) -> int:
    """Recompute every summary row from the per-dossier facts, first making the facts of
    dossiers that have none (data written in bulk, or older than the summaries) from their
    fields and history; their late span comes from the current appointment, the only one a
    dossier keeps. The summary rows are then one INSERT … SELECT (any size, in the database).
    Payments, returns and upheld feedback are then counted from their own rows by batches of
    dossier ids, as their hooks count them. Returns the number of rows. Figures of dossiers
    deleted before a rebuild are lost with them, so a province that deletes old dossiers does
    not rebuild afterwards."""
    today = today or timezone.localdate()
    with transaction.atomic():
        _facts_for_untracked(today)
        DayCount.objects.all().delete()
        MonthCount.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(_rebuild_sql())
        _months_from_days()
        _count_events()
        figures_changed()
        return DayCount.objects.count()


def _months_from_days() -> None:
    columns = (*COUNTERS, "resolved_hours")
    rows = (
        DayCount.objects.annotate(month=TruncMonth("day"))
        .values("unit_id", "field_id", "month")
        .annotate(**{f"sum_{c}": Sum(c) for c in columns})
    )
    MonthCount.objects.bulk_create(
        (
            MonthCount(
                unit_id=row["unit_id"],
                field_id=row["field_id"],
                day=row["month"],
                **{c: row[f"sum_{c}"] for c in columns},
            )
            for row in rows.iterator()
        ),
        batch_size=2000,
    )


def _rebuild_sql() -> str:
    name = connection.ops.quote_name
    track, span = name(Track._meta.db_table), name(Span._meta.db_table)
    end = name("end")
    resolved = ", ".join(f"'{o}'" for o in RESOLVED)
    closed = ", ".join(f"'{o}'" for o in CLOSED)

    def when(condition: str) -> str:
        return f"CASE WHEN {condition} THEN 1 ELSE 0 END"

    sources = [
        (
            track,
            "received_on",
            "received_on IS NOT NULL",
            {
                "received_online": when("online"),
                "received_other": when("NOT online"),
            },
        ),
        (
            track,
            "left_on",
            "left_on IS NOT NULL",
            {
                **{f"resolved_{o}": when(f"outcome = '{o}'") for o in RESOLVED},
                "closed": when(f"outcome IN ({closed}) AND received_on IS NOT NULL"),
                "refused": when(f"outcome = '{Outcome.REFUSED}'"),
                "withdrawn": when(f"outcome = '{Outcome.WITHDRAWN}'"),
                "resolved_hours": f"CASE WHEN outcome IN ({resolved}) THEN hours ELSE 0 END",
            },
        ),
        (
            span,
            "start",
            "1 = 1",
            {
                "late_in": when(f"kind = '{SpanKind.LATE}'"),
                "paused_in": when(f"kind <> '{SpanKind.LATE}'"),
                "supplements": when(f"kind = '{SpanKind.SUPPLEMENT}'"),
            },
        ),
        (
            span,
            end,
            f"{end} IS NOT NULL",
            {
                "late_out": when(f"kind = '{SpanKind.LATE}'"),
                "paused_out": when(f"kind <> '{SpanKind.LATE}'"),
            },
        ),
    ]
    columns = [*COUNTERS, "resolved_hours"]
    selects = [
        f"SELECT unit_id, field_id, {day} AS day, "
        + ", ".join(f"{values.get(c, '0')} AS {c}" for c in columns)
        + f" FROM {table} WHERE {where}"
        for table, day, where, values in sources
    ]
    sums = ", ".join(f"SUM({c})" for c in columns)
    table = name(DayCount._meta.db_table)
    return (
        f"INSERT INTO {table} (unit_id, field_id, day, {', '.join(columns)}) "
        f"SELECT unit_id, field_id, day, {sums} FROM ({' UNION ALL '.join(selects)}) AS events "
        "GROUP BY unit_id, field_id, day"
    )


def _count_events() -> None:
    """Add paid / paid_online, returned / e_results and upheld from their rows."""
    bounds = Dossier.objects.aggregate(first=Min("pk"), last=Max("pk"))
    if bounds["first"] is None:
        return
    sums: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    for start in range(bounds["first"], bounds["last"] + 1, BATCH):
        _events_of_batch(start, start + BATCH, sums)
    for (unit_id, field_id, day), changes in sums.items():
        _add_counts(unit_id, field_id, day, changes)  # rebuild makes the tables stale once


def _events_of_batch(first: int, after: int, sums: dict) -> None:
    ids = Q(dossier_id__gte=first, dossier_id__lt=after)
    places = {
        pk: (unit_id, field_id)
        for pk, unit_id, field_id in Track.objects.filter(ids).values_list(
            "dossier_id", "unit_id", "field_id"
        )
    }
    received = set(
        Track.objects.filter(ids, received_on__isnull=False).values_list("dossier_id", flat=True)
    )

    def add(dossier_id: int, at: datetime, **changes) -> None:
        if dossier_id not in places:
            places[dossier_id] = _place(dossier_id)
        counts = sums[(*places[dossier_id], timezone.localdate(at))]
        for name, value in changes.items():
            counts[name] += value

    seen, seen_returns = set(), set()
    for dossier_id, method, paid_at in (
        Payment.objects.filter(ids, status=PaymentStatus.PAID)
        .order_by("dossier_id", "paid_at", "pk")
        .values_list("dossier_id", "method", "paid_at")
    ):
        if dossier_id not in seen:
            seen.add(dossier_id)
            add(dossier_id, paid_at, paid=1, paid_online=int(method == PaymentMethod.ONLINE))
    signed = dict(
        DossierResult.objects.filter(ids, signed_at__isnull=False).values_list(
            "dossier_id", "signed_at"
        )
    )
    returns = (
        StatusHistory.objects.filter(ids, to_status=Status.RETURNED)
        .exclude(from_status=Status.RETURNED)
        .order_by("dossier_id", "at", "id")
        .values_list(
            "dossier_id", "at", "dossier__online_level", "dossier__unit_id", "dossier__procedure_id"
        )
    )
    for dossier_id, at, level, unit_id, procedure_id in returns:
        if dossier_id in received and dossier_id not in seen_returns:
            seen_returns.add(dossier_id)
            probe = Dossier(online_level=level, unit_id=unit_id, procedure_id=procedure_id)
            if offered_online(probe):
                e_result = dossier_id in signed and signed[dossier_id] <= at
                add(dossier_id, at, returned=1, e_results=int(e_result))
    for dossier_id, at in Feedback.objects.filter(ids, upheld=True).values_list(
        "dossier_id", "answered_at"
    ):
        add(dossier_id, at, upheld=1)


def _facts_for_untracked(today: date) -> None:
    """Track and Span rows for counted dossiers that have none, by batches of ids."""
    bounds = Dossier.objects.aggregate(first=Min("pk"), last=Max("pk"))
    if bounds["first"] is None:
        return
    for start in range(bounds["first"], bounds["last"] + 1, BATCH):
        _facts_for_batch(start, start + BATCH, today)


def _facts_for_batch(first: int, after: int, today: date) -> None:
    tracked = set(
        Track.objects.filter(dossier_id__gte=first, dossier_id__lt=after).values_list(
            "dossier_id", flat=True
        )
    )
    counted = Q(received_at__isnull=False, process__isnull=False) | Q(
        status__in=(Status.NOT_RECEIVED, Status.WITHDRAWN)
    )
    rows = [
        row
        for row in Dossier.objects.filter(counted, pk__gte=first, pk__lt=after).values(
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
            "process__paused_hours",
        )
        if row["pk"] not in tracked
    ]
    if not rows:
        return
    moments = _moments([row["pk"] for row in rows])
    tracks, spans = [], []
    for row in rows:
        left_at, pauses, received = moments.get(row["pk"], (None, [], False))
        track, dossier_spans = _facts(row, left_at, pauses, received, today)
        if track is not None:
            tracks.append(track)
            spans.extend(dossier_spans)
    Track.objects.bulk_create(tracks, batch_size=2000)
    Span.objects.bulk_create(spans, batch_size=2000)


def _facts(row: dict, left_at, pauses: list, received: bool, today: date):
    unit_id, field_id = row["unit_id"], row["procedure__field_id"] or 0
    status = row["status"]
    track = Track(
        dossier_id=row["pk"],
        unit_id=unit_id,
        field_id=field_id,
        online=row["channel"] == DossierChannel.ONLINE,
    )
    if row["received_at"] is None or not received:
        if left_at is None:
            return None, []
        track.left_on = timezone.localdate(left_at)
        track.outcome = Outcome.REFUSED if status == Status.NOT_RECEIVED else Outcome.WITHDRAWN
        return track, []
    track.received_on = timezone.localdate(row["received_at"])
    if status in (Status.DONE, Status.RETURNED):
        track.outcome = row["process__timeliness"] or Outcome.ON_TIME
        track.left_on = timezone.localdate(row["finished_at"] or left_at)
        probe = Dossier(received_at=row["received_at"], finished_at=row["finished_at"])
        track.hours = _processing_hours(probe, {"paused_hours": row["process__paused_hours"]})
    elif status in CLOSED_STATUSES and left_at:
        track.outcome = Outcome.WITHDRAWN if status == Status.WITHDRAWN else Outcome.STOPPED
        track.left_on = timezone.localdate(left_at)
    spans = [
        Span(dossier_id=row["pk"], unit_id=unit_id, field_id=field_id, kind=k, start=s, end=e)
        for k, s, e in pauses
    ]
    late = _late_span_from(
        status, row["appointment_at"], row["process__counts_as_late"], track.left_on, today
    )
    if late:
        spans.append(
            Span(
                dossier_id=row["pk"],
                unit_id=unit_id,
                field_id=field_id,
                kind=SpanKind.LATE,
                start=late[0],
                end=late[1],
            )
        )
    return track, spans


CLOSED_STATUSES = (Status.WITHDRAWN, Status.STOPPED)


def _late_span_from(status, appointment_at, counts_as_late, left_on, today):
    if appointment_at is None:
        return None
    start = timezone.localdate(appointment_at)
    if status in IN_PROGRESS:
        return (min(start, today) if counts_as_late else start, None)
    if left_on is not None and start < left_on:
        return (start, left_on)
    return None


def _moments(ids: list[int]) -> dict[int, tuple[datetime | None, list, bool]]:
    """Per dossier: the moment it left (9, 7, 8 or 3), its waiting spans, and whether it
    was received (a history row into 2)."""
    out: dict[int, tuple[datetime | None, list, bool]] = {}
    rows = (
        StatusHistory.objects.filter(dossier_id__in=ids)
        .exclude(from_status=F("to_status"))
        .order_by("dossier_id", "at", "id")
        .values_list("dossier_id", "from_status", "to_status", "at")
    )
    for dossier_id, from_status, to_status, at in rows:
        left_at, pauses, received = out.get(dossier_id, (None, [], False))
        day = timezone.localdate(at)
        if from_status in PAUSE_KIND and pauses and pauses[-1][2] is None:
            pauses[-1] = (pauses[-1][0], pauses[-1][1], day)
        if to_status in PAUSE_KIND:
            pauses.append((PAUSE_KIND[to_status], day, None))
        if to_status in (*LEAVING, Status.NOT_RECEIVED) and left_at is None:
            left_at = at
        out[dossier_id] = (left_at, pauses, received or to_status == Status.RECEIVED)
    return out
