"""The result of a dossier: uploaded by the specialist (a PDF by content) or made from the
procedure's template; signed with pyHanko when the leader approves a level-4 dossier."""

import hashlib
import io

import pytest
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from motcua.documents import services
from motcua.documents.models import DossierResult, GeneratedResult, ResultTemplate
from motcua.dossiers.models import Status
from motcua.notifications.models import Delivery
from motcua.processing import services as processing
from motcua.processing.services import IllegalTransition, InvalidInput, NotPermitted
from tests.dossiers.conftest import PNG
from tests.factories import UnitFactory
from tests.processing.factories import officer

from .factories import at_approval, upload

pytestmark = pytest.mark.django_db


def _validate(data: bytes, ca_pem: bytes):
    """pyHanko's own validator, with the test CA as the only trust root."""
    _kind, _headers, der = pem.unarmor(ca_pem)
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)], allow_fetching=False)
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[-1]
    return signature, validate_pdf_signature(signature, context)


def _stamp_fonts(node, seen=None, found=None) -> tuple[set[str], bool]:
    """The /BaseFont names under the stamp's appearance, and whether a font file is there."""
    seen, found = seen if seen is not None else set(), found or {"names": set(), "file": False}
    if isinstance(node, generic.IndirectObject):
        if node.idnum in seen:
            return found["names"], found["file"]
        seen.add(node.idnum)
        node = node.get_object()
    if isinstance(node, generic.DictionaryObject):
        found["names"].update(str(node["/BaseFont"]) for _ in [0] if "/BaseFont" in node)
        found["file"] = found["file"] or "/FontFile2" in node
        children = [value for key, value in node.items() if key != "/Parent"]
    else:
        children = list(node) if isinstance(node, generic.ArrayObject) else []
    for child in children:
        _stamp_fonts(child, seen, found)
    return found["names"], found["file"]


def test_specialist_uploads_a_pdf_kept_privately_with_its_digest(
    unit, desk, specialist, result_pdf
):
    dossier = at_approval(unit, desk, specialist)
    result = services.attach_result(dossier.pk, actor=specialist, upload=upload(result_pdf))
    assert result.file.name.startswith("results/") and not result.is_signed
    assert result.original_name == "ket-qua.pdf" and result.size == len(result_pdf)
    assert result.sha256 == hashlib.sha256(result_pdf).hexdigest()
    with result.file.open("rb") as handle:
        assert handle.read() == result_pdf
    replaced = services.attach_result(dossier.pk, actor=specialist, upload=upload(result_pdf))
    assert DossierResult.objects.count() == 1 and replaced.pk == result.pk


@pytest.mark.parametrize(
    "content, message",
    [
        (PNG, "không đúng loại"),
        (b"%PDF-1.4\nbroken beyond repair", "bị hỏng"),
    ],
)
def test_anything_but_a_readable_pdf_is_refused(unit, desk, specialist, content, message):
    dossier = at_approval(unit, desk, specialist)
    with pytest.raises(InvalidInput, match=message):
        services.attach_result(dossier.pk, actor=specialist, upload=upload(content, "kq.pdf"))
    assert not DossierResult.objects.exists()


def test_only_specialists_and_leaders_of_the_unit_prepare_a_result(
    unit, desk, specialist, result_pdf
):
    dossier = at_approval(unit, desk, specialist)
    outsiders = [
        desk,
        dossier.applicant,
        officer(unit, "unit_admin"),
        officer(UnitFactory(name="Sở Y tế"), "specialist"),
    ]
    for outsider in outsiders:
        with pytest.raises(NotPermitted):
            services.attach_result(dossier.pk, actor=outsider, upload=upload(result_pdf))
    assert not DossierResult.objects.exists()


