"""What the applicant sees of a submitted dossier: the receipt to print, a copy button beside
the code, no appointment once there is no result to return, and a lookup by any case."""

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import ApplicantProfile
from motcua.catalog.models import ProcedureChannel, RequiredDocument
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


def test_a_finished_dossier_says_what_to_bring_where_and_when(applicant, world):
    ProcedureChannel.objects.filter(procedure=world["procedure"]).update(fee_vnd=1500000)
    RequiredDocument.objects.filter(pk=world["documents"][1].pk).update(originals=1)
    world["unit"].address = "1 Lê Thánh Tôn, Nha Trang"
    world["unit"].phone = "0258 3822 222"
    world["unit"].opening_hours = "Thứ Hai – Thứ Bảy, 07:00–11:30"
    world["unit"].save()
    draft = services.start_draft(applicant, world["procedure"], world["unit"])
    for document in world["documents"][:2]:
        services.attach_file(draft.pk, applicant, document_id=document.pk, upload=pdf())
    services.save_draft(draft.pk, applicant, applicant={}, values={"noi_dung": "Khai sinh"})
    dossier = services.submit(draft.pk, applicant)
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.DONE)
    client = Client()
    client.force_login(applicant)

    page = client.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()

    assert "Khi đến nhận kết quả, vui lòng mang theo:" in page
    assert "Căn cước (CCCD)" in page
    assert "Bản chính để đối chiếu: Tờ khai" in page  # the factory's documents have originals
    assert "Bản chính để đối chiếu: Giấy chứng sinh" in page
    assert "Giấy tờ khác" not in page.split("collection-title")[1].split("</section>")[0]
    assert "Phí, lệ phí: 1.500.000 đ" in page
    assert "1 Lê Thánh Tôn, Nha Trang" in page and "0258 3822 222" in page
    assert "Thứ Hai – Thứ Bảy, 07:00–11:30" in page


def test_a_unit_page_shows_address_phone_and_hours(client, world):
    world["unit"].address = "1 Lê Thánh Tôn, Nha Trang"
    world["unit"].phone = "0258 3822 222"
    world["unit"].save()
    page = client.get(world["unit"].get_absolute_url()).content.decode()
    assert "1 Lê Thánh Tôn, Nha Trang" in page and 'href="tel:0258 3822 222"' in page
    assert "Thứ Hai – Thứ Sáu (trừ ngày nghỉ lễ), 07:00–11:30 và 13:30–17:00" in page
