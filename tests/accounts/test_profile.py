from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User

from motcua.accounts.models import ApplicantKind
from motcua.accounts.selectors import has_verified_email
from tests.accounts.factories import ApplicantProfileFactory, UserFactory

PROFILE_URL = "/tai-khoan/ho-so-ca-nhan/"


def profile_data(**overrides) -> dict:
    return {
        "kind": ApplicantKind.INDIVIDUAL,
        "full_name": "Nguyễn Văn An",
        "id_number": "056085001234",
        "phone": "0905123456",
        "address_line": "12 Trần Phú",
        **overrides,
    }


@pytest.mark.django_db
def test_the_profile_page_needs_a_login(client):
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/login/?next=")


@pytest.mark.django_db
def test_a_profile_edit_with_errors_keeps_what_was_typed_and_saves_nothing(client):
    profile = ApplicantProfileFactory()
    client.force_login(profile.user)

    typed = profile_data(full_name="Nguyễn Văn Anh", id_number="12345", phone="0905 999 888")
    response = client.post(PROFILE_URL, typed)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in page and 'href="#id_id_number"' in page
    assert '<div class="invalid-feedback d-block" id="id_id_number_error">' in page
    assert 'aria-describedby="id_id_number_helptext id_id_number_error"' in page
    assert "Số CCCD gồm đúng 12 chữ số." in page
    for value in ("Nguyễn Văn Anh", "12345", "0905 999 888"):
        assert f'value="{value}"' in page
    profile.refresh_from_db()
    assert profile.full_name == "Nguyễn Văn An"


@pytest.mark.django_db
def test_a_profile_edit_saves_normalised_values_and_only_the_kinds_identifiers(client):
    profile = ApplicantProfileFactory()
    client.force_login(profile.user)

    response = client.post(
        PROFILE_URL,
        profile_data(
            kind=ApplicantKind.BUSINESS,
            full_name="Công ty TNHH Biển Xanh",
            tax_code="0100109106001",
            representative="Võ Thị Thu Hà",
            phone="+84 258 3822 123",
        ),
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.kind == ApplicantKind.BUSINESS
    assert profile.tax_code == "0100109106-001"
    assert profile.phone == "02583822123"
    assert profile.id_number == ""  # a business has no CCCD


@pytest.mark.django_db
def test_an_unverified_applicant_can_resend_the_verification_mail(client, mailbox):
    user = UserFactory(verified=False)
    client.force_login(user)
    page = client.get(PROFILE_URL).content.decode()
    assert "chưa xác thực" in page and "Gửi lại thư xác thực" in page

    response = client.post("/tai-khoan/xac-thuc-email/gui-lai/", {"next": "https://evil.example/"})
    assert response["Location"] == PROFILE_URL  # no open redirect
    again = client.post("/tai-khoan/xac-thuc-email/gui-lai/", follow=True)
    assert "Thư xác thực vừa được gửi" in again.content.decode()
    [mail] = mailbox.to(user.email)  # one mail: a cool-down stops mail bombing
    client.post(urlsplit(mailbox.first_link(mail)).path)
    assert has_verified_email(user)


@pytest.mark.django_db
def test_changing_the_email_takes_effect_once_the_new_address_is_verified(client, mailbox):
    user = UserFactory(username="nguyenvanan")
    client.force_login(user)

    client.post("/tai-khoan/email/", {"action_add": "", "email": "an.moi@example.vn"})
    user.refresh_from_db()
    assert user.email == "nguyenvanan@example.vn"

    [mail] = mailbox.to("an.moi@example.vn")
    client.post(urlsplit(mailbox.first_link(mail)).path)
    user.refresh_from_db()
    assert user.email == "an.moi@example.vn"
    assert has_verified_email(user)


@pytest.mark.django_db
def test_an_account_made_without_sign_up_can_still_verify_its_email(client, mailbox):
    user = User.objects.create_user("canbo", "canbo@example.vn", "x")  # e.g. by an admin
    client.force_login(user)
    client.post("/tai-khoan/xac-thuc-email/gui-lai/")
    [mail] = mailbox.to("canbo@example.vn")
    client.post(urlsplit(mailbox.first_link(mail)).path)
    assert has_verified_email(user)
