"""Reads on electronic results: who may download a dossier's signed result (the owner and
the officers who may see the dossier: dossiers.selectors decides), whether a dossier is
level 4, and the public verification of a file or a dossier code."""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Offering, OnlineLevel
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_for_user
from motcua.org.models import Role, StaffRole
from motcua.payments.models import FeeStatus
from motcua.processing.models import DossierProcess

from .models import DossierResult, ResultTemplate

if TYPE_CHECKING:
    from .signing import SignatureCheck


def is_full_online(dossier: Dossier) -> bool:
    """Level 4 (toàn trình): the level in force when the dossier was submitted (stored on it);
    for a dossier from before that was stored, the unit's current offering."""
    if dossier.online_level is not None:
        return dossier.online_level == OnlineLevel.FULL
    return Offering.objects.filter(
        unit_id=dossier.unit_id, procedure_id=dossier.procedure_id, online_level=OnlineLevel.FULL
    ).exists()


PREPARERS = (Role.SPECIALIST, Role.LEADER)


def may_prepare_result(user, dossier: Dossier) -> bool:
    """A specialist or leader of the dossier's unit, or of the unit of its current step."""
    step_units = DossierProcess.objects.filter(dossier=dossier).values_list("step_unit_id")
    units = Q(unit_id=dossier.unit_id) | Q(unit_id__in=step_units)
    return StaffRole.objects.filter(units, user_id=user.pk, role__in=PREPARERS).exists()


def result_template(procedure_id: int) -> ResultTemplate | None:
    return ResultTemplate.objects.filter(procedure_id=procedure_id).first()


def dossier_result(dossier: Dossier) -> DossierResult | None:
    return DossierResult.objects.filter(dossier=dossier).first()


def has_signed_result(dossier_id: int) -> bool:
    return DossierResult.objects.filter(dossier_id=dossier_id, signed_at__isnull=False).exists()


class FeeOwed(Exception):
    """The applicant asked for the result of a dossier whose fee is not paid yet."""

    message = _("Kết quả điện tử tải được sau khi hồ sơ đã nộp đủ phí, lệ phí.")


def issued_result_for(user, dossier_id: int) -> DossierResult:
    """The signed result of a dossier `user` may see; Http404 otherwise. Its applicant has it
    once no fee is owed (the officers who may see the dossier, at any time)."""
    dossier = dossier_for_user(user, dossier_id)
    result = DossierResult.objects.filter(dossier=dossier, signed_at__isnull=False).first()
    if result is None:
        raise Http404(_("Hồ sơ chưa có kết quả điện tử."))
    if dossier.applicant_id == user.pk and dossier.fees.filter(status=FeeStatus.DUE).exists():
        raise FeeOwed()
    result.dossier = dossier
    return result


def result_page_url(dossier: Dossier) -> str:
    return f"{settings.MOTCUA_SITE_URL}{reverse('dossiers:detail', args=[dossier.pk])}"


# --- public verification --------------------------------------------------------------


class Outcome:
    VALID = "valid"
    NOT_ISSUED = "not_issued"  # intact and trusted, but not a file the portal issued
    ALTERED = "altered"
    UNTRUSTED = "untrusted"
    UNSIGNED = "unsigned"
    NOT_FOUND = "not_found"


MESSAGES = {
    Outcome.VALID: _(
        "Văn bản hợp lệ: chữ ký số còn nguyên vẹn, chứng thư số do tỉnh cấp, và tệp trùng "
        "khớp từng byte với kết quả đã trả cho hồ sơ."
    ),
    Outcome.NOT_ISSUED: _(
        "Chữ ký số còn nguyên vẹn và do tỉnh cấp, nhưng tệp không trùng khớp với kết quả đã "
        "trả cho hồ sơ nào trên Cổng."
    ),
    Outcome.ALTERED: _(
        "Văn bản đã bị thay đổi sau khi ký: chữ ký số không còn nguyên vẹn. Không sử dụng tệp này."
    ),
    Outcome.UNTRUSTED: _(
        "Văn bản không do cơ quan nhà nước của tỉnh ban hành: chứng thư số ký văn bản không "
        "do tổ chức chứng thực của tỉnh cấp."
    ),
    Outcome.UNSIGNED: _("Tệp không phải là tệp PDF có chữ ký số."),
    # By dossier code: the issued copy was checked, there was no file to compare.
    "issued": _(
        "Kết quả điện tử của hồ sơ này đã được ký số hợp lệ, chứng thư số do tỉnh cấp. Để "
        "kiểm tra bản bạn đang giữ có đúng là bản này không, hãy tải tệp lên."
    ),
    Outcome.NOT_FOUND: _("Không tìm thấy kết quả điện tử đã ký số của mã hồ sơ này."),
}


