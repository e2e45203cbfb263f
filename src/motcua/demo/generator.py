"""Synthetic dossiers for load tests and demos: `manage.py generate_demo_dossiers N --seed S`.

Realistic in shape, not in every detail: most dossiers go to communes and a few busy
departments, online submission grows over the years, every status appears with history rows
that walk the national lifecycle, a mix of early / on-time / late results, supplement pauses,
fees (paid online for level-4 dossiers submitted online, at the desk otherwise), satisfaction
ratings for a share of the results returned to applicants with an e-mail, and attachments.
The attachments are a few small real PDF/PNG blobs stored once and referenced by every
DossierFile row (generated drafts get no files, because deleting a draft deletes its stored
files). Submissions fall mostly, and appointments always,
on working days of the official calendar (weekends, public holidays and announced swaps,
`core.calendar`), read once for the whole span; step records (Mẫu 05) are not made.

Speed: rows are written with COPY on PostgreSQL (executemany elsewhere) in batches, each batch
in its own transaction, with explicit ids; the id sequences are reset at the end. Codes follow
`{unit identifier}-{yyMMdd}-{NNNN}` and continue each (unit, day) counter, whose row is raised
in the same transaction, so a later real submission never reuses a generated code.
Deterministic: the same seed, end date and starting database give the same rows.
"""

import bisect
import hashlib
import json
import random
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Model
from django.utils import timezone

from motcua.accounts.models import ApplicantProfile
from motcua.catalog.models import Offering, OnlineLevel, ProcedureChannel, ProcedureVersion
from motcua.catalog.services import current_version
from motcua.core.calendar import is_working_day
from motcua.dossiers.models import (
    Dossier,
    DossierChannel,
    DossierCounter,
    DossierFile,
    FileKind,
    Status,
    StatusHistory,
)
from motcua.org.models import Role, StaffRole, UnitKind
from motcua.payments.models import Fee, FeeStatus, Payment, PaymentMethod, PaymentStatus
from motcua.processing.models import DeskPayment, DossierProcess, Route, Timeliness
from motcua.processing.routes import default_route, route_snapshot
from motcua.stats.services import rebuild as rebuild_stats
from motcua.surveys.models import Agreement, Benefit, Invitation, Satisfaction
from motcua.surveys.models import Response as SurveyResponse

from . import loaders
from .staff import FAMILY_NAMES

YEARS = 4
BATCH = 20_000
DEFAULT_DAYS = 5  # processing time when the catalogue gives none
DEMO_APPLICANT_DOSSIERS = 300  # about this many go to the demo applicants' accounts
UNIT_WEIGHTS = {UnitKind.COMMUNE: 3.0, UnitKind.DISTRICT: 6.0, UnitKind.DEPARTMENT: 2.0}
BUSY_DEPARTMENTS = 3  # the departments with the most procedures get this boost
BUSY_WEIGHT = 40.0
MIDDLE_NAMES = ("Văn", "Thị", "Minh", "Quốc", "Thu", "Ngọc", "Hữu", "Thanh", "Đức", "Kim")
GIVEN_NAMES = ("An", "Bình", "Châu", "Dũng", "Hằng", "Long", "Hoa", "Khánh", "Lan", "Phúc")
STREETS = ("Trần Phú", "Lê Thánh Tôn", "Hùng Vương", "Nguyễn Thiện Thuật", "Thống Nhất")
FEE_PURPOSE = "Phí, lệ phí giải quyết thủ tục"
SURVEY_ANSWER_SHARE = 0.35  # of the invited applicants (results returned, with an e-mail)
# The seed's survey: the share that agreed with each statement, and the main benefit named.
SURVEY_AGREEMENT = {
    "info_clear": 0.903,
    "account_simple": 0.903,
    "sending_smooth": 0.871,
    "processing_fast": 0.903,
}
SURVEY_TIME_AND_TRAVEL = 0.935
SURVEY_OVERALL = ((Satisfaction.VERY_SATISFIED, 55), (Satisfaction.SATISFIED, 38))


# --- the shared attachment blobs -------------------------------------------------------


