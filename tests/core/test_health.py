import pytest


@pytest.mark.django_db
def test_a_healthy_node_says_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True, "cache": True}}


@pytest.mark.django_db
def test_a_node_that_cannot_reach_its_shared_cache_answers_503(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "motcua.core.cache.SharedRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "cache": False}
