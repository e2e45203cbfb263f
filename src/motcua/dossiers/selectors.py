"""Read queries for dossiers. Who may see a dossier is decided in ONE place, `_visible_to`:
an applicant sees their own; the officers' side extends it with the units where the user
holds a role (one indexed filter, never a check in Python after fetching)."""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from motcua.accounts.models import ApplicantProfile
from motcua.accounts.validators import normalise_phone
from motcua.catalog.models import (
    ONLINE_SUBMISSION_LEVEL,
    Channel,
    Offering,
    OnlineLevel,
    Procedure,
    TimeUnit,
)
from motcua.catalog.selectors import form_or_default
from motcua.core.queries import one_or_none, prepared_one
from motcua.org.models import Role, Unit
from motcua.org.selectors import holds_role, staff_roles, staff_unit_ids

from .models import Dossier, DossierChannel, DossierFile, ResultDelivery, Status

CATALOGUE_CHANNEL = {
    DossierChannel.DIRECT: Channel.DIRECT,
    DossierChannel.ONLINE: Channel.ONLINE,
    DossierChannel.POST: Channel.POST,
}
DEFAULT_PROCESSING_TIME = (Decimal(5), TimeUnit.WORKING_DAY)


# A dossier can be at a route step of another unit (liên thông) only while it is processed.
AT_A_STEP = (Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.FINANCIAL)


def _visible_to(user) -> Q:
    return Q(applicant_id=user.pk) | _officer_branch(user)


def _officer_branch(user, status: int | None = None) -> Q:
    """Officers: dossiers of the units where they hold a role, plus those currently at a route
    step in such a unit (liên thông: `partner_unit`, which processing keeps with each step);
    a province admin sees all. Submitted dossiers only.

    With `status` (a queue filter) the branch is narrowed to it; for a status no route step
    can have, only the own-unit part remains. Either part is an index lookup: (unit, status,
    submitted_at) and the partial (partner_unit, status, submitted_at)."""
    if not staff_roles(user) or status == Status.DRAFT:
        return Q(pk__in=[])
    wanted = ~Q(status=Status.DRAFT) if status is None else Q(status=status)
    if holds_role(user, Role.PROVINCE_ADMIN):
        return wanted
    unit_ids = staff_unit_ids(user)
    own = Q(unit_id__in=unit_ids)
    if status is not None and status not in AT_A_STEP:
        return wanted & own
    at_step = Q(status__in=AT_A_STEP, partner_unit_id__in=unit_ids)
    return wanted & (own | at_step)


def visible_dossiers(user) -> QuerySet[Dossier]:
    if not user.is_authenticated:
        return Dossier.objects.none()
    return Dossier.objects.filter(_visible_to(user))


def officer_dossiers(user, status: int | None = None) -> QuerySet[Dossier]:
    """What the user may see as an officer (not their own applications), in `status` if given:
    the staff queue's starting point."""
    if not user.is_authenticated:
        return Dossier.objects.none()
    return Dossier.objects.filter(_officer_branch(user, status))


def dossier_for_user(user, pk: int) -> Dossier:
    """The dossier if `user` may see it; Http404 otherwise (never reveal that it exists)."""
    dossier = one_or_none(
        visible_dossiers(user)
        .select_related("procedure", "procedure_version", "unit")
        .filter(pk=pk)
    )
    if dossier is None:
        raise Http404
    return dossier


def own_dossier(user, pk: int) -> Dossier:
    """A dossier the user submitted (or drafted) themself; Http404 otherwise."""
    dossier = dossier_for_user(user, pk)
    if dossier.applicant_id != user.pk:
        raise Http404
    return dossier


def my_dossiers(user) -> QuerySet[Dossier]:
    """The applicant's drafts and dossiers, latest change first, with what the list shows."""
    if not user.is_authenticated:
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(applicant_id=user.pk)
        .select_related("procedure", "unit")
        .order_by("-updated_at", "-id")
    )


