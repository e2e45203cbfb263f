"""Issue 17 (item 13): the admin in Vietnamese, technical tables for superusers only."""

import pytest
from django.contrib.auth.models import Permission

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
TECHNICAL = ("/quan-tri/axes/accessattempt/", "/quan-tri/django_tasks_database/dbtaskresult/")


def test_superusers_see_the_technical_tables_with_vietnamese_names(admin_client):
    page = admin_client.get("/quan-tri/").content.decode()
    for english in ("Email addresses", "TOTP devices", "Task Results", "Model name"):
        assert english not in page
    assert "Lần đăng nhập sai" in page and "Kết quả tác vụ" in page
    assert "Thiết bị xác thực TOTP" in page and "Địa chỉ thư điện tử" in page
    for url in TECHNICAL:
        assert admin_client.get(url).status_code == 200


def test_a_province_admin_does_not_see_them(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["axes", "django_tasks_database", "otp_totp", "org"]
        )
    )
    client.force_login(staff)
    page = client.get("/quan-tri/").content.decode()
    assert "Cơ quan, đơn vị" in page
    assert "Lần đăng nhập sai" not in page and "Kết quả tác vụ" not in page
    assert "TOTP" not in page
    for url in TECHNICAL:
        assert client.get(url).status_code == 403
