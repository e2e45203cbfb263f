import json

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.services import create_api_token
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierFile, Status
from tests.accounts.factories import ApplicantProfileFactory, UserFactory
from tests.factories import UnitFactory

from .conftest import EXE, PDF, pdf, stored_files

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


def lookup(client, code: str, phone: str, **extra):
    body = {"code": code, "phone": phone}
    return client.post("/api/v1/lookup", body, content_type="application/json", **extra)


def test_lookup_api_shows_status_without_personal_data(client, world):
    from .factories import DossierFactory

    dossier = DossierFactory(status=Status.RECEIVED, unit=world["unit"], code="X-261126-0001")
    found = lookup(client, dossier.code, "0905 123 456")
    assert found.status_code == 200
    assert found.json()["status"] == 2 and dossier.applicant_name not in found.content.decode()
    wrong = lookup(client, dossier.code, "0905000000")
    missing = lookup(client, "KHONG-CO", "0905123456")
    assert wrong.status_code == missing.status_code == 404
    assert wrong.json() == missing.json()


def test_the_lookup_takes_no_phone_nor_code_in_the_url(client, world):
    from .factories import DossierFactory

    dossier = DossierFactory(status=Status.RECEIVED, unit=world["unit"], code="X-261126-0002")
    by_get = client.get("/api/v1/lookup", {"code": dossier.code, "phone": "0905 123 456"})

    assert by_get.status_code == 405 and by_get["Allow"] == "POST"
    assert by_get.json() == {"detail": "Địa chỉ này không nhận phương thức GET."}
    assert dossier.procedure.name not in by_get.content.decode()
    schema = client.get("/api/openapi.json").json()["paths"]["/api/v1/lookup"]
    assert list(schema) == ["post"] and not schema["post"]["parameters"]
    assert schema["post"]["requestBody"]["content"]["application/json"]


def test_every_lookup_counts_against_the_lookup_limit(client, world, settings):
    from .factories import DossierFactory

    settings.MOTCUA_RATE_LIMITS = {**settings.MOTCUA_RATE_LIMITS, "lookup": "2/minute"}
    dossier = DossierFactory(status=Status.RECEIVED, unit=world["unit"], code="X-261126-0003")
    statuses = [
        lookup(client, dossier.code, "0905 123 456", REMOTE_ADDR="203.0.113.8").status_code
        for _ in range(3)
    ]

    assert statuses == [200, 200, 429]


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
    unknown = create(client, auth, world, unit=999_999)
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "Không tìm thấy đơn vị có mã số 999999."
    assert create(client, auth, world, unit=2**62).status_code == 404  # beyond the id column
    assert create(client, auth, world, procedure="H56\x00").status_code == 404
    other = UnitFactory()
    refused = create(client, auth, world, unit=other.pk)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "unit"
    assert not Dossier.objects.exists()


def test_a_submission_costs_a_fixed_number_of_queries(
    client, auth, world, settings, django_assert_max_num_queries
):
    """Draft (12), each file (8), submission (18 with the online level in force, and one more
    when the calendar's days off are re-read, every few seconds), the token's two reads
    included; none locks the procedure:
    while its content is unchanged its version is only read. (The rate limit's counter lives
    in the shared cache, here in memory; the email task's INSERT runs after commit, outside
    the test's transaction.)"""
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": LOCMEM}}
    first = create(client, auth, world).json()  # freezes v1 and records the token's first use
    assert client.post(f"/api/v1/dossiers/{first['id']}/submit", **auth).status_code == 422

    with django_assert_max_num_queries(12) as drafting:
        draft = create(client, auth, world).json()
    for slot in draft["slots"][:2]:
        with django_assert_max_num_queries(8):
            assert attach(client, auth, draft["id"], slot["id"]).status_code == 201
    with django_assert_max_num_queries(19) as submitting:
        submitted = client.post(f"/api/v1/dossiers/{draft['id']}/submit", **auth)

    assert submitted.status_code == 200 and submitted.json()["status"] == Status.NEW
    for captured in (drafting, submitting):
        assert not [q for q in captured if "FOR UPDATE" in q["sql"] and "catalog_" in q["sql"]]


# --- the whole dossier in one request ----------------------------------------------------------