def submittable_procedure(code: str) -> Procedure:
    """A procedure that some unit offers online at level 3 or more; Http404 otherwise. Read
    for every submission, so its SQL is built once (`prepared_one`)."""
    procedure = prepared_one("submittable_procedure", _submittable_by_code, code)
    if procedure is None:
        raise Http404
    return procedure


def _submittable_by_code(code: str) -> QuerySet[Procedure]:
    return Procedure.objects.filter(code=code, max_online_level__gte=ONLINE_SUBMISSION_LEVEL)


def receiving_units(procedure: Procedure | int) -> QuerySet[Unit]:
    """Units where `procedure` (or the procedure of that id) can be submitted online (offered
    at level 3 or more)."""
    return Unit.objects.filter(
        is_active=True,
        offerings__procedure=procedure,
        offerings__online_level__gte=ONLINE_SUBMISSION_LEVEL,
    ).order_by("sort_order", "name")


def home_unit_id(user, units: list[Unit]) -> int | None:
    """Of `units`, the applicant's own commune, else their district, from their profile (the
    office a person usually goes to); None when neither receives the procedure."""
    profile = ApplicantProfile.objects.filter(user_id=user.pk).values("commune", "district")
    home = profile.first() or {}
    offered = {unit.pk for unit in units}
    return next((home[key] for key in ("commune", "district") if home.get(key) in offered), None)


def receiving_unit(procedure_id: int, unit_id: int) -> Unit | None:
    """The unit `unit_id` if it is one of the `receiving_units` of the procedure, else None.
    Read for every new dossier (`prepared_one`)."""
    return prepared_one("receiving_unit", _receiving_unit, procedure_id, unit_id)


def _receiving_unit(procedure_id: int, unit_id: int) -> QuerySet[Unit]:
    return receiving_units(procedure_id).filter(pk=unit_id)


def allows_post(dossier: Dossier) -> bool:
    """Whether the procedure version of the dossier lists the postal service (Dịch vụ bưu
    chính) among its ways of doing it (cách thức thực hiện): the result may then be posted."""
    snapshot = dossier.procedure_version.snapshot if dossier.procedure_version_id else {}
    return any(row.get("channel") == Channel.POST for row in snapshot.get("channels") or [])


def delivery_choices(dossier: Dossier, online_level: int | None) -> list[str]:
    """How the applicant may receive the result of `dossier` filed at `online_level`: the
    electronic result at level 4 (toàn trình), the desk always, the post where allowed."""
    choices = [ResultDelivery.ELECTRONIC] if online_level == OnlineLevel.FULL else []
    choices.append(ResultDelivery.DESK)
    if allows_post(dossier):
        choices.append(ResultDelivery.POST)
    return choices


def offered_level(dossier: Dossier) -> int | None:
    """The online level at which the dossier's unit offers its procedure now."""
    return (
        Offering.objects.filter(unit_id=dossier.unit_id, procedure_id=dossier.procedure_id)
        .values_list("online_level", flat=True)
        .first()
    )


def statutory_time(dossier: Dossier) -> tuple[Decimal, str]:
    """The processing time the dossier was submitted under, from its frozen procedure version
    (a later catalogue import never changes it): its own channel's, else another channel's,
    else 5 working days. The national catalogue often gives a number without a unit: it counts
    in working days."""
    snapshot = dossier.procedure_version.snapshot if dossier.procedure_version_id else {}
    timed = {row["channel"]: row for row in snapshot.get("channels") or [] if row.get("time_value")}
    row = timed.get(CATALOGUE_CHANNEL.get(dossier.channel)) or next(iter(timed.values()), None)
    if row is None:
        return DEFAULT_PROCESSING_TIME
    return Decimal(str(row["time_value"])), row.get("time_unit") or TimeUnit.WORKING_DAY


