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


@pytest.mark.django_db
def test_api_clients_choose_their_language_with_accept_language(client):
    url = "/api/v1/procedures/KHONG-CO"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    vietnamese = client.get(url)
    assert english["Content-Language"] == "en" and "No procedure found" in english.json()["detail"]
    assert (
        vietnamese["Content-Language"] == "vi" and "Không tìm thấy" in vietnamese.json()["detail"]
    )
    client.cookies["django_language"] = "vi"  # the switcher's choice comes first
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "vi"
