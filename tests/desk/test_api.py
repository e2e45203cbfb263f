"""The desk API: a dossier from 1 to 10 with the default route, the queue filters, forms and
the tracking book, and two officers acting at once (exactly one wins, the other gets 409)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from motcua.accounts.services import create_api_token
from motcua.dossiers.models import Dossier, Status
from tests.processing.factories import new_dossier, officer

pytestmark = pytest.mark.django_db


def act(api_client, user, dossier, action, **body):
    return api_client.as_user(user).post(
        f"/api/v1/desk/dossiers/{dossier.pk}/actions", {"action": action, **body}
    )


def test_default_route_takes_a_dossier_from_new_to_returned(
    unit, desk, specialist, leader, api_client
):
    dossier = new_dossier(unit)
    received = act(api_client, desk, dossier, "receive", note="Đủ thành phần")
    assert received.status_code == 200
    assert received.json()["status"] == Status.PROCESSING
    assert received.json()["appointment_at"]
    assert received.json()["due_state"] in ("in_time", "due_soon", "late")
    assert act(api_client, specialist, dossier, "forward").json()["status"] == Status.PROCESSING
    assert act(api_client, leader, dossier, "approve").json()["status"] == Status.DONE
    returned = act(
        api_client, desk, dossier, "return_result", received_by_name="Nguyễn Văn An", fee_vnd=0
    )
    assert returned.json()["status"] == Status.RETURNED

    history = api_client.as_user(desk).get(f"/api/v1/dossiers/{dossier.pk}/history").json()
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        (1, 2),
        (2, 4),
        (4, 4),
        (4, 9),
        (9, 10),
    ]
    assert history[0]["actor"] == "motcua"
    receipt = api_client.as_user(desk).get(f"/api/v1/dossiers/{dossier.pk}/documents/mau-01")
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF")


def test_the_applicant_downloads_their_receipt_with_their_own_token(unit, desk, api_client):
    dossier = new_dossier(unit)
    act(api_client, desk, dossier, "receive")
    response = api_client.as_user(dossier.applicant).get(
        f"/api/v1/dossiers/{dossier.pk}/documents/mau-01"
    )
    assert response.status_code == 200


def test_refused_actions_answer_json_never_500(unit, desk, specialist, api_client):
    dossier = new_dossier(unit)
    wrong_state = act(api_client, desk, dossier, "return_result", received_by_name="A")
    assert wrong_state.status_code == 409 and "trạng thái" in wrong_state.json()["detail"]
    no_reason = act(api_client, desk, dossier, "refuse")
    assert no_reason.status_code == 400 and no_reason.json()["detail"]
    bad_action = act(api_client, desk, dossier, "explode")
    assert bad_action.status_code == 422
    assert act(api_client, desk, dossier, "receive", version=99).status_code == 409
    missing = api_client.as_user(desk).post(
        "/api/v1/desk/dossiers/999999/actions", {"action": "receive"}
    )
    assert missing.status_code == 404
    assert (
        api_client.as_user(desk).get(f"/api/v1/dossiers/{dossier.pk}/documents/mau-01").status_code
        == 404
    )


def test_queue_filters_by_status_unit_and_lateness(unit, desk, api_client):
    new = new_dossier(unit)
    running = new_dossier(unit)
    act(api_client, desk, running, "receive")
    Dossier.objects.filter(pk=running.pk).update(appointment_at="2020-01-02T10:00:00+07:00")
    client = api_client.as_user(desk)
    assert [d["id"] for d in client.get("/api/v1/desk/dossiers", status=1).json()] == [new.pk]
    late = client.get("/api/v1/desk/dossiers", late="true").json()
    assert [(d["id"], d["due_state"]) for d in late] == [(running.pk, "late")]
    assert client.get("/api/v1/desk/dossiers", unit=unit.pk, status="").status_code == 200


def test_tracking_book_export(unit, desk, api_client):
    dossier = new_dossier(unit)
    act(api_client, desk, dossier, "receive")
    day = Dossier.objects.get(pk=dossier.pk).received_at.astimezone().date().isoformat()
    client = api_client.as_user(desk)
    for fmt, magic in (("pdf", b"%PDF"), ("xlsx", b"PK")):
        response = client.get(
            "/api/v1/desk/tracking-book",
            unit=unit.pk,
            **{"from": "2020-01-01", "to": day},
            format=fmt,
        )
        assert response.status_code == 200 and response.content.startswith(magic)
    elsewhere = officer(type(unit).objects.create(name="Khác", identifier="X.1"), "desk_officer")
    other = api_client.as_user(elsewhere).get(
        "/api/v1/desk/tracking-book", unit=unit.pk, **{"from": "2020-01-01", "to": day}
    )
    assert other.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_officers_receiving_at_once_exactly_one_wins(unit):
    first, second = (officer(unit, "desk_officer") for _ in range(2))
    dossier = new_dossier(unit)
    keys = [create_api_token(user, "song song")[1] for user in (first, second)]
    barrier = threading.Barrier(2)
    results = []

    def receive(key):
        try:
            barrier.wait()
            response = Client().post(
                f"/api/v1/desk/dossiers/{dossier.pk}/actions",
                {"action": "receive"},
                content_type="application/json",
                headers={"Authorization": f"Bearer {key}"},
            )
            results.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=receive, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200, 409]
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    assert dossier.history.filter(to_status=Status.RECEIVED).count() == 1
