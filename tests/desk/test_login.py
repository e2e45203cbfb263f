"""Staff log in at /can-bo/ with the applicants' accounts system (same lockout), and pass a
TOTP second factor when they have a device or the province admin makes it mandatory."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.processing.models import StaffPolicy
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def log_in(client, username, password=PASSWORD):
    return client.post("/can-bo/dang-nhap/", {"username": username, "password": password})


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_staff_page_asks_for_login(client):
    response = client.get("/can-bo/")
    assert response.status_code == 302 and response["Location"].startswith("/can-bo/dang-nhap/")


def test_an_applicant_account_is_not_a_staff_account(client):
    UserFactory(username="nguoidan")
    response = log_in(client, "nguoidan")
    assert response.status_code == 200
    assert "không phải tài khoản cán bộ" in response.content.decode()
    assert client.get("/can-bo/").status_code == 302


def test_officer_logs_in_without_second_factor_by_default(client, desk):
    response = log_in(client, "motcua")
    assert response["Location"] == "/can-bo/"
    assert client.get("/can-bo/").status_code == 200


def test_mandatory_totp_enrols_then_verifies(client, desk, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no waiting after the wrong code below
    StaffPolicy.objects.create(require_totp=True)
    response = log_in(client, "motcua")
    assert response["Location"].startswith("/can-bo/xac-thuc/")
    assert client.get("/can-bo/")["Location"].startswith("/can-bo/xac-thuc/")

    enrol = client.get("/can-bo/xac-thuc/").content.decode()
    assert "<svg" in enrol  # the QR code, drawn here (nothing fetched from outside)
    device = TOTPDevice.objects.get(user=desk, confirmed=False)
    wrong = client.post(
        "/can-bo/xac-thuc/", {"token": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert "không đúng" in wrong.content.decode()
    right = client.post("/can-bo/xac-thuc/", {"token": code_for(device), "next": "/can-bo/"})
    assert right["Location"] == "/can-bo/"
    assert client.get("/can-bo/").status_code == 200
    assert TOTPDevice.objects.get(user=desk).confirmed


def test_a_confirmed_device_is_always_asked_for(client, desk):
    device = TOTPDevice.objects.create(user=desk, name="Điện thoại", confirmed=True)
    log_in(client, "motcua")
    assert client.get("/can-bo/")["Location"].startswith("/can-bo/xac-thuc/")
    page = client.get("/can-bo/xac-thuc/").content.decode()
    assert "<svg" not in page
    client.post("/can-bo/xac-thuc/", {"token": code_for(device)})
    assert client.get("/can-bo/").status_code == 200


def test_staff_login_uses_the_same_lockout(client, desk):
    for _attempt in range(5):
        log_in(client, "motcua", "sai-mat-khau")
    locked = log_in(client, "motcua")
    assert locked.status_code == 429
    assert re.search("tạm khóa", locked.content.decode())
    assert client.get("/can-bo/").status_code == 302


def test_only_a_superuser_province_admin_changes_the_policy(admin_client, client, desk):
    assert admin_client.get("/quan-tri/processing/staffpolicy/add/").status_code == 200
    desk.is_staff = True
    desk.save()
    client.force_login(desk)
    assert client.get("/quan-tri/processing/staffpolicy/add/").status_code == 403
