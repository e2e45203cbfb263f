"""PAdES signatures on results with pyHanko, and their validation.

The visible stamp (signer, unit, time in Vietnamese, and a QR code of the verification page)
is drawn with the font named in settings.MOTCUA_SIGNING_FONT, embedded as a subset, so that
every Vietnamese letter prints the same on any reader. The signature dictionary carries the
leader's name (/Name) and the verification address with the dossier code (/ContactInfo);
both are inside the signed bytes, so verification may trust them once the signature is intact.
Validation trusts only the CA certificates of settings.MOTCUA_SIGNING_CA and fetches nothing
(no revocation look-ups leave the machine)."""

import io
import logging
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import QRStampStyle
from pyhanko_certvalidator import ValidationContext

from motcua.org.models import Unit

from .signers.base import SigningUnavailable
from .signers.registry import provider

logger = logging.getLogger(__name__)
FIELD_NAME = "KetQuaDienTu"
STAMP_WIDTH, STAMP_HEIGHT, MARGIN = 250, 78, 36
STAMP_TEXT = "Ký số bởi: %(signer)s\nĐơn vị: %(unit)s\nThời gian ký: %(time)s\nXác minh: quét mã QR"
TIME_FORMAT = "%H:%M:%S %d/%m/%Y"

__all__ = ["SigningUnavailable", "SignatureCheck", "check_pdf", "sign_pdf", "verification_url"]


def verification_url(code: str) -> str:
    """The public verification page of a dossier's result (printed as a QR code)."""
    return f"{settings.MOTCUA_SITE_URL}{reverse('documents:verify')}?{urlencode({'code': code})}"


class UnsignablePdf(ValueError):
    """The PDF cannot be signed: damaged, encrypted, or not a PDF after all."""


def check_signable(pdf: bytes) -> None:
    """UnsignablePdf unless pyHanko can open `pdf` and add a signature to its last page."""
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        if writer.prev.encrypted:
            raise UnsignablePdf("encrypted")
        _media_box(writer, -1)
    except (PdfError, KeyError, IndexError, TypeError, ValueError) as error:
        raise UnsignablePdf(str(error)) from error


@dataclass(frozen=True)
class Signed:
    pdf: bytes
    certificate_subject: str


def sign_pdf(pdf: bytes, *, unit: Unit, signer_name: str, code: str, at: datetime) -> Signed:
    """`pdf` signed (PAdES B-B) with `unit`'s key, the stamp at the foot of its last page.
    SigningUnavailable when the unit has no usable key; UnsignablePdf when `pdf` cannot be
    read or changed (damaged, encrypted)."""
    signer = provider().signer_for(unit)
    url = verification_url(code)
    page = -1
    check_signable(pdf)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    x1, y1, x2, y2 = _media_box(writer, page)
    box = (x2 - MARGIN - STAMP_WIDTH, y1 + MARGIN, x2 - MARGIN, y1 + MARGIN + STAMP_HEIGHT)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        name=signer_name,
        reason=f"Phê duyệt kết quả giải quyết hồ sơ {code}",
        location=settings.MOTCUA_PROVINCE_NAME,
        contact_info=url,
    )
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=signer,
        stamp_style=_stamp_style(),
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=page, box=box),
    )
    try:
        output = pdf_signer.sign_pdf(
            writer,
            appearance_text_params={
                "signer": signer_name,
                "unit": unit.name,
                "time": timezone.localtime(at).strftime(TIME_FORMAT),
                "url": url,
            },
        )
    except SigningError as error:
        raise SigningUnavailable(str(error)) from error
    return Signed(output.getvalue(), subject_text(signer.signing_cert.subject))


def _media_box(writer: IncrementalPdfFileWriter, page: int) -> tuple[float, ...]:
    """The page's /MediaBox, which it may inherit from its parents in the page tree."""
    node, _resources = writer.find_page_for_modification(page)
    node = node.get_object()
    while "/MediaBox" not in node and "/Parent" in node:
        node = node["/Parent"].get_object()
    return tuple(float(v) for v in node["/MediaBox"])


@lru_cache(maxsize=1)
def _stamp_style() -> QRStampStyle:
    font = GlyphAccumulatorFactory(settings.MOTCUA_SIGNING_FONT)
    return QRStampStyle(
        stamp_text=STAMP_TEXT,
        text_box_style=TextBoxStyle(font=font, font_size=8.5, leading=11),
        border_width=1,
        background=None,
    )


# --- validation -----------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureCheck:
    """What one PDF's (last) signature says. `intact`: the signed bytes are unchanged and
    nothing was added after signing; `trusted`: the certificate chains to the province's CA."""

    signed: bool
    intact: bool = False
    trusted: bool = False
    signer_name: str = ""
    certificate_subject: str = ""
    signed_at: datetime | None = None
    code: str = ""


UNREADABLE = SignatureCheck(signed=False)


def check_pdf(data: bytes) -> SignatureCheck:
    """Validate the document's last signature with pyHanko against the province's CA.
    Any file at all may come in: what pyHanko cannot read is reported unsigned."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
        if not signatures:
            return UNREADABLE
        signature = signatures[-1]
        status = validate_pdf_signature(signature, _validation_context())
    except Exception:  # noqa: BLE001 - untrusted input: a broken file is an answer, not a bug
        logger.info("A PDF sent for verification could not be validated", exc_info=True)
        return SignatureCheck(signed=True) if b"/ByteRange" in data else UNREADABLE
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    return SignatureCheck(
        signed=True,
        intact=bool(status.intact and status.valid and whole),
        trusted=bool(status.trusted),
        signer_name=str(signature.sig_object.get("/Name", "")),
        certificate_subject=subject_text(status.signing_cert.subject),
        signed_at=status.signer_reported_dt,
        code=_code_from(str(signature.sig_object.get("/ContactInfo", ""))),
    )


def subject_text(name: asn1_x509.Name) -> str:
    """A certificate's holder as people read it: "Sở Công Thương (Sở Công Thương tỉnh …)"."""
    fields = name.native
    common, organisation = fields.get("common_name", ""), fields.get("organization_name", "")
    if organisation and organisation != common:
        return f"{common} ({organisation})" if common else organisation
    return common or name.human_friendly


def _code_from(url: str) -> str:
    return (parse_qs(urlsplit(url).query).get("code") or [""])[0][:64]


def _validation_context() -> ValidationContext:
    return ValidationContext(
        trust_roots=trust_roots(), allow_fetching=False, revocation_mode="soft-fail"
    )


def trust_roots() -> list[asn1_x509.Certificate]:
    """The CA certificates of settings.MOTCUA_SIGNING_CA (PEM, one or more)."""
    path = Path(settings.MOTCUA_SIGNING_CA or Path(settings.MOTCUA_SIGNING_DIR) / "ca.pem")
    if not path.is_file():
        logger.warning("No signing CA at %s: no signature is trusted", path)
        return []
    data = path.read_bytes()
    blocks = [der for _kind, _headers, der in pem.unarmor(data, multiple=True)]
    return [asn1_x509.Certificate.load(der) for der in blocks]
