"""Satisfaction API: the applicant rates their finished dossier (bearer token; another
person's dossier, or one not finished, is a 404), and the public results."""

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from motcua.surveys import selectors, services
from motcua.surveys.forms import SurveyForm
from motcua.surveys.models import Agreement, Benefit, Satisfaction

from .auth import token_auth
from .schemas import DbId, ErrorOut, OptionalId, ValidationErrorOut

router = Router(tags=["Đánh giá mức độ hài lòng"])
ERRORS = {401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut}


class RatingIn(Schema):
    info_clear: Agreement
    account_simple: Agreement
    sending_smooth: Agreement
    processing_fast: Agreement
    benefit: Benefit
    ease: Satisfaction
    overall: Satisfaction
    comment: str = Field("", max_length=2000)


class RatedOut(Schema):
    detail: str


class ShareOut(Schema):
    label: str
    count: int
    percent: float


class ScoreRowOut(Schema):
    unit: str
    dossiers: int
    average: float
    grade: str


class SatisfactionOut(Schema):
    responses: int
    questions: list[ShareOut]
    benefits: list[ShareOut]
    ease: list[ShareOut]
    overall: list[ShareOut]
    scores: list[ScoreRowOut]


class SatisfactionFilters(Schema):
    from_: date | None = Field(None, alias="from", description="Từ ngày (YYYY-MM-DD).")
    to: date | None = Field(None, description="Đến ngày (YYYY-MM-DD).")
    unit: OptionalId = Field(None, description="Mã số đơn vị.")


@router.post("/dossiers/{dossier_id}/rating", auth=token_auth, response={201: RatedOut, **ERRORS})
def rate(request: HttpRequest, dossier_id: DbId, rating: RatingIn):
    """Rate one's own finished dossier (once; the answer does not keep who gave it)."""
    invitation = selectors.invitation_for_owner(request.user, dossier_id)
    form = SurveyForm(data={name: value for name, value in rating.dict().items()})
    if not form.is_valid():  # the same rules as the page (the schema already checks choices)
        rows = [{"field": n, "message": m} for n, ms in form.errors.items() for m in ms]
        return Status(422, {"detail": _("Phiếu đánh giá chưa hợp lệ."), "errors": rows})
    try:
        services.respond(invitation.pk, form.cleaned_data)
    except services.AlreadyAnswered as error:
        return Status(409, {"detail": error.message})
    return Status(201, {"detail": _("Cảm ơn bạn đã đánh giá.")})


@router.get("/stats/satisfaction", response={200: SatisfactionOut, 422: ValidationErrorOut})
def satisfaction(request: HttpRequest, filters: Query[SatisfactionFilters]):
    """The survey's figures and the nine-indicator scores per unit for a period."""
    chosen = selectors.Filters(date_from=filters.from_, date_to=filters.to, unit_id=filters.unit)
    summary = selectors.survey_summary(chosen)
    rows = selectors.score_rows(selectors.scored_dossiers(chosen), "unit")
    return {
        "responses": summary.responses,
        "questions": [vars(share) for share in summary.questions],
        "benefits": [vars(share) for share in summary.benefits],
        "ease": [vars(share) for share in summary.ease],
        "overall": [vars(share) for share in summary.overall],
        "scores": [
            {"unit": r.label, "dossiers": r.dossiers, "average": r.average, "grade": r.grade}
            for r in rows
        ],
    }