def _pdf(title: str) -> bytes:
    """A minimal valid one-page PDF."""
    stream = f"BT /F1 18 Tf 72 720 Td ({title}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _png(width: int = 64, height: int = 48) -> bytes:
    """A small grey scan-like PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\x00" + bytes((200 + (x * y) % 40) for x in range(width)) for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class Blob:
    name: str  # storage name
    original_name: str
    content_type: str
    size: int
    sha256: str


BLOB_SOURCES = (
    ("don-de-nghi.pdf", "application/pdf", lambda: _pdf("Don de nghi")),
    ("giay-to-tuy-than.pdf", "application/pdf", lambda: _pdf("Giay to tuy than")),
    ("ban-chup.png", "image/png", _png),
)


def stored_blobs() -> list[Blob]:
    """The shared attachment files, written to the private storage once."""
    blobs = []
    for original_name, content_type, build in BLOB_SOURCES:
        content = build()
        name = f"demo-blobs/{original_name}"
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(content))
        digest = hashlib.sha256(content).hexdigest()
        blobs.append(Blob(name, original_name, content_type, len(content), digest))
    return blobs


# --- the world the dossiers are drawn from ------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """One (unit, procedure) pair with what a dossier of it needs."""

    unit_id: int
    unit_identifier: str
    procedure_id: int
    version_id: int
    documents: tuple[int, ...]
    days: int
    fee: int
    online: bool
    level: int  # the unit's online level for the procedure (catalog.OnlineLevel)
    field_id: int | None
    steps: str  # the route snapshot as JSON


@dataclass
class World:
    offers: list[Offer]
    cum_weights: list[float]
    desk_officer: dict[int, int]  # unit id -> a desk officer's user id
    applicants: list[tuple[int, str, str, str]]  # (user id, name, phone, email)
    blobs: list[Blob]
    counters: dict[tuple[int, date], int] = field(default_factory=dict)


def ensure_demo_world() -> None:
    """Units, catalogue and staff are needed: run the demo loaders when no offering exists."""
    if not Offering.objects.exists():
        for loader in loaders.LOADERS:
            loader()


def build_world() -> World:
    offerings = list(
        Offering.objects.filter(online_level__gte=OnlineLevel.INFORMATION, unit__is_active=True)
        .select_related("unit", "procedure")
        .order_by("unit_id", "procedure_id")
    )
    if not offerings:
        raise RuntimeError("Chưa có thủ tục nào được giao cho đơn vị: chạy load_demo trước.")
    per_unit: dict[int, list[Offering]] = {}
    for offering in offerings:
        per_unit.setdefault(offering.unit_id, []).append(offering)
    busy = _busy_departments(per_unit)
    times, fees = _times_and_fees()
    versions = _latest_versions(offerings)
    configured = set(Route.objects.values_list("unit_id", "procedure_id"))
    offers, weights = [], []
    for unit_id, unit_offerings in per_unit.items():
        unit = unit_offerings[0].unit
        unit_weight = BUSY_WEIGHT if unit_id in busy else UNIT_WEIGHTS.get(unit.kind, 1.0)
        ranks = sum(1 / rank for rank in range(1, len(unit_offerings) + 1))
        for rank, offering in enumerate(unit_offerings, start=1):
            version = versions[offering.procedure_id]
            offers.append(_offer(offering, version, times, fees, configured))
            weights.append(unit_weight / rank / ranks)  # Zipf inside each unit
    return World(
        offers=offers,
        cum_weights=list(accumulate(weights)),
        desk_officer=dict(
            StaffRole.objects.filter(role=Role.DESK_OFFICER)
            .order_by("-unit_id", "-user_id")
            .values_list("unit_id", "user_id")
        ),
        applicants=_demo_applicants(),
        blobs=stored_blobs(),
    )


def _latest_versions(offerings: list[Offering]) -> dict[int, ProcedureVersion]:
    """Each offered procedure's latest version (made by current_version when it has none)."""
    versions = {
        version.procedure_id: version
        for version in ProcedureVersion.objects.filter(
            procedure_id__in={offering.procedure_id for offering in offerings}
        ).order_by("procedure_id", "number")
    }
    for offering in offerings:
        if offering.procedure_id not in versions:
            versions[offering.procedure_id] = current_version(offering.procedure)
    return versions


def _busy_departments(per_unit: dict[int, list[Offering]]) -> set[int]:
    departments = [
        (len(items), unit_id)
        for unit_id, items in per_unit.items()
        if items[0].unit.kind == UnitKind.DEPARTMENT
    ]
    return {unit_id for _count, unit_id in sorted(departments, reverse=True)[:BUSY_DEPARTMENTS]}


