import pytest


@pytest.mark.django_db
def test_home_page_is_served_in_vietnamese(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Cổng dịch vụ công" in response.content.decode()
