import pytest


@pytest.fixture
def api(client):
    """GET a path of the API and return (status, JSON body)."""

    def get(path: str, **headers):
        response = client.get(f"/api{path}", headers=headers)
        assert response["Content-Type"].startswith("application/json")
        return response.status_code, response.json()

    return get


@pytest.fixture
def without_rate_limits(settings):
    """For query counts: the endpoint's own queries, not the limiter's cache bookkeeping."""
    settings.MOTCUA_RATE_LIMITS = {}
