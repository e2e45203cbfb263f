"""Electronic results: the signed result of a dossier for its applicant and the officers who
may see it (anyone else: 404), and the public verification of a result by dossier code or
by the file itself (rate-limited per client, scope "verify")."""

from dataclasses import asdict
from datetime import datetime

from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from motcua.documents import selectors
from motcua.documents.selectors import Outcome, Verification
from motcua.documents.views import result_response, upload_problem

from .auth import token_auth
from .schemas import ERROR_RESPONSES, DbId, ErrorOut
from .throttle import RateLimitThrottle

router = Router(tags=["Kết quả điện tử"])
VERIFY_THROTTLE = [RateLimitThrottle("verify")]


class VerificationOut(Schema):
    outcome: str
    valid: bool
    message: str
    # The API's error convention on a 404 (motcua/api/errors.py): the same message.
    detail: str | None = None
    code: str
    procedure: str
    unit: str
    signer: str
    certificate: str
    signed_at: datetime | None
    intact: bool
    trusted: bool
    matches_issued: bool | None
    sha256: str
    issued_sha256: str


@router.get(
    "/dossiers/{dossier_id}/result",
    auth=token_auth,
    response={200: None, 409: ErrorOut, **ERROR_RESPONSES},
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def dossier_result(request: HttpRequest, dossier_id: DbId):
    """The dossier's signed result (PDF), for its applicant (409 while a fee is owed) and the
    officers of its unit."""
    try:
        result = selectors.issued_result_for(request.auth, dossier_id)
    except selectors.FeeOwed as owed:
        raise HttpError(409, str(owed.message)) from None
    return result_response(request, result, actor=request.auth)


def _answer(verification: Verification) -> dict:
    return {**asdict(verification), "valid": verification.ok, "message": verification.message}


@router.get(
    "/verify",
    response={200: VerificationOut, 404: VerificationOut, 422: ErrorOut, 429: ErrorOut},
    throttle=VERIFY_THROTTLE,
)
def verify_code(request: HttpRequest, code: str):
    """Public: the signed result issued for the dossier `code` (404 when there is none),
    its signature checked against the province's CA."""
    verification = selectors.verify_code(code)
    if verification.outcome == Outcome.NOT_FOUND:
        return Status(404, {**_answer(verification), "detail": verification.message})
    return _answer(verification)


@router.post(
    "/verify",
    response={200: VerificationOut, 400: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    throttle=VERIFY_THROTTLE,
)
def verify_file(request: HttpRequest, file: File[UploadedFile]):
    """Public: a PDF (multipart part `file`): is its signature intact and trusted by the
    province's CA, and is it byte for byte the result issued for its dossier? Nothing about
    the applicant is answered, and the file is not kept."""
    problem = upload_problem(file)
    if problem:
        raise HttpError(400, problem)
    return _answer(selectors.verify_file(file.read()))
