"""Writes to the catalogue: importing national records, versions, offerings.

Versions: `Procedure.content_hash` is the hash of the procedure's snapshot (fields,
documents, channels, e-form); whenever it changes a new ProcedureVersion row is added. Old
versions are never modified, so a dossier keeps the version it was submitted under.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from pathlib import Path

from django.core.cache import cache
from django.db import DatabaseError, models, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from motcua.core.queries import one_or_none, prepared_one
from motcua.core.text import fold

from . import importer, selectors
from .models import (
    Channel,
    Field,
    Offering,
    OnlineLevel,
    Procedure,
    ProcedureChannel,
    ProcedureVersion,
    RequiredDocument,
)

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
BATCH_SIZE = 500
SNAPSHOT_FIELDS = (
    *(name for name in importer.FIELD_MAP if name != "raw_text"),
    "form_schema",
    "accepted_file_types",
)
DOCUMENT_FIELDS = (
    "position",
    "name",
    "template_name",
    "originals",
    "copies",
    "quantity_text",
    "required",
    "condition",
)
CHANNEL_FIELDS = (
    "channel",
    "time_value",
    "time_unit",
    "time_text",
    "fee_vnd",
    "fee_text",
    "note",
)
CHILD_FIELDS = {RequiredDocument: DOCUMENT_FIELDS, ProcedureChannel: CHANNEL_FIELDS}
CHANNEL_ORDER = {channel: index for index, channel in enumerate(Channel.values)}

Report = Callable[[str], None]


@dataclass
class ImportSummary:
    """Counts of one import. A record with a problem is counted in `problems` only (it is
    still stored when it has a code and a name, with its raw text and the problem)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = dataclass_field(default_factory=list)
    # Documents of the stored records: needed always / only in a stated case (or "nếu có").
    documents_always: int = 0
    documents_conditional: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.problems)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def count_documents(self, documents: Iterable[importer.ParsedDocument]) -> None:
        for document in documents:
            if document.condition:
                self.documents_conditional += 1
            else:
                self.documents_always += 1

    def summary_line(self) -> str:
        return _(
            "Đã nhập: %(total)s bản ghi — tạo mới %(created)s, cập nhật %(updated)s, "
            "không đổi %(unchanged)s, có vấn đề %(problems)s; giấy tờ: luôn phải nộp "
            "%(always)s, chỉ nộp theo trường hợp %(conditional)s"
        ) % {
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "problems": len(self.problems),
            "always": self.documents_always,
            "conditional": self.documents_conditional,
        }


# --- import --------------------------------------------------------------------------------


def import_procedures(path: str | Path, *, report: Report | None = None) -> ImportSummary:
    """Import a national .jsonl / .jsonl.gz file. Never stops on a bad record: it is reported
    (by code, else by line) and the rest goes on. Re-running creates no duplicates."""
    report = report or (lambda message: None)
    lines = importer.read_lines(path)
    summary = ImportSummary()
    fields: dict[str, Field] = {}
    while True:
        batch, broken = _next_batch(lines)
        with transaction.atomic():
            for number, line in batch:
                _import_line(number, line, summary, fields, report)
        report(_("… đã xử lý %(count)s bản ghi") % {"count": summary.total})
        if broken:
            _add_problem(summary, report, broken)
        if broken or len(batch) < BATCH_SIZE:
            return summary


def _next_batch(lines) -> tuple[list[tuple[int, str]], str]:
    """Up to BATCH_SIZE lines, and why reading stopped early if the file is corrupt."""
    batch = []
    try:
        for item in lines:
            batch.append(item)
            if len(batch) == BATCH_SIZE:
                break
    except importer.CorruptFileError as error:
        return batch, str(error)
    return batch, ""


def _add_problem(summary: ImportSummary, report: Report, problem: str) -> None:
    summary.problems.append(problem)
    report(problem)


def _import_line(
    number: int, line: str, summary: ImportSummary, fields: dict[str, Field], report: Report
) -> None:
    try:
        parsed = importer.parse_line(line)
        outcome = save_procedure(parsed, fields=fields)[1]
        summary.count_documents(parsed.documents)
    except importer.RecordError as error:
        problem = _("Dòng %(line)s: %(error)s") % {"line": number, "error": error}
    except DatabaseError as error:
        problem = _("Dòng %(line)s (mã %(code)s): lỗi lưu dữ liệu: %(error)s") % {
            "line": number,
            "code": parsed.code,
            "error": error,
        }
    else:
        if not parsed.problems:
            summary.count(outcome)
            return
        problem = _("Dòng %(line)s (mã %(code)s): %(problems)s") % {
            "line": number,
            "code": parsed.code,
            "problems": "; ".join(parsed.problems),
        }
    _add_problem(summary, report, problem)


