import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.services import create_api_token
from motcua.dossiers.models import Dossier, Status
from tests.accounts.factories import ApplicantProfileFactory, UserFactory
from tests.factories import UnitFactory

from .conftest import EXE, PDF

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


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


def test_the_new_draft_is_answered_as_it_is_read_back(client, auth, world):
    applicant = {"name": "  Lê Thị Bình ", "phone": "0905 000 111", "unknown": "bỏ qua"}
    values = {"noi_dung": "Qua API", "not_in_the_form": "bỏ qua"}
    created = create(client, auth, world, values=values, applicant=applicant)
    assert created.status_code == 200
    draft = created.json()
    assert draft == client.get(f"/api/v1/dossiers/{draft['id']}", **auth).json()
    assert draft["values"] == {"noi_dung": "Qua API"}
    assert draft["applicant"]["name"] == "Lê Thị Bình"
    assert draft["applicant"]["phone"] == "0905 000 111" and draft["files"] == []


def test_the_draft_is_prefilled_from_the_profile_and_its_places(client, world):
    user = UserFactory(username="tochuc", email="vanphong@example.vn")
    ApplicantProfileFactory(
        user=user,
        kind="organisation",
        full_name="Công ty TNHH Biển Xanh",
        id_number="",
        tax_code="4201234567",
        address_line="5 Lê Thánh Tôn",
        province=UnitFactory(name="UBND tỉnh Khánh Hòa", gso_name="Tỉnh Khánh Hòa"),
        commune=UnitFactory(name="Phường Nha Trang", gso_name=""),
    )
    applicant = create(client, bearer(user), world).json()["applicant"]
    assert applicant == {
        "name": "Công ty TNHH Biển Xanh",
        "id_number": "4201234567",
        "phone": "0905123456",
        "email": "vanphong@example.vn",
        "address": "5 Lê Thánh Tôn, Phường Nha Trang, Tỉnh Khánh Hòa",
    }


def test_an_unknown_unit_is_404_and_a_unit_not_offering_it_is_422(client, auth, world):
    assert create(client, auth, world, unit=999_999).status_code == 404
    other = UnitFactory()
    refused = create(client, auth, world, unit=other.pk)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "unit"
    assert not Dossier.objects.exists()


def test_a_submission_costs_a_fixed_number_of_queries(
    client, auth, world, settings, django_assert_max_num_queries
):
    """Draft (11), each file (7), submission (16, and one more when the calendar's days off
    are re-read, every few seconds), the token's read included; none locks the procedure:
    while its content is unchanged its version is only read. (The rate limit's counter lives
    in the shared cache, here in memory; the email task's INSERT runs after commit, outside
    the test's transaction.)"""
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": LOCMEM}}
    first = create(client, auth, world).json()  # freezes v1 and records the token's first use
    assert client.post(f"/api/v1/dossiers/{first['id']}/submit", **auth).status_code == 422

    with django_assert_max_num_queries(11) as drafting:
        draft = create(client, auth, world).json()
    for slot in draft["slots"][:2]:
        with django_assert_max_num_queries(7):
            assert attach(client, auth, draft["id"], slot["id"]).status_code == 201
    with django_assert_max_num_queries(17) as submitting:
        submitted = client.post(f"/api/v1/dossiers/{draft['id']}/submit", **auth)

    assert submitted.status_code == 200 and submitted.json()["status"] == Status.NEW
    for captured in (drafting, submitting):
        assert not [q for q in captured if "FOR UPDATE" in q["sql"] and "catalog_" in q["sql"]]
