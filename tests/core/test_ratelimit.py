import hashlib

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from motcua.core import ratelimit
from motcua.core.ratelimit import Rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """A settable clock, starting at the beginning of a minute."""

    class Clock:
        now = 1_800_000_000.0  # a multiple of 60

    monkeypatch.setattr(ratelimit.time, "time", lambda: Clock.now)
    return Clock


@pytest.fixture
def three_per_minute(settings):
    settings.MOTCUA_RATE_LIMITS = {"lookup": "3/minute"}


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("60/minute", Rate(60, 60)),
        ("5/10m", Rate(5, 600)),
        ("1000/day", Rate(1000, 86400)),
        (" 2 / h ", Rate(2, 3600)),
        ("10/s", Rate(10, 1)),
    ],
)
def test_parses_rates(text, rate):
    assert ratelimit.parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "60", "60/fortnight", "x/minute", "5/0m", "-1/minute"])
def test_a_malformed_rate_is_a_configuration_error(text):
    with pytest.raises(ImproperlyConfigured):
        ratelimit.parse_rate(text)


@pytest.mark.usefixtures("three_per_minute")
def test_allows_the_limit_then_refuses_until_the_window_ends(clock):
    decisions = [ratelimit.hit("lookup", "203.0.113.7") for _ in range(4)]

    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert decisions[-1].count == 4
    assert decisions[-1].retry_after == 60

    clock.now += 45
    assert not ratelimit.hit("lookup", "203.0.113.7").allowed
    assert ratelimit.hit("lookup", "203.0.113.7").retry_after == 15

    clock.now += 15
    assert ratelimit.hit("lookup", "203.0.113.7").allowed


@pytest.mark.usefixtures("three_per_minute")
def test_counts_each_client_and_scope_apart(clock, settings):
    settings.MOTCUA_RATE_LIMITS = {"lookup": "1/minute", "api": "1/minute"}

    assert ratelimit.hit("lookup", "203.0.113.7").allowed
    assert not ratelimit.hit("lookup", "203.0.113.7").allowed
    assert ratelimit.hit("lookup", "203.0.113.8").allowed
    assert ratelimit.hit("api", "203.0.113.7").allowed


def test_a_scope_without_a_limit_is_never_refused(settings):
    settings.MOTCUA_RATE_LIMITS = {}

    assert all(ratelimit.hit("lookup", "203.0.113.7").allowed for _ in range(50))


@pytest.mark.usefixtures("three_per_minute")
def test_a_broken_cache_lets_requests_through(monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(ratelimit, "_increment", unreachable)

    assert ratelimit.hit("lookup", "203.0.113.7").allowed


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.2"),  # no proxy: a client's header is not believed
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client forged the first hop
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (1, "", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, proxies, forwarded, expected):
    settings.MOTCUA_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert ratelimit.client_ip(request) == expected


def test_client_ip_of_a_request_without_an_address_is_empty():
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]

    assert ratelimit.client_ip(request) == ""


@pytest.mark.usefixtures("three_per_minute")
def test_on_redis_the_window_counts_and_expires_with_its_period(clock, redis_cache):
    decisions = [ratelimit.hit("lookup", "203.0.113.9") for _ in range(4)]

    assert [d.count for d in decisions] == [1, 2, 3, 4]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    window = int(clock.now) // 60
    key = redis_cache.make_and_validate_key(
        f"ratelimit:lookup:{window}:{hashlib.sha256(b'203.0.113.9').hexdigest()[:32]}"
    )
    ttl = redis_cache._cache.get_client(key).ttl(key)
    assert 0 < ttl <= 61
    clock.now += 60
    assert ratelimit.hit("lookup", "203.0.113.9").count == 1
