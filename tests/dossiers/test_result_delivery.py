"""How the applicant receives the result, chosen at submission: at the desk, electronically
(level 4 only) or by post where the procedure lists the postal service, with the recipient,
phone and address. Stored on the dossier, shown wherever the dossier is shown, carried by
the API with its errors in Vietnamese."""

import json

import pytest
from django.urls import reverse

from motcua.catalog.models import Channel, Offering
from motcua.documents.forms import dossier_form_pdf
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, ResultDelivery, Status
from motcua.processing import services as processing
from tests.documents.test_forms import pdf_text
from tests.factories import ProcedureChannelFactory
from tests.processing.conftest import _fast_passwords  # noqa: F401 (officers by the dozen)
from tests.processing.factories import officer

from .conftest import pdf
from .test_api import bearer, create, submit_at_once

pytestmark = pytest.mark.django_db

APPLICANT_FIELDS = services.APPLICANT_FIELDS
ADDRESS = "12 Trần Phú, phường Nha Trang, tỉnh Khánh Hòa"
BY_POST = {
    "result_delivery": "post",
    "post_recipient": "Trần Thị Bình",
    "post_phone": "0905 123 456",
    "post_address": ADDRESS,
}


@pytest.fixture
def postal(world):
    """The procedure lists the postal service among its ways (cách thức thực hiện)."""
    ProcedureChannelFactory(procedure=world["procedure"], channel=Channel.POST)
    return world


def draft_with_files(applicant, world, **delivery):
    draft = services.start_draft(applicant, world["procedure"], world["unit"])
    for document in world["documents"][:2]:
        services.attach_file(draft.pk, applicant, document_id=document.pk, upload=pdf())
    services.save_draft(
        draft.pk, applicant, applicant={}, values={"noi_dung": "Khai sinh"}, delivery=delivery
    )
    return draft


def edit(client, dossier, **delivery):
    body = {f"nhan_kq-{name}": value for name, value in delivery.items()}
    body.update({f"nguoi_nop-{name}": getattr(dossier, name) for name in APPLICANT_FIELDS})
    body.update(noi_dung="Khai sinh", action="next")
    return client.post(reverse("dossiers:edit", args=[dossier.pk]), body)


def test_the_form_offers_only_what_the_procedure_and_level_allow(
    applicant_client, applicant, world
):
    draft = services.start_draft(applicant, world["procedure"], world["unit"])
    page = applicant_client.get(reverse("dossiers:edit", args=[draft.pk])).content.decode()
    assert "Nhận trực tiếp tại Bộ phận một cửa" in page
    assert "bưu chính công ích" not in page and "toàn trình" not in page

    ProcedureChannelFactory(procedure=world["procedure"], channel=Channel.POST)
    Offering.objects.filter(unit=world["unit"]).update(online_level=4)
    other = services.start_draft(applicant, world["procedure"], world["unit"])
    page = applicant_client.get(reverse("dossiers:edit", args=[other.pk])).content.decode()
    assert "Nhận bản giấy qua dịch vụ bưu chính công ích" in page
    assert 'value="electronic" class="form-check-input" id="id_nhan_kq-result_delivery_0"' in (
        page.replace(" checked", "")
    )


def test_by_post_needs_the_recipient_phone_and_address(applicant_client, applicant, postal):
    draft = services.start_draft(applicant, postal["procedure"], postal["unit"])
    response = edit(applicant_client, draft, result_delivery="post", post_phone="12345")
    assert response.status_code == 200  # stays on the page, errors shown
    page = response.content.decode()
    assert "Nhập “Họ và tên người nhận”." in page
    assert "Số điện thoại không hợp lệ" in page
    assert "Nhập “Địa chỉ nhận (số nhà, đường, xã/phường, tỉnh/thành phố)”." in page

    response = edit(applicant_client, draft, **BY_POST)
    assert response.status_code == 302
    kept = Dossier.objects.get(pk=draft.pk)
    assert (kept.result_delivery, kept.post_address) == ("post", ADDRESS)


def test_the_post_is_refused_where_the_procedure_does_not_list_it(applicant, world):
    draft = draft_with_files(applicant, world, **BY_POST)
    with pytest.raises(services.SubmissionInvalid) as refused:
        services.submit(draft.pk, applicant)
    assert refused.value.errors["result_delivery"] == [
        "Cách nhận kết quả này không áp dụng cho thủ tục tại nơi tiếp nhận đã chọn."
    ]


def test_the_electronic_result_is_for_level_4_only(applicant, world):
    draft = draft_with_files(applicant, world, result_delivery="electronic")
    with pytest.raises(services.SubmissionInvalid) as refused:
        services.submit(draft.pk, applicant)
    assert "result_delivery" in refused.value.errors

    Offering.objects.filter(unit=world["unit"]).update(online_level=4)
    assert services.submit(draft.pk, applicant).result_delivery == ResultDelivery.ELECTRONIC


def test_not_chosen_a_level_3_dossier_is_collected_at_the_desk(applicant, world):
    submitted = services.submit(draft_with_files(applicant, world).pk, applicant)
    assert submitted.result_delivery == ResultDelivery.DESK


