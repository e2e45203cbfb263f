"""Read queries of the public portal (catalogue reads come from motcua.catalog.selectors)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, F, QuerySet

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import catalogue_cached, search_procedures, units_of_kind
from motcua.org.models import Unit, UnitKind

from .models import SiteCounter, VisitorPresence
from .services import VISITS_COUNTER


def online_visitor_count(now: datetime) -> int:
    """Distinct visitors seen within MOTCUA_ONLINE_WINDOW_SECONDS."""
    since = now - timedelta(seconds=settings.MOTCUA_ONLINE_WINDOW_SECONDS)
    return VisitorPresence.objects.filter(last_seen__gte=since).count()


def visit_count() -> int:
    value = SiteCounter.objects.filter(name=VISITS_COUNTER).values_list("value", flat=True)
    return value.first() or 0


@dataclass
class UnitDirectory:
    """Units for the public pages; communes grouped under their district (or the province
    itself, for communes directly under it since the two-level reform)."""

    departments: list[Unit] = field(default_factory=list)
    districts: list[Unit] = field(default_factory=list)
    communes_by_parent: dict[int | None, list[Unit]] = field(default_factory=dict)

    @property
    def communes_without_district(self) -> list[Unit]:
        district_ids = {district.pk for district in self.districts}
        return [
            commune
            for parent_id, communes in self.communes_by_parent.items()
            if parent_id not in district_ids
            for commune in communes
        ]


def unit_directory() -> UnitDirectory:
    """Every active unit with its number of procedures (one query, then the shared cache)."""
    return catalogue_cached("unit_directory", _unit_directory)


def _unit_directory() -> UnitDirectory:
    directory = UnitDirectory()
    units = units_of_kind().annotate(procedure_count=Count("offerings"))
    for unit in units:
        if unit.kind == UnitKind.DEPARTMENT:
            directory.departments.append(unit)
        elif unit.kind == UnitKind.DISTRICT:
            directory.districts.append(unit)
        elif unit.kind == UnitKind.COMMUNE:
            directory.communes_by_parent.setdefault(unit.parent_id, []).append(unit)
    for district in directory.districts:
        district.communes = directory.communes_by_parent.get(district.pk, [])
    return directory


def public_unit(unit_id: int) -> Unit:
    """An active unit with its parent; raises Unit.DoesNotExist."""
    return units_of_kind().get(pk=unit_id)


def unit_procedures(unit_id: int, q: str | None = None) -> QuerySet[Procedure]:
    """The procedures a unit offers, each annotated with `unit_level`: the online level at
    which this unit offers it (the same join as the unit filter, so one row per procedure)."""
    return search_procedures(q, unit_id=unit_id).annotate(unit_level=F("offerings__online_level"))


def unit_children(unit: Unit) -> QuerySet[Unit]:
    """The active units directly under `unit` (communes of a district)."""
    return Unit.objects.filter(parent=unit, is_active=True).order_by("sort_order", "name")