def save_procedure(
    record: dict | importer.ParsedRecord, *, fields: dict[str, Field] | None = None
) -> tuple[Procedure, str]:
    """Create or update one procedure from a national-format dict (or an already parsed
    record). Returns the procedure and "created", "updated" or "unchanged". Raises
    importer.RecordError when the record has no usable code or name."""
    parsed = record if isinstance(record, importer.ParsedRecord) else importer.parse_record(record)
    if len(parsed.code) > Procedure._meta.get_field("code").max_length:
        raise importer.RecordError(_("mã thủ tục quá dài: %(code)s") % {"code": parsed.code})
    # Outside the record's savepoint: a rolled-back record must not drop a cached field.
    field = _field_named(parsed.field_name, fields if fields is not None else {})
    with transaction.atomic():
        existing = Procedure.objects.select_for_update().filter(code=parsed.code).first()
        procedure = existing or Procedure(code=parsed.code)
        kept_text = (procedure.raw_text, procedure.import_problems)
        _apply_fields(procedure, parsed, field)
        documents = [
            _clipped(RequiredDocument(position=i, **asdict(d)))
            for i, d in enumerate(parsed.documents, start=1)
        ]
        channels = [_clipped(ProcedureChannel(**asdict(c))) for c in parsed.channels]
        new_hash = content_hash(procedure_snapshot(procedure, documents, channels))
        if existing and existing.content_hash == new_hash:
            if kept_text != (procedure.raw_text, procedure.import_problems):
                procedure.save(update_fields=["raw_text", "import_problems"])
            return procedure, UNCHANGED
        procedure.version = _next_version_number(procedure) if existing else 1
        procedure.content_hash = new_hash
        procedure.save()
        documents = _replace_children(procedure, documents, "position", new=not existing)
        channels = _replace_children(procedure, channels, "channel", new=not existing)
        _append_version(procedure, procedure_snapshot(procedure, documents, channels))
    return procedure, UPDATED if existing else CREATED


def _apply_fields(procedure: Procedure, parsed: importer.ParsedRecord, field: Field | None) -> None:
    for name, value in parsed.fields.items():
        setattr(procedure, name, value)
    procedure.field = field
    procedure.import_problems = "\n".join(parsed.problems)
    _set_search_text(procedure)
    _clipped(procedure)


def _set_search_text(procedure: Procedure) -> None:
    field_name = procedure.field.name if procedure.field_id else ""
    procedure.search_text = fold(f"{procedure.code} {procedure.name} {field_name}")
    procedure.name_search = fold(procedure.name)


def save_procedure_edits(procedure: Procedure) -> Procedure:
    """Save a procedure edited by hand (the admin), keeping its search text in step. Call
    current_version afterwards to freeze the new content once its rows are saved too."""
    with transaction.atomic():
        _set_search_text(procedure)
        procedure.save()
    return procedure


def save_field(field: Field) -> Field:
    """Save a field (lĩnh vực) and the search text of it and of its procedures."""
    with transaction.atomic():
        field.search_text = fold(field.name)
        field.save()
        procedures = list(field.procedures.select_related("field"))
        for procedure in procedures:
            _set_search_text(procedure)
        Procedure.objects.bulk_update(procedures, ["search_text"], batch_size=500)
    return field


def _field_named(name: str, cache: dict[str, Field]) -> Field | None:
    """Fields (lĩnh vực) are get-or-created by name; `cache` saves a query per record."""
    name = name[: Field._meta.get_field("name").max_length]
    if not name:
        return None
    if name not in cache:
        cache[name], _created = Field.objects.get_or_create(
            name=name, defaults={"search_text": fold(name)}
        )
    return cache[name]


def _clipped(instance: models.Model) -> models.Model:
    """Cut text to the column's length (the verbatim text stays in Procedure.raw_text)."""
    for model_field in instance._meta.concrete_fields:
        value = getattr(instance, model_field.attname)
        if model_field.max_length and isinstance(value, str):
            setattr(instance, model_field.attname, value[: model_field.max_length])
    return instance


