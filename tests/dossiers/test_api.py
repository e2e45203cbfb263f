import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.services import create_api_token
from motcua.dossiers.models import Dossier, Status
from tests.accounts.factories import ApplicantProfileFactory, UserFactory

from .conftest import EXE, PDF


def bearer(user) -> dict:
    _token, key = create_api_token(user, "thử nghiệm")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def auth(applicant):
    return bearer(applicant)


def create(client, auth, world, **extra):
    body = {
        "procedure": world["procedure"].code,
        "unit": world["unit"].pk,
        "values": {"noi_dung": "Qua API"},
        **extra,
    }
    return client.post("/api/v1/dossiers", body, content_type="application/json", **auth)


def attach(client, auth, dossier_id, document_id, content=PDF, name="a.pdf"):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(
        f"/api/v1/dossiers/{dossier_id}/files", {"document": document_id, "file": upload}, **auth
    )


def test_draft_files_and_submit_through_the_api(client, auth, world):
    response = create(client, auth, world)
    assert response.status_code == 200, response.content
    draft = response.json()
    assert draft["status"] == 0 and draft["values"] == {"noi_dung": "Qua API"}
    assert [slot["name"] for slot in draft["slots"]] == [
        "Tờ khai",
        "Giấy chứng sinh",
        "Giấy tờ khác",
    ]
    for slot in draft["slots"][:2]:
        assert attach(client, auth, draft["id"], slot["id"]).status_code == 201
    submitted = client.post(f"/api/v1/dossiers/{draft['id']}/submit", **auth)
    assert submitted.status_code == 200
    body = submitted.json()
    assert body["status"] == 1 and body["code"].startswith("000.01.02.H56-")
    assert body["appointment"]
    again = client.post(f"/api/v1/dossiers/{draft['id']}/submit", **auth).json()
    assert again["code"] == body["code"]
    listed = client.get("/api/v1/dossiers", **auth).json()
    assert [row["code"] for row in listed] == [body["code"]]


def test_submit_with_missing_parts_is_422_with_field_messages(client, auth, world):
    draft = create(client, auth, world, values={}).json()
    response = client.post(f"/api/v1/dossiers/{draft['id']}/submit", **auth)
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert "noi_dung" in fields and f"slot-{draft['slots'][0]['id']}" in fields
    assert Dossier.objects.get().status == Status.DRAFT


def test_renamed_executable_is_422(client, auth, world):
    draft = create(client, auth, world).json()
    response = attach(client, auth, draft["id"], draft["slots"][0]["id"], EXE, "hoa-don.pdf")
    assert response.status_code == 422
    assert "không đúng loại" in response.json()["errors"][0]["message"]


def test_another_applicants_dossier_is_404(client, auth, world):
    draft = create(client, auth, world).json()
    other = bearer(ApplicantProfileFactory(user=UserFactory(username="binh")).user)
    assert client.get(f"/api/v1/dossiers/{draft['id']}", **other).status_code == 404
    assert client.post(f"/api/v1/dossiers/{draft['id']}/submit", **other).status_code == 404
    slot = draft["slots"][0]["id"]
    assert attach(client, other, draft["id"], slot).status_code == 404


def test_without_a_token_is_401(client, world):
    assert client.get("/api/v1/dossiers").status_code == 401


def test_lookup_api_shows_status_without_personal_data(client, world):
    from .factories import DossierFactory

    dossier = DossierFactory(status=Status.RECEIVED, unit=world["unit"], code="X-261126-0001")
    found = client.get("/api/v1/lookup", {"code": dossier.code, "phone": "0905 123 456"})
    assert found.status_code == 200
    assert found.json()["status"] == 2 and dossier.applicant_name not in found.content.decode()
    wrong = client.get("/api/v1/lookup", {"code": dossier.code, "phone": "0905000000"})
    missing = client.get("/api/v1/lookup", {"code": "KHONG-CO", "phone": "0905123456"})
    assert wrong.status_code == missing.status_code == 404
    assert wrong.json() == missing.json()