def submit_at_once(client, auth, world, files=None, **dossier):
    body = {
        "procedure": world["procedure"].code,
        "unit": world["unit"].pk,
        "values": {"noi_dung": "Một lần"},
        **dossier,
    }
    if files is None:
        files = {f"slot-{document.pk}": pdf() for document in world["documents"][:2]}
    return client.post("/api/v1/submissions", {"dossier": json.dumps(body), **files}, **auth)


def test_a_whole_dossier_in_one_request(client, auth, world, applicant, tmp_path):
    tờ_khai, chứng_sinh, khác = world["documents"]
    files = {
        f"slot-{tờ_khai.pk}": pdf("tờ khai.pdf"),
        f"slot-{chứng_sinh.pk}": [pdf("chứng sinh 1.pdf"), pdf("chứng sinh 2.pdf")],
    }
    response = submit_at_once(client, auth, world, files)
    assert response.status_code == 201, response.content
    body = response.json()
    dossier = Dossier.objects.get()
    assert body == {
        "id": dossier.pk,
        "code": dossier.code,
        "status": Status.NEW,
        "appointment": body["appointment"],
    }
    assert body["code"].startswith("000.01.02.H56-") and body["appointment"]
    assert dossier.applicant == applicant and dossier.values == {"noi_dung": "Một lần"}
    names = sorted(dossier.files.values_list("document_id", "original_name"))
    assert names == [
        (tờ_khai.pk, "tờ khai.pdf"),
        (chứng_sinh.pk, "chứng sinh 1.pdf"),
        (chứng_sinh.pk, "chứng sinh 2.pdf"),
    ]
    assert len(stored_files(tmp_path)) == 3
    history = list(dossier.history.values_list("from_status", "to_status"))
    assert history == [(Status.DRAFT, Status.NEW)]
    detail = client.get(f"/api/v1/dossiers/{dossier.pk}", **auth).json()
    assert detail["code"] == body["code"] and len(detail["files"]) == 3


def test_one_request_with_problems_lists_them_all_and_keeps_nothing(client, auth, world, tmp_path):
    tờ_khai, chứng_sinh, khác = world["documents"]
    files = {
        f"slot-{tờ_khai.pk}": SimpleUploadedFile("hoa-don.pdf", EXE),
        f"slot-{khác.pk}": pdf(),
    }
    response = submit_at_once(client, auth, world, files, values={})
    assert response.status_code == 422
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert "không đúng loại" in errors[f"slot-{tờ_khai.pk}"]
    assert "Giấy chứng sinh" in errors[f"slot-{chứng_sinh.pk}"]
    assert "noi_dung" in errors
    assert not Dossier.objects.exists() and not DossierFile.objects.exists()
    assert not stored_files(tmp_path)


def test_one_request_with_a_bad_part_or_payload_is_422(client, auth, world):
    unknown = submit_at_once(client, auth, world, {"tep": pdf()})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "tep"
    broken = client.post("/api/v1/submissions", {"dossier": "{khong phai json"}, **auth)
    assert broken.status_code == 422
    assert broken.json()["errors"][0]["message"] == "Dữ liệu JSON không hợp lệ."
    missing = client.post("/api/v1/submissions", {"dossier": json.dumps({"unit": 1})}, **auth)
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["dossier.procedure"]
    nothing = client.post("/api/v1/submissions", {}, **auth)
    assert nothing.status_code == 422
    assert not Dossier.objects.exists()


def test_one_request_refusals_match_the_draft_ones(client, auth, world):
    assert submit_at_once(client, auth, world, procedure="KHONG-CO").status_code == 404
    assert submit_at_once(client, auth, world, unit=999_999).status_code == 404
    refused = submit_at_once(client, auth, world, unit=UnitFactory().pk)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "unit"
    unverified = bearer(UserFactory(username="chua", verified=False))
    assert submit_at_once(client, unverified, world).status_code == 403
    assert client.post("/api/v1/submissions", {"dossier": "{}"}).status_code == 401
    assert not Dossier.objects.exists()


