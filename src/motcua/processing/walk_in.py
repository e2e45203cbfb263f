"""Walk-in registration (channel 1): the desk officer types the dossier and scans the papers.
Validation is the online submission's own (dossiers.forms.ApplicantForm, the procedure
version's e-form, dossiers.uploads.check_upload); the dossier is then recorded as status 1
with its code and received at once (status 4, Mẫu 01 ready to print)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.eform import build_form
from motcua.catalog.models import Offering, Procedure
from motcua.catalog.selectors import form_or_default
from motcua.catalog.services import current_version
from motcua.dossiers.forms import ApplicantForm
from motcua.dossiers.models import Dossier, DossierChannel, DossierFile, FileKind, Status
from motcua.dossiers.services import (
    SubmissionInvalid,
    change_status,
    checked_uploads,
    deleted_on_failure,
    issue_code,
    stored_file,
)
from motcua.dossiers.uploads import accepted_types
from motcua.org.models import Role, Unit

from .services import NotPermitted, receive, require_role


def walk_in_form(procedure: Procedure) -> tuple[list[dict], list[dict]]:
    """(e-form schema, upload slots) of the procedure as it stands now."""
    version = current_version(procedure)
    return form_or_default(version.snapshot.get("form_schema")), list(
        version.snapshot.get("documents") or []
    )


def _checked_uploads(version, slots: list[dict], uploads: dict, errors: dict) -> list:
    """The scans of each slot checked as online files are; a required slot without any is
    an error of its own."""
    for slot in slots:
        if slot.get("required") and not uploads.get(slot["id"]):
            errors[f"slot-{slot['id']}"] = [_("Chưa có “%(name)s”.") % {"name": slot["name"]}]
    pairs = [(slot["id"], upload) for slot in slots for upload in uploads.get(slot["id"]) or []]
    return checked_uploads(
        pairs,
        slot_ids={slot["id"] for slot in slots},
        allowed=accepted_types(version.snapshot.get("accepted_file_types")),
        errors=errors,
    )


def register_walk_in(
    *, actor, unit: Unit, procedure: Procedure, applicant: dict, values: dict, uploads: dict
) -> Dossier:
    """Create, validate, store the scans and receive a walk-in dossier; SubmissionInvalid
    (field → messages) when anything is missing or wrong, and then nothing is stored."""
    require_role(actor, unit.pk, Role.DESK_OFFICER)
    if not Offering.objects.filter(unit=unit, procedure=procedure).exists():
        raise NotPermitted(_("Đơn vị không cung cấp thủ tục này."))
    version = current_version(procedure)
    schema, slots = walk_in_form(procedure)
    applicant_form = ApplicantForm(data=applicant)
    eform = build_form(schema, data=values)
    errors = {**applicant_form.errors, **eform.errors}
    checked = _checked_uploads(version, slots, uploads, errors)
    if errors:
        raise SubmissionInvalid({name: [str(m) for m in msgs] for name, msgs in errors.items()})
    stored: list[str] = []
    with deleted_on_failure(stored), transaction.atomic():
        dossier = Dossier.objects.create(
            procedure=procedure,
            procedure_version=version,
            unit=unit,
            channel=DossierChannel.DIRECT,
            values=eform.json_values(),
            **applicant_form.cleaned_data,
        )
        DossierFile.objects.bulk_create(
            stored_file(dossier, actor, document_id, upload, item, stored, FileKind.APPLICATION)
            for document_id, upload, item in checked
        )
        now = timezone.now()
        change_status(
            dossier.pk,
            Status.NEW,
            actor=actor,
            step=_("Nộp trực tiếp tại bộ phận một cửa"),
            code=issue_code(unit, now),
            submitted_at=now,
        )
        return receive(dossier.pk, actor=actor)
