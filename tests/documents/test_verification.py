"""Public verification (/xac-minh/, /api/v1/verify): a file's signature must be intact and
chain to the province's CA, and the file must be byte for byte the result issued; by code,
the issued result's details. Nothing about the applicant is answered; it is rate-limited."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.documents import devcert, selectors, signing
from motcua.documents.models import DossierResult
from motcua.documents.selectors import Outcome
from tests.factories import UnitFactory

from .factories import signed_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(unit, desk, specialist, leader, keys, result_pdf):
    leader.first_name, leader.last_name = "Lê Thị", "Hạnh"
    leader.save()
    return signed_dossier(unit, desk, specialist, leader, result_pdf)


@pytest.fixture
def issued(signed) -> bytes:
    with DossierResult.objects.get(dossier=signed).file.open("rb") as handle:
        return handle.read()


def _one_byte_changed(data: bytes) -> bytes:
    """The issued file with one byte of its visible text changed (inside the signed range,
    away from the signature value)."""
    position = data.index(b"/Producer") + 3
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :]


def test_the_issued_file_is_valid_and_matches(signed, issued, unit):
    verification = selectors.verify_file(issued)
    assert verification.outcome == Outcome.VALID and verification.ok
    assert verification.intact and verification.trusted and verification.matches_issued
    assert (verification.code, verification.unit) == (signed.code, unit.name)
    assert verification.signer == "Lê Thị Hạnh"
    assert verification.certificate == f"{unit.name} ({unit.name} tỉnh Khánh Hòa)"
    assert verification.signed_at is not None


def test_one_changed_byte_is_reported_as_altered(signed, issued):
    verification = selectors.verify_file(_one_byte_changed(issued))
    assert verification.outcome == Outcome.ALTERED
    assert not verification.intact and verification.matches_issued is False
    assert verification.code == ""  # the altered file's own words are not believed


def test_a_result_signed_by_a_foreign_certificate_is_refused(signed, signing_dir, result_pdf, unit):
    """Someone with their own CA and a certificate named after the unit signs a copy."""
    forger = devcert.make_authority("CA thử nghiệm tỉnh Khánh Hòa")  # the same name, another key
    impostor = UnitFactory(name=unit.name)
    signing_dir.key_for(impostor, by=forger)
    forged = signing.sign_pdf(
        result_pdf, unit=impostor, signer_name="Lê Thị Hạnh", code=signed.code, at=signed.created_at
    ).pdf
    verification = selectors.verify_file(forged)
    assert verification.outcome == Outcome.UNTRUSTED
    assert verification.intact and not verification.trusted
    assert verification.code == "" and not verification.matches_issued
    assert "không do cơ quan nhà nước của tỉnh" in verification.message


def test_an_unsigned_file_or_anything_else(result_pdf):
    assert selectors.verify_file(result_pdf).outcome == Outcome.UNSIGNED
    assert selectors.verify_file(b"not a pdf at all").outcome == Outcome.UNSIGNED


def test_by_code_shows_the_issued_result_without_the_applicant(signed, issued):
    verification = selectors.verify_code(signed.code)
    assert verification.outcome == Outcome.VALID and verification.matches_issued is None
    assert "hãy tải tệp lên" in verification.message  # nothing was compared byte for byte
    assert verification.issued_sha256 == DossierResult.objects.get().sha256
    assert selectors.verify_code("000.00.00.H56-000000-0000").outcome == Outcome.NOT_FOUND


def _post_file(client, content: bytes, path: str = "/xac-minh/"):
    return client.post(path, {"file": SimpleUploadedFile("kq.pdf", content)})


def test_verify_page(client, signed, issued):
    page = client.get("/xac-minh/")
    assert page.status_code == 200 and 'name="file"' in page.content.decode()

    by_qr = client.get("/xac-minh/", {"code": signed.code}).content.decode()
    assert "Hợp lệ" in by_qr and signed.code in by_qr
    assert signed.applicant_name not in by_qr and signed.applicant_id_number not in by_qr

    uploaded = _post_file(client, issued).content.decode()
    assert "Hợp lệ" in uploaded and "Có, từng byte" in uploaded
    assert signed.applicant_name not in uploaded

    altered = _post_file(client, _one_byte_changed(issued)).content.decode()
    assert "Văn bản đã bị thay đổi sau khi ký" in altered

    missing = client.post("/xac-minh/", {})
    assert missing.status_code == 400
    assert 'id="error-summary"' in missing.content.decode()
    assert 'href="#id_file"' in missing.content.decode()


def test_verify_api(client, signed, issued):
    response = client.get("/api/v1/verify", {"code": signed.code})
    body = response.json()
    assert response.status_code == 200 and body["valid"] and body["outcome"] == "valid"
    assert body["code"] == signed.code and body["signer"] == "Lê Thị Hạnh"
    assert signed.applicant_name not in response.content.decode()

    unknown = client.get("/api/v1/verify", {"code": "KHONG-CO"})
    assert unknown.status_code == 404 and unknown.json()["outcome"] == "not_found"
    assert client.get("/api/v1/verify").status_code == 422

    posted = client.post("/api/v1/verify", {"file": SimpleUploadedFile("kq.pdf", issued)})
    assert posted.status_code == 200 and posted.json()["matches_issued"] is True
    altered = client.post(
        "/api/v1/verify", {"file": SimpleUploadedFile("kq.pdf", _one_byte_changed(issued))}
    )
    assert altered.json()["outcome"] == "altered" and not altered.json()["valid"]


def test_verification_is_rate_limited_in_its_own_scope(client, settings, signed):
    settings.MOTCUA_RATE_LIMITS = {**settings.MOTCUA_RATE_LIMITS, "verify": "2/minute"}
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "v"},
    }
    assert client.get("/xac-minh/").status_code == 200  # the empty form is not counted
    codes = [client.get("/xac-minh/", {"code": signed.code}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/api/v1/verify", {"code": signed.code}).status_code == 429
    assert client.get("/api/v1/procedures").status_code == 200  # other scopes are unaffected


def test_stamp_and_qr_lead_to_the_verification_page(signed, issued, settings):
    assert signing.check_pdf(issued).code == signed.code  # /ContactInfo holds the page's address
    assert io.BytesIO(issued).read().count(b"/ContactInfo") == 1
    assert signing.verification_url(signed.code).startswith(
        f"{settings.MOTCUA_SITE_URL}/xac-minh/?code="
    )
