"""The dossier page offers what the officer can do now, and only the forms that exist."""

import pytest

from motcua.catalog.models import ProcedureChannel
from motcua.catalog.services import current_version
from motcua.processing import services
from tests.processing.factories import new_dossier

pytestmark = pytest.mark.django_db


def test_page_links_only_existing_forms_and_offers_fee_actions_only_with_a_fee(client, unit, desk):
    dossier = new_dossier(unit)
    services.receive(dossier.pk, actor=desk)
    client.force_login(desk)
    page = client.get(f"/can-bo/ho-so/{dossier.pk}/").content.decode()
    assert "Mẫu 01" in page and "Mẫu 05" in page and "Mẫu 03" not in page
    assert "Yêu cầu bổ sung" in page
    assert "nghĩa vụ tài chính" not in page
    ProcedureChannel.objects.filter(procedure=dossier.procedure).update(fee_vnd=100000)
    assert "nghĩa vụ tài chính" in client.get(f"/can-bo/ho-so/{dossier.pk}/").content.decode()


def test_a_refused_action_is_a_message_not_an_error(client, unit, desk):
    dossier = new_dossier(unit)
    client.force_login(desk)
    response = client.post(
        f"/can-bo/ho-so/{dossier.pk}/thao-tac/refuse/", {"reason": ""}, follow=True
    )
    assert response.status_code == 200
    assert "Ghi rõ lý do từ chối tiếp nhận" in response.content.decode()
    stale = client.post(
        f"/can-bo/ho-so/{dossier.pk}/thao-tac/receive/", {"version": "7"}, follow=True
    )
    assert "vừa được người khác cập nhật" in stale.content.decode()


def test_tracking_book_page_and_exports(client, unit, desk):
    dossier = new_dossier(unit, applicant_name="Võ Thị Thu Hà")
    services.receive(dossier.pk, actor=desk)
    client.force_login(desk)
    page = client.get("/can-bo/so-theo-doi/").content.decode()
    assert dossier.code in page and "Võ Thị Thu Hà" in page
    xlsx = client.get("/can-bo/so-theo-doi/", {"dinh_dang": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_form_values_show_their_labels_and_typed_html_as_text(client, unit, desk):
    dossier = new_dossier(unit, values={"noi_dung": "<b>Xin cấp</b> bản sao"})
    dossier.procedure_version = current_version(dossier.procedure)
    dossier.save()
    client.force_login(desk)
    page = client.get(f"/can-bo/ho-so/{dossier.pk}/").content.decode()
    assert "Nội dung yêu cầu" in page
    assert "&lt;b&gt;Xin cấp&lt;/b&gt; bản sao" in page
