import re

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


def test_header_has_navigation_skip_link_and_login(client):
    html = client.get("/thu-tuc/").content.decode()

    assert 'href="#main"' in html and 'id="main"' in html
    for path in ["/", "/thu-tuc/", "/co-quan/", "/tra-cuu/", "/tai-khoan/login/"]:
        assert f'href="{path}"' in html
    assert 'href="/thu-tuc/" aria-current="page"' in html
    assert "/tai-khoan/logout/" not in html


def test_logged_in_user_sees_their_dossiers_and_a_logout_form(client, settings):
    settings.AXES_ENABLED = False  # login lockout is not what this test is about
    client.force_login(User.objects.create_user("an", password="x"))

    html = client.get("/").content.decode()

    assert 'href="/ho-so/"' in html and "Hồ sơ của tôi" in html
    assert 'action="/tai-khoan/logout/" method="post"' in html
    assert "/tai-khoan/login/" not in html


def test_language_switcher_turns_the_site_to_english(client):
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html and 'action="/i18n/setlang/"' in html

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/thu-tuc/"})

    assert response.status_code == 302 and response["Location"] == "/thu-tuc/"
    html = client.get("/thu-tuc/").content.decode()
    assert '<html lang="en">' in html
    assert 'value="vi"' in html and "Tiếng Việt" in html


@pytest.mark.parametrize("path", ["/", "/thu-tuc/", "/co-quan/"])
def test_pages_link_and_load_only_from_this_site(client, path):
    html = client.get(path).content.decode()

    urls = re.findall(r'(?:src|href|action)="([^"]*)"', html)
    assert urls
    assert all(url.startswith(("/", "#", "?")) and not url.startswith("//") for url in urls)
