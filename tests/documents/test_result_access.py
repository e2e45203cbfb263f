"""Who gets the signed result: its applicant ("Hồ sơ của tôi") and the officers who may see
the dossier, on the web and through the API; anyone else gets a 404, as if it did not exist.
The specialist prepares it from the desk's dossier page."""

import hashlib

import pytest

from motcua.accounts.services import create_api_token
from motcua.documents.models import DossierResult
from motcua.processing.services import complete_step
from tests.accounts.factories import UserFactory
from tests.factories import UnitFactory
from tests.processing.factories import officer

from .factories import at_approval, signed_dossier, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(unit, desk, specialist, leader, keys, result_pdf):
    return signed_dossier(unit, desk, specialist, leader, result_pdf)


def _who(name: str, dossier, unit, desk, leader):
    return {
        "owner": dossier.applicant,
        "desk of the unit": desk,
        "leader of the unit": leader,
        "another applicant": UserFactory(),
        "officer of another unit": officer(UnitFactory(name="Sở Y tế"), "desk_officer"),
    }[name]


ALLOWED = {"owner": 200, "desk of the unit": 200, "leader of the unit": 200}
CALLERS = [*ALLOWED, "another applicant", "officer of another unit"]


@pytest.mark.parametrize("caller", CALLERS)
def test_result_endpoint_permission_matrix(client, signed, unit, desk, leader, caller):
    user = _who(caller, signed, unit, desk, leader)
    _token, key = create_api_token(user, "thử nghiệm")
    response = client.get(
        f"/api/v1/dossiers/{signed.pk}/result", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == ALLOWED.get(caller, 404)
    if response.status_code == 200:
        body = b"".join(response.streaming_content)
        assert response["Content-Type"] == "application/pdf"
        assert hashlib.sha256(body).hexdigest() == DossierResult.objects.get().sha256
    else:
        assert response.json()["detail"]


def test_result_endpoint_needs_a_token_and_a_signed_result(
    client, unit, desk, specialist, leader, keys, result_pdf
):
    unsigned = at_approval(unit, desk, specialist)
    assert client.get(f"/api/v1/dossiers/{unsigned.pk}/result").status_code == 401
    _token, key = create_api_token(unsigned.applicant, "thử nghiệm")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get(f"/api/v1/dossiers/{unsigned.pk}/result", **auth).status_code == 404
    assert client.get("/api/v1/dossiers/999999/result", **auth).status_code == 404


@pytest.mark.parametrize("caller", CALLERS)
def test_result_download_page_permission_matrix(client, signed, unit, desk, leader, caller):
    client.force_login(_who(caller, signed, unit, desk, leader))
    response = client.get(f"/ho-so/{signed.pk}/ket-qua.pdf")
    assert response.status_code == ALLOWED.get(caller, 404)
    if response.status_code == 200:
        assert "attachment" in response["Content-Disposition"]


def test_my_dossier_page_offers_the_signed_result(client, signed):
    client.force_login(signed.applicant)
    page = client.get(f"/ho-so/{signed.pk}/").content.decode()
    assert f"/ho-so/{signed.pk}/ket-qua.pdf" in page
    assert "Kết quả điện tử đã được ký số" in page
    client.logout()
    assert client.get(f"/ho-so/{signed.pk}/ket-qua.pdf").status_code == 302  # to login


def test_specialist_uploads_the_result_from_the_desk_page(
    client, unit, desk, specialist, leader, keys, result_pdf
):
    dossier = at_approval(unit, desk, specialist)
    client.force_login(specialist)
    page = client.get(f"/can-bo/ho-so/{dossier.pk}/").content.decode()
    assert 'id="result-panel"' in page and 'name="file"' in page
    response = client.post(
        f"/can-bo/ho-so/{dossier.pk}/ket-qua/", {"file": upload(result_pdf)}, follow=True
    )
    assert "Đã lưu tệp kết quả" in response.content.decode()
    assert (
        DossierResult.objects.get(dossier=dossier).sha256 == hashlib.sha256(result_pdf).hexdigest()
    )

    refused = client.post(
        f"/can-bo/ho-so/{dossier.pk}/ket-qua/",
        {"file": upload(b"MZ\x90\x00" + b"\x00" * 100, "ket-qua.pdf")},
        follow=True,
    )
    assert "không đúng loại" in refused.content.decode()

    complete_step(dossier.pk, actor=leader)
    client.force_login(leader)
    page = client.get(f"/can-bo/ho-so/{dossier.pk}/").content.decode()
    assert "Đã ký số bởi" in page and 'name="file"' not in page


def test_officer_of_another_unit_cannot_upload(client, unit, desk, specialist, result_pdf):
    dossier = at_approval(unit, desk, specialist)
    client.force_login(officer(UnitFactory(name="Sở Y tế"), "specialist"))
    response = client.post(f"/can-bo/ho-so/{dossier.pk}/ket-qua/", {"file": upload(result_pdf)})
    assert response.status_code == 404
    assert not DossierResult.objects.exists()


def test_admin_chooses_template_procedures_and_only_reads_results(admin_client, signed):
    assert admin_client.get("/quan-tri/documents/resulttemplate/add/").status_code == 200
    listing = admin_client.get("/quan-tri/documents/dossierresult/")
    assert listing.status_code == 200 and signed.code in listing.content.decode()
    assert admin_client.get("/quan-tri/documents/dossierresult/add/").status_code == 403


def test_the_applicant_gets_the_result_once_no_fee_is_owed(client, signed, desk, leader):
    from motcua.payments.models import Fee, FeeStatus

    fee = Fee.objects.create(dossier=signed, purpose="Lệ phí", amount_vnd=50_000)
    client.force_login(signed.applicant)
    owed = client.get(f"/ho-so/{signed.pk}/ket-qua.pdf", follow=True)
    assert owed.redirect_chain == [(f"/ho-so/{signed.pk}/", 302)]
    assert "nộp đủ phí, lệ phí" in owed.content.decode()
    _token, key = create_api_token(signed.applicant, "thử nghiệm")
    api = client.get(f"/api/v1/dossiers/{signed.pk}/result", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 409 and "nộp đủ phí" in api.json()["detail"]

    client.force_login(desk)  # the unit's officers have it whatever is owed
    assert client.get(f"/ho-so/{signed.pk}/ket-qua.pdf").status_code == 200

    Fee.objects.filter(pk=fee.pk).update(status=FeeStatus.PAID)
    client.force_login(signed.applicant)
    assert client.get(f"/ho-so/{signed.pk}/ket-qua.pdf").status_code == 200
