"""The applicant downloads their own receipt; nobody else's; officers' admin edits routes."""

import pytest

from motcua.processing import services
from tests.accounts.factories import UserFactory
from tests.processing.factories import new_dossier

pytestmark = pytest.mark.django_db


def test_applicant_downloads_their_receipt_and_no_one_elses(client, unit, desk):
    dossier = new_dossier(unit)
    path = f"/ho-so/{dossier.pk}/bieu-mau/mau-01.pdf"
    client.force_login(dossier.applicant)
    assert client.get(path).status_code == 404  # not received yet: no receipt
    services.receive(dossier.pk, actor=desk)
    response = client.get(path)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.force_login(UserFactory())
    assert client.get(path).status_code == 404
    assert client.get(f"/ho-so/{dossier.pk}/bieu-mau/mau-99.pdf").status_code == 404


def test_route_is_edited_in_the_admin_with_its_steps(admin_client):
    page = admin_client.get("/quan-tri/processing/route/add/")
    assert page.status_code == 200
    assert "steps-TOTAL_FORMS" in page.content.decode()
