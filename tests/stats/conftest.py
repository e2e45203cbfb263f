"""A world of one district with two communes, officers, and a clock every action reads."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.processing import services
from tests.factories import UnitFactory
from tests.processing.conftest import _fast_passwords  # noqa: F401
from tests.processing.factories import officer

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def clock(monkeypatch):
    """clock.at(2026, 9, 28, 8): every action (and every timestamp) happens then."""

    class Clock:
        def at(self, *parts):
            moment = datetime(*parts, tzinfo=VN)
            monkeypatch.setattr(services, "now", lambda: moment)
            monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
            return moment

    return Clock()


@pytest.fixture
def district():
    return UnitFactory(name="UBND huyện Vạn Ninh", kind="district")


@pytest.fixture
def commune(district):
    return UnitFactory(name="UBND xã Vạn Thắng", kind="commune", parent=district)


@pytest.fixture
def other_commune(district):
    return UnitFactory(name="UBND xã Vạn Long", kind="commune", parent=district)


@pytest.fixture
def staff(commune):
    """One officer holding every working role in the commune."""
    return officer(commune, "desk_officer", "specialist", "leader")
