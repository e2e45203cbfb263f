import pytest
from django.core.cache import caches

from tests.factories import (
    FieldFactory,
    OfferingFactory,
    ProcedureChannelFactory,
    ProcedureFactory,
    RequiredDocumentFactory,
    UnitFactory,
)

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(autouse=True)
def _fresh_local_cache():
    """The per-process throttle cache must not carry state from one test to the next."""
    caches["local"].clear()
    yield
    caches["local"].clear()


@pytest.fixture
def browser_get(client):
    """GET as a browser navigating to a page does (Accept: text/html)."""

    def get(url, **extra):
        return client.get(url, HTTP_ACCEPT=BROWSER_ACCEPT, **extra)

    return get


@pytest.fixture
def promotion_procedure(db):
    """'Thông báo thực hiện khuyến mại', offered online (level 3) by the Department of Industry
    and Trade, with two documents and a direct and an online channel."""
    department = UnitFactory(name="Sở Công Thương")
    procedure = ProcedureFactory(
        code="1.003021",
        name="Thông báo thực hiện khuyến mại",
        field=FieldFactory(name="Thương mại quốc tế"),
        steps="Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.",
        legal_basis="Nghị định 81/2018/NĐ-CP",
        conditions="Không",
        result="Văn bản xác nhận",
        applicant_types="Thương nhân",
    )
    RequiredDocumentFactory(
        procedure=procedure, position=1, name="Thông báo thực hiện khuyến mại", originals=1
    )
    RequiredDocumentFactory(
        procedure=procedure,
        position=2,
        name="Mẫu hàng hóa khuyến mại",
        originals=0,
        copies=1,
        required=False,
        template_name="Mẫu số 01",
    )
    ProcedureChannelFactory(procedure=procedure, channel="direct", fee_vnd=1500000)
    ProcedureChannelFactory(procedure=procedure, channel="online", fee_vnd=None, time_value=3)
    OfferingFactory(procedure=procedure, unit=department, online_level=3)
    return procedure
