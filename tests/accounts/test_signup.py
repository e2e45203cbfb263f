import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from motcua.accounts.models import ApplicantKind
from motcua.accounts.selectors import has_verified_email
from motcua.org.models import UnitKind
from tests.factories import UnitFactory

SIGNUP_URL = "/tai-khoan/signup/"
PASSWORD = "Nha-Trang-bien-xanh-2026"

KIND_FIELDS = {
    ApplicantKind.INDIVIDUAL: {"full_name": "Lê Thị Hồng", "id_number": "056190004321"},
    ApplicantKind.ORGANISATION: {
        "full_name": "Hội Nông dân huyện Vạn Ninh",
        "representative": "Phạm Văn Dũng",
    },
    ApplicantKind.BUSINESS: {
        "full_name": "Công ty TNHH Biển Xanh",
        "tax_code": "4201315783",
        "representative": "Võ Thị Thu Hà",
    },
}


def signup_data(kind: str, email: str, **overrides) -> dict:
    return {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "kind": kind,
        "phone": "+84 905 123 456",
        "address_line": "12 Trần Phú",
        **KIND_FIELDS[kind],
        **overrides,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(KIND_FIELDS))
def test_signup_sends_a_verification_mail_whose_link_verifies_the_email(client, mailbox, kind):
    email = f"{kind}@example.vn"
    response = client.post(SIGNUP_URL, signup_data(kind, email))
    assert response.status_code == 302

    user = User.objects.get(email=email)
    profile = user.applicant_profile
    assert profile.kind == kind
    assert profile.phone == "0905123456"
    assert profile.full_name == KIND_FIELDS[kind]["full_name"]
    assert not has_verified_email(user)

    [mail] = mailbox.to(email)
    assert mail["Subject"] == "Xác thực địa chỉ email của bạn"
    link = mailbox.first_link(mail)
    assert link.startswith(f"{settings.MOTCUA_SITE_URL}/tai-khoan/")  # not the request's host
    assert str(settings.MOTCUA_SITE_NAME) in mailbox.text_body(mail)
    confirm_page = client.get(urlsplit(link).path)
    assert confirm_page.status_code == 200
    assert email in confirm_page.content.decode()
    client.post(urlsplit(link).path)
    assert has_verified_email(user)


@pytest.mark.django_db
def test_signup_keeps_everything_typed_and_lists_the_errors_on_top(client, mailbox):
    data = signup_data(ApplicantKind.BUSINESS, "dn@example.vn", tax_code="4201315784", phone="0123")
    response = client.post(SIGNUP_URL, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert 'href="#id_tax_code"' in page and 'href="#id_phone"' in page
    assert "chữ số kiểm tra không đúng" in page
    for typed in ("dn@example.vn", "4201315784", "Công ty TNHH Biển Xanh", "Võ Thị Thu Hà"):
        assert typed in page
    assert re.search(r'<input type="radio" name="kind" value="business"[^>]* checked', page)
    assert not User.objects.filter(email="dn@example.vn").exists()
    assert len(mailbox) == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "missing"),
    [
        (ApplicantKind.INDIVIDUAL, "id_number"),
        (ApplicantKind.ORGANISATION, "representative"),
        (ApplicantKind.BUSINESS, "tax_code"),
    ],
)
def test_each_kind_requires_its_own_identifier(client, kind, missing):
    response = client.post(SIGNUP_URL, signup_data(kind, "x@example.vn", **{missing: ""}))
    assert response.status_code == 200
    assert f'href="#id_{missing}"' in response.content.decode()


@pytest.mark.django_db
def test_an_address_must_be_a_branch_of_the_unit_tree(client):
    province = UnitFactory(kind=UnitKind.PROVINCE, name="Tỉnh Khánh Hòa")
    district = UnitFactory(kind=UnitKind.DISTRICT, parent=province, name="Thành phố Nha Trang")
    commune = UnitFactory(kind=UnitKind.COMMUNE, parent=district, name="Phường Lộc Thọ")
    elsewhere = UnitFactory(kind=UnitKind.DISTRICT, parent=UnitFactory(kind=UnitKind.PROVINCE))
    data = signup_data(ApplicantKind.INDIVIDUAL, "an@example.vn", province=province.pk)

    wrong = client.post(SIGNUP_URL, {**data, "district": elsewhere.pk})
    assert 'href="#id_district"' in wrong.content.decode()

    right = client.post(SIGNUP_URL, {**data, "district": district.pk, "commune": commune.pk})
    assert right.status_code == 302
    profile = User.objects.get(email="an@example.vn").applicant_profile
    assert (profile.province, profile.district, profile.commune) == (province, district, commune)
    assert (
        profile.full_address == "12 Trần Phú, Phường Lộc Thọ, Thành phố Nha Trang, Tỉnh Khánh Hòa"
    )


@pytest.mark.django_db
def test_the_address_lists_follow_the_chosen_province(client):
    province = UnitFactory(kind=UnitKind.PROVINCE, name="Tỉnh Khánh Hòa")
    district = UnitFactory(kind=UnitKind.DISTRICT, parent=province, name="Thị xã Ninh Hòa")
    UnitFactory(kind=UnitKind.COMMUNE, parent=district, name="Phường Ninh Hiệp")

    districts = client.get("/tai-khoan/don-vi-hanh-chinh/", {"province": province.pk})
    assert "Thị xã Ninh Hòa" in districts.content.decode()
    assert "Phường Ninh Hiệp" not in districts.content.decode()

    communes = client.get(
        "/tai-khoan/don-vi-hanh-chinh/", {"province": province.pk, "district": district.pk}
    )
    assert "Phường Ninh Hiệp" in communes.content.decode()

    for nonsense in ({"province": "abc"}, {"province": "9" * 30, "district": "-1"}):
        assert client.get("/tai-khoan/don-vi-hanh-chinh/", nonsense).status_code == 200


@pytest.mark.django_db
def test_without_javascript_the_refresh_button_reloads_the_lists_and_keeps_the_input(client):
    province = UnitFactory(kind=UnitKind.PROVINCE, name="Tỉnh Khánh Hòa")
    UnitFactory(kind=UnitKind.DISTRICT, parent=province, name="Huyện Diên Khánh")
    data = signup_data(ApplicantKind.INDIVIDUAL, "an@example.vn", province=province.pk)

    response = client.post(SIGNUP_URL, {**data, "_units": "1"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Huyện Diên Khánh" in page and "an@example.vn" in page
    assert 'id="error-summary"' not in page
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "9" * 30, "-1", "1.5"])
def test_a_nonsense_unit_gets_a_message_not_an_error_page(client, value):
    data = signup_data(ApplicantKind.INDIVIDUAL, "an@example.vn", province=value, commune=value)
    response = client.post(SIGNUP_URL, data)
    assert response.status_code == 200
    assert 'href="#id_province"' in response.content.decode()
