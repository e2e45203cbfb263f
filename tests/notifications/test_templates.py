"""Templates are data a province admin edits: only known placeholders, values inserted as
text, a broken template refused at save with a Vietnamese message, a preview on a real
dossier; the shipped defaults are loaded by a migration and all render."""

import pytest
from django.urls import reverse

from motcua.notifications import defaults
from motcua.notifications.events import EVENTS
from motcua.notifications.models import MessageTemplate
from motcua.notifications.rendering import TemplateInvalid, check, render
from tests.processing.factories import new_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("quantri", "quantri@example.vn", None)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hồ sơ {{ ho_ten }}", "Không có trường “ho_ten”"),
        ("{{ dossier.applicant.password }}", "Dấu “{{” không thuộc trường nào"),
        ("{% load os %}", "Dấu “{%” không thuộc trường nào"),
        ("Mã {{ ma_ho_so }", "Dấu “{{” không thuộc trường nào"),
    ],
)
def test_a_broken_template_is_refused_with_a_clear_message(text, message):
    with pytest.raises(TemplateInvalid) as invalid:
        check(text, set(EVENTS["received"].fields))
    assert message in invalid.value.message


def test_values_are_inserted_as_text_and_one_line_fields_stay_on_one_line():
    values = {"ten_nguoi_nop": "<b>An</b>\r\nBcc: x@example.vn\x00", "ma_ho_so": "{{ ly_do }}"}
    assert render("{{ ten_nguoi_nop }} {{ ma_ho_so }}", values, one_line=True) == (
        "<b>An</b> Bcc: x@example.vn {{ ly_do }}"
    )


def test_the_defaults_are_in_the_database_and_all_render():
    assert MessageTemplate.objects.count() == 2 * len(EVENTS) == 2 * len(defaults.TEMPLATES)
    for row in MessageTemplate.objects.all():
        for text in (row.subject, row.body, row.sms):
            check(text, set(EVENTS[row.event].fields))


def test_the_admin_refuses_a_broken_template_at_save(admin_client):
    row = MessageTemplate.objects.get(event="refused", language="vi")
    url = reverse("admin:notifications_messagetemplate_change", args=[row.pk])
    response = admin_client.post(
        url,
        {
            "event": "refused",
            "language": "vi",
            "subject": "Hồ sơ {{ ma_ho_so }} bị từ chối",
            "body": "Lý do: {{ ly_do }} — ngày hẹn mới {{ ngay_hen_moi }}",
            "sms": "{{ ma_ho_so }}",
        },
    )
    assert response.status_code == 200
    assert "Không có trường “ngay_hen_moi”" in response.content.decode()
    row.refresh_from_db()
    assert row.subject == defaults.TEMPLATES["refused"]["vi"][0]  # nothing was saved


def test_the_admin_saves_a_good_template_and_it_is_used(admin_client):
    row = MessageTemplate.objects.get(event="refused", language="vi")
    url = reverse("admin:notifications_messagetemplate_change", args=[row.pk])
    data = {"event": "refused", "language": "vi", "subject": "Từ chối {{ ma_ho_so }}"}
    data |= {"body": "Lý do: {{ ly_do }}", "sms": "Tu choi {{ ma_ho_so }}"}
    assert admin_client.post(url, data).status_code == 302
    row.refresh_from_db()
    assert row.subject == "Từ chối {{ ma_ho_so }}"


def test_the_preview_renders_on_a_real_dossier(admin_client, unit):
    dossier = new_dossier(unit, applicant_name="Trần Thị <Bình>")
    row = MessageTemplate.objects.get(event="received", language="vi")
    url = reverse("admin:notifications_messagetemplate_preview", args=[row.pk])
    page = admin_client.get(url, {"ma": dossier.code.lower()}).content.decode()
    assert f"Hồ sơ {dossier.code} đã được tiếp nhận" in page
    assert "Trần Thị &lt;Bình&gt;" in page  # shown as text in the admin page too
    assert "Không tìm thấy hồ sơ" in admin_client.get(url, {"ma": "khong-co"}).content.decode()


def test_only_province_admins_see_messages_and_templates(client, unit, desk):
    desk.is_staff = True
    desk.save()
    client.force_login(desk)
    assert client.get(reverse("admin:notifications_messagetemplate_changelist")).status_code == 403
    assert client.get(reverse("admin:notifications_delivery_changelist")).status_code == 403
    assert client.get(reverse("admin:notifications_smsrecord_changelist")).status_code == 403
