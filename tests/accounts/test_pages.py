"""Every account page renders in Vietnamese inside the site layout, for the visitor it is for."""

import pytest

from motcua.accounts import services
from tests.accounts.factories import ApplicantProfileFactory, UserFactory

ANONYMOUS_PAGES = {
    "/tai-khoan/login/": "Đăng nhập",
    "/tai-khoan/signup/": "Đăng ký tài khoản",
    "/tai-khoan/password/reset/": "Đặt lại mật khẩu",
    "/tai-khoan/password/reset/done/": "Vui lòng kiểm tra hộp thư",
    "/tai-khoan/password/reset/key/1-khong-hop-le/": "Liên kết đặt lại mật khẩu không hợp lệ",
    "/tai-khoan/confirm-email/khong-hop-le/": "Liên kết xác thực đã hết hạn",
    "/tai-khoan/inactive/": "Tài khoản đang bị khóa",
}
LOGGED_IN_PAGES = {
    "/tai-khoan/ho-so-ca-nhan/": "Thông tin cá nhân",
    "/tai-khoan/email/": "Địa chỉ email",
    "/tai-khoan/password/change/": "Đổi mật khẩu",
    "/tai-khoan/logout/": "Bạn có chắc muốn đăng xuất?",
}


def assert_site_page(response, text: str) -> None:
    page = response.content.decode()
    assert response.status_code == 200
    assert text in page
    assert '<html lang="vi">' in page and "vendor/bootstrap" in page


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "text"), ANONYMOUS_PAGES.items())
def test_pages_for_visitors(client, url, text):
    assert_site_page(client.get(url, follow=True), text)


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "text"), LOGGED_IN_PAGES.items())
def test_pages_for_applicants(client, url, text):
    client.force_login(ApplicantProfileFactory().user)
    assert_site_page(client.get(url), text)


@pytest.mark.django_db
def test_the_profile_page_lists_tokens_without_a_query_per_token(
    client, django_assert_max_num_queries
):
    user = UserFactory()
    for number in range(5):
        services.create_api_token(user, f"Khóa {number}")
    client.force_login(user)
    with django_assert_max_num_queries(8):
        response = client.get("/tai-khoan/ho-so-ca-nhan/")
    assert response.content.decode().count("/thu-hoi/") == 5