def _times_and_fees() -> tuple[dict[int, int], dict[int, int]]:
    """Per procedure: processing time in working days (rounded up) and the fee."""
    times: dict[int, int] = {}
    fees: dict[int, int] = {}
    for row in ProcedureChannel.objects.order_by("procedure_id", "channel"):
        if row.time_value and row.time_unit in ("working_day", "day"):
            times.setdefault(row.procedure_id, max(1, int(-(-row.time_value // 1))))
        elif row.time_value and row.time_unit == "hour":
            times.setdefault(row.procedure_id, max(1, int(-(-row.time_value // 8))))
        if row.fee_vnd:
            fees.setdefault(row.procedure_id, row.fee_vnd)
    return times, fees


def _offer(
    offering: Offering,
    version: ProcedureVersion,
    times: dict[int, int],
    fees: dict[int, int],
    configured: set[tuple[int, int]],
) -> Offer:
    days = times.get(offering.procedure_id, DEFAULT_DAYS)
    hours = Decimal(days * 8)
    if (offering.unit_id, offering.procedure_id) in configured:
        steps = route_snapshot(offering.unit_id, offering.procedure_id, hours)
    else:
        steps = default_route(offering.unit_id, hours)
    return Offer(
        unit_id=offering.unit_id,
        unit_identifier=offering.unit.identifier,
        procedure_id=offering.procedure_id,
        version_id=version.pk,
        documents=tuple(doc["id"] for doc in version.snapshot.get("documents") or [])[:2],
        days=days,
        fee=fees.get(offering.procedure_id, 0),
        online=offering.online_level >= OnlineLevel.PARTIAL,
        level=offering.online_level,
        field_id=offering.procedure.field_id,
        steps=json.dumps(steps, ensure_ascii=False),
    )


def _demo_applicants() -> list[tuple[int, str, str, str]]:
    profiles = ApplicantProfile.objects.select_related("user").order_by("user_id")
    return [(p.user_id, p.full_name, p.phone, p.user.email) for p in profiles if p.phone][:10]


# --- one dossier's story -----------------------------------------------------------------

FINAL_MIX = (
    (Status.RETURNED, 82),
    (Status.DONE, 4),
    (Status.NOT_RECEIVED, 4),
    (Status.WITHDRAWN, 3),
    (Status.STOPPED, 2),
    (Status.DRAFT, 1),
    # Never answered: still waiting for a supplement or a payment.
    (Status.SUPPLEMENT, 1),
    (Status.FINANCIAL, 1),
)
FRESH_MIX = (  # submitted in the last two weeks
    (Status.NEW, 40),
    (Status.RECEIVED, 10),
    (Status.PROCESSING, 35),
    (Status.SUPPLEMENT, 5),
    (Status.FINANCIAL, 2),
    (Status.NOT_RECEIVED, 3),
    (Status.WITHDRAWN, 2),
    (Status.DRAFT, 3),
)
RECENT_MIX = (
    (Status.RECEIVED, 2),
    (Status.PROCESSING, 35),
    (Status.SUPPLEMENT, 8),
    (Status.FINANCIAL, 4),
    (Status.DONE, 12),
    (Status.RETURNED, 18),
    (Status.NOT_RECEIVED, 2),
    (Status.WITHDRAWN, 2),
    (Status.STOPPED, 1),
    (Status.DRAFT, 3),
)
FRESH_DAYS = 14
RECENT_DAYS = 60
RECEIVED_STATUSES = {
    Status.RECEIVED,
    Status.PROCESSING,
    Status.SUPPLEMENT,
    Status.FINANCIAL,
    Status.STOPPED,
    Status.DONE,
    Status.RETURNED,
}


def _mix(pairs) -> tuple[list[int], list[int]]:
    statuses = [status for status, _weight in pairs]
    return statuses, list(accumulate(weight for _status, weight in pairs))


FRESH = _mix(FRESH_MIX)
FINAL = _mix(FINAL_MIX)
RECENT = _mix(RECENT_MIX)


class WorkingDays:
    """The official calendar's working days from `first` to `last`, read once: asking the
    calendar for each of a million dossiers would cost more than the rest together."""

    def __init__(self, first: date, last: date):
        span = (first + timedelta(days=n) for n in range((last - first).days + 1))
        self.days = [day for day in span if is_working_day(day)]
        self.known = frozenset(self.days)

    def after(self, start: datetime, count: int) -> datetime:
        """The end (17:00) of the `count`-th (≥ 1) working day after `start`'s day."""
        index = bisect.bisect_right(self.days, start.date()) + count - 1
        return self._on(index, start).replace(hour=17, minute=0)

    def on_or_after(self, moment: datetime) -> datetime:
        """`moment` moved on to the first working day on or after its day (same time)."""
        return self._on(bisect.bisect_left(self.days, moment.date()), moment)

    def on_or_before(self, moment: datetime) -> datetime:
        """`moment` moved back to the last working day on or before its day (same time)."""
        return self._on(bisect.bisect_right(self.days, moment.date()) - 1, moment)

    def _on(self, index: int, moment: datetime) -> datetime:
        """`moment` at the same time on the working day at `index` (kept within the span)."""
        day = self.days[min(max(index, 0), len(self.days) - 1)]
        return moment.replace(year=day.year, month=day.month, day=day.day)


@dataclass
class Story:
    """Everything drawn for one dossier; times are aware local datetimes."""

    offer: Offer
    status: int
    channel: int
    submitted: datetime
    received: datetime | None = None
    appointment: datetime | None = None
    finished: datetime | None = None
    returned: datetime | None = None
    pause: tuple[datetime, datetime | None] | None = None
    supplements: int = 0
    timeliness: str = ""
    events: list[tuple[int, int, datetime, str]] = field(default_factory=list)


class Generator:
    """Draws dossiers in time order and writes them in batches (see the module docstring)."""

    def __init__(self, count: int, seed: int, until: date | None = None):
        self.count = count
        self.rng = random.Random(seed)
        self.tz = timezone.get_current_timezone()
        until = until or timezone.localdate()
        end = datetime.combine(until, time(17, 0), self.tz)
        self.end = min(end, timezone.localtime()) if until >= timezone.localdate() else end
        self.start = self.end - timedelta(days=365 * YEARS)
        self.span = (self.end - self.start).total_seconds()
        # Appointments run up to a few months past the end (statutory times in working days).
        self.working = WorkingDays(self.start.date(), self.end.date() + timedelta(days=400))
        self.applicant_share = min(1.0, DEMO_APPLICANT_DOSSIERS / max(count, 1))

    def run(self, progress: Callable[[int], None] | None = None) -> int:
        ensure_demo_world()
        world = build_world()
        world.counters = dict(
            ((unit_id, day), last)
            for unit_id, day, last in DossierCounter.objects.values_list("unit_id", "day", "last")
        )
        writer = Writer(self.applicant_share, self.end)
        moments = sorted(self._moment() for _ in range(self.count))
        done = 0
        for first in range(0, self.count, BATCH):
            stories = [self._story(world, at) for at in moments[first : first + BATCH]]
            writer.write_batch(world, stories, self.rng)
            done += len(stories)
            if progress:
                progress(done)
        writer.finish()
        rebuild_stats()  # the rows were written in bulk, past the status-change hook
        return done

    # Submission moments: volume grows over the years; offices are open on working days (the
    # fifth of moments left on a day off stands for online submissions, made at any time).
    def _moment(self) -> datetime:
        offset = self.span * self.rng.random() ** 0.5
        at = timezone.localtime(self.start + timedelta(seconds=offset), self.tz)
        if at.date() not in self.working.known and self.rng.random() < 0.8:
            at = self.working.on_or_before(at)
        if not 7 <= at.hour < 17 and self.rng.random() < 0.85:
            at = at.replace(hour=self.rng.randint(7, 16))
        return min(at, self.end)

    def _story(self, world: World, at: datetime) -> Story:
        rng = self.rng
        offer = world.offers[bisect.bisect(world.cum_weights, rng.random() * world.cum_weights[-1])]
        growth = (at - self.start).total_seconds() / self.span
        channel = self._channel(offer, growth)
        age = (self.end - at).days
        mix = FRESH if age <= FRESH_DAYS else RECENT if age <= RECENT_DAYS else FINAL
        statuses, weights = mix
        status = statuses[bisect.bisect(weights, rng.random() * weights[-1])]
        if status == Status.DRAFT and channel != DossierChannel.ONLINE:
            status = Status.PROCESSING if age <= RECENT_DAYS else Status.RETURNED
        story = Story(offer=offer, status=status, channel=channel, submitted=at)
        self._timeline(story)
        return story

    def _channel(self, offer: Offer, growth: float) -> int:
        draw = self.rng.random()
        if offer.online and draw < 0.15 + 0.6 * growth:
            return DossierChannel.ONLINE
        return DossierChannel.POST if draw > 0.97 else DossierChannel.DIRECT

    def _timeline(self, story: Story) -> None:
        """Dates and the history events (from, to, at, step) that lead to the story's status."""
        rng, status, at = self.rng, story.status, story.submitted
        events = story.events
        if status == Status.DRAFT:
            return
        events.append((Status.DRAFT, Status.NEW, at, "Nộp hồ sơ"))
        if status == Status.NEW:
            return
        online = story.channel == DossierChannel.ONLINE
        received = at + timedelta(hours=rng.choice((2, 4, 20, 26))) if online else at
        received = min(received, self.end)
        if status == Status.NOT_RECEIVED:
            events.append((Status.NEW, Status.NOT_RECEIVED, received, "Tiếp nhận hồ sơ"))
            return
        if status == Status.WITHDRAWN and rng.random() < 0.5:
            events.append((Status.NEW, Status.WITHDRAWN, received, "Rút hồ sơ"))
            return
        story.received = received
        story.appointment = self.working.after(received, story.offer.days)
        events.append((Status.NEW, Status.RECEIVED, received, "Tiếp nhận hồ sơ"))
        if status == Status.RECEIVED:
            return
        events.append((Status.RECEIVED, Status.PROCESSING, received, "Thẩm định hồ sơ"))
        clock = received + (story.appointment - received) * rng.uniform(0.2, 0.5)
        clock = min(clock, self.end)
        if status in (Status.SUPPLEMENT, Status.STOPPED) or rng.random() < 0.08:
            clock = self._supplement(story, clock)
        if status in (Status.SUPPLEMENT, Status.PROCESSING) and story.pause:
            return
        if status in (Status.SUPPLEMENT, Status.STOPPED):
            return
        if status == Status.FINANCIAL:
            events.append((Status.PROCESSING, Status.FINANCIAL, clock, "Thẩm định hồ sơ"))
            story.pause = (clock, None)
            return
        if status == Status.WITHDRAWN:
            events.append((Status.PROCESSING, Status.WITHDRAWN, clock, "Rút hồ sơ"))
            return
        events.append((Status.PROCESSING, Status.PROCESSING, clock, "Phê duyệt kết quả"))
        if status == Status.PROCESSING:
            return
        self._finish(story)

    def _supplement(self, story: Story, asked: datetime) -> datetime:
        """A supplement request; the applicant answers (clock resumes) unless still waiting."""
        story.supplements = 2 if self.rng.random() < 0.1 else 1
        story.events.append((Status.PROCESSING, Status.SUPPLEMENT, asked, "Thẩm định hồ sơ"))
        if story.status == Status.SUPPLEMENT:
            story.pause = (asked, None)
            return asked
        if story.status == Status.STOPPED:
            stopped = min(asked + timedelta(days=30), self.end)
            story.events.append((Status.SUPPLEMENT, Status.STOPPED, stopped, "Dừng xử lý"))
            return stopped
        resumed = min(asked + timedelta(days=self.rng.randint(1, 10)), self.end)
        story.pause = (asked, resumed)
        # The clock stopped meanwhile: the appointment moves by the pause (to a working day).
        story.appointment = self.working.on_or_after(story.appointment + (resumed - asked))
        story.events.append((Status.SUPPLEMENT, Status.PROCESSING, resumed, "Thẩm định hồ sơ"))
        return resumed

    def _finish(self, story: Story) -> None:
        """Early (most), on time, or late; then the result is returned (status 10)."""
        rng, appointment = self.rng, story.appointment
        draw = rng.random()
        if draw < 0.55:
            finished = appointment - timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 5))
        elif draw < 0.85:
            finished = appointment - timedelta(hours=rng.randint(1, 6))
        else:
            finished = appointment + timedelta(days=rng.randint(1, 12))
        start = story.events[-1][2]
        finished = min(max(finished, start + timedelta(hours=1)), self.end)
        story.finished = finished
        early = finished.date() < appointment.date()  # both local
        if finished > appointment or story.supplements > 1:
            story.timeliness = Timeliness.LATE
        else:
            story.timeliness = Timeliness.EARLY if early else Timeliness.ON_TIME
        story.events.append((Status.PROCESSING, Status.DONE, finished, "Phê duyệt kết quả"))
        if story.status == Status.RETURNED:
            story.returned = min(finished + timedelta(hours=rng.randint(1, 96)), self.end)
            story.events.append((Status.DONE, Status.RETURNED, story.returned, "Trả kết quả"))


# --- writing ------------------------------------------------------------------------------


def _satisfaction(rng: random.Random) -> int:
    draw, floor = rng.random() * 100, 0
    for level, share in SURVEY_OVERALL:
        floor += share
        if draw < floor:
            return level
    return Satisfaction.DISSATISFIED


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"


TABLES: dict[type[Model], tuple[str, ...]] = {
    Dossier: (
        "id",
        "code",
        "status",
        "channel",
        "applicant_id",
        "applicant_name",
        "applicant_id_number",
        "applicant_phone",
        "applicant_email",
        "applicant_address",
        "procedure_id",
        "procedure_version_id",
        "unit_id",
        "values",
        "online_level",
        "supplement_request",
        "submitted_at",
        "received_at",
        "appointment_at",
        "finished_at",
        "returned_at",
        "version",
        "created_at",
        "updated_at",
    ),
    StatusHistory: ("dossier_id", "from_status", "to_status", "actor_id", "at", "note", "step"),
    DossierFile: (
        "dossier_id",
        "document_id",
        "file",
        "original_name",
        "size",
        "content_type",
        "sha256",
        "kind",
        "uploaded_by_id",
        "uploaded_at",
    ),
    DossierProcess: (
        "dossier_id",
        "steps",
        "step_index",
        "step_unit_id",
        "step_due_at",
        "paused_at",
        "paused_hours",
        "supplement_count",
        "counts_as_late",
        "finished_at",
        "timeliness",
    ),
    DeskPayment: (
        "dossier_id",
        "amount_vnd",
        "receipt_number",
        "received_by_name",
        "returned_at",
        "officer_id",
    ),
    Fee: (
        "id",
        "dossier_id",
        "purpose",
        "amount_vnd",
        "status",
        "exemption_reason",
        "settled_at",
        "created_at",
    ),
    Payment: (
        "reference",
        "fee_id",
        "dossier_id",
        "method",
        "provider",
        "amount_vnd",
        "status",
        "provider_data",
        "provider_transaction",
        "verified_by",
        "receipt_number",
        "payer_id",
        "officer_id",
        "created_at",
        "paid_at",
    ),
    Invitation: ("dossier_id", "created_at", "answered_at"),
    SurveyResponse: (
        "unit_id",
        "field_id",
        "procedure_id",
        "month",
        "info_clear",
        "account_simple",
        "sending_smooth",
        "processing_fast",
        "benefit",
        "ease",
        "overall",
        "comment",
    ),
}


class Writer:
    """Turns stories into rows of the tables above and stores them, a batch per transaction."""

    def __init__(self, applicant_share: float, end: datetime):
        self.applicant_share = applicant_share
        self.end = end
        self.next_id = (Dossier.objects.aggregate(last=Max("id"))["last"] or 0) + 1
        self.next_fee_id = (Fee.objects.aggregate(last=Max("id"))["last"] or 0) + 1
        self.postgres = connection.vendor == "postgresql"

    def write_batch(self, world: World, stories: list[Story], rng: random.Random) -> None:
        rows: dict[type[Model], list[tuple]] = {model: [] for model in TABLES}
        touched: set[tuple[int, date]] = set()
        for story in stories:
            self._rows(world, story, rng, rows, touched)
        with transaction.atomic():
            if self.postgres:
                self._skip_reference_checks()
            for model, table_rows in rows.items():
                if table_rows:
                    self._store(model, table_rows)
            self._raise_counters({key: world.counters[key] for key in touched})

    def _rows(self, world, story: Story, rng, rows, touched) -> None:
        offer, dossier_id = story.offer, self.next_id
        self.next_id += 1
        code = None
        if story.status != Status.DRAFT:
            key = (offer.unit_id, story.submitted.date())  # local
            world.counters[key] = world.counters.get(key, 0) + 1
            touched.add(key)
            code = f"{offer.unit_identifier}-{key[1]:%y%m%d}-{world.counters[key]:04d}"
        online = story.channel == DossierChannel.ONLINE
        applicant_id, name, phone, email = self._applicant(world, rng, online)
        officer = world.desk_officer.get(offer.unit_id)
        last_change = story.events[-1][2] if story.events else story.submitted
        rows[Dossier].append(
            (
                dossier_id,
                code,
                story.status,
                story.channel,
                applicant_id,
                name,
                f"056{rng.randrange(10**9):09d}",
                phone,
                email,
                f"Số {rng.randint(1, 300)} {rng.choice(STREETS)}",
                offer.procedure_id,
                offer.version_id,
                offer.unit_id,
                "{}",
                offer.level if code else None,
                "Bổ sung bản sao giấy tờ tùy thân." if story.supplements else "",
                story.submitted if code else None,
                story.received,
                story.appointment,
                story.finished,
                story.returned,
                len(story.events),
                story.submitted,
                last_change,
            )
        )
        for from_status, to_status, at, step in story.events:
            actor = applicant_id if to_status in (Status.NEW, Status.WITHDRAWN) else officer
            rows[StatusHistory].append((dossier_id, from_status, to_status, actor, at, "", step))
        if code:
            self._files(world, story, dossier_id, applicant_id or officer, rows[DossierFile])
        if story.received:
            rows[DossierProcess].append(self._process(story, dossier_id))
        paid_online = self._fee(story, dossier_id, code, applicant_id, officer, rng, rows)
        if story.returned and officer:
            amount = 0 if paid_online or not offer.fee else offer.fee
            receipt = f"BL-{code}" if amount else ""
            rows[DeskPayment].append((dossier_id, amount, receipt, name, story.returned, officer))
        if story.returned and email:
            self._survey(story, dossier_id, rng, rows)

    def _fee(self, story: Story, dossier_id: int, code, payer, officer, rng, rows) -> bool:
        """The catalogue's fee, made at reception: paid online (level 4, submitted online:
        before the result is returned, or still owed when not yet), or at the desk when the
        result is returned; owed meanwhile. True when it was paid online."""
        offer = story.offer
        if not (offer.fee and story.received):
            return False
        online = offer.level >= OnlineLevel.FULL and story.channel == DossierChannel.ONLINE
        paid_at = None
        if online and story.finished and (story.returned or rng.random() < 0.5):
            paid_at = story.finished + timedelta(minutes=rng.randint(5, 600))
            paid_at = min(paid_at, story.returned or self.end)
        elif story.returned:
            paid_at = story.returned
        fee_id = self.next_fee_id
        self.next_fee_id += 1
        status = FeeStatus.PAID if paid_at else FeeStatus.DUE
        rows[Fee].append(
            (fee_id, dossier_id, FEE_PURPOSE, offer.fee, status, "", paid_at, story.received)
        )
        if not paid_at:
            return False
        method = PaymentMethod.ONLINE if online else PaymentMethod.CASH
        rows[Payment].append(
            (
                f"{paid_at:%y%m%d}{fee_id:010X}",
                fee_id,
                dossier_id,
                method,
                "sandbox" if online else "",
                offer.fee,
                PaymentStatus.PAID,
                "{}",
                f"GD{fee_id:010d}" if online else "",
                "ipn" if online else "desk",
                "" if online else f"BL-{code}",
                payer if online else None,
                None if online else officer,
                paid_at,
                paid_at,
            )
        )
        return online

    def _survey(self, story: Story, dossier_id: int, rng, rows) -> None:
        """The invitation sent when the result was returned and, for a share, the anonymous
        answer with the seed's proportions."""
        answered = rng.random() < SURVEY_ANSWER_SHARE
        at = story.returned
        answered_at = min(at + timedelta(hours=rng.randint(1, 72)), self.end) if answered else None
        rows[Invitation].append((dossier_id, at, answered_at))
        if not answered:
            return
        agree = {
            question: Agreement.AGREE if rng.random() < share else Agreement.DISAGREE
            for question, share in SURVEY_AGREEMENT.items()
        }
        benefit = (
            Benefit.TIME_AND_TRAVEL
            if rng.random() < SURVEY_TIME_AND_TRAVEL
            else rng.choice((Benefit.TRACKING, Benefit.TRANSPARENCY, Benefit.NONE))
        )
        month = timezone.localdate(answered_at).replace(day=1)
        rows[SurveyResponse].append(
            (
                story.offer.unit_id,
                story.offer.field_id,
                story.offer.procedure_id,
                month,
                agree["info_clear"],
                agree["account_simple"],
                agree["sending_smooth"],
                agree["processing_fast"],
                benefit,
                _satisfaction(rng),
                _satisfaction(rng),
                "",
            )
        )

    def _applicant(self, world: World, rng, online: bool) -> tuple[int | None, str, str, str]:
        if online and world.applicants and rng.random() < self.applicant_share:
            return rng.choice(world.applicants)
        phone = f"09{rng.randrange(10**8):08d}"
        return (
            None,
            _name(rng),
            phone,
            f"nguoinop{rng.randrange(10**6)}@example.vn" if online else "",
        )

    def _files(self, world, story: Story, dossier_id: int, uploader, out: list) -> None:
        slots = story.offer.documents or (0,)
        for index, slot in enumerate(slots):
            blob = world.blobs[index % len(world.blobs)]
            out.append(
                (
                    dossier_id,
                    slot,
                    blob.name,
                    blob.original_name,
                    blob.size,
                    blob.content_type,
                    blob.sha256,
                    FileKind.APPLICATION,
                    uploader,
                    story.submitted,
                )
            )
        if story.pause and story.pause[1]:
            blob = world.blobs[-1]
            out.append(
                (
                    dossier_id,
                    slots[0],
                    blob.name,
                    blob.original_name,
                    blob.size,
                    blob.content_type,
                    blob.sha256,
                    FileKind.SUPPLEMENT,
                    uploader,
                    story.pause[1],
                )
            )

    def _process(self, story: Story, dossier_id: int) -> tuple:
        steps = json.loads(story.offer.steps)
        done = story.status in (Status.DONE, Status.RETURNED)
        index = len(steps) - 1 if done else min(1 + (len(story.events) > 3), len(steps) - 2)
        paused_at = story.pause[0] if story.pause and story.pause[1] is None else None
        paused_hours = 0
        if story.pause and story.pause[1]:
            paused_hours = round((story.pause[1] - story.pause[0]).total_seconds() / 3600 / 3, 2)
        return (
            dossier_id,
            story.offer.steps,
            index,
            steps[index]["unit_id"],
            story.appointment if not done else story.finished,
            paused_at,
            Decimal(str(paused_hours)),
            story.supplements,
            story.supplements > 1,
            story.finished,
            story.timeliness,
        )

    def _skip_reference_checks(self) -> None:
        """Foreign keys are checked by row triggers, the bulk of COPY's time; the rows point
        only at ids read from the database, so a superuser turns the triggers off for this
        transaction (others keep them: slower, same result)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL synchronous_commit = off")

    def _store(self, model: type[Model], rows: list[tuple]) -> None:
        table, columns = model._meta.db_table, TABLES[model]
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})", list(self._adapted(rows))
            )

    def _adapted(self, rows: list[tuple]) -> Iterator[tuple]:
        ops = connection.ops
        for row in rows:
            yield tuple(
                ops.adapt_datetimefield_value(value)
                if isinstance(value, datetime)
                else str(value)
                if isinstance(value, Decimal)
                else value
                for value in row
            )

    def _raise_counters(self, counters: dict[tuple[int, date], int]) -> None:
        """Raise each (unit, day) counter to the last generated number (never lower it)."""
        table = DossierCounter._meta.db_table
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (unit_id, day, last) VALUES (%s, %s, %s) "
                f"ON CONFLICT (unit_id, day) DO UPDATE SET last = excluded.last "
                f"WHERE {table}.last < excluded.last",
                [(unit_id, day.isoformat(), last) for (unit_id, day), last in counters.items()],
            )

    def finish(self) -> None:
        """Id sequences past the explicit ids; fresh planner statistics on PostgreSQL (after a
        bulk load the old ones make the queue and lookups pick sequential scans)."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(TABLES))
        if self.postgres:
            tables = [*TABLES, DossierCounter]
            statements.append("ANALYZE " + ", ".join(m._meta.db_table for m in tables))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
