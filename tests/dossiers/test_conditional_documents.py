"""A document needed only in a stated case is not required: its case is shown beside it."""

import gzip
import json
from pathlib import Path

import pytest
from django.urls import reverse

from motcua.catalog.services import save_procedure
from motcua.dossiers.models import Dossier, Status
from tests.factories import OfferingFactory, UnitFactory

from .conftest import pdf
from .test_submission import fill, start, upload

NATIONAL = Path(__file__).parents[2] / "data" / "tthc" / "national-procedures.jsonl.gz"
HOUSEHOLD_BUSINESS = "1.001612"  # Đăng ký thành lập hộ kinh doanh


def national_record(code: str) -> dict:
    with gzip.open(NATIONAL, "rt", encoding="utf-8") as lines:
        for line in lines:
            if f'"ma_thu_tuc": "{code}"' in line:
                return json.loads(line)
    raise LookupError(code)


@pytest.fixture
def world(db):
    procedure, _outcome = save_procedure(national_record(HOUSEHOLD_BUSINESS))
    unit = UnitFactory(name="UBND phường Nha Trang", identifier="000.01.02.H56")
    OfferingFactory(unit=unit, procedure=procedure, online_level=3)
    return {"procedure": procedure, "documents": list(procedure.documents.all())}


def test_household_business_is_submitted_with_the_application_form_alone(applicant_client, world):
    dossier = start(applicant_client, world)
    fill(applicant_client, dossier)
    page = applicant_client.get(reverse("dossiers:files", args=[dossier.pk])).content.decode()
    assert page.count("theo trường hợp") == 7
    assert "Chỉ nộp khi:</span> Trường hợp ủy quyền cho cá nhân thực hiện thủ tục" in page
    [form] = [d for d in world["documents"] if d.required]
    assert form.name == "- Giấy đề nghị đăng ký hộ kinh doanh;"
    # The form everyone sends comes first (it is 7th in the national record), the cases after.
    assert page.index(form.name) < page.index("Giấy tờ chỉ nộp trong một số trường hợp")
    assert page.index("Giấy tờ chỉ nộp trong một số trường hợp") < page.index("(iv) Trường hợp")

    response = applicant_client.post(reverse("dossiers:check", args=[dossier.pk]))
    assert response.status_code == 400
    assert "Chưa tải lên “- Giấy đề nghị đăng ký hộ kinh doanh;”" in response.content.decode()

    upload(applicant_client, dossier, form, pdf())
    response = applicant_client.post(reverse("dossiers:check", args=[dossier.pk]))
    assert response.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).status == Status.NEW


def test_the_procedure_page_shows_each_case(client, world):
    page = client.get(world["procedure"].get_absolute_url()).content.decode()
    assert "Chỉ khi: Đối với trường hợp hộ kinh doanh do các thành viên hộ gia đình" in page
