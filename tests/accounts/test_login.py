from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt

from tests.accounts.factories import PASSWORD, UserFactory

LOGIN_URL = "/tai-khoan/login/"
LOCKOUT_TEXT = "Tài khoản tạm khóa do đăng nhập sai nhiều lần"


def log_in(client, login: str, password: str):
    return client.post(LOGIN_URL, {"login": login, "password": password})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "login", ["nguyenvanan", "nguyenvanan@example.vn", "NguyenVanAn@Example.VN"]
)
def test_an_applicant_logs_in_by_username_or_email(client, login):
    user = UserFactory(username="nguyenvanan")
    response = log_in(client, login, PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_a_wrong_password_shows_a_vietnamese_error_and_keeps_the_login(client):
    UserFactory(username="nguyenvanan")
    response = log_in(client, "nguyenvanan@example.vn", "sai-mat-khau")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Email hoặc mật khẩu không đúng." in page
    assert 'value="nguyenvanan@example.vn"' in page


@pytest.mark.django_db
def test_logout_ends_the_session(client):
    client.force_login(UserFactory())
    assert "Bạn có chắc muốn đăng xuất?" in client.get("/tai-khoan/logout/").content.decode()
    client.post("/tai-khoan/logout/")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_until_a_password_reset(client, mailbox):
    UserFactory(username="nguyenvanan")
    # Failures by email and by username count against the same account.
    for login in ["nguyenvanan@example.vn", "nguyenvanan"] * 2:
        assert log_in(client, login, "sai-mat-khau").status_code == 200

    locked = log_in(client, "nguyenvanan@example.vn", "sai-mat-khau")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert LOCKOUT_TEXT in page and "15 phút" in page
    assert 'href="/tai-khoan/password/reset/"' in page

    still_locked = log_in(client, "nguyenvanan", PASSWORD)
    assert still_locked.status_code == 429
    assert "_auth_user_id" not in client.session

    client.post("/tai-khoan/password/reset/", {"email": "nguyenvanan@example.vn"})
    [mail] = mailbox.to("nguyenvanan@example.vn")
    assert mail["Subject"] == "Đặt lại mật khẩu"
    form_page = client.get(urlsplit(mailbox.first_link(mail)).path, follow=True)
    assert form_page.status_code == 200
    new_password = "Mat-khau-moi-2026"
    done = client.post(
        form_page.request["PATH_INFO"], {"password1": new_password, "password2": new_password}
    )
    assert done.status_code == 302
    assert not AccessAttempt.objects.filter(username="nguyenvanan").exists()

    assert log_in(client, "nguyenvanan@example.vn", new_password).status_code == 302


@pytest.mark.django_db
def test_a_lockout_is_per_account_and_address(client):
    UserFactory(username="nguyenvanan")
    other = UserFactory(username="tranthibinh")
    for _ in range(5):
        log_in(client, "nguyenvanan", "sai-mat-khau")
    assert log_in(client, "tranthibinh", PASSWORD).status_code == 302
    assert int(client.session["_auth_user_id"]) == other.pk


@pytest.mark.django_db
def test_a_signed_in_person_stays_signed_in_until_the_account_is_disabled(client):
    user = UserFactory(username="nguyenvanan", first_name="An", last_name="Nguyễn Văn")
    log_in(client, "nguyenvanan", PASSWORD)
    signed_in = client.get("/ho-so/").wsgi_request.user
    assert (signed_in.pk, signed_in.get_full_name()) == (user.pk, "An Nguyễn Văn")
    assert signed_in.is_authenticated and signed_in.date_joined == user.date_joined

    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get("/ho-so/")
    assert not response.wsgi_request.user.is_authenticated
