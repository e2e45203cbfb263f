"""Checks on an uploaded file and its safe storage name.

The type is decided by the file's CONTENT (package `filetype`), never by its name or the
browser's claim: a renamed executable is refused. The name a person sees is sanitised; the
stored name is random, in the private default storage."""

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

MAX_NAME_LENGTH = 120
_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"/\\|?*]+")
# Office Open XML / OpenDocument files are zip archives; `filetype` names them by content.
EXTENSION_ALIASES = {"jpeg": "jpg", "tif": "tiff"}
MIME_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}


class UploadRejected(ValueError):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def megabytes(size_mb: int) -> int:
    return size_mb * 1024 * 1024


def accepted_types(accepted_file_types: str) -> list[str]:
    """The procedure's accepted extensions ("pdf, JPG,jpeg") or the default list."""
    wanted = [
        EXTENSION_ALIASES.get(item.strip().lower().lstrip("."), item.strip().lower().lstrip("."))
        for item in (accepted_file_types or "").split(",")
    ]
    return [item for item in dict.fromkeys(wanted) if item] or settings.MOTCUA_DEFAULT_FILE_TYPES


def clean_filename(name: str) -> str:
    """The last path part, NFC, no control or reserved characters, at most 120 characters
    (extension kept); Vietnamese letters stay."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" ._") or "tep"
    stem, dot, extension = name.rpartition(".")
    if not dot:
        return name[:MAX_NAME_LENGTH]
    extension = extension[:10]
    return f"{stem[: MAX_NAME_LENGTH - len(extension) - 1]}.{extension}"


def check_upload(upload, *, allowed: list[str], used_bytes: int) -> CheckedFile:
    """Refuse empty, oversized or wrong-type files with a message for the person."""
    size = upload.size or 0
    if size == 0:
        raise UploadRejected(_("Tệp “%(name)s” rỗng (0 byte).") % {"name": upload.name})
    if size > megabytes(settings.MOTCUA_MAX_UPLOAD_MB):
        raise UploadRejected(
            _("Tệp “%(name)s” lớn hơn %(mb)s MB.")
            % {"name": upload.name, "mb": settings.MOTCUA_MAX_UPLOAD_MB}
        )
    if used_bytes + size > megabytes(settings.MOTCUA_MAX_DOSSIER_MB):
        raise UploadRejected(
            _("Tổng dung lượng hồ sơ vượt quá %(mb)s MB.") % {"mb": settings.MOTCUA_MAX_DOSSIER_MB}
        )
    extension = detected_extension(upload)
    if extension not in allowed:
        raise UploadRejected(
            _("Tệp “%(name)s” không đúng loại được nhận. Chỉ nhận: %(types)s.")
            % {"name": upload.name, "types": ", ".join(t.upper() for t in allowed)}
        )
    return CheckedFile(
        name=clean_filename(upload.name),
        extension=extension,
        content_type=MIME_TYPES.get(extension, "application/octet-stream"),
        size=size,
        sha256=_sha256(upload),
    )


def detected_extension(upload) -> str:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return ""
    return EXTENSION_ALIASES.get(kind.extension, kind.extension)


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def storage_name(extension: str) -> str:
    """A random name that reveals nothing about the dossier or the person."""
    return f"dossiers/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"
