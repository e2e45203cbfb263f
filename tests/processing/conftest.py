"""Officers of one unit; tests/desk and tests/e2e import these fixtures too."""

import pytest

from tests.factories import UnitFactory

from .factories import officer

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Officers are created by the dozen: a real password hash costs ~1 s each."""
    settings.PASSWORD_HASHERS = FAST_HASHER


@pytest.fixture
def unit():
    return UnitFactory(name="Sở Tư pháp")


@pytest.fixture
def desk(unit):
    return officer(unit, "desk_officer", username="motcua")


@pytest.fixture
def specialist(unit):
    return officer(unit, "specialist", username="chuyenvien")


@pytest.fixture
def leader(unit):
    return officer(unit, "leader", username="lanhdao")