def test_a_storage_failure_in_one_request_keeps_nothing(client, auth, world, monkeypatch, tmp_path):
    real_save = FileSystemStorage.save
    saved = []

    def fails_second(self, name, content, *args, **kwargs):
        if saved:
            raise OSError("disk full")
        saved.append(real_save(self, name, content, *args, **kwargs))
        return saved[-1]

    monkeypatch.setattr(FileSystemStorage, "save", fails_second)
    response = submit_at_once(client, auth, world)
    assert response.status_code == 422
    assert "sự cố hệ thống" in response.json()["errors"][0]["message"]
    assert saved and not stored_files(tmp_path)
    assert not Dossier.objects.exists() and not DossierFile.objects.exists()


def test_one_request_costs_a_fixed_number_of_queries(
    client, auth, world, settings, django_assert_max_num_queries
):
    """Eight reads (the token, the procedure, the verified email, the unit, the profile, the
    version with its documents and channels), then one transaction: the code, the online
    level in force (kept on the dossier), the dossier (inserted already submitted), its
    history row, the messages (the applicant's channels, the template, the desk officers to
    tell, the email and its task) and ONE insert for all files; 19 statements with the
    savepoints, with 2 files or 20 (the 4-request way takes 42)."""
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": LOCMEM}}
    assert submit_at_once(client, auth, world).status_code == 201  # freezes v1, first token use
    with django_assert_max_num_queries(19):
        assert submit_at_once(client, auth, world).status_code == 201


def test_a_retry_with_the_same_idempotency_key_gets_the_same_dossier(client, auth, world, tmp_path):
    key = {"HTTP_IDEMPOTENCY_KEY": "don-hang-7f3a"}
    first = submit_at_once(client, {**auth, **key}, world)
    again = submit_at_once(client, {**auth, **key}, world)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Dossier.objects.count() == 1 and len(stored_files(tmp_path)) == 2
    other_key = submit_at_once(client, {**auth, "HTTP_IDEMPOTENCY_KEY": "khac"}, world)
    without_key = submit_at_once(client, auth, world)
    assert other_key.status_code == without_key.status_code == 201
    assert Dossier.objects.count() == 3


def test_an_idempotency_key_belongs_to_its_applicant(client, auth, world):
    key = {"HTTP_IDEMPOTENCY_KEY": "chung"}
    other = bearer(ApplicantProfileFactory(user=UserFactory(username="binh")).user)
    mine = submit_at_once(client, {**auth, **key}, world).json()
    theirs = submit_at_once(client, {**other, **key}, world)
    assert theirs.status_code == 201 and theirs.json()["code"] != mine["code"]
    too_long = submit_at_once(client, {**auth, "HTTP_IDEMPOTENCY_KEY": "x" * 65}, world)
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0]["field"] == "Idempotency-Key"


def test_the_same_key_committed_meanwhile_is_answered_with_that_dossier(
    applicant, world, monkeypatch, tmp_path
):
    """Two requests with one key at once: the second one's INSERT meets the unique key of the
    first one's commit; it answers with that dossier and keeps none of its own files."""
    uploads = lambda: [(document.pk, pdf()) for document in world["documents"][:2]]  # noqa: E731
    answers = {"applicant": {}, "values": {"noi_dung": "x"}, "client_key": "k1"}
    first, _ = services.submit_complete(
        applicant, world["procedure"], world["unit"].pk, uploads=uploads(), **answers
    )
    looked_up = iter([None])  # the check before writing has not seen the first one yet
    real = services._submitted_with_key
    monkeypatch.setattr(
        services, "_submitted_with_key", lambda *a: next(looked_up, None) or real(*a)
    )
    second, created = services.submit_complete(
        applicant, world["procedure"], world["unit"].pk, uploads=uploads(), **answers
    )
    assert (second.pk, created) == (first.pk, False)
    assert Dossier.objects.count() == 1 and len(stored_files(tmp_path)) == 2


def test_too_many_parts_or_too_much_data_is_answered_not_a_crash(client, auth, world, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    slot = f"slot-{world['documents'][0].pk}"
    response = submit_at_once(client, auth, world, {slot: [pdf() for _ in range(4)]})
    assert response.status_code == 400
    assert "quá nhiều tệp" in response.json()["detail"]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    too_big = submit_at_once(client, auth, world, values={"noi_dung": "x" * 2000})
    assert too_big.status_code == 413 and "quá lớn" in too_big.json()["detail"]
    assert not Dossier.objects.exists()
