"""What the applicant sees of a submitted dossier: the receipt to print, a copy button beside
the code, no appointment once there is no result to return, and a lookup by any case."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from motcua.accounts.models import ApplicantProfile
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, Status
from motcua.org.models import UnitKind
from tests.factories import OfferingFactory, UnitFactory

from .conftest import pdf

ACKNOWLEDGEMENT = "In giấy xác nhận nộp hồ sơ trực tuyến"
RECEIPT = "In giấy tiếp nhận và hẹn trả kết quả"


@pytest.fixture
def submitted(applicant, world):
    draft = services.start_draft(applicant, world["procedure"], world["unit"])
    for document in world["documents"][:2]:
        services.attach_file(draft.pk, applicant, document_id=document.pk, upload=pdf())
    services.save_draft(draft.pk, applicant, applicant={}, values={"noi_dung": "Khai sinh"})
    return services.submit(draft.pk, applicant)


@pytest.mark.parametrize("page", ["confirmation", "detail", "mine"])
def test_the_acknowledgement_is_offered_wherever_the_new_dossier_is_shown(
    applicant_client, submitted, page
):
    url = reverse(f"dossiers:{page}", args=[] if page == "mine" else [submitted.pk])
    html = applicant_client.get(url).content.decode()
    assert ACKNOWLEDGEMENT in html
    assert f"/ho-so/{submitted.pk}/bieu-mau/xac-nhan.pdf" in html


@pytest.mark.parametrize("page", ["confirmation", "detail", "mine"])
def test_the_receipt_is_offered_once_the_desk_received_the_dossier(
    applicant_client, submitted, page
):
    Dossier.objects.filter(pk=submitted.pk).update(
        status=Status.RECEIVED, received_at=submitted.submitted_at
    )
    url = reverse(f"dossiers:{page}", args=[] if page == "mine" else [submitted.pk])
    html = applicant_client.get(url).content.decode()
    assert RECEIPT in html and ACKNOWLEDGEMENT not in html
    assert f"/ho-so/{submitted.pk}/bieu-mau/mau-01.pdf" in html


@pytest.mark.parametrize("page", ["confirmation", "detail"])
def test_a_copy_button_stands_beside_the_code_and_its_script_is_a_static_file(
    applicant_client, submitted, page
):
    html = applicant_client.get(reverse(f"dossiers:{page}", args=[submitted.pk])).content.decode()
    assert 'data-copy="#dossier-code"' in html and "Sao chép mã" in html
    assert "motcua/dossiers.js" in html
    assert "<script>" not in html and "onclick" not in html


@pytest.mark.parametrize("status", [Status.NOT_RECEIVED, Status.WITHDRAWN])
def test_a_refused_or_withdrawn_dossier_shows_no_appointment(
    applicant_client, client, submitted, status
):
    Dossier.objects.filter(pk=submitted.pk).update(status=status)
    for url in (reverse("dossiers:detail", args=[submitted.pk]), reverse("dossiers:mine")):
        html = applicant_client.get(url).content.decode()
        assert "hẹn trả" not in html.lower(), url
    caches["default"].clear()
    lookup = client.post(
        reverse("dossiers:lookup"), {"ma": submitted.code, "lien_he": "0905123456"}
    )
    assert "Ngày hẹn trả" not in lookup.content.decode()


def test_a_dossier_in_progress_shows_its_appointment(applicant_client, submitted):
    html = applicant_client.get(reverse("dossiers:detail", args=[submitted.pk])).content.decode()
    assert "Ngày hẹn trả" in html


def test_a_code_typed_in_lower_case_is_found(client, submitted):
    caches["default"].clear()
    response = client.post(
        reverse("dossiers:lookup"), {"ma": f"  {submitted.code.lower()} ", "lien_he": "0905123456"}
    )
    assert response.status_code == 200
    assert submitted.code in response.content.decode()


def test_the_applicants_own_commune_is_chosen_for_them(applicant_client, applicant, world):
    home = UnitFactory(name="UBND phường Tây Nha Trang", kind=UnitKind.COMMUNE)
    OfferingFactory(unit=home, procedure=world["procedure"], online_level=3)
    url = reverse("dossiers:start", args=[world["procedure"].code])
    page = applicant_client.get(url).content.decode()
    assert "checked" not in page  # no commune in the profile: nothing is chosen for them

    ApplicantProfile.objects.filter(user=applicant).update(commune=home)
    page = applicant_client.get(url).content.decode()
    assert page.count("checked") == 1
    checked = page[: page.index("checked")].rsplit('value="', 1)[1].split('"')[0]
    assert checked == str(home.pk)
