"""Read queries for staff. Which dossiers an officer may see is decided once, in
`dossiers.selectors` (`visible_dossiers`, `officer_dossiers`); everything here builds on it."""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache, partial

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django_otp import device_classes

from motcua.catalog.models import ProcedureChannel
from motcua.core.calendar import add_working_time, working_hours_between
from motcua.core.queries import count_compiled_once, values_compiled_once
from motcua.dossiers.models import Dossier, DossierChannel, ResultDelivery, Status
from motcua.dossiers.selectors import officer_dossiers, visible_dossiers
from motcua.org.models import Role, StaffRole, Unit
from motcua.org.selectors import holds_role, keep_staff_roles, staff_roles, staff_unit_ids

from .models import (
    Apology,
    ApologyStatus,
    DossierProcess,
    DueState,
    StaffPolicy,
    StepRecord,
    step_at,
)

ACTIVE = (Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.FINANCIAL)
PAUSED = (Status.SUPPLEMENT, Status.FINANCIAL)
RUNNING = (Status.RECEIVED, Status.PROCESSING)  # the clock runs (not waiting for the applicant)
DUE_SOON_HOURS = Decimal(8)
# The statuses officers work on: the queue's tabs, with their counts (each an index range).
WORK_STATUSES = (*(Status.NEW, Status.RECEIVED, Status.PROCESSING), *PAUSED, Status.DONE)
# The queue's orders: by appointment (the default of the page), by receipt, by submission.
SORTS: dict[str, tuple] = {
    "han": (F("appointment_at").asc(nulls_last=True), "submitted_at", "id"),
    "tiep_nhan": (F("received_at").asc(nulls_last=True), "submitted_at", "id"),
    "nop": ("submitted_at", "id"),
    "nop_moi": ("-submitted_at", "-id"),
}
# What a queue row (page and API) shows: rows stay small although a procedure carries pages
# of text and a route its steps.
QUEUE_COLUMNS = (
    *("code", "status", "version", "applicant_name", "submitted_at", "appointment_at"),
    *("unit", "unit__name", "procedure", "procedure__code", "procedure__name"),
    *("process__steps", "process__step_index", "process__paused_at"),
)


def charges_fee(procedure_id: int) -> bool:
    """Whether the procedure has a fee or charge (an amount, or only the catalogue's text)."""
    return ProcedureChannel.objects.filter(
        Q(fee_vnd__gt=0) | Q(fee_vnd__isnull=True, fee_text__gt=""), procedure_id=procedure_id
    ).exists()


