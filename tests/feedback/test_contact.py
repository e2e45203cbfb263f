"""The contact and help page: the province's support office, edited by a province admin."""

import pytest
from django.urls import reverse

from tests.factories import UnitFactory
from tests.processing.factories import officer

pytestmark = pytest.mark.django_db


def test_the_page_names_the_support_office_before_anyone_edits_it(client):
    page = client.get(reverse("feedback:contact"))
    assert page.status_code == 200
    assert "Sở Nội vụ tỉnh Khánh Hòa" in page.text


def test_a_province_admin_edits_it(client):
    admin = officer(UnitFactory(kind="province", name="Tỉnh Khánh Hòa"), "province_admin")
    client.force_login(admin)
    assert "/can-bo/lien-he/" in client.get(reverse("feedback:staff_list")).text
    data = {
        "office": "Sở Nội vụ",
        "phone": "0258 3822 451",
        "email": "sonv@khanhhoa.gov.vn",
        "hours": "Giờ hành chính",
        "help_text": "Gọi điện trong giờ hành chính.",
        "address": "",
    }
    bad = client.post(reverse("feedback:edit_contact"), {**data, "email": "khong-phai-email"})
    assert bad.status_code == 400 and "Có lỗi cần sửa" in bad.text
    assert client.post(reverse("feedback:edit_contact"), data).status_code == 302
    page = client.get(reverse("feedback:contact"))
    assert "0258 3822 451" in page.text and "mailto:sonv@khanhhoa.gov.vn" in page.text


def test_other_staff_cannot_edit_it(client, unit):
    client.force_login(officer(unit, "unit_admin"))
    assert client.get(reverse("feedback:edit_contact")).status_code == 404


def test_the_admin_lists_feedback_and_contacts_read_only(admin_client, unit):
    from motcua.feedback import services
    from motcua.feedback.models import Topic

    services.submit(
        services.Sending(
            kind="feedback",
            topic=Topic.UNIT,
            sender_name="A",
            sender_email="a@example.vn",
            title="Góp ý bãi giữ xe",
            content="…",
            unit=unit,
        )
    )
    page = admin_client.get("/quan-tri/feedback/feedback/")
    assert page.status_code == 200 and "Góp ý bãi giữ xe" in page.text
    assert admin_client.get("/quan-tri/feedback/feedback/add/").status_code == 403
    assert admin_client.get("/quan-tri/feedback/supportcontact/").status_code == 200
    assert admin_client.get("/quan-tri/surveys/response/").status_code == 200
