import uuid

import pytest
from django.core.cache import caches

from motcua.core import calendar
from tests.desk.conftest import api_client  # noqa: F401  (fixtures for the audit tests)
from tests.processing.conftest import _fast_passwords, desk, unit  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_calendar_overrides():
    """A test's overrides vanish with its rolled-back transaction: let no process keep them."""
    calendar.forget_overrides()
    yield
    calendar.forget_overrides()


@pytest.fixture
def redis_cache(settings):
    """The production layout: the shared cache in Redis (tests/scale's server), own prefix."""
    from tests.scale.conftest import REDIS_URL

    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "motcua.core.cache.SharedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"cache-test-{uuid.uuid4().hex}",
        },
    }
    yield caches["default"]
    caches["default"].clear()
