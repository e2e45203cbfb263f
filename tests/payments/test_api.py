"""POST/GET /api/v1/dossiers/{id}/payments: the applicant pays their own dossier; the
applicant and the staff of the dossier's unit list its payments; anyone else gets 404."""

import pytest

from motcua.accounts.services import create_api_token
from motcua.payments.models import Payment
from tests.factories import UnitFactory
from tests.processing.factories import officer

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    _token, key = create_api_token(user, "thử nghiệm")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def people(dossier, applicant, desk, stranger):
    other_unit_desk = officer(UnitFactory(name="UBND xã khác"), "desk_officer")
    return {"owner": applicant, "desk": desk, "other_desk": other_unit_desk, "stranger": stranger}


def start(client, dossier, who):
    return client.post(
        f"/api/v1/dossiers/{dossier.pk}/payments", {}, content_type="application/json", **who
    )


def test_the_owner_starts_a_payment_and_gets_the_gateway_address(client, dossier, people):
    response = start(client, dossier, bearer(people["owner"]))
    assert response.status_code == 201, response.content
    body = response.json()
    payment = Payment.objects.get()
    assert body == {"payment_id": payment.pk, "redirect_url": body["redirect_url"]}
    assert body["redirect_url"].startswith("https://gateway.example/paymentv2/vpcpay.html?")
    assert f"vnp_TxnRef={payment.reference}" in body["redirect_url"]


@pytest.mark.parametrize(
    ("who", "post", "get"),
    [
        ("owner", 201, 200),
        ("desk", 404, 200),
        ("other_desk", 404, 404),
        ("stranger", 404, 404),
    ],
)
def test_permission_matrix(client, dossier, people, who, post, get):
    headers = bearer(people[who])
    assert start(client, dossier, headers).status_code == post
    response = client.get(f"/api/v1/dossiers/{dossier.pk}/payments", **headers)
    assert response.status_code == get
    if get == 200:
        rows = response.json()
        assert len(rows) == (1 if who == "owner" else 0)


def test_without_a_token_it_is_401(client, dossier):
    assert start(client, dossier, {}).status_code == 401
    assert client.get(f"/api/v1/dossiers/{dossier.pk}/payments").status_code == 401


def test_the_listing_shows_the_payment_and_its_state(client, dossier, people):
    start(client, dossier, bearer(people["owner"]))
    rows = client.get(f"/api/v1/dossiers/{dossier.pk}/payments", **bearer(people["desk"])).json()
    assert [(r["amount_vnd"], r["status"], r["purpose"]) for r in rows] == [
        (50_000, "pending", "Lệ phí thẩm định")
    ]


def test_a_dossier_owing_nothing_is_409(client, dossier, people, desk):
    from motcua.payments import services

    services.exempt_fee(dossier.fees.get().pk, actor=desk, reason="Miễn theo quy định")
    response = start(client, dossier, bearer(people["owner"]))
    assert response.status_code == 409
    assert "không còn khoản phí" in response.json()["detail"]
