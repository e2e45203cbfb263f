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
    assert '<html lang="vi">' in html and 'href="/ngon-ngu/en/?next=/"' in html

    response = client.get("/ngon-ngu/en/?next=/thu-tuc/%3Fq%3Dkhai%2Bsinh")

    assert response.status_code == 302 and response["Location"] == "/thu-tuc/?q=khai+sinh"
    assert response.cookies["django_language"]["max-age"] == 365 * 24 * 3600
    html = client.get("/thu-tuc/").content.decode()
    assert '<html lang="en">' in html
    assert 'href="/ngon-ngu/vi/?next=/thu-tuc/"' in html and "Tiếng Việt" in html


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_language_switcher_never_sends_the_visitor_to_another_site(client, next_url):
    response = client.get("/ngon-ngu/en/", {"next": next_url})

    assert response.status_code == 302 and response["Location"] == "/"


def test_an_unknown_language_is_not_found(client):
    assert client.get("/ngon-ngu/xx/?next=/").status_code == 404


@pytest.mark.parametrize("path", ["/", "/thu-tuc/", "/co-quan/"])
def test_pages_link_and_load_only_from_this_site(client, path):
    html = client.get(path).content.decode()

    urls = re.findall(r'(?:src|href|action)="([^"]*)"', html)
    assert urls
    assert all(url.startswith(("/", "#", "?")) and not url.startswith("//") for url in urls)
