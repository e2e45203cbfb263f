import pytest

pytestmark = pytest.mark.django_db


def test_too_many_requests_get_a_429_with_retry_after(client, settings):
    settings.MOTCUA_RATE_LIMITS = {"api": "2/minute"}

    statuses = [client.get("/api/v1/stats/catalogue").status_code for _ in range(3)]
    refused = client.get("/api/v1/units")

    assert statuses == [200, 200, 429]
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/json")
    assert refused.json()["detail"].startswith("Bạn đã gửi quá nhiều yêu cầu.")
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_the_limit_is_per_client_address(client, settings):
    settings.MOTCUA_RATE_LIMITS = {"api": "1/minute"}

    first = client.get("/api/v1/units", REMOTE_ADDR="198.51.100.1")
    same = client.get("/api/v1/units", REMOTE_ADDR="198.51.100.1")
    other = client.get("/api/v1/units", REMOTE_ADDR="198.51.100.2")

    assert (first.status_code, same.status_code, other.status_code) == (200, 429, 200)
