"""Writes on electronic results: the specialist attaches the result PDF (or makes it from
the procedure's template), and the leader's approval signs it (`sign_on_approval`, the hook
registered with processing in DocumentsConfig.ready). A signed result never changes again.

`signing` (pyHanko) is imported where it is first needed, not at the top: pyHanko takes
seconds to import, which every web worker and command would otherwise pay at start-up."""

import hashlib
import logging
import secrets
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.catalog.eform import display_values
from motcua.dossiers.models import Dossier, Status
from motcua.dossiers.selectors import form_schema
from motcua.dossiers.uploads import UploadRejected, check_upload, clean_filename
from motcua.notifications.services import queue_email
from motcua.processing.services import IllegalTransition, InvalidInput, NotPermitted

from . import selectors
from .forms import OFFICIAL_LANGUAGE, _base, _person
from .models import DossierResult, ResultSource
from .pdf import render_pdf

logger = logging.getLogger(__name__)


def _locked(dossier_id: int) -> Dossier:
    return (
        Dossier.objects.select_for_update().select_related("procedure", "unit").get(pk=dossier_id)
    )


def _require_preparer(actor, dossier: Dossier) -> None:
    if not selectors.may_prepare_result(actor, dossier):
        raise NotPermitted()


def _require_open(dossier: Dossier) -> DossierResult | None:
    if dossier.status != Status.PROCESSING:
        raise IllegalTransition(_("Chỉ chuẩn bị kết quả khi hồ sơ đang được xử lý."))
    result = DossierResult.objects.select_for_update().filter(dossier=dossier).first()
    if result and result.is_signed:
        raise IllegalTransition(_("Kết quả đã được ký số, không thể thay đổi."))
    return result


def attach_result(dossier_id: int, *, actor, upload) -> DossierResult:
    """The specialist's result PDF (checked by its content) replaces any unsigned one."""
    try:
        checked = check_upload(upload, allowed=["pdf"], used_bytes=0)
    except UploadRejected as rejected:
        raise InvalidInput(rejected.message) from None
    upload.seek(0)
    content = upload.read()
    from . import signing  # on first use: see the module's docstring

    try:
        signing.check_signable(content)
    except signing.UnsignablePdf:
        raise InvalidInput(
            _("Tệp “%(name)s” bị hỏng hoặc có mật khẩu, không ký số được.") % {"name": checked.name}
        ) from None
    return _store(dossier_id, actor, content, checked.name, ResultSource.UPLOADED)


def generate_result(dossier_id: int, *, actor) -> DossierResult:
    """The result made from the procedure's template (simple results, e.g. the
    acknowledgement of a trade-promotion notice)."""
    dossier = Dossier.objects.select_related("procedure", "unit").get(pk=dossier_id)
    pdf = render_generated(dossier)
    if pdf is None:
        raise InvalidInput(_("Thủ tục này không có mẫu kết quả; hãy tải tệp kết quả lên."))
    return _store(dossier_id, actor, pdf, f"ket-qua-{dossier.code}.pdf", ResultSource.GENERATED)


def render_generated(dossier: Dossier) -> bytes | None:
    template = selectors.result_template(dossier.procedure_id)
    if template is None:
        return None
    with translation.override(OFFICIAL_LANGUAGE):
        context = {
            **_base(dossier),
            "title": template.get_template_display(),
            "values": display_values(form_schema(dossier), dossier.values)
            if dossier.procedure_version_id
            else [],
            "submitted_at": dossier.submitted_at,
        }
        return render_pdf(f"documents/results/{template.template}.html", context)


def _store(dossier_id: int, actor, content: bytes, name: str, source: str) -> DossierResult:
    stored = default_storage.save(_storage_name(), ContentFile(content))
    try:
        with transaction.atomic():
            dossier = _locked(dossier_id)
            _require_preparer(actor, dossier)
            result = _require_open(dossier) or DossierResult(dossier=dossier)
            previous = result.file.name if result.pk else ""
            _fill(result, stored, content, original_name=clean_filename(name), source=source)
            result.prepared_by, result.prepared_at = actor, timezone.now()
            result.save()
    except BaseException:
        default_storage.delete(stored)
        raise
    if previous:
        transaction.on_commit(lambda: default_storage.delete(previous))
    return result


