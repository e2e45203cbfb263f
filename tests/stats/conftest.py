"""A world of one district with two communes, officers, and a clock every action reads."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.dossiers.models import DossierChannel
from motcua.processing import services
from tests.factories import UnitFactory
from tests.processing.conftest import _fast_passwords  # noqa: F401
from tests.processing.factories import new_dossier, officer

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


Q3 = (date(2026, 7, 1), date(2026, 9, 30))
Q4 = (date(2026, 10, 1), date(2026, 12, 31))


def finish(dossier, staff):
    services.complete_step(dossier.pk, actor=staff)
    return services.complete_step(dossier.pk, actor=staff)


@pytest.fixture
def story(commune, staff, clock):
    """E: Q2 → early in Q3. A: Q3 → early in Q4. B: Q3, due 1/10, late 6/10.
    C: Q3, supplement 25/9 → 7/10 (paused across the quarter's end), early 19/10.
    D: walk-in Q3, withdrawn 2/10. F: refused 30/9."""
    d = {
        name: new_dossier(commune, days=days)
        for name, days in (("E", 5), ("A", 5), ("B", 2), ("C", 10), ("F", 5))
    }
    d["D"] = new_dossier(commune, days=5, channel=DossierChannel.DIRECT)
    clock.at(2026, 6, 30, 8)
    services.receive(d["E"].pk, actor=staff)
    clock.at(2026, 7, 2, 9)
    finish(d["E"], staff)
    clock.at(2026, 9, 24, 8)
    services.receive(d["C"].pk, actor=staff)
    clock.at(2026, 9, 25, 9)
    services.request_supplement(d["C"].pk, actor=staff, missing=["Bản sao CCCD"])
    clock.at(2026, 9, 28, 8)
    services.receive(d["A"].pk, actor=staff)
    clock.at(2026, 9, 29, 8)
    services.receive(d["B"].pk, actor=staff)
    clock.at(2026, 9, 30, 9)
    services.receive(d["D"].pk, actor=staff)
    services.refuse(d["F"].pk, actor=staff, reason="Không thuộc thẩm quyền")
    clock.at(2026, 10, 2, 9)
    finish(d["A"], staff)
    services.withdraw(d["D"].pk, actor=staff, reason="Công dân xin rút")
    clock.at(2026, 10, 6, 9)
    finish(d["B"], staff)
    clock.at(2026, 10, 7, 9)
    services.resume(d["C"].pk, actor=staff)
    clock.at(2026, 10, 19, 9)
    finish(d["C"], staff)
    return d
