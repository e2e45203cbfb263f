import pytest

from tests.factories import UnitFactory

from .factories import officer


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