def _replace_children(procedure: Procedure, wanted: list, key: str, *, new: bool) -> list:
    """Make the procedure's documents/channels equal to `wanted`, reusing rows with the same
    key (position or channel) so their ids stay stable, and deleting the rest. A `new`
    procedure has no rows yet: no need to look."""
    model = RequiredDocument if key == "position" else ProcedureChannel
    names = CHILD_FIELDS[model]
    old_rows = () if new else model.objects.filter(procedure=procedure)
    old_by_key = {getattr(row, key): row for row in old_rows}
    rows, to_update, to_create = [], [], []
    for row in wanted:
        old = old_by_key.pop(getattr(row, key), None)
        if old is None:
            row.procedure = procedure
            to_create.append(row)
        else:
            for name in names:
                setattr(old, name, getattr(row, name))
            to_update.append(old)
        rows.append(old or row)
    if old_by_key:
        model.objects.filter(pk__in=[row.pk for row in old_by_key.values()]).delete()
    model.objects.bulk_update(to_update, [name for name in names if name != key])
    model.objects.bulk_create(to_create)
    return rows


# --- versions --------------------------------------------------------------------------------


def procedure_snapshot(procedure: Procedure, documents: Iterable, channels: Iterable) -> dict:
    """The structured record frozen in a version (JSON-serialisable; ids None until saved)."""
    snapshot = {name: getattr(procedure, name) for name in SNAPSHOT_FIELDS}
    snapshot["field"] = procedure.field.name if procedure.field_id else ""
    documents = sorted(documents, key=lambda document: document.position)
    channels = sorted(channels, key=lambda channel: CHANNEL_ORDER[channel.channel])
    snapshot["documents"] = [_row(d, DOCUMENT_FIELDS) for d in documents]
    snapshot["channels"] = [_row(c, CHANNEL_FIELDS) for c in channels]
    return snapshot


def _row(instance: models.Model, names: tuple[str, ...]) -> dict:
    row = {"id": instance.pk}
    for name in names:
        value = getattr(instance, name)
        if isinstance(value, Decimal):
            value = format(value.normalize(), "f")  # 20, 20.00 and 2E+1 hash alike
        row[name] = value
    return row


def content_hash(snapshot: dict) -> str:
    """sha256 of the snapshot without row ids: equal content, equal hash."""
    content = {
        **snapshot,
        "documents": [{k: v for k, v in d.items() if k != "id"} for d in snapshot["documents"]],
        "channels": [{k: v for k, v in c.items() if k != "id"} for c in snapshot["channels"]],
    }
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _unchanged_version(procedure_id: int) -> models.QuerySet[ProcedureVersion]:
    """The procedure's latest version if it was found equal to the content at the procedure's
    current revision; (procedure, number) is unique."""
    return ProcedureVersion.objects.filter(
        procedure_id=procedure_id,
        number=F("procedure__version"),
        checked_revision=F("procedure__revision"),
    )


def current_version(procedure: Procedure | int) -> ProcedureVersion:
    """The version a dossier submitted now is frozen under (`procedure`: the procedure or its
    id; the returned version comes with the procedure row: the one given, or read fresh with
    the version). The check itself always reads the database. Creates v1 when the
    procedure has none, and a new version when its stored content (e.g. edited in the admin)
    changed.

    The common case is one read: the latest version, if it was found equal to the content at
    the procedure's current `revision` (which the database raises on any change). Otherwise
    the content is read and hashed without a lock, so concurrent submissions never wait for
    each other; only when it differs is the procedure row locked and compared again: another
    request may have frozen the same content meanwhile (it waited on the lock, then reads
    that version). The unique (procedure, number) constraint is the last guard against two
    versions with one number."""
    if isinstance(procedure, int):
        procedure_id = procedure
        version = one_or_none(_unchanged_version(procedure).select_related("procedure__field"))
    else:
        procedure_id = procedure.pk
        version = prepared_one("unchanged_version", _unchanged_version, procedure_id)
        if version is not None:
            version.procedure = procedure  # the caller's row: not read a second time
    if version is not None:
        return version
    latest, snapshot = _latest_and_snapshot(procedure_id)
    digest = content_hash(snapshot)
    if latest is not None and latest.content_hash == digest:
        return _checked(latest, latest.procedure.revision)
    with transaction.atomic():
        # FOR NO KEY UPDATE: excludes other version makers, not the foreign-key checks of
        # dossiers being saved meanwhile (FOR UPDATE would make those wait too). Changes of
        # documents and channels wait too: their triggers raise this row's revision.
        locked = (
            Procedure.objects.select_for_update(of=("self",), no_key=True)
            .select_related("field")
            .get(pk=procedure_id)
        )
        latest, snapshot = _latest_and_snapshot(procedure_id, locked)
        digest = content_hash(snapshot)
        if latest is not None and latest.content_hash == digest:
            return _checked(latest, locked.revision)
        locked.version = latest.number + 1 if latest else 1
        locked.content_hash = digest
        locked.save(update_fields=["version", "content_hash"])
        version = _append_version(locked, snapshot)
        # Saving the row raised its revision: the new version matches the raised one.
        return _checked(version, Procedure.objects.values_list("revision").get(pk=locked.pk)[0])


