"""API of feedback and satisfaction: GET/POST /api/v1/feedback, GET /api/v1/feedback/{code},
POST /api/v1/dossiers/{id}/rating, GET /api/v1/stats/satisfaction."""

import pytest

from motcua.accounts.services import create_api_token
from motcua.feedback import services as feedback
from motcua.feedback.models import Feedback, Topic
from motcua.surveys.models import Response
from tests.accounts.factories import UserFactory
from tests.processing.conftest import _fast_passwords, desk, leader, specialist, unit  # noqa: F401
from tests.processing.factories import new_dossier, officer
from tests.surveys.conftest import walk_to_returned

pytestmark = pytest.mark.django_db
RATING = {
    "info_clear": 1,
    "account_simple": 1,
    "sending_smooth": 1,
    "processing_fast": 0,
    "benefit": "time_travel",
    "ease": 1,
    "overall": 2,
    "comment": "Nhanh",
}


def _bearer(user) -> dict:
    _token, key = create_api_token(user, "thử nghiệm")
    return {"Authorization": f"Bearer {key}"}


def _post(client, path, body, headers=None):
    return client.post(
        f"/api/v1{path}", body, content_type="application/json", headers=headers or {}
    )


def test_feedback_is_sent_followed_and_published(client, unit):  # noqa: F811
    body = {
        "kind": "proposal",
        "topic": "unit",
        "unit": unit.pk,
        "sender_name": "Lê Văn Cường",
        "sender_email": "cuong@example.vn",
        "title": "Đề nghị mở thêm quầy tiếp nhận",
        "content": "Buổi sáng thứ Hai rất đông.",
        "publish_consent": True,
    }
    sent = _post(client, "/feedback", body)
    assert sent.status_code == 201
    code = sent.json()["code"]
    tracked = client.get(f"/api/v1/feedback/{code}").json()
    assert (tracked["state"], tracked["answer"]) == ("open", "")
    assert client.get("/api/v1/feedback/PA-ZZZZZZZZ").status_code == 404

    item = Feedback.objects.get(code=code)
    feedback.answer(item.pk, actor=officer(unit, "leader"), text="Sẽ mở thêm một quầy.")
    assert client.get(f"/api/v1/feedback/{code}").json()["answer"] == "Sẽ mở thêm một quầy."
    found = client.get("/api/v1/feedback", {"q": "quay tiep nhan"}).json()
    assert [row["code"] for row in found["results"]] == [code]
    assert "cuong@example.vn" not in str(found)


def test_bad_feedback_is_a_422_with_the_field(client):
    sent = _post(client, "/feedback", {"kind": "feedback", "topic": "unit", "title": "x"})
    assert sent.status_code == 422
    fields = {row["field"] for row in sent.json()["errors"]}
    assert {"feedback.sender_name", "feedback.sender_email", "feedback.content"} <= fields
    no_unit = _post(
        client,
        "/feedback",
        {
            "kind": "feedback",
            "topic": "procedure",
            "procedure": "không-có",
            "sender_name": "A",
            "sender_email": "a@example.vn",
            "title": "T",
            "content": "C",
        },
    )
    assert no_unit.status_code == 422
    assert not Feedback.objects.exists()


def test_feedback_about_a_dossier_needs_its_owner(client, unit):  # noqa: F811
    mine = new_dossier(unit)
    theirs = new_dossier(unit)
    body = {
        "kind": "complaint",
        "topic": "dossier",
        "dossier": theirs.pk,
        "sender_name": "Nguyễn Văn An",
        "sender_email": "an@example.vn",
        "title": "Chậm",
        "content": "Hồ sơ bị chậm.",
    }
    assert _post(client, "/feedback", body).status_code == 401
    headers = _bearer(mine.applicant)
    assert _post(client, "/feedback", body, headers).status_code == 404
    sent = _post(client, "/feedback", {**body, "dossier": mine.pk}, headers)
    assert sent.status_code == 201
    assert Feedback.objects.get().topic == Topic.DOSSIER


def test_the_owner_rates_a_returned_dossier_once(client, unit, desk, specialist, leader):  # noqa: F811
    dossier = walk_to_returned(new_dossier(unit), desk, specialist, leader)
    headers = _bearer(dossier.applicant)
    path = f"/dossiers/{dossier.pk}/rating"
    assert _post(client, path, RATING).status_code == 401
    assert _post(client, path, RATING, _bearer(UserFactory())).status_code == 404
    assert _post(client, path, {**RATING, "overall": 5}, headers).status_code == 422
    assert _post(client, path, RATING, headers).status_code == 201
    again = _post(client, path, RATING, headers)
    assert again.status_code == 409
    assert Response.objects.count() == 1
    running = new_dossier(unit)
    assert (
        _post(
            client, f"/dossiers/{running.pk}/rating", RATING, _bearer(running.applicant)
        ).status_code
        == 404
    )

    stats = client.get("/api/v1/stats/satisfaction", {"unit": unit.pk}).json()
    assert stats["responses"] == 1
    assert stats["questions"][3] == {
        "label": "Hồ sơ được giải quyết nhanh, đáp ứng mong đợi",
        "count": 0,
        "percent": 0.0,
    }
    assert [row["unit"] for row in stats["scores"]] == [unit.name]
    assert client.get("/api/v1/stats/satisfaction", {"from": "2099-01-01"}).json()["responses"] == 0
    assert client.get("/api/v1/stats/satisfaction", {"from": "hôm qua"}).status_code == 422