def _fill(result: DossierResult, stored: str, content: bytes, **fields) -> None:
    result.file = stored
    result.size = len(content)
    result.sha256 = hashlib.sha256(content).hexdigest()
    for name, value in fields.items():
        setattr(result, name, value)


def _storage_name() -> str:
    return f"results/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.pdf"


# --- signing at approval --------------------------------------------------------------


def sign_on_approval(dossier: Dossier, actor, at: datetime) -> None:
    """Called inside the leader's approval (processing.services.complete_step, dossier row
    locked). A level-4 dossier's result is signed now, made from the template first when
    the procedure has one; approval is refused when there is no result or no key. Other
    dossiers are left alone."""
    if not selectors.is_full_online(dossier):
        return
    result = DossierResult.objects.select_for_update().filter(dossier=dossier).first()
    if result and result.is_signed:
        return
    if result is None:
        pdf = render_generated(dossier)
        if pdf is None:
            raise InvalidInput(
                _("Hồ sơ giải quyết toàn trình: cần có tệp kết quả (PDF) trước khi phê duyệt.")
            )
        result = DossierResult(dossier=dossier, source=ResultSource.GENERATED, prepared_at=at)
        result.original_name = f"ket-qua-{dossier.code}.pdf"
        result.prepared_by = actor
    else:
        pdf = _stored_bytes(result)
    _sign(result, pdf, dossier, actor)


def _stored_bytes(result: DossierResult) -> bytes:
    try:
        with result.file.open("rb") as handle:
            return handle.read()
    except OSError:
        logger.exception("Result file of dossier %s cannot be read", result.dossier_id)
        raise InvalidInput(
            _("Không đọc được tệp kết quả đã lưu. Hãy tải tệp kết quả lên lại rồi phê duyệt.")
        ) from None


def _sign(result: DossierResult, pdf: bytes, dossier: Dossier, actor) -> None:
    from . import signing  # on first use: see the module's docstring

    signed_at = timezone.now()
    name = _person(actor)
    try:
        signed = signing.sign_pdf(
            pdf, unit=dossier.unit, signer_name=name, code=dossier.code, at=signed_at
        )
    except signing.SigningUnavailable:
        logger.exception("No signing key for unit %s", dossier.unit_id)
        raise InvalidInput(
            _("Chưa ký số được kết quả: đơn vị chưa có chứng thư số. Liên hệ quản trị hệ thống.")
        ) from None
    except signing.UnsignablePdf:
        raise InvalidInput(
            _("Tệp kết quả bị hỏng, không ký số được. Hãy tải lên tệp kết quả khác.")
        ) from None
    previous = result.file.name if result.pk else ""
    stored = default_storage.save(_storage_name(), ContentFile(signed.pdf))
    if previous:
        transaction.on_commit(lambda: default_storage.delete(previous))
    _fill(result, stored, signed.pdf)
    result.signed_at, result.signed_by, result.signer_name = signed_at, actor, name
    result.certificate_subject = signed.certificate_subject[:500]
    try:
        result.save()
    except BaseException:
        default_storage.delete(stored)
        raise
    _notify(dossier, result)


def _notify(dossier: Dossier, result: DossierResult) -> None:
    """A link to the signed result (never the file itself) to the applicant."""
    if not dossier.applicant_email:
        return
    context = {"dossier": dossier, "url": selectors.result_page_url(dossier)}
    with translation.override(OFFICIAL_LANGUAGE):
        subject = _("Hồ sơ %(code)s: đã có kết quả điện tử") % {"code": dossier.code}
        body = render_to_string("documents/email/result_body.txt", context)
    queue_email(f"dossier-result-{result.pk}", dossier.applicant_email, subject, body)
