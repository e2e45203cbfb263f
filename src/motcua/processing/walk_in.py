"""Walk-in registration (channel 1): the desk officer types the dossier and scans the papers.
Validation is the online submission's own (the applicant's details as dossiers.forms.
ApplicantForm checks them, except that a phone or an ID number is enough; the procedure
version's e-form; dossiers.uploads.check_upload); the dossier is then recorded as status 1
with its code and received at once (status 4, Mẫu 01 ready to print).

When the form is refused, the scans that were accepted are kept in private storage (`hold`)
and used again unless the officer chooses other files for their slot, so that a typing
mistake never means scanning again."""

import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
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
from motcua.dossiers.uploads import accepted_types, clean_filename
from motcua.org.models import Role, Unit

from .services import NotPermitted, receive, require_role

HELD_FOLDER = "walk-in-held"


class WalkInApplicantForm(ApplicantForm):
    """At the desk a person may have no e-mail and no tax code: a phone number or an ID
    number (CCCD, or a tax code for an organisation) is enough."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("applicant_email", "applicant_id_number", "applicant_phone"):
            self.fields[name].required = False
        self.fields["applicant_id_number"].help_text = _(
            "CCCD gồm 12 chữ số; mã số thuế gồm 10 hoặc 13 chữ số. Không bắt buộc khi có số "
            "điện thoại."
        )

    def clean_applicant_id_number(self) -> str:
        if not self.cleaned_data["applicant_id_number"].strip():
            return ""
        return super().clean_applicant_id_number()

    def clean_applicant_phone(self) -> str:
        if not self.cleaned_data["applicant_phone"].strip():
            return ""
        return super().clean_applicant_phone()

    def clean(self) -> dict:
        data = super().clean()
        touched = {"applicant_phone", "applicant_id_number"} & set(self.errors)
        if not touched and not data.get("applicant_phone") and not data.get("applicant_id_number"):
            self.add_error(
                "applicant_phone",
                _("Nhập số điện thoại hoặc số CCCD / mã số thuế của người nộp."),
            )
        return data


def hold(uploads: dict[int, list], held: dict[str, list[dict]], errors: dict) -> dict:
    """The scans to keep after a refused form: per slot (id as text), the files just chosen
    when the slot has no error (stored now), else those kept before. Returns the new `held`
    ({slot: [{"name", "path"}]}); files no longer kept are deleted."""
    kept: dict[str, list[dict]] = {}
    for slot_id, files in uploads.items():
        key = str(slot_id)
        if f"slot-{slot_id}" in errors or not files:
            continue
        if all(isinstance(item, HeldFile) for item in files):
            kept[key] = held.get(key, [])
            continue
        folder = f"{HELD_FOLDER}/{secrets.token_hex(16)}"
        kept[key] = [
            {
                "name": clean_filename(item.name),
                "path": default_storage.save(f"{folder}/{index}", item),
            }
            for index, item in enumerate(files)
        ]
    release({key: rows for key, rows in held.items() if kept.get(key) is not rows})
    return kept


class HeldFile(ContentFile):
    """A kept scan, read back from storage as an upload."""


def held_files(rows: list[dict] | None) -> list[HeldFile]:
    files = []
    for row in rows or []:
        if not row.get("path", "").startswith(f"{HELD_FOLDER}/"):
            continue  # only what `hold` stored
        try:
            with default_storage.open(row["path"]) as stored:
                files.append(HeldFile(stored.read(), name=row["name"]))
        except FileNotFoundError:
            continue
    return files


def release(held: dict[str, list[dict]]) -> None:
    for rows in held.values():
        for row in rows:
            if row.get("path", "").startswith(f"{HELD_FOLDER}/"):
                default_storage.delete(row["path"])


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
    applicant_form = WalkInApplicantForm(data=applicant)
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