def test_the_postal_choice_is_stored_and_shown_everywhere(applicant_client, applicant, postal):
    submitted = services.submit(draft_with_files(applicant, postal, **BY_POST).pk, applicant)
    dossier = Dossier.objects.get(pk=submitted.pk)
    assert (dossier.result_delivery, dossier.post_recipient) == ("post", "Trần Thị Bình")
    assert dossier.post_phone == "0905123456"

    for page in ("confirmation", "detail"):
        html = applicant_client.get(reverse(f"dossiers:{page}", args=[dossier.pk])).content
        html = html.decode()
        assert "Nhận bản giấy qua dịch vụ bưu chính công ích" in html
        assert "Trần Thị Bình, điện thoại 0905123456" in html and ADDRESS in html
    mine = applicant_client.get(reverse("dossiers:mine")).content.decode()
    assert "Nhận kết quả: Nhận bản giấy qua dịch vụ bưu chính công ích" in mine

    text = pdf_text(dossier_form_pdf("xac-nhan", dossier))
    assert (
        f"nhận kết quả tại: qua dịch vụ bưu chính công ích – Trần Thị Bình, 0905123456, {ADDRESS}"
        in text
    )


def test_the_receipt_mau_01_says_where_the_result_goes(postal, applicant):
    submitted = services.submit(draft_with_files(applicant, postal, **BY_POST).pk, applicant)
    processing.receive(submitted.pk, actor=officer(postal["unit"], "desk_officer"))
    text = pdf_text(dossier_form_pdf("mau-01", Dossier.objects.get(pk=submitted.pk)))
    assert "6. Đăng ký nhận kết quả tại: qua dịch vụ bưu chính công ích – Trần Thị Bình" in text


def test_the_staff_page_shows_the_address_and_the_posting_form(client, postal, applicant):
    submitted = services.submit(draft_with_files(applicant, postal, **BY_POST).pk, applicant)
    desk = officer(postal["unit"], "desk_officer", "specialist", "leader")
    processing.receive(submitted.pk, actor=desk)
    processing.complete_step(submitted.pk, actor=desk)
    processing.complete_step(submitted.pk, actor=desk)
    client.force_login(desk)
    page = client.get(f"/can-bo/ho-so/{submitted.pk}/").content.decode()
    assert "Trần Thị Bình, điện thoại 0905123456" in page and ADDRESS in page
    assert 'name="tracking_number"' in page and "Gửi qua bưu chính" in page

    refused = client.post(
        f"/can-bo/ho-so/{submitted.pk}/thao-tac/send_by_post/", {"tracking_number": "12"}
    )
    assert refused.status_code == 302
    follow = client.get(refused.url).content.decode()
    assert "Mã vận đơn gồm 6 đến 30 chữ cái hoặc chữ số" in follow
    client.post(
        f"/can-bo/ho-so/{submitted.pk}/thao-tac/send_by_post/", {"tracking_number": "EB123456789VN"}
    )
    assert Dossier.objects.get(pk=submitted.pk).status == Status.RETURNED

    client.force_login(applicant)
    for url in (reverse("dossiers:detail", args=[submitted.pk]), reverse("dossiers:mine")):
        html = client.get(url).content.decode()
        assert "EB123456789VN" in html


# --- API ---------------------------------------------------------------------------------


def test_api_round_trip_of_the_postal_choice(client, applicant, postal):
    auth = bearer(applicant)
    delivery = {
        "method": "post",
        "recipient": "Trần Thị Bình",
        "phone": "0905123456",
        "address": ADDRESS,
    }
    draft = create(client, auth, postal, delivery=delivery).json()
    assert draft["delivery"] == {
        "method": "post",
        "method_label": "Nhận bản giấy qua dịch vụ bưu chính công ích",
        "recipient": "Trần Thị Bình",
        "phone": "0905123456",
        "address": ADDRESS,
        "tracking_number": "",
    }
    response = submit_at_once(client, auth, postal, delivery=delivery)
    assert response.status_code == 201, response.content
    detail = client.get(f"/api/v1/dossiers/{response.json()['id']}", **auth).json()
    assert detail["delivery"]["method"] == "post" and detail["delivery"]["address"] == ADDRESS


@pytest.mark.parametrize(
    ("delivery", "field", "message"),
    [
        ({"method": "post"}, "post_recipient", "Nhập “Họ và tên người nhận”."),
        (
            {"method": "post", "recipient": "Bình", "phone": "abc", "address": ADDRESS},
            "post_phone",
            "Số điện thoại không hợp lệ",
        ),
        (
            {"method": "electronic"},
            "result_delivery",
            "Cách nhận kết quả này không áp dụng cho thủ tục tại nơi tiếp nhận đã chọn.",
        ),
        (
            {"method": "bay"},
            "result_delivery",
            "Cách nhận kết quả này không áp dụng cho thủ tục tại nơi tiếp nhận đã chọn.",
        ),
    ],
)
def test_api_refuses_a_bad_choice_with_422_in_vietnamese(
    client, applicant, postal, delivery, field, message
):
    response = submit_at_once(client, bearer(applicant), postal, delivery=delivery)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert any(e["field"] == field and e["message"].startswith(message) for e in errors), errors
    assert not Dossier.objects.exclude(status=Status.DRAFT).exists()


def test_api_without_a_choice_keeps_working(client, applicant, world):
    response = submit_at_once(client, bearer(applicant), world)
    assert response.status_code == 201
    assert json.loads(response.content)["status"] == Status.NEW
    assert Dossier.objects.get().result_delivery == ResultDelivery.DESK