def test_leader_approval_signs_a_level_4_result_that_pyhanko_validates(
    unit, desk, specialist, leader, keys, result_pdf
):
    leader.first_name, leader.last_name = "Lê Thị", "Hạnh"
    leader.save()
    dossier = at_approval(unit, desk, specialist)
    services.attach_result(dossier.pk, actor=specialist, upload=upload(result_pdf))

    approved = processing.complete_step(dossier.pk, actor=leader)

    assert approved.status == Status.DONE
    result = DossierResult.objects.get(dossier=dossier)
    assert result.is_signed and result.signed_by == leader
    with result.file.open("rb") as handle:
        signed = handle.read()
    assert result.sha256 == hashlib.sha256(signed).hexdigest()
    assert signed.startswith(result_pdf)  # an incremental update: the original stays intact
    signature, status = _validate(signed, (keys.path / "ca.pem").read_bytes())
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.signing_cert.subject.native["common_name"] == unit.name
    assert str(signature.sig_object["/Name"]) == "Lê Thị Hạnh"
    assert "/ETSI.CAdES.detached" in str(signature.sig_object["/SubFilter"])
    fonts, embedded = _stamp_fonts(signature.sig_field.raw_get("/AP"))
    assert any(name.endswith("+NotoSerif-Regular") for name in fonts)  # a subset of it
    assert embedded  # its glyphs travel in the file (/FontFile2)


def test_approval_of_a_level_4_dossier_without_result_is_refused(
    unit, desk, specialist, leader, keys
):
    dossier = at_approval(unit, desk, specialist)
    with pytest.raises(InvalidInput, match="cần có tệp kết quả"):
        processing.complete_step(dossier.pk, actor=leader)
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING


def test_a_template_result_is_made_signed_and_linked_by_email(
    unit, desk, specialist, leader, keys, mailbox, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    dossier = at_approval(unit, desk, specialist)
    ResultTemplate.objects.create(
        procedure=dossier.procedure, template=GeneratedResult.PROMOTION_NOTICE
    )
    with django_capture_on_commit_callbacks(execute=True):
        processing.complete_step(dossier.pk, actor=leader)
    result = DossierResult.objects.get(dossier=dossier)
    assert result.is_signed and result.source == "generated"
    with result.file.open("rb") as handle:
        _signature, status = _validate(handle.read(), (keys.path / "ca.pem").read_bytes())
    assert status.bottom_line
    mail = mailbox.to(dossier.applicant_email)
    result_mail = [m for m in mail if "kết quả điện tử" in m["Subject"]]
    assert len(result_mail) == 1
    assert mailbox.first_link(result_mail[0]) == f"{settings.MOTCUA_SITE_URL}/ho-so/{dossier.pk}/"
    assert not list(result_mail[0].iter_attachments())


def test_level_3_approval_signs_nothing(unit, desk, specialist, leader, result_pdf):
    dossier = at_approval(unit, desk, specialist, level=3)
    services.attach_result(dossier.pk, actor=specialist, upload=upload(result_pdf))
    processing.complete_step(dossier.pk, actor=leader)
    assert not DossierResult.objects.get(dossier=dossier).is_signed
    assert not Delivery.objects.filter(key__startswith="dossier-result-").exists()


def test_without_a_key_the_approval_is_refused_and_nothing_changes(
    unit, desk, specialist, leader, signing_dir, result_pdf
):
    dossier = at_approval(unit, desk, specialist)
    services.attach_result(dossier.pk, actor=specialist, upload=upload(result_pdf))
    with pytest.raises(InvalidInput, match="chứng thư số"):
        processing.complete_step(dossier.pk, actor=leader)
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    assert not DossierResult.objects.get(dossier=dossier).is_signed


def test_a_signed_result_can_no_longer_be_replaced(
    unit, desk, specialist, leader, keys, result_pdf
):
    dossier = at_approval(unit, desk, specialist)
    services.attach_result(dossier.pk, actor=specialist, upload=upload(result_pdf))
    processing.complete_step(dossier.pk, actor=leader)
    with pytest.raises(IllegalTransition):
        services.attach_result(dossier.pk, actor=specialist, upload=upload(result_pdf))


def test_a_result_lost_from_storage_refuses_the_approval_clearly(
    unit, desk, specialist, leader, keys, result_pdf
):
    dossier = at_approval(unit, desk, specialist)
    result = services.attach_result(dossier.pk, actor=specialist, upload=upload(result_pdf))
    result.file.storage.delete(result.file.name)
    with pytest.raises(InvalidInput, match="tải tệp kết quả lên lại"):
        processing.complete_step(dossier.pk, actor=leader)
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
