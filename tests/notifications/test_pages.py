"""Failed messages on the staff dossier page and in the province admin's list, each with
"Gửi lại"; the applicant's choice of channels and language on the profile page."""

import pytest
from django.urls import reverse

from motcua.notifications.models import Delivery, DeliveryStatus, Preference
from motcua.processing import services
from tests.factories import UnitFactory
from tests.processing.factories import new_dossier, officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed(unit, desk):
    """A received dossier whose 'received' message gave up after its last attempt."""
    dossier = new_dossier(unit)
    services.receive(dossier.pk, actor=desk)
    Delivery.objects.filter(dossier=dossier).update(
        status=DeliveryStatus.FAILED, attempts=5, error="SMTPServerDisconnected: mất kết nối"
    )
    return Delivery.objects.get(dossier=dossier, event="received")


def test_the_staff_page_shows_a_failed_message_and_resends_it(client, desk, failed):
    client.force_login(desk)
    page = client.get(f"/can-bo/ho-so/{failed.dossier_id}/").content.decode()
    assert "Thông báo gửi không thành công" in page
    assert "SMTPServerDisconnected: mất kết nối" in page and "5 lần gửi" in page
    response = client.post(reverse("notifications:resend", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (DeliveryStatus.QUEUED, 0)
    page = client.get(f"/can-bo/ho-so/{failed.dossier_id}/").content.decode()
    assert "Thông báo gửi không thành công" not in page


def test_an_officer_of_another_unit_cannot_resend(client, failed):
    stranger = officer(UnitFactory(name="UBND xã khác"), "desk_officer")
    client.force_login(stranger)
    assert client.post(reverse("notifications:resend", args=[failed.pk])).status_code == 404
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.FAILED


def test_the_province_admin_lists_failed_messages_and_resends_them(client, failed):
    province = UnitFactory(name="UBND tỉnh Khánh Hòa")
    admin = officer(province, "province_admin")
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    url = reverse("admin:notifications_delivery_changelist")
    page = client.get(url, {"status__exact": "failed"}).content.decode()
    assert failed.subject in page
    client.post(url, {"action": "resend", "_selected_action": [failed.pk]})
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.QUEUED


def test_the_applicant_chooses_channels_and_language(client, unit):
    dossier = new_dossier(unit)
    client.force_login(dossier.applicant)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Nhận thông báo về hồ sơ" in page and 'name="by_sms"' in page
    url = reverse("notifications:preferences")
    response = client.post(url, {"by_sms": "on", "language": "en"})
    assert response.status_code == 302
    preference = Preference.objects.get(user=dossier.applicant)
    assert (preference.by_email, preference.by_sms, preference.language) == (False, True, "en")
    refused = client.post(url, {"language": "vi"}).content.decode()
    assert "Chọn ít nhất một cách nhận thông báo." in refused
    assert Preference.objects.get(user=dossier.applicant).by_sms is True
