"""Results to upload and dossiers ready for a leader's approval."""

from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.documents.services import attach_result
from motcua.processing import services
from tests.factories import OfferingFactory
from tests.processing.factories import new_dossier


def upload(content: bytes, name: str = "ket-qua.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def at_approval(unit, receiver, appraiser, *, level: int = 4, **kwargs):
    """A dossier of a level-`level` procedure, received by `receiver` and appraised by
    `appraiser`: at its leader's approval step."""
    dossier = new_dossier(unit, **kwargs)
    OfferingFactory(unit=unit, procedure=dossier.procedure, online_level=level)
    services.receive(dossier.pk, actor=receiver)
    services.complete_step(dossier.pk, actor=appraiser)
    return dossier


def signed_dossier(unit, receiver, appraiser, approver, pdf: bytes):
    """A level-4 dossier whose result `pdf` was uploaded and signed at approval."""
    dossier = at_approval(unit, receiver, appraiser)
    attach_result(dossier.pk, actor=appraiser, upload=upload(pdf))
    services.complete_step(dossier.pk, actor=approver)
    return dossier
