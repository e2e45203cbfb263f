"""/can-bo/bao-mat/: an officer turns on TOTP for themselves; a province admin (only) makes it
mandatory for all staff or optional again."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.processing.models import StaffPolicy
from motcua.processing.services import NotPermitted, set_totp_policy
from tests.processing.factories import officer

from .test_login import code_for, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_admin(unit):
    return officer(unit, "province_admin", username="quantri")


def test_an_officer_enrols_voluntarily(client, desk):
    log_in(client, "motcua")
    page = client.get("/can-bo/bao-mat/")
    assert page.status_code == 200
    assert "Chưa kích hoạt" in page.content.decode()
    assert "Bắt buộc với mọi cán bộ" not in page.content.decode()  # no policy form

    response = client.post("/can-bo/bao-mat/kich-hoat/")
    assert response["Location"] == "/can-bo/xac-thuc/?next=/can-bo/bao-mat/"
    assert "<svg" in client.get(response["Location"]).content.decode()
    device = TOTPDevice.objects.get(user=desk, confirmed=False)

    confirmed = client.post(
        "/can-bo/xac-thuc/", {"token": code_for(device), "next": "/can-bo/bao-mat/"}
    )
    assert confirmed["Location"] == "/can-bo/bao-mat/"
    assert TOTPDevice.objects.get(user=desk).confirmed
    assert "Đã kích hoạt" in client.get("/can-bo/bao-mat/").content.decode()

    # Enrolling again does not make a second device.
    again = client.post("/can-bo/bao-mat/kich-hoat/")
    assert again["Location"] == "/can-bo/bao-mat/"
    assert TOTPDevice.objects.filter(user=desk).count() == 1


def test_the_page_needs_a_staff_login(client):
    assert client.get("/can-bo/bao-mat/")["Location"].startswith("/can-bo/dang-nhap/")
    assert client.post("/can-bo/bao-mat/chinh-sach/", {"require_totp": "1"}).status_code == 302
    assert not StaffPolicy.current().require_totp


def test_a_province_admin_makes_totp_mandatory(client, province_admin, desk):
    client.force_login(province_admin)
    assert "Bắt buộc với mọi cán bộ" in client.get("/can-bo/bao-mat/").content.decode()
    client.post("/can-bo/bao-mat/chinh-sach/", {"require_totp": "1"})
    assert StaffPolicy.current().require_totp
    assert StaffPolicy.objects.count() == 1

    client.logout()
    response = log_in(client, "motcua")
    assert response["Location"].startswith("/can-bo/xac-thuc/")
    assert client.get("/can-bo/")["Location"].startswith("/can-bo/xac-thuc/")

    set_totp_policy(actor=province_admin, required=False)
    assert not StaffPolicy.current().require_totp
    assert StaffPolicy.objects.count() == 1


def test_a_superuser_may_set_the_policy(admin_user):
    assert set_totp_policy(actor=admin_user, required=True).require_totp


def test_a_plain_officer_cannot_change_the_policy(client, desk, leader):
    log_in(client, "motcua")
    response = client.post("/can-bo/bao-mat/chinh-sach/", {"require_totp": "1"}, follow=True)
    assert "Chỉ quản trị cấp tỉnh" in response.content.decode()
    assert not StaffPolicy.current().require_totp
    with pytest.raises(NotPermitted):
        set_totp_policy(actor=leader, required=True)
    assert not StaffPolicy.objects.exists()
