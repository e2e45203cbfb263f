import pytest


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_first(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"


@pytest.mark.django_db
def test_the_switcher_turns_the_site_english(client):
    client.get("/ngon-ngu/en/?next=/")
    response = client.get("/")
    assert response["Content-Language"] == "en"


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_vietnamese(client):
    client.cookies["django_language"] = "xx"
    assert client.get("/")["Content-Language"] == "vi"