@dataclass
class Verification:
    """What the verification page and API answer. Only what is printed on the result:
    dossier code, procedure, unit, signer, time; never the applicant."""

    outcome: str
    code: str = ""
    procedure: str = ""
    unit: str = ""
    signer: str = ""
    certificate: str = ""
    signed_at: datetime | None = None
    intact: bool = False
    trusted: bool = False
    matches_issued: bool | None = None
    sha256: str = ""
    issued_sha256: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == Outcome.VALID

    @property
    def message(self) -> str:
        by_code = self.outcome == Outcome.VALID and self.matches_issued is None
        return str(MESSAGES["issued" if by_code else self.outcome])


def _issued(**filters) -> DossierResult | None:
    return (
        DossierResult.objects.filter(signed_at__isnull=False, **filters)
        .select_related("dossier__procedure", "dossier__unit")
        .only(
            *("sha256", "signed_at", "signer_name", "certificate_subject", "file"),
            *("dossier__code", "dossier__procedure__name", "dossier__unit__name"),
        )
        .first()
    )


def verify_code(code: str) -> Verification:
    """The signed result issued for dossier `code`, its stored file checked again."""
    code = (code or "").strip()[:64]
    result = _issued(dossier__code=code) if code else None
    if result is None:
        return Verification(Outcome.NOT_FOUND, code=code)
    with result.file.open("rb") as handle:
        check = _check_pdf(handle.read())
    verification = _from_check(check, result)
    verification.matches_issued = None  # no file was sent to compare
    verification.outcome = _outcome(check, matches=True)
    return verification


def verify_file(data: bytes) -> Verification:
    """A PDF someone holds: is its signature intact and the province's, and is it byte for
    byte the result issued for its dossier?"""
    digest = hashlib.sha256(data).hexdigest()
    check = _check_pdf(data)
    result = None
    if check.intact and check.trusted:  # only then may the file's own words be believed
        result = _issued(sha256=digest) or _issued(dossier__code=check.code or None)
    matches = bool(result and result.sha256 == digest)
    verification = _from_check(check, result)
    verification.sha256 = digest
    verification.matches_issued = matches
    verification.outcome = _outcome(check, matches=matches)
    return verification


def _check_pdf(data: bytes) -> "SignatureCheck":
    """pyHanko is imported on the first verification (it takes seconds; see services)."""
    from .signing import check_pdf

    return check_pdf(data)


def _outcome(check: "SignatureCheck", *, matches: bool) -> str:
    if not check.signed:
        return Outcome.UNSIGNED
    if not check.intact:
        return Outcome.ALTERED
    if not check.trusted:
        return Outcome.UNTRUSTED
    return Outcome.VALID if matches else Outcome.NOT_ISSUED


def _from_check(check: "SignatureCheck", result: DossierResult | None) -> Verification:
    verification = Verification(
        Outcome.UNSIGNED,
        intact=check.intact,
        trusted=check.trusted,
        signer=check.signer_name if check.intact else "",
        certificate=check.certificate_subject if check.intact else "",
        signed_at=check.signed_at if check.intact else None,
    )
    if result is not None:
        verification.code = result.dossier.code
        verification.procedure = result.dossier.procedure.name
        verification.unit = result.dossier.unit.name
        verification.issued_sha256 = result.sha256
        verification.signer = verification.signer or result.signer_name
        verification.signed_at = verification.signed_at or result.signed_at
    return verification
