"""Every officer action from every status: allowed where the national lifecycle and the route
allow it, refused with a clear message (IllegalTransition) everywhere else."""

import pytest

from motcua.catalog.models import ProcedureChannel
from motcua.dossiers.models import Dossier, ResultDelivery, Status
from motcua.processing import services
from motcua.processing.models import DossierProcess

from .factories import new_dossier, officer

pytestmark = pytest.mark.django_db

ALLOWED = {
    "receive": {Status.NEW},
    "refuse": {Status.NEW},
    "complete_step": {Status.PROCESSING},
    "request_supplement": {Status.NEW, Status.PROCESSING},
    "request_financial_obligation": {Status.PROCESSING},
    "resume": {Status.SUPPLEMENT, Status.FINANCIAL},
    "stop": {Status.PROCESSING, Status.SUPPLEMENT, Status.FINANCIAL},
    "withdraw": {
        Status.NEW,
        Status.RECEIVED,
        Status.PROCESSING,
        Status.SUPPLEMENT,
        Status.FINANCIAL,
    },
    "return_result": {Status.DONE},
    "send_by_post": {Status.DONE},
    "return_step": {Status.PROCESSING},
}
ARGUMENTS = {
    "refuse": {"reason": "Sai thẩm quyền"},
    "request_supplement": {"missing": ["Tờ khai"]},
    "request_financial_obligation": {"note": "Nộp lệ phí trước bạ"},
    "stop": {"reason": "Quá hạn bổ sung"},
    "withdraw": {"reason": "Công dân xin rút"},
    "return_result": {"received_by_name": "Nguyễn Văn An"},
    "send_by_post": {"tracking_number": "EB123456789VN"},
    "return_step": {"reason": "Thiếu ý kiến"},
}
SUBMITTED = [s for s in Status if s != Status.DRAFT]


def dossier_at(unit, status, actor) -> Dossier:
    """A dossier put at `status` (the process exists from status 2 on, as after receiving)."""
    dossier = new_dossier(unit, result_delivery=ResultDelivery.POST)
    ProcedureChannel.objects.filter(procedure=dossier.procedure).update(fee_vnd=50000)
    if status != Status.NEW:
        services.receive(dossier.pk, actor=actor)
        Dossier.objects.filter(pk=dossier.pk).update(status=status)
        if status in (Status.SUPPLEMENT, Status.FINANCIAL):
            DossierProcess.objects.filter(dossier=dossier).update(paused_at=services.now())
    return dossier


@pytest.fixture
def all_roles(unit):
    return officer(unit, "desk_officer", "specialist", "leader")


@pytest.mark.parametrize("status", SUBMITTED)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_action_from_status(unit, all_roles, action, status):
    dossier = dossier_at(unit, status, all_roles)
    call = getattr(services, action)
    if status in ALLOWED[action]:
        call(dossier.pk, actor=all_roles, **ARGUMENTS.get(action, {}))
        assert Dossier.objects.get(pk=dossier.pk).version > dossier.version
    else:
        with pytest.raises(services.IllegalTransition) as refused:
            call(dossier.pk, actor=all_roles, **ARGUMENTS.get(action, {}))
        assert "trạng thái" in refused.value.message or "tiếp nhận" in refused.value.message


def test_financial_obligation_only_for_procedures_with_a_fee(unit, all_roles):
    dossier = new_dossier(unit)
    services.receive(dossier.pk, actor=all_roles)
    with pytest.raises(services.InvalidInput):
        services.request_financial_obligation(dossier.pk, actor=all_roles, note="Lệ phí")
