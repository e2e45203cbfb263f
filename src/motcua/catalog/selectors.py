"""Read queries of the catalogue. Search is accent-, case- and word-order-insensitive:
every folded word of the query must occur in the procedure's folded search text."""

from django.db.models import Count, Prefetch, QuerySet

from motcua.core.text import search_words
from motcua.org.models import Unit, UnitKind

from .models import (
    ONLINE_SUBMISSION_LEVEL,
    Field,
    Offering,
    Procedure,
)


def search_procedures(
    q: str | None = None,
    *,
    field_id: int | None = None,
    unit_id: int | None = None,
    min_level: int | None = None,
) -> QuerySet[Procedure]:
    """Procedures matching the query and filters, with their field joined (no per-row queries)."""
    qs = Procedure.objects.select_related("field")
    for word in search_words(q):
        qs = qs.filter(search_text__contains=word)
    if field_id:
        qs = qs.filter(field_id=field_id)
    if unit_id:
        qs = qs.filter(offerings__unit_id=unit_id)
    if min_level:
        qs = qs.filter(max_online_level__gte=min_level)
    return qs.order_by("name", "code")


def procedure_detail(code: str) -> Procedure:
    """One procedure with documents, channels and offering units prefetched; raises DoesNotExist."""
    offerings = Offering.objects.select_related("unit").order_by("unit__sort_order", "unit__name")
    return (
        Procedure.objects.select_related("field")
        .prefetch_related("documents", "channels", Prefetch("offerings", queryset=offerings))
        .get(code=code)
    )


def fields_with_counts() -> QuerySet[Field]:
    return Field.objects.annotate(procedure_count=Count("procedures")).order_by("name")


def units_of_kind(kind: str | None = None) -> QuerySet[Unit]:
    qs = Unit.objects.filter(is_active=True).select_related("parent")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "sort_order", "name")


def catalogue_stats() -> dict[str, int]:
    """The headline figures, computed from the data (never typed in)."""
    online = Offering.objects.filter(
        online_level__gte=ONLINE_SUBMISSION_LEVEL,
        unit__kind__in=[UnitKind.DEPARTMENT, UnitKind.DISTRICT],
    )
    counts = dict(
        Unit.objects.filter(is_active=True)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return {
        "procedures_online": online.values("procedure_id").distinct().count(),
        "procedures": Procedure.objects.count(),
        "departments": counts.get(UnitKind.DEPARTMENT, 0),
        "districts": counts.get(UnitKind.DISTRICT, 0),
        "communes": counts.get(UnitKind.COMMUNE, 0),
        "full_online": Procedure.objects.filter(max_online_level=4).count(),
    }
