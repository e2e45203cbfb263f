"""Reads of the survey: the invitation behind a link or a signed-in applicant's button; the
results (the seed's percentages, the nine-indicator scores per unit, field and month)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from motcua.dossiers.models import Dossier, Status
from motcua.dossiers.selectors import own_dossier
from motcua.feedback.models import Feedback, Kind
from motcua.processing.models import StepRecord

from .models import Benefit, Invitation, Response, Satisfaction
from .score import DossierFacts, FeedbackFact, Score, grade, score
from .services import invitation_id_from


def invitation_by_token(token: str) -> Invitation:
    """The invitation a signed link names (LinkInvalid / LinkExpired from the signature)."""
    invitation = (
        Invitation.objects.select_related("dossier__procedure", "dossier__unit")
        .filter(pk=invitation_id_from(token))
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def invitation_for_owner(user, dossier_id: int) -> Invitation:
    """The invitation of the user's own dossier; Http404 for another person's dossier or one
    not (yet) finished."""
    dossier = own_dossier(user, dossier_id)
    invitation = Invitation.objects.filter(dossier=dossier).first()
    if invitation is None:
        raise Http404
    invitation.dossier = dossier
    return invitation


def rated_dossier_ids(dossier_ids) -> dict[int, bool]:
    """Dossier id -> whether it was answered, for the dossiers that have an invitation."""
    rows = Invitation.objects.filter(dossier_id__in=list(dossier_ids))
    return {
        d: answered is not None for d, answered in rows.values_list("dossier_id", "answered_at")
    }


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """A period (local dates, both ends included) and optionally one unit and one field."""

    date_from: date | None = None
    date_to: date | None = None
    unit_id: int | None = None
    field_id: int | None = None


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    percent: float


@dataclass(frozen=True)
class SurveySummary:
    responses: int
    questions: list[Share]  # "đồng ý" per seed question
    benefits: list[Share]
    ease: list[Share]
    overall: list[Share]


AGREEMENT_QUESTIONS = ("info_clear", "account_simple", "sending_smooth", "processing_fast")


def _percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def responses(filters: Filters, unit_ids: list[int] | None = None) -> QuerySet[Response]:
    """The responses of the period (by month answered), unit and field; only `unit_ids`
    when given (an officer's units)."""
    rows = Response.objects.all()
    if filters.date_from:
        rows = rows.filter(month__gte=filters.date_from.replace(day=1))
    if filters.date_to:
        rows = rows.filter(month__lte=filters.date_to)
    if filters.unit_id:
        rows = rows.filter(unit_id=filters.unit_id)
    if filters.field_id:
        rows = rows.filter(field_id=filters.field_id)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    return rows


def survey_summary(filters: Filters, unit_ids: list[int] | None = None) -> SurveySummary:
    """The seed's figures ("90,3 % đồng ý …") and the shares of each answer, in one query."""
    counts = {f"{name}": Sum(name) for name in AGREEMENT_QUESTIONS}
    for value, _label in Benefit.choices:
        counts[f"benefit_{value}"] = Count("id", filter=Q(benefit=value))
    for name in ("ease", "overall"):
        for value, _label in Satisfaction.choices:
            counts[f"{name}_{value}"] = Count("id", filter=Q(**{name: value}))
    figures = responses(filters, unit_ids).aggregate(total=Count("id"), **counts)
    total = figures["total"]

    def share(label, count) -> Share:
        return Share(str(label), count or 0, _percent(count or 0, total))

    return SurveySummary(
        responses=total,
        questions=[
            share(Response._meta.get_field(name).verbose_name, figures[name])
            for name in AGREEMENT_QUESTIONS
        ],
        benefits=[share(label, figures[f"benefit_{value}"]) for value, label in Benefit.choices],
        ease=[share(label, figures[f"ease_{value}"]) for value, label in Satisfaction.choices],
        overall=[
            share(label, figures[f"overall_{value}"]) for value, label in Satisfaction.choices
        ],
    )


def scored_dossiers(
    filters: Filters, unit_ids: list[int] | None = None, now: datetime | None = None
) -> list[tuple[Dossier, Score]]:
    """Each dossier finished (9 or 10) in the period with its nine-indicator score: one
    query for the dossiers and one for each of their step records and feedback."""
    dossiers = Dossier.objects.filter(status__in=(Status.DONE, Status.RETURNED))
    if filters.date_from:
        dossiers = dossiers.filter(finished_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        dossiers = dossiers.filter(finished_at__lt=_start_of(filters.date_to + timedelta(days=1)))
    if filters.unit_id:
        dossiers = dossiers.filter(unit_id=filters.unit_id)
    if filters.field_id:
        dossiers = dossiers.filter(procedure__field_id=filters.field_id)
    if unit_ids is not None:
        dossiers = dossiers.filter(unit_id__in=unit_ids)
    dossiers = dossiers.select_related("process", "procedure__field", "unit").prefetch_related(
        Prefetch("step_records", queryset=StepRecord.objects.only("dossier_id", "timeliness")),
        Prefetch(
            "feedback",
            queryset=Feedback.objects.only("dossier_id", "answered_at", "due_at", "upheld", "kind"),
        ),
    )
    now = now or timezone.now()
    return [(dossier, score(facts_of(dossier), now)) for dossier in dossiers.order_by("pk")]


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def facts_of(dossier: Dossier) -> DossierFacts:
    """What the score needs, from a dossier read with its process, procedure, step records
    and feedback (see scored_dossiers)."""
    process = getattr(dossier, "process", None)
    return DossierFacts(
        timeliness=process.timeliness if process else "",
        counts_as_late=bool(process and process.counts_as_late),
        step_timeliness=tuple(r.timeliness for r in dossier.step_records.all() if r.timeliness),
        supplement_count=process.supplement_count if process else 0,
        channel=dossier.channel,
        received=dossier.received_at is not None,
        returned=dossier.status == Status.RETURNED,
        decision_published=bool(dossier.procedure.decision_number.strip()),
        online_level=dossier.procedure.max_online_level or 0,
        feedback=tuple(
            FeedbackFact(
                answered_at=item.answered_at,
                due_at=item.due_at,
                upheld=item.upheld and item.kind == Kind.COMPLAINT,
            )
            for item in dossier.feedback.all()
        ),
    )


@dataclass(frozen=True)
class ScoreRow:
    label: str
    dossiers: int
    average: float
    grade: str


GROUPS = {
    "unit": lambda dossier: (dossier.unit.sort_order, dossier.unit.name),
    "field": lambda dossier: (0, dossier.procedure.field.name if dossier.procedure.field else ""),
    "month": lambda dossier: (0, f"{timezone.localtime(dossier.finished_at):%m/%Y}"),
}


def score_rows(scored: list[tuple[Dossier, Score]], by: str) -> list[ScoreRow]:
    """The average score and its grade per unit, field or month of `scored_dossiers`."""
    groups: dict[tuple, list[int]] = {}
    for dossier, result in scored:
        groups.setdefault(GROUPS[by](dossier), []).append(result.total)
    rows = []
    for (_order, label), totals in sorted(groups.items()):
        average = round(sum(totals) / len(totals), 2)
        rows.append(ScoreRow(label or "—", len(totals), average, grade(average)))
    return rows