def is_staff_member(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(staff_roles(user))


@dataclass(frozen=True)
class StaffAccess:
    is_staff: bool
    # The staff policy makes TOTP mandatory, or the user has a confirmed device.
    second_factor_due: bool


def staff_access(user: AbstractBaseUser | AnonymousUser) -> StaffAccess:
    """What the staff pages check on every visit: the user's roles, the staff policy and
    whether the user has a confirmed device of any installed django-otp kind. Kept on the
    user object for the rest of the request, the roles as `staff_roles` keeps them."""
    if not user.is_authenticated:
        return StaffAccess(is_staff=False, second_factor_due=False)
    access = getattr(user, "_motcua_staff_access", None)
    if access is None:
        with connection.cursor() as cursor:
            sql, user_params = _staff_access_sql()
            cursor.execute(sql, [user.pk] * user_params)
            rows = cursor.fetchall()
        keep_staff_roles(user, ((unit_id, role) for unit_id, role, _due in rows))
        # Every row carries the same flag (policy or device).
        access = StaffAccess(is_staff=bool(rows), second_factor_due=bool(rows and rows[0][2]))
        user._motcua_staff_access = access
    return access


@cache
def _staff_access_sql() -> tuple[str, int]:
    """One statement instead of three ORM queries: every staff page pays for it, and the
    ORM took 1.7 ms of CPU to build them against 0.2 ms for this (bench host, 2026-11-26).
    Names come from the models. Returns the SQL and how many times it takes the user id."""
    name = connection.ops.quote_name
    roles, policy = StaffRole._meta, StaffPolicy._meta
    require = name(policy.get_field("require_totp").column)
    devices = [
        f"EXISTS (SELECT 1 FROM {name(model._meta.db_table)} "
        f"WHERE {name('user_id')} = %s AND {name('confirmed')})"
        for model in device_classes()
    ]
    first_policy = f"SELECT {require} FROM {name(policy.db_table)} ORDER BY {name('id')} LIMIT 1"
    due = " OR ".join([f"COALESCE(({first_policy}), FALSE)", *devices])
    sql = (
        f"SELECT {name(roles.get_field('unit').column)}, {name('role')}, ({due}) "
        f"FROM {name(roles.db_table)} WHERE {name(roles.get_field('user').column)} = %s"
    )
    return sql, len(devices) + 1


def is_province_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    """A superuser, or a holder of the province_admin role (who sets the staff policy)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or holds_role(user, Role.PROVINCE_ADMIN)


def staff_units(user: AbstractBaseUser) -> QuerySet[Unit]:
    """The units where the user holds any role (all units for a province admin)."""
    if holds_role(user, Role.PROVINCE_ADMIN):
        return Unit.objects.filter(is_active=True).order_by("sort_order", "name")
    return Unit.objects.filter(pk__in=staff_unit_ids(user)).order_by("sort_order", "name")


def units_to_choose_from(user: AbstractBaseUser) -> list[Unit]:
    """The units of the queue's unit filter: none when the user works in a single unit."""
    several = holds_role(user, Role.PROVINCE_ADMIN) or len(staff_unit_ids(user)) > 1
    return list(staff_units(user)) if several else []


def roles_by_unit(user: AbstractBaseUser) -> dict[int, set[str]]:
    roles: dict[int, set[str]] = {}
    for unit_id, role in staff_roles(user):
        roles.setdefault(unit_id, set()).add(role)
    return roles


def default_queue_status(user: AbstractBaseUser) -> int:
    """The desk starts from the new online dossiers (1), the others from those in progress."""
    return Status.NEW if holds_role(user, Role.DESK_OFFICER) else Status.PROCESSING


def desk_dossiers(
    user: AbstractBaseUser,
    *,
    status: int | None = None,
    unit_id: int | None = None,
    q: str = "",
    late: bool = False,
    due: str = "",
    sort: str = "nop",
) -> QuerySet[Dossier]:
    """The staff queue: what the user may see as an officer, filtered (`due`: a `DueState` of
    the dossiers whose clock runs), in one of the `SORTS` (oldest submission first by default)."""
    qs = _narrowed(
        officer_dossiers(user, status).select_related("procedure", "unit", "process"),
        unit_id,
        q,
    ).only(*QUEUE_COLUMNS)
    if late:
        qs = qs.filter(
            Q(status__in=ACTIVE, appointment_at__lt=timezone.now()) | Q(process__timeliness="late")
        )
    if due in DueState.values:
        qs = qs.filter(due_filter(due, timezone.now()))
    return qs.order_by(*SORTS.get(sort, SORTS["nop"]))


def _narrowed(qs: QuerySet[Dossier], unit_id: int | None, q: str) -> QuerySet[Dossier]:
    """The unit filter, and the search: part of a code or a name, or a whole ID number."""
    if unit_id:
        qs = qs.filter(Q(unit_id=unit_id) | Q(partner_unit_id=unit_id))
    if q := (q or "").strip():
        found = Q(code__icontains=q) | Q(applicant_name__icontains=q)
        qs = qs.filter(found | Q(applicant_id_number=q) if q.isdigit() else found)
    return qs


def due_filter(state: str, at: datetime) -> Q:
    """Dossiers whose clock runs (2, 4) in a due state at `at`: late = past the appointment,
    due soon = within `DUE_SOON_HOURS` working hours of it (as `deadline_of` colours them)."""
    running = Q(status__in=RUNNING, appointment_at__isnull=False)
    if state == DueState.LATE:
        return running & Q(appointment_at__lt=at)
    soon = add_working_time(at, DUE_SOON_HOURS, "hour")
    if state == DueState.DUE_SOON:
        return running & Q(appointment_at__gte=at, appointment_at__lte=soon)
    return running & Q(appointment_at__gt=soon)


@dataclass(frozen=True)
class QueueCounts:
    """The queue's tabs: dossiers per work status, and per due state within each status."""

    by_status: dict[int, dict[str, int]]

    def total(self, status: int | None, due: str = "") -> int:
        """Dossiers of `status` (all work statuses for None) in the due state `due` (any)."""
        statuses = WORK_STATUSES if status is None else (status,)
        return sum(self.by_status.get(s, {}).get(due or "total", 0) for s in statuses)


def queue_counts(
    user: AbstractBaseUser, *, unit_id: int | None, q: str, at: datetime
) -> QueueCounts:
    """One grouped COUNT over the work statuses, for the queue's tabs."""
    states = {state: Count("pk", filter=due_filter(state, at)) for state in DueState.values}
    rows = (
        _narrowed(officer_dossiers(user), unit_id, q)
        .filter(status__in=WORK_STATUSES)
        .order_by()
        .values("status")
        .annotate(total=Count("pk"), **states)
    )
    return QueueCounts({row.pop("status"): row for row in rows})


def pending_apologies(dossier_ids: Iterable[int]) -> set[int]:
    """Which of these dossiers have an apology letter waiting for a leader (one query)."""
    return set(
        Apology.objects.filter(
            dossier_id__in=list(dossier_ids), status=ApologyStatus.DRAFT
        ).values_list("dossier_id", flat=True)
    )


def missing_documents(dossier: Dossier) -> list[str]:
    """The required documents of the dossier's procedure version without any file."""
    documents = (
        dossier.procedure_version.snapshot.get("documents") if dossier.procedure_version_id else []
    )
    with_files = set(dossier.files.values_list("document_id", flat=True))
    return [
        doc["name"]
        for doc in documents or []
        if doc.get("required") and doc["id"] not in with_files
    ]


def is_complete_online(dossier: Dossier) -> bool:
    return dossier.channel == DossierChannel.ONLINE and not missing_documents(dossier)


@dataclass(frozen=True)
class Deadline:
    state: str
    label: str
    hours_left: Decimal | None


def deadline_of(dossier: Dossier, at: datetime | None = None) -> Deadline | None:
    """Time left in working hours and the colour state (with its text label); frozen while
    the clock is stopped. None for dossiers not (or no longer) running against a deadline."""
    process = getattr(dossier, "process", None)
    paused_at = process.paused_at if process else None
    return _deadline(dossier.status, dossier.appointment_at, paused_at, at)


def _deadline(
    status: int, appointment_at: datetime | None, paused_at: datetime | None, at: datetime | None
) -> Deadline | None:
    if status not in ACTIVE or not appointment_at:
        return None
    if paused_at and status in PAUSED:
        left = working_hours_between(paused_at, appointment_at)
    else:
        left = working_hours_between(at or timezone.now(), appointment_at)
    if left < 0:
        state = DueState.LATE
    elif left <= DUE_SOON_HOURS:
        state = DueState.DUE_SOON
    else:
        state = DueState.IN_TIME
    return Deadline(state=state, label=str(DueState(state).label), hours_left=left)


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One row of the staff queue page, read as plain values: four model objects per row
    (dossier, procedure, unit, process) cost about 1.4 ms a page on the bench host."""

    pk: int
    code: str | None
    status: int
    applicant_name: str
    procedure_name: str
    unit_name: str
    submitted_at: datetime | None
    appointment_at: datetime | None
    deadline: Deadline | None
    step: str


QUEUE_ROW_VALUES = (
    *("pk", "code", "status", "applicant_name", "procedure__name", "unit__name"),
    *("submitted_at", "appointment_at", "process__paused_at", "process__steps"),
    "process__step_index",
)


class QueueSource:
    """What the queue page's Paginator pages through: the count, and the `QUEUE_ROW_VALUES` of
    one page, both run with SQL the ORM built once for the same user, roles and filters
    (`core.queries`), so the queryset is built only then; with the lateness filter, which
    depends on the time, built each time."""

    def __init__(self, dossiers: Callable[[], QuerySet[Dossier]], key: Hashable | None):
        self.dossiers, self.key = dossiers, key

    def count(self) -> int:
        if self.key is None:
            return self.dossiers().count()
        return count_compiled_once(("queue", self.key), self.dossiers)

    def __getitem__(self, window: slice) -> list[tuple]:
        def values() -> QuerySet:
            return self.dossiers()[window].values_list(*QUEUE_ROW_VALUES)

        if self.key is None:
            return list(values())
        return values_compiled_once(("queue", self.key, window.start, window.stop), values)


def queue_source(
    user: AbstractBaseUser,
    *,
    status: int | None,
    unit_id: int | None,
    q: str,
    late: bool = False,
    due: str = "",
    sort: str = "nop",
) -> QueueSource:
    """The staff queue page's `desk_dossiers`. Its key is everything they are built from: the
    user, their roles (which decide what they may see) and the filters; none with a filter
    that depends on the time (lateness, due state)."""
    dossiers = partial(
        desk_dossiers, user, status=status, unit_id=unit_id, q=q, late=late, due=due, sort=sort
    )
    key = None
    if not late and not due:
        key = (user.pk, tuple(sorted(staff_roles(user))), status, unit_id, q, sort)
    return QueueSource(dossiers, key)


def queue_rows(values: Iterable[tuple], at: datetime) -> list[QueueRow]:
    """Queue rows from `QUEUE_ROW_VALUES` tuples, with their deadlines at `at` and their steps."""
    return [
        QueueRow(
            pk,
            code,
            status,
            *names,  # applicant, procedure, unit
            submitted,
            appointment,
            deadline=_deadline(status, appointment, paused_at, at),
            step=_step_name(status, step_at(steps, index)),
        )
        for pk, code, status, *names, submitted, appointment, paused_at, steps, index in values
    ]


def process_of(dossier: Dossier) -> DossierProcess | None:
    return DossierProcess.objects.filter(dossier=dossier).first()


def step_records(dossier_id: int) -> QuerySet[StepRecord]:
    return StepRecord.objects.filter(dossier_id=dossier_id).select_related("unit", "completed_by")


def pending_apology(dossier_id: int) -> Apology | None:
    return Apology.objects.filter(dossier_id=dossier_id, status=ApologyStatus.DRAFT).first()


def available_actions(user: AbstractBaseUser, dossier: Dossier) -> list[str]:
    """The actions to offer on the dossier page (the services check again when posted)."""
    roles = roles_by_unit(user)
    at_desk = Role.DESK_OFFICER in roles.get(dossier.unit_id, set())
    process = getattr(dossier, "process", None)
    step = process.current_step if process else None
    handles_step = bool(step) and step["role"] in roles.get(step["unit_id"], set())
    processing = dossier.status == Status.PROCESSING
    actions = {
        "receive": dossier.status == Status.NEW and at_desk,
        "refuse": dossier.status == Status.NEW and at_desk,
        "complete_step": processing and handles_step,
        "return_step": processing and handles_step and process.step_index >= 1,
        "request_supplement": (dossier.status == Status.NEW and at_desk)
        or (processing and (at_desk or handles_step)),
        "request_financial": dossier.status == Status.PROCESSING
        and (at_desk or handles_step)
        and charges_fee(dossier.procedure_id),
        # Before receipt (1 → 5) only the applicant's supplement returns the dossier (5 → 1).
        "resume": dossier.status in PAUSED and process is not None and (at_desk or handles_step),
        "return_result": dossier.status == Status.DONE and at_desk,
        "send_by_post": dossier.status == Status.DONE
        and at_desk
        and dossier.result_delivery == ResultDelivery.POST,
        "stop": dossier.status in (Status.PROCESSING, *PAUSED)
        and bool({Role.DESK_OFFICER, Role.LEADER} & roles.get(dossier.unit_id, set())),
        "withdraw": dossier.status in (Status.NEW, *ACTIVE) and at_desk,
        "draft_apology": dossier.status in ACTIVE and (at_desk or handles_step),
    }
    return [name for name, allowed in actions.items() if allowed]


def tracking_book(user: AbstractBaseUser, unit_id: int, date_from: date, date_to: date):
    """Mẫu 06 rows: dossiers the unit received in the period (only if the user may see them)."""
    return (
        visible_dossiers(user)
        .filter(unit_id=unit_id, received_at__date__gte=date_from, received_at__date__lte=date_to)
        .select_related("procedure", "desk_payment")
        .order_by("received_at", "id")
    )


def step_label(dossier: Dossier) -> str:
    process = getattr(dossier, "process", None)
    return _step_name(dossier.status, process.current_step if process else None)


def _step_name(status: int, step: dict | None) -> str:
    """The step shown under the status, while the dossier is being worked on."""
    return step["name"] if step and status in ACTIVE else ""


def desk_units(user: AbstractBaseUser) -> QuerySet[Unit]:
    """Units where the user is a desk officer (where they may register walk-in dossiers)."""
    return (
        Unit.objects.filter(staff_roles__user=user, staff_roles__role=Role.DESK_OFFICER)
        .distinct()
        .order_by("sort_order", "name")
    )
