"""The whole demo load on the real shared data (about 30 s on SQLite): the seed's figures
hold exactly, and a second run is a cheap no-op."""

import time

import pytest
from django.db.models import Count, Q

from motcua.catalog.models import OnlineLevel
from motcua.catalog.selectors import catalogue_stats
from motcua.demo.catalogue import load_catalogue
from motcua.demo.units import load_units
from motcua.org.models import Unit, UnitKind

pytestmark = pytest.mark.django_db(transaction=False)


def test_full_demo_load_matches_the_seed():
    load_units()
    load_catalogue()

    stats = catalogue_stats()
    assert stats["procedures_online"] == 473
    assert (stats["departments"], stats["districts"]) == (16, 8)
    assert 5 <= stats["full_online"] <= 15
    communes = Unit.objects.filter(kind=UnitKind.COMMUNE)
    assert communes.count() == 129
    online_at_communes = communes.annotate(
        online=Count("offerings", filter=Q(offerings__online_level__gte=OnlineLevel.PARTIAL))
    )
    assert min(commune.online for commune in online_at_communes) > 10
    started = time.monotonic()
    assert "bỏ qua" in load_units()
    assert "bỏ qua" in load_catalogue()
    assert time.monotonic() - started < 1