def _checked(version: ProcedureVersion, revision: int) -> ProcedureVersion:
    """Note that `version` equals its procedure's content at `revision`. The revision must
    have been read before the content was (a change in between raises it further, so the
    note errs only towards comparing again)."""
    if version.checked_revision != revision:
        ProcedureVersion.objects.filter(pk=version.pk).update(checked_revision=revision)
        version.checked_revision = revision
    return version


def _latest_and_snapshot(
    procedure_id: int, procedure: Procedure | None = None
) -> tuple[ProcedureVersion | None, dict]:
    """The procedure's latest version (None if it has none) and its content as it stands now,
    read fresh from the database (`procedure`: the row already read, e.g. under a lock). The
    procedure row, with its revision, is read before its documents and channels."""
    latest = (
        ProcedureVersion.objects.select_related("procedure__field")
        .filter(procedure_id=procedure_id)
        .order_by("-number")
        .first()
    )
    if procedure is None:
        procedure = (
            latest.procedure
            if latest is not None
            else Procedure.objects.select_related("field").get(pk=procedure_id)
        )
    # procedure_snapshot sorts them: no ORDER BY (the model's would join the procedure).
    documents = RequiredDocument.objects.filter(procedure_id=procedure_id).order_by()
    channels = ProcedureChannel.objects.filter(procedure_id=procedure_id).order_by()
    return latest, procedure_snapshot(procedure, documents, channels)


def _next_version_number(procedure: Procedure) -> int:
    return (procedure.versions.aggregate(last=Max("number"))["last"] or 0) + 1


def _append_version(procedure: Procedure, snapshot: dict) -> ProcedureVersion:
    """Freeze `snapshot` as the procedure's version number `procedure.version` (already set,
    with its content_hash, on the procedure row)."""
    return ProcedureVersion.objects.create(
        procedure=procedure,
        number=procedure.version,
        content_hash=procedure.content_hash,
        snapshot=snapshot,
    )


# --- offerings -------------------------------------------------------------------------------


def set_offering(unit, procedure: Procedure, online_level: int) -> Offering:
    """The unit offers the procedure at `online_level` (1–4); keeps max_online_level right."""
    if online_level not in OnlineLevel.values:
        raise ValueError(_("Mức độ trực tuyến phải từ 1 đến 4."))
    with transaction.atomic():
        offering, _created = Offering.objects.update_or_create(
            unit=unit, procedure=procedure, defaults={"online_level": online_level}
        )
        refresh_max_online_level([procedure.pk])
    return offering


def catalogue_changed(*args, **kwargs) -> None:
    """Start a new generation of the cached catalogue figures: at once (readers in this
    transaction, and the database cache, which commits or rolls back with it) and again after
    commit (a shared cache outside the database may have been refilled before the commit)."""
    _bump_generation()
    transaction.on_commit(_bump_generation)


def _bump_generation() -> None:
    cache.set(selectors.GENERATION_KEY, selectors.new_generation(), None)


def refresh_max_online_level(procedure_ids: Iterable[int]) -> None:
    """Procedure.max_online_level = the highest level any unit offers it at (NULL: none).
    One UPDATE per distinct level, whatever the number of procedures."""
    procedure_ids = list(procedure_ids)
    with transaction.atomic():
        levels = (
            Offering.objects.filter(procedure_id__in=procedure_ids)
            .values("procedure_id")
            .annotate(level=Max("online_level"))
        )
        by_level: dict[int | None, list[int]] = defaultdict(list)
        offered = {row["procedure_id"]: row["level"] for row in levels}
        for procedure_id in procedure_ids:
            by_level[offered.get(procedure_id)].append(procedure_id)
        for level, ids in by_level.items():
            Procedure.objects.filter(pk__in=ids).update(max_online_level=level)
        catalogue_changed()
