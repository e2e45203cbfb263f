from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.accounts.models import ApiToken
from tests.accounts.factories import PASSWORD, ApplicantProfileFactory, UserFactory

TOKEN_URL = "/api/v1/auth/token"
ME_URL = "/api/v1/auth/me"


def issue(client, username: str, password: str, **extra):
    body = {"username": username, "password": password, **extra}
    return client.post(TOKEN_URL, body, content_type="application/json")


def me(client, token: str):
    return client.get(ME_URL, headers={"authorization": f"Bearer {token}"})


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["nguyenvanan", "nguyenvanan@example.vn"])
def test_a_token_is_issued_for_username_or_email_and_authenticates_requests(client, login):
    ApplicantProfileFactory(user=UserFactory(username="nguyenvanan"))

    response = issue(client, login, PASSWORD, name="Phần mềm kế toán")
    assert response.status_code == 200
    token = response.json()["token"]

    answer = me(client, token)
    assert answer.status_code == 200
    assert answer.json() == {
        "username": "nguyenvanan",
        "email": "nguyenvanan@example.vn",
        "email_verified": True,
        "kind": "individual",
    }
    stored = ApiToken.objects.get()
    assert stored.name == "Phần mềm kế toán"
    assert token not in (stored.key_hash, stored.prefix)  # only a hash is kept
    assert token.startswith(stored.prefix)
    assert stored.last_used_at is not None


@pytest.mark.django_db
def test_bad_credentials_get_a_401_in_vietnamese(client):
    UserFactory(username="nguyenvanan")
    response = issue(client, "nguyenvanan", "sai-mat-khau")
    assert response.status_code == 401
    assert response.json() == {"detail": "Tên đăng nhập hoặc mật khẩu không đúng."}
    assert AccessAttempt.objects.filter(username="nguyenvanan").exists()


@pytest.mark.django_db
def test_the_token_endpoint_locks_out_after_five_failures(client):
    UserFactory(username="nguyenvanan")
    for _ in range(4):
        assert issue(client, "nguyenvanan", "sai-mat-khau").status_code == 401
    assert issue(client, "nguyenvanan", "sai-mat-khau").status_code == 429
    locked = issue(client, "nguyenvanan", PASSWORD)
    assert locked.status_code == 429
    assert "Tài khoản tạm khóa" in locked.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["", "Bearer ", "Bearer mc_khong-ton-tai", "Token abc"])
def test_a_missing_or_unknown_token_gets_401(client, header):
    headers = {"authorization": header} if header else {}
    assert client.get(ME_URL, headers=headers).status_code == 401


@pytest.mark.django_db
def test_tokens_are_listed_and_revoked_from_the_profile_page(client):
    user = UserFactory()
    client.force_login(user)

    created = client.post("/tai-khoan/khoa-api/", {"name": "Máy chủ công ty"})
    assert created.status_code == 200
    token = ApiToken.objects.get(user=user)
    key = created.context["key"]
    assert key in created.content.decode()
    assert me(client, key).status_code == 200

    profile = client.get("/tai-khoan/ho-so-ca-nhan/").content.decode()
    assert "Máy chủ công ty" in profile and token.prefix in profile
    assert key not in profile  # the key is shown once only

    revoked = client.post(f"/tai-khoan/khoa-api/{token.pk}/thu-hoi/")
    assert revoked.status_code == 302
    assert me(client, key).status_code == 401


@pytest.mark.django_db
def test_nobody_can_revoke_another_persons_token(client):
    token = ApiToken.objects.create(user=UserFactory(), name="x", key_hash="h" * 64, prefix="mc_x")
    client.force_login(UserFactory())
    assert client.post(f"/tai-khoan/khoa-api/{token.pk}/thu-hoi/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_a_token_of_a_deactivated_user_no_longer_works(client):
    user = UserFactory()
    response = issue(client, user.username, PASSWORD)
    user.is_active = False
    user.save()
    assert me(client, response.json()["token"]).status_code == 401


@pytest.mark.django_db
def test_last_use_is_recorded_at_most_once_a_minute_and_shown(client):
    """One conditional UPDATE when the stored moment is missing or older than a minute, none
    in between (such a request reads the token and writes nothing)."""
    user = UserFactory()
    key = issue(client, user.username, PASSWORD).json()["token"]
    token = ApiToken.objects.get(user=user)
    assert token.last_used_at is None

    with CaptureQueriesContext(connection) as first:
        assert me(client, key).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert len(token_updates(first)) == 1

    with CaptureQueriesContext(connection) as again:
        assert me(client, key).status_code == 200
    assert token_updates(again) == []
    assert ApiToken.objects.get(pk=token.pk).last_used_at == token.last_used_at

    long_ago = timezone.now() - timedelta(minutes=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=long_ago)
    assert me(client, key).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at > long_ago + timedelta(minutes=4)

    client.force_login(user)
    profile = client.get("/tai-khoan/ho-so-ca-nhan/").content.decode()
    assert f"dùng lần cuối {timezone.localtime(token.last_used_at):%d/%m/%Y %H:%M}" in profile


def token_updates(captured) -> list[str]:
    return [q["sql"] for q in captured if q["sql"].startswith('UPDATE "accounts_apitoken"')]
