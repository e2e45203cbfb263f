import threading

import pytest

pytestmark = pytest.mark.django_db


def test_the_shared_cache_on_redis_keeps_values_and_counters(redis_cache):
    redis_cache.set("procedure:1", {"name": "Đăng ký khai sinh"}, 60)
    redis_cache.set("online", 1, 60)
    redis_cache.incr("online")

    assert redis_cache.get("procedure:1") == {"name": "Đăng ký khai sinh"}
    assert redis_cache.get("online") == 2
    assert redis_cache.get_many(["procedure:1", "missing"]) == {
        "procedure:1": {"name": "Đăng ký khai sinh"}
    }
    redis_cache.delete("procedure:1")
    assert redis_cache.get("procedure:1", "gone") == "gone"


def test_one_redis_client_serves_every_call_and_is_safe_to_share_between_threads(redis_cache):
    backend = redis_cache._cache
    assert backend.get_client("a") is backend.get_client("b", write=True)

    def count():
        for _ in range(50):
            redis_cache.incr("hits")

    redis_cache.set("hits", 0, 60)
    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert redis_cache.get("hits") == 200