@dataclass(frozen=True)
class Collection:
    """What an applicant brings to the desk to collect a finished dossier's result."""

    originals: list[str]  # documents whose originals the procedure lists, for comparison
    fee_vnd: int | None  # None: the catalogue gives no amount (see fee_text)
    fee_text: str
    unit: Unit


def collection(dossier: Dossier) -> Collection:
    """From the procedure version the dossier was submitted under: the documents listed with
    an original (those always required, and those of a stated case when a file was sent for
    them) and the fee of the dossier's channel (else of another channel)."""
    snapshot = dossier.procedure_version.snapshot if dossier.procedure_version_id else {}
    sent = set(dossier.files.values_list("document_id", flat=True))
    originals = [
        row["name"]
        for row in snapshot.get("documents") or []
        if row.get("originals") and (row.get("required", True) or row.get("id") in sent)
    ]
    channels = {row["channel"]: row for row in snapshot.get("channels") or []}
    row = channels.get(CATALOGUE_CHANNEL.get(dossier.channel)) or next(iter(channels.values()), {})
    return Collection(originals, row.get("fee_vnd"), row.get("fee_text") or "", dossier.unit)


def form_schema(dossier: Dossier) -> list[dict]:
    """The e-form the dossier is filled under: its procedure version's, or the default one."""
    return form_or_default(dossier.procedure_version.snapshot.get("form_schema"))


def slots(dossier: Dossier) -> list[dict]:
    """The upload slots: the required documents frozen in the procedure version
    (dicts with id, name, required, template_name …)."""
    return list(dossier.procedure_version.snapshot.get("documents") or [])


def slots_with_files(dossier: Dossier) -> list[dict]:
    """Each slot with its `files` (one query for all files)."""
    by_slot: dict[int, list[DossierFile]] = {}
    for item in dossier.files.all():
        by_slot.setdefault(item.document_id, []).append(item)
    return [{**slot, "files": by_slot.get(slot["id"], [])} for slot in slots(dossier)]


def history(dossier: Dossier):
    return dossier.history.select_related("actor").order_by("at", "id")


def dossier_file(user, dossier_id: int, file_id: int) -> DossierFile:
    dossier = dossier_for_user(user, dossier_id)
    item = dossier.files.filter(pk=file_id).first()
    if item is None:
        raise Http404
    return item


# What the lookup compares and answers (a procedure row carries pages of text).
LOOKUP_COLUMNS = (
    *("code", "status", "applicant_id_number", "applicant_phone", "procedure", "unit"),
    *("submitted_at", "received_at", "appointment_at", "returned_at"),
    *("procedure__name", "unit__name"),
)


def lookup_path(code: str) -> str:
    """The public lookup page with `code` filled in (the receipts' QR code opens it)."""
    return f"{reverse('dossiers:lookup')}?{urlencode({'ma': code})}"


def lookup(code: str, contact: str) -> Dossier | None:
    """A submitted dossier by its code and the applicant's phone or ID number / tax code.
    None for any mismatch, so that callers cannot tell an existing code from a missing one.
    Codes are upper case; one typed in lower case is found too."""
    code, contact = (code or "").strip(), (contact or "").strip()
    # No code holds a NUL, and PostgreSQL refuses one in a query (a 500 otherwise).
    if not code or not contact or "\x00" in code:
        return None
    dossier = one_or_none(
        Dossier.objects.exclude(status=Status.DRAFT)
        .select_related("procedure", "unit")
        .only(*LOOKUP_COLUMNS)
        .filter(code__in={code, code.upper()})
    )
    if dossier is None:
        return None
    return dossier if contact_matches(dossier, contact) else None


def contact_matches(dossier: Dossier, contact: str) -> bool:
    identifiers = {dossier.applicant_id_number.replace(" ", "")} - {""}
    if contact.replace(" ", "") in identifiers:
        return True
    try:
        return bool(dossier.applicant_phone) and normalise_phone(contact) == dossier.applicant_phone
    except ValidationError:  # not a phone number either
        return False
